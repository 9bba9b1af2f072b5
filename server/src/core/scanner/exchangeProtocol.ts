/**
 * Exchange 2007-2019 SMTP protocol logs (SmtpReceive `RECV*.LOG`, SmtpSend `SEND*.LOG`): CSV rows
 * `date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context`
 * under `#Software` / `#Log-type` / `#Fields` directives (re-read whenever they repeat), quoted fields
 * with commas and doubled quotes, UTF-8 BOM, CRLF. Also rows without any header (copied out of a
 * log), recognised by their shape.
 *
 * Rows of many sessions interleave: every row is keyed by its session-id. Events: `+` connect,
 * `-` disconnect, `*` information (permissions, TLS, "receiving message": never a reply), `<` data
 * received by this server, `>` data it sent. In a Receive log `<` rows are the client's commands and
 * `>` rows Exchange's replies; in a Send log `>` rows are Exchange's commands and `<` rows the remote
 * server's replies. The `#Log-type` decides; without it the first row that shows it does (a `<` row
 * that is a reply code means Send). A reply is always one row (a multi-line EHLO reply too).
 */
import { defineDialect } from './dialect';
import { Dir, EventKind, LineKind, type LineToken } from './tokens';
import { isAlpha, isDigit, replyCodeAt } from './chars';
import { commandTokens, replyTokens } from './lineTokens';
import { columnIndexes, columnsMemo, type CommaMemo, fieldNames, Fields, fieldValue, isIsoDateTime, isOtherDirective, newCommaMemo, skipBom, sniffCsv, splitCsv, startLine, unquote } from './csv';

const WANTED = {
  time: 'date-time', session: 'session-id', seq: 'sequence-number', local: 'local-endpoint',
  remote: 'remote-endpoint', event: 'event', data: 'data', context: 'context',
} as const;
type Cols = Record<keyof typeof WANTED, number>;
const DEFAULT_NAMES = ['date-time', 'connector-id', 'session-id', 'sequence-number', 'local-endpoint', 'remote-endpoint', 'event', 'data', 'context'];
export const DEFAULT_COLS: Cols = columnIndexes(DEFAULT_NAMES, WANTED);

/** Which side the server that wrote the log played. */
export const Role = { Unknown: 0, Receive: 1, Send: 2 } as const;

interface ExState { f: Fields; c: Cols; role: number; v: { s: number; e: number }; commas: CommaMemo }

const more = { more: false };

/** Columns of a `#Fields:` line of a protocol log, or undefined when it is another log's. */
function protocolColumns(text: string, s: number, e: number): Cols | undefined {
  const names = fieldNames(text, s, e, ',');
  if (!names || !names.includes('session-id') || !names.includes('event') || !names.includes('sequence-number')) return undefined;
  return columnIndexes(names, WANTED);
}

/** Is the split row a protocol-log row (date-time, session-id, a one-character event)? */
function isRow(text: string, f: Fields, c: Cols): boolean {
  if (f.count <= c.event || c.event < 0 || c.session < 0) return false;
  const t = c.time >= 0 ? f.starts[c.time] : -1;
  if (t >= 0 && !isIsoDateTime(text, t, f.end(c.time))) return false;
  const a = f.starts[c.session], b = f.end(c.session);
  if (b - a < 4 || b - a > 64) return false;
  for (let i = a; i < b; i++) { const ch = text.charCodeAt(i); if (!isDigit(ch) && !isAlpha(ch) && ch !== 45) return false; }
  const ev = f.starts[c.event];
  if (f.end(c.event) !== ev + 1) return false;
  const ch = text.charCodeAt(ev);
  return ch === 43 || ch === 45 || ch === 60 || ch === 62 || ch === 42;
}

/** Role from a `#Log-type:` line, or Unknown. */
function roleOf(text: string, s: number, e: number): number {
  if (!text.startsWith('#Log-type:', s)) return Role.Unknown;
  const t = text.slice(s, Math.min(e, s + 60));
  return /SMTP Receive/i.test(t) ? Role.Receive : /SMTP Send/i.test(t) ? Role.Send : Role.Unknown;
}

