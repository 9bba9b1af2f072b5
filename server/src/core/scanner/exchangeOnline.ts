/**
 * Exchange message trace exports: CSV files whose first row names the columns (what PowerShell's
 * Export-Csv and the Exchange admin center write), recognised by that row:
 *  - `Get-MessageTrace` / `Get-MessageTraceV2 | Export-Csv` (Exchange Online): one row per message and
 *    recipient: Received, SenderAddress, RecipientAddress, Subject, Status, ToIP, FromIP, Size,
 *    MessageId, MessageTraceId, Organization ... in any order (Select-Object may pick some). Windows
 *    PowerShell writes a `#TYPE ...` line first unless -NoTypeInformation; every field is quoted.
 *    Status Failed, FilteredAsSpam and Quarantined are failures (class 5), Pending a delay (class 4),
 *    Delivered a delivery; Expanded, GettingStatus, None, Resolved are steps of the message.
 *  - the extended (historical search) report the admin center mails as a CSV file, UTF-16 LE with a
 *    byte order mark: origin_timestamp_utc, sender_address, recipient_status, message_subject,
 *    total_bytes, message_id, network_message_id, original_client_ip, directionality, connector_id,
 *    delivery_priority. recipient_status holds every recipient with its events:
 *    `bob@example.com##Receive, Deliver;eve@example.org##Receive, Fail`.
 *  - on-premises `Get-MessageTrackingLog | Export-Csv` (Exchange Server): Timestamp, EventId, Source,
 *    Sender, Recipients, RecipientStatus, MessageId, InternalMessageId, ClientIp, ServerHostname ...;
 *    events and statuses mean what they mean in the tracking log files (messageTracking.ts). Export-Csv
 *    writes `System.String[]` for list properties that were not joined: the rows then name no recipient
 *    and no status, and the hover says how to export them.
 * A session is a message: its Message-ID, else the export's own id (MessageTraceId, network message
 * id, InternalMessageId). Rows need the header row: without it they are not read (nothing tells the
 * columns). Hand-written CSV reading on the classify path (csv.ts), linear in the row.
 */
import { defineDialect, type FieldNote } from './dialect';
import { LineKind, type LineToken } from './tokens';
import { columnsMemo, type CommaMemo, Fields, fieldValue, newCommaMemo, skipBom, splitCsv, startLine, unquote } from './csv';
import { codeIn, DEFERS, DELIVERIES, EVENTS, FAILS, pushStatusTokens, statusGroups, statusStarts, worstCode } from './messageTracking';
import { isDigit } from './chars';

type Kind = 'trace' | 'report' | 'tracking';

interface Cols {
  kind: Kind;
  time: number; sender: number; rcpt: number; status: number; event: number; source: number; subject: number;
  messageId: number; id: number; fromIp: number; toIp: number; clientHost: number; serverHost: number;
  /** highest column index the classifier reads */
  last: number;
}

const MAX_COLUMNS = 80;

/** The column names of a header row [s, e) (unquoted, lower-cased), or undefined when it is none. */
function headerNames(text: string, s: number, e: number): string[] | undefined {
  s = skipBom(text, s, e);
  if (s >= e || e - s > 4000) return undefined;
  const c = text.charCodeAt(s);
  if (c !== 34 && !(c >= 65 && c <= 90) && !(c >= 97 && c <= 122)) return undefined;
  const f = new Fields(MAX_COLUMNS);
  const n = splitCsv(text, s, e, f);
  if (n < 3) return undefined;
  const v = { s: 0, e: 0 };
  const out: string[] = [];
  for (let i = 0; i < n; i++) { unquote(text, f.starts[i], f.end(i), v); out.push(text.slice(v.s, v.e).trim().toLowerCase()); }
  return out;
}

