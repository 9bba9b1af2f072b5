/**
 * The summary of one or more logs (or bounces) at a glance: totals, events over time stacked by outcome,
 * and the top failure reasons, codes, remote domains and hosts, senders and recipients. Built from the
 * streaming records (core/records), one record at a time, so it is the same for every format, for the
 * editor's document and for the CLI over files of any size: memory is bounded by the caps below, never by
 * the size of the log (the time histogram re-buckets itself coarser when it grows, and every top list
 * keeps at most MAX_KEYS distinct keys, counting the rest as "other", and says so in `notes`).
 *
 * What is counted (the same words as pflogsumm and eximstats, see README "Summary"):
 * - connections: session records (SMTP connections, both directions);
 * - received: messages accepted from a client (the record names the client: postfix `client=`, exim `<=`
 *   with `H=`, or a sender other than the null sender); bounces the MTA wrote itself (`from=<>`) are not;
 *   in a log of connections only (no message records: transcripts, Exchange protocol logs), the messages
 *   inbound sessions accepted; the messages outbound sessions passed count as delivered;
 * - delivered: each successful delivery to one recipient (a message's attempts with a 2xx status);
 * - deferred: each temporary delivery failure (one per attempt, pflogsumm's "deferrals");
 *   `deferredMessages`: the distinct messages with at least one;
 * - bounced: each permanent delivery failure to one recipient;
 * - rejected: each failed reply the server gave during an SMTP conversation (RCPT/MAIL/DATA/HELO refusals,
 *   postfix `NOQUEUE: reject` and `<queue id>: reject`, exim `rejected RCPT`), authentication failures
 *   apart (`authFailures`), as the peers count them apart.
 * A failure is classified once (`failureOutcome`) and the filters use the same function, so a number in
 * the summary opens exactly the lines it counts.
 */
import type { BounceRecord, LogRecord, MessageRecord, ReplyRecord } from '../records/schema';
import { replyHeadOf } from '../records/schema';

export type Outcome = 'delivered' | 'deferred' | 'bounced' | 'rejected';
export const OUTCOMES: readonly Outcome[] = ['delivered', 'deferred', 'bounced', 'rejected'];

export interface SummaryTotals {
  connections: number;
  received: number;
  delivered: number;
  deferred: number;
  deferredMessages: number;
  bounced: number;
  rejected: number;
  authFailures: number;
  /** every failed reply or failed/delayed bounce report (what "Show Failures Only" lists) */
  failures: number;
  messages: number;
  records: number;
}

export interface SummaryBucket {
  /** ISO start of the bucket, as the log writes time (its own zone) */
  start: string;
  delivered: number;
  deferred: number;
  bounced: number;
  rejected: number;
}

export interface SummaryItem {
  /** the filter that opens the lines this item counts (see filter.ts) */
  filter: string;
  label: string;
  count: number;
  /** the explanation's one-line verdict (reasons and codes) */
  verdict?: string;
  /** who acts, in words, first first */
  whoActs?: string;
  /** permanent, transient */
  severity?: 'error' | 'warning';
  /** 0-based line of the first occurrence in its file, and that file */
  line: number;
  file: string;
}

export type BucketSize = 'minute' | 'hour' | 'day' | 'week';

export interface LogSummary {
  files: string[];
  formats: string[];
  /** first and last time seen (ISO as written), null when no record had a time */
  first: string | null;
  last: string | null;
  totals: SummaryTotals;
  bucket: BucketSize;
  buckets: SummaryBucket[];
  reasons: SummaryItem[];
  deferrals: SummaryItem[];
  codes: SummaryItem[];
  domains: SummaryItem[];
  hosts: SummaryItem[];
  senders: SummaryItem[];
  recipients: SummaryItem[];
  /** what was cut or assumed, in words */
  notes: string[];
}

export interface SummaryLimits {
  /** entries per top list in the result */
  top: number;
  /** most bars in the histogram (the bucket size grows to stay under it) */
  maxBuckets: number;
}

export const DEFAULT_SUMMARY_LIMITS: SummaryLimits = { top: 10, maxBuckets: 2000 };

