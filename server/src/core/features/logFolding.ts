/**
 * Folding: each session (when its lines are contiguous) and each multi-line reply. Ranges never
 * overlap; when there are more than the client's limit, whole sessions are kept first.
 */
import { type FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import { type LogModel } from '../parser/model';
import { LineKind } from '../scanner/tokens';

export interface FoldingResult { ranges: FoldingRange[]; limited: boolean }

export function logFolding(m: LogModel, rangeLimit: number): FoldingResult {
  const sessionRanges: FoldingRange[] = [];
  const replyRanges: FoldingRange[] = [];
  // a session folds when no line of another session lies inside it
  let lastEnd = -1;
  for (let s = 0; s < m.sessions.count; s++) {
    const a = m.sessions.first[s];
    let b = m.sessions.last[s];
    if (b <= a || a <= lastEnd) continue;
    let contiguous = true;
    for (let l = a; l <= b; l++) { const x = m.session[l]; if (x !== s && x !== -1) { contiguous = false; break; } }
    if (!contiguous) continue;
    sessionRanges.push({ startLine: a, endLine: b, kind: FoldingRangeKind.Region });
    lastEnd = b;
  }
  for (let l = 0; l < m.lineCount; l++) {
    if (m.kind[l] !== LineKind.ReplyMore) continue;
    const end = m.pair[l];
    if (end <= l) continue;
    // only contiguous replies (interleaved logs: skip)
    let ok = true;
    for (let x = l; x < end; x++) if (!(m.kind[x] === LineKind.ReplyMore && m.pair[x] === end)) { ok = false; break; }
    if (ok) replyRanges.push({ startLine: l, endLine: end, kind: FoldingRangeKind.Region });
    l = ok ? end : l;
  }
  let ranges = sessionRanges;
  let limited = false;
  if (sessionRanges.length >= rangeLimit) {
    limited = sessionRanges.length + replyRanges.length > rangeLimit;
    ranges = sessionRanges.slice(0, rangeLimit);
  } else {
    const room = rangeLimit - sessionRanges.length;
    limited = replyRanges.length > room;
    ranges = sessionRanges.concat(replyRanges.slice(0, room)).sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
  }
  return { ranges, limited };
}
