/**
 * Several inputs through one LogStream: the CLI (`smtp-log summary|export|query FILES...`) and the
 * language server (the workspace summary and its filtered views) read their files with this one loop, so a
 * number counted from the CLI and from the editor comes from the same records. No I/O here: each source
 * opens itself (a file, a gzip stream, an open document's text) and hands over chunks.
 *
 * Rotated sets: the files of one set (oldest first) are one stream, so a message that spans the rotation
 * is one message; `endSet` between sets (another server's log starts afresh).
 */
import { LogStream, type StreamOptions, type FileSummary } from './reader';
import type { LogRecord } from '../records/schema';

export interface Source {
  /** the name records carry (`log.file.path`): a path, a URI */
  path: string;
  /** the file's modification time (the year of syslog lines); may be set by `open()` */
  modified?: Date;
  /** its bytes (or text), in chunks; may throw (the error goes to `describeError`) */
  open(): Promise<AsyncIterable<Uint8Array | string>> | AsyncIterable<Uint8Array | string>;
  /** stopping early must not close the input (stdin): the iterator is left as it is */
  keepOpen?: boolean;
}

export interface ReadSourcesOptions extends Omit<StreamOptions, 'onRecord'> {
  onRecord(r: LogRecord): void;
  /** after each chunk: something to wait for (a yield to the event loop, a drained output), or nothing */
  between?(): Promise<void> | undefined;
  /** true: stop reading (cancelled, enough records); the sources not begun are not read */
  stop?(): boolean;
  /** a file was opened and is about to be read */
  onFile?(path: string): void;
  /** bytes of each chunk, as read */
  onBytes?(n: number, records: number): void;
  /** stop reading a file once it is known to be no SMTP log or bounce (binary, unknown format) */
  skipUnknown?: boolean;
  /** an error of `open` or of the chunks, in words (default: its message) */
  describeError?(e: unknown, path: string): string;
}

export interface ReadSourcesResult {
  /** what each file read held (format, lines, bytes, notes), in reading order */
  files: FileSummary[];
  /** the files that could not be read (or not to their end), one sentence each */
  errors: { path: string; message: string }[];
  /** `stop()` said stop before every source was read */
  stopped: boolean;
}

/** Streams every set of sources through one LogStream (options as LogStream's), calling `onRecord` for each record. */
export async function readSources(sets: readonly (readonly Source[])[], o: ReadSourcesOptions): Promise<ReadSourcesResult> {
  const stream = new LogStream({ ...o, onRecord: o.onRecord });
  const files: FileSummary[] = [];
  const errors: ReadSourcesResult['errors'] = [];
  let stopped = false;
  const describe = o.describeError ?? ((e: unknown) => (e instanceof Error ? e.message : String(e)));
  for (const set of sets) {
    for (const src of set) {
      if (o.stop?.()) { stopped = true; break; }
      let failure: string | undefined;
      let chunks: AsyncIterable<Uint8Array | string> | undefined;
      try { chunks = await src.open(); } catch (e) { failure = describe(e, src.path); }
      // after open(): a source may learn its modification time there
      stream.beginFile({ path: src.path, modified: src.modified });
      if (chunks) o.onFile?.(src.path);
      if (chunks) try {
        const it = chunks[Symbol.asyncIterator]();
        for (;;) {
          const next = await it.next();
          if (next.done) break;
          const chunk = next.value;
          stream.write(chunk);
          o.onBytes?.(chunk.length, stream.recordCount);
          const w = o.between?.();
          if (w) await w;
          if (o.stop?.()) stopped = true;
          if (stopped || (o.skipUnknown && stream.skippingFile)) {
            if (!src.keepOpen) await it.return?.();
            break;
          }
        }
      } catch (e) {
        failure = describe(e, src.path);
      }
      files.push(stream.endFile());
      if (failure) errors.push({ path: src.path, message: failure });
      if (stopped) break;
    }
    stream.endSet();
    if (stopped) break;
  }
  stream.end();
  return { files, errors, stopped };
}

/**
 * The text of chosen lines of a file, fed in pieces of text: the lines a filter counted, read again for a
 * view (the records keep no text). Lines end as the engine counts them (LF, CRLF, a lone CR: core/parser/
 * lines.ts), so line numbers agree with the records'. Hand-written (not split('\n')) because it must keep
 * the engine's line numbers across chunk boundaries, hold only the wanted lines, and stay linear.
 */
export class LinePicker {
  private line = 0;
  private next = 0;
  private parts: string[] = [];
  private partsChars = 0;
  private afterCR = false;
  readonly picked: { line: number; text: string }[] = [];

  /** `wanted`: 0-based line numbers, sorted ascending; a line longer than `maxChars` is cut (with "…") */
  constructor(private readonly wanted: readonly number[], private readonly maxChars = 10_000) {}

  /** every wanted line was found: the rest of the file need not be read */
  get done(): boolean { return this.next >= this.wanted.length; }

  push(text: string): void {
    let pos = 0;
    if (this.afterCR) { this.afterCR = false; if (text.charCodeAt(0) === 10) pos = 1; }
    let nl = text.indexOf('\n', pos), cr = text.indexOf('\r', pos);
    while (pos < text.length && !this.done) {
      if (nl !== -1 && nl < pos) nl = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      let end: number, after: number;
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        end = cr;
        if (cr + 1 === text.length) { after = cr + 1; this.afterCR = true; } else after = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      } else if (nl !== -1) { end = nl; after = nl + 1; }
      else { this.take(text, pos, text.length); return; }
      this.take(text, pos, end);
      this.endLine();
      pos = after;
    }
  }

  /** the input is over (its last line may have no line break) */
  end(): void {
    if (!this.done && this.wanted[this.next] === this.line) this.endLine();
  }

  private take(text: string, from: number, to: number): void {
    if (this.wanted[this.next] !== this.line || this.partsChars > this.maxChars) return;
    const s = text.slice(from, Math.min(to, from + this.maxChars + 1 - this.partsChars));
    this.parts.push(s);
    this.partsChars += s.length;
  }

  private endLine(): void {
    if (this.wanted[this.next] === this.line) {
      const t = this.parts.join('');
      this.picked.push({ line: this.line, text: t.length > this.maxChars ? t.slice(0, this.maxChars) + '…' : t });
      this.next++;
      // duplicates in `wanted` are taken once
      while (this.wanted[this.next] !== undefined && this.wanted[this.next] <= this.line) this.next++;
    }
    this.parts = []; this.partsChars = 0;
    this.line++;
  }
}
