/**
 * What one log (or one bounce) says about a message: a `MessageTrace`, the steps it went through on one
 * server, each tied to its line, and the ids it carries. Built from the same parsed block and queries the
 * streaming engine's records come from (a queue-id message of postfix / sendmail / exim / message
 * tracking, or a connection session whose DATA was accepted or whose recipients were refused), so the
 * CLI, the workspace index and the editor agree. Joining traces into one message's trail is trail.ts.
 *
 * Ids are kept as keys: `q:ID` (a queue id, exim message id, sendmail queue id, the id a next hop gave:
 * `queued as`, `id=`, `Message accepted for delivery`), `i:HOST:N` (Exchange InternalId, per server),
 * `m:message-id` (lower case, without <>), `a:address` (lower case: search only, never a join).
 * Hand-written matching: these run once per line of a finished message, on text of known shapes.
 */
import { LineKind } from '../scanner/tokens';
import { headerOf, lineText } from '../parser/model';
import { answeredBy, replyInfo, summarizeSession, commandVerb, commandText } from '../parser/queries';
import { SessionFlag } from '../parser/model';
import { explainLogReply } from '../features/logHover';
import { lineTime, syslogHost, type RecordContext } from '../records/fromModel';
import { parseQuotedTranscript } from '../ndr/transcriptLines';
import { parseNdr } from '../ndr/parse';
import { header } from '../ndr/mime';
import { lineOfOffset } from '../ndr/text';
import { parseTimestamp } from '../records/time';

export type StepKind =
  | 'received'      // the server took the message in (from a client, or locally)
  | 'queued'        // the queue manager has it (postfix qmgr, sendmail from=)
  | 'delivered'     // an attempt that succeeded (to the next hop, or into a mailbox)
  | 'deferred'      // an attempt that failed for now (4xx): it stays in the queue
  | 'bounced'       // an attempt that failed for good (5xx)
  | 'expired'       // the queue lifetime ran out: returned to the sender
  | 'rejected'      // refused while it was being received (no queue id)
  | 'handed-over'   // a client session: the next server accepted it
  | 'bounce-sent'   // the server wrote a bounce (non-delivery / delay notification)
  | 'bounce-report' // a bounce message about it (a DSN file)
  | 'removed';      // it left the queue

export interface TrailStep {
  kind: StepKind;
  /** ISO time as the log writes it (no offset when the log writes local time) */
  time: string | null;
  /** the file (path or URI as given to the reader) and the 1-based line the step stands on */
  path: string;
  line: number;
  /** the server that logged it (syslog host, Exchange server, reporting MTA) */
  host?: string;
  /** what happened, in words */
  text: string;
  /** the other side: the client it came from or the relay it went to */
  peer?: string;
  to?: string;
  code?: number;
  enhanced?: string;
  reply?: string;
  /** the knowledge's verdict on a failed reply, and who acts */
  verdict?: string;
  whoActs?: string[];
  permanent?: boolean;
  /** the id the next hop gave it / the queue id of the bounce written */
  nextId?: string;
}

export interface MessageTrace {
  /** 'message': a queue id; 'session': a connection; 'bounce': a bounce file */
  source: 'message' | 'session' | 'bounce';
  format: string;
  host?: string;
  path: string;
  line: number;
  queueId?: string;
  messageId?: string;
  from?: string;
  to: string[];
  steps: TrailStep[];
  /** ids of this message on this server (q:, i:, m:) */
  keys: string[];
  /** ids of the same message elsewhere it points at (the next hop's id, the bounce's queue id, the parent of an exim bounce) */
  links: string[];
  /** addresses (a:) for search */
  addresses: string[];
  /** per line of the trace (1-based, in its path): the line numbers, for references */
  lines: number[];
  /** the files of `lines` (a message may cross a rotated set's boundary): parallel to lines */
  linePaths: string[];
  /** the message was still open when the log ended (no `removed`, no final attempt) */
  open: boolean;
  /** bounce only: when the original arrived, as the bounce says (Arrival-Date) */
  arrival?: string;
}

export const qKey = (id: string): string => `q:${id}`;
export const mKey = (id: string): string => `m:${id.replace(/^<|>$/g, '').toLowerCase()}`;
export const aKey = (addr: string): string => `a:${addr.replace(/^<|>$/g, '').toLowerCase()}`;
export const iKey = (host: string, n: string): string => `i:${host.split('.')[0].toLowerCase()}:${n}`;
/** an Exchange SMTP session id (protocol log `session-id`, message tracking's source context) */
export const xKey = (id: string): string => `x:${id.toUpperCase()}`;

