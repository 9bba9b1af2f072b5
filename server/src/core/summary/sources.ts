/**
 * The summary and the filtered views over several inputs (the workspace's logs and bounces, the CLI's
 * FILES): every set of sources streamed through one SummaryBuilder / FilterCollector by `readSources`, the
 * loop the CLI reads with, so the workspace's numbers are the CLI's numbers over the same files.
 *
 * A filtered view over files reads them twice: once for the records (which keep line numbers, not text),
 * then each file with matching lines again for the text of those lines (LinePicker). Memory: the counts,
 * and the lines of the view (at most `maxLines`).
 */
import { readSources, LinePicker, type Source, type ReadSourcesOptions, type ReadSourcesResult } from '../stream/sources';
import { ByteDecoder } from '../stream/decode';
import { SummaryBuilder, DEFAULT_SUMMARY_LIMITS, type LogSummary, type SummaryLimits } from './summary';
import { FilterCollector, filterTitle, parseFilter } from './filter';

export type SourcesOptions = Omit<ReadSourcesOptions, 'onRecord'>;

/** The summary of every set of sources through one SummaryBuilder, and what was read. */
export async function summarizeSources(sets: readonly (readonly Source[])[], o: SourcesOptions & { limits?: Partial<SummaryLimits> } = {}): Promise<{ summary: LogSummary; read: ReadSourcesResult }> {
  const b = new SummaryBuilder({ ...DEFAULT_SUMMARY_LIMITS, ...o.limits });
  const read = await readSources(sets, { ...o, onRecord: r => b.add(r) });
  return { summary: b.result(), read };
}

export interface SourcesFilterView {
  /** the view: per file with matching lines, a header line `==> name <==`, then its lines, a blank line between files */
  text: string;
  title: string;
  /** the files of the view, in order */
  files: string[];
  /** per line of `text`: the index in `files` of the file it comes from (-1: a blank line between files) */
  fileOf: number[];
  /** per line of `text`: its 0-based line in that file (-1: the file's header line) */
  lines: number[];
  /** matching records */
  count: number;
  /** more lines matched than the view holds */
  cut: boolean;
  /** what was read */
  read: ReadSourcesResult;
}

/**
 * The lines of several inputs that a summary filter counts (the same filter strings and classification as
 * a document's view), each under the header of its file; a string when the filter is not valid.
 * `name(path)` is the header's name of a file (a path relative to the workspace folder).
 */
export async function filterSources(
  sets: readonly (readonly Source[])[], filter: string,
  o: SourcesOptions & { maxLines?: number; name?(path: string): string; visible?(s: string): string } = {},
): Promise<SourcesFilterView | string> {
  const f = parseFilter(filter);
  if (typeof f === 'string') return f;
  const max = o.maxLines ?? 50_000;
  const c = new FilterCollector(f, max);
  const read = await readSources(sets, { ...o, onRecord: r => c.add(r) });
  const title = filterTitle(f);
  const view: SourcesFilterView = { text: '', title, files: [], fileOf: [], lines: [], count: c.count, cut: c.cut, read };
  if (read.stopped) return view;
  // the files with lines, in reading order, until the view holds `max` lines
  const byPath = new Map<string, Source>();
  for (const set of sets) for (const s of set) byPath.set(s.path, s);
  const out: string[] = [];
  let held = 0;
  for (const file of read.files) {
    let wanted = c.linesOf(file.path);
    if (!wanted.length) continue;
    const src = byPath.get(file.path);
    if (!src) continue;
    if (held + wanted.length > max) { wanted = wanted.slice(0, Math.max(0, max - held)); view.cut = true; }
    if (!wanted.length) break;
    const picker = new LinePicker(wanted);
    const decoder = new ByteDecoder(o.asciiText);
    try {
      const chunks = await src.open();
      const it = chunks[Symbol.asyncIterator]();
      for (;;) {
        const n = await it.next();
        if (n.done) break;
        picker.push(typeof n.value === 'string' ? n.value : decoder.decode(n.value));
        const w = o.between?.();
        if (w) await w;
        if (o.stop?.()) { view.read = { ...read, stopped: true }; await it.return?.(); return view; }
        if (picker.done) { await it.return?.(); break; }
      }
      if (!picker.done) { picker.push(decoder.end()); picker.end(); }
    } catch (e) {
      read.errors.push({ path: file.path, message: o.describeError?.(e, file.path) ?? (e instanceof Error ? e.message : String(e)) });
    }
    if (!picker.picked.length) continue;
    const fi = view.files.length;
    view.files.push(file.path);
    if (out.length) { out.push(''); view.fileOf.push(-1); view.lines.push(-1); }
    out.push(`==> ${o.name?.(file.path) ?? file.path} <==`); view.fileOf.push(fi); view.lines.push(-1);
    for (const p of picker.picked) { out.push(o.visible ? o.visible(p.text) : p.text); view.fileOf.push(fi); view.lines.push(p.line); }
    held += picker.picked.length;
  }
  view.text = out.join('\n');
  return view;
}
