/**
 * Facts derived from the model on demand, for one line or one session: the text of a command, a
 * whole multi-line reply, which command a reply answers, the outcome of a session. No LSP types.
 */
import { LineKind, type LineToken } from '../scanner/tokens';
import { verbOf } from '../scanner/lineTokens';
import { headerOf, type LogModel, lineText, PAIR_GREETING, replyFirstLine, SessionFlag } from './model';

/**
 * The last tokens and command texts read, per model (a few hundred lines each, by line number): the
 * outline, the problems and the security facts read the same line up to five times in a row (its
 * session's summary, the reply that answers it, its problem's anchor, its outline entry), and each
 * read tokenizes the whole line. A model's lines never change, so neither do their tokens. The token
 * arrays are shared: callers only read them.
 */
const MEMO = 256;
interface LineMemo { tokLines: Int32Array; toks: LineToken[][]; cmdLines: Int32Array; cmds: string[]; verbs: (string | undefined)[] }
const memos = new WeakMap<LogModel, LineMemo>();
function memoOf(m: LogModel): LineMemo {
  let memo = memos.get(m);
  if (!memo) {
    memo = { tokLines: new Int32Array(MEMO).fill(-1), toks: new Array<LineToken[]>(MEMO), cmdLines: new Int32Array(MEMO).fill(-1), cmds: new Array<string>(MEMO), verbs: new Array<string | undefined>(MEMO) };
    memos.set(m, memo);
  }
  return memo;
}

export function tokensOf(m: LogModel, line: number): LineToken[] {
  if (!m.dialect || line < 0 || line >= m.lineCount) return [];
  const k = m.kind[line];
  if (k === LineKind.Blank || (k === LineKind.Other && m.session[line] < 0)) return [];
  const memo = memoOf(m);
  const slot = line & (MEMO - 1);
  if (memo.tokLines[slot] === line) return memo.toks[slot];
  const toks = m.dialect.tokens(lineText(m, line), headerOf(m, line));
  memo.tokLines[slot] = line; memo.toks[slot] = toks;
  return toks;
}


/** The command as sent, from its verb to the end of the line ("RCPT TO:<bob@example.com>"). */
export function commandText(m: LogModel, line: number): string {
  const memo = memoOf(m);
  const slot = line & (MEMO - 1);
  if (memo.cmdLines[slot] === line) return memo.cmds[slot];
  const t = readCommandText(m, line);
  memo.cmdLines[slot] = line; memo.cmds[slot] = t; memo.verbs[slot] = undefined;
  return t;
}

function readCommandText(m: LogModel, line: number): string {
  const text = lineText(m, line);
  const own = m.dialect?.commandText?.(text, headerOf(m, line));
  if (own !== undefined) return own;
  const toks = tokensOf(m, line);
  const v = toks.find(t => t.kind === 'verb');
  if (v) {
    const last = toks.filter(t => t.kind === 'args' || t.kind === 'verb').reduce((a, t) => Math.max(a, t.end), v.end);
    return text.slice(v.start, last).trim();
  }
  const d = toks.find(t => t.kind === 'direction');
  return (d ? text.slice(d.end) : text).trim();
}

/** The verb of commandText (remembered with it: the outline asks for it at the command and at each reply that answers it). */
export function commandVerb(m: LogModel, line: number): string {
  const t = commandText(m, line);
  const memo = memoOf(m);
  const slot = line & (MEMO - 1);
  return memo.verbs[slot] ??= verbOf(t);
}

export interface ReplyInfo {
  code: number;
  enhanced?: string;
  /** the reply text without codes, continuation lines joined with a space */
  text: string;
  firstLine: number;
  lastLine: number;
  /** false for Status lines that give only an enhanced code or a status word (code is class * 100) */
  codeWritten: boolean;
}

/**
 * The token a reply or status record stands on, for problems and hovers: its reply code, else its
 * enhanced code, else (a status record that writes neither, such as exim's "rejected RCPT <x>: Unknown
 * user" or a Domino "authentication failed") the text that says what happened.
 */
