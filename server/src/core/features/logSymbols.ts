/**
 * Outline: one symbol per session (remote host, HELO name, date and time, outcome; its duration and
 * line count as detail) with its command/reply pairs as children. A message received in a
 * connection (postfix queue id after smtpd's `client=`, exim `<=` with `H=`, sendmail) is shown under
 * that connection, with its deliveries under it; messages whose connection is not in the file stay
 * at the top. Large logs are bounded: children stop at a budget and sessions are grouped by hour
 * when there are too many for one flat list (VS Code's outline freezes on huge trees).
 */
import { type DocumentSymbol, type Range, SymbolKind } from 'vscode-languageserver-types';
import { headerOf, type LogModel, lineEnd, lineText, PAIR_GREETING, SessionFlag } from '../parser/model';
import { answeredBy, commandText, inSessionOrder, replyHead, replyInfo, type SessionSummary, summarizeSession, timeOf } from '../parser/queries';
import { isoDiffMs, parseTimestamp, YearTracker } from '../records/time';
import { LineKind } from '../scanner/tokens';

export interface SymbolOptions {
  /** most symbols in one answer (sessions + children + groups) */
  maxItems: number;
  /** above this many sessions they are grouped (by hour when the log has times) */
  groupAbove: number;
  /** polled every few sessions: true stops the work (the answer is then incomplete and dropped by the caller) */
  cancelled?: () => boolean;
}

export const DEFAULT_SYMBOL_OPTIONS: SymbolOptions = { maxItems: 10000, groupAbove: 2000 };

export interface SymbolResult { symbols: DocumentSymbol[]; limited: boolean }

/** Lines of every session, in one pass, each in session order (sequence numbers where the rows carry them). */
export function sessionLines(m: LogModel): number[][] {
  const lists: number[][] = Array.from({ length: m.sessions.count }, () => []);
  for (let l = 0; l < m.lineCount; l++) { const s = m.session[l]; if (s >= 0) lists[s].push(l); }
  return m.dialect?.sequence ? lists.map(l => inSessionOrder(m, l)) : lists;
}

export function logSymbols(m: LogModel, opts: SymbolOptions = DEFAULT_SYMBOL_OPTIONS): SymbolResult {
  const lists = sessionLines(m);
  const n = m.sessions.count;
  const parent = m.sessions.parent;
  // messages received in a connection are shown under it: the sessions of each connection, in order
  const kids = new Map<number, number[]>();
  let top = 0;
  for (let s = 0; s < n; s++) {
    const p = parent[s];
    if (p >= 0) { let k = kids.get(p); if (!k) kids.set(p, k = []); k.push(s); } else top++;
  }
  let budget = opts.maxItems;
  let limited = false;
  let built = 0;
  let cancelled = false;
  const groups = top > opts.groupAbove;
  if (groups) budget -= Math.ceil(top / 100);

  /** A session's entry with its steps (not when grouped) and the messages it received; undefined once the budget is spent. */
  const session = (s: number, nested: boolean): { sym: DocumentSymbol; time?: string; failed: boolean; id?: string } | undefined => {
    if (budget <= 0) { limited = true; return undefined; }
    if ((++built & 63) === 0 && opts.cancelled?.()) { cancelled = true; return undefined; }
    const sum = summarizeSession(m, s, lists[s]);
    budget--;
    let failed = FAILED.test(sum.outcome);
    const children: DocumentSymbol[] = [];
    const subs = kids.get(s) ?? [];
    /** nested messages by id: the step that tells how one came about (postfix "sender non-delivery notification: ID") names it */
    const byId = new Map<string, DocumentSymbol>();
    let j = 0;
    const sub = (): boolean => {
      const r = session(subs[j++], true);
      if (!r) return false;
      if (r.failed) failed = true;
      if (r.id) byId.set(r.id, r.sym);
      children.push(r.sym);
      return true;
    };
    if (!groups) {
      for (const l of lists[s]) {
        // a received message goes where its first line is among the connection's steps
        while (j < subs.length && m.sessions.first[subs[j]] < l) if (!sub()) break;
        if (limited || cancelled) break;
        const c = stepOf(m, s, l);
        if (!c) continue;
        const caused = byId.size ? byId.get(/: (\S+)$/.exec(c.name)?.[1] ?? '') : undefined;
        if (caused) { caused.name = `${c.name.slice(0, c.name.lastIndexOf(': '))}: ${caused.name}`; continue; }
        if (budget <= 0) { limited = true; break; }
        children.push(c);
        budget--;
      }
    }
    while (j < subs.length && !limited && !cancelled) if (!sub()) break;
    const message = (m.sessions.flags[s] & SessionFlag.Message) !== 0;
    const id = message ? messageId(m, sum) : undefined;
    let name = nested ? `${id ?? `Session ${s + 1}`}${sum.time ? ` ${sum.time}` : ''} - ${sum.outcome}` : sum.label;
    const sender = message ? senderOf(m, lists[s]) : undefined;
    // a message alone at the top that the format names by its id only (a notice postfix made itself): with its sender
    const idOnly = id !== undefined && !nested && sum.label.startsWith(`${id}${sum.time ? ` ${sum.time}` : ''} - `);
    if (idOnly && sender) name = `${id} ${sender}${sum.label.slice(id.length)}`;
    const detail = [idOnly ? undefined : sender, durationOf(m, sum.first, sum.last), `${lists[s].length} lines`].filter(Boolean).join(', ');
    // the entry encloses the messages under it (they go on after the connection closed)
    let end = sum.last;
    for (const c of children) if (c.range.end.line > end) end = c.range.end.line;
    const ss = sym(m, name, detail, message ? SymbolKind.Object : SymbolKind.Module, sum.first, end, sum.first);
    ss.children = children;
    return { sym: ss, time: sum.time, failed, id };
  };

  const tops: { sym: DocumentSymbol; time?: string; failed: boolean }[] = [];
  for (let s = 0; s < n && !limited; s++) {
    if (parent[s] >= 0) continue;
    const r = session(s, false);
    if (cancelled) return { symbols: [], limited: true };
    if (r) tops.push(r);
  }
  if (cancelled) return { symbols: [], limited: true };
  if (!groups) return { symbols: withCutNote(m, tops.map(t => t.sym), limited, n, opts.maxItems), limited };
  // group: by hour when sessions carry times, else by 100 sessions
  const out: DocumentSymbol[] = [];
  let i = 0;
  while (i < tops.length) {
    const hour = hourOf(tops[i].time);
    let j = i + 1;
    while (j < tops.length && j - i < 500 && (hour ? hourOf(tops[j].time) === hour : j - i < 100)) j++;
    const part = tops.slice(i, j);
    const first = part[0].sym;
    const g = sym(m, hour ? `${hour}:00 - ${part.length} sessions` : `sessions ${i + 1}-${j}`, `${part.filter(p => p.failed).length} with failures`, SymbolKind.Namespace, first.range.start.line, Math.max(...part.map(p => p.sym.range.end.line)), first.range.start.line);
    g.children = part.map(p => p.sym);
    out.push(g);
    i = j;
  }
  return { symbols: withCutNote(m, out, limited, n, opts.maxItems), limited };
}

