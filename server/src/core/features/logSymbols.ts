/**
 * Outline: one symbol per session (remote host, HELO name, date and time, outcome; its duration and
 * line count as detail) with its command/reply pairs as children. A message received in a
 * connection (postfix queue id after smtpd's `client=`, exim `<=` with `H=`, sendmail) is shown under
 * that connection, with its deliveries under it; messages whose connection is not in the file stay
 * at the top. Large logs are bounded: children stop at a budget and sessions are grouped by hour
 * when there are too many for one flat list (VS Code's outline freezes on huge trees).
 */
import { type DocumentSymbol, type Range, SymbolKind } from 'vscode-languageserver-types';
import { codeAt, headerOf, type LogModel, lineEnd, lineText, PAIR_GREETING, SessionFlag, textSlice } from '../parser/model';
import { answeredBy, commandText, inSessionOrder, replyHead, replyInfo, type SessionSummary, summarizeSession, timeOf } from '../parser/queries';
import { parseTimestamp, timestampMs, YearTracker } from '../records/time';
import { LineKind } from '../scanner/tokens';
import { sessionSecurity, securitySummary } from '../parser/security';
import { runAll, type Steps } from '../steps';

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

/**
 * Lines of every session, without an array per session: `at(s)` gives session s's lines, in session
 * order (sequence numbers where the rows carry them). Sessions that interleave (syslog, Exchange): a
 * counting sort of the line numbers by session into one typed array, one pass; a capped outline reads
 * only the sessions it shows, and a 60 MB log's 140,000 sessions cost two typed arrays instead of
 * 140,000 arrays to collect. Sessions that follow each other (their spans add up to at most twice the
 * lines): each is read from its own span when asked, so the sessions past the cap cost nothing.
 */
export function sessionLines(m: LogModel): { at(s: number): number[] } {
  const n = m.sessions.count;
  const session = m.session, count = m.lineCount;
  const order = (own: number[]): number[] => m.dialect?.sequence ? inSessionOrder(m, own) : own;
  // sessions that follow each other (transcripts, most client logs): a session's lines are read from its
  // own span when asked (a capped outline asks for the first ones only); no pass over the whole log
  let span = 0;
  for (let s = 0; s < n; s++) span += m.sessions.last[s] - m.sessions.first[s] + 1;
  if (span <= 2 * count) {
    return {
      at: s => {
        const own: number[] = [];
        for (let l = m.sessions.first[s], e = m.sessions.last[s]; l <= e; l++) if (session[l] === s) own.push(l);
        return order(own);
      },
    };
  }
  const start = new Int32Array(n + 1);
  for (let l = 0; l < count; l++) { const s = session[l]; if (s >= 0) start[s + 1]++; }
  for (let s = 0; s < n; s++) start[s + 1] += start[s];
  const fill = start.slice(0, n);
  const lines = new Int32Array(start[n]);
  for (let l = 0; l < count; l++) { const s = session[l]; if (s >= 0) lines[fill[s]++] = l; }
  return {
    at: s => {
      // (a plain loop: Array.from of a typed array goes through its iterator)
      const a = start[s], k = start[s + 1] - a;
      const own = new Array<number>(k);
      for (let i = 0; i < k; i++) own[i] = lines[a + i];
      return order(own);
    },
  };
}

export function logSymbols(m: LogModel, opts: SymbolOptions = DEFAULT_SYMBOL_OPTIONS): SymbolResult {
  return runAll(startLogSymbols(m, opts));
}

/** One session's entry weighs this many lines in a step (see Steps; progress counts sessions). */
const SESSION_WEIGHT = 32;