/** distinct keys a top list holds while counting; later new keys go to "other" (said in notes) */
const MAX_KEYS = 20_000;
/** distinct time keys held while counting before the bucket size grows */
const MAX_TIME_KEYS = 4000;
const SIZES: { size: BucketSize; ms: number }[] = [
  { size: 'minute', ms: 60_000 }, { size: 'hour', ms: 3_600_000 }, { size: 'day', ms: 86_400_000 }, { size: 'week', ms: 7 * 86_400_000 },
];

const WHO: Record<string, string> = {
  sender: 'the sender', sender_admin: "the sending side's mail administrator", recipient: 'the recipient',
  recipient_admin: "the recipient's mail administrator", this_server: 'the administrator of the server that wrote this log',
};

/** Who acts, in words, from a record's comma-separated `smtp.who_acts`. */
export function whoActsLabel(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const xs = s.split(',').filter(Boolean).map(x => WHO[x] ?? x);
  return xs.length ? xs.join(', then ') : undefined;
}

/** senders of the notices an MTA writes itself (postfix's postmaster notices, Exchange's system mailbox): not "received" */
const SYSTEM_SENDER = /^(?:double-bounce|mailer-daemon|MicrosoftExchange[0-9a-f]{32})@/i;
const VIA = / via (\S{1,300})/;
const AUTH = /^AUTH\b/i;

/** The remote host a failure concerns: the client's address, the relay a delivery went to, or the bounce's remote MTA. */
export function hostOf(r: ReplyRecord | BounceRecord): string | undefined {
  if (r['smtp.record'] === 'bounce') return r['smtp.remote_mta'];
  return r['source.ip'] ?? r['source.address'] ?? (r['smtp.command'] ? VIA.exec(r['smtp.command'])?.[1] : undefined);
}

/** The domain a failure concerns: the (first) recipient's, else the client's name. */
export function domainOf(r: ReplyRecord | BounceRecord): string | undefined {
  const to = r['email.to.address']?.[0];
  const at = to ? to.lastIndexOf('@') : -1;
  if (to && at >= 0) return to.slice(at + 1).toLowerCase();
  return r['smtp.record'] === 'reply' ? r['source.domain']?.toLowerCase() : undefined;
}

/**
 * How a failure counts: a refusal during an SMTP conversation ("rejected"), a temporary ("deferred") or
 * permanent ("bounced") delivery failure, an authentication failure ("auth"), or nothing (a bounce report
 * that is not a failure). A reply with no queue id is a refusal (the message never entered a queue);
 * postfix also rejects a recipient of a queued message (`<queue id>: reject: RCPT from ...`): its
 * command is one the server received (no "via" relay, not a delivery).
 */
export function failureOutcome(r: LogRecord): Exclude<Outcome, 'delivered'> | 'auth' | undefined {
  if (r['smtp.record'] === 'bounce') return r['bounce.action'] === 'failed' ? 'bounced' : r['bounce.action'] === 'delayed' ? 'deferred' : undefined;
  if (r['smtp.record'] !== 'reply') return undefined;
  const cmd = r['smtp.command'] ?? '';
  if (AUTH.test(cmd)) return 'auth';
  const fmt = r['smtp.format'];
  if (DELIVERY_EVENTS.has(fmt)) {
    // message tracking: DEFER and FAIL are delivery events; a DSN event is the notice about one (not counted twice)
    if (/^DSN\b/.test(cmd)) return undefined;
  } else if (r['smtp.queue_id'] === undefined
    || (QUEUED_REJECTS.has(fmt) && !VIA.test(cmd) && !/^(delivery|the end of)/.test(cmd) && /^[A-Z]{4}\b/.test(cmd))) {
    return 'rejected';
  }
  return r['smtp.class'] === 'transient' ? 'deferred' : 'bounced';
}

/** formats whose failures are delivery events of messages, never SMTP conversations (no refusal to count) */
const DELIVERY_EVENTS = new Set(['exchange-msgtrk']);
/** formats that write a refusal of a recipient of an already queued message with the queue id (postfix `ID: reject: RCPT`, sendmail `ruleset=check_rcpt`) */
const QUEUED_REJECTS = new Set(['postfix', 'sendmail']);

