/**
 * Transcripts written by SMTP clients, where the logger is the client (its lines are Sent commands,
 * the server's lines Received replies; sessions are therefore outbound):
 *  - swaks: ` -> ` sent, `<- ` received, ` ~> ` / `<~ ` inside TLS, `**> ` / `<** ` / `<~* ` unexpected
 *    (a `<**` line is a failure reply), `=== ` / `*** ` swaks' own notes;
 *  - Python smtplib debug output: `send: 'MAIL FROM:<a@b>\r\n'`, `reply: b'250 2.1.0 Ok\r\n'`
 *    (`reply: retcode (250); Msg: ...` repeats the reply and is not one), optional `HH:MM:SS.ffffff`;
 *  - nodemailer / MailKit protocol logs: `C: ` / `S: ` after an optional prefix
 *    (`[2024-01-01 10:00:00] DEBUG [abc] C: EHLO x`, `2024-01-01T10:00:00Z S: 250 ...`);
 *  - plain telnet / openssl s_client sessions: bare commands and bare replies, no markers.
 * The message text after a 354 is data, not commands, up to the "." line.
 */
import { defineDialect } from './dialect';
import { Dir, EventKind, LineKind, type LineFacts, type LineToken } from './tokens';
import { isDigit, replyCodeAt, skipBlanks, startsWithCI } from './chars';
import { commandTokens, replyTokens } from './lineTokens';

interface ClientState { inData: boolean; connected: boolean; afterAuth: boolean }
const newClientState = (): ClientState => ({ inData: false, connected: false, afterAuth: false });
const more = { more: false };

/** A line the client sent, payload at p..e: data inside DATA, else a command. */
function sent(text: string, p: number, e: number, out: LineFacts, st: ClientState): void {
  out.dir = Dir.Sent; out.payload = p;
  if (st.inData) {
    if (e - p === 1 && text.charCodeAt(p) === 46) { st.inData = false; out.kind = LineKind.Command; }
    else out.kind = LineKind.Other;
    return;
  }
  // the PROXY protocol header a client may send first is no SMTP command: nothing answers it
  out.kind = p < e && !text.startsWith('PROXY ', p) ? LineKind.Command : LineKind.Other;
}

/** A line the client received, payload at p..e. */
function received(text: string, p: number, e: number, out: LineFacts, st: ClientState): boolean {
  const code = replyCodeAt(text, p, e, more);
  if (!code) return false;
  out.dir = Dir.Received; out.payload = p; out.code = code;
  st.inData = false; // a server only answers after the end of the data
  out.kind = more.more ? LineKind.ReplyMore : LineKind.Reply;
  if (code === 354 && !more.more) st.inData = true;
  if (code === 221 || code === 421) st.connected = false;
  return true;
}

const VERBS = ['helo', 'ehlo', 'mail', 'rcpt', 'data', 'quit', 'rset', 'noop', 'vrfy', 'expn', 'auth', 'starttls', 'bdat', 'help', 'turn', 'etrn', 'xclient', 'lhlo'];

/** Length of the SMTP verb at p (followed by space, ':' or the end), or 0. */
export function smtpVerbAt(text: string, p: number, e: number): number {
  for (const v of VERBS) {
    if (startsWithCI(text, p, e, v)) {
      const n = p + v.length;
      if (n === e) return v.length;
      const c = text.charCodeAt(n);
      if (c === 32 || c === 9 || c === 92 /* \r\n in smtplib */) return v.length;
    }
  }
  return 0;
}

// ---------------------------------------------------------------- swaks

/** Direction of a swaks line from its 4-character hint, or None. */
function swaksDir(text: string, s: number, e: number): number {
  if (s + 3 > e) return Dir.None;
  if (s + 3 < e && text.charCodeAt(s + 3) !== 32) return Dir.None;
  const a = text.charCodeAt(s), b = text.charCodeAt(s + 1), c = text.charCodeAt(s + 2);
  if (c === 62 && (a === 32 || a === 42) && (b === 45 || b === 126 || b === 42 || b === 32)) return Dir.Sent;
  if (a === 60 && ((b === 45 || b === 126) && (c === 32 || c === 42) || (b === 42 && c === 42) || (b === 32 && c === 32))) return Dir.Received;
  return Dir.None;
}

