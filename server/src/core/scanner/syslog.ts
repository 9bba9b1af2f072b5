/**
 * The syslog prefix shared by the Unix MTA formats: `<timestamp> <host> <program>[<pid>]: <message>`
 * with a classic (`Nov 24 12:57:28`) or RFC 3339 (`2024-01-01T10:00:00.123456+00:00`) timestamp.
 * The prefix is found from the first ": " of the line backwards (program, then host), so lines
 * quoted after some text (`log 1 pass = Nov 24 ...` in rule test files) are read too. No regular
 * expressions and no allocation on the classify path.
 */
import type { LineToken } from './tokens';
import { isDigit } from './chars';

export interface SyslogParts {
  /** start of the host name (== tagStart when the line has no host) */
  hostStart: number;
  /** start of the program name ("postfix/smtpd") */
  tagStart: number;
  /** end of the program name (the "[" of the pid, or the ":") */
  progEnd: number;
  /** end of the tag: just after "]" of the pid, or == progEnd */
  tagEnd: number;
  /** offset of the message text (after ": ") */
  msg: number;
  /**
   * The last search for ": " in a whole document (the classify pass): the text, where the search
   * started and what it found (its length when nothing). The lines come in order, so a search that
   * ran past the end of a line without ": " is not repeated for the next ones: the document is searched
   * at most once.
   */
  seen?: { text: string; from: number; at: number };
}

export function newSyslogParts(): SyslogParts { return { hostStart: 0, tagStart: 0, progEnd: 0, tagEnd: 0, msg: 0 }; }

/**
 * The first ": " at or after `from` and before `limit`, or -1. Found by V8's native search (several
 * times faster than a character loop on the prefix of every line); in a text longer than a line, with
 * the memo in `p` so that the total work stays linear.
 */
function colonSpace(text: string, from: number, limit: number, p: SyslogParts): number {
  if (text.length - from <= 2 * MAX_PREFIX) {
    const j = text.indexOf(': ', from);
    return j >= 0 && j < limit ? j : -1;
  }
  let m = p.seen;
  if (!m) m = p.seen = { text, from: -1, at: -1 };
  if (m.text !== text || from < m.from || from > m.at) {
    m.text = text; m.from = from;
    const j = text.indexOf(': ', from);
    m.at = j < 0 ? text.length : j;
  }
  return m.at < limit ? m.at : -1;
}

const MAX_PREFIX = 260;

/** Parse the syslog prefix of text[s..e) into `out`; false when the line has none. */
export function parseSyslog(text: string, s: number, e: number, out: SyslogParts): boolean {
  const limit = Math.min(e - 1, s + MAX_PREFIX);
  if (s + 8 >= limit) return false;
  const c = colonSpace(text, s + 8, limit, out);
  if (c < 0) return false;
  let progEnd = c, tagEnd = c;
  if (text.charCodeAt(c - 1) === 93) { // "]": a pid
    let b = c - 2;
    while (b > s && isDigit(text.charCodeAt(b))) b--;
    if (text.charCodeAt(b) !== 91 || b === c - 2) return false;
    progEnd = b;
  }
  let t = progEnd - 1;
  while (t >= s) { const ch = text.charCodeAt(t); if (ch === 32 || ch === 9) break; t--; }
  const tagStart = t + 1;
  if (tagStart >= progEnd || t < s) return false;
  for (let i = tagStart; i < progEnd; i++) {
    const ch = text.charCodeAt(i);
    // program names: letters, digits, "/", "-", "_", "."
    if (!(isDigit(ch) || ((ch | 32) >= 97 && (ch | 32) <= 122) || ch === 47 || ch === 45 || ch === 95 || ch === 46)) return false;
  }
  // host: the word before the program, unless that word is the time itself (no host written)
  let h = t;
  while (h > s && text.charCodeAt(h - 1) === 32) h--;
  let hs = h;
  while (hs > s) { const ch = text.charCodeAt(hs - 1); if (ch === 32 || ch === 9) break; hs--; }
  if (hs === h) return false;
  // the text before the host must end like a time: "12:57:28", "...+00:00", "...Z", "...123"
  let hostStart = hs;
  if (looksLikeTime(text, hs, h)) hostStart = tagStart;
  else {
    let q = hs - 1;
    while (q > s && text.charCodeAt(q) === 32) q--;
    const last = text.charCodeAt(q);
    if (!(isDigit(last) || last === 90 /* Z */ || last === 62 /* <mail.notice> */) || q - s < 7) return false;
  }
  out.hostStart = hostStart; out.tagStart = tagStart; out.progEnd = progEnd; out.tagEnd = tagEnd; out.msg = c + 2;
  return true;
}