export function replyAnchor(m: LogModel, line: number, toks: LineToken[] = tokensOf(m, line)): LineToken | undefined {
  return toks.find(t => t.kind === 'code') ?? toks.find(t => t.kind === 'enhanced')
    ?? (m.kind[line] === LineKind.Status ? toks.find(t => t.kind === 'text') : undefined);
}

/** "550 5.1.1", "5.1.1" (no basic code written), "550". */
export function replyHead(r: ReplyInfo): string {
  return r.codeWritten ? `${r.code}${r.enhanced ? ' ' + r.enhanced : ''}` : r.enhanced ?? `${Math.floor(r.code / 100)}xx`;
}

/**
 * The tokens of the reply at character `at` of a line that carries several (grouped tokens: one
 * recipient-status per recipient), else of its first reply; tokens without a group are kept.
 */
export function replyGroup(toks: LineToken[], at?: number): LineToken[] {
  if (!toks.some(t => t.group !== undefined)) return toks;
  const hit = at === undefined ? undefined : toks.find(t => t.group !== undefined && at >= t.start && at <= t.end);
  const g = hit?.group ?? toks.find(t => t.group !== undefined)!.group;
  return toks.filter(t => t.group === undefined || t.group === g);
}

/** Reply text as the server sent it (formats that encode it decode it). */
function replyText(m: LogModel, raw: string, line: string, l: number): string {
  const d = m.dialect;
  return (d?.decodeText ? d.decodeText(raw, line, headerOf(m, l)) : raw).trim();
}

/**
 * The whole reply that `line` (a Reply or ReplyMore line) belongs to. `at`: a character of the line,
 * for lines that carry several replies (the reply under the cursor).
 */
export function replyInfo(m: LogModel, line: number, at?: number): ReplyInfo | undefined {
  const k = m.kind[line];
  if (k === LineKind.Status) {
    const text = lineText(m, line);
    const toks = replyGroup(tokensOf(m, line), at);
    const en = toks.find(t => t.kind === 'enhanced');
    const tx = toks.find(t => t.kind === 'text');
    const c = toks.find(t => t.kind === 'code');
    const code = c && at !== undefined ? Number(text.slice(c.start, c.start + 3)) || m.code[line] : m.code[line];
    return { code, enhanced: en ? text.slice(en.start, en.end) : undefined, text: tx ? replyText(m, text.slice(tx.start, tx.end), text, line) : '', firstLine: line, lastLine: line, codeWritten: !!c };
  }
  if (k !== LineKind.Reply && k !== LineKind.ReplyMore) return undefined;
  const lastLine = k === LineKind.Reply ? line : m.pair[line];
  if (lastLine < 0) return undefined;
  const firstLine = replyFirstLine(m, lastLine);
  let enhanced: string | undefined;
  const parts: string[] = [];
  for (let l = firstLine; l <= lastLine; l++) {
    if (l !== lastLine && !(m.kind[l] === LineKind.ReplyMore && m.pair[l] === lastLine)) continue;
    const text = lineText(m, l);
    for (const t of tokensOf(m, l)) {
      if (t.kind === 'enhanced' && !enhanced) enhanced = text.slice(t.start, t.end);
      if (t.kind === 'text') parts.push(replyText(m, text.slice(t.start, t.end), text, l));
    }
  }
  return { code: m.code[lastLine], enhanced, text: parts.join(' ').trim(), firstLine, lastLine, codeWritten: true };
}

export type Answered =
  | { kind: 'command'; line: number; text: string; verb: string }
  | { kind: 'status'; text: string | undefined }   // a Status line: its own context
  | { kind: 'endOfData'; line: number }     // the "." after DATA (line = the DATA command)
  | { kind: 'greeting' }
  | { kind: 'unknown' };

/** Which command the reply ending at `replyLine` answers (`at`: the reply under the cursor, on lines with several). */
export function answeredBy(m: LogModel, replyLine: number, at?: number): Answered {
  if (m.kind[replyLine] === LineKind.Status) return { kind: 'status', text: m.dialect?.statusContext?.(lineText(m, replyLine), at, headerOf(m, replyLine)) };
  const p = m.pair[replyLine];
  if (p === PAIR_GREETING) return { kind: 'greeting' };
  if (p < 0) return { kind: 'unknown' };
  // the command's text is read once (each read tokenizes its line)
  const text = commandText(m, p);
  const verb = commandVerb(m, p);
  // a DATA row that carries its own status (IIS) reports the verdict on the message, written after its data
  if (verb === 'DATA' && (m.pair[p] !== replyLine || p === replyLine)) return { kind: 'endOfData', line: p };
  if (verb === '.' || text === '.') return { kind: 'endOfData', line: p };
  return { kind: 'command', line: p, text, verb };
}