export const swaksDialect = defineDialect<ClientState>({
  id: 'swaks',
  name: 'swaks transcript',

  sniff(lines) {
    let marked = 0, replies = 0, notes = 0, nonBlank = 0;
    for (const l of lines) {
      if (!l.trim()) continue;
      nonBlank++;
      const d = swaksDir(l, 0, l.length);
      if (d) { marked++; if (d === Dir.Received && replyCodeAt(l, 4, l.length, more)) replies++; }
      else if (l.startsWith('=== ') || l.startsWith('*** ')) notes++;
    }
    if (!replies && !(notes && /^=== Trying /m.test(lines.join('\n')))) return 0;
    return Math.min(1, ((marked + notes) / nonBlank) * 1.1);
  },

  createState: newClientState,

  classifyLine(text, s, e, out, st) {
    const d = swaksDir(text, s, e);
    if (d === Dir.Sent) { sent(text, Math.min(e, s + 4), e, out, st); return; }
    if (d === Dir.Received) { received(text, Math.min(e, s + 4), e, out, st); return; }
    if (text.startsWith('=== Trying ', s)) { out.kind = LineKind.Event; out.event = EventKind.Connect; st.inData = false; st.connected = true; return; }
    if (text.startsWith('=== Connection closed', s)) { out.kind = LineKind.Event; out.event = EventKind.Disconnect; st.connected = false; return; }
  },

  tokens(line) {
    const d = swaksDir(line, 0, line.length);
    if (!d) return line.length > 4 && (line.startsWith('===') || line.startsWith('***')) ? [{ kind: 'event', start: 4, end: line.length }] : [];
    const toks: LineToken[] = [];
    // the direction token covers the arrow's tip, so a hover reads '>' as sent and '<' as received
    const tip = d === Dir.Sent ? 2 : 0;
    toks.push({ kind: 'direction', start: tip, end: tip + 1 });
    const p = Math.min(line.length, 4);
    if (d === Dir.Received && replyCodeAt(line, p, line.length, more)) toks.push(...replyTokens(line, p, line.length));
    else if (d === Dir.Sent && smtpVerbAt(line, p, line.length)) toks.push(...commandTokens(line, p, line.length));
    return toks;
  },

  sessionLabel(first) {
    const m = /^=== Trying (\S+?)(?:\.\.\.)?$/.exec(first);
    return m ? `to ${m[1]}` : undefined;
  },
});

// ---------------------------------------------------------------- Python smtplib

/** End of the text of `send: '...\r\n'` / `reply: b'...\r\n'` (before \r\n and the closing quote). */
function pyEnd(text: string, p: number, e: number): number {
  let q = e;
  if (q > p && (text.charCodeAt(q - 1) === 39 || text.charCodeAt(q - 1) === 34)) q--;
  while (q - 2 >= p && text.charCodeAt(q - 2) === 92 && (text.charCodeAt(q - 1) === 110 || text.charCodeAt(q - 1) === 114)) q -= 2;
  return q;
}

/** Offset after an optional "HH:MM:SS.ffffff " (debuglevel 2). */
function afterPyTime(text: string, s: number, e: number): number {
  if (e - s > 16 && isDigit(text.charCodeAt(s)) && text.charCodeAt(s + 2) === 58 && text.charCodeAt(s + 5) === 58) {
    for (let sp = s + 8; sp < s + 17; sp++) if (text.charCodeAt(sp) === 32) return sp + 1;
  }
  return s;
}

/** Offset of the text inside the quotes of `'...'` / `b'...'` at p, or -1. */
function pyQuoted(text: string, p: number): number {
  if (text.charCodeAt(p) === 98) p++;
  const q = text.charCodeAt(p);
  return q === 39 || q === 34 ? p + 1 : -1;
}

