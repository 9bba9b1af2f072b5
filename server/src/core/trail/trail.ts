/**
 * One message's trail: the traces of the servers and bounces that an id joins (trace.ts, index.ts),
 * merged into hops in time order with the time between them, the time it spent queued, the retry and
 * give-up times of a message still deferred (under each MTA's defaults, stated as assumptions), and a
 * plain-text statement for a ticket: proof of delivery, or the last reply and who has to act.
 */
import type { MessageTrace, TrailStep } from './trace';
import { aKey, mKey } from './trace';
import { keysForIdentifier, type TrailIndex, type TraceRef } from './index';

export interface TrailHop extends TrailStep {
  /** milliseconds since the previous hop that has a time */
  deltaMs?: number;
  /** milliseconds since the first hop */
  sinceStartMs?: number;
  /** the format of the log (postfix, exim ...) or ndr-... */
  format: string;
  /** the hop belongs to a bounce (or delay notice) the server wrote about the message, not to the message itself */
  notification?: boolean;
}

/** Queue lifetimes (hours) a deferred message is kept before it is returned, per MTA family. */
export interface TrailAssumptions {
  postfix: number;
  exim: number;
  sendmail: number;
  exchange: number;
  other: number;
}

/** The MTAs' own defaults: postfix maximal_queue_lifetime 5d, exim's default retry rule (F,2h,15m; G,16h,1h,1.5; F,4d,6h), sendmail Timeout.queuereturn 5d, Exchange MessageExpirationTimeout 2d, RFC 5321 4-5 days for others. */
export const DEFAULT_ASSUMPTIONS: TrailAssumptions = { postfix: 120, exim: 96, sendmail: 120, exchange: 48, other: 120 };

export interface PendingDelivery {
  mta: keyof TrailAssumptions;
  attempts: number;
  firstAttempt: string | null;
  lastAttempt: string | null;
  /** earliest and latest time of the next attempt (equal when the schedule is fixed), ISO (the log's clock) */
  nextRetryFrom?: string;
  nextRetryTo?: string;
  /** when the server returns the message to the sender if no attempt succeeds */
  giveUp?: string;
  /** the defaults the times rest on, in words (the settings override them) */
  assumption: string;
}

export interface Trail {
  query: string;
  messageId?: string;
  from?: string;
  to: string[];
  /** delivered, partly delivered, bounced, deferred, expired, rejected, unknown */
  status: string;
  hops: TrailHop[];
  /** from the first hop to the last final one (or to the last hop so far when it is still queued) */
  totalMs?: number;
  pending?: PendingDelivery;
  /** the statement for a ticket */
  proof: string;
  /** how the pieces were joined, in words */
  joins: string[];
  /** what could not be followed, what was assumed */
  notes: string[];
  servers: string[];
  /** the queue id on the first server */
  queueId?: string;
}

const FINAL = new Set(['delivered', 'bounced', 'expired', 'rejected', 'handed-over']);

/** Milliseconds of an ISO time on the wall clock it writes (its offset dropped: logs write local time, bounces their local offset). */
export function wallMs(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso.replace(/(?:Z|[+-]\d\d:?\d\d)$/, '') + 'Z');
  return Number.isFinite(t) ? t : undefined;
}

const isoOf = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, '').replace(/Z$/, '');