/** The timestamp written on the line, or on the nearest line above it in the same session. */
export function timeOf(m: LogModel, line: number): string | undefined {
  for (let l = line, n = 0; l >= 0 && n < 64; l--, n++) {
    if (m.session[l] !== m.session[line] && l !== line) continue;
    // any line of the session that writes a time (interleaved logs: also lines the parser does not interpret)
    if (!m.dialect || m.kind[l] === LineKind.Blank) continue;
    const text = lineText(m, l);
    const t = m.dialect.tokens(text, headerOf(m, l)).find(x => x.kind === 'timestamp');
    if (t) return text.slice(t.start, t.end);
  }
  return undefined;
}

const SYSLOG_TIME = /^([A-Z][a-z]{2})\s{1,2}(\d{1,2})(?: (\d{4}))? (\d{2}:\d{2}:\d{2})/;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/;
const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([AaPp][Mm])?/;

/**
 * A timestamp as the outline shows it: the date and the seconds where the log writes them, no
 * fractions or zone (kept short for the breadcrumbs). "2024-01-01T10:00:00.123Z" -> "2024-01-01
 * 10:00:00"; "Nov  4 12:57:03" -> "Nov 4 12:57:03" (syslog writes no year); "4/2/01 8:05:42 AM" ->
 * "2001-04-02 08:05:42"; a time alone ("8:05:42 AM") -> "08:05:42".
 */