export const smtplibDialect = defineDialect<ClientState>({
  id: 'smtplib',
  name: 'Python smtplib debug output',

  sniff(lines) {
    let hits = 0, replies = 0, nonBlank = 0;
    for (const l of lines) {
      if (!l.trim()) continue;
      nonBlank++;
      const p = afterPyTime(l, 0, l.length);
      if (l.startsWith("reply: b'", p) || l.startsWith('reply: b"', p)) { hits++; if (replyCodeAt(l, p + 9, l.length, more)) replies++; }
      else if (l.startsWith('send: ', p) || l.startsWith('reply: retcode', p) || l.startsWith('connect: ', p) || l.startsWith('data: (', p)) hits++;
    }
    return replies ? Math.min(1, (hits / nonBlank) * 1.1) : 0;
  },

  createState: newClientState,

  classifyLine(text, s, e, out, st) {
    const p = afterPyTime(text, s, e);
    if (text.startsWith('send: ', p)) {
      const q = pyQuoted(text, p + 6);
      if (q < 0) return;
      if (st.inData) { st.inData = false; out.dir = Dir.Sent; return; } // the message itself, with its final "."
      out.dir = Dir.Sent; out.payload = q; out.kind = LineKind.Command;
      return;
    }
    if (text.startsWith('reply: ', p)) {
      const q = pyQuoted(text, p + 7);
      if (q > 0) received(text, q, pyEnd(text, q, e), out, st);
      return;
    }
    if (text.startsWith('connect: to ', p) || text.startsWith('connect: (', p)) {
      if (!st.connected) { out.kind = LineKind.Event; out.event = EventKind.Connect; st.connected = true; st.inData = false; }
    }
  },

  tokens(line) {
    const e = line.length;
    const toks: LineToken[] = [];
    const p = afterPyTime(line, 0, e);
    if (p > 0) toks.push({ kind: 'timestamp', start: 0, end: p - 1 });
    if (line.startsWith('send: ', p)) {
      const q = pyQuoted(line, p + 6);
      if (q > 0 && smtpVerbAt(line, q, e)) toks.push(...commandTokens(line, q, pyEnd(line, q, e)));
    } else if (line.startsWith('reply: ', p)) {
      const q = pyQuoted(line, p + 7);
      if (q > 0 && replyCodeAt(line, q, e, more)) toks.push(...replyTokens(line, q, pyEnd(line, q, e)));
    } else if (line.startsWith('connect: ', p)) toks.push({ kind: 'event', start: p, end: e });
    return toks;
  },

  sessionLabel(first) {
    const m = /connect: (?:to )?\('([^']*)', (\d+)\)/.exec(first);
    return m ? `to ${m[1]}:${m[2]}` : undefined;
  },
});

// ---------------------------------------------------------------- nodemailer / MailKit (C: / S:)

/** Offset of a "C: " / "S: " marker in the first 100 characters (after start, a blank or "]"), or -1. */
export function csMarker(text: string, s: number, e: number): number {
  const lim = Math.min(e - 1, s + 100);
  for (let i = s; i < lim; i++) {
    const c = text.charCodeAt(i);
    if ((c === 67 || c === 83) && text.charCodeAt(i + 1) === 58 && (i + 2 === e || text.charCodeAt(i + 2) === 32)) {
      if (i === s) return i;
      const b = text.charCodeAt(i - 1);
      if (b === 32 || b === 93 || b === 9) return i;
    }
  }
  return -1;
}

export const clientLogDialect = defineDialect<ClientState>({
  id: 'client-log',
  name: 'SMTP client log (C: / S:)',

  sniff(lines) {
    let cs = 0, replies = 0, commands = 0, nonBlank = 0;
    for (const l of lines) {
      if (!l.trim()) continue;
      nonBlank++;
      const m = csMarker(l, 0, l.length);
      if (m < 0) { if (/Connection (?:established|closed)|^Connected to /.test(l)) cs++; continue; }
      cs++;
      const p = Math.min(l.length, m + 3);
      if (l.charCodeAt(m) === 83 && replyCodeAt(l, p, l.length, more)) replies++;
      if (l.charCodeAt(m) === 67 && smtpVerbAt(l, p, l.length)) commands++;
    }
    if (replies < 1 || commands < 1) return 0;
    return Math.min(1, (cs / nonBlank) * 1.1);
  },

  createState: newClientState,

  classifyLine(text, s, e, out, st) {
    const m = csMarker(text, s, e);
    if (m >= 0) {
      const p = Math.min(e, m + 3);
      if (text.charCodeAt(m) === 67) sent(text, p, e, out, st);
      else received(text, p, e, out, st);
      return;
    }
    const q = skipBlanks(text, s, e);
    if (text.startsWith('Connected to ', q) || containsWord(text, q, e, 'Connection established to ')) {
      if (!st.connected) { out.kind = LineKind.Event; out.event = EventKind.Connect; st.connected = true; st.inData = false; }
    } else if (containsWord(text, q, e, 'Connection closed')) {
      out.kind = LineKind.Event; out.event = EventKind.Disconnect; st.connected = false;
    }
  },

  tokens(line) {
    const e = line.length;
    const m = csMarker(line, 0, e);
    const toks: LineToken[] = [];
    const ts = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/.exec(m >= 0 ? line.slice(0, m) : line.slice(0, 40));
    if (ts) toks.push({ kind: 'timestamp', start: ts.index, end: ts.index + ts[0].length });
    if (m < 0) { if (/Connect/.test(line)) toks.push({ kind: 'event', start: ts ? ts.index + ts[0].length + 1 : 0, end: e }); return toks; }
    const p = Math.min(e, m + 3);
    if (line.charCodeAt(m) === 83 && replyCodeAt(line, p, e, more)) toks.push(...replyTokens(line, p, e));
    else if (line.charCodeAt(m) === 67 && smtpVerbAt(line, p, e)) toks.push(...commandTokens(line, p, e));
    return toks;
  },

  sessionLabel(first) {
    const m = /(?:Connection established to|Connected to) (\S+?)\.?$/.exec(first) ?? /(?:Connection established to|Connected to) (\S+)/.exec(first);
    return m ? `to ${m[1]}` : undefined;
  },
});

