/**
 * An overview of a log built from its records, with memory bounded whatever the log's size: failures
 * grouped by what happened (code and bounce reason, with the explanation), then by remote domain or host,
 * with counts and the first lines of each; sessions and messages grouped by day and hour with the date.
 * The large-file view shows it; every item names a line of the file.
 */
import { replyHeadOf, type LogRecord } from './schema';

export interface OverviewItem {
  label: string;
  detail?: string;
  /** 0-based line in the file (-1 for a group) */
  line: number;
  /** byte offset of that line in the file (a session's lines are read from there) */
  offset?: number;
  severity?: 'error' | 'warning' | 'info';
  children?: OverviewItem[];
}

export interface OverviewLimits {
  /** failure groups listed (by count) */
  groups: number;
  /** remote domains or hosts per group */
  peers: number;
  /** example lines per peer */
  lines: number;
  /** hours listed */
  hours: number;
  /** sessions listed per hour */
  perHour: number;
}

export const DEFAULT_OVERVIEW_LIMITS: OverviewLimits = { groups: 200, peers: 50, lines: 20, hours: 24 * 31, perHour: 200 };

interface Group { label: string; detail: string; severity: 'error' | 'warning'; count: number; first: number; peers: Map<string, { count: number; lines: OverviewItem[] }> }
interface Hour { label: string; count: number; items: OverviewItem[] }

const MAX_GROUPS = 5000;

export class Overview {
  private readonly groups = new Map<string, Group>();
  private readonly hours = new Map<string, Hour>();
  failures = 0;
  sessions = 0;
  messages = 0;
  bounces = 0;
  private cutGroups = 0;

  constructor(private readonly limits: OverviewLimits = DEFAULT_OVERVIEW_LIMITS) {}

  add(r: LogRecord): void {
    const line = r['log.file.line'] - 1;
    if (r['smtp.record'] === 'reply' || r['smtp.record'] === 'bounce') {
      if (r['smtp.record'] === 'bounce' && r['bounce.action'] !== 'failed' && r['bounce.action'] !== 'delayed') return;
      this.failures++;
      const code = r['smtp.record'] === 'reply'
        ? replyHeadOf(r)
        : r['smtp.enhanced_code'] ?? r['bounce.action'];
      const reason = r['bounce.reason'] ?? '';
      const key = `${code}|${reason}`;
      let g = this.groups.get(key);
      if (!g) {
        if (this.groups.size >= MAX_GROUPS) { this.cutGroups++; return; }
        const permanent = r['smtp.record'] === 'reply' ? r['smtp.class'] === 'permanent' : r['bounce.action'] === 'failed';
        const what = r['smtp.record'] === 'reply' ? r['smtp.explanation'] : `bounce: ${reason}`;
        g = { label: `${code}${reason ? ` ${reason}` : ''}`, detail: what, severity: permanent ? 'error' : 'warning', count: 0, first: line, peers: new Map() };
        this.groups.set(key, g);
      }
      g.count++;
      let peer = peerOf(r);
      let p = g.peers.get(peer);
      if (!p) {
        // a group keeps a bounded number of peers; the rest are counted together
        if (g.peers.size >= this.limits.peers * 4) { peer = '(other)'; p = g.peers.get(peer); }
        if (!p) { p = { count: 0, lines: [] }; g.peers.set(peer, p); }
      }
      p.count++;
      if (p.lines.length < this.limits.lines) {
        const text = r['smtp.record'] === 'reply' ? `${r['@timestamp'] ?? ''} ${r['smtp.command'] ? `answers ${r['smtp.command']}: ` : ''}${r['smtp.reply_text']}` : `${r['email.to.address'].join(', ')}: ${r['smtp.reply_text'] ?? ''}`;
        p.lines.push({ label: `line ${line + 1}: ${cut(text.trim(), 200)}`, line, offset: r['log.offset'], severity: g.severity });
      }
      return;
    }
    if (r['smtp.record'] === 'session') this.sessions++; else this.messages++;
    const t = r['@timestamp'];
    const hourKey = t ? `${t.slice(0, 10)} ${t.slice(11, 13)}:00` : '(no time)';
    let h = this.hours.get(hourKey);
    if (!h) {
      if (this.hours.size >= this.limits.hours * 2) h = this.hours.get('(later)') ?? { label: '(later)', count: 0, items: [] };
      else h = { label: hourKey, count: 0, items: [] };
      this.hours.set(h.label, h);
    }
    h.count++;
    if (h.items.length < this.limits.perHour) {
      const name = r['smtp.record'] === 'session'
        ? `${t ? t.slice(11, 19) + ' ' : ''}${r['network.direction'] === 'outbound' ? 'to ' : ''}${r['source.address'] ?? 'session'}${r['smtp.helo'] ? ' ' + r['smtp.helo'] : ''}`
        : `${t ? t.slice(11, 19) + ' ' : ''}${r['smtp.queue_id'] ?? r['email.message_id'] ?? 'message'}${r['email.from.address'] !== undefined ? ` from <${r['email.from.address']}>` : ''}`;
      h.items.push({ label: cut(name, 160), detail: r['smtp.outcome'], line, offset: r['log.offset'], severity: r['event.outcome'] === 'failure' ? 'error' : undefined });
    }
  }