/** The columns a header row declares, when it is one of the three exports. */
function columnsOf(text: string, s: number, e: number): Cols | undefined {
  const names = headerNames(text, s, e);
  if (!names) return undefined;
  const at = (...ns: string[]) => { for (const n of ns) { const i = names.indexOf(n); if (i >= 0) return i; } return -1; };
  const has = (...ns: string[]) => ns.every(n => names.includes(n));
  let c: Omit<Cols, 'last'> | undefined;
  if (has('received', 'senderaddress', 'recipientaddress', 'status')) {
    c = {
      kind: 'trace', time: at('received'), sender: at('senderaddress'), rcpt: at('recipientaddress'), status: at('status'), event: -1, source: -1,
      subject: at('subject'), messageId: at('messageid'), id: at('messagetraceid'), fromIp: at('fromip'), toIp: at('toip'), clientHost: -1, serverHost: -1,
    };
  } else if (has('sender_address', 'recipient_status') && names.some(n => n.startsWith('origin_timestamp'))) {
    c = {
      kind: 'report', time: names.findIndex(n => n.startsWith('origin_timestamp')), sender: at('sender_address'), rcpt: -1, status: at('recipient_status'),
      event: -1, source: -1, subject: at('message_subject'), messageId: at('message_id'), id: at('network_message_id'),
      fromIp: at('original_client_ip'), toIp: -1, clientHost: -1, serverHost: -1,
    };
  } else if (has('timestamp', 'eventid') && (has('recipientstatus') || has('recipients'))) {
    c = {
      kind: 'tracking', time: at('timestamp'), sender: at('sender'), rcpt: at('recipients'), status: at('recipientstatus'), event: at('eventid'),
      source: at('source'), subject: at('messagesubject'), messageId: at('messageid'), id: at('internalmessageid'), fromIp: at('clientip'),
      toIp: at('serverip'), clientHost: at('clienthostname'), serverHost: at('serverhostname'),
    };
  }
  if (!c) return undefined;
  return { ...c, last: Math.max(c.time, c.sender, c.rcpt, c.status, c.event, c.messageId, c.id) };
}
const colsFor = columnsMemo(h => columnsOf(h, 0, h.length), undefined as Cols | undefined);

/** What each Status of a message trace means (Microsoft Learn, Get-MessageTraceV2, in our words). */
export const TRACE_STATUS: Readonly<Record<string, string>> = {
  delivered: 'The message was delivered to the recipient\'s mailbox, or handed to the next server (ToIP names it for a recipient outside the organisation).',
  failed: 'The message was not delivered to this recipient. The trace detail (Get-MessageTraceDetailV2 -MessageTraceId ... -RecipientAddress ..., or the message trace in the Exchange admin center) gives the reason and the NDR code.',
  pending: 'Delivery is being attempted or retried: the message waits in a queue.',
  expanded: 'The recipient was a distribution group: it was expanded to its members (each member has its own row).',
  filteredasspam: 'The message was marked as spam: depending on the anti-spam policy it went to the Junk Email folder or to quarantine, or was dropped.',
  quarantined: 'The message was held in quarantine (spam, phishing, malware or a mail flow rule): it can be released from the Microsoft Defender portal.',
  gettingstatus: 'Message trace was still collecting the status when the export was made: trace the message again later.',
  none: 'No delivery status was recorded for this recipient.',
  resolved: 'The recipient address was resolved to another address (an alias, a forward).',
};

/** The class of a message trace Status: 2 delivered, 4 pending, 5 failed, 0 a step. */
function traceClass(text: string, a: number, b: number): number {
  const n = b - a;
  const is = (w: string) => n === w.length && text.slice(a, b).toLowerCase() === w;
  if (n === 9 && is('delivered')) return 2;
  if ((n === 6 && is('failed')) || (n === 14 && is('filteredasspam')) || (n === 11 && is('quarantined'))) return 5;
  if (n === 7 && is('pending')) return 4;
  return 0;
}

/** The class of one recipient's events in a report's recipient_status ("Receive, Fail"): 5, 4, 2 or 0. */
function eventsClass(text: string, a: number, b: number): number {
  let cls = 0;
  let p = a;
  while (p < b) {
    while (p < b && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 44)) p++;
    let q = p;
    while (q < b && text.charCodeAt(q) !== 44) q++;
    const w = text.slice(p, q).trim().toUpperCase();
    const c = FAILS.has(w) || w === 'DROP' ? 5 : DEFERS.has(w) ? 4 : DELIVERIES.has(w) ? 2 : 0;
    // a later event of the recipient tells where it ended: a delivery after a delay is a delivery
    if (c) cls = c === 4 && cls === 5 ? 5 : c;
    p = q + 1;
  }
  return cls;
}

