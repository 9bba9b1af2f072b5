/**
 * Exim mainlog / rejectlog (also through syslog: `... exim[1234]: 2024-01-01 10:00:00 ...`):
 * `2024-01-01 10:00:00[.123] [+0100] [[pid]] [<message id>] <text>`. Message ids: classic
 * `1Glsgv-0002wv-00`, Exim >= 4.97 `10HmaX-000000005vi-0000`.
 *  - lines with a message id form a message session; `Completed` ends it; `=>`/`->`/`>>`/`*>`
 *    deliveries are Status 250, `**` failures and `==` deferrals Status records with the remote's
 *    code (`SMTP error from remote mail server after RCPT TO:<x>: 550 ...`) or the class;
 *  - ACL rejections (`H=host [ip]:port F=<s> rejected RCPT <r>: reason`) carry no code: Status 500
 *    (or 400 for "temporarily rejected"); `authenticator failed ...: 535 ...` has one;
 *  - other lines go to their connection when the line names one (the pid, else `[ip]:port`);
 *    `SMTP connection from ...` opens it and `... closed by QUIT` / `... lost` ends it.
 */
import { defineDialect } from './dialect';
import { EventKind, LineKind, type LineToken } from './tokens';
import { isDigit, ownKey } from './chars';
import { replyTokens } from './lineTokens';
import { codeAt, containsAt, LineSearch, WHOLE_TEXT, newSyslogParts, parseSyslog, replyAfterColon, type SyslogParts } from './syslog';

/** Open connections and messages: each key to the string kept for it (the parser gets that string). */
interface EximState { p: SyslogParts; conns: Map<string, string>; msgs: Map<string, string>; h: EximHead; lf: LineSearch }

/** The string kept for an open key (a new key: a copy of it, kept). */
function kept(open: Map<string, string>, key: string): string {
  let k = open.get(key);
  if (k === undefined) { k = ownKey(key); open.set(k, k); }
  return k;
}

export interface EximHead { ts: number; tsEnd: number; pid: number; pidEnd: number; id: number; idEnd: number; rest: number }
function newHead(): EximHead { return { ts: -1, tsEnd: -1, pid: -1, pidEnd: -1, id: -1, idEnd: -1, rest: 0 }; }

function isDateAt(text: string, p: number, e: number): boolean {
  return p + 19 <= e && isDigit(text.charCodeAt(p)) && isDigit(text.charCodeAt(p + 3)) && text.charCodeAt(p + 4) === 45
    && text.charCodeAt(p + 7) === 45 && text.charCodeAt(p + 10) === 32 && text.charCodeAt(p + 13) === 58 && text.charCodeAt(p + 16) === 58;
}

function isIdChar(c: number): boolean { return isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 122); }

/** Length of an exim message id at p (followed by a space or the end), or 0. */
export function eximIdLength(text: string, p: number, e: number): number {
  let i = p;
  while (i < e && isIdChar(text.charCodeAt(i))) i++;
  if (i - p !== 6 || text.charCodeAt(i) !== 45) return 0;
  const b = ++i;
  while (i < e && isIdChar(text.charCodeAt(i))) i++;
  if ((i - b !== 6 && i - b !== 11) || text.charCodeAt(i) !== 45) return 0;
  const c = ++i;
  while (i < e && isIdChar(text.charCodeAt(i))) i++;
  if ((i - c !== 2 && i - c !== 4) || (i < e && text.charCodeAt(i) !== 32)) return 0;
  return i - p;
}

