/**
 * Records from a parsed block of log lines: the same LogModel and the same queries (replyInfo,
 * answeredBy, summarizeSession, the knowledge's explanation) the editor's hovers and problems use, so
 * the CLI, the export and the editor never disagree. The streaming reader (core/stream) decides which
 * lines of a block are new and which sessions are finished; this file only turns them into records.
 */
import { LineKind } from '../scanner/tokens';
import { headerOf, lineText, type LogModel, SessionFlag } from '../parser/model';
import { answeredBy, replyInfo, summarizeSession, tokensOf, type ReplyInfo, type SessionSummary } from '../parser/queries';
import { explainLogReply } from '../features/logHover';
import { severityOf } from '../knowledge/reasons';
import { espClasses } from '../knowledge/esp';
import { setEsp } from './esp';
import type { Explanation } from '../knowledge';
import { fileKey, recordId } from './id';
import { isoDiffMs, parseTimestamp, type YearTracker } from './time';
import { sessionSecurity } from '../parser/security';
import { SCHEMA_VERSION, type BaseRecord, type MessageRecord, type RecordType, type ReplyRecord, type SessionRecord } from './schema';

/** Where each line of a block came from (carried lines keep their origin). */
export interface BlockOrigin {
  /** index into `paths` per block line */
  file: Uint32Array;
  /** 1-based line number in its file */
  line: Float64Array;
  /** byte offset in its (decompressed) file */
  offset: Float64Array;
  paths: string[];
  /** per path: its name as record ids use it (fileKey) */
  keys?: string[];
}

function keyOf(o: BlockOrigin, l: number): string {
  const f = o.file[l];
  if (!o.keys) o.keys = [];
  return o.keys[f] ??= fileKey(o.paths[f]);
}

export interface RecordContext {
  m: LogModel;
  origin: BlockOrigin;
  years: YearTracker;
  /** per session of the block: its id (computed once) */
  sessionIds: Map<number, string>;
  /** per session of the block: its summary (a reply's peer and the session record share it) */
  summaries: Map<number, SessionSummary>;
}

/** The summary of session `s`, computed once per block. */
function summaryOf(ctx: RecordContext, s: number, lines?: number[]): SessionSummary {
  let sum = ctx.summaries.get(s);
  if (!sum) { sum = summarizeSession(ctx.m, s, lines); ctx.summaries.set(s, sum); }
  return sum;
}

const ACTOR_NAMES: Record<string, string> = { sender: 'sender', senderAdmin: 'sender_admin', recipientAdmin: 'recipient_admin', recipient: 'recipient', ourServer: 'this_server', none: 'none' };

export function newContext(m: LogModel, origin: BlockOrigin, years: YearTracker): RecordContext {
  return { m, origin, years, sessionIds: new Map(), summaries: new Map() };
}

/** ISO time of a line (its own timestamp, else undefined) and whether its year was inferred. */
export function lineTime(ctx: RecordContext, l: number): { iso: string | null; inferred: boolean } {
  const { m } = ctx;
  if (!m.dialect || l < 0 || m.kind[l] === LineKind.Blank) return { iso: null, inferred: false };
  const text = lineText(m, l);
  // most formats start their lines with the time: read it there before tokenizing the whole line
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57 || c >= 65 && c <= 90) {
    const fast = parseTimestamp(text, ctx.years);
    if (fast) return { iso: fast.iso, inferred: fast.yearInferred };
  }
  const t = m.dialect.tokens(text, headerOf(m, l)).find(x => x.kind === 'timestamp');
  if (!t) return { iso: null, inferred: false };
  const p = parseTimestamp(text.slice(t.start, t.end), ctx.years);
  return p ? { iso: p.iso, inferred: p.yearInferred } : { iso: null, inferred: false };
}

/** Time of the line or of the nearest line above it in the same session that writes one. */
function timeNear(ctx: RecordContext, l: number): { iso: string | null; inferred: boolean } {
  const { m } = ctx;
  const s = m.session[l];
  for (let k = l, n = 0; k >= 0 && n < 64; k--) {
    if (k !== l && m.session[k] !== s) continue;
    n++;
    const t = lineTime(ctx, k);
    if (t.iso) return t;
  }
  return { iso: null, inferred: false };
}

