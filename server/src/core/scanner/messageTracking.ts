/**
 * Exchange 2007-2019 message tracking logs (`MSGTRK*.LOG`, `#Log-type: Message Tracking Log`): CSV
 * rows under a `#Fields` line, 30 columns since 2013 and 26 in 2010 (without network-message-id,
 * transport-traffic-type, log-id, schema-version). Rows without header are read by their column count.
 *
 * A session is a message: rows are keyed by message-id (else internal-message-id); a DSN row, which
 * tells that a report was generated about a message, goes to that message (its `reference`).
 * Multi-valued fields are `;`-separated and aligned: recipient i has recipient-status i (a status
 * text may itself contain `;`, so a new status starts only where a reply code does).
 *  - FAIL (and the other failure events), DEFER, DSN and any row whose recipient-status has a 4xx/5xx
 *    are Status records: the worst code written, else the event's class;
 *  - DELIVER / SEND / SENDEXTERNAL are deliveries (Status 250 or the written 2xx), other rows with a
 *    2xx status are Status records that deliver nothing (RECEIVE's "250 2.1.5 Recipient OK");
 *  - the rest (EXPAND, RESOLVE, AGENTINFO ...) are steps of the message (Event).
 */
import { defineDialect, type FieldNote } from './dialect';
import { LineKind, type LineToken } from './tokens';
import { replyCodeAt } from './chars';
import { columnIndexes, columnsMemo, type CommaMemo, fieldNames, Fields, fieldValue, isIsoDateTime, isOtherDirective, newCommaMemo, skipBom, sniffCsv, splitCsv, startLine, unquote } from './csv';

const WANTED = {
  time: 'date-time', clientIp: 'client-ip', clientHost: 'client-hostname', serverIp: 'server-ip', serverHost: 'server-hostname',
  connector: 'connector-id', source: 'source', event: 'event-id', internalId: 'internal-message-id', messageId: 'message-id',
  recipients: 'recipient-address', status: 'recipient-status', related: 'related-recipient-address', reference: 'reference',
  subject: 'message-subject', sender: 'sender-address',
} as const;
type Cols = Record<keyof typeof WANTED, number> & { last: number };

const NAMES_2013 = ['date-time', 'client-ip', 'client-hostname', 'server-ip', 'server-hostname', 'source-context', 'connector-id', 'source',
  'event-id', 'internal-message-id', 'message-id', 'network-message-id', 'recipient-address', 'recipient-status', 'total-bytes',
  'recipient-count', 'related-recipient-address', 'reference', 'message-subject', 'sender-address', 'return-path', 'message-info',
  'directionality', 'tenant-id', 'original-client-ip', 'original-server-ip', 'custom-data', 'transport-traffic-type', 'log-id', 'schema-version'];
const NAMES_2010 = NAMES_2013.filter(n => !['network-message-id', 'transport-traffic-type', 'log-id', 'schema-version'].includes(n));
const COLS_2013: Cols = withLast(columnIndexes(NAMES_2013, WANTED));
const COLS_2010: Cols = withLast(columnIndexes(NAMES_2010, WANTED));