/** Parse the exim head of text[s..e) (after an optional syslog prefix); false when the line is not exim's. */
export function parseEximHead(text: string, s: number, e: number, p: SyslogParts, h: EximHead): boolean {
  let q = s;
  let sys = false;
  if (!isDateAt(text, s, e)) {
    sys = parseSyslog(text, s, e, p);
    if (sys) {
      if (!text.startsWith('exim', p.tagStart)) return false;
      q = p.msg;
    } else {
      // "mail.example.com exim[3751842]: 2021-..." (no time before the host), or quoted after "... = "
      const ex = containsAt(text, s, Math.min(e, s + 80), ' exim');
      const br = ex >= 0 ? containsAt(text, ex, Math.min(e, ex + 24), ']: ') : -1;
      const eq = containsAt(text, s, Math.min(e, s + 24), ' = ');
      if (br >= 0) { q = br + 3; sys = true; }
      else if (eq >= 0 && isDateAt(text, eq + 3, e)) q = eq + 3;
      else return false;
    }
  }
  h.ts = -1; h.pid = -1; h.id = -1;
  if (isDateAt(text, q, e)) {
    h.ts = q; q += 19;
    if (text.charCodeAt(q) === 46) { q++; while (q < e && isDigit(text.charCodeAt(q))) q++; }
    h.tsEnd = q;
    if (text.charCodeAt(q) === 32 && (text.charCodeAt(q + 1) === 43 || text.charCodeAt(q + 1) === 45) && isDigit(text.charCodeAt(q + 2))) { q += 6; h.tsEnd = q; }
    q++;
  } else if (!sys) return false;
  if (text.charCodeAt(q) === 91 && isDigit(text.charCodeAt(q + 1))) {
    let r = q + 1;
    while (r < e && isDigit(text.charCodeAt(r))) r++;
    if (text.charCodeAt(r) === 93) { h.pid = q; h.pidEnd = r + 1; q = r + 2; }
  }
  const n = eximIdLength(text, q, e);
  if (n) { h.id = q; h.idEnd = q + n; q += n + 1; }
  h.rest = q;
  return true;
}

/** Offset of the first " rejected " in a line of an ACL rejection (no message id needed), or -1. */
function rejectedAt(text: string, r: number, e: number, find: LineSearch = WHOLE_TEXT): number {
  for (let i = find.at(text, r, e, 'rejected'); i >= 0; i = find.at(text, i + 8, e, 'rejected')) {
    const after = text.charCodeAt(i + 8);
    if ((i === r || text.charCodeAt(i - 1) === 32) && (after === 32 || after === 58)) return i;
  }
  return -1;
}

/** "[ip]:port" (or "[ip]") of the client named on the line (" [ip]" or "H=[ip]"): start/end, or false. */
function clientAt(text: string, r: number, e: number, out: { s: number; e: number }, find: LineSearch = WHOLE_TEXT): boolean {
  let b = find.at(text, r, Math.min(e, r + 300), ' [');
  if (b < 0) { b = find.at(text, r, Math.min(e, r + 300), 'H=['); if (b >= 0) b++; }
  if (b < 0) return false;
  const c = find.at(text, b, Math.min(e, b + 50), ']');
  if (c < 0) return false;
  let q = c + 1;
  if (text.charCodeAt(q) === 58) { q++; while (q < e && isDigit(text.charCodeAt(q))) q++; }
  out.s = b + 1; out.e = q;
  return true;
}
const cl = { s: 0, e: 0 };

/**
 * Where the remote server's reply code stands on a delivery line (`**` / `==`): after "SMTP error from
 * remote mail server after <stage>: ". Other codes on such a line are incidental ("Remote host closed
 * connection ... (EHLO response was: 550 ...)" is a deferral). -1 when none.
 */
function remoteReplyAt(text: string, r: number, e: number, find: LineSearch = WHOLE_TEXT): number {
  let i = find.at(text, r, e, 'SMTP error from remote');
  if (i < 0) i = find.at(text, r, e, 'PRDR error after ');
  return i < 0 ? -1 : replyAfterColon(text, i, e);
}

function flagAt(text: string, r: number): number {
  const a = text.charCodeAt(r), b = text.charCodeAt(r + 1);
  if (text.charCodeAt(r + 2) !== 32) return 0;
  if ((a === 61 || a === 45 || a === 62 || a === 42) && b === 62) return 250;         // => -> >> *>
  if (a === 42 && b === 42) return 500;                                               // **
  if (a === 61 && b === 61) return 400;                                               // ==
  return 0;
}

const sniffParts = newSyslogParts(), sniffHead = newHead();