/** Epoch ms of an ISO time as written, read as UTC wall time when it has no zone (bucketing only). */
export function wallMs(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(/(?:Z|[+-]\d{2}:\d{2})$/.test(iso) ? iso : iso + 'Z');
  return Number.isFinite(ms) ? ms : undefined;
}

interface Counter { count: number; line: number; file: string; label: string; verdict?: string; whoActs?: string; severity?: 'error' | 'warning' }

class TopList {
  private readonly map = new Map<string, Counter>();
  other = 0;
  add(key: string, r: LogRecord, extra?: () => Omit<Counter, 'count' | 'line' | 'file'>): void {
    let c = this.map.get(key);
    if (!c) {
      if (this.map.size >= MAX_KEYS) { this.other++; return; }
      c = { count: 0, line: r['log.file.line'] - 1, file: r['log.file.path'], label: key, ...extra?.() };
      this.map.set(key, c);
    }
    c.count++;
  }
  top(n: number, filterPrefix: string): SummaryItem[] {
    return [...this.map].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).slice(0, n)
      .map(([k, c]) => ({ filter: `${filterPrefix}:${k}`, label: c.label, count: c.count, verdict: c.verdict, whoActs: c.whoActs, severity: c.severity, line: c.line, file: c.file }));
  }
  get size(): number { return this.map.size; }
}

/** Aggregates records into a LogSummary; `add` each record, then `result()`. */
export class SummaryBuilder {
  private readonly t: SummaryTotals = { connections: 0, received: 0, delivered: 0, deferred: 0, deferredMessages: 0, bounced: 0, rejected: 0, authFailures: 0, failures: 0, messages: 0, records: 0 };
  private level = 0;
  private time = new Map<number, SummaryBucket>();
  private firstMs = Infinity;
  private lastMs = -Infinity;
  private first: string | null = null;
  private last: string | null = null;
  private readonly files: string[] = [];
  private readonly formats = new Set<string>();
  private readonly reasons = new TopList();
  private readonly deferrals = new TopList();
  private readonly codes = new TopList();
  private readonly domains = new TopList();
  private readonly hosts = new TopList();
  private readonly senders = new TopList();
  private readonly recipients = new TopList();
  private noTime = 0;
  // connection logs without message records (transcripts, Exchange protocol and IIS logs, client logs): the
  // messages their sessions passed (a 250 after DATA) are what was received (inbound) or delivered (outbound)
  private sessionReceived = 0;
  private sessionSent = 0;
  private readonly sentTimes: (string | null)[] = [];

  constructor(private readonly limits: SummaryLimits = DEFAULT_SUMMARY_LIMITS) {}

  add(r: LogRecord): void {
    this.t.records++;
    const file = r['log.file.path'];
    if (this.files[this.files.length - 1] !== file && !this.files.includes(file) && this.files.length < 1000) this.files.push(file);
    if (this.formats.size < 50) this.formats.add(r['smtp.format']);
    switch (r['smtp.record']) {
      case 'session':
        this.t.connections++;
        this.seen(r['@timestamp']);
        if (r['smtp.messages_delivered'] > 0) {
          if (r['network.direction'] === 'outbound') { this.sessionSent += r['smtp.messages_delivered']; this.sessionSentTimes(r); }
          else this.sessionReceived += r['smtp.messages_delivered'];
        }
        return;
      case 'message':
        this.message(r);
        return;
      default:
        this.failure(r);
    }
  }