/** What each event means (MS-MSGTRK event-id table, in our words). */
export const EVENTS: Readonly<Record<string, string>> = {
  AGENTINFO: 'A transport agent recorded what it did with the message (anti-spam, transport rules, ...; details in custom-data).',
  BADMAIL: 'A message from the Pickup or Replay directory could be neither delivered nor returned to its sender.',
  CLIENTSUBMISSION: 'A message was submitted from the Outbox of a mailbox.',
  DEFER: 'Delivery was delayed: the message waits in a queue and is retried (the status says why).',
  DELIVER: 'The message was delivered to a mailbox on this organisation\'s servers.',
  DELIVERFAIL: 'An agent tried to deliver the message to a folder that does not exist in the mailbox.',
  DROP: 'The message (or a recipient of it) was dropped without a delivery status notification, e.g. a distribution group after its expansion, or a message an agent discarded.',
  DSN: 'A delivery status notification was generated about the message: a non-delivery report (NDR), a delay notice or a delivery receipt.',
  DUPLICATEDELIVER: 'A duplicate of the message was delivered to the recipient.',
  DUPLICATEEXPAND: 'The expansion of a distribution group was skipped as a duplicate.',
  DUPLICATEREDIRECT: 'An alternate recipient was skipped as a duplicate.',
  EXPAND: 'A distribution group was expanded to its members.',
  FAIL: 'Delivery failed permanently; the source column says where (SMTP, DNS, ROUTING, QUEUE, ...), and a non-delivery report normally follows (DSN).',
  HADISCARD: 'A shadow copy of the message was discarded after the primary copy reached the next hop.',
  HARECEIVE: 'This server received a shadow copy of a message (shadow redundancy).',
  HAREDIRECT: 'A shadow copy of the message was created.',
  HAREDIRECTFAIL: 'A shadow copy of the message could not be created.',
  INITMESSAGECREATED: 'The message went to a moderated recipient: an approval request was sent to the moderators.',
  LOAD: 'The message was loaded from the queue database when the transport service started.',
  MODERATIONEXPIRE: 'The moderators neither approved nor rejected the message in time: it expired.',
  MODERATORAPPROVE: 'A moderator approved the message.',
  MODERATORREJECT: 'A moderator rejected the message.',
  MODERATORSALLNDR: 'Every approval request sent to the moderators was undeliverable.',
  NOTIFYMAPI: 'A message was found in the Outbox of a mailbox on this server.',
  NOTIFYSHADOW: 'A message was found in an Outbox and a shadow copy of it is needed.',
  POISONMESSAGE: 'The message was put into (or removed from) the poison message queue: processing it made the transport service fail.',
  PROCESS: 'The message was processed.',
  PROCESSMEETINGMESSAGE: 'A meeting message was processed by the Mailbox Transport Delivery service.',
  RECEIVE: 'The transport service received the message (source SMTP: from an SMTP client or server; STOREDRIVER: from a mailbox).',
  REDIRECT: 'The message was redirected to an alternate recipient after a directory lookup.',
  RESOLVE: 'A recipient was resolved to another address after a directory lookup.',
  RESUBMIT: 'The message was resubmitted from Safety Net.',
  RESUBMITDEFER: 'A message resubmitted from Safety Net was deferred.',
  RESUBMITFAIL: 'A message resubmitted from Safety Net failed.',
  SEND: 'The message was sent by SMTP to another server (the next hop).',
  SENDEXTERNAL: 'The message was sent to a destination outside the organisation.',
  SUBMIT: 'The Mailbox Transport Submission service handed the message to the Transport service.',
  SUBMITDEFER: 'Handing the message from the Mailbox Transport Submission service to the Transport service was deferred.',
  SUBMITFAIL: 'Handing the message from the Mailbox Transport Submission service to the Transport service failed.',
  SUPPRESSED: 'Sending the message was suppressed.',
  THROTTLE: 'The message was throttled.',
  TRANSFER: 'Recipients were moved to a copy (fork) of the message: content conversion, recipient limits or an agent.',
};

/** Events that are failures (class 5 when no code is written) and delays (class 4). */
export const FAILS = new Set(['FAIL', 'DSN', 'DELIVERFAIL', 'SUBMITFAIL', 'RESUBMITFAIL', 'BADMAIL', 'POISONMESSAGE', 'MODERATORREJECT', 'MODERATIONEXPIRE', 'MODERATORSALLNDR']);
export const DEFERS = new Set(['DEFER', 'SUBMITDEFER', 'RESUBMITDEFER']);
export const DELIVERIES = new Set(['DELIVER', 'SEND', 'SENDEXTERNAL']);

interface TrkState { f: Fields; c: Cols | undefined; v: { s: number; e: number }; commas: CommaMemo }

function trackingColumns(text: string, s: number, e: number): Cols | undefined {
  const names = fieldNames(text, s, e, ',');
  if (!names || !names.includes('event-id') || !names.includes('recipient-status')) return undefined;
  return withLast(columnIndexes(names, WANTED));
}