export const eximDialect = defineDialect<EximState>({
  id: 'exim',
  name: 'Exim mainlog',

  // a date alone is not enough: a message id, a flag, or a known exim phrase
  sniffLine(l) {
    const p = sniffParts, h = sniffHead;
    if (!parseEximHead(l, 0, l.length, p, h)) return 0;
    return h.id >= 0 || /^(?:H=|SMTP connection|\S+ authenticator failed|no (?:host name|IP address) found|Start queue run|End queue run|exim \S+ daemon started|rejected (?:HELO|EHLO|MAIL|RCPT|VRFY|EXPN|AUTH|connection)\b|(?:U=\S+ )?F=<[^>\s]*> (?:temporarily )?rejected |too many recipients: )/.test(l.slice(h.rest))
      || (parseSyslog(l, 0, l.length, p) && l.startsWith('exim', p.tagStart)) ? 1 : 0;
  },

  createState: () => ({ p: newSyslogParts(), conns: new Map(), msgs: new Map(), h: newHead(), lf: new LineSearch() }),

  classifyLine(text, s, e, out, st) {
    const h = st.h;
    if (!parseEximHead(text, s, e, st.p, h)) return;
    const r = h.rest;
    st.lf.line(r, e);
    const find = st.lf;
    if (h.id >= 0) {
      const key = text.slice(h.id, h.idEnd);
      out.message = true;
      if (text.startsWith('Completed', r)) {
        const k = st.msgs.get(key);
        if (k !== undefined) { st.msgs.delete(k); out.key = k; out.keyKept = true; out.kind = LineKind.Event; out.event = EventKind.Disconnect; }
        else out.message = false;
        return;
      }
      out.key = kept(st.msgs, key); out.keyKept = true;
      // an arrival "<= sender H=host [ip]:port" from an open connection (by its pid, else its [ip]:port): received there
      if (text.charCodeAt(r) === 60 && text.charCodeAt(r + 1) === 61 && text.charCodeAt(r + 2) === 32) {
        const hp = h.pid >= 0 ? -1 : find.at(text, r, Math.min(e, r + 400), ' H=');
        const conn = h.pid >= 0 ? text.slice(h.pid, h.pidEnd) : hp >= 0 && clientAt(text, hp + 1, e, cl, find) ? text.slice(cl.s, cl.e) : undefined;
        const pk = conn !== undefined ? st.conns.get(conn) : undefined;
        if (pk !== undefined) out.parent = pk;
      }
      const f = flagAt(text, r);
      if (f) {
        out.kind = LineKind.Status;
        const c = f === 250 ? -1 : remoteReplyAt(text, r, e, find);
        out.code = c >= 0 ? codeAt(text, c) : f;
        return;
      }
      // an arrival (its subject may say anything) is no rejection; an event's data repeats a line logged before
      if ((text.charCodeAt(r) === 60 || text.charCodeAt(r) === 40) && text.charCodeAt(r + 1) === 61 && text.charCodeAt(r + 2) === 32) return;
      if (text.startsWith('event ', r)) return;
      if (find.at(text, r, e, 'SMTP error from remote') >= 0 && !text.startsWith('event ', r)) {
        const c = remoteReplyAt(text, r, e, find);
        if (c >= 0) { out.kind = LineKind.Status; out.code = codeAt(text, c); }
        return;
      }
      const rj = rejectedAt(text, r, e, find);
      if (rj >= 0) { out.kind = LineKind.Status; out.code = rejectCode(text, r, rj, e); }
      return;
    }
    // connection lines
    let key: string | undefined;
    if (h.pid >= 0) key = text.slice(h.pid, h.pidEnd);
    else if (clientAt(text, r, e, cl, find)) key = text.slice(cl.s, cl.e);
    if (text.startsWith('SMTP connection from ', r)) {
      if (!key) return;
      if (find.at(text, r, e, ' closed ') >= 0 || find.at(text, r, e, ' lost') >= 0 || find.at(text, r, e, 'D=') >= 0) {
        const k = st.conns.get(key);
        if (k !== undefined) { st.conns.delete(k); out.kind = LineKind.Event; out.event = EventKind.Disconnect; out.key = k; out.keyKept = true; }
      } else { out.kind = LineKind.Event; out.event = EventKind.Connect; out.key = kept(st.conns, key); out.keyKept = true; }
      return;
    }
    if (clientFailureAt(text, r, e, failCls, find) >= 0) {
      out.kind = LineKind.Status; out.code = failCls.code;
      if (key) { out.key = kept(st.conns, key); out.keyKept = true; }
      return;
    }
    const auth = find.at(text, r, Math.min(e, r + 120), ' authenticator failed for ');
    const rj = auth < 0 ? rejectedAt(text, r, e, find) : -1;
    if (auth >= 0 || rj >= 0 || text.startsWith('SMTP error from remote', r)) {
      const c = replyAfterColon(text, r, e);
      const code = c >= 0 ? codeAt(text, c) : rj >= 0 ? rejectCode(text, r, rj, e) : 0;
      if (code) { out.kind = LineKind.Status; out.code = code; }
      if (key) { out.key = kept(st.conns, key); out.keyKept = true; }
      return;
    }
    const k = key ? st.conns.get(key) : undefined;
    if (k !== undefined) { out.key = k; out.keyKept = true; }
  },

  tokens(line) {
    const p = newSyslogParts(), h = newHead();
    const e = line.length;
    if (!parseEximHead(line, 0, e, p, h)) return [];
    const toks: LineToken[] = [];
    if (h.ts >= 0) toks.push({ kind: 'timestamp', start: h.ts, end: h.tsEnd });
    else {
      const m = /[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+/.exec(line);
      if (m) toks.push({ kind: 'timestamp', start: m.index, end: m.index + m[0].length });
    }
    if (h.pid >= 0) toks.push({ kind: 'session', start: h.pid, end: h.pidEnd });
    if (h.id >= 0) toks.push({ kind: 'session', start: h.id, end: h.idEnd });
    const r = h.rest;
    const f = h.id >= 0 ? flagAt(line, r) : 0;
    const c = f === 250 ? -1 : f ? remoteReplyAt(line, r, e) : replyAfterColon(line, r, e);
    if (c >= 0) {
      toks.push(...replyTokens(line, c, e));
    } else {
      const cf = h.id < 0 ? clientFailureAt(line, r, e, { code: 0 }) : -1;
      const at = cf >= 0 ? cf : reasonAt(line, r);
      if (at >= 0) toks.push({ kind: 'text', start: at, end: e });
      else if (r < e) toks.push({ kind: 'event', start: r, end: e });
    }
    const re = /<[^<>\s]*@[^<>\s]*>|(?<=^(?:=>|->|\*\*|==|>>|\*>|<=) )[^\s<>]+@[^\s<>]+/g;
    const seg = line.slice(r);
    const seen = new Set<number>();
    for (const t of toks) if (t.kind === 'address') seen.add(t.start);
    for (let m = re.exec(seg); m; m = re.exec(seg)) {
      if (!seen.has(r + m.index)) { seen.add(r + m.index); toks.push({ kind: 'address', start: r + m.index, end: r + m.index + m[0].length }); }
    }
    return toks;
  },

  statusContext(line) {
    const after = /SMTP error from remote mail server after (?:pipelined )?(RCPT TO:<[^>]*>|MAIL FROM:<[^>]*>|end of data|DATA|initial connection|HELO|EHLO|[A-Z]+)/.exec(line)?.[1];
    const host = hostAt(line);
    if (after) return after === 'end of data' ? 'the end of the message data' : after === 'initial connection' ? 'the greeting (initial connection)' : after;
    const client = clientFailureContext(line);
    if (client) return client;
    // "rejected MAIL <x>", also written "rejected MAIL FROM:<x>" / "rejected RCPT TO:<x>"
    const rej = /rejected (RCPT|MAIL|after DATA|EHLO or HELO|HELO|EHLO|VRFY|EXPN|AUTH|connection|by local_scan\(\))\s*(?:(?:FROM|TO|from|to):\s?)?(<[^>]*>|\S+@\S+)?/.exec(line);
    if (rej) {
      const a = rej[2] ? (rej[2].startsWith('<') ? rej[2] : `<${rej[2].replace(/:$/, '')}>`) : '';
      switch (rej[1]) {
        case 'RCPT': return `RCPT TO:${a}`;
        case 'MAIL': return `MAIL FROM:${a}`;
        case 'after DATA': case 'by local_scan()': return 'the end of the message data';
        case 'connection': return `the connection${host ? ` from ${host}` : ''}`;
        default: return rej[1];
      }
    }
    const quoted = /\brejected "([A-Za-z]+)/.exec(line)?.[1];
    if (quoted) return quoted.toUpperCase();
    const auth = authFailure(line);
    if (auth) return `AUTH (${auth[0]}) from ${auth[1]}`;
    const d = /(?:=>|->|\*\*|==|>>|\*>) (\S+)(?: <([^>]*)>)?/.exec(line);
    if (d) return `delivery to <${d[2] ?? d[1].replace(/:$/, '')}>${host ? ` via ${host}` : ''}`;
    return undefined;
  },

  sessionLabel(first, message) {
    const p = newSyslogParts(), h = newHead();
    if (!parseEximHead(first, 0, first.length, p, h)) return undefined;
    const host = hostAt(first);
    if (message && h.id >= 0) {
      const id = first.slice(h.id, h.idEnd);
      const from = /^<= (\S+)/.exec(first.slice(h.rest))?.[1];
      return `${id}${from ? ` from ${from}` : ''}${from && host ? ` (${host})` : ''}`;
    }
    const conn = /(?:SMTP connection from |H=|authenticator failed for )((?:[^\s(\[]{1,255} )?(?:\([^)]{0,255}\) )?\[[^\]]{0,64}\](?::\d{1,5})?)/.exec(first)?.[1];
    return conn ?? host ?? (h.pid >= 0 ? `exim${first.slice(h.pid, h.pidEnd)}` : undefined);
  },
});

/** What the client's command was, for the failures exim logs without a code (see clientFailureAt). */
function clientFailureContext(line: string): string | undefined {
  const q = /SMTP (?:syntax|protocol) error in "([^"]{0,200})"/.exec(line)?.[1];
  if (q !== undefined) return q || 'an empty command';
  const u = /unqualified (sender|recipient|verify) rejected: (<[^>]{0,200}>|\S{1,200})/.exec(line);
  if (u) return u[1] === 'sender' ? `MAIL FROM:${u[2]}` : u[1] === 'recipient' ? `RCPT TO:${u[2]}` : `VRFY ${u[2]}`;
  if (/^(?:\S+ ){0,3}too many recipients: /.test(line.slice(0, 80)) || / too many recipients: (?:excess|message)/.test(line)) return 'RCPT TO (the recipients above the limit)';
  if (/SMTP call from .{0,300} dropped: /.test(line)) return 'the connection (exim closed it)';
  return undefined;
}

