/** Entry point of the parser: guards against bad input, picks the format, parses. */
import { detectDialect, DIALECTS, sampleLines } from '../scanner/dialects';
import type { LogModel } from './model';
import type { Dialect } from '../scanner/dialect';
import type { LineToken } from '../scanner/tokens';
import { parseWithDialect } from './sessionParser';

export interface ParseOptions {
  /** force a format id instead of detecting it */
  format?: string;
}

export function parseLog(text: string, options: ParseOptions = {}): LogModel {
  const notes: string[] = [];
  const u16 = misreadUtf16(text);
  if (u16) { notes.push(utf16Note(u16.order)); text = u16.text; }
  const binary = binaryVerdict(text);
  if (binary) {
    notes.push(binary);
    return parseWithDialect(text, undefined, 'binary', 'binary data', notes);
  }
  const dialect = options.format
    ? DIALECTS.find(d => d.id === options.format)
    : detectDialect(sampleLines(text));
  if (!dialect) {
    if (text.trim().length) notes.push('No SMTP log format was recognised in the first lines: the file is shown as plain text.');
    return parseWithDialect(text, undefined, 'plain', 'plain text', notes);
  }
  return parseWithDialect(text, tolerant(dialect), dialect.id, dialect.name, notes);
}

const isBlank = (c: number) => c === 32 || c === 9;

/** A line as the dialects expect it: without a byte order mark and without trailing blanks. */
function cleanLine(line: string): string {
  let e = line.length;
  while (e > 0 && isBlank(line.charCodeAt(e - 1))) e--;
  const s = line.charCodeAt(0) === 0xfeff ? 1 : 0;
  return s === 0 && e === line.length ? line : line.slice(s, Math.max(s, e));
}

/**
 * The dialect seen through lines without a byte order mark (start of the file) and without trailing
 * spaces or tabs: "[rejected] " or a first exim line after a BOM read like their clean form. The
 * dialects themselves stay strict; token offsets are shifted back onto the line as written.
 */
export function tolerant<S>(d: Dialect<S>): Dialect<S> {
  const w = Object.create(d) as Dialect<S>;
  w.classify = (text, s, e, out, st) => {
    if (s === 0 && text.charCodeAt(0) === 0xfeff) s = 1;
    let t = e;
    while (t > s && isBlank(text.charCodeAt(t - 1))) t--;
    d.classify(text, s, t > s ? t : e, out, st);
  };
  w.tokens = (line, header) => {
    const bom = line.charCodeAt(0) === 0xfeff ? 1 : 0;
    const toks = d.tokens(cleanLine(line), header);
    return bom ? toks.map(t => ({ ...t, start: t.start + 1, end: t.end + 1 })) : toks;
  };
  // every other line-based method reads the clean line (offsets they take are shifted with it)
  for (const k of ['statusContext', 'sessionLabel', 'remoteOf', 'commandText', 'sequence', 'delivers', 'refused', 'eventLabel', 'describe'] as const) {
    const f = d[k] as ((line: string, ...rest: unknown[]) => unknown) | undefined;
    if (!f) continue;
    (w as unknown as Record<string, unknown>)[k] = (line: string, ...rest: unknown[]) => {
      const bom = line.charCodeAt(0) === 0xfeff ? 1 : 0;
      if (bom && k === 'statusContext' && typeof rest[0] === 'number') rest[0] = (rest[0] as number) - 1;
      if (bom && k === 'describe' && rest[0]) { const t = rest[0] as LineToken; rest[0] = { ...t, start: t.start - 1, end: t.end - 1 }; }
      return f.call(d, cleanLine(line), ...rest);
    };
  }
  return w;
}

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

/** A message when the start of the text is binary data (or UTF-16 read as UTF-8), else undefined. */
export function binaryVerdict(text: string): string | undefined {
  const n = Math.min(text.length, 8192);
  if (n === 0) return undefined;
  let control = 0, nulOdd = 0, nulEven = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) { if (i & 1) nulOdd++; else nulEven++; }
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 0xfffd) control++;
  }
  if ((nulOdd > n * 0.3 && nulEven < n * 0.05) || (nulEven > n * 0.3 && nulOdd < n * 0.05)) {
    return 'This file looks like UTF-16 text read as UTF-8 (every other byte is NUL): reopen it with the encoding "UTF-16 LE" (or BE) to analyze it.';
  }
  if (control > n * 0.1) {
    return `This file looks like binary data (${Math.round((control / n) * 100)}% control bytes in its first ${n} characters): it is not analyzed.`;
  }
  return undefined;
}