/** Each recipient of a report's recipient_status [s, e): its address and its events, as offsets. */
function reportRecipients(text: string, s: number, e: number): { a: number; ae: number; ev: number; eve: number }[] {
  const out: { a: number; ae: number; ev: number; eve: number }[] = [];
  let p = s;
  while (p < e) {
    let q = p;
    while (q < e && text.charCodeAt(q) !== 59) q++;
    const h = text.indexOf('##', p);
    if (h >= 0 && h < q) out.push({ a: p, ae: h, ev: h + 2, eve: q });
    else if (q > p) out.push({ a: p, ae: q, ev: q, eve: q });
    p = q + 1;
  }
  return out;
}

/** The offsets of field i without its quotes. */
function span(text: string, f: Fields, i: number, v: { s: number; e: number }): boolean {
  if (i < 0 || !f.has(i)) { v.s = v.e = 0; return false; }
  unquote(text, f.starts[i], f.end(i), v);
  return v.e > v.s;
}

/** Classification of a row: the line kind and code (0 for an event). */
function rowCode(text: string, f: Fields, c: Cols, v: { s: number; e: number }): number {
  if (c.kind === 'trace') {
    if (!span(text, f, c.status, v)) return 0;
    const k = traceClass(text, v.s, v.e);
    return k === 2 ? 250 : k * 100;
  }
  if (c.kind === 'report') {
    if (!span(text, f, c.status, v)) return 0;
    let worst = 0, p = v.s;
    const e = v.e;
    while (p < e) {
      let q = p;
      while (q < e && text.charCodeAt(q) !== 59) q++;
      const h = text.indexOf('##', p);
      if (h >= 0 && h < q) { const k = eventsClass(text, h + 2, q); if (k === 5 || (k === 4 && worst !== 5) || (k === 2 && worst === 0)) worst = k; }
      p = q + 1;
    }
    return worst === 2 ? 250 : worst * 100;
  }
  // tracking: as the tracking log files
  if (!span(text, f, c.event, v)) return 0;
  const ev = text.slice(v.s, v.e).toUpperCase();
  let worst = 0;
  if (span(text, f, c.status, v)) worst = worstCode(text, v.s, v.e);
  if (ev === 'DSN' && worst < 400) return worst >= 200 ? 0 : dsnClass(text, f, c);
  if (FAILS.has(ev)) return worst >= 400 ? worst : 500;
  if (DEFERS.has(ev)) return worst >= 400 ? worst : 400;
  if (DELIVERIES.has(ev)) return worst || 250;
  return worst;
}

/** A DSN row without status: a delay notice is class 4, a delivery receipt none, a report of failure class 5 (by its subject). */
function dsnClass(text: string, f: Fields, c: Cols): number {
  const v = { s: 0, e: 0 };
  if (!span(text, f, c.subject, v)) return 500;
  if (text.startsWith('Delivery Delayed', v.s) || text.startsWith('Delayed', v.s)) return 400;
  if (text.startsWith('Delivered:', v.s) || text.startsWith('Relayed:', v.s) || text.startsWith('Expanded:', v.s)) return 0;
  return 500;
}

interface ExoState { f: Fields; c: Cols | undefined; v: { s: number; e: number }; commas: CommaMemo }

interface Row { f: Fields; c: Cols }

function rowOf(line: string, header: string | undefined): Row | undefined {
  const c = colsFor(header);
  if (!c) return undefined;
  const s = skipBom(line, 0, line.length);
  if (s >= line.length || line.charCodeAt(s) === 35) return undefined;
  const f = new Fields(MAX_COLUMNS);
  splitCsv(line, s, line.length, f);
  if (f.count <= c.last || columnsOf(line, 0, line.length)) return undefined;
  const v = { s: 0, e: 0 };
  if (!span(line, f, c.time, v) || !isDigit(line.charCodeAt(v.s))) return undefined;
  return { f, c };
}

const field = fieldValue;

/** The list of recipients of a row ('System.String[]' when Export-Csv was given the list unjoined). */
function recipientsOf(line: string, r: Row): string[] {
  const { f, c } = r;
  if (c.kind === 'trace') { const a = field(line, f, c.rcpt); return a ? [a] : []; }
  if (c.kind === 'report') {
    const v = { s: 0, e: 0 };
    if (!span(line, f, c.status, v)) return [];
    return reportRecipients(line, v.s, v.e).map(x => line.slice(x.a, x.ae).trim()).filter(x => x);
  }
  return field(line, f, c.rcpt).split(';').map(x => x.trim()).filter(x => x);
}