const colsFor = columnsMemo(h => protocolColumns(h, 0, h.length), DEFAULT_COLS);

/**
 * The fields of the last row read on its own. One for all calls: the outline and the problems read
 * each row several times, and a typed array per read was most of the cost; every caller uses the
 * fields before the next row is read (nothing here calls back into rowOf).
 */
const rowFields = new Fields(16);

/**
 * Parse one line on its own (tokens, hovers): fields and columns, or undefined when it is no
 * protocol-log row. `upTo`: the last column the caller reads (the row is split no further than the
 * columns that say it is a row and that one; the data and context columns are the long ones).
 */
function rowOf(line: string, header: string | undefined, upTo?: keyof Cols): { f: Fields; c: Cols } | undefined {
  const s = skipBom(line, 0, line.length);
  if (line.charCodeAt(s) === 35) return undefined;
  const f = rowFields;
  const c = colsFor(header);
  splitCsv(line, s, line.length, f, upTo === undefined ? undefined : Math.max(c[upTo], c.event, c.session, c.time) + 2);
  return isRow(line, f, c) ? { f, c } : undefined;
}

const field = fieldValue;

export const exchangeProtocolDialect = defineDialect<ExState>({
  id: 'exchange-protocol',
  name: 'Exchange protocol log (SmtpReceive / SmtpSend)',

  sniff(lines) {
    const f = new Fields(16);
    return sniffCsv(lines, f, (l, s) => roleOf(l, s, l.length) !== Role.Unknown || !!protocolColumns(l, s, l.length), l => isRow(l, f, DEFAULT_COLS));
  },

  createState: () => ({ f: new Fields(16), c: DEFAULT_COLS, role: Role.Unknown, v: { s: 0, e: 0 }, commas: newCommaMemo() }),

  classifyLine(text, line, e, out, st) {
    const s = startLine(text, line, e, out);
    if (s < 0) return;
    if (text.charCodeAt(s) === 35) {
      const cols = protocolColumns(text, s, e);
      const role = roleOf(text, s, e);
      if (cols) st.c = cols;
      if (role !== Role.Unknown) st.role = role;
      // in a file of several formats only this format's own directives are claimed
      if (cols || role !== Role.Unknown || isOtherDirective(text, s, e)) out.kind = LineKind.Header;
      return;
    }
    const f = st.f, c = st.c;
    // the classifier needs the columns up to data; context stays one unsplit field
    splitCsv(text, s, e, f, Math.max(c.data, c.event, c.session, c.time) + 2, st.commas);
    if (!isRow(text, f, c)) return;
    out.key = text.slice(f.starts[c.session], f.end(c.session));
    const ev = text.charCodeAt(f.starts[c.event]);
    if (ev === 43) { out.kind = LineKind.Event; out.event = EventKind.Connect; return; }
    if (ev === 45) { out.kind = LineKind.Event; out.event = EventKind.Disconnect; return; }
    if (ev === 42 || c.data < 0 || !f.has(c.data)) return; // "*": information, part of the session
    unquote(text, f.starts[c.data], f.end(c.data), st.v);
    const ds = st.v.s, de = st.v.e;
    if (ds >= de) return;
    const code = replyCodeAt(text, ds, de, more);
    if (st.role === Role.Unknown) {
      // without #Log-type the first telling row decides: a reply received (or a command sent) means Send
      if (code) st.role = ev === 60 ? Role.Send : Role.Receive;
      else if (isAlpha(text.charCodeAt(ds))) st.role = ev === 60 ? Role.Receive : Role.Send;
    }
    const commandSide = st.role === Role.Send ? 62 : 60;
    out.dir = ev === 60 ? Dir.Received : Dir.Sent;
    out.payload = ds;
    if (ev === commandSide) {
      // a command starts with its verb; masked data ("<authentication response>") is not one
      if (!code && isAlpha(text.charCodeAt(ds))) out.kind = LineKind.Command;
    } else if (code) {
      out.kind = LineKind.Reply; out.code = code; // one row is the whole reply, "250-..." included
    }
  },

  tokens(line, header) {
    const r = rowOf(line, header);
    if (!r) return [];
    const { f, c } = r;
    const toks: LineToken[] = [];
    if (c.time >= 0) toks.push({ kind: 'timestamp', start: f.starts[c.time], end: f.end(c.time) });
    toks.push({ kind: 'session', start: f.starts[c.session], end: f.end(c.session) });
    toks.push({ kind: 'direction', start: f.starts[c.event], end: f.starts[c.event] + 1 });
    const ev = line.charCodeAt(f.starts[c.event]);
    const v = { s: 0, e: 0 };
    if ((ev === 60 || ev === 62) && f.has(c.data)) {
      unquote(line, f.starts[c.data], f.end(c.data), v);
      if (replyCodeAt(line, v.s, v.e, more)) toks.push(...replyTokens(line, v.s, v.e));
      else if (isAlpha(line.charCodeAt(v.s))) toks.push(...commandTokens(line, v.s, v.e));
    } else if (f.has(c.data)) {
      const a = f.starts[c.data], b = f.count > c.context ? f.end(c.context) : f.end(c.data);
      if (b > a + 1) toks.push({ kind: 'event', start: a, end: b });
    }
    return toks;
  },

  // quoted CSV fields double their quotes
  decodeText: text => text.replace(/""/g, '"'),

  remoteOf(line, header) {
    const r = rowOf(line, header, 'remote');
    return r ? field(line, r.f, r.c.remote) || undefined : undefined;
  },

  sequence(line, header) {
    const r = rowOf(line, header, 'seq');
    if (!r || !r.f.has(r.c.seq)) return NaN;
    const a = r.f.starts[r.c.seq], b = r.f.end(r.c.seq);
    let n = 0;
    if (a === b) return NaN;
    for (let i = a; i < b; i++) { const ch = line.charCodeAt(i); if (!isDigit(ch)) return NaN; n = n * 10 + ch - 48; }
    return n;
  },

  describe(line, tok, outbound, header) {
    if (tok.kind !== 'direction') return undefined;
    const r = rowOf(line, header);
    if (!r) return undefined;
    const ev = line.charAt(tok.start);
    const data = field(line, r.f, r.c.data);
    const isCode = replyCodeAt(data, 0, data.length, more) > 0;
    // the row itself tells which log this is; `+ - *` rows rely on the session
    const send = ev === '<' ? isCode : ev === '>' ? !isCode && data !== '' : outbound;
    const log = send ? 'Send log: Exchange is the client and the remote server answers'
      : 'Receive log: Exchange is the server and the remote host is the client';
    switch (ev) {
      case '+': return { head: ev, what: 'connect', text: `The connection opened (${log}). Local and remote endpoints are in the columns before; every row with this session-id belongs to this connection.` };
      case '-': return { head: ev, what: 'disconnect', text: `The connection closed (${log}). The context column says which side closed it: Local = this Exchange server, Remote = the other side.` };
      case '*': return { head: ev, what: 'information', text: 'A note Exchange wrote about the session, not SMTP traffic: session permissions, TLS negotiation and certificates, "receiving message", tarpit delays, proxy decisions. A reply code quoted here was not sent on this row.' };
      case '<': return { head: ev, what: 'received', text: send ? `by this Exchange server: the remote server's reply to Exchange's command (${log}).` : `by this Exchange server: a command from the client (${log}).` };
      case '>': return { head: ev, what: 'sent', text: send ? `by this Exchange server: its command to the remote server (${log}).` : `by this Exchange server: its reply to the client (${log}).` };
      default: return undefined;
    }
  },
});
