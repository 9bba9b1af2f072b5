/**
 * Folding in a bounce: the header block, every MIME part (from its boundary line), the returned
 * message and its header block, and each recipient's block of the delivery report. Ranges that
 * start on the same line keep the larger one; the limit keeps the outermost ranges first.
 */
import { type FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import { walk } from '../ndr/mime';
import type { NdrModel } from '../ndr/model';
import { type Lines, lineOfOffset } from '../ndr/text';

export interface NdrFoldingResult { ranges: FoldingRange[]; limited: boolean }

export function ndrFolding(ndr: NdrModel, d: Lines, rangeLimit: number): NdrFoldingResult {
  const byStart = new Map<number, FoldingRange>();
  const add = (a: number, b: number, kind?: FoldingRangeKind) => {
    b = Math.min(b, d.lineCount - 1);
    while (b > a && isBlank(d, b)) b--;          // trailing blank lines stay visible
    if (b <= a || a < 0) return;
    const old = byStart.get(a);
    if (!old || old.endLine < b) byStart.set(a, { startLine: a, endLine: b, kind: kind ?? FoldingRangeKind.Region });
  };
  for (const e of walk(ndr.mime, true)) {
    if (e.headers.length) add(e.headerStart, e.bodyStart - 1, FoldingRangeKind.Comment);
    if (e.boundaryLine >= 0) add(e.boundaryLine, e.end - 1);
  }
  // a returned message pasted into the text (no MIME part of its own): from its marker line
  const o = ndr.original;
  if (o) { if (o.firstLine !== o.headerStart) add(o.firstLine, o.lastLine); add(o.headerStart, o.headerEnd, FoldingRangeKind.Comment); }
  for (const r of ndr.reports) add(lineOfOffset(d, r.block.start), lineOfOffset(d, Math.max(r.block.start, r.block.end - 1)));
  // outermost first when cutting to the client's limit
  const all = [...byStart.values()].sort((x, y) => (y.endLine - y.startLine) - (x.endLine - x.startLine));
  const kept = all.slice(0, rangeLimit).sort((x, y) => x.startLine - y.startLine);
  return { ranges: kept, limited: all.length > rangeLimit };
}

function isBlank(d: Lines, l: number): boolean {
  return d.text.slice(d.lineStart[l], d.lineStart[l + 1] - 1).trim() === '';
}