const SYSLOG_HOST = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?) ([A-Za-z0-9][A-Za-z0-9.-]{0,253}) [A-Za-z0-9/_.-]{1,64}(?:\[\d{1,10}\])?:/;

/** The host a syslog line names (`Nov 24 12:57:28 mx-a postfix/smtp[1]: ...` -> mx-a), else undefined. */
export function syslogHost(text: string): string | undefined {
  return SYSLOG_HOST.exec(text.length > 400 ? text.slice(0, 400) : text)?.[1];
}

function base(ctx: RecordContext, type: RecordType, l: number, time: { iso: string | null; inferred: boolean }, outcome: BaseRecord['event.outcome']): BaseRecord {
  const { m, origin } = ctx;
  const text = lineText(m, l);
  const off = origin.offset[l];
  const r: BaseRecord = {
    '@timestamp': time.iso,
    'event.id': recordId(type, keyOf(origin, l), off, text),
    'event.dataset': `smtp.${type}`,
    'event.outcome': outcome,
    'smtp.record': type,
    'smtp.schema': SCHEMA_VERSION,
    'smtp.format': m.format,
    'log.file.path': origin.paths[origin.file[l]],
    'log.file.line': origin.line[l],
    'log.offset': off,
  };
  if (time.inferred) r['smtp.year_inferred'] = true;
  const h = SYSLOG_HOST.exec(text.length > 400 ? text.slice(0, 400) : text);
  if (h) r['host.name'] = h[1];
  return r;
}

const PEER_IP = /(?:^|[\s\[(])((?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3})(?=$|[\s\]):])/;

