/** Character helpers for hand-written scanners (no regular expressions on the hot path). */
export const CH = {
  TAB: 9, SPACE: 32, DASH: 45, DOT: 46, COLON: 58, LT: 60, GT: 62, PIPE: 124,
  D0: 48, D9: 57,
} as const;

export function isDigit(c: number): boolean { return c >= 48 && c <= 57; }
export function isAlpha(c: number): boolean { return (c | 32) >= 97 && (c | 32) <= 122; }

/** Index of the first non-blank char in [s, e), or e. */
export function skipBlanks(text: string, s: number, e: number): number {
  while (s < e) { const c = text.charCodeAt(s); if (c !== 32 && c !== 9) break; s++; }
  return s;
}

/**
 * If text[p..e) starts with a reply code ("250 ", "250-", "250" at end), return the code, else 0.
 * `more` is set to true for "250-".
 */
export function replyCodeAt(text: string, p: number, e: number, out: { more: boolean }): number {
  if (p + 3 > e) return 0;
  const a = text.charCodeAt(p), b = text.charCodeAt(p + 1), c = text.charCodeAt(p + 2);
  if (a < 50 || a > 53 || b < 48 || b > 57 || c < 48 || c > 57) return 0;
  if (p + 3 === e) { out.more = false; return (a - 48) * 100 + (b - 48) * 10 + (c - 48); }
  const d = text.charCodeAt(p + 3);
  if (d === 32 || d === 9) { out.more = false; } else if (d === 45) { out.more = true; } else return 0;
  return (a - 48) * 100 + (b - 48) * 10 + (c - 48);
}

/** Case-insensitive test whether text at p starts with the lower-case ASCII word `w`. */
export function startsWithCI(text: string, p: number, e: number, w: string): boolean {
  if (p + w.length > e) return false;
  for (let i = 0; i < w.length; i++) {
    if ((text.charCodeAt(p + i) | 32) !== w.charCodeAt(i)) {
      // allow non-letters to match exactly
      if (text.charCodeAt(p + i) !== w.charCodeAt(i)) return false;
    }
  }
  return true;
}

/**
 * A copy of a key to keep in a map of open sessions. A key read from a line is a slice of the whole
 * text (V8 keeps it as a pointer into the text): kept as such, every later lookup of that key compares
 * with characters far back in the text, a cache miss each time (half the time of a sendmail parse). The
 * copy is a small string of its own. (Concatenation then slice: the way to get one without a loop.)
 */
export function ownKey(key: string): string {
  return (' ' + key).slice(1);
}