/** Columns with the highest index the classifier reads. */
function withLast(c: Omit<Cols, 'last'>): Cols {
  const last = Math.max(c.time, c.event, c.internalId, c.messageId, c.status, c.reference, c.subject);
  return { ...c, last };
}
const colsFor = columnsMemo(h => trackingColumns(h, 0, h.length), undefined as Cols | undefined);

/** Columns by the row's field count when no #Fields says (2013+: 30, 2010: 26). */
function byCount(n: number): Cols | undefined {
  return n >= 30 ? COLS_2013 : n >= 26 ? COLS_2010 : undefined;
}

/** The event-id of a split row when it is a tracking row (upper-case word; a known one without header), else ''. */
function eventOf(text: string, f: Fields, c: Cols, declared: boolean): string {
  if (f.count <= c.event || c.event < 0) return '';
  if (c.time >= 0 && !isIsoDateTime(text, f.starts[c.time], f.end(c.time))) return '';
  const a = f.starts[c.event], b = f.end(c.event);
  if (b - a < 3 || b - a > 24) return '';
  for (let i = a; i < b; i++) { const ch = text.charCodeAt(i); if (ch < 65 || ch > 90) return ''; }
  const ev = text.slice(a, b);
  return declared || EVENTS[ev] ? ev : '';
}

/** Start of each status in a recipient-status value [s, e): at s, and after a `;` (outside braces) where a reply code or a brace follows. */
export function statusStarts(text: string, s: number, e: number): number[] {
  const out = [s];
  let depth = 0;
  for (let i = s; i < e; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 123 || ch === 91) depth++;
    else if ((ch === 125 || ch === 93) && depth > 0) depth--;
    else if (ch === 59 && depth === 0) {
      let q = i + 1;
      while (q < e && text.charCodeAt(q) === 32) q++;
      const c = text.charCodeAt(q);
      if (q < e && (c === 123 || c === 91 || replyCodeAt(text, q, e, more))) out.push(q);
    }
  }
  return out;
}

/** The reply code of one status [s, e): at its start, or after "LED=" (queue error details), as an offset, or -1. */
export function codeIn(text: string, s: number, e: number): number {
  let p = s;
  while (p < e && (text.charCodeAt(p) === 123 || text.charCodeAt(p) === 91 || text.charCodeAt(p) === 32)) p++;
  if (replyCodeAt(text, p, e, more)) return p;
  for (let i = s; i < e - 7; i++) {
    if (text.charCodeAt(i) === 76 && text.startsWith('LED=', i) && replyCodeAt(text, i + 4, e, more)) return i + 4;
  }
  return -1;
}
const more = { more: false };

/** The worst reply code of a recipient-status value, or 0. Allocation-free. */
export function worstCode(text: string, s: number, e: number): number {
  let worst = 0, depth = 0, segStart = s;
  for (let i = s; i <= e; i++) {
    const ch = i < e ? text.charCodeAt(i) : 59;
    if (ch === 123 || ch === 91) depth++;
    else if ((ch === 125 || ch === 93) && depth > 0) depth--;
    else if (ch === 59 && (depth === 0 || i === e)) { // the end of the field ends a status even inside unbalanced braces
      const p = codeIn(text, segStart, i);
      // the first code of the highest class
      if (p >= 0) { const c = (text.charCodeAt(p) - 48) * 100 + (text.charCodeAt(p + 1) - 48) * 10 + text.charCodeAt(p + 2) - 48; if ((c / 100 | 0) > (worst / 100 | 0)) worst = c; }
      segStart = i + 1;
    }
  }
  return worst;
}

function hasChar(text: string, s: number, e: number, ch: number): boolean {
  for (let i = s; i < e; i++) if (text.charCodeAt(i) === ch) return true;
  return false;
}

interface Row { f: Fields; c: Cols; ev: string }

function rowOf(line: string, header: string | undefined): Row | undefined {
  const s = skipBom(line, 0, line.length);
  if (line.charCodeAt(s) === 35) return undefined;
  const f = new Fields(40);
  splitCsv(line, s, line.length, f);
  const declared = colsFor(header);
  const c = declared ?? byCount(f.count);
  if (!c) return undefined;
  const ev = eventOf(line, f, c, declared !== undefined);
  return ev ? { f, c, ev } : undefined;
}

