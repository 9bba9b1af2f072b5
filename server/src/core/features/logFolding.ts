/**
 * Folding: each session whose lines are contiguous, each run of consecutive rows of one session in
 * logs that interleave sessions (Exchange protocol and tracking logs, syslog), each block of `#`
 * header lines, and each multi-line reply. Ranges never overlap (they only nest); when there are
 * more than the client's limit, whole sessions are kept first, then header blocks, then runs, then
 * replies.
 */
import { type FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import { type LogModel } from '../parser/model';
import { LineKind } from '../scanner/tokens';
import { runAll, type Steps } from '../steps';

export interface FoldingResult { ranges: FoldingRange[]; limited: boolean }

export function logFolding(m: LogModel, rangeLimit: number): FoldingResult {
  return runAll(startLogFolding(m, rangeLimit));
}

/** logFolding in steps of lines (see Steps): the same ranges. Progress: the lines of both passes. */
export function startLogFolding(m: LogModel, rangeLimit: number): Steps<FoldingResult> {
  const whole: FoldingRange[] = [];
  const runs: FoldingRange[] = [];
  const headers: FoldingRange[] = [];
  const replies: FoldingRange[] = [];
  // each group keeps its first rangeLimit ranges only (the answer never takes more of one), and counts
  // the rest: a 50 MB log's 100,000 session and reply ranges are not all made to keep 5,000
  const counts = new Map<FoldingRange[], number>([[whole, 0], [runs, 0], [headers, 0], [replies, 0]]);
  const add = (group: FoldingRange[], startLine: number, endLine: number, kind: FoldingRangeKind): void => {
    counts.set(group, counts.get(group)! + 1);
    if (group.length < rangeLimit) group.push({ startLine, endLine, kind });
  };
  // one pass: a run is the lines of one session with nothing of another session (or a header) between
  // them; lines of no session (plain text of other programs, blank lines) neither extend nor break it
  let runS = -1, runA = -1, runB = -1, hdrA = -1;
  const flushRun = (): void => {
    if (runS >= 0 && runB > runA) add(runA === m.sessions.first[runS] && runB === m.sessions.last[runS] ? whole : runs, runA, runB, FoldingRangeKind.Region);
    runS = -1;
  };
  const flushHeader = (l: number): void => {
    if (hdrA >= 0 && l - 1 > hdrA) add(headers, hdrA, l - 1, FoldingRangeKind.Comment);
    hdrA = -1;
  };
  let a = 0, b = 0;
  let result: FoldingResult | undefined;
  const step = (n: number): FoldingResult | undefined => {
    if (result) return result;
    let stop = Math.min(m.lineCount, a + Math.max(1, n));
    for (let l = a; l < stop; l++) {
      if (m.kind[l] === LineKind.Header) { flushRun(); if (hdrA < 0) hdrA = l; continue; }
      flushHeader(l);
      const x = m.session[l];
      if (x < 0) continue;
      if (x === runS) { runB = l; continue; }
      flushRun();
      runS = x; runA = runB = l;
    }
    if (a < m.lineCount) {
      a = stop;
      if (a < m.lineCount) return undefined;
      flushRun();
      flushHeader(m.lineCount);
      return undefined;
    }
    // (a line may jump past the end of the step: to the end of its reply)
    stop = Math.min(m.lineCount, b + Math.max(1, n));
    let l = b;
    for (; l < stop; l++) {
      if (m.kind[l] !== LineKind.ReplyMore) continue;
      const end = m.pair[l];
      if (end <= l) continue;
      // only contiguous replies (interleaved logs: skip)
      let x = l;
      while (x < end && m.kind[x] === LineKind.ReplyMore && m.pair[x] === end) x++;
      if (x === end) { add(replies, l, end, FoldingRangeKind.Region); l = end; continue; }
      // not contiguous: every line up to x would stop at x too (checking each again was quadratic)
      l = x - 1;
    }
    b = l;
    if (b < m.lineCount) return undefined;
    const ranges: FoldingRange[] = [];
    let limited = false;
    for (const group of [whole, headers, runs, replies]) {
      const room = rangeLimit - ranges.length;
      if (counts.get(group)! > room) limited = true;
      for (let i = 0; i < group.length && i < room; i++) ranges.push(group[i]);
    }
    ranges.sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
    return result = { ranges, limited };
  };
  return { step, get done() { return result ? 2 * m.lineCount + 1 : a + b; }, total: 2 * m.lineCount + 1 };
}