export function displayTime(ts: string | undefined): string | undefined {
  if (!ts) return undefined;
  const t = ts.trim();
  let m = SYSLOG_TIME.exec(t);
  if (m) return `${m[1]} ${+m[2]}${m[3] ? ` ${m[3]}` : ''} ${m[4]}`;
  m = ISO_TIME.exec(t);
  if (m) return `${m[1]} ${m[2]}`;
  m = US_TIME.exec(t);
  if (m) {
    let y = +m[3];
    if (m[3].length === 2) y += y < 70 ? 2000 : 1900;
    return `${y}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')} ${clock(+m[4], m[5], m[6], m[7])}`;
  }
  const c = /(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([AaPp][Mm])?/.exec(t);
  return c ? clock(+c[1], c[2], c[3], c[4]) : undefined;
}

function clock(h: number, mi: string, s: string | undefined, ampm: string | undefined): string {
  const ap = ampm?.toUpperCase();
  if (ap === 'PM' && h < 12) h += 12;
  if (ap === 'AM' && h === 12) h = 0;
  return `${String(h).padStart(2, '0')}:${mi}${s ? `:${s}` : ''}`;
}

function cut(s: string, n: number): string { return s.length > n ? s.slice(0, n - 1) + '…' : s; }

export interface SessionSummary {
  index: number;
  first: number;
  last: number;
  /** lines of this session in order (for interleaved logs they are not contiguous) */
  lines: number[];
  remote?: string;
  helo?: string;
  server?: string;        // host named in the greeting
  /** when the session started, as displayTime() shows it */
  time?: string;
  outbound: boolean;
  closed: boolean;
  delivered: number;
  firstFailure?: ReplyInfo;
  firstTransient?: ReplyInfo;
  rejectedRecipients: number;
  /** "delivered", "550 5.1.1 rejected", "450 4.2.0 deferred", "incomplete" ... */
  outcome: string;
  label: string;
  /** the format's own name for the session (dialect.sessionLabel of its first line: a queue id, a message id), when it gives one */
  key?: string;
}

/** the second and first words of a text, as split(/\s+/) gives them ([1] and [0]) */
const SECOND_WORD = /\s+(\S*)/;
const FIRST_WORD = /^\S*/;
const IP = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\[(?=[0-9A-Fa-f:.]{0,45}[.:])[0-9A-Fa-f:.]{2,45}\]/;

export function summarizeSession(m: LogModel, s: number, lines?: number[]): SessionSummary {
  const first = m.sessions.first[s], last = m.sessions.last[s];
  if (!lines) { lines = []; for (let l = first; l <= last; l++) if (m.session[l] === s) lines.push(l); }
  const d = m.dialect;
  let remote: string | undefined, helo: string | undefined, server: string | undefined;
  let delivered = 0, rejectedRecipients = 0;
  let firstFailure: ReplyInfo | undefined, firstTransient: ReplyInfo | undefined;
  let sawEodPending = false, prdr = false;
  let verdicts: Set<number> | undefined; // end-of-data commands already counted (PRDR answers one several times)
  // formats that write the remote host in a column of every row
  if (d?.remoteOf && lines.length) remote = d.remoteOf(lineText(m, lines[0]), headerOf(m, lines[0]));
  const command = (l: number): void => {
    const t = commandText(m, l);
    const v = commandVerb(m, l);
    if ((v === 'EHLO' || v === 'HELO') && helo === undefined) helo = SECOND_WORD.exec(t)?.[1]; // t.split(/\s+/)[1]
    if (v === 'DATA') sawEodPending = true;
  };
  for (const l of lines) {
    const k = m.kind[l];
    if (k === LineKind.Event && remote === undefined) {
      const t = lineText(m, l);
      const ip = IP.exec(t);
      const host = /(?:accepted from|connect from|connecting to|connected to)\s+([^\s\[\],]+)/i.exec(t);
      remote = host && host[1] !== ip?.[0] ? (ip ? `${host[1]} ${ip[0]}` : host[1]) : ip?.[0];
    } else if (k === LineKind.Command) {
      command(l);
    } else if (k === LineKind.Status) {
      const c = m.code[l];
      if (c >= 200 && c < 300 && (!d?.delivers || d.delivers(lineText(m, l), headerOf(m, l)))) delivered++;
      if (c >= 500 && !firstFailure) firstFailure = replyInfo(m, l);
      if (c >= 400 && c < 500 && !firstTransient) firstTransient = replyInfo(m, l);
      // a message's bounced recipient (its deliveries are status records)
      if (c >= 500 && (m.sessions.flags[s] & SessionFlag.Message)) rejectedRecipients += d?.refused ? d.refused(lineText(m, l), headerOf(m, l)) : 1;
    } else if (k === LineKind.Reply) {
      const c = m.code[l];
      if (m.pair[l] === l) command(l); // a row that is its own command (IIS)
      const a = answeredBy(m, l);
      if (a.kind === 'greeting' && server === undefined) { const t = replyInfo(m, l)?.text; server = t === undefined ? undefined : FIRST_WORD.exec(t)![0]; } // text.split(/\s+/)[0]
      if (a.kind === 'endOfData' && c >= 200 && c < 300) { if (!verdicts?.has(a.line)) delivered++; (verdicts ??= new Set()).add(a.line); sawEodPending = false; }
      if (c === 353) prdr = true;
      // PRDR: a refusal after the data is one recipient's
      if (prdr && a.kind === 'endOfData' && c >= 400) rejectedRecipients++;
      if (a.kind === 'command' && a.verb === 'BDAT' && /\bLAST\b/i.test(a.text) && c < 300) delivered++;
      if (c >= 500 && !firstFailure && !(c === 503 && firstTransient)) firstFailure = replyInfo(m, l);
      if (c >= 400 && c < 500 && !firstTransient) firstTransient = replyInfo(m, l);
      if (c >= 400 && a.kind === 'command' && a.verb === 'RCPT') rejectedRecipients++;
      if (c === 354) sawEodPending = true;
    }
  }
  const flags = m.sessions.flags[s];
  const closed = !!(flags & SessionFlag.Closed);
  const outbound = !!(flags & SessionFlag.Outbound);
  const fmt = replyHead;
  const message = !!(flags & SessionFlag.Message);
  let outcome: string;
  if (delivered > 0) {
    outcome = delivered > 1 ? (message ? `delivered to ${delivered} recipients` : `delivered ${delivered} messages`) : 'delivered';
    if (rejectedRecipients) outcome += `, ${rejectedRecipients} recipient${rejectedRecipients > 1 ? 's' : ''} refused (${fmt((firstFailure ?? firstTransient)!)})`;
  } else if (firstFailure) outcome = `${fmt(firstFailure)} rejected`;
  else if (firstTransient) outcome = `${fmt(firstTransient)} deferred`;
  else if (message) outcome = closed ? 'done' : 'in queue';
  else if (!closed) outcome = sawEodPending ? 'incomplete (cut during DATA)' : 'incomplete';
  else outcome = 'no message';
  if (delivered > 0 && !closed && sawEodPending) outcome += ', then cut during DATA';
  const time = displayTime(timeOf(m, first));
  const key = d?.sessionLabel?.(lineText(m, first), message, headerOf(m, first));
  const who = key ? [key] : outbound
    ? [remote ? `to ${remote}` : server ? `to ${server}` : undefined]
    : [remote ?? server, helo];
  // a HELO name or host can be 255 characters: each part stays short enough for the breadcrumbs (a
  // Message-ID with its sender, an address with a HELO name, still read whole)
  let named = '';
  for (const w of who) if (w) named += (named ? ' ' : '') + cut(w, 100);
  named = cut(named, 160);
  const label = `${named && time ? `${named} ${time}` : named || time || ''} - ${outcome}`;
  return { index: s, first, last, lines, remote, helo, server, time, outbound, closed, delivered, firstFailure, firstTransient, rejectedRecipients, outcome, label: label.startsWith(' - ') ? `Session ${s + 1}${label}` : label, key };
}

/**
 * The lines of a session in the order the server wrote its steps: formats whose rows carry a
 * sequence number (Exchange protocol logs) are ordered by it (stable: rows that repeat a number
 * keep their order); others keep the order of the file. Sorts only when the file order differs.
 */
export function inSessionOrder(m: LogModel, lines: number[]): number[] {
  const seq = m.dialect?.sequence;
  if (!seq || lines.length < 2) return lines;
  // nearly always in order already: read the numbers one after the other and stop at the first that is not
  // (no array of keys for a session in order; the outline asks for every session it shows)
  let prev = seq(lineText(m, lines[0]), headerOf(m, lines[0]));
  let i = 1;
  for (; i < lines.length; i++) {
    const k = seq(lineText(m, lines[i]), headerOf(m, lines[i]));
    if (k < prev) break;
    prev = k;
  }
  if (i === lines.length) return lines;
  const keys = lines.map(l => seq(lineText(m, l), headerOf(m, l)));
  const idx = lines.map((_, i) => i);
  idx.sort((a, b) => (Number.isNaN(keys[a]) || Number.isNaN(keys[b]) ? 0 : keys[a] - keys[b]) || a - b);
  return idx.map(i => lines[i]);
}

/** The header lines a session's rows need to be read on their own: the block of Header lines in force at `line`. */
export function headerBlock(m: LogModel, line: number): number[] {
  let l = line - 1;
  while (l >= 0 && m.kind[l] !== LineKind.Header) l--;
  if (l < 0) return [];
  const end = l;
  while (l > 0 && m.kind[l - 1] === LineKind.Header) l--;
  const out: number[] = [];
  for (let i = l; i <= end; i++) out.push(i);
  return out;
}

/**
 * "Show session transcript": the lines of the session that `line` belongs to, in session order,
 * after the header lines they need (so the transcript is read as the same format, with its columns),
 * with their original line numbers. Undefined when the line belongs to no session.
 */
export function transcriptOf(m: LogModel, line: number): { text: string; lines: number[]; title: string } | undefined {
  const s = line >= 0 && line < m.lineCount ? m.session[line] : -1;
  if (s < 0) return undefined;
  const own: number[] = [];
  for (let l = m.sessions.first[s]; l <= m.sessions.last[s]; l++) if (m.session[l] === s) own.push(l);
  const sum = summarizeSession(m, s, own);
  const lines = [...headerBlock(m, m.sessions.first[s]), ...inSessionOrder(m, own)];
  return { text: lines.map(l => lineText(m, l)).join('\n') + '\n', lines, title: sum.label };
}
