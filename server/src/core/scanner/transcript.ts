/**
 * Transcripts with `<<<` / `>>>` direction markers: the Exchange 5.5/2000/2003 SMTP protocol log
 * (`4/2/01 11:44:31 AM : <<< HELO x`, `>>> 250 OK`, `<<< IO: |...` echo lines, continuation lines of
 * multi-line replies without prefix, `A connection was accepted from ...`) and the same markers pasted
 * without timestamps. Whether a line is a command or a reply is decided by its content, never by the
 * marker: in an outbound session `>>>` lines are our commands and `<<<` lines the remote's replies.
 */
import { defineDialect } from './dialect';
import { Dir, type DirValue, EventKind, LineKind, type LineFacts, type LineToken } from './tokens';
import { isDigit, replyCodeAt, skipBlanks, startsWithCI } from './chars';
import { commandTokens, replyTokens } from './lineTokens';

interface TranscriptState {
  inReply: boolean; replyDir: number; inData: boolean;
  /** the next " : " at or after the last line looked at (-1: not searched yet, text.length: none) */
  sep: number;
  /** the text `sep` is an offset in (a parse may go on in another text: see LogModel.pieces) */
  sepIn: string;
}

const more = { more: false };

/** Offset after a "M/D/YY h:mm:ss AM : " prefix, or p when there is none. */
export function afterTimestamp(text: string, p: number, e: number): number {
  if (p >= e || !isDigit(text.charCodeAt(p))) return p;
  // the timestamp is at most 40 characters: never search past that (or past the line), so a file of
  // lines that start with digits but have no " : " stays linear
  const limit = Math.min(e - 2, p + 41);
  for (let q = p + 1; q < limit; q++) {
    if (text.charCodeAt(q) === 32 && text.charCodeAt(q + 1) === 58 && text.charCodeAt(q + 2) === 32) return q + 3;
  }
  return p;
}

/**
 * afterTimestamp for the classify pass, which sees the lines in order: the position of the next " : "
 * is remembered in the state, so the text is searched by V8's native indexOf (faster here than any
 * character loop), and never twice over the same stretch: linear even when no line has a " : ".
 */
function afterTimestampInOrder(text: string, p: number, e: number, st: TranscriptState): number {
  if (p >= e || !isDigit(text.charCodeAt(p))) return p;
  if (st.sep < p || st.sepIn !== text) { st.sepIn = text; st.sep = text.indexOf(' : ', p); if (st.sep < 0) st.sep = text.length; }
  const q = st.sep;
  return q > p && q < e && q - p <= 40 ? q + 3 : p;
}

function markerAt(text: string, p: number, e: number): DirValue {
  if (p + 3 > e) return Dir.None;
  const a = text.charCodeAt(p);
  if ((a !== 60 && a !== 62) || text.charCodeAt(p + 1) !== a || text.charCodeAt(p + 2) !== a) return Dir.None;
  if (p + 3 < e) { const c = text.charCodeAt(p + 3); if (c !== 32 && c !== 9) return Dir.None; }
  return a === 60 ? Dir.Received : Dir.Sent;
}

const SMTP_VERB = /^(HELO|EHLO|MAIL FROM|RCPT TO|DATA|QUIT|RSET|STARTTLS|AUTH|IO: \|)/i;

/**
 * Commands a client wrote in one go, separated by a written "\r\n" (test harnesses that pipeline:
 * `>>> rset\r\nmail from:<a@b>\r\nrcpt to:<c@d>`): each of them gets its own reply.
 */
function commandsIn(text: string, p: number, e: number): number {
  let n = 1;
  for (let i = p + 1; i + 4 < e; i++) {
    if (text.charCodeAt(i) === 92 && text.charCodeAt(i + 1) === 114 && text.charCodeAt(i + 2) === 92 && text.charCodeAt(i + 3) === 110) { n++; i += 3; }
  }
  return n;
}

const REPL_BANNER = /^(?:Python \d+\.\d+|Type "help", "copyright"|IPython \d|In \[\d+\]: |Welcome to Node\.js v\d|Ruby \d|irb\(main\))/;

const CONNECT_TEXTS = ['a connection was accepted from', 'connecting to ', 'connected to '];
const DISCONNECT_TEXTS = ['connection closed', 'the connection was closed', 'disconnected'];