const FAILED = /rejected|deferred|refused/;

/** The outline entry of one line of session `s`: a command with its reply, a status record, a step of a message; undefined for the rest. */
function stepOf(m: LogModel, s: number, l: number): DocumentSymbol | undefined {
  const k = m.kind[l];
  if (k === LineKind.Command) {
    const r = m.pair[l];
    const ri = r >= 0 ? replyInfo(m, r) : undefined;
    const endLine = ri ? Math.max(l, ri.lastLine) : l;
    return sym(m, truncate(commandText(m, l), 100), ri ? truncate(`${ri.code}${ri.enhanced ? ' ' + ri.enhanced : ''} ${ri.text}`, 80) : 'no reply', SymbolKind.Function, Math.min(l, ri?.firstLine ?? l), endLine, l);
  }
  if (k === LineKind.Status) {
    const ri = replyInfo(m, l)!;
    const a = answeredBy(m, l);
    return sym(m, truncate((a.kind === 'status' && a.text) || replyHead(ri), 100), truncate(`${replyHead(ri)} ${ri.text}`, 80), SymbolKind.Event, l, l, l);
  }
  if (k === LineKind.Reply && m.pair[l] === l) {
    // a row that is a command and its reply (IIS): one entry
    const ri = replyInfo(m, l)!;
    return sym(m, truncate(commandText(m, l), 100), truncate(`${ri.code}${ri.enhanced ? ' ' + ri.enhanced : ''} ${ri.text}`, 80), SymbolKind.Function, l, l, l);
  }
  if (k === LineKind.Reply) {
    const a = answeredBy(m, l);
    if (a.kind === 'command') return undefined;            // shown with its command
    const ri = replyInfo(m, l)!;
    const name = m.pair[l] === PAIR_GREETING ? 'greeting' : a.kind === 'endOfData' ? 'end of data' : 'reply';
    return sym(m, name, truncate(`${ri.code}${ri.enhanced ? ' ' + ri.enhanced : ''} ${ri.text}`, 80), SymbolKind.Event, ri.firstLine, ri.lastLine, ri.firstLine);
  }
  // a step of a message (message tracking RECEIVE, EXPAND ...; postfix "removed", the bounce it sent)
  if ((k === LineKind.Event || (k === LineKind.Other && (m.sessions.flags[s] & SessionFlag.Message))) && m.dialect?.eventLabel) {
    const e = m.dialect.eventLabel(lineText(m, l), headerOf(m, l));
    return e ? sym(m, truncate(e.name, 100), truncate(e.detail, 80), SymbolKind.Event, l, l, l) : undefined;
  }
  return undefined;
}