/** Does text[s..e) contain w? (bounded: never scans past the line) */
function containsWord(text: string, s: number, e: number, w: string): boolean {
  const c0 = w.charCodeAt(0);
  for (let i = s, last = e - w.length; i <= last; i++) if (text.charCodeAt(i) === c0 && text.startsWith(w, i)) return true;
  return false;
}

// ---------------------------------------------------------------- telnet / openssl s_client

export const telnetDialect = defineDialect<ClientState>({
  id: 'telnet',
  name: 'SMTP session typed by hand (telnet / openssl s_client)',

  sniff(lines) {
    const verbs = new Set<string>();
    let replies = 0, commands = 0, nonBlank = 0;
    for (const l of lines) {
      if (!l.trim()) continue;
      nonBlank++;
      if (replyCodeAt(l, 0, l.length, more) && (l.length === 3 || /^\d{3}[ -]\S/.test(l))) { replies++; continue; }
      const n = smtpVerbAt(l, 0, l.length);
      if (n) { commands++; verbs.add(l.slice(0, n).toUpperCase()); }
    }
    // several different SMTP verbs AND several replies, so ordinary text is never taken for a session
    if (verbs.size < 2 || replies < 2 || commands < 2) return 0;
    return Math.min(0.6, 0.2 + ((replies + commands) / nonBlank) * 0.4);
  },

  createState: newClientState,

  classifyLine(text, s, e, out, st) {
    if (st.inData) { sent(text, s, e, out, st); if (out.kind === LineKind.Other) out.dir = Dir.None; return; }
    if (received(text, s, e, out, st)) { st.afterAuth = out.code === 334; return; }
    if (smtpVerbAt(text, s, e) || (st.afterAuth && e - s >= 2 && text.charCodeAt(s) !== 32)) {
      st.afterAuth = false;
      out.kind = LineKind.Command; out.dir = Dir.Sent; out.payload = s;
      return;
    }
    if (text.startsWith('Trying ', s) || text.startsWith('Connected to ', s) || text.startsWith('CONNECTED(', s)) {
      if (!st.connected) { out.kind = LineKind.Event; out.event = EventKind.Connect; st.connected = true; }
      return;
    }
    if (text.startsWith('Connection closed', s) || text.startsWith('closed', s) || text.startsWith('DONE', s)) {
      out.kind = LineKind.Event; out.event = EventKind.Disconnect; st.connected = false;
    }
  },

  tokens(line) {
    const e = line.length;
    if (replyCodeAt(line, 0, e, more)) return replyTokens(line, 0, e);
    if (smtpVerbAt(line, 0, e)) return commandTokens(line, 0, e);
    return line.trim() ? [{ kind: 'event', start: 0, end: e }] : [];
  },

  sessionLabel(first) {
    const m = /^(?:Trying|Connected to) (\S+?)\.*$/.exec(first);
    return m ? `to ${m[1]}` : undefined;
  },
});
