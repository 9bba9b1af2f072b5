/**
 * A dialect seen through clean lines: the byte order mark at the start of a file and the blanks at the
 * end of a line say nothing about the format, and must not cost a line its problem.
 */
import type { Dialect } from './dialect';
import type { LineToken } from './tokens';

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