  private message(r: MessageRecord): void {
    this.t.messages++;
    // from a client: the log names it (postfix client=, exim H=), or the sender is not the null sender of a bounce the MTA wrote
    const from = r['email.from.address'];
    if (r['smtp.client'] !== undefined || (from !== undefined && from !== '' && !SYSTEM_SENDER.test(from))) this.t.received++;
    this.seen(r['@timestamp']);
    const st = r['smtp.attempt.code'];
    let deferred = false;
    for (let i = 0; i < st.length; i++) {
      const c = st[i];
      if (c >= 200 && c < 300 && r['smtp.attempt.status'][i] !== 'deferred') {
        this.t.delivered++;
        this.bucket(r['smtp.attempt.time'][i] ?? r['@timestamp'], 'delivered');
      } else if (c >= 400 && c < 500 && r['smtp.attempt.relay'][i] !== '') deferred = true;
    }
    if (deferred) this.t.deferredMessages++;
  }

  private sessionSentTimes(r: LogRecord): void {
    // kept (bounded) until the end: counted as deliveries only when the input had no message records
    if (this.sentTimes.length < MAX_TIME_KEYS * 25) this.sentTimes.push(r['@timestamp']);
  }

  private failure(r: ReplyRecord | BounceRecord): void {
    const outcome = failureOutcome(r);
    if (outcome === undefined) {
      // a bounce report of a delivery (action delivered, relayed, expanded)
      if (r['smtp.record'] === 'bounce' && /^(delivered|relayed|expanded)$/.test(r['bounce.action'])) { this.t.delivered++; this.bucket(r['@timestamp'], 'delivered'); }
      return;
    }
    this.t.failures++;
    if (outcome === 'auth') this.t.authFailures++;
    else { this.t[outcome]++; this.bucket(r['@timestamp'], outcome); }
    const permanent = r['smtp.record'] === 'reply' ? r['smtp.class'] === 'permanent' : r['bounce.action'] === 'failed';
    const severity = permanent ? 'error' as const : 'warning' as const;
    const head = r['smtp.record'] === 'reply' ? replyHeadOf(r) : [r['smtp.code'], r['smtp.enhanced_code']].filter(Boolean).join(' ') || r['bounce.action'];
    const verdict = r['smtp.record'] === 'reply' ? r['smtp.explanation'] : `bounce: ${r['bounce.reason']}${r['smtp.reply_text'] ? ` (${r['smtp.reply_text'].slice(0, 160)})` : ''}`;
    const reasonKey = reasonKeyOf(r);
    const info = () => ({ label: `${head} ${r['smtp.record'] === 'reply' ? r['smtp.explanation'].split(':')[0] : r['bounce.reason']}`, verdict, whoActs: r['smtp.record'] === 'reply' ? whoActsLabel(r['smtp.who_acts']) : undefined, severity });
    this.reasons.add(reasonKey, r, info);
    if (!permanent) this.deferrals.add(reasonKey, r, info);
    this.codes.add(head, r, () => ({ label: head, verdict, severity }));
    const d = domainOf(r);
    if (d) this.domains.add(d, r, () => ({ label: d }));
    const h = hostOf(r);
    if (h) this.hosts.add(h, r, () => ({ label: h }));
    const from = r['email.from.address'];
    if (from !== undefined) this.senders.add(from, r, () => ({ label: from === '' ? '<> (null sender: a bounce)' : from }));
    for (const to of r['email.to.address'] ?? []) this.recipients.add(to, r, () => ({ label: to }));
  }

  private seen(iso: string | null): number | undefined {
    const ms = wallMs(iso);
    if (ms === undefined) { this.noTime++; return undefined; }
    if (ms < this.firstMs) { this.firstMs = ms; this.first = iso; }
    if (ms > this.lastMs) { this.lastMs = ms; this.last = iso; }
    return ms;
  }

  private bucket(iso: string | null, outcome: Outcome): void {
    const ms = this.seen(iso);
    if (ms === undefined) return;
    const size = SIZES[this.level].ms;
    const key = Math.floor(ms / size) * size;
    let b = this.time.get(key);
    if (!b) {
      b = { start: '', delivered: 0, deferred: 0, bounced: 0, rejected: 0 };
      this.time.set(key, b);
      if (this.time.size > MAX_TIME_KEYS && this.level < SIZES.length - 1) this.coarsen();
      else if (this.time.size > MAX_TIME_KEYS) { this.time.delete(key); this.noTime++; return; }
      b = this.time.get(Math.floor(ms / SIZES[this.level].ms) * SIZES[this.level].ms)!;
    }
    b[outcome]++;
  }

