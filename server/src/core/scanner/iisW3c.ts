/**
 * IIS SMTP service / Exchange 2000-2003 SMTP virtual server logs in W3C extended format
 * (`SMTPSVC1\exYYMMDD.log`): `#Software: Microsoft Internet Information Services`, `#Fields: date time
 * c-ip cs-username s-sitename ... cs-method cs-uri-stem cs-uri-query sc-status ...`, space-separated
 * rows. The column set is the administrator's choice: every `#Fields` line is re-read; rows without
 * any header (copied into a ticket, quoted after "log 1 pass = " in rule tests) are read with the
 * default full set when they show an SMTP site (`SMTPSVC1`) or `cs-version` SMTP.
 *
 *  - An inbound row is a command AND its reply: cs-method (+ cs-uri-query, "+" for spaces) is what
 *    the client sent, sc-status what the server answered. It pairs with itself. `xxxx` is a command
 *    the server did not recognise (sc-status 500). QUIT rows carry 240, which is no SMTP code.
 *  - Outbound rows: cs-username `OutboundConnectionCommand` (our command, sc-status 0) and
 *    `OutboundConnectionResponse` (the remote reply, in cs-uri-query: `421+4.7.0+...`).
 *  - Sessions (no session id in the log): the rows of one client address from HELO/EHLO to QUIT; a
 *    new HELO after a MAIL (or a second HELO without STARTTLS) starts a new connection. Outbound
 *    sessions: the rows of one remote address from its 220 greeting to 221.
 */
import { defineDialect, type FieldNote } from './dialect';
import { Dir, EventKind, LineKind, type LineToken, newFacts } from './tokens';
import { isDigit } from './chars';
import { columnIndexes, columnsMemo, fieldIs, fieldIsCI, fieldNames, Fields, isDate, isDirective, isTime, skipBom, splitSpaces, startLine } from './csv';

const WANTED = {
  date: 'date', time: 'time', cip: 'c-ip', user: 'cs-username', site: 's-sitename', method: 'cs-method',
  query: 'cs-uri-query', status: 'sc-status', version: 'cs-version',
} as const;
type Cols = Record<keyof typeof WANTED, number>;
const DEFAULT_NAMES = ['date', 'time', 'c-ip', 'cs-username', 's-sitename', 's-computername', 's-ip', 's-port', 'cs-method', 'cs-uri-stem',
  'cs-uri-query', 'sc-status', 'sc-win32-status', 'sc-bytes', 'cs-bytes', 'time-taken', 'cs-version', 'cs-host', 'cs(user-agent)', 'cs(cookie)', 'cs(referer)'];
const DEFAULT_COLS: Cols = columnIndexes(DEFAULT_NAMES, WANTED);

const OUT_COMMAND = 'OutboundConnectionCommand';
const OUT_RESPONSE = 'OutboundConnectionResponse';

/** Per-connection flags of inbound sessions (HELO seen, MAIL seen, STARTTLS seen) and outbound ones (STARTTLS sent). */
const F_HELO = 1, F_MAIL = 2, F_TLS = 4;

/** A client's connection: its key as first seen (handed to the parser) and its flags. */
interface IisConn { key: string; fl: number }
interface IisState { f: Fields; c: Cols; declared: boolean; software: boolean; conns: Map<string, IisConn> }

/**
 * The connection of a key (made with no flags when it has none). Its key is the row's slice, not a copy:
 * the rows of a connection follow each other closely, so that part of the text is still at hand.
 */
function connOf(st: IisState, key: string): IisConn {
  let c = st.conns.get(key);
  if (c === undefined) st.conns.set(key, c = { key, fl: 0 });
  return c;
}

/** SMTP verbs (and IIS' xxxx) that make a row an SMTP row in a log of unknown site. */
const VERBS = new Set(['HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'QUIT', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'AUTH', 'STARTTLS',
  'TURN', 'ETRN', 'ATRN', 'HELP', 'XEXCH50', 'X-EXPS', 'X-LINK2STATE', 'X-ANONYMOUSTLS', 'XXXX']);

function smtpColumns(header: string): Cols | undefined {
  const names = fieldNames(header, 0, header.length, ' ');
  if (!names || !names.includes('cs-method') || !names.includes('c-ip')) return undefined;
  return columnIndexes(names, WANTED);
}
const colsFor = columnsMemo(smtpColumns, DEFAULT_COLS);

