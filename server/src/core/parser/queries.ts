/**
 * Facts derived from the model on demand, for one line or one session: the text of a command, a
 * whole multi-line reply, which command a reply answers, the outcome of a session. No LSP types.
 */
import { LineKind, type LineToken } from '../scanner/tokens';
import { verbOf } from '../scanner/lineTokens';
import { type LogModel, lineText, PAIR_GREETING, replyFirstLine, SessionFlag } from './model';

export function tokensOf(m: LogModel, line: number): LineToken[] {
  if (!m.dialect || line < 0 || line >= m.lineCount) return [];
  const k = m.kind[line];
  if (k === LineKind.Blank || k === LineKind.Other) return [];
  return m.dialect.tokens(lineText(m, line));
}


/** The command as sent, from its verb to the end of the line ("RCPT TO:<bob@example.com>"). */
export function commandText(m: LogModel, line: number): string {
  const text = lineText(m, line);
  const toks = tokensOf(m, line);
  const v = toks.find(t => t.kind === 'verb');
  if (v) {
    const last = toks.filter(t => t.kind === 'args' || t.kind === 'verb').reduce((a, t) => Math.max(a, t.end), v.end);
    return text.slice(v.start, last).trim();
  }
  const d = toks.find(t => t.kind === 'direction');
  return (d ? text.slice(d.end) : text).trim();
}

export function commandVerb(m: LogModel, line: number): string {
  return verbOf(commandText(m, line));
}

export interface ReplyInfo {
  code: number;
  enhanced?: string;
  /** the reply text without codes, continuation lines joined with a space */
  text: string;
  firstLine: number;
  lastLine: number;
  /** false for Status lines that give only an enhanced code or a status word (code is class * 100) */
  codeWritten: boolean;
}

/** "550 5.1.1", "5.1.1" (no basic code written), "550". */
export function replyHead(r: ReplyInfo): string {
  return r.codeWritten ? `${r.code}${r.enhanced ? ' ' + r.enhanced : ''}` : r.enhanced ?? `${r.code / 100}xx`;
}

/** The whole reply that `line` (a Reply or ReplyMore line) belongs to. */
export function replyInfo(m: LogModel, line: number): ReplyInfo | undefined {
  const k = m.kind[line];
  if (k === LineKind.Status) {
    const text = lineText(m, line);
    const toks = tokensOf(m, line);
    const en = toks.find(t => t.kind === 'enhanced');
    const tx = toks.find(t => t.kind === 'text');
    return { code: m.code[line], enhanced: en ? text.slice(en.start, en.end) : undefined, text: tx ? text.slice(tx.start, tx.end).trim() : '', firstLine: line, lastLine: line, codeWritten: toks.some(t => t.kind === 'code') };
  }
  if (k !== LineKind.Reply && k !== LineKind.ReplyMore) return undefined;
  const lastLine = k === LineKind.Reply ? line : m.pair[line];
  if (lastLine < 0) return undefined;
  const firstLine = replyFirstLine(m, lastLine);
  let enhanced: string | undefined;
  const parts: string[] = [];
  for (let l = firstLine; l <= lastLine; l++) {
    if (l !== lastLine && !(m.kind[l] === LineKind.ReplyMore && m.pair[l] === lastLine)) continue;
    const text = lineText(m, l);
    for (const t of tokensOf(m, l)) {
      if (t.kind === 'enhanced' && !enhanced) enhanced = text.slice(t.start, t.end);
      if (t.kind === 'text') parts.push(text.slice(t.start, t.end).trim());
    }
  }
  return { code: m.code[lastLine], enhanced, text: parts.join(' ').trim(), firstLine, lastLine, codeWritten: true };
}

export type Answered =
  | { kind: 'command'; line: number; text: string; verb: string }
  | { kind: 'status'; text: string | undefined }   // a Status line: its own context
  | { kind: 'endOfData'; line: number }     // the "." after DATA (line = the DATA command)
  | { kind: 'greeting' }
  | { kind: 'unknown' };

/** Which command the reply ending at `replyLine` answers. */
export function answeredBy(m: LogModel, replyLine: number): Answered {
  if (m.kind[replyLine] === LineKind.Status) return { kind: 'status', text: m.dialect?.statusContext?.(lineText(m, replyLine)) };
  const p = m.pair[replyLine];
  if (p === PAIR_GREETING) return { kind: 'greeting' };
  if (p < 0) return { kind: 'unknown' };
  const verb = commandVerb(m, p);
  if (verb === 'DATA' && m.pair[p] !== replyLine) return { kind: 'endOfData', line: p };
  if (verb === '.' || commandText(m, p) === '.') return { kind: 'endOfData', line: p };
  return { kind: 'command', line: p, text: commandText(m, p), verb };
}

/** The timestamp written on the line, or on the nearest line above it in the same session. */
export function timeOf(m: LogModel, line: number): string | undefined {
  for (let l = line, n = 0; l >= 0 && n < 64; l--, n++) {
    if (m.session[l] !== m.session[line] && l !== line) continue;
    // any line of the session that writes a time (interleaved logs: also lines the parser does not interpret)
    if (!m.dialect || m.kind[l] === LineKind.Blank) continue;
    const text = lineText(m, l);
    const t = m.dialect.tokens(text).find(x => x.kind === 'timestamp');
    if (t) return text.slice(t.start, t.end);
  }
  return undefined;
}