/** "H=host (helo) [ip]:port": the pattern hostAt() implements (kept for the tests that compare both). */
export const HOST = /\bH=([^\s]{1,255}(?: \([^)]{0,255}\))? \[[^\]]{0,64}\](?::\d{1,5})?)/;

const isWordCode = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95;
const isSpaceCode = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
  || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * HOST.exec(line)?.[1] without the regex: on "H=H=H=..." the regex scanned 255 characters at each
 * "H=", this finds the end of each blank-free run once.
 */
export function hostAt(line: string): string | undefined {
  let runEnd = -1;
  for (let i = line.indexOf('H='); i >= 0; i = line.indexOf('H=', i + 1)) {
    if (i > 0 && isWordCode(line.charCodeAt(i - 1))) continue;
    const j = i + 2;
    if (j >= runEnd) { runEnd = j; while (runEnd < line.length && !isSpaceCode(line.charCodeAt(runEnd))) runEnd++; }
    // the host is the whole blank-free run (the pattern needs a space after it), at most 255 long
    if (runEnd === j || runEnd - j > 255 || line.charCodeAt(runEnd) !== 32) continue;
    const k = runEnd + 1;
    // an optional " (helo)" is tried first, as the greedy pattern does
    if (line.charCodeAt(k) === 40) {
      const close = line.indexOf(')', k + 1);
      if (close > 0 && close - k - 1 <= 255 && line.charCodeAt(close + 1) === 32) {
        const e = bracketAt(line, close + 2);
        if (e > 0) return line.slice(j, e);
      }
    }
    const e = bracketAt(line, k);
    if (e > 0) return line.slice(j, e);
  }
  return undefined;
}