const UNJOINED = 'System.String[]';
const UNJOINED_NOTE = 'the export wrote System.String[] for a list: join lists before Export-Csv, e.g. @{n=\'Recipients\';e={$_.Recipients -join \';\'}}';

function list(xs: string[]): string {
  return xs.length > 3 ? `${xs.slice(0, 3).join(', ')} and ${xs.length - 3} more` : xs.join(', ');
}

/** The message's key of a row: its Message-ID, else the export's own id. */
function keyOf(text: string, f: Fields, c: Cols, v: { s: number; e: number }): string | undefined {
  if (span(text, f, c.messageId, v)) return text.slice(v.s, v.e);
  if (span(text, f, c.id, v)) return `[${c.kind === 'trace' ? 'MessageTraceId' : c.kind === 'report' ? 'network_message_id' : 'InternalMessageId'} ${text.slice(v.s, v.e)}]`;
  return undefined;
}

export const exchangeOnlineDialect = defineDialect<ExoState>({
  id: 'exchange-trace',
  name: 'Exchange message trace export (CSV)',

  sniff(lines) {
    // the header row decides; a #TYPE line before it and the rows after it say nothing more
    for (let i = 0; i < lines.length && i < 5; i++) {
      const l = lines[i];
      const s = skipBom(l, 0, l.length);
      if (l.startsWith('#TYPE ', s) || !l.trim()) continue;
      return columnsOf(l, s, l.length) ? 1 : 0;
    }
    return 0;
  },

  createState: () => ({ f: new Fields(MAX_COLUMNS), c: undefined, v: { s: 0, e: 0 }, commas: newCommaMemo() }),

  columnsLine: (text, s, e) => columnsOf(text, s, e) !== undefined,

  classifyLine(text, line, e, out, st) {
    const s = startLine(text, line, e, out);
    if (s < 0) return;
    const ch = text.charCodeAt(s);
    if (ch === 35) { if (text.startsWith('#TYPE ', s)) out.kind = LineKind.Header; return; }
    if (ch !== 34 && !isDigit(ch)) {
      const cols = columnsOf(text, s, e);
      if (cols) { st.c = cols; out.kind = LineKind.Header; }
      return;
    }
    const c = st.c;
    if (!c) {
      if (ch === 34) { const cols = columnsOf(text, s, e); if (cols) { st.c = cols; out.kind = LineKind.Header; } }
      return;
    }
    const f = st.f;
    splitCsv(text, s, e, f, c.last + 2, st.commas);
    if (f.count <= c.last) {
      // another header row (files appended to each other)
      const cols = ch === 34 ? columnsOf(text, s, e) : undefined;
      if (cols) { st.c = cols; out.kind = LineKind.Header; }
      return;
    }
    const v = st.v;
    if (!span(text, f, c.time, v) || !isDigit(text.charCodeAt(v.s))) {
      const cols = columnsOf(text, s, e);
      if (cols) { st.c = cols; out.kind = LineKind.Header; }
      return;
    }
    const key = keyOf(text, f, c, v);
    if (key === undefined) return;
    out.key = key; out.message = true;
    out.payload = f.starts[c.status >= 0 ? c.status : c.time];
    const code = rowCode(text, f, c, v);
    if (code) { out.kind = LineKind.Status; out.code = code; } else out.kind = LineKind.Event;
  },

  tokens(line, header) {
    const r = rowOf(line, header);
    if (!r) return [];
    const { f, c } = r;
    const v = { s: 0, e: 0 };
    const toks: LineToken[] = [];
    if (span(line, f, c.time, v)) toks.push({ kind: 'timestamp', start: v.s, end: v.e });
    if (span(line, f, c.messageId, v)) toks.push({ kind: 'session', start: v.s, end: v.e });
    if (c.kind === 'trace') {
      if (span(line, f, c.rcpt, v)) toks.push({ kind: 'address', start: v.s, end: v.e });
      if (span(line, f, c.status, v)) {
        const k = traceClass(line, v.s, v.e);
        // a failure's status word is what its problem and explanation stand on
        toks.push({ kind: k === 5 || k === 4 ? 'text' : 'note', start: v.s, end: v.e });
      }
    } else if (c.kind === 'report') {
      if (span(line, f, c.status, v)) {
        const rs = reportRecipients(line, v.s, v.e);
        const cls = rs.map(x => eventsClass(line, x.ev, x.eve));
        // the worst recipient first (the line's code and its problem stand on it)
        let w = -1;
        cls.forEach((k, i) => { if ((k === 5 || k === 4) && (w < 0 || k > cls[w])) w = i; });
        const order = w > 0 ? [w, ...rs.map((_, i) => i).filter(i => i !== w)] : rs.map((_, i) => i);
        for (const i of order) {
          const x = rs[i];
          if (x.eve <= x.ev) continue;
          if (cls[i] === 5 || cls[i] === 4) toks.push({ kind: 'text', start: x.ev, end: x.eve, group: i });
          else toks.push({ kind: 'note', start: x.ev, end: x.eve });
        }
        // the recipient the line's status is about (records read it as the reply's recipient)
        const who = rs[order[0] ?? 0];
        if (who && who.ae > who.a) toks.push({ kind: 'address', start: who.a, end: who.ae });
      }
    } else {
      const ev = { s: 0, e: 0 };
      const hasEvent = span(line, f, c.event, ev);
      const statusWritten = span(line, f, c.status, v) && line.slice(v.s, v.e) !== UNJOINED;
      // a failure that writes no status stands on its event id (its problem and explanation)
      if (hasEvent) toks.push({ kind: !statusWritten && rowCode(line, f, c, { s: 0, e: 0 }) >= 400 ? 'text' : 'note', start: ev.s, end: ev.e });
      if (statusWritten) {
        // one group per recipient status, as in the tracking log files; the worst first
        pushStatusTokens(line, statusGroups(line, v.s, v.e), toks);
      }
      const rc = recipientsOf(line, r);
      if (rc.length && rc[0] !== UNJOINED && span(line, f, c.rcpt, v)) toks.push({ kind: 'address', start: v.s, end: v.s + rc[0].length });
    }
    return toks;
  },

  statusContext(line, at, header) {
    const r = rowOf(line, header);
    if (!r) return undefined;
    const { f, c } = r;
    if (c.kind === 'trace') {
      const to = field(line, f, c.toIp);
      const status = field(line, f, c.status);
      return `${status} for ${field(line, f, c.rcpt) || 'a recipient'}${to && /^delivered$/i.test(status) ? ` via ${to}` : ''}`;
    }
    if (c.kind === 'report') {
      const v = { s: 0, e: 0 };
      span(line, f, c.status, v);
      const rs = reportRecipients(line, v.s, v.e);
      const hit = at === undefined ? undefined : rs.find(x => at >= x.a && at <= x.eve);
      const cls = rs.map(x => eventsClass(line, x.ev, x.eve));
      const worst = Math.max(0, ...cls);
      // without a cursor: the recipients the line's status is about (the failed ones of a failure)
      const who = hit ? [hit] : worst >= 4 ? rs.filter((_, i) => cls[i] === worst) : rs;
      return list(who.map(x => `${line.slice(x.a, x.ae).trim()} (${line.slice(x.ev, x.eve).trim() || 'no event'})`));
    }
    const ev = field(line, f, c.event).toUpperCase();
    const rc = recipientsOf(line, r);
    const source = field(line, f, c.source);
    const who = rc[0] === UNJOINED ? ` (recipients unknown: ${UNJOINED_NOTE})` : rc.length ? ` for ${list(rc)}` : '';
    return `${ev}${who}${source ? ` (source ${source})` : ''}`;
  },

  delivers(line, header) {
    const r = rowOf(line, header);
    if (!r) return false;
    const { f, c } = r;
    if (c.kind === 'trace') return /^delivered$/i.test(field(line, f, c.status));
    if (c.kind === 'tracking') return DELIVERIES.has(field(line, f, c.event).toUpperCase());
    return true;
  },

  refused(line, header) {
    const r = rowOf(line, header);
    if (!r) return 1;
    const { f, c } = r;
    if (c.kind === 'trace') return 1;
    if (c.kind === 'report') {
      const v = { s: 0, e: 0 };
      span(line, f, c.status, v);
      return Math.max(1, reportRecipients(line, v.s, v.e).filter(x => eventsClass(line, x.ev, x.eve) === 5).length);
    }
    if (field(line, f, c.event).toUpperCase() === 'DSN') return 0; // the report about a failure refuses no one itself
    const v = { s: 0, e: 0 };
    let failed = 0;
    if (span(line, f, c.status, v)) for (const a of statusStarts(line, v.s, v.e)) { const p = codeIn(line, a, v.e); if (p >= 0 && line.charCodeAt(p) === 53) failed++; }
    const rc = recipientsOf(line, r);
    return failed || Math.max(1, rc[0] === UNJOINED ? 1 : rc.length);
  },

  // quoted CSV fields double their quotes
  decodeText: text => text.replace(/""/g, '"'),

  envelope(line, header) {
    const r = rowOf(line, header);
    if (!r) return undefined;
    const { f, c } = r;
    const to = recipientsOf(line, r).filter(x => x.includes('@'));
    const from = field(line, f, c.sender) || undefined;
    const messageId = field(line, f, c.messageId).replace(/^<|>$/g, '') || undefined;
    const id = field(line, f, c.id) || undefined;
    return { from, to, messageId, id };
  },

  remoteOf(line, header) {
    const r = rowOf(line, header);
    if (!r) return undefined;
    const host = field(line, r.f, r.c.clientHost), ip = field(line, r.f, r.c.fromIp);
    return [host, ip && ip !== host ? (host ? `[${ip}]` : ip) : ''].filter(x => x).join(' ') || undefined;
  },

  sessionLabel(first, _message, header) {
    const r = rowOf(first, header);
    if (!r) return undefined;
    const key = keyOf(first, r.f, r.c, { s: 0, e: 0 });
    if (!key) return undefined;
    const sender = field(first, r.f, r.c.sender);
    return `${key}${sender ? ` from ${sender}` : ''}`;
  },

  eventLabel(line, header) {
    const r = rowOf(line, header);
    if (!r) return undefined;
    const { f, c } = r;
    const rc = recipientsOf(line, r);
    const who = rc[0] === UNJOINED ? `recipients unknown: ${UNJOINED_NOTE}` : list(rc);
    if (c.kind === 'trace') return { name: field(line, f, c.status) || 'row', detail: who };
    if (c.kind === 'report') return { name: 'recipients', detail: statusList(line, r) };
    const source = field(line, f, c.source);
    const ev = field(line, f, c.event).toUpperCase();
    if (ev === 'RECEIVE') {
      const from = [field(line, f, c.clientHost), field(line, f, c.fromIp)].filter(x => x).join(' ');
      return { name: `${ev}${source ? ` (${source})` : ''}`, detail: from ? `from ${from}` : who };
    }
    return { name: `${ev}${source ? ` (${source})` : ''}`, detail: who };
  },

  describe(line, tok, _outbound, header) {
    if (tok.kind !== 'note') return undefined;
    const r = rowOf(line, header);
    if (!r) return undefined;
    const word = line.slice(tok.start, tok.end);
    if (r.c.kind === 'trace') {
      const text = TRACE_STATUS[word.toLowerCase()];
      return { head: word, what: 'message trace status', text: text ?? 'A status this analyzer does not know.' } satisfies FieldNote;
    }
    if (r.c.kind === 'report') {
      const known = word.split(',').map(w => w.trim()).filter(w => w).map(w => `${w}: ${EVENTS[w.toUpperCase()] ?? 'an event this analyzer does not know.'}`);
      return { head: word, what: 'events of this recipient', text: known.join(' ') };
    }
    const ev = word.toUpperCase();
    return { head: ev, what: 'message tracking event', text: EVENTS[ev] ?? 'An event this analyzer does not know.' };
  },
});

/** "bob@example.com: Receive, Deliver; eve@example.org: Receive, Fail" for the outline of a report row. */
function statusList(line: string, r: Row): string {
  const v = { s: 0, e: 0 };
  span(line, r.f, r.c.status, v);
  return list(reportRecipients(line, v.s, v.e).map(x => `${line.slice(x.a, x.ae).trim()}: ${line.slice(x.ev, x.eve).trim()}`));
}
