/**
 * Filters: which records (and so which lines) a number of the summary counts. A filter is a short string
 * the summary hands out with every item (`SummaryItem.filter`) and the views send back:
 *
 *   failures                              every failed reply and failed or delayed bounce report
 *   reason:<explanation id>               failures explained by one knowledge entry (or bounce.<reason>)
 *   code:<550 5.1.1>                      failures with that reply head
 *   domain:<example.org> host:<1.2.3.4>   failures concerning a remote domain / host
 *   sender:<a@b> recipient:<a@b> address:<a@b>   failures of an envelope sender / recipient / either
 *   outcome:<delivered|deferred|bounced|rejected>[@<from ISO>/<to ISO>]   one outcome, optionally in a time range
 *
 * The same classification as the summary (failureOutcome, domainOf, hostOf), so the lines opened are the
 * lines counted. Delivered recipients come from message records: their line is the message's first line.
 */
import type { LogRecord } from '../records/schema';
import { replyHeadOf } from '../records/schema';
import { domainOf, failureOutcome, hostOf, OUTCOMES, reasonKeyOf, wallMs, type Outcome } from './summary';

export interface RecordFilter {
  kind: 'failures' | 'reason' | 'code' | 'domain' | 'host' | 'sender' | 'recipient' | 'address' | 'outcome';
  value: string;
  from?: number;
  to?: number;
}

const KINDS = new Set(['failures', 'reason', 'code', 'domain', 'host', 'sender', 'recipient', 'address', 'outcome']);

/** The filter a string names, or an error message a person can read. */
export function parseFilter(s: unknown): RecordFilter | string {
  if (typeof s !== 'string' || s.length > 2000) return 'a filter is a string such as "failures", "code:550 5.1.1" or "domain:example.org"';
  if (s === 'failures') return { kind: 'failures', value: '' };
  const i = s.indexOf(':');
  const kind = i > 0 ? s.slice(0, i) : s;
  if (!KINDS.has(kind) || i < 0) return `unknown filter "${s.slice(0, 80)}" (filters: failures, reason:, code:, domain:, host:, sender:, recipient:, address:, outcome:)`;
  let value = s.slice(i + 1);
  if (kind === 'outcome') {
    const at = value.indexOf('@');
    let from: number | undefined, to: number | undefined;
    if (at >= 0) {
      const [a, b] = value.slice(at + 1).split('/');
      from = wallMs(a); to = wallMs(b);
      if (from === undefined || to === undefined) return `the time range of "${s.slice(0, 80)}" is not two ISO times FROM/TO`;
      value = value.slice(0, at);
    }
    if (!(OUTCOMES as readonly string[]).includes(value)) return `outcome takes ${OUTCOMES.join(', ')} (got "${value.slice(0, 40)}")`;
    return { kind: 'outcome', value, from, to };
  }
  if (!value) return `the filter "${kind}:" needs a value`;
  return { kind: kind as RecordFilter['kind'], value };
}

const inRange = (f: RecordFilter, iso: string | null | undefined): boolean => {
  if (f.from === undefined || f.to === undefined) return true;
  const ms = wallMs(iso);
  return ms !== undefined && ms >= f.from && ms < f.to;
};

/** Whether a record counts under the filter. */
export function matchesFilter(f: RecordFilter, r: LogRecord): boolean {
  if (f.kind === 'outcome' && f.value === 'delivered') {
    if (r['smtp.record'] === 'message') {
      const codes = r['smtp.attempt.code'];
      for (let i = 0; i < codes.length; i++) {
        if (codes[i] >= 200 && codes[i] < 300 && r['smtp.attempt.status'][i] !== 'deferred' && inRange(f, r['smtp.attempt.time'][i] ?? r['@timestamp'])) return true;
      }
      return false;
    }
    // a connection log's outbound session that passed messages (counted as deliveries when the log has no message records)
    if (r['smtp.record'] === 'session') return r['network.direction'] === 'outbound' && r['smtp.messages_delivered'] > 0 && inRange(f, r['@timestamp']);
    return r['smtp.record'] === 'bounce' && /^(delivered|relayed|expanded)$/.test(r['bounce.action']) && inRange(f, r['@timestamp']);
  }
  if (r['smtp.record'] !== 'reply' && r['smtp.record'] !== 'bounce') return false;
  const o = failureOutcome(r);
  if (o === undefined) return false;
  switch (f.kind) {
    case 'failures': return true;
    case 'outcome': return o === (f.value as Outcome) && inRange(f, r['@timestamp']);
    case 'reason': return reasonKeyOf(r) === f.value;
    case 'code': return (r['smtp.record'] === 'reply' ? replyHeadOf(r) : [r['smtp.code'], r['smtp.enhanced_code']].filter(Boolean).join(' ') || r['bounce.action']) === f.value;
    case 'domain': return domainOf(r) === f.value.toLowerCase();
    case 'host': return hostOf(r) === f.value;
    case 'sender': return r['email.from.address'] === f.value;
    case 'recipient': return (r['email.to.address'] ?? []).includes(f.value);
    case 'address': return r['email.from.address'] === f.value || (r['email.to.address'] ?? []).includes(f.value);
  }
  return false;
}

/** A title for a filtered view: "Failures only", "Failures: 550 5.1.1" ... */
export function filterTitle(f: RecordFilter): string {
  if (f.kind === 'failures') return 'Failures only';
  if (f.kind === 'outcome') {
    const what = f.value[0].toUpperCase() + f.value.slice(1);
    return f.from !== undefined ? `${what} ${new Date(f.from).toISOString().slice(0, 16).replace('T', ' ')}` : what;
  }
  return `Failures of ${f.kind} ${f.value}`;
}

/** The lines (0-based, per file, sorted, distinct) of the records that match, at most `max` in all files (then `cut`). */
export class FilterCollector {
  private readonly lines = new Map<string, Set<number>>();
  private held = 0;
  count = 0;
  cut = false;
  constructor(readonly filter: RecordFilter, private readonly max = 100_000) {}
  add(r: LogRecord): void {
    if (!matchesFilter(this.filter, r)) return;
    this.count++;
    const file = r['log.file.path'];
    let s = this.lines.get(file);
    if (!s) { s = new Set(); this.lines.set(file, s); }
    if (this.held >= this.max) { if (!s.has(r['log.file.line'] - 1)) this.cut = true; return; }
    const before = s.size;
    s.add(r['log.file.line'] - 1);
    this.held += s.size - before;
  }
  linesOf(file: string): number[] {
    return [...(this.lines.get(file) ?? [])].sort((a, b) => a - b);
  }
  get files(): string[] { return [...this.lines.keys()]; }
}