/** Where the row starts: at s, or after "... = " when a rule test quotes it. -1 when no row. */
function rowStart(text: string, s: number, e: number, c: Cols): number {
  s = skipBom(text, s, e);
  const first = c.date >= 0 ? c.date : c.time;
  if (first !== 0) return s;
  if (stampAt(text, s, e, c)) return s;
  const lim = Math.min(e - 3, s + 40);
  for (let i = s + 1; i < lim; i++) if (text.charCodeAt(i) === 61 && text.charCodeAt(i + 1) === 32 && text.charCodeAt(i - 1) === 32 && stampAt(text, i + 2, e, c)) return i + 2;
  return -1;
}

/** Does the row's first column (its date, or its time) start at p? (A function, not a closure per row.) */
function stampAt(text: string, p: number, e: number, c: Cols): boolean {
  return c.date === 0 ? isDate(text, p, e) : isTime(text, p, e);
}

/** Is the split row an SMTP row? `declared`: a #Fields line says what the columns are. */
function isRow(text: string, f: Fields, c: Cols, declared: boolean): boolean {
  if (c.method < 0 || c.cip < 0 || f.count <= c.method || f.count <= c.cip || f.empty(c.method) || f.empty(c.cip)) return false;
  if (c.date >= 0 && (!f.has(c.date) || !isDate(text, f.starts[c.date], f.end(c.date)))) return false;
  if (c.time >= 0 && (!f.has(c.time) || !isTime(text, f.starts[c.time], f.end(c.time)))) return false;
  if (c.site >= 0 && f.has(c.site) && text.startsWith('SMTPSVC', f.starts[c.site])) return true;
  if (c.version >= 0 && f.has(c.version) && fieldIs(text, f.starts[c.version], f.end(c.version), 'SMTP')) return true;
  if (!declared) return false;
  const m = text.slice(f.starts[c.method], f.end(c.method)).toUpperCase();
  return VERBS.has(m) || m === '-';
}

/** The 3-digit number of field i (200..599), or 0. */
function statusOf(text: string, f: Fields, i: number): number {
  if (!f.has(i) || f.end(i) - f.starts[i] !== 3) return 0;
  const p = f.starts[i];
  const a = text.charCodeAt(p), b = text.charCodeAt(p + 1), d = text.charCodeAt(p + 2);
  if (a < 50 || a > 53 || !isDigit(b) || !isDigit(d)) return 0;
  return (a - 48) * 100 + (b - 48) * 10 + (d - 48);
}

/** A reply code at the start of an outbound response's cs-uri-query ("421+4.7.0+...", "250-rly..."), or 0. */
function responseCode(text: string, p: number, e: number): number {
  if (p + 3 > e) return 0;
  const a = text.charCodeAt(p), b = text.charCodeAt(p + 1), d = text.charCodeAt(p + 2);
  if (a < 50 || a > 53 || !isDigit(b) || !isDigit(d)) return 0;
  if (p + 3 < e) { const x = text.charCodeAt(p + 3); if (x !== 43 && x !== 45 && x !== 32) return 0; }
  return (a - 48) * 100 + (b - 48) * 10 + (d - 48);
}

/** Parse one line on its own (tokens, hovers): fields and columns, or undefined when it is no SMTP row. */
function rowOf(line: string, header: string | undefined): { f: Fields; c: Cols } | undefined {
  const c = colsFor(header);
  const s = rowStart(line, 0, line.length, c);
  if (s < 0 || line.charCodeAt(s) === 35) return undefined;
  const f = new Fields(40);
  splitSpaces(line, s, line.length, f);
  return isRow(line, f, c, header !== undefined) ? { f, c } : undefined;
}

const decode = (s: string) => s.replace(/\+/g, ' ');
const val = (line: string, f: Fields, i: number) => (f.has(i) ? line.slice(f.starts[i], f.end(i)) : '');