  /** One bucket size up: the held buckets are merged (bounded work: at most MAX_TIME_KEYS each time). */
  private coarsen(): void {
    this.level++;
    this.time = regroup(this.time, SIZES[this.level].ms);
  }

  result(): LogSummary {
    const L = this.limits;
    const notes: string[] = [];
    if (this.t.messages === 0 && (this.sessionReceived || this.sessionSent)) {
      this.t.received += this.sessionReceived;
      this.t.delivered += this.sessionSent;
      for (const t of this.sentTimes) this.bucket(t, 'delivered');
      this.sessionReceived = this.sessionSent = 0;
      this.sentTimes.length = 0;
    }
    // the bucket the span needs: minutes up to 3 hours, hours up to 3 days, days, then weeks; never more than maxBuckets
    let level = this.level;
    const span = this.lastMs - this.firstMs;
    const want = !Number.isFinite(span) ? 1 : span <= 3 * 3_600_000 ? 0 : span <= 3 * 86_400_000 ? 1 : span <= 400 * 86_400_000 ? 2 : 3;
    level = Math.max(level, want);
    while (level < SIZES.length - 1 && Number.isFinite(span) && span / SIZES[level].ms + 1 > L.maxBuckets) level++;
    const size = SIZES[level].ms;
    const grouped = level === this.level ? this.time : regroup(this.time, size);
    const buckets: SummaryBucket[] = [];
    if (grouped.size) {
      const keys = [...grouped.keys()].sort((a, b) => a - b);
      const from = keys[0], to = keys[keys.length - 1];
      if ((to - from) / size + 1 <= L.maxBuckets) {
        // every bucket of the span, empty ones too, so gaps show as gaps
        for (let k = from; k <= to; k += size) buckets.push({ ...(grouped.get(k) ?? { delivered: 0, deferred: 0, bounced: 0, rejected: 0 }), start: isoOf(k) });
      } else {
        for (const k of keys.slice(0, L.maxBuckets)) buckets.push({ ...grouped.get(k)!, start: isoOf(k) });
        notes.push(`The chart shows the first ${L.maxBuckets} of ${keys.length} ${SIZES[level].size}s.`);
      }
    }
    if (this.noTime) notes.push(`${this.noTime} events had no time the summary could read and are counted in the totals only.`);
    for (const [name, list] of [['failure reasons', this.reasons], ['reply codes', this.codes], ['domains', this.domains], ['hosts', this.hosts], ['senders', this.senders], ['recipients', this.recipients]] as const) {
      if (list.other) notes.push(`More than ${MAX_KEYS} distinct ${name}: ${list.other} failures of later ones are counted in the totals only.`);
    }
    return {
      files: this.files, formats: [...this.formats], first: this.first, last: this.last, totals: { ...this.t },
      bucket: SIZES[level].size, buckets,
      reasons: this.reasons.top(L.top, 'reason'), deferrals: this.deferrals.top(L.top, 'reason'), codes: this.codes.top(L.top, 'code'),
      domains: this.domains.top(L.top, 'domain'), hosts: this.hosts.top(L.top, 'host'),
      senders: this.senders.top(L.top, 'sender'), recipients: this.recipients.top(L.top, 'recipient'), notes,
    };
  }
}

/** The key a failure's reason is counted under: its explanation, else its bounce reason (and code for both). */
export function reasonKeyOf(r: ReplyRecord | BounceRecord): string {
  return r['smtp.record'] === 'reply' ? r['smtp.explanation_id'] : `bounce.${r['bounce.reason']}`;
}

function regroup(m: Map<number, SummaryBucket>, size: number): Map<number, SummaryBucket> {
  const out = new Map<number, SummaryBucket>();
  for (const [k, b] of m) {
    const nk = Math.floor(k / size) * size;
    const o = out.get(nk);
    if (!o) out.set(nk, { ...b });
    else for (const x of OUTCOMES) o[x] += b[x];
  }
  return out;
}

const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
