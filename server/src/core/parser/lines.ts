/**
 * Line splitting, shared by every model: LF, CRLF and a lone CR end a line, as editors count them, so
 * line numbers in problems, the outline and exported records are the editor's.
 */

/** Offsets of every line start; the last entry is text.length + 1 (one past the end). */
export function splitLines(text: string): Uint32Array {
  // indexOf is the fastest scan V8 has
  let cap = Math.max(16, (text.length / 48) | 0);
  let lineStart = new Uint32Array(cap);
  let n = 0;
  let pos = 0;
  let nextCR = text.indexOf('\r');
  for (;;) {
    if (n + 1 >= cap) { cap *= 2; const b = new Uint32Array(cap); b.set(lineStart); lineStart = b; }
    lineStart[n++] = pos;
    let nl = text.indexOf('\n', pos);
    if (nextCR !== -1 && nextCR < pos) nextCR = text.indexOf('\r', pos);
    if (nextCR !== -1 && (nl === -1 || nextCR < nl - 1)) {
      // a lone CR ends this line (editors count it as a line break)
      nl = nextCR;
      nextCR = text.indexOf('\r', nextCR + 1);
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  lineStart[n] = text.length + 1;
  return lineStart.slice(0, n + 1);
}

/** Offset just past the last character of line i (before its CR/LF). */
export function lineEndAt(text: string, lineStart: Uint32Array, i: number): number {
  let e = lineStart[i + 1] - 1;
  if (e > lineStart[i] && text.charCodeAt(e - 1) === 13 && text.charCodeAt(e) === 10) e--;
  return Math.min(e, text.length);
}