export const transcriptDialect = defineDialect<TranscriptState>({
  id: 'exchange-transcript',
  name: 'SMTP transcript (<<< / >>>)',

  sniff(lines) {
    let marked = 0, replies = 0, nonBlank = 0, dirs = 0;
    for (const l of lines) {
      if (!l.trim()) continue;
      // ">>>" is also the prompt of a Python (or other) REPL session: its banner says so
      if (REPL_BANNER.test(l)) return 0;
      nonBlank++;
      const p = afterTimestamp(l, skipBlanks(l, 0, l.length), l.length);
      const d = markerAt(l, p, l.length);
      if (d) {
        marked++;
        dirs |= d;
        const q = skipBlanks(l, p + 3, l.length);
        if (replyCodeAt(l, q, l.length, more) || SMTP_VERB.test(l.slice(q, q + 12))) replies++;
      }
    }
    // a transcript has both directions, or (pasted half of one) mostly replies and SMTP commands;
    // a REPL has one prompt, and ">>> import re" is neither
    if (!marked || !replies || (dirs !== (Dir.Received | Dir.Sent) && replies * 2 < marked)) return 0;
    return Math.min(1, (marked / nonBlank) * 1.2);
  },

  createState: () => ({ inReply: false, replyDir: 0, inData: false, sep: -1, sepIn: '' }),

  classifyLine(text, s, e, out, st) {
    let p = skipBlanks(text, s, e);
    p = afterTimestampInOrder(text, p, e, st);
    const dir = markerAt(text, p, e);
    if (dir) {
      out.dir = dir;
      p = skipBlanks(text, p + 3, e);
      out.payload = p;
      if ((text.charCodeAt(p) | 32) === 105 && startsWithCI(text, p, e, 'io:')) { out.kind = LineKind.Echo; st.inReply = false; return; }
      const code = replyCodeAt(text, p, e, more);
      // while the message is sent, the client's lines are data even when they start with digits
      const data = st.inData && dir !== st.replyDir;
      if (code && !data) {
        out.code = code; out.kind = more.more ? LineKind.ReplyMore : LineKind.Reply;
        st.inReply = more.more; st.replyDir = dir;
        // after 354 the client's lines are the message, up to the "." line
        st.inData = code === 354 && !more.more;
        return;
      }
      st.inReply = false;
      if (data) {
        // a line of the message (when a client's transcript writes it), or the "." that ends it
        if (text.charCodeAt(p) === 46 && (p + 1 === e || text.startsWith('\\r\\n', p + 1))) {
          st.inData = false; out.kind = LineKind.Command; out.commands = commandsIn(text, p, e);
        } else out.kind = LineKind.Other;
        return;
      }
      out.kind = p < e ? LineKind.Command : LineKind.Other;
      if (p < e) out.commands = commandsIn(text, p, e);
      return;
    }
    out.payload = p;
    if (st.inReply) {
      // continuation line of a multi-line reply, written without timestamp or marker
      const code = replyCodeAt(text, p, e, more);
      if (code) {
        out.code = code; out.dir = st.replyDir as LineFacts['dir'];
        out.kind = more.more ? LineKind.ReplyMore : LineKind.Reply;
        st.inReply = more.more;
        return;
      }
    }
    st.inReply = false;
    for (const t of CONNECT_TEXTS) if (startsWithCI(text, p, e, t)) { out.kind = LineKind.Event; out.event = EventKind.Connect; st.inData = false; return; }
    for (const t of DISCONNECT_TEXTS) if (startsWithCI(text, p, e, t)) { out.kind = LineKind.Event; out.event = EventKind.Disconnect; st.inData = false; return; }
    out.kind = LineKind.Other;
  },

  tokens(line) {
    const toks: LineToken[] = [];
    let p = skipBlanks(line, 0, line.length);
    const afterTs = afterTimestamp(line, p, line.length);
    if (afterTs !== p) { toks.push({ kind: 'timestamp', start: p, end: afterTs - 3 }); p = afterTs; }
    const dir = markerAt(line, p, line.length);
    if (dir) {
      toks.push({ kind: 'direction', start: p, end: p + 3 });
      p = skipBlanks(line, p + 3, line.length);
    }
    if (startsWithCI(line, p, line.length, 'io:')) {
      const bar = line.indexOf('|', p);
      if (bar >= 0) toks.push(...commandTokens(line, bar + 1, line.endsWith('|') ? line.length - 1 : line.length));
      return toks;
    }
    if (replyCodeAt(line, p, line.length, more)) { toks.push(...replyTokens(line, p, line.length)); return toks; }
    if (dir) { toks.push(...commandTokens(line, p, line.length)); return toks; }
    if (p < line.length) toks.push({ kind: 'event', start: p, end: line.length });
    return toks;
  },
});