/** "8:05:42 AM" -> "08:05"; "2024-01-01 10:00:00" -> "10:00". */
export function shortTime(ts: string | undefined): string | undefined {
  if (!ts) return undefined;
  const m = /(\d{1,2}):(\d{2})(?::\d{2})?(?:[.,]\d+)?\s*([AaPp][Mm])?/.exec(ts);
  if (!m) return undefined;
  let h = parseInt(m[1], 10);
  const ap = m[3]?.toUpperCase();
  if (ap === 'PM' && h < 12) h += 12;
  if (ap === 'AM' && h === 12) h = 0;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

export interface SessionSummary {
  index: number;
  first: number;
  last: number;
  /** lines of this session in order (for interleaved logs they are not contiguous) */
  lines: number[];
  remote?: string;
  helo?: string;
  server?: string;        // host named in the greeting
  time?: string;
  outbound: boolean;
  closed: boolean;
  delivered: number;
  firstFailure?: ReplyInfo;
  firstTransient?: ReplyInfo;
  rejectedRecipients: number;
  /** "delivered", "550 5.1.1 rejected", "450 4.2.0 deferred", "incomplete" ... */
  outcome: string;
  label: string;
}

const IP = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\[[0-9A-Fa-f:.]{2,45}\]/;

export function summarizeSession(m: LogModel, s: number, lines?: number[]): SessionSummary {
  const first = m.sessions.first[s], last = m.sessions.last[s];
  if (!lines) { lines = []; for (let l = first; l <= last; l++) if (m.session[l] === s) lines.push(l); }
  let remote: string | undefined, helo: string | undefined, server: string | undefined;
  let delivered = 0, rejectedRecipients = 0;
  let firstFailure: ReplyInfo | undefined, firstTransient: ReplyInfo | undefined;
  let sawEodPending = false;
  for (const l of lines) {
    const k = m.kind[l];
    if (k === LineKind.Event && remote === undefined) {
      const t = lineText(m, l);
      const ip = IP.exec(t);
      const host = /(?:accepted from|connecting to|connected to)\s+([^\s\[\],]+)/i.exec(t);
      remote = host && host[1] !== ip?.[0] ? (ip ? `${host[1]} ${ip[0]}` : host[1]) : ip?.[0];
    } else if (k === LineKind.Command) {
      const v = commandVerb(m, l);
      if ((v === 'EHLO' || v === 'HELO') && helo === undefined) helo = commandText(m, l).split(/\s+/)[1];
      if (v === 'DATA') sawEodPending = true;
    } else if (k === LineKind.Status) {
      const c = m.code[l];
      if (c >= 200 && c < 300) delivered++;
      if (c >= 500 && !firstFailure) firstFailure = replyInfo(m, l);
      if (c >= 400 && c < 500 && !firstTransient) firstTransient = replyInfo(m, l);
      // a message's bounced recipient (its deliveries are status records)
      if (c >= 500 && (m.sessions.flags[s] & SessionFlag.Message)) rejectedRecipients++;
    } else if (k === LineKind.Reply) {
      const c = m.code[l];
      const a = answeredBy(m, l);
      if (a.kind === 'greeting' && server === undefined) server = replyInfo(m, l)?.text.split(/\s+/)[0];
      if (a.kind === 'endOfData' && c >= 200 && c < 300) { delivered++; sawEodPending = false; }
      if (a.kind === 'command' && a.verb === 'BDAT' && /\bLAST\b/i.test(a.text) && c < 300) delivered++;
      if (c >= 500 && !firstFailure && !(c === 503 && firstTransient)) firstFailure = replyInfo(m, l);
      if (c >= 400 && c < 500 && !firstTransient) firstTransient = replyInfo(m, l);
      if (c >= 400 && a.kind === 'command' && a.verb === 'RCPT') rejectedRecipients++;
      if (c === 354) sawEodPending = true;
    }
  }
  const flags = m.sessions.flags[s];
  const closed = !!(flags & SessionFlag.Closed);
  const outbound = !!(flags & SessionFlag.Outbound);
  const fmt = replyHead;
  const message = !!(flags & SessionFlag.Message);
  let outcome: string;
  if (delivered > 0) {
    outcome = delivered > 1 ? (message ? `delivered to ${delivered} recipients` : `delivered ${delivered} messages`) : 'delivered';
    if (rejectedRecipients) outcome += `, ${rejectedRecipients} recipient${rejectedRecipients > 1 ? 's' : ''} refused (${fmt((firstFailure ?? firstTransient)!)})`;
  } else if (firstFailure) outcome = `${fmt(firstFailure)} rejected`;
  else if (firstTransient) outcome = `${fmt(firstTransient)} deferred`;
  else if (message) outcome = closed ? 'done' : 'in queue';
  else if (!closed) outcome = sawEodPending ? 'incomplete (cut during DATA)' : 'incomplete';
  else outcome = 'no message';
  if (delivered > 0 && !closed && sawEodPending) outcome += ', then cut during DATA';
  const time = shortTime(timeOf(m, first));
  const key = m.dialect?.sessionLabel?.(lineText(m, first), message);
  const who = key ? [key] : outbound
    ? [remote ? `to ${remote}` : server ? `to ${server}` : undefined]
    : [remote ?? server, helo];
  const label = [...who, time].filter(Boolean).join(' ') + ` - ${outcome}`;
  return { index: s, first, last, lines, remote, helo, server, time, outbound, closed, delivered, firstFailure, firstTransient, rejectedRecipients, outcome, label: label.startsWith(' - ') ? `Session ${s + 1}${label}` : label };
}