/** End of "[ip]" and its optional ":port" at k, or -1. */
function bracketAt(line: string, k: number): number {
  if (line.charCodeAt(k) !== 91) return -1;
  const close = line.indexOf(']', k + 1);
  if (close < 0 || close - k - 1 > 64) return -1;
  let e = close + 1;
  if (line.charCodeAt(e) === 58) {
    let d = e + 1;
    while (d < line.length && d - e - 1 < 5 && line.charCodeAt(d) >= 48 && line.charCodeAt(d) <= 57) d++;
    if (d > e + 1) e = d;
  }
  return e;
}

/**
 * "<driver> authenticator failed for <who>: 535 ...": the driver (the word before the phrase) and who,
 * found with indexOf (the regex "(\S+) authenticator failed" backtracked over long words: quadratic).
 */
function authFailure(line: string): [string, string] | undefined {
  const k = line.indexOf(' authenticator failed for ');
  if (k <= 0) return undefined;
  let w = k;
  while (w > 0 && w > k - 255 && !/\s/.test(line[w - 1])) w--;
  const from = k + 26;
  for (let c = line.indexOf(': ', from); c >= 0; c = line.indexOf(': ', c + 1)) {
    if (/^\d{3}/.test(line.slice(c + 2, c + 5))) return [line.slice(w, k), line.slice(from, c)];
  }
  return undefined;
}