/** The id of a message session (queue id, message id): the first word of the format's name for it. */
function messageId(m: LogModel, sum: SessionSummary): string | undefined {
  const label = m.dialect?.sessionLabel?.(lineText(m, sum.first), true, headerOf(m, sum.first));
  return label ? /^\S+/.exec(label)?.[0] : undefined;
}

/** The envelope sender a message's first lines write (postfix, sendmail `from=<...>`; exim `<= sender`). */
function senderOf(m: LogModel, lines: number[]): string | undefined {
  for (let i = 0; i < lines.length && i < 4; i++) {
    const t = lineText(m, lines[i]);
    const f = /\bfrom=<([^<>\s]{0,320})>/.exec(t.length > 2000 ? t.slice(0, 2000) : t) ?? / <= (<>|[^\s<>]{1,320}) /.exec(t.length > 400 ? t.slice(0, 400) : t);
    if (f) return `from=<${f[1] === '<>' ? '' : f[1]}>`;
  }
  return undefined;
}

/**
 * How long the session took, from the time of its first line to that of its last ("0.42 s",
 * "3 min 5 s"); undefined when the lines carry no time. Syslog dates without a year are read in a
 * leap year, so Feb 29 reads and December to January counts forward.
 */
export function durationOf(m: LogModel, first: number, last: number): string | undefined {
  const a = timeOf(m, first), b = timeOf(m, last);
  if (!a || !b) return undefined;
  let ms: number | undefined;
  const years = new YearTracker({ year: 2000, month: 12 });
  const pa = parseTimestamp(a, years), pb = parseTimestamp(b, years);
  if (pa && pb) ms = isoDiffMs(pa.iso, pb.iso);
  else {
    const ca = clockMs(a), cb = clockMs(b);
    if (ca !== undefined && cb !== undefined) ms = cb >= ca ? cb - ca : cb + 86400000 - ca; // past midnight
  }
  if (ms === undefined || ms < 0) return undefined;
  const fractions = /\d:\d\d[.,]\d/.test(a) && /\d:\d\d[.,]\d/.test(b);
  return formatDuration(ms, fractions);
}

function clockMs(t: string): number | undefined {
  const c = /(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?\s*([AaPp][Mm])?/.exec(t);
  if (!c) return undefined;
  let h = +c[1];
  const ap = c[5]?.toUpperCase();
  if (ap === 'PM' && h < 12) h += 12;
  if (ap === 'AM' && h === 12) h = 0;
  return ((h * 60 + +c[2]) * 60 + +(c[3] ?? 0)) * 1000 + (c[4] ? +c[4].padEnd(3, '0') : 0);
}

/** "120 ms", "4.2 s", "< 1 s" (whole seconds only), "3 min 5 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(ms: number, fractions: boolean): string {
  if (ms < 1000) return fractions ? `${Math.round(ms)} ms` : ms === 0 ? '< 1 s' : `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${fractions && s < 10 ? Math.round(s * 10) / 10 : Math.round(s)} s`;
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  if (whole < 86400) return `${Math.floor(whole / 3600)} h ${Math.floor(whole % 3600 / 60)} min`;
  return `${Math.floor(whole / 86400)} d ${Math.floor(whole % 86400 / 3600)} h`;
}

/** A cut outline says so where it ends (the server also announces it once). */
function withCutNote(m: LogModel, symbols: DocumentSymbol[], limited: boolean, sessions: number, maxItems: number): DocumentSymbol[] {
  if (!limited || m.lineCount === 0) return symbols;
  symbols.push(sym(m, `… the outline stops at ${maxItems} items`, `${sessions} sessions in the log (setting smtpLog.outline.maxItems)`, SymbolKind.String, 0, 0, 0));
  return symbols;
}

/** The hour a session's time falls in: "Nov 24 12:57:03" -> "Nov 24 12", "08:05" -> "08". */
function hourOf(time: string | undefined): string | undefined {
  return time ? /^(.*?\d{1,2}):\d{2}(?::\d{2})?$/.exec(time)?.[1] : undefined;
}

function sym(m: LogModel, name: string, detail: string, kind: SymbolKind, first: number, last: number, sel: number): DocumentSymbol {
  const range: Range = { start: { line: first, character: 0 }, end: { line: last, character: lineEnd(m, last) - m.lineStart[last] } };
  const selectionRange: Range = { start: { line: sel, character: 0 }, end: { line: sel, character: lineEnd(m, sel) - m.lineStart[sel] } };
  return { name: name || '(empty)', detail, kind, range, selectionRange };
}

function truncate(s: string, n: number): string { return s.length > n ? s.slice(0, n - 1) + '…' : s; }