const field = fieldValue;

/** The session key of a row: the message a DSN reports on, else message-id, else internal-message-id. */
function keyOf(line: string, r: Row): string | undefined {
  const ref = field(line, r.f, r.c.reference);
  if (r.ev === 'DSN' && ref.startsWith('<') && !ref.includes(';')) return ref;
  const mid = field(line, r.f, r.c.messageId);
  if (mid) return mid;
  const iid = field(line, r.f, r.c.internalId);
  return iid ? `internal-message-id ${iid}` : undefined;
}

/** Statuses of a row with their offsets: [start, end) of each, the code's offset (or -1). */
function statuses(line: string, r: Row): { s: number; e: number; code: number }[] {
  if (r.c.status < 0 || !r.f.has(r.c.status)) return [];
  const v = { s: 0, e: 0 };
  unquote(line, r.f.starts[r.c.status], r.f.end(r.c.status), v);
  return v.s < v.e ? statusGroups(line, v.s, v.e) : [];
}

/** The recipient statuses of a status value [s, e) (`;`-separated), each with where its reply code stands (-1: none). */
export function statusGroups(line: string, s: number, e: number): { s: number; e: number; code: number }[] {
  const starts = statusStarts(line, s, e);
  return starts.map((a, i) => {
    let b = i + 1 < starts.length ? starts[i + 1] - 1 : e;
    while (b > a && (line.charCodeAt(b - 1) === 59 || line.charCodeAt(b - 1) === 32)) b--;
    return { s: a, e: b, code: codeIn(line, a, b) };
  });
}

/**
 * The tokens of recipient statuses, one group per recipient, the worst first (the line's code and its
 * problem stand on it): the reply code, the enhanced code and the text (up to a closing `}`).
 */
export function pushStatusTokens(line: string, st: { s: number; e: number; code: number }[], toks: LineToken[]): void {
  const worst = worstIndex(line, st);
  const order = worst > 0 ? [worst, ...st.map((_, i) => i).filter(i => i !== worst)] : st.map((_, i) => i);
  for (const i of order) {
    const x = st[i];
    if (x.code < 0) { toks.push({ kind: 'text', start: x.s, end: x.e, group: i }); continue; }
    toks.push({ kind: 'code', start: x.code, end: x.code + 3, group: i });
    let q = x.code + 4;
    const m = /^[245]\.\d{1,3}\.\d{1,3}(?=$|[\s;,:)\]}])/.exec(line.slice(q, Math.min(x.e, q + 12)));
    if (m) { toks.push({ kind: 'enhanced', start: q, end: q + m[0].length, group: i }); q += m[0].length; }
    while (q < x.e && line.charCodeAt(q) === 32) q++;
    let end = x.e;
    if (line.charCodeAt(x.s) === 91 || line.charCodeAt(x.s) === 123) { const b = line.indexOf('}', q); if (b > 0 && b < x.e) end = b; }
    if (q < end) toks.push({ kind: 'text', start: q, end, group: i });
  }
}

/** Class digit of the code at p (0 when none). */
const codeClass = (line: string, p: number) => (p < 0 ? 0 : line.charCodeAt(p) - 48);

/** Index of the first status of the highest class, or -1. */
function worstIndex(line: string, st: { code: number }[]): number {
  let w = -1;
  st.forEach((x, i) => { if (x.code >= 0 && (w < 0 || codeClass(line, x.code) > codeClass(line, st[w].code))) w = i; });
  return w;
}