  /** Failure groups, largest first, each with its peers and lines; then the hours. */
  result(): { problems: OverviewItem[]; sessions: OverviewItem[]; notes: string[] } {
    const L = this.limits;
    const notes: string[] = [];
    const groups = [...this.groups.values()].sort((a, b) => b.count - a.count || a.first - b.first);
    if (groups.length > L.groups) notes.push(`Only the ${L.groups} largest of ${groups.length} kinds of failure are listed.`);
    if (this.cutGroups) notes.push(`${this.cutGroups} failures of rarer kinds were counted but not grouped.`);
    const problems = groups.slice(0, L.groups).map(g => {
      const peers = [...g.peers].sort((a, b) => b[1].count - a[1].count);
      return {
        label: `${g.label} (${g.count})`, detail: g.detail, line: g.first, severity: g.severity,
        children: peers.slice(0, L.peers).map(([peer, p]) => ({
          label: `${peer} (${p.count})`, line: p.lines[0]?.line ?? g.first, severity: g.severity,
          children: p.count > p.lines.length ? [...p.lines, { label: `${p.count - p.lines.length} more`, line: -1 }] : p.lines,
        })).concat(peers.length > L.peers ? [{ label: `${peers.length - L.peers} more domains or hosts`, line: -1, severity: g.severity, children: [] }] : []),
      };
    });
    const hours = [...this.hours.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    if (hours.length > L.hours) notes.push(`Only the first ${L.hours} of ${hours.length} hours are listed.`);
    const sessions = hours.slice(0, L.hours).map(h => ({
      label: `${h.label} (${h.count})`, line: h.items[0]?.line ?? -1,
      children: h.count > h.items.length ? [...h.items, { label: `${h.count - h.items.length} more in this hour`, line: -1 }] : h.items,
    }));
    return { problems, sessions, notes };
  }
}

/** The remote side a failure concerns: the recipient's domain, else the peer's name or address. */
function peerOf(r: LogRecord): string {
  const to = (r as { 'email.to.address'?: string[] })['email.to.address']?.[0];
  const at = to ? to.lastIndexOf('@') : -1;
  if (to && at >= 0) return to.slice(at + 1).toLowerCase();
  const x = r as { 'source.domain'?: string; 'source.ip'?: string; 'source.address'?: string; 'smtp.remote_mta'?: string };
  return x['source.domain'] ?? x['source.ip'] ?? x['source.address'] ?? x['smtp.remote_mta'] ?? '(unknown peer)';
}

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);
