/**
 * Line splitting, shared by every model: LF, CRLF and a lone CR end a line, as editors count them, so
 * line numbers in problems, the outline and exported records are the editor's.
 */

/** Offsets of every line start; the last entry is text.length + 1 (one past the end). */
export function splitLines(text: string): Uint32Array {
  const split = startSplitLines(text);
  for (;;) {
    const r = split.step(Number.MAX_SAFE_INTEGER);
    if (r) return r;
  }
}

/**
 * splitLines in steps: `step(chars)` scans on for at least that many characters (to the end of the line
 * it is in), and returns the offsets once the end of the text is reached; `at` is where it is.
 */
export function startSplitLines(text: string): { step(chars: number): Uint32Array | undefined; readonly at: number } {
  // indexOf is the fastest scan V8 has
  let cap = Math.max(16, (text.length / 48) | 0);
  let lineStart = new Uint32Array(cap);
  let n = 0;
  let pos = 0;
  let nextCR = text.indexOf('\r');
  let result: Uint32Array | undefined;
  const step = (chars: number): Uint32Array | undefined => {
    if (result) return result;
    // the loop works on locals (the closure's variables are slower to reach), saved at the end of the step
    let ls = lineStart, c = cap, k = n, p = pos, cr = nextCR;
    const stop = p + Math.max(1, chars);
    while (p < stop) {
      if (k + 1 >= c) { c *= 2; const b = new Uint32Array(c); b.set(ls); ls = b; }
      ls[k++] = p;
      let nl = text.indexOf('\n', p);
      if (cr !== -1 && cr < p) cr = text.indexOf('\r', p);
      if (cr !== -1 && (nl === -1 || cr < nl - 1)) {
        // a lone CR ends this line (editors count it as a line break)
        nl = cr;
        cr = text.indexOf('\r', cr + 1);
      }
      if (nl === -1) {
        ls[k] = text.length + 1;
        pos = text.length + 1;
        result = ls.slice(0, k + 1);
        return result;
      }
      p = nl + 1;
    }
    lineStart = ls; cap = c; n = k; pos = p; nextCR = cr;
    return undefined;
  };
  return { step, get at() { return Math.min(pos, text.length); } };
}

/** Line breaks in a text, as splitLines counts them (LF, CRLF, a lone CR). */
export function lineBreaks(text: string): number {
  // splitLines gives the start of every line (the empty one after a last line break too) and the end
  return splitLines(text).length - 2;
}

/** Offset just past the last character of line i (before its CR/LF). */
export function lineEndAt(text: string, lineStart: Uint32Array, i: number): number {
  let e = lineStart[i + 1] - 1;
  if (e > lineStart[i] && text.charCodeAt(e - 1) === 13 && text.charCodeAt(e) === 10) e--;
  return Math.min(e, text.length);
}