export const messageTrackingDialect = defineDialect<TrkState>({
  id: 'exchange-msgtrk',
  name: 'Exchange message tracking log',

  sniff(lines) {
    const f = new Fields(40);
    return sniffCsv(lines, f, (l, s) => l.startsWith('#Log-type: Message Tracking Log', s) || !!trackingColumns(l, s, l.length), l => {
      const c = byCount(f.count);
      return !!c && !!eventOf(l, f, c, false);
    });
  },

  createState: () => ({ f: new Fields(40), c: undefined, v: { s: 0, e: 0 }, commas: newCommaMemo() }),

  classifyLine(text, line, e, out, st) {
    const s = startLine(text, line, e, out);
    if (s < 0) return;
    if (text.charCodeAt(s) === 35) {
      const cols = trackingColumns(text, s, e);
      if (cols) { st.c = cols; out.kind = LineKind.Header; }
      else if (text.startsWith('#Log-type: Message Tracking Log', s) || isOtherDirective(text, s, e)) out.kind = LineKind.Header;
      return;
    }
    const f = st.f;
    // the classifier needs the columns up to the subject; without a header the count of columns tells the version
    splitCsv(text, s, e, f, st.c ? st.c.last + 2 : f.starts.length - 1, st.commas);
    const c = st.c ?? byCount(f.count);
    if (!c) return;
    const ev = eventOf(text, f, c, st.c !== undefined);
    if (!ev) return;
    // the session: the message (a DSN row: the message it reports on)
    let key: string | undefined;
    if (ev === 'DSN' && c.reference >= 0 && f.has(c.reference)) {
      unquote(text, f.starts[c.reference], f.end(c.reference), st.v);
      if (st.v.e > st.v.s && text.charCodeAt(st.v.s) === 60 && !hasChar(text, st.v.s, st.v.e, 59)) key = text.slice(st.v.s, st.v.e);
    }
    if (key === undefined && c.messageId >= 0 && !f.empty(c.messageId)) { unquote(text, f.starts[c.messageId], f.end(c.messageId), st.v); key = text.slice(st.v.s, st.v.e); }
    if (key === undefined && c.internalId >= 0 && !f.empty(c.internalId)) key = 'internal-message-id ' + text.slice(f.starts[c.internalId], f.end(c.internalId));
    out.key = key; out.message = true;
    let worst = 0;
    if (c.status >= 0 && f.has(c.status)) { unquote(text, f.starts[c.status], f.end(c.status), st.v); worst = worstCode(text, st.v.s, st.v.e); }
    out.payload = f.starts[c.event];
    if (FAILS.has(ev)) {
      if (ev === 'DSN' && worst >= 200 && worst < 400) { out.kind = LineKind.Event; return; } // a delivery receipt
      out.kind = LineKind.Status; out.code = worst >= 400 ? worst : ev === 'DSN' ? dsnClass(text, f, c) : 500;
      if (out.code === 0) out.kind = LineKind.Event;
    } else if (DEFERS.has(ev)) {
      out.kind = LineKind.Status; out.code = worst >= 400 ? worst : 400;
    } else if (DELIVERIES.has(ev)) {
      out.kind = LineKind.Status; out.code = worst || 250;
    } else if (worst) {
      out.kind = LineKind.Status; out.code = worst;
    } else out.kind = LineKind.Event;
  },

  tokens(line, header) {
    const r = rowOf(line, header);
    if (!r) return [];
    const { f, c } = r;
    const toks: LineToken[] = [];
    if (c.time >= 0) toks.push({ kind: 'timestamp', start: f.starts[c.time], end: f.end(c.time) });
    if (c.messageId >= 0 && !f.empty(c.messageId)) toks.push({ kind: 'session', start: f.starts[c.messageId], end: f.end(c.messageId) });
    toks.push({ kind: 'note', start: f.starts[c.event], end: f.end(c.event) });
    // one group per recipient status, the worst first (the line's code and the problem stand on it)
    pushStatusTokens(line, statuses(line, r), toks);
    return toks;
  },

  statusContext(line, at, header) {
    const r = rowOf(line, header);
    if (!r) return undefined;
    const { f, c, ev } = r;
    const rcpts = field(line, f, c.recipients).split(';').filter(x => x);
    const st = statuses(line, r);
    const aligned = st.length > 1 && st.length === rcpts.length;
    // the recipient of the status under the cursor; else every recipient (with its code when they differ)
    const i = at === undefined || !aligned ? -1 : st.findIndex(x => at >= x.s && at <= x.e);
    const head = (x: { code: number }) => (x.code < 0 ? '' : line.slice(x.code, x.code + 3));
    const differ = aligned && new Set(st.map(head)).size > 1;
    const who = i >= 0 ? [rcpts[i]] : differ ? rcpts.map((a, j) => `${a} (${head(st[j]) || 'no code'})`) : rcpts;
    const list = who.length > 3 ? `${who.slice(0, 3).join(', ')} and ${who.length - 3} more` : who.join(', ');
    const source = field(line, f, c.source);
    if (ev === 'DSN') {
      const related = field(line, f, c.related).split(';').filter(x => x).join(', ');
      return `DSN${related ? ` about ${related}` : ''}${list ? ` sent to ${list}` : ''}`;
    }
    const via = ev === 'SEND' || ev === 'SENDEXTERNAL' ? field(line, f, c.serverHost) || field(line, f, c.serverIp) : '';
    return `${ev}${list ? ` for ${list}` : ''}${via ? ` via ${via}` : ''}${source ? ` (source ${source})` : ''}`;
  },

  delivers(line, header) {
    const r = rowOf(line, header);
    return !!r && DELIVERIES.has(r.ev);
  },

  refused(line, header) {
    const r = rowOf(line, header);
    if (!r || r.ev === 'DSN') return 0; // the report about a failure refuses no one itself
    const st = statuses(line, r);
    const failed = st.filter(x => codeClass(line, x.code) === 5).length;
    return failed || Math.max(1, field(line, r.f, r.c.recipients).split(';').filter(x => x).length);
  },

  // quoted CSV fields double their quotes
  decodeText: text => text.replace(/""/g, '"'),

  envelope(line, header) {
    const r = rowOf(line, header);
    if (!r) return undefined;
    const { f, c } = r;
    const to = field(line, f, c.recipients).split(';').map(x => x.trim()).filter(x => x.includes('@'));
    const from = field(line, f, c.sender) || undefined;
    const messageId = field(line, f, c.messageId).replace(/^<|>$/g, '') || undefined;
    const id = c.internalId >= 0 ? field(line, f, c.internalId) || undefined : undefined;
    return { from, to, messageId, id };
  },

  sessionLabel(first, _message, header) {
    const r = rowOf(first, header);
    if (!r) return undefined;
    const key = keyOf(first, r);
    if (!key) return undefined;
    if (r.ev === 'DSN' && key === field(first, r.f, r.c.reference)) return `${key} (DSN)`;
    const sender = field(first, r.f, r.c.sender);
    return `${key}${sender ? ` from ${sender}` : ''}`;
  },

  eventLabel(line, header) {
    const r = rowOf(line, header);
    if (!r) return undefined;
    const { f, c, ev } = r;
    const source = field(line, f, c.source);
    const name = `${ev}${source ? ` (${source})` : ''}`;
    if (ev === 'RECEIVE') {
      const host = field(line, f, c.clientHost), ip = field(line, f, c.clientIp);
      const from = [host, ip && ip !== host ? `[${ip}]` : ''].filter(x => x).join(' ');
      return { name, detail: from ? `from ${from}` : field(line, f, c.recipients) };
    }
    const rcpts = field(line, f, c.recipients).split(';').filter(x => x);
    return { name, detail: rcpts.length > 3 ? `${rcpts.slice(0, 3).join(', ')} and ${rcpts.length - 3} more` : rcpts.join(', ') };
  },

  describe(line, tok, _outbound, header) {
    if (tok.kind !== 'note') return undefined;
    const r = rowOf(line, header);
    if (!r || tok.start !== r.f.starts[r.c.event]) return undefined;
    const text = EVENTS[r.ev];
    const note: FieldNote = { head: r.ev, what: 'message tracking event', text: text ?? 'An event this analyzer does not know.' };
    return note;
  },
});

/** Class of a DSN row without a written code: a delay notice is class 4, a report of failure class 5. */
function dsnClass(text: string, f: Fields, c: Cols): number {
  if (c.subject < 0 || !f.has(c.subject)) return 500;
  const a = f.starts[c.subject];
  const q = text.charCodeAt(a) === 34 ? a + 1 : a;
  if (text.startsWith('Delivery Delayed', q) || text.startsWith('Delayed', q)) return 400;
  if (text.startsWith('Delivered:', q) || text.startsWith('Relayed:', q) || text.startsWith('Expanded:', q)) return 0;
  return 500;
}