/** "12:57:28", "2024-01-01T10:00:00.123+00:00" */
function looksLikeTime(text: string, s: number, e: number): boolean {
  if (e - s < 8) return false;
  const c2 = text.charCodeAt(e - 3);
  return isDigit(text.charCodeAt(e - 1)) && (c2 === 58 || c2 === 46) && text.charCodeAt(s + 2) === 58 && isDigit(text.charCodeAt(s));
}

/** Does text[s..e) contain `w` (exact case)? Where it starts, or -1. */
export function containsAt(text: string, s: number, e: number, w: string): number {
  // a longer range (the rest of a line): V8's native search on a slice of it (no copy: a slice of a
  // flat string points into it), a third of the postfix parse when it was a character loop
  if (e - s > 24) {
    const j = text.slice(s, e).indexOf(w);
    return j < 0 ? -1 : s + j;
  }
  const c0 = w.charCodeAt(0);
  for (let i = s, last = e - w.length; i <= last; i++) {
    if (text.charCodeAt(i) === c0 && text.startsWith(w, i)) return i;
  }
  return -1;
}

/**
 * containsAt for the classify pass: the searches of one line run on one slice of it, made at its first
 * search longer than a few characters (containsAt makes one per search: most of the garbage a syslog
 * parse made). `line(s, e)` starts a line; a search outside it is containsAt's. One per parse, in the
 * format's state (a class, not a closure: the callers' code stays the same from one parse to the next).
 */
export class LineSearch {
  private ls = 0;
  private le = -1;
  private str: string | undefined = undefined;

  line(s: number, e: number): void { this.ls = s; this.le = e; this.str = undefined; }

  /** Where w is in text[s..e), or -1 (containsAt). */
  at(text: string, s: number, e: number, w: string): number {
    const ls = this.ls;
    if (e - s <= 24 || s < ls || e > this.le) return containsAt(text, s, e, w);
    let str = this.str;
    if (str === undefined) str = this.str = text.slice(ls, this.le);
    // the first occurrence from s: when it ends after e, none is within [s, e)
    const j = str.indexOf(w, s - ls);
    return j >= 0 && ls + j + w.length <= e ? ls + j : -1;
  }
}

/** A LineSearch with no line: every search is containsAt's (for the callers outside a classify pass). */
export const WHOLE_TEXT = new LineSearch();

/** The daemon part of a program name: "postfix/submission/smtpd" -> start of "smtpd". */
export function daemonStart(text: string, tagStart: number, progEnd: number): number {
  for (let i = progEnd - 1; i > tagStart; i--) if (text.charCodeAt(i) === 47) return i + 1;
  return tagStart;
}

/** Does text[s..e) equal w exactly? */
export function equalsAt(text: string, s: number, e: number, w: string): boolean {
  return e - s === w.length && text.startsWith(w, s);
}

const TS = /(?:[A-Z][a-z]{2} +\d{1,2} (?:\d{4} )?\d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)/;

/** Tokens of the prefix of one line: timestamp and the program[pid] as 'session'. */
export function syslogTokens(line: string, p: SyslogParts): LineToken[] {
  const toks: LineToken[] = [];
  const head = line.slice(0, p.hostStart);
  const m = TS.exec(head);
  if (m) toks.push({ kind: 'timestamp', start: m.index, end: m.index + m[0].length });
  if (p.tagEnd > p.tagStart) toks.push({ kind: 'session', start: p.tagStart, end: p.tagEnd });
  return toks;
}

/** Offset of the first ": NNN" reply code in text[s..e) (at the code), or -1. */
export function replyAfterColon(text: string, s: number, e: number): number {
  for (let i = s; i < e - 4; i++) {
    if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) continue;
    const a = text.charCodeAt(i + 2);
    if (a < 50 || a > 53 || !isDigit(text.charCodeAt(i + 3)) || !isDigit(text.charCodeAt(i + 4))) continue;
    if (i + 5 === e) return i + 2;
    const d = text.charCodeAt(i + 5);
    if (d === 32 || d === 45 || d === 9) return i + 2;
  }
  return -1;
}

/** Offset of the first ": N.N.N " enhanced code in text[s..e) (at the code), or -1. */
export function enhancedAfterColon(text: string, s: number, e: number): number {
  for (let i = s; i < e - 6; i++) {
    if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) continue;
    const a = text.charCodeAt(i + 2);
    if (a < 50 || a > 53 || text.charCodeAt(i + 3) !== 46 || !isDigit(text.charCodeAt(i + 4))) continue;
    return i + 2;
  }
  return -1;
}

/** The three-digit value at p (caller checked the digits). */
export function codeAt(text: string, p: number): number {
  return (text.charCodeAt(p) - 48) * 100 + (text.charCodeAt(p + 1) - 48) * 10 + (text.charCodeAt(p + 2) - 48);
}