/** logSymbols in steps: the entries of a few sessions per step; the same outline. */
export function startLogSymbols(m: LogModel, opts: SymbolOptions = DEFAULT_SYMBOL_OPTIONS): Steps<SymbolResult> {
  const lists = sessionLines(m);
  const n = m.sessions.count;
  const sessions = m.sessions;
  // messages received in a connection are shown under it: the sessions of each connection, in order
  // (linked lists in typed arrays: first child, next sibling; a parent is always an earlier session).
  // At most MAX_DEPTH levels (connection > message > notice): a longer chain (notices about notices,
  // or a hostile log) goes on at the top, so the outline stays shallow and its recursion bounded.
  const firstKid = new Int32Array(n).fill(-1), nextKid = new Int32Array(n).fill(-1), lastKid = new Int32Array(n).fill(-1);
  const depth = new Uint8Array(n);
  let top = 0;
  for (let s = 0; s < n; s++) {
    const p = sessions.parentOf(s);
    if (p < 0 || depth[p] >= MAX_DEPTH - 1) { top++; continue; }
    depth[s] = depth[p] + 1;
    if (lastKid[p] < 0) firstKid[p] = s; else nextKid[lastKid[p]] = s;
    lastKid[p] = s;
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
    const own = lists.at(s);
    const sum = summarizeSession(m, s, own);
    budget--;
    let failed = FAILED.test(sum.outcome);
    const children: DocumentSymbol[] = [];
    /** nested messages by id: the step that tells how one came about (postfix "sender non-delivery notification: ID") names it */
    let byId: Map<string, DocumentSymbol> | undefined;
    let j = firstKid[s];
    const sub = (): boolean => {
      const r = session(j, true);
      j = nextKid[j];
      if (!r) return false;
      if (r.failed) failed = true;
      if (r.id) (byId ??= new Map()).set(r.id, r.sym);
      children.push(r.sym);
      return true;
    };
    if (!groups) {
      for (const l of own) {
        // a received message goes where its first line is among the connection's steps
        while (j >= 0 && m.sessions.first[j] < l) if (!sub()) break;
        if (limited || cancelled) break;
        const c = stepOf(m, s, l);
        if (!c) continue;
        const caused = byId ? byId.get(/: (\S+)$/.exec(c.name)?.[1] ?? '') : undefined;
        if (caused) { caused.name = `${c.name.slice(0, c.name.lastIndexOf(': '))}: ${caused.name}`; continue; }
        if (budget <= 0) { limited = true; break; }
        children.push(c);
        budget--;
      }
    }
    while (j >= 0 && !limited && !cancelled) if (!sub()) break;
    const message = (m.sessions.flags[s] & SessionFlag.Message) !== 0;
    const id = message ? messageId(sum) : undefined;
    let name = nested ? `${id ?? `Session ${s + 1}`}${sum.time ? ` ${sum.time}` : ''} - ${sum.outcome}` : sum.label;
    const sender = message ? senderOf(m, own) : undefined;
    // a message alone at the top that the format names by its id only (a notice postfix made itself): with its sender
    const idOnly = id !== undefined && !nested && sum.label.startsWith(`${id}${sum.time ? ` ${sum.time}` : ''} - `);
    if (idOnly && sender) name = `${id} ${sender}${sum.label.slice(id.length)}`;
    const who = idOnly || (sender && name.includes(sender)) ? undefined : sender;
    const took = durationOf(m, sum.first, sum.last);
    let detailed = `${who ? who + ', ' : ''}${took ? took + ', ' : ''}${own.length} lines`;
    // TLS, authentication and SPF/DKIM/DMARC verdicts where the log writes them
    for (const x of securitySummary(sessionSecurity(m, s, own))) detailed += ' · ' + x;
    // the entry encloses the messages under it (they go on after the connection closed)
    let end = sum.last;
    for (const c of children) if (c.range.end.line > end) end = c.range.end.line;
    const ss = sym(m, name, detailed, message ? SymbolKind.Object : SymbolKind.Module, sum.first, end, sum.first);
    ss.children = children;
    return { sym: ss, time: sum.time, failed, id };
  };

  const tops: { sym: DocumentSymbol; time?: string; failed: boolean }[] = [];
  let s = 0;
  let result: SymbolResult | undefined;
  const step = (lines: number): SymbolResult | undefined => {
    if (result) return result;
    for (let w = Math.max(1, lines); s < n && !limited && w > 0; s++) {
      if (depth[s] > 0) continue;
      w -= SESSION_WEIGHT;
      const r = session(s, false);
      if (cancelled) return result = { symbols: [], limited: true };
      if (r) tops.push(r);
    }
    if (s < n && !limited) return undefined;
    return result = finish();
  };
  return { step, get done() { return result ? n + 1 : s; }, total: n + 1 };

  function finish(): SymbolResult {
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
}

const FAILED = /rejected|deferred|refused/;
const MAX_DEPTH = 3;

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

/** The id of a message session (queue id, message id): the first word of the format's name for it (summarizeSession read it). */
function messageId(sum: SessionSummary): string | undefined {
  return sum.key ? /^\S+/.exec(sum.key)?.[0] : undefined;
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
  const years = new YearTracker({ year: 2000, month: 12 });
  const fa = { fractions: false }, fb = { fractions: false };
  const ta = startMs(m, first, years, fa), tb = startMs(m, last, years, fb);
  let ms: number | undefined;
  if (ta !== undefined && tb !== undefined) { if (!Number.isNaN(ta) && !Number.isNaN(tb)) ms = tb - ta; }
  else {
    // a time alone ("08:05:42"): from the timestamps as written
    const ra = timeOf(m, first), rb = timeOf(m, last);
    const ca = ra ? clockMs(ra) : undefined, cb = rb ? clockMs(rb) : undefined;
    if (ca !== undefined && cb !== undefined) ms = cb >= ca ? cb - ca : cb + 86400000 - ca; // past midnight
    if (ms !== undefined) return formatDuration(ms, /\d:\d\d[.,]\d/.test(ra!) && /\d:\d\d[.,]\d/.test(rb!));
  }
  if (ms === undefined || ms < 0) return undefined;
  return formatDuration(ms, fa.fractions && fb.fractions);
}

/**
 * The time of line l in milliseconds (see timestampMs): read at the start of the line, where most
 * formats write it (no tokenizing: this runs twice per session), else from the timestamp token of the
 * line or of the nearest line above it in its session. NaN: a time whose ISO text isoMs cannot read.
 */
function startMs(m: LogModel, l: number, years: YearTracker, out: { fractions: boolean }): number | undefined {
  const s = m.lineStart[l];
  const c = codeAt(m, s);
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
    const raw = textSlice(m, s, Math.min(s + 40, lineEnd(m, l)));
    const fast = timestampMs(raw, years, out);
    if (fast !== undefined) return Number.isNaN(fast) ? isoMsOf(parseTimestamp(raw)!.iso, out) : fast;
  }
  const t = timeOf(m, l);
  if (!t) return undefined;
  const v = timestampMs(t, years, out);
  return v !== undefined && Number.isNaN(v) ? isoMsOf(parseTimestamp(t)!.iso, out) : v;
}