export const iisW3cDialect = defineDialect<IisState>({
  id: 'iis-smtp',
  name: 'IIS SMTP / Exchange 2000-2003 W3C log',

  sniff(lines) {
    // the classifier itself decides, with the #Fields it meets on the way
    const st = iisW3cDialect.createState();
    const facts = newFacts();
    let rows = 0, nonBlank = 0;
    for (const l of lines) {
      const s = skipBom(l, 0, l.length);
      if (s === l.length || !l.trim()) continue;
      const directive = isDirective(l, s, l.length);
      if (!directive) nonBlank++;
      iisW3cDialect.classify(l, 0, l.length, facts, st);
      if (facts.kind === LineKind.Reply || facts.kind === LineKind.Command) rows++;
    }
    if (!rows) return 0;
    if (st.software && st.declared) return 1;
    return Math.min(1, 0.3 + (rows / Math.max(1, nonBlank)) * 0.7);
  },

  createState: () => ({ f: new Fields(40), c: DEFAULT_COLS, declared: false, software: false, conns: new Map() }),

  classifyLine(text, s, e, out, st) {
    const b = startLine(text, s, e, out);
    if (b < 0) return;
    if (text.charCodeAt(b) === 35) {
      if (text.startsWith('#Fields:', b)) {
        const cols = smtpColumns(text.slice(b, e));
        if (!cols) return; // another log's columns
        st.c = cols; st.declared = true;
        out.kind = LineKind.Header;
      } else if (text.startsWith('#Software: Microsoft Internet Information Services', b)) {
        st.software = true; out.kind = LineKind.Header;
      } else if ((st.software || st.declared) && isDirective(text, b, e)) out.kind = LineKind.Header;
      return;
    }
    const c = st.c, f = st.f;
    const r = rowStart(text, s, e, c);
    if (r < 0) return;
    splitSpaces(text, r, e, f);
    if (!isRow(text, f, c, st.declared)) return;
    const ms = f.starts[c.method], me = f.end(c.method);
    const cs = f.starts[c.cip], ce = f.end(c.cip);
    const us = c.user >= 0 && f.has(c.user) ? f.starts[c.user] : -1, ue = us >= 0 ? f.end(c.user) : -1;
    out.payload = ms;
    if (us >= 0 && fieldIs(text, us, ue, OUT_COMMAND)) {
      if (fieldIs(text, ms, me, '-')) return;
      const conn = connOf(st, '>' + text.slice(cs, ce));
      out.key = conn.key; out.keyKept = true; out.kind = LineKind.Command; out.dir = Dir.Sent;
      conn.fl = fieldIsCI(text, ms, me, 'starttls') ? conn.fl | F_TLS : conn.fl & ~F_TLS;
      return;
    }
    if (us >= 0 && fieldIs(text, us, ue, OUT_RESPONSE)) {
      if (c.query < 0 || !f.has(c.query)) return;
      const qs = f.starts[c.query];
      const code = responseCode(text, qs, f.end(c.query));
      if (!code) return;
      const conn = connOf(st, '>' + text.slice(cs, ce));
      out.key = conn.key; out.keyKept = true; out.kind = LineKind.Reply; out.code = code; out.dir = Dir.Received; out.payload = qs;
      const fl = conn.fl;
      // a greeting opens a connection (the 220 after STARTTLS does not)
      if (code === 220 && !(fl & F_TLS)) out.event = EventKind.Connect;
      if (code === 220) conn.fl = fl & ~F_TLS;
      return;
    }
    const code = c.status >= 0 ? statusOf(text, f, c.status) : 0;
    if (!code) return;
    // inbound: the client address (with the space before it when there is one: one slice, no concatenation)
    const conn = connOf(st, text.slice(cs > r ? cs - 1 : cs, ce));
    out.key = conn.key; out.keyKept = true; out.kind = LineKind.Reply; out.self = true; out.code = code; out.dir = Dir.Received;
    let fl = conn.fl;
    if (fieldIsCI(text, ms, me, 'helo') || fieldIsCI(text, ms, me, 'ehlo')) {
      if ((fl & F_MAIL) || ((fl & F_HELO) && !(fl & F_TLS))) out.event = EventKind.Connect;
      fl = F_HELO;
    } else if (fieldIsCI(text, ms, me, 'mail')) fl |= F_MAIL;
    else if (fieldIsCI(text, ms, me, 'starttls')) fl |= F_TLS;
    else if (fieldIsCI(text, ms, me, 'quit')) { out.event = EventKind.Disconnect; st.conns.delete(conn.key); return; }
    conn.fl = fl;
  },

  tokens(line, header) {
    const r = rowOf(line, header);
    if (!r) return [];
    const { f, c } = r;
    const toks: LineToken[] = [];
    if (c.date >= 0 && c.time === c.date + 1) toks.push({ kind: 'timestamp', start: f.starts[c.date], end: f.end(c.time) });
    else if (c.time >= 0) toks.push({ kind: 'timestamp', start: f.starts[c.time], end: f.end(c.time) });
    const user = val(line, f, c.user);
    const ms = f.starts[c.method], me = f.end(c.method);
    const qs = c.query >= 0 && f.has(c.query) ? f.starts[c.query] : -1, qe = qs >= 0 ? f.end(c.query) : -1;
    if (user === OUT_COMMAND || user === OUT_RESPONSE) toks.push({ kind: 'note', start: f.starts[c.user], end: f.end(c.user) });
    if (user === OUT_RESPONSE) {
      if (qs >= 0 && responseCode(line, qs, qe)) {
        toks.push({ kind: 'code', start: qs, end: qs + 3 });
        let q = qs + 4;
        const m = /^[245]\.\d{1,3}\.\d{1,3}(?=$|[+\s;,:)\]])/.exec(line.slice(q, Math.min(qe, q + 12)));
        if (m) { toks.push({ kind: 'enhanced', start: q, end: q + m[0].length }); q += m[0].length + 1; }
        if (q < qe) toks.push({ kind: 'text', start: q, end: qe });
      }
      return toks;
    }
    const xxxx = fieldIsCI(line, ms, me, 'xxxx');
    toks.push({ kind: xxxx ? 'note' : 'verb', start: ms, end: me });
    if (qs >= 0 && !fieldIs(line, qs, qe, '-')) toks.push({ kind: 'args', start: qs, end: qe });
    if (user !== OUT_COMMAND && c.status >= 0 && f.has(c.status)) {
      const code = statusOf(line, f, c.status);
      // QUIT's 240 is no SMTP reply code: a note, not a code
      if (code === 240 && fieldIsCI(line, ms, me, 'quit')) toks.push({ kind: 'note', start: f.starts[c.status], end: f.end(c.status) });
      else if (code) toks.push({ kind: 'code', start: f.starts[c.status], end: f.end(c.status) });
    }
    return toks;
  },

  commandText(line, header) {
    const r = rowOf(line, header);
    if (!r) return undefined;
    const { f, c } = r;
    const method = val(line, f, c.method), query = val(line, f, c.query);
    const verb = method.toUpperCase();
    if (verb === 'XXXX') return `unrecognised command${query && query !== '-' ? ` (${decode(query).trim()})` : ''}`;
    // QUIT rows carry the client's HELO name, DATA rows the message id: not arguments
    if (verb === 'QUIT' || verb === 'DATA' || !query || query === '-') return method;
    return query.startsWith('+') ? method + decode(query) : `${method} ${decode(query)}`;
  },

  decodeText: decode,

  remoteOf(line, header) {
    const r = rowOf(line, header);
    return r ? val(line, r.f, r.c.cip) || undefined : undefined;
  },

  describe(line, tok, _outbound, header) {
    if (tok.kind !== 'note') return undefined;
    const r = rowOf(line, header);
    if (!r) return undefined;
    const head = line.slice(tok.start, tok.end);
    return NOTES[head.toUpperCase()] ? { head, ...NOTES[head.toUpperCase()] } : undefined;
  },
});

const NOTES: Record<string, Omit<FieldNote, 'head'>> = {
  [OUT_COMMAND.toUpperCase()]: {
    what: 'outbound command',
    text: 'This server sent the command on this row to a remote server (c-ip is that server): the SMTP service writes OutboundConnectionCommand in cs-username for its own commands. sc-status is 0 here; the remote reply is on the next OutboundConnectionResponse row of the same address.',
  },
  [OUT_RESPONSE.toUpperCase()]: {
    what: 'outbound reply',
    text: 'The remote server (c-ip) answered this server\'s command: the reply is written in cs-uri-query with "+" for each space (only the first line of a multi-line reply). sc-status is 0 here.',
  },
  XXXX: {
    what: 'unrecognised command',
    text: 'The client sent something the SMTP service did not recognise as a command (IIS writes xxxx in cs-method; cs-uri-query holds the rest of what was sent). The status on the row is the server\'s reply, usually 500.',
  },
  '240': {
    what: 'not an SMTP reply code',
    text: 'The IIS SMTP service writes 240 in sc-status on QUIT rows when the session ends (sc-win32-status then appears to hold the session length in milliseconds, not a Windows error). The 221 sent to the client is not logged. Not a problem.',
  },
};
