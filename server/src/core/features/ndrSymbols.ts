/**
 * Outline of a bounce: the report (what kind, written by whom) with one child per recipient (status,
 * reason, hard or soft), then the returned message (its subject and Message-ID).
 */
import { type DocumentSymbol, type Range, SymbolKind } from 'vscode-languageserver-types';
import type { NdrModel, NdrReport } from '../ndr/model';
import { endOf, type Lines, lineOfOffset } from '../ndr/text';

export interface NdrSymbolResult { symbols: DocumentSymbol[]; limited: boolean }

const KIND_WORDS: Record<NdrModel['kind'], string> = {
  bounce: 'Bounce', delay: 'Delay warning', success: 'Delivery report', feedback: 'Feedback report', autoreply: 'Automatic reply (not a bounce)', none: 'Message',
};

export function ndrSymbols(ndr: NdrModel, d: Lines, maxItems: number): NdrSymbolResult {
  if (ndr.kind === 'none' || d.lineCount === 0) return { symbols: [], limited: false };
  const last = d.lineCount - 1;
  const failed = ndr.reports.filter(r => r.action === 'failed').length;
  const delayed = ndr.reports.filter(r => r.action === 'delayed').length;
  const counts = [failed ? `${failed} failed` : '', delayed ? `${delayed} delayed` : ''].filter(Boolean).join(', ');
  const name = `${KIND_WORDS[ndr.kind]}${counts ? ': ' + counts : ndr.reports.length ? `: ${ndr.reports.length} recipient${ndr.reports.length > 1 ? 's' : ''}` : ''}`;
  const subjectLine = ndr.mime.headers.find(h => h.lname === 'subject')?.line ?? ndr.mime.headerStart;
  const reportEnd = ndr.original ? Math.max(subjectLine, ndr.original.firstLine - 1) : last;
  const root = sym(d, name, [ndr.layoutName, ndr.subject].filter(Boolean).join(' - '), SymbolKind.Module, 0, reportEnd, subjectLine);
  let budget = maxItems - 1;
  let limited = false;
  root.children = [];
  for (const r of ndr.reports) {
    if (budget <= 1) { limited = true; break; }
    root.children.push(recipientSymbol(d, r));
    budget--;
  }
  // a cut is said where the list ends, never silent
  const shown = root.children.length;
  if (shown < ndr.reports.length) {
    root.children.push(sym(d, `… ${ndr.reports.length - shown} more recipients not listed`, `the outline shows ${shown} of ${ndr.reports.length} (setting smtpLog.outline.maxItems)`, SymbolKind.String, subjectLine, subjectLine, subjectLine));
  }
  for (const c of ndr.cut ?? []) root.children.push(sym(d, '… not read: the bounce is too long', c, SymbolKind.String, subjectLine, subjectLine, subjectLine));
  const out = [root];
  const o = ndr.original;
  if (o && budget > 0) {
    const ar = o.authResults;
    const verdicts = ar ? [ar.spf && `SPF ${ar.spf.result}`, ar.dkim && `DKIM ${ar.dkim.result}`, ar.dmarc && `DMARC ${ar.dmarc.result}`].filter(Boolean).join(' · ') : '';
    const s = sym(d, `Returned message${o.subject ? ': ' + o.subject : ''}`, [o.isBounce ? 'itself a bounce' : '', o.headersOnly ? 'headers only' : '', o.messageId ?? '', verdicts].filter(Boolean).join(' - '),
      SymbolKind.Object, o.firstLine, Math.max(o.firstLine, o.lastLine), o.firstLine);
    out.push(s);
  }
  return { symbols: out, limited };
}

function recipientSymbol(d: Lines, r: NdrReport): DocumentSymbol {
  const a = lineOfOffset(d, r.block.start), b = lineOfOffset(d, Math.max(r.block.start, r.block.end - 1));
  const sel = lineOfOffset(d, r.anchor.start);
  const detail = `${r.action} ${r.status ?? ''}${r.statusInferred ? '?' : ''} ${r.reason} (${r.severity === 'none' ? 'not a failure' : r.action === 'delayed' ? 'soft, delayed' : r.severity})`;
  return sym(d, r.recipient, detail.replace(/\s+/g, ' '), r.action === 'failed' ? SymbolKind.Event : SymbolKind.Field, Math.min(a, sel), Math.max(b, sel), sel);
}

function sym(d: Lines, name: string, detail: string, kind: SymbolKind, first: number, last: number, sel: number): DocumentSymbol {
  const range: Range = { start: { line: first, character: 0 }, end: { line: last, character: endOf(d, last) - d.lineStart[last] } };
  const selectionRange: Range = { start: { line: sel, character: 0 }, end: { line: sel, character: endOf(d, sel) - d.lineStart[sel] } };
  return { name: name || '(empty)', detail, kind, range, selectionRange };
}
