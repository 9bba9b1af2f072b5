/**
 * Outline: one symbol per session (remote host, HELO name, time, outcome) with its command/reply
 * pairs as children. Large logs are bounded: children stop at a budget and sessions are grouped
 * by hour when there are too many for one flat list (VS Code's outline freezes on huge trees).
 */
import { type DocumentSymbol, type Range, SymbolKind } from 'vscode-languageserver-types';
import { headerOf, type LogModel, lineEnd, lineText, PAIR_GREETING } from '../parser/model';
import { answeredBy, commandText, inSessionOrder, replyHead, replyInfo, summarizeSession } from '../parser/queries';
import { LineKind } from '../scanner/tokens';
import { sessionSecurity, securitySummary } from '../parser/security';

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
  let budget = opts.maxItems;
  let limited = false;
  const sessionSymbols: DocumentSymbol[] = [];
  const groups = n > opts.groupAbove;
  if (groups) budget -= Math.ceil(n / 100);
  for (let s = 0; s < n; s++) {
    if (budget <= 0) { limited = true; break; }
    if ((s & 63) === 63 && opts.cancelled?.()) return { symbols: [], limited: true };
    const sum = summarizeSession(m, s, lists[s]);
    budget--;
    const children: DocumentSymbol[] = [];
    if (!groups) {
      for (const l of lists[s]) {
        const k = m.kind[l];
        if (k === LineKind.Command) {
          if (budget <= 0) { limited = true; break; }
          const r = m.pair[l];
          const ri = r >= 0 ? replyInfo(m, r) : undefined;
          const endLine = ri ? Math.max(l, ri.lastLine) : l;
          children.push(sym(m, truncate(commandText(m, l), 100), ri ? truncate(`${ri.code}${ri.enhanced ? ' ' + ri.enhanced : ''} ${ri.text}`, 80) : 'no reply', SymbolKind.Function, Math.min(l, ri?.firstLine ?? l), endLine, l));
          budget--;
        } else if (k === LineKind.Status) {
          if (budget <= 0) { limited = true; break; }
          const ri = replyInfo(m, l)!;
          const a = answeredBy(m, l);
          children.push(sym(m, truncate((a.kind === 'status' && a.text) || replyHead(ri), 100), truncate(`${replyHead(ri)} ${ri.text}`, 80), SymbolKind.Event, l, l, l));
          budget--;
        } else if (k === LineKind.Reply && m.pair[l] === l) {
          // a row that is a command and its reply (IIS): one entry
          if (budget <= 0) { limited = true; break; }
          const ri = replyInfo(m, l)!;
          children.push(sym(m, truncate(commandText(m, l), 100), truncate(`${ri.code}${ri.enhanced ? ' ' + ri.enhanced : ''} ${ri.text}`, 80), SymbolKind.Function, l, l, l));
          budget--;
        } else if (k === LineKind.Reply) {
          const a = answeredBy(m, l);
          if (a.kind === 'command') continue;            // shown with its command
          if (budget <= 0) { limited = true; break; }
          const ri = replyInfo(m, l)!;
          const name = m.pair[l] === PAIR_GREETING ? 'greeting' : a.kind === 'endOfData' ? 'end of data' : 'reply';
          children.push(sym(m, name, truncate(`${ri.code}${ri.enhanced ? ' ' + ri.enhanced : ''} ${ri.text}`, 80), SymbolKind.Event, ri.firstLine, ri.lastLine, ri.firstLine));
          budget--;
        } else if (k === LineKind.Event && m.dialect?.eventLabel) {
          // a step of a message (message tracking RECEIVE, EXPAND ...)
          const e = m.dialect.eventLabel(lineText(m, l), headerOf(m, l));
          if (!e) continue;
          if (budget <= 0) { limited = true; break; }
          children.push(sym(m, truncate(e.name, 100), truncate(e.detail, 80), SymbolKind.Event, l, l, l));
          budget--;
        }
      }
    }
    // TLS, authentication and SPF/DKIM/DMARC verdicts where the log writes them
    const sec = securitySummary(sessionSecurity(m, s, lists[s]));
    const ss = sym(m, sum.label, [`${lists[s].length} lines`, ...sec].join(' · '), SymbolKind.Module, sum.first, sum.last, sum.first);
    ss.children = children;
    sessionSymbols.push(ss);
  }
  if (!groups) return { symbols: withCutNote(m, sessionSymbols, limited, n, opts.maxItems), limited };
  // group: by hour when sessions carry times, else by 100 sessions
  const out: DocumentSymbol[] = [];
  let i = 0;
  while (i < sessionSymbols.length) {
    const hour = hourOf(sessionSymbols[i].name);
    let j = i + 1;
    while (j < sessionSymbols.length && j - i < 500 && (hour ? hourOf(sessionSymbols[j].name) === hour : j - i < 100)) j++;
    const part = sessionSymbols.slice(i, j);
    const g = sym(m, hour ? `${hour}:00 - ${part.length} sessions` : `sessions ${i + 1}-${j}`, `${part.filter(p => /rejected|deferred/.test(p.name)).length} with failures`, SymbolKind.Namespace, part[0].range.start.line, part[part.length - 1].range.end.line, part[0].range.start.line);
    g.children = part;
    out.push(g);
    i = j;
  }
  return { symbols: withCutNote(m, out, limited, n, opts.maxItems), limited };
}

/** A cut outline says so where it ends (the server also announces it once). */
function withCutNote(m: LogModel, symbols: DocumentSymbol[], limited: boolean, sessions: number, maxItems: number): DocumentSymbol[] {
  if (!limited || m.lineCount === 0) return symbols;
  symbols.push(sym(m, `… the outline stops at ${maxItems} items`, `${sessions} sessions in the log (setting smtpLog.outline.maxItems)`, SymbolKind.String, 0, 0, 0));
  return symbols;
}

function hourOf(label: string): string | undefined {
  const m = / (\d{2}):\d{2} - /.exec(label);
  return m?.[1];
}

function sym(m: LogModel, name: string, detail: string, kind: SymbolKind, first: number, last: number, sel: number): DocumentSymbol {
  const range: Range = { start: { line: first, character: 0 }, end: { line: last, character: lineEnd(m, last) - m.lineStart[last] } };
  const selectionRange: Range = { start: { line: sel, character: 0 }, end: { line: sel, character: lineEnd(m, sel) - m.lineStart[sel] } };
  return { name: name || '(empty)', detail, kind, range, selectionRange };
}

function truncate(s: string, n: number): string { return s.length > n ? s.slice(0, n - 1) + '…' : s; }