/**
 * Where the reason of a line without a reply code starts: after the first ": " that follows
 * "rejected <stage>" (no colon in between) or a "** <address>" / "== <address>" flag; -1 when none.
 * One pass with indexOf (the regex it replaces rescanned the rest of the line for every "rejected ").
 */
function reasonAt(line: string, r: number): number {
  const flags = /rejected |\*\* \S|== \S/g;
  flags.lastIndex = r;
  let colon = -1, colonSpace = -1;  // cached: the next ':' and the next ': ' at or after the last search
  for (let m = flags.exec(line); m; m = flags.exec(line)) {
    const o = m.index;
    if (m[0] === 'rejected ') {
      // the first ": " ("rejected HELO from [192.0.2.1]:41234: syntactically invalid ...": the port's colon is not it)
      if (colon < o + 9) colon = line.indexOf(': ', o + 9);
      if (colon < 0) return -1;
      if (colon + 2 < line.length) return colon + 2;
    } else {
      if (colonSpace < o + 4) colonSpace = line.indexOf(': ', o + 4);
      if (colonSpace < 0) return -1;   // no ": " after this flag: none after the later ones either
      if (colonSpace + 2 < line.length) return colonSpace + 2;
    }
    flags.lastIndex = o + 1;
  }
  return -1;
}

/**
 * Failures exim logs about what the client did, without a reply code and without "rejected <stage>:":
 * SMTP syntax / protocol / synchronization errors, "SMTP call from ... dropped: too many ...",
 * "unqualified sender rejected: <x>", "too many recipients: excess temporarily rejected". Where their
 * words start (the text a problem covers and the knowledge reads), or -1; `cls` gets 400 or 500.
 */
export function clientFailureAt(text: string, r: number, e: number, cls: { code: number }, find: LineSearch = WHOLE_TEXT): number {
  cls.code = 500;
  if (text.startsWith('SMTP syntax error in "', r) || text.startsWith('SMTP protocol error in "', r)
    || text.startsWith('SMTP protocol synchronization error', r)) return r;
  if (text.startsWith('unqualified ', r) && find.at(text, r, Math.min(e, r + 40), ' rejected: ') >= 0) return r;
  if (text.startsWith('too many recipients: ', r)) {
    if (find.at(text, r, Math.min(e, r + 60), 'temporarily') >= 0) cls.code = 400;
    return r;
  }
  if (text.startsWith('SMTP call from ', r)) {
    const d = find.at(text, r, e, ' dropped: ');
    if (d >= 0) return d + 1;
  }
  return -1;
}
const failCls = { code: 0 };

function rejectCode(text: string, r: number, rj: number, e: number): number {
  const c = replyAfterColon(text, r, e);
  if (c >= 0) return codeAt(text, c);
  return rj >= 12 && text.startsWith('temporarily ', rj - 12) ? 400 : 500;
}
