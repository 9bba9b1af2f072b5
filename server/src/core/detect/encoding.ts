/** Text that arrived in the wrong encoding: UTF-16 read byte by byte. */

export function utf16Note(order: 'LE' | 'BE'): string {
  return `This file is UTF-16 ${order} text read as single bytes: it was decoded as UTF-16 ${order} for the analysis. Reopen it with the encoding "UTF-16 ${order}" to see its lines where the problems point.`;
}

/**
 * Text that is UTF-16 read byte by byte (as Latin-1, or as UTF-8: a NUL every other character, the
 * byte order mark as FF FE / FE FF or two U+FFFD): its UTF-16 reading and byte order, else undefined.
 * Characters the first reading lost (U+FFFD) stay U+FFFD.
 */
export function misreadUtf16(text: string): { text: string; order: 'LE' | 'BE' } | undefined {
  if (text.length < 4) return undefined;
  const a = text.charCodeAt(0), b = text.charCodeAt(1);
  let s = 0;
  let order: 'LE' | 'BE' | undefined;
  if (a === 0xff && b === 0xfe) { order = 'LE'; s = 2; }
  else if (a === 0xfe && b === 0xff) { order = 'BE'; s = 2; }
  else if (a === 0xfffd && b === 0xfffd) s = 2;
  const n = Math.min(text.length, s + 8192);
  let odd = 0, even = 0;
  for (let i = s; i < n; i++) if (text.charCodeAt(i) === 0) { if ((i - s) & 1) odd++; else even++; }
  const half = (n - s) / 2;
  // most characters of a log are ASCII: their high byte is NUL
  if (odd > half * 0.6 && even < half * 0.05) order ??= 'LE';
  else if (even > half * 0.6 && odd < half * 0.05) order ??= 'BE';
  else return undefined;
  if ((order === 'LE' && odd <= half * 0.6) || (order === 'BE' && even <= half * 0.6)) return undefined;
  const units = new Uint16Array((text.length - s) >> 1);
  for (let i = s, k = 0; i + 1 < text.length; i += 2, k++) {
    const x = text.charCodeAt(i), y = text.charCodeAt(i + 1);
    units[k] = x > 255 || y > 255 ? 0xfffd : order === 'LE' ? x | (y << 8) : (x << 8) | y;
  }
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.subarray(i, i + 8192));
  if (out.charCodeAt(0) === 0xfeff) out = out.slice(1);
  return { text: out, order };
}

/**
 * UTF-8 bytes of the characters [start, end) of a text. Hand-written: one pass, no allocation
 * (TextEncoder would copy the text into a buffer to count it).
 */
export function utf8Length(text: string, start = 0, end = text.length): number {
  let n = end - start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 2; i++; } // a surrogate pair: 4 bytes for 2 units
    else n += 2;
  }
  return n;
}