/** A year outside 1000-9999 (no tracker involved: not syslog): the ISO text as the outline always read it. */
function isoMsOf(iso: string, out: { fractions: boolean }): number {
  out.fractions = iso.length > 19 && iso.charCodeAt(19) === 46;
  return isoMs(iso) ?? NaN;
}

/** Milliseconds of an ISO time as parseTimestamp writes it, read by position (Date.parse costs more); no zone: read as UTC. */
function isoMs(iso: string): number | undefined {
  const d = (i: number, n: number): number => { let v = 0; for (let k = i; k < i + n; k++) v = v * 10 + iso.charCodeAt(k) - 48; return v; };
  let t = Date.UTC(d(0, 4), d(5, 2) - 1, d(8, 2), d(11, 2), d(14, 2), d(17, 2));
  let i = 19;
  if (iso.charCodeAt(i) === 46) {
    // fractions: milliseconds (finer digits are dropped)
    const s = ++i;
    while (i < iso.length && iso.charCodeAt(i) >= 48 && iso.charCodeAt(i) <= 57) i++;
    const k = Math.min(3, i - s);
    t += d(s, k) * 10 ** (3 - k);
  }
  const z = iso.charCodeAt(i);
  if (z === 43 || z === 45) t -= (z === 43 ? 1 : -1) * (d(i + 1, 2) * 60 + d(i + 4, 2)) * 60000;
  return Number.isFinite(t) ? t : undefined;
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

/** "120 ms", "4.2 s", "< 1 s" (a log that writes whole seconds), "3 min 5 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(ms: number, fractions: boolean): string {
  if (ms < 1000) return fractions ? (ms < 1 ? '< 1 ms' : `${Math.round(ms)} ms`) : ms === 0 ? '< 1 s' : `${Math.round(ms)} ms`;
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
  if (!time) return undefined;
  // what /^(.*?\d{1,2}):\d{2}(?::\d{2})?$/ gives, read from the end (it runs for every session of a
  // grouped outline): the earliest start of "h:mm", "hh:mm", "h:mm:ss" or "hh:mm:ss" that ends the text
  const L = time.length;
  const d = (i: number): boolean => { const c = time.charCodeAt(i); return c >= 48 && c <= 57; };
  for (const [len, hour] of HOUR_SHAPES) {
    const i = L - len;
    if (i < 0) continue;
    let ok = true;
    for (let k = 0; k < len && ok; k++) ok = (k - hour) % 3 === 0 ? time.charCodeAt(i + k) === 58 : d(i + k);
    if (ok && !LINE_BREAK.test(time.slice(0, i))) return time.slice(0, i + hour);
  }
  return undefined;
}
/** [length, hour digits] of the clock shapes hourOf reads, longest first (the regex's lazy prefix is the shortest) */
const HOUR_SHAPES: ReadonlyArray<readonly [number, number]> = [[8, 2], [7, 1], [5, 2], [4, 1]];
/** what "." does not match */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

function sym(m: LogModel, name: string, detail: string, kind: SymbolKind, first: number, last: number, sel: number): DocumentSymbol {
  const range: Range = { start: { line: first, character: 0 }, end: { line: last, character: lineEnd(m, last) - m.lineStart[last] } };
  const selectionRange: Range = { start: { line: sel, character: 0 }, end: { line: sel, character: lineEnd(m, sel) - m.lineStart[sel] } };
  return { name: name || '(empty)', detail, kind, range, selectionRange };
}

function truncate(s: string, n: number): string { return s.length > n ? s.slice(0, n - 1) + '…' : s; }