/** "2 d 3 h", "4 min 10 s", "0 s" */
export function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const sign = ms < 0 ? '-' : '';
  if (s < 60) return `${sign}${s} s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86400) return `${sign}${Math.floor(s / 3600)} h${Math.floor(s % 3600 / 60) ? ` ${Math.floor(s % 3600 / 60)} min` : ''}`;
  return `${sign}${Math.floor(s / 86400)} d${Math.floor(s % 86400 / 3600) ? ` ${Math.floor(s % 86400 / 3600)} h` : ''}`;
}

function mtaOf(format: string): keyof TrailAssumptions {
  if (format === 'postfix') return 'postfix';
  if (format === 'exim') return 'exim';
  if (format === 'sendmail') return 'sendmail';
  if (/exchange|msgtrk/.test(format)) return 'exchange';
  return 'other';
}


/** When a deferred message is tried next and returned, under the MTA's defaults (or the lifetimes given). */
export function pendingOf(trace: MessageTrace, a: TrailAssumptions = DEFAULT_ASSUMPTIONS): PendingDelivery {
  const mta = mtaOf(trace.format);
  const attempts = trace.steps.filter(s => s.kind === 'deferred' || s.kind === 'delivered' || s.kind === 'bounced');
  const failed = trace.steps.filter(s => s.kind === 'deferred');
  const arrival = wallMs(trace.steps[0]?.time);
  const last = wallMs(attempts[attempts.length - 1]?.time);
  const firstFail = wallMs(failed[0]?.time);
  const hours = a[mta];
  const p: PendingDelivery = {
    mta, attempts: attempts.length, firstAttempt: attempts[0]?.time ?? null, lastAttempt: attempts[attempts.length - 1]?.time ?? null,
    assumption: '',
  };
  const life = `${hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`}`;
  if (mta === 'postfix') {
    if (last !== undefined) { p.nextRetryFrom = isoOf(last + 300_000); p.nextRetryTo = isoOf(last + 4_000_000); }
    if (arrival !== undefined) p.giveUp = isoOf(arrival + hours * 3_600_000);
    p.assumption = `postfix defaults: the next attempt comes between minimal_backoff_time (300 s) and maximal_backoff_time (4000 s) after the last one; the message is returned ${life} after it arrived (maximal_queue_lifetime${hours === 120 ? ' 5d, the default' : ` set to ${life} here`}).`;
  } else if (mta === 'exim') {
    if (firstFail !== undefined && last !== undefined) {
      const next = eximNext(firstFail, last, hours);
      if (next !== undefined) p.nextRetryFrom = p.nextRetryTo = isoOf(next);
      p.giveUp = isoOf(firstFail + hours * 3_600_000);
    }
    p.assumption = `exim's default retry rule "* * F,2h,15m; G,16h,1h,1.5; F,4d,6h": every 15 minutes for 2 hours after the first failure, then from 1 hour growing by 1.5 up to 16 hours, then every 6 hours; the message is returned at the first attempt after ${life} of failures${hours === 96 ? '' : ' (as set here)'}.`;
  } else if (mta === 'sendmail') {
    if (arrival !== undefined) p.giveUp = isoOf(arrival + hours * 3_600_000);
    p.assumption = `sendmail defaults: the next attempt comes at the next queue run (the interval of sendmail's -q option, often 15 to 60 minutes); a delay warning after Timeout.queuewarn (4 hours) and the message is returned after Timeout.queuereturn (${life}${hours === 120 ? ', the default' : ', as set here'}).`;
  } else if (mta === 'exchange') {
    if (last !== undefined) p.nextRetryFrom = p.nextRetryTo = isoOf(last + 15 * 60_000);
    if (arrival !== undefined) p.giveUp = isoOf(arrival + hours * 3_600_000);
    p.assumption = `Exchange defaults: the queue retries about every 15 minutes (MessageRetryInterval) and returns the message after MessageExpirationTimeout (${life}${hours === 48 ? ', the default' : ', as set here'}).`;
  } else {
    if (arrival !== undefined) p.giveUp = isoOf(arrival + hours * 3_600_000);
    p.assumption = `this MTA's schedule is not known: RFC 5321 (4.5.4.1) asks a sender to retry at least 30 minutes apart and give up after 4-5 days; ${life} is assumed here.`;
  }
  return p;
}

/** The next attempt under exim's default retry rule after `last`, failures since `first` (undefined past the give-up time). */
function eximNext(first: number, last: number, hours: number): number | undefined {
  const end = first + hours * 3_600_000;
  let t = first, step = 15 * 60_000;
  for (let i = 0; i < 10_000 && t <= end; i++) {
    if (t > last) return t;
    const e = t - first;
    if (e < 2 * 3_600_000) step = 15 * 60_000;
    else if (e < 16 * 3_600_000) step = step < 3_600_000 ? 3_600_000 : step * 1.5;
    else step = 6 * 3_600_000;
    t += step;
  }
  return undefined;
}