/** The peer as ECS wants it: `source.address` as written, `source.ip` and `source.domain` when they can be told. */
function setPeer(r: { 'source.address'?: string; 'source.ip'?: string; 'source.domain'?: string }, remote: string): void {
  r['source.address'] = remote;
  const ip = PEER_IP.exec(remote);
  if (ip) r['source.ip'] = ip[1];
  // a URL (smtp://host:587/...): its host; else the first word before an address in brackets
  const host = /^[a-z][a-z0-9+.-]{0,20}:\/\/([^/:?\s\[\]]+)/i.exec(remote)?.[1] ?? remote.split(/[\s\[]/)[0];
  if (host && /[A-Za-z]/.test(host) && host.includes('.') && host !== 'unknown') r['source.domain'] = host;
}

export function sessionId(ctx: RecordContext, s: number): string {
  let id = ctx.sessionIds.get(s);
  if (!id) {
    const first = ctx.m.sessions.first[s];
    const type = ctx.m.sessions.flags[s] & SessionFlag.Message ? 'message' : 'session';
    id = recordId(type, keyOf(ctx.origin, first), ctx.origin.offset[first], lineText(ctx.m, first));
    ctx.sessionIds.set(s, id);
  }
  return id;
}

function explanationId(e: Explanation): string {
  if (e.vendor.length) return e.vendor[0].id;
  if (e.enhancedEntry && e.enhanced) return `enhanced:${e.enhanced}`;
  if (e.basic) return `basic:${e.basic.code}`;
  return `class:${e.cls}`;
}

const ADDRESS = /<([^<>\s]{1,320})>/;
const QUEUE_ID = /^([0-9A-Za-z][0-9A-Za-z-]{3,40})\b/;

/** A reply record for the reply or status record that ends at `l` (a Reply or Status line with code >= 400). */
export function replyRecord(ctx: RecordContext, l: number, sessionCache: Map<number, { remote?: string; queue?: string }>): ReplyRecord | undefined {
  const { m } = ctx;
  const ri: ReplyInfo | undefined = replyInfo(m, l);
  if (!ri) return undefined;
  const e = explainLogReply(m, ri);
  const a = answeredBy(m, l);
  const command = a.kind === 'command' ? a.text : a.kind === 'endOfData' ? 'end of data' : a.kind === 'greeting' ? 'greeting' : a.kind === 'status' ? a.text : undefined;
  const r = base(ctx, 'reply', ri.firstLine, timeNear(ctx, ri.firstLine), 'failure') as ReplyRecord;
  r['smtp.code'] = ri.code;
  r['smtp.code_written'] = ri.codeWritten;
  if (ri.enhanced) r['smtp.enhanced_code'] = ri.enhanced;
  r['smtp.reply_text'] = ri.text;
  if (command) r['smtp.command'] = command;
  if (a.kind === 'command') r['smtp.verb'] = a.verb;
  r['smtp.explanation_id'] = explanationId(e);
  r['smtp.explanation'] = e.title;
  r['smtp.class'] = e.cls;
  r['smtp.who_acts'] = e.actors.filter(x => x !== 'none').map(x => ACTOR_NAMES[x] ?? x).join(',');
  if (e.reason) {
    r['bounce.reason'] = e.reason;
    const sev = severityOf(e.reason, 'failed', e.cls);
    if (sev !== 'none') r['bounce.severity'] = sev;
    setEsp(r, espClasses(e.reason, sev, e.cls === 'transient'));
  }
  const s = m.session[l];
  if (s >= 0) {
    r['smtp.session_id'] = sessionId(ctx, s);
    let c = sessionCache.get(s);
    if (!c) {
      const first = lineText(m, m.sessions.first[s]);
      const message = (m.sessions.flags[s] & SessionFlag.Message) !== 0;
      const label = m.dialect?.sessionLabel?.(first, message, headerOf(m, m.sessions.first[s]));
      const remote = m.dialect?.remoteOf?.(first, headerOf(m, m.sessions.first[s])) ?? (message ? undefined : summaryOf(ctx, s).remote);
      c = { remote, queue: message && label ? QUEUE_ID.exec(label)?.[1] : undefined };
      sessionCache.set(s, c);
    }
    if (c.remote) setPeer(r, c.remote);
    if (c.queue) r['smtp.queue_id'] = c.queue;
  }
  // envelope addresses written on the line (postfix NOQUEUE from=/to=, sendmail to=, exim ** rcpt) or in the command
  const text = lineText(m, ri.firstLine);
  const from = /\bfrom=<([^<>\s]{0,320})>/.exec(text)?.[1];
  const to = /\bto=<([^<>\s]{1,320})>/.exec(text)?.[1]
    ?? (a.kind === 'command' && a.verb === 'RCPT' ? ADDRESS.exec(a.text)?.[1] : undefined)
    ?? (m.kind[l] === LineKind.Status ? statusRecipient(ctx, l) : undefined);
  if (from !== undefined) r['email.from.address'] = from;
  else if (a.kind === 'command' && a.verb === 'MAIL') { const f = ADDRESS.exec(a.text)?.[1]; if (f !== undefined) r['email.from.address'] = f; }
  if (to) r['email.to.address'] = [to];
  return r;
}

function statusRecipient(ctx: RecordContext, l: number): string | undefined {
  const text = lineText(ctx.m, l);
  const t = tokensOf(ctx.m, l).find(x => x.kind === 'address');
  if (!t) return undefined;
  const v = text.slice(t.start, t.end).replace(/^</, '').replace(/>$/, '');
  return v.includes('@') ? v : undefined;
}

/** TLS, authentication and SPF / DKIM / DMARC facts of a session or message (parser/security.ts), as record fields. */
function setSecurity(ctx: RecordContext, s: number, lines: number[], r: SessionRecord | MessageRecord): void {
  const sec = sessionSecurity(ctx.m, s, lines);
  if (sec.tls) {
    r['smtp.tls'] = true;
    if (sec.tls.version) r['smtp.tls_version'] = sec.tls.version;
    if (sec.tls.cipher) r['smtp.tls_cipher'] = sec.tls.cipher;
  }
  if (sec.auth) {
    r['smtp.auth'] = sec.auth.failed ? 'failed' : sec.auth.mechanism ?? 'yes';
    if (sec.auth.user) r['smtp.auth_user'] = sec.auth.user;
  }
  if (sec.spf) r['smtp.spf'] = sec.spf.result;
  if (sec.dkim) r['smtp.dkim'] = sec.dkim.result;
  if (sec.dmarc) r['smtp.dmarc'] = sec.dmarc.result;
}

/** A session record for connection session `s` of the block. */
export function sessionRecord(ctx: RecordContext, s: number, complete: boolean, lines?: number[]): SessionRecord {
  const sum = summaryOf(ctx, s, lines);
  const first = sum.first, last = sum.last;
  const start = timeNear(ctx, first), end = timeNear(ctx, last);
  const failed = !!sum.firstFailure || (!sum.delivered && !!sum.firstTransient);
  const r = base(ctx, 'session', first, start, sum.delivered > 0 ? 'success' : failed ? 'failure' : 'unknown') as SessionRecord;
  r['smtp.session_id'] = sessionId(ctx, s);
  r['network.direction'] = sum.outbound ? 'outbound' : 'inbound';
  if (sum.remote) setPeer(r, sum.remote);
  if (sum.helo) r['smtp.helo'] = sum.helo;
  setSecurity(ctx, s, sum.lines, r);
  r['event.start'] = start.iso;
  r['event.end'] = end.iso;
  const d = isoDiffMs(start.iso, end.iso);
  if (d !== undefined && d >= 0) r['event.duration'] = d * 1e6;
  r['smtp.outcome'] = complete ? sum.outcome : `${sum.outcome} (incomplete: the log ended before the session closed)`;
  r['smtp.complete'] = complete && sum.closed;
  r['smtp.lines'] = sum.lines.length;
  r['smtp.messages_delivered'] = sum.delivered;
  r['smtp.recipients_refused'] = sum.rejectedRecipients;
  const f = sum.firstFailure ?? sum.firstTransient;
  if (f) { r['smtp.code'] = f.code; if (f.enhanced) r['smtp.enhanced_code'] = f.enhanced; }
  return r;
}

const KV = (k: string): RegExp => new RegExp(`(?:^|[\\s,])${k}=([^,\\s]{1,400})`);
const FROM = KV('from'), TO = KV('to'), RELAY = KV('relay'), DELAY = KV('delay'), STATUS = KV('status');
const MSGID = /\b(?:message-id|msgid)=(<[^<>\s]{1,400}>)/i;
const CLIENT = /\bclient=([^,\s]{1,300})/;
const EXIM_FLAG = /^\S+(?: \S+)?\s+(?:\S+ )?(<=|=>|->|\*\*|==|>>)\s+(\S{1,400})(?: <([^<>\s]{1,320})>)?/;
const EXIM_ID = /\bid=(\S{1,400})/;
const EXIM_HOST = /\bH=(\S{1,300}(?: \[[0-9A-Fa-f:.]{2,45}\])?)/;
const NEXT_HOP = /queued as ([0-9A-Za-z]{4,40})|\bid=([\w.-]{6,64})|\(([0-9A-Za-z]{8,20}) Message accepted for delivery\)|InternalId=(\d{4,40})/i;

/** A message record for message session `s` (postfix / sendmail queue id, exim message id, tracked message). */
export function messageRecord(ctx: RecordContext, s: number, complete: boolean, lines?: number[]): MessageRecord {
  const { m } = ctx;
  const sum = summaryOf(ctx, s, lines);
  const start = timeNear(ctx, sum.first), end = timeNear(ctx, sum.last);
  const r = base(ctx, 'message', sum.first, start, 'unknown') as MessageRecord;
  const firstText = lineText(m, sum.first);
  const label = m.dialect?.sessionLabel?.(firstText, true, headerOf(m, sum.first));
  const q = label ? QUEUE_ID.exec(label)?.[1] : undefined;
  if (q) r['smtp.queue_id'] = q;
  const to = new Set<string>();
  const at: MessageRecord['smtp.attempt.time'] = [], ato: string[] = [], relay: string[] = [], status: string[] = [], code: number[] = [], enh: string[] = [], delay: (number | null)[] = [], rtext: string[] = [], next: string[] = [];
  let delivered = 0, bounced = 0, deferred = 0, expired = false, removed = false;
  for (const l of sum.lines) {
    const k = m.kind[l];
    if (k === LineKind.Blank) continue;
    const raw = lineText(m, l);
    const t = raw.length > 4000 ? raw.slice(0, 4000) : raw;
    const ex = m.format === 'exim' ? EXIM_FLAG.exec(t) : null;
    const envLine = m.dialect?.envelope ? m.dialect.envelope(raw, headerOf(m, l)) : undefined;
    if (envLine) {
      if (r['email.from.address'] === undefined && envLine.from) r['email.from.address'] = envLine.from;
      if (r['email.message_id'] === undefined && envLine.messageId) r['email.message_id'] = envLine.messageId;
      if (r['smtp.queue_id'] === undefined && envLine.id) r['smtp.queue_id'] = envLine.id;
      for (const x of envLine.to ?? []) to.add(x);
    }
    if (r['email.from.address'] === undefined) {
      const f = FROM.exec(t)?.[1] ?? (ex && ex[1] === '<=' ? ex[2] : undefined);
      if (f !== undefined) r['email.from.address'] = f.replace(/^<|>$/g, '');
    }
    if (r['email.message_id'] === undefined) {
      const id = MSGID.exec(t)?.[1] ?? (ex && ex[1] === '<=' ? EXIM_ID.exec(t)?.[1] : undefined);
      if (id) r['email.message_id'] = id.replace(/^<|>$/g, '');
    }
    if (r['smtp.client'] === undefined) {
      const c = CLIENT.exec(t)?.[1] ?? (ex && ex[1] === '<=' ? EXIM_HOST.exec(t)?.[1] : undefined);
      if (c) r['smtp.client'] = c;
    }
    if (/\bremoved\b|\bCompleted\b/.test(t) && k === LineKind.Event) removed = true;
    if (k !== LineKind.Status) continue;
    const c = m.code[l];
    const ri = replyInfo(m, l);
    const env = m.dialect?.envelope?.(raw, headerOf(m, l));
    const rcpt = (TO.exec(t)?.[1]?.replace(/^<|>$/g, '')) ?? (ex && ex[1] !== '<=' ? (ex[3] ?? ex[2]).replace(/^<|>$/g, '') : undefined)
      ?? env?.to?.join(';') ?? statusRecipient(ctx, l) ?? '';
    if (rcpt && !rcpt.includes(';')) to.add(rcpt);
    // postfix writes the status word; others by the class of the code (sendmail's stat= is free text)
    const st = STATUS.exec(t)?.[1] ?? (c >= 500 ? 'bounced' : c >= 400 ? 'deferred' : 'sent');
    if (/expired/i.test(st) || /\bexpired\b|Envelope expired|retry time not reached for any host after a long failure period/i.test(t)) expired = true;
    if (c >= 200 && c < 300 && (!m.dialect?.delivers || m.dialect.delivers(raw, headerOf(m, l)))) delivered++;
    else if (c >= 500) bounced++;
    else if (c >= 400) deferred++;
    at.push(lineTime(ctx, l).iso);
    ato.push(rcpt);
    relay.push(RELAY.exec(t)?.[1] ?? (ex ? EXIM_HOST.exec(t)?.[1] : undefined) ?? '');
    status.push(st);
    code.push(c);
    enh.push(ri?.enhanced ?? '');
    const dl = DELAY.exec(t)?.[1];
    delay.push(dl !== undefined && /^\d+(?:\.\d+)?$/.test(dl) ? Number(dl) : null);
    rtext.push(ri?.text ?? '');
    const nh = c >= 200 && c < 300 && ri ? NEXT_HOP.exec(ri.text.length > 400 ? ri.text.slice(0, 400) : ri.text) : null;
    next.push((nh ? nh[1] ?? nh[2] ?? nh[3] ?? nh[4] : undefined) ?? '');
  }
  r['email.to.address'] = [...to];
  setSecurity(ctx, s, sum.lines, r);
  r['smtp.attempt.time'] = at; r['smtp.attempt.to'] = ato; r['smtp.attempt.relay'] = relay; r['smtp.attempt.status'] = status;
  r['smtp.attempt.code'] = code; r['smtp.attempt.enhanced_code'] = enh; r['smtp.attempt.delay'] = delay; r['smtp.attempt.reply_text'] = rtext;
  r['smtp.attempt.next_hop_id'] = next;
  const closed = sum.closed || removed;
  const outcome = expired ? 'expired'
    : bounced && delivered ? 'partly delivered'
      : bounced ? 'bounced'
        : delivered && deferred && !closed ? 'partly delivered, deferred'
          : delivered ? 'delivered'
            : deferred ? 'deferred'
              : closed ? 'done' : 'in queue';
  r['smtp.outcome'] = outcome;
  r['smtp.complete'] = complete && closed;
  r['event.outcome'] = bounced || expired ? 'failure' : delivered ? 'success' : 'unknown';
  r['smtp.lines'] = sum.lines.length;
  r['event.start'] = start.iso;
  r['event.end'] = end.iso;
  return r;
}

/** The failures on line `l`, for callers that pick lines themselves. */
export function isFailureLine(m: LogModel, l: number): boolean {
  return (m.kind[l] === LineKind.Reply || m.kind[l] === LineKind.Status) && m.code[l] >= 400;
}