const KV = (k: string): RegExp => new RegExp(`(?:^|[\\s,])${k}=([^,\\s]{1,400})`);
const TO = KV('to'), FROM = KV('from'), RELAY = KV('relay'), STATUS = KV('status'), ORIG_TO = KV('orig_to');
const CLIENT = /\bclient=([^,\s]{1,300})/;
const MSGID = /\b(?:message-id|msgid)=<([^<>\s]{1,400})>/i;
const NOTIFY = /\b(?:sender|postmaster) (?:non-delivery|delay|delivery status|success delivery) notification: ([0-9A-Za-z]{4,40})/;
const SENDMAIL_DSN = /^(?:.*?: )?([0-9A-Za-z]{8,20}): ([0-9A-Za-z]{8,20}): (?:DSN|return to sender|postmaster notify|sender notify):/;
const EXIM = /^\S+ \S+(?: [+-]\d{4})? (?:\[\d+\] )?([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) (<=|=>|->|\*\*|==|>>|Completed)(?:\s+(\S{1,400}))?(?: <([^<>\s]{1,320})>)?/;
const EXIM_TRANSPORT = /\bT=(\S{1,100})/;
const SENDMAIL_REJECT = /\bruleset=\S+, arg1=<?([^<>,\s]{1,320})>?,.*\breject=/;
const EXIM_PARENT = /\bR=([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\b/;
const EXIM_HOST = /\bH=(\S{1,300}(?: \[[0-9A-Fa-f:.]{2,45}\])?)/;
const EXIM_ID = /\bid=(\S{1,400})/;
const NEXT_HOP = /queued as ([0-9A-Za-z]{4,40})|\bid=([\w.-]{6,64})|\(?([0-9A-Za-z]{8,20}) Message accepted for delivery|InternalId=(\d{4,40})/i;
const EXCHANGE_ACCEPT = /<([^<>\s]{1,400}@[^<>\s]{1,255})>\s*\[InternalId=(\d{1,40}), Hostname=([^\],\s]{1,255})/;
const TRACK_EVENT = /^[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,(?:"[^"]*"|[^,]*),(?:"[^"]*"|[^,]*),[^,]*,([A-Z]{3,20}),/;
const TRACK_SESSION = /^[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,"?([0-9A-F]{16});/;
const TRACK_SERVER = /^[^,]*,[^,]*,[^,]*,[^,]*,([A-Za-z0-9][A-Za-z0-9.-]{0,253}),/;
const EXCHANGE_SESSION = /^\d{4}-\d\d-\d\dT[\d:.]+Z,[^,]*,([0-9A-F]{16}),/;
const QUEUE_LABEL = /^([0-9A-Za-z][0-9A-Za-z-]{3,40})\b/;

const clean = (s: string): string => s.replace(/^<|>$/g, '');
const cut = (s: string, n = 400): string => (s.length > n ? s.slice(0, n) + '…' : s);

/** Who acts, in words a ticket uses. */
const ACTORS: Record<string, string> = { sender: 'the sender', senderAdmin: "the sender's mail administrator", recipient: 'the recipient', recipientAdmin: "the recipient's mail administrator", ourServer: 'the administrator of this server' };

/** The trace of finished session `s` of a parsed block (undefined when it carries no message). */
export function traceOfSession(ctx: RecordContext, s: number, lines: number[] | undefined, complete: boolean): MessageTrace | undefined {
  const { m, origin } = ctx;
  const message = (m.sessions.flags[s] & SessionFlag.Message) !== 0;
  const sum = summarizeSession(m, s, lines);
  const ls = sum.lines;
  if (!ls.length) return undefined;
  const first = ls[0];
  const pathOf = (l: number): string => origin.paths[origin.file[l]];
  const t: MessageTrace = {
    source: message ? 'message' : 'session', format: m.format, path: pathOf(first), line: origin.line[first],
    to: [], steps: [], keys: [], links: [], addresses: [], lines: [], linePaths: [], open: false,
  };
  const host0 = syslogHost(lineText(m, first));
  // the logging server: the syslog host; in a connection log, the side that logs (a client names itself in EHLO, a server in its greeting)
  t.host = host0 ?? (sum.outbound ? sum.helo : sum.server) ?? exchangeServer(lineText(m, first));
  const keys = new Set<string>(), links = new Set<string>(), addrs = new Set<string>(), to = new Set<string>();
  const addAddr = (a: string | undefined): void => { if (a && a.includes('@')) addrs.add(aKey(a)); };
  const step = (l: number, kind: StepKind, text: string, extra?: Partial<TrailStep>): TrailStep => {
    const st: TrailStep = { kind, time: lineTime(ctx, l).iso, path: pathOf(l), line: origin.line[l], text, ...extra };
    const h = syslogHost(lineText(m, l)) ?? t.host;
    if (h) st.host = h;
    t.steps.push(st);
    return st;
  };
  const failure = (l: number, st: TrailStep): void => {
    const ri = replyInfo(m, l);
    if (!ri) return;
    if (ri.codeWritten) st.code = ri.code; if (ri.enhanced) st.enhanced = ri.enhanced; st.reply = cut(ri.text);
    if (ri.code >= 400) {
      const e = explainLogReply(m, ri);
      st.verdict = e.title;
      st.whoActs = e.actors.filter(a => a !== 'none').map(a => ACTORS[a] ?? a);
      st.permanent = e.cls === 'permanent';
    }
  };
  if (message) {
    const label = m.dialect?.sessionLabel?.(lineText(m, first), true, headerOf(m, first));
    const q = label ? QUEUE_LABEL.exec(label)?.[1] : undefined;
    if (q) { t.queueId = q; keys.add(qKey(q)); }
    let queued = false, removed = false, finals = 0, deferrals = 0;
    for (const l of ls) {
      t.lines.push(origin.line[l]); t.linePaths.push(pathOf(l));
      const k = m.kind[l];
      if (k === LineKind.Blank) continue;
      const raw = lineText(m, l);
      const x = raw.length > 4000 ? raw.slice(0, 4000) : raw;
      const env = m.dialect?.envelope?.(raw, headerOf(m, l));
      if (env) {
        if (!t.from && env.from) t.from = env.from;
        if (!t.messageId && env.messageId) t.messageId = clean(env.messageId);
        if (!t.queueId && env.id) { t.queueId = env.id; keys.add(qKey(env.id)); }
        for (const a of env.to ?? []) { to.add(a); addAddr(a); }
      }
      const mid = MSGID.exec(x)?.[1];
      if (mid && !t.messageId) t.messageId = mid;
      const ex = m.format === 'exim' ? EXIM.exec(x) : null;
      if (ex && !t.queueId) { t.queueId = ex[1]; keys.add(qKey(ex[1])); }
      if (k === LineKind.Status) {
        const ri = replyInfo(m, l);
        const c = m.code[l];
        const st = STATUS.exec(x)?.[1] ?? '';
        const reject = SENDMAIL_REJECT.exec(x);
        const rcpt = clean(TO.exec(x)?.[1] ?? (ex && ex[2] !== '<=' ? ex[4] ?? ex[3] : undefined) ?? reject?.[1] ?? env?.to?.join(', ') ?? '');
        if (reject) {
          // refused while it was received (sendmail's check_rcpt): no delivery attempt
          const st = step(l, 'rejected', `refused while receiving (to ${rcpt})`, { to: rcpt || undefined, peer: RELAY.exec(x)?.[1] });
          if (rcpt) { to.add(rcpt); addAddr(rcpt); }
          failure(l, st);
          continue;
        }
        for (const r of rcpt.split(', ')) if (r) { to.add(r); addAddr(r); }
        const rl = RELAY.exec(x)?.[1] ?? (ex ? EXIM_HOST.exec(x)?.[1] ?? EXIM_TRANSPORT.exec(x)?.[1] : undefined);
        const relay = rl === 'none' ? undefined : rl;
        const expired = /expired/i.test(st) || /\bEnvelope expired\b|retry time not reached for any host after a long failure period|\bmessage expired\b/i.test(x);
        let kind: StepKind = expired ? 'expired' : c >= 200 && c < 300 ? 'delivered' : c >= 500 ? 'bounced' : 'deferred';
        // a 2xx that is no delivery (message tracking RECEIVE, SUBMIT, AGENTINFO ...): the message was taken in
        const event = m.format === 'exchange-msgtrk' ? TRACK_EVENT.exec(x)?.[1] : undefined;
        if (kind === 'delivered' && m.dialect?.delivers && !m.dialect.delivers(raw, headerOf(m, l))) {
          const sid = m.format === 'exchange-msgtrk' ? TRACK_SESSION.exec(x)?.[1] : undefined;
          if (sid) links.add(xKey(sid));
          const st0 = step(l, 'received', `${event ? `${event}: ` : ''}received${sid ? ` in SMTP session ${sid}` : ''}`, { code: ri?.codeWritten ? ri.code : undefined, reply: ri?.text ? cut(ri.text) : undefined });
          void st0; void kind;
          continue;
        }
        // the next hop's reply: the parsed reply, else exim's C="..." field
        const confirm = `${ri?.text ?? ''} ${ex ? /\bC="([^"]{1,400})"/.exec(x)?.[1] ?? '' : ''}`;
        const nh = kind === 'delivered' ? NEXT_HOP.exec(confirm.slice(0, 800)) : null;
        const next = nh ? nh[1] ?? nh[2] ?? nh[3] ?? nh[4] : undefined;
        const local = !relay || rl === 'none' || /^(?:local|virtual|maildrop|dovecot|lmtp|pipe|none)$/i.test(relay) || /^(?:local|virtual)/i.test(relay);
        const words = kind === 'delivered' ? (next ? `handed to ${relay ?? 'the next hop'}, which queued it as ${next}` : local ? `delivered${relay ? ` by ${relay}` : ''}${rcpt ? ` to ${rcpt}` : ''}` : `delivered to ${relay}`)
          : kind === 'deferred' ? `delivery attempt failed for now${relay ? ` (${relay})` : ''}: it stays in the queue`
            : kind === 'bounced' ? `delivery failed for good${relay ? ` (${relay})` : ''}`
              : 'the queue lifetime ran out: returned to the sender';
        const origTo = ORIG_TO.exec(x)?.[1];
        const s0 = step(l, kind, words, { to: rcpt || undefined, peer: relay });
        if (origTo) addAddr(clean(origTo));
        if (next) { s0.nextId = next; links.add(nh![4] ? `q:${next}` : qKey(next)); }
        failure(l, s0);
        if (kind === 'deferred') deferrals++; else finals++;
        continue;
      }
      const notify = NOTIFY.exec(x) ?? SENDMAIL_DSN.exec(x);
      if (notify) {
        const id = notify.length > 2 ? notify[2] : notify[1];
        step(l, 'bounce-sent', `${/delay/.test(x) ? 'a delay notification' : /success/.test(x) ? 'a delivery notification' : 'a bounce (non-delivery notification)'} was queued as ${id}`, { nextId: id });
        links.add(qKey(id));
        continue;
      }
      if (ex) {
        if (ex[2] === '<=') {
          const from = ex[3] && ex[3] !== '<>' ? clean(ex[3]) : '<>';
          if (!t.from) t.from = from === '<>' ? '' : from;
          addAddr(from);
          const h = EXIM_HOST.exec(x)?.[1];
          const id = EXIM_ID.exec(x)?.[1];
          if (id && !t.messageId) t.messageId = clean(id);
          const parent = from === '<>' ? EXIM_PARENT.exec(x)?.[1] : undefined;
          if (parent) links.add(qKey(parent));
          step(l, 'received', parent ? `bounce message created for ${parent}` : `received${h ? ` from ${h}` : ' locally'}`, { peer: h });
          queued = true;
        } else if (ex[2] === 'Completed') { step(l, 'removed', 'completed: it left the queue'); removed = true; }
        continue;
      }
      const client = CLIENT.exec(x)?.[1];
      if (client) { step(l, 'received', `received from ${client}`, { peer: client }); continue; }
      if (/\buid=\d+ from=</.test(x)) { step(l, 'received', 'submitted locally (pickup)'); continue; }
      const from = FROM.exec(x)?.[1];
      if (from !== undefined && !queued) {
        const f = clean(from);
        if (!t.from) t.from = f;
        addAddr(f);
        const relay = RELAY.exec(x)?.[1];
        const n = /\bnrcpts?=(\d+)/.exec(x)?.[1];
        step(l, relay ? 'received' : 'queued', relay ? `received from ${relay}` : `queued${n ? ` for ${n} recipient${n === '1' ? '' : 's'}` : ''}`, { peer: relay });
        queued = true;
        continue;
      }
      if (/: removed\s*$|\bremoved\s*$/.test(x) && k === LineKind.Event) { step(l, 'removed', 'removed from the queue'); removed = true; }
    }
    if (t.messageId) keys.add(mKey(t.messageId));
    addAddr(t.from);
    if (m.format === 'exchange-msgtrk') {
      // the server that tracked it (server-hostname of the first row), and its InternalId there
      const host = TRACK_SERVER.exec(lineText(m, first))?.[1];
      if (host && !t.host) t.host = host;
      for (const st of t.steps) st.host ??= t.host;
      if (t.host && t.queueId && /^\d+$/.test(t.queueId)) keys.add(iKey(t.host, t.queueId));
    }
    t.open = !removed && !(complete && (m.sessions.flags[s] & SessionFlag.Closed) !== 0) && (deferrals > 0 || finals === 0);
  } else {
    // a connection: one message per accepted DATA (Exchange protocol logs, debug-peer transcripts, client
    // transcripts); refused recipients (postfix NOQUEUE, any RCPT refused) for search by address
    let from: string | undefined;
    const rcpts: string[] = [];
    const outbound = sum.outbound;
    let any = false;
    for (const l of ls) {
      t.lines.push(origin.line[l]); t.linePaths.push(pathOf(l));
      const k = m.kind[l];
      if (k === LineKind.Command) {
        const v = commandVerb(m, l);
        const a = /<([^<>\s]{0,320})>/.exec(commandText(m, l))?.[1];
        if (v === 'MAIL') { from = a; rcpts.length = 0; }
        else if (v === 'RCPT' && a) rcpts.push(a);
        continue;
      }
      if (k !== LineKind.Reply && k !== LineKind.Status) continue;
      const c = m.code[l];
      const raw = lineText(m, l);
      if (k === LineKind.Status && c >= 400) {
        // postfix NOQUEUE reject: from=<> to=<> on the line
        const f = FROM.exec(raw)?.[1], r = TO.exec(raw)?.[1];
        if (r) {
          const st = step(l, 'rejected', `refused while receiving${r ? ` (to ${clean(r)})` : ''}`, { to: clean(r) });
          failure(l, st);
          addAddr(clean(r)); if (f) { addAddr(clean(f)); t.from ??= clean(f); }
          to.add(clean(r)); any = true;
        }
        continue;
      }
      if (k !== LineKind.Reply) continue;
      const a = answeredBy(m, l);
      const ri = replyInfo(m, l);
      if (!ri) continue;
      // the verdict on the message: the reply to the end of DATA, or to BDAT ... LAST (CHUNKING)
      const eod = a.kind === 'endOfData' || (a.kind === 'command' && a.verb === 'BDAT' && /\bLAST\b/i.test(a.text));
      if (eod && c >= 200 && c < 300) {
        const ex = EXCHANGE_ACCEPT.exec(ri.text.slice(0, 600));
        const nh = NEXT_HOP.exec(ri.text.slice(0, 400));
        const id = nh ? nh[1] ?? nh[2] ?? nh[3] : undefined;
        const words = outbound ? `handed over to ${sum.remote ?? 'the next server'}, which accepted it${id ? ` as ${id}` : ''}` : `received from ${sum.remote ?? 'a client'}${id ? `, queued as ${id}` : ''}`;
        const st = step(l, outbound ? 'handed-over' : 'received', words, { peer: sum.remote, code: ri.code, enhanced: ri.enhanced, reply: cut(ri.text) });
        if (ex) {
          t.messageId ??= ex[1];
          keys.add(mKey(ex[1]));
          const ik = iKey(ex[3], ex[2]);
          if (outbound) links.add(ik); else keys.add(ik);
          st.nextId = ex[2];
        }
        if (id) { (outbound ? links : keys).add(qKey(id)); if (!outbound) t.queueId ??= id; else st.nextId = id; }
        if (from !== undefined) { t.from ??= from; addAddr(from); }
        for (const r of rcpts) { to.add(r); addAddr(r); }
        st.to = rcpts.join(', ') || undefined;
        any = true;
      } else if (c >= 400 && (eod || (a.kind === 'command' && (a.verb === 'RCPT' || a.verb === 'MAIL' || a.verb === 'DATA')))) {
        const r = a.kind === 'command' && a.verb === 'RCPT' ? /<([^<>\s]{0,320})>/.exec(a.text)?.[1] : undefined;
        const what = eod ? 'the message' : a.kind === 'command' ? a.text : '';
        const st = step(l, 'rejected', outbound ? `${sum.remote ?? 'the next server'} refused ${cut(what, 120)}` : `refused ${cut(what, 120)}`, { peer: sum.remote, to: r });
        failure(l, st);
        if (r) { to.add(r); addAddr(r); }
        if (from !== undefined) { t.from ??= from; addAddr(from); }
        any = true;
      }
    }
    if (!any) return undefined;
    const sid = m.format === 'exchange-protocol' ? EXCHANGE_SESSION.exec(lineText(m, first))?.[1] : undefined;
    if (sid) keys.add(xKey(sid));
  }
  t.to = [...to];
  t.keys = [...keys];
  t.links = [...links].filter(x => !keys.has(x));
  t.addresses = [...addrs];
  return t;
}

/** The Exchange server of a protocol-log row ("EX01\Default Frontend EX01" -> EX01). */
function exchangeServer(line: string): string | undefined {
  const m = /^\d{4}-\d\d-\d\dT[\d:.]+Z,([^\\,]{1,64})\\/.exec(line);
  return m?.[1];
}

/** The trace of one bounce document: its reports, and the ids that join it to the logs. */
export function traceOfBounce(text: string, path: string): MessageTrace | undefined {
  const log = parseQuotedTranscript(text);
  if (log.format === 'binary') return undefined;
  const ndr = parseNdr(log);
  if (!ndr.reports.length) return undefined;
  const field = (n: string): string | undefined => ndr.fields.find(f => f.lname === n)?.value?.trim();
  const queueId = field('x-postfix-queue-id');
  const t: MessageTrace = {
    source: 'bounce', format: `ndr-${ndr.layout}`, path, line: 1, to: [], steps: [], keys: [], links: [], addresses: [], lines: [], linePaths: [], open: false,
    host: ndr.reportingMta?.replace(/^dns;\s*/i, ''),
  };
  const keys = new Set<string>(), links = new Set<string>(), addrs = new Set<string>();
  if (queueId && /^[0-9A-Za-z]{4,40}$/.test(queueId)) { t.queueId = queueId; links.add(qKey(queueId)); }
  const orig = ndr.original?.messageId ? clean(ndr.original.messageId) : undefined;
  if (orig) { t.messageId = orig; links.add(mKey(orig)); }
  // the bounce's own Message-Id: the log line where the MTA queued the bounce carries it
  const own = header(ndr.mime, 'message-id');
  if (own) { const v = /<([^<>\s]{1,400})>/.exec(own)?.[1]; if (v) keys.add(mKey(v)); }
  if (ndr.original?.from) { t.from = ndr.original.from; addrs.add(aKey(ndr.original.from)); }
  const bounceTime = parseBounceDate(ndr.date);
  t.arrival = parseBounceDate(ndr.arrivalDate) ?? undefined;
  for (const r of ndr.reports) {
    const line = lineOfOffset(log, r.anchor.start) + 1;
    const failed = r.action === 'failed';
    const st: TrailStep = {
      kind: 'bounce-report', time: parseBounceDate(r.lastAttempt) ?? bounceTime, path, line, host: t.host,
      text: `bounce message: ${r.recipient} ${r.action}${r.remoteMta ? ` (remote ${r.remoteMta.replace(/^dns;\s*/i, '')})` : ''}${r.willRetryUntil ? `, will retry until ${r.willRetryUntil}` : ''}`,
      to: r.recipient,
    };
    if (r.reply?.code) st.code = r.reply.code;
    if (r.status) st.enhanced = r.status;
    if (r.reply?.text || r.diagnostic) st.reply = cut((r.reply?.text ?? r.diagnostic)!);
    if (failed || r.action === 'delayed') st.permanent = failed && r.severity === 'hard';
    t.steps.push(st);
    t.to.push(r.recipient);
    addrs.add(aKey(r.recipient));
    t.lines.push(line); t.linePaths.push(path);
  }
  t.keys = [...keys];
  t.links = [...links];
  t.addresses = [...addrs];
  return t;
}

/** RFC 5322 dates to ISO (with the offset they write), else a log-style time, else null. */
export function parseBounceDate(d: string | undefined): string | null {
  if (!d) return null;
  const m = /(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|GMT|UTC|Z)?/.exec(d.slice(0, 200));
  if (m) {
    const mon = 'JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(m[2]) / 3 + 1;
    if (mon < 1) return null;
    const off = !m[7] ? '' : m[7] === 'GMT' || m[7] === 'UTC' || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].slice(3)}`;
    const p2 = (n: string | number): string => String(n).padStart(2, '0');
    return `${m[3]}-${p2(mon)}-${p2(m[1])}T${p2(m[4])}:${m[5]}:${m[6] ?? '00'}${off}`;
  }
  return parseTimestamp(d)?.iso ?? null;
}