export interface TrailOptions { assumptions?: TrailAssumptions; joins?: string[]; notes?: string[]; query?: string }

/** Merge the traces of one message into its trail. */
export function buildTrail(traces: MessageTrace[], o: TrailOptions = {}): Trail {
  const a = o.assumptions ?? DEFAULT_ASSUMPTIONS;
  // order of traces on a tie of times: a trace before the one it hands the message to; bounce files last
  const ranked = [...traces].sort((x, y) => (wallMs(x.steps[0]?.time) ?? 0) - (wallMs(y.steps[0]?.time) ?? 0));
  const rank = new Map<MessageTrace, number>();
  ranked.forEach((t, i) => rank.set(t, i));
  for (let pass = 0; pass < 3; pass++) {
    for (const x of ranked) for (const y of ranked) {
      if (x === y || x.source === 'bounce' || y.source === 'bounce') continue;
      if (x.links.some(k => y.keys.includes(k)) && rank.get(x)! > rank.get(y)! && !isChildBounce(x)) { const r = rank.get(x)!; rank.set(x, rank.get(y)!); rank.set(y, r); }
    }
  }
  // the bounces and delay notices the servers wrote about the message: their hops are marked, not counted as its delivery
  const notices = new Set<string>();
  for (const t of traces) for (const s of t.steps) if (s.kind === 'bounce-sent' && s.nextId) notices.add(s.nextId);
  const hasSender = traces.some(t => t.source !== 'bounce' && !!t.from);
  const isNotice = (t: MessageTrace): boolean => t.source !== 'bounce' && ((!!t.queueId && notices.has(t.queueId)) || isChildBounce(t) || (hasSender && t.from === ''));
  const rows: { h: TrailHop; r: number; i: number; ms?: number }[] = [];
  for (const t of traces) t.steps.forEach((s, i) => rows.push({ h: isNotice(t) ? { ...s, format: t.format, notification: true, text: `bounce ${t.queueId ?? ''}: ${s.text}`.replace('  ', ' ') } : { ...s, format: t.format }, r: (t.source === 'bounce' ? 1e6 : 0) + rank.get(t)!, i, ms: wallMs(s.time) }));
  rows.sort((x, y) => (x.ms !== undefined && y.ms !== undefined && x.ms !== y.ms ? x.ms - y.ms : 0) || x.r - y.r || x.i - y.i);
  // the same lines in two files (a combined log and its per-host copy, a log copied twice): each hop once
  const firstPath = new Map<string, string>();
  const dupFiles = new Set<string>();
  const kept = rows.filter(r => {
    if (r.h.kind === 'bounce-report') return true; // two bounce files are two documents (the sender's and the postmaster's copy)
    const k = `${r.h.host}|${r.h.time}|${r.h.kind}|${r.h.text}|${r.h.reply ?? ''}`;
    const p = firstPath.get(k);
    if (p === undefined) { firstPath.set(k, r.h.path); return true; }
    if (p === r.h.path) return true;
    dupFiles.add(`${baseName(p)} and ${baseName(r.h.path)}`);
    return false;
  });
  rows.length = 0; rows.push(...kept);
  const hops = rows.map(r => r.h);
  let prev: number | undefined, start: number | undefined;
  for (const r of rows) {
    if (r.ms === undefined) continue;
    if (start === undefined) start = r.ms;
    if (prev !== undefined) r.h.deltaMs = r.ms - prev;
    r.h.sinceStartMs = r.ms - start;
    prev = r.ms;
  }
  const logs = traces.filter(t => t.source !== 'bounce' && !isNotice(t));
  const main = logs[0] ?? traces[0];
  const messageId = logs.find(t => t.messageId)?.messageId ?? traces.find(t => t.messageId)?.messageId;
  const from = logs.find(t => t.from)?.from ?? traces.find(t => t.from)?.from;
  const to = [...new Set(logs.flatMap(t => t.to).concat(logs.length ? [] : traces.flatMap(t => t.to)))];
  const servers = [...new Set(hops.map(h => h.host).filter((x): x is string => !!x))];
  const notes = [...(o.notes ?? [])];
  if (dupFiles.size) notes.push(`The same lines are written in more than one file (${[...dupFiles].slice(0, 3).join('; ')}): each hop is shown once, from the first file.`);
  if (traces.some(t => t.steps.some(s => s.time && /(?:Z|[+-]\d\d:\d\d)$/.test(s.time))) && traces.some(t => t.steps.some(s => s.time && !/(?:Z|[+-]\d\d:\d\d)$/.test(s.time)))) {
    notes.push('Some files write a time zone and some do not: times are compared as the clocks wrote them (zones dropped), so hops of servers in other zones may be out of order.');
  }
  if (logs.some(t => t.format === 'postfix' || t.format === 'sendmail')) {
    notes.push('Syslog lines write no year: it was inferred from the file dates.');
  }
  // the message's state: per recipient, the last final hop
  const perRcpt = new Map<string, TrailHop>();
  let anyOpen = false;
  for (const h of hops) {
    if (h.kind === 'bounce-report' || h.notification) continue;
    if (!FINAL.has(h.kind) && h.kind !== 'deferred') continue;
    for (const r of (h.to ?? '').split(/,\s*/).filter(Boolean).concat(h.to ? [] : ['*'])) {
      const cur = perRcpt.get(r);
      // a later hand-over to a next hop does not undo a mailbox delivery; a later step supersedes a deferral
      if (!cur || cur.kind === 'deferred' || cur.kind === 'handed-over' || (cur.kind === 'delivered' && !!cur.nextId)) perRcpt.set(r, h);
    }
  }
  const openTrace = logs.find(t => t.open && t.steps.some(s => s.kind === 'deferred'));
  if (openTrace) anyOpen = true;
  const finals = [...perRcpt.values()];
  const kinds = new Set(finals.map(h => h.kind === 'handed-over' ? 'delivered' : h.kind));
  let status = !finals.length ? (hops.some(h => h.kind === 'bounce-report') ? 'bounced (bounce only)' : 'unknown')
    : kinds.size === 1 ? [...kinds][0] : kinds.has('delivered') ? 'partly delivered' : kinds.has('deferred') ? 'deferred' : [...kinds].join(', ');
  if (status === 'deferred' && !anyOpen && hops.some(h => h.kind === 'removed')) status = 'deferred, then removed';
  const first = rows.find(r => r.ms !== undefined)?.ms;
  const lastFinal = [...rows].reverse().find(r => r.ms !== undefined && (FINAL.has(r.h.kind) || r.h.kind === 'removed' || r.h.kind === 'deferred'))?.ms;
  const totalMs = first !== undefined && lastFinal !== undefined ? lastFinal - first : undefined;
  const trail: Trail = { query: o.query ?? '', queueId: main?.queueId, messageId, from, to, status, hops, totalMs, proof: '', joins: o.joins ?? [], notes, servers };
  if (status === 'deferred' || (openTrace && status !== 'delivered')) trail.pending = pendingOf(openTrace ?? main, a);
  trail.proof = proofOf(trail, perRcpt);
  return trail;
}

