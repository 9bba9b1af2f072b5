/**
 * Text helpers for the NDR reader: the document's lines (shared with the log model, so both count
 * lines exactly as the editor does) and "views" of decoded text that remember, for every character,
 * where it came from in the original document. Hovers and problems point at the document, never
 * at decoded text.
 */

/** The document as lines: `lineStart[i]` is the offset of line i, `lineStart[lineCount]` = text.length + 1. */
export interface Lines {
  readonly text: string;
  readonly lineStart: Uint32Array;
  readonly lineCount: number;
}

/** Offset just past the last character of line i (before its CR/LF). */
export function endOf(d: Lines, i: number): number {
  let e = d.lineStart[i + 1] - 1;
  if (e > d.lineStart[i] && d.text.charCodeAt(e - 1) === 13 && d.text.charCodeAt(e) === 10) e--;
  return Math.min(e, d.text.length);
}

export function lineAt(d: Lines, i: number): string {
  return d.text.slice(d.lineStart[i], endOf(d, i));
}

/** True when line i holds nothing but blanks. */
export function isBlankLine(d: Lines, i: number): boolean {
  const e = endOf(d, i);
  for (let p = d.lineStart[i]; p < e; p++) {
    const c = d.text.charCodeAt(p);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The line that contains document offset `off` (binary search). */
export function lineOfOffset(d: Lines, off: number): number {
  let lo = 0, hi = d.lineCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (d.lineStart[mid] <= off) lo = mid; else hi = mid - 1;
  }
  return lo;
}

export interface Pos { line: number; character: number }

export function positionOf(d: Lines, off: number): Pos {
  const line = lineOfOffset(d, off);
  return { line, character: Math.max(0, Math.min(off, endOf(d, line)) - d.lineStart[line]) };
}

/**
 * A text as the reader sees it (after transfer decoding) with the document offset of each character.
 * `exact` is false when the characters cannot be placed (base64): `at` then gives the part's header line.
 */
export interface TextView {
  readonly text: string;
  at(i: number): number;
  readonly exact: boolean;
  /** inexact views: what a report from this text points at (the part's header line) */
  readonly anchor?: Span;
}

/** The document slice [start, end) as a view: offsets map one to one. */
export function sliceView(text: string, start: number, end: number): TextView {
  const s = text.slice(start, end);
  return { text: s, at: i => start + Math.min(i, s.length), exact: true };
}

/** A line of a view: its text (without CR/LF) and its start index in the view. */
export interface ViewLine { text: string; start: number }

/** The lines of a view (LF, CRLF or CR), bounded. */
/** Most lines read from one part (a DSN of 5 lines per recipient: 4,000 recipients). */
export const MAX_VIEW_LINES = 20000;

export function viewLines(v: TextView, maxLines = MAX_VIEW_LINES): ViewLine[] {
  const out: ViewLine[] = [];
  const t = v.text;
  let p = 0;
  while (p <= t.length && out.length < maxLines) {
    let e = p;
    while (e < t.length) { const c = t.charCodeAt(e); if (c === 10 || c === 13) break; e++; }
    out.push({ text: t.slice(p, e), start: p });
    if (e >= t.length) break;
    p = t.charCodeAt(e) === 13 && t.charCodeAt(e + 1) === 10 ? e + 2 : e + 1;
  }
  return out;
}

/** A span of the document. */
export interface Span { start: number; end: number }

/** The document span of view characters [i, j). */
export function viewSpan(v: TextView, i: number, j: number): Span {
  if (!v.exact) { const a = v.at(0); return v.anchor ?? { start: a, end: a }; }
  const start = v.at(i);
  const end = j > i ? v.at(j - 1) + 1 : start;
  return { start, end: Math.max(start, end) };
}

/** Collapse runs of blanks and line breaks to one space. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