function isChildBounce(t: MessageTrace): boolean { return t.steps[0]?.text.startsWith('bounce message created for') ?? false; }

const where = (h: TrailStep): string => `${baseName(h.path)} line ${h.line}`;
export function baseName(p: string): string {
  const s = p.replace(/[?#].*$/, '');
  const n = s.slice(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
  try { return decodeURIComponent(n); } catch { return n; }
}
const when = (h: TrailStep): string => (h.time ? h.time.replace('T', ' ').replace(/\.\d+/, '') + (/(?:Z|[+-]\d\d:\d\d)$/.test(h.time) ? '' : ' (log time)') : 'an unknown time');
const reply = (h: TrailStep): string => {
  const r = h.reply ?? '';
  if (!r && h.code === undefined && !h.enhanced) return '(no reply text logged)';
  if (h.code !== undefined && r.startsWith(String(h.code))) return r;
  return [h.code, h.enhanced && !r.startsWith(h.enhanced) ? h.enhanced : '', r].filter(Boolean).join(' ');
};

/** The plain-text statement: who accepted it when, with the reply and the line; or the last reply and who acts. */
function proofOf(t: Trail, perRcpt: Map<string, TrailHop>): string {
  const qid = t.hops.find(h => h.kind !== 'bounce-report' && !h.notification)?.path ? t.queueId : undefined;
  const id = t.messageId ? `<${t.messageId}>` : qid ? `with queue id ${qid}` : 'without a Message-ID';
  const fromTo = `${t.from !== undefined ? ` from ${t.from || '<>'}` : ''}`;
  const out: string[] = [];
  const byHop = new Map<TrailHop, string[]>();
  for (const [r, h] of perRcpt) { const l = byHop.get(h) ?? []; if (r !== '*') l.push(r); byHop.set(h, l); }
  for (const [h, rs] of byHop) {
    const to = rs.length ? ` to ${rs.join(', ')}` : t.to.length ? ` to ${t.to.join(', ')}` : '';
    const head = `Message ${id}${fromTo}${to}`;
    const by = h.host ? `${h.host}` : 'the server';
    if (h.kind === 'delivered' || h.kind === 'handed-over') {
      const acceptor = h.kind === 'handed-over' ? h.peer ?? 'the next server' : h.nextId ? h.peer ?? 'the next hop' : null;
      // the hand-over that led to this delivery, when the trail has one
      const handover = t.hops.find(x => x !== h && (x.kind === 'delivered' || x.kind === 'handed-over') && x.nextId && x.host !== h.host);
      if (acceptor) out.push(`${head} was accepted by ${acceptor} at ${when(h)}: "${reply(h)}" (${by}, ${where(h)}).`);
      else if (handover) out.push(`${head} was accepted by ${handover.peer ?? 'the next hop'} at ${when(handover)}: "${reply(handover)}" (${handover.host ?? 'the sender'}, ${where(handover)}); ${by} then delivered it at ${when(h)}: "${reply(h)}" (${where(h)}).`);
      else out.push(`${head} was delivered by ${by}${h.peer ? ` (${h.peer})` : ''} at ${when(h)}: "${reply(h)}" (${where(h)}).`);
    } else if (h.kind === 'deferred') {
      const p = t.pending;
      const next = p?.nextRetryFrom ? ` Under the assumed defaults the next attempt comes ${p.nextRetryFrom === p.nextRetryTo ? `at about ${p.nextRetryFrom.replace('T', ' ')}` : `between ${p.nextRetryFrom.replace('T', ' ')} and ${p.nextRetryTo!.replace('T', ' ')}`}` : '';
      const give = p?.giveUp ? `${next ? ', and' : ' Under the assumed defaults'} the server gives up and returns it at ${p.giveUp.replace('T', ' ')}` : '';
      out.push(`${head} was not delivered yet: it is in the queue of ${by}${p ? ` after ${p.attempts} attempt${p.attempts === 1 ? '' : 's'}` : ''}. The last reply${h.peer ? ` from ${h.peer}` : ''} at ${when(h)} was "${reply(h)}" (${where(h)}).${h.verdict ? ` ${h.verdict}.` : ''}${h.whoActs?.length ? ` Who has to act: ${h.whoActs.join(', then ')}.` : ''}${next}${give}${next || give ? ` (${p!.assumption})` : ''}`);
    } else {
      const inbound = h.kind === 'rejected' && h.text.startsWith('refused');
      const verb = h.kind === 'expired' ? 'was returned to the sender when its queue lifetime ran out' : inbound ? `was refused by ${by} while ${h.peer ?? 'the client'} sent it` : h.kind === 'rejected' ? 'was refused' : 'was not delivered';
      out.push(`${head} ${verb}: ${inbound ? `${by} answered` : h.peer ? `${h.peer} answered` : `${by} logged`} "${reply(h)}" at ${when(h)} (${by}, ${where(h)}).${h.verdict ? ` ${h.verdict}.` : ''}${h.whoActs?.length ? ` Who has to act: ${h.whoActs.join(', then ')}.` : ''}`);
    }
  }
  if (!out.length) {
    const b = t.hops.find(h => h.kind === 'bounce-report');
    if (b) out.push(`Message ${id}${fromTo}: a bounce says ${b.to ?? 'a recipient'} ${b.text.includes('failed') ? 'failed' : 'was not delivered'}: "${reply(b)}" (${where(b)}); no log line of the servers was found for it.`);
    else out.push(`Message ${id}${fromTo}: no delivery attempt was found in the files read.`);
  }
  return out.join('\n');
}

// -- finding the traces of a query --

export interface TrailQuery {
  /** groups of traces, one per message (an address can name many) */
  groups: TraceRef[][];
  joins: string[][];
  notes: string[];
  limited: boolean;
}

/**
 * Which traces make up the trail of `query` (a queue id, a Message-ID, an address): through shared ids
 * (queue id, Message-ID, the id a next hop gave, a bounce's X-Postfix-Queue-ID and original Message-ID);
 * a bounce that no id joins is matched by recipient and arrival time, and says so.
 */
export function resolveQuery(index: TrailIndex, query: string, maxMessages = 20, seedKeys?: string[]): TrailQuery {
  const keys = seedKeys ?? keysForIdentifier(query.trim());
  const notes: string[] = [];
  const joinKeys = keys.filter(k => !k.startsWith('a:'));
  const groups: TraceRef[][] = [];
  let limited = false;
  const first = index.component(joinKeys);
  if (first.traces.length) groups.push(first.traces);
  limited ||= first.limited;
  if (!groups.length && query.includes('@')) {
    const w = index.withAddress(query.trim().replace(/^<|>$/g, ''), 500);
    const taken = new Set<TraceRef>();
    for (const t of w.traces) {
      if (taken.has(t)) continue;
      if (groups.length >= maxMessages) { limited = true; notes.push(`More than ${maxMessages} messages name ${query}: the newest ${maxMessages} are shown.`); break; }
      const c = index.component([], [t]);
      for (const x of c.traces) taken.add(x);
      groups.push(c.traces);
    }
  }
  const joins: string[][] = [];
  for (const g of groups) {
    const j: string[] = [];
    // bounces joined by nothing but themselves: recipient and arrival time
    if (g.every(t => t.source === 'bounce')) {
      for (const b of g) for (const r of b.recipients ?? []) {
        if (!b.arrival) continue;
        const found = index.byRecipientAndTime(r, b.arrival);
        if (found.length) {
          const c = index.component([], found);
          for (const x of c.traces) if (!g.includes(x)) g.push(x);
          j.push(`the bounce was joined to the log by its recipient ${r} and arrival time ${b.arrival} (within 5 minutes): not by an id, so check it is the same message`);
        }
      }
    }
    j.push(...describeJoins(g));
    joins.push(j);
  }
  return { groups, joins, notes, limited };
}

function describeJoins(g: TraceRef[]): string[] {
  const out = new Set<string>();
  for (const x of g) for (const y of g) {
    if (x === y) continue;
    for (const k of x.links) if (y.keys.includes(k) || (y !== x && y.links.includes(k) && x.source === 'bounce' && y.source !== 'bounce')) {
      const v = k.slice(2);
      const what = k.startsWith('m:') ? `Message-ID <${v}>` : k.startsWith('x:') ? `SMTP session ${v}` : k.startsWith('i:') ? `InternalId ${v.split(':')[1]} at ${v.split(':')[0]}` : x.source === 'bounce' ? `X-Postfix-Queue-ID ${v}` : `id ${v}`;
      out.add(`${what}: ${baseName(x.path)} line ${x.line} -> ${baseName(y.path)} line ${y.line}`);
    }
    for (const k of x.keys) {
      if (!y.keys.includes(k) || x.path >= y.path) continue;
      if (k.startsWith('m:')) out.add(`Message-ID <${k.slice(2)}>: ${baseName(x.path)} line ${x.line} = ${baseName(y.path)} line ${y.line}`);
      else if (k.startsWith('i:')) out.add(`InternalId ${k.split(':')[2]} at ${k.split(':')[1]}: ${baseName(x.path)} line ${x.line} = ${baseName(y.path)} line ${y.line}`);
    }
  }
  return [...out];
}

/** A trace's identity, to pick the full traces of a query's refs on a second read. */
export const traceId = (t: { path: string; line: number }): string => `${t.path}\n${t.line}`;

/** The trail as text (CLI, the editor's view): hops with time, delta, server, what happened and where. */
export function trailText(t: Trail): string {
  const out: string[] = [];
  out.push(`Message trail${t.messageId ? ` of <${t.messageId}>` : ''}${t.query ? ` (asked for ${t.query})` : ''}`);
  if (t.from !== undefined || t.to.length) out.push(`  from ${t.from === undefined ? '(unknown)' : t.from || '<>'} to ${t.to.join(', ') || '(unknown)'}`);
  out.push(`  status: ${t.status}${t.totalMs !== undefined ? `; time in queue ${duration(t.totalMs)}${t.pending ? ' so far' : ''}` : ''}${t.servers.length ? `; servers: ${t.servers.join(', ')}` : ''}`);
  out.push('');
  // the date once when it changes, then the time of day: lines stay short enough for a side-by-side view
  let day = '';
  const pad = ' '.repeat(10);
  for (const h of t.hops) {
    const iso = h.time ? h.time.replace(/(\.\d{3})\d+/, '$1') : '';
    const d = iso.slice(0, 10);
    if (d && d !== day) { day = d; out.push(`${d}${iso.length > 19 && /(?:Z|[+-]\d\d:\d\d)$/.test(iso) ? ` (times with a zone: ${iso.slice(iso.search(/(?:Z|[+-]\d\d:\d\d)$/))})` : ''}`); }
    const time = iso ? iso.slice(11).replace(/(?:Z|[+-]\d\d:\d\d)$/, '') : '(no time)';
    const delta = h.deltaMs !== undefined ? `+${duration(h.deltaMs)}` : '';
    out.push(`  ${time.padEnd(8)} ${delta.padEnd(8)} ${(h.host ?? '').padEnd(6)} ${h.kind.padEnd(12)} ${h.text}  [${baseName(h.path)}:${h.line}]`);
    if (h.reply || h.code !== undefined) out.push(`${pad}reply: ${reply(h)}`);
    if (h.verdict) out.push(`${pad}means: ${h.verdict}${h.whoActs?.length ? ` (who acts: ${h.whoActs.join(', ')})` : ''}`);
  }
  if (t.pending) {
    out.push('');
    out.push(`Still queued after ${t.pending.attempts} attempt(s).${t.pending.nextRetryFrom ? ` Next attempt: ${t.pending.nextRetryFrom === t.pending.nextRetryTo ? `about ${t.pending.nextRetryFrom.replace('T', ' ')}` : `${t.pending.nextRetryFrom.replace('T', ' ')} to ${t.pending.nextRetryTo!.replace('T', ' ')}`}.` : ''}${t.pending.giveUp ? ` Returned to the sender at ${t.pending.giveUp.replace('T', ' ')} if no attempt succeeds.` : ''}`);
    out.push(`Assumed: ${t.pending.assumption}`);
  }
  if (t.joins.length) {
    out.push(''); out.push('Joined by:');
    for (const j of t.joins.slice(0, 10)) out.push(`  ${j}`);
    if (t.joins.length > 10) out.push(`  ... and ${t.joins.length - 10} more (--format json lists them all)`);
  }
  if (t.notes.length) { out.push(''); for (const n of t.notes) out.push(`Note: ${n}`); }
  out.push('');
  out.push('Proof:');
  for (const l of t.proof.split('\n')) out.push(`  ${l}`);
  return out.join('\n') + '\n';
}

export { mKey, aKey };
