/**
 * The streaming reader: bytes (or text) in, records out, with memory bounded by what is still open.
 *
 * Input arrives in chunks; it is decoded (UTF-8, UTF-16 by byte order mark) and cut into blocks of whole
 * lines. Each block is parsed by the same parser and dialects as the editor's whole-document model,
 * after the lines of the sessions still open at the end of the previous block (and the header lines in
 * force), which are carried over. So a session or message that crosses a block or file boundary is
 * seen whole, records come from the same queries the hovers use, and nothing but the open sessions and
 * one block is ever held. A session idle for `openWindowLines` lines, or the oldest ones when the
 * carried text passes `maxCarryChars`, is emitted as incomplete and dropped; at the end of the input
 * every open session is emitted (incomplete unless the log closed it).
 *
 * Files of a rotated set are written one after the other into one stream (oldest first), so sessions
 * and messages that cross a file boundary are stitched. The block size grows with the carried text so
 * that re-reading carried lines stays a bounded share of the work (linear overall).
 */
import { parseLog, binaryVerdict } from '../parser/parse';
import { SessionFlag, type LogModel, lineText } from '../parser/model';
import { LineKind } from '../scanner/tokens';
import { detectDialect, DIALECTS, sampleLines } from '../scanner/dialects';
import type { Dialect } from '../scanner/dialect';
import { looksLikeBounce } from '../ndr/sniff';
import { YearTracker } from '../records/time';
import { isFailureLine, messageRecord, newContext, replyRecord, sessionRecord, type BlockOrigin, type RecordContext } from '../records/fromModel';
import { bounceRecords } from '../records/bounce';
import type { LogRecord, RecordType } from '../records/schema';
import { ByteDecoder, type AsciiText } from './decode';

export interface StreamOptions {
  onRecord(r: LogRecord): void;
  /** force a format id instead of detecting it per file */
  format?: string;
  /** which record types to build (default: all) */
  types?: ReadonlySet<RecordType>;
  /** characters of new text per block (default 4 MiB) */
  blockChars?: number;
  /** a session with no line for this many lines is emitted as incomplete (default 1,000,000) */
  openWindowLines?: number;
  /** most characters of open sessions carried between blocks (default 16 MiB); the oldest are emitted past it */
  maxCarryChars?: number;
  /** lines longer than this are skipped (counted, and said in the file's notes); default 1 MiB */
  maxLineChars?: number;
  /** bounce files larger than this are not read (default 64 MiB) */
  maxBounceChars?: number;
  /** a faster decoder for chunks that are all ASCII, when the shell has one (see decode.ts) */
  asciiText?: AsciiText;
  /**
   * Each finished session or message of a block, with the block's context (the message trail reads its
   * steps from there: core/trail/trace.ts); called whatever `types` says.
   */
  onSession?(ctx: RecordContext, session: number, lines: number[], complete: boolean): void;
  /** The text of each bounce file (the message trail reads its ids from there). */
  onBounceText?(text: string, path: string): void;
}

export interface FileInfo {
  path: string;
  /** the file's modification time: the year of syslog lines is inferred from it (default: now) */
  modified?: Date;
}

export interface FileSummary {
  path: string;
  /** format id, 'ndr' for a bounce, 'binary', 'unknown' or 'empty' */
  format: string;
  formatName: string;
  lines: number;
  bytes: number;
  /** what was skipped or cut, in words */
  notes: string[];
  records: number;
}

interface Carried { text: string; file: number; line: number; offset: number; seq: number }

export class LogStream {
  private readonly blockChars: number;
  private readonly window: number;
  private readonly maxCarry: number;
  private readonly maxLine: number;
  private readonly maxBounce: number;
  private readonly types: ReadonlySet<RecordType> | undefined;
  private readonly paths: string[] = [];
  private dialect: Dialect<unknown> | undefined;
  private carried: Carried[] = [];
  private carriedChars = 0;
  private seq = 0; // lines seen in the stream
  private records = 0;
  // the current file
  private file = -1;
  private info: FileInfo | undefined;
  private decoder: ByteDecoder | undefined;
  private parts: string[] = [];
  private partsChars = 0;
  private lineNo = 0;       // lines of the current file already in blocks
  private byteBase = 0;     // byte offset of the first pending character
  private started = false;  // the file's first block was looked at
  private fileState: 'log' | 'ndr' | 'binary' | 'unknown' = 'log';
  private bomCounted = false;
  private skipping = false; // inside a line longer than maxLine
  private skippedChars = 0;
  private longLines = 0;
  private notes: string[] = [];
  private fileRecords = 0;
  private fileBytes = 0;
  private years = new YearTracker({ year: new Date().getFullYear(), month: new Date().getMonth() + 1 });
  private readonly summaries: FileSummary[] = [];

  constructor(private readonly opts: StreamOptions) {
    this.blockChars = opts.blockChars ?? 4 * 1024 * 1024;
    this.window = opts.openWindowLines ?? 1_000_000;
    this.maxCarry = opts.maxCarryChars ?? 16 * 1024 * 1024;
    this.maxLine = opts.maxLineChars ?? 1024 * 1024;
    this.maxBounce = opts.maxBounceChars ?? 64 * 1024 * 1024;
    this.types = opts.types;
  }

  /** Start the next file of the stream (files of a rotated set: oldest first). */
  beginFile(info: FileInfo): void {
    if (this.file >= 0 && this.info) this.endFile();
    this.paths.push(info.path);
    this.file = this.paths.length - 1;
    this.info = info;
    this.decoder = new ByteDecoder(this.opts.asciiText);
    this.parts = []; this.partsChars = 0; this.lineNo = 0; this.byteBase = 0;
    this.started = false; this.bomCounted = false; this.fileState = 'log'; this.skipping = false; this.skippedChars = 0; this.longLines = 0;
    this.notes = []; this.fileRecords = 0; this.fileBytes = 0;
    const ref = info.modified ?? new Date();
    this.years = new YearTracker({ year: ref.getFullYear(), month: ref.getMonth() + 1 });
  }

  /** Bytes (decoded by byte order mark, else as UTF-8) or text of the current file. */
  write(chunk: Uint8Array | string): void {
    if (!this.info) this.beginFile({ path: '-' });
    if (typeof chunk === 'string') { this.fileBytes += chunk.length; this.push(chunk); return; }
    this.fileBytes += chunk.length;
    this.push(this.decoder!.decode(chunk));
  }

  /** The current file is complete: its last line is read, and what it summarised is returned. */
  endFile(): FileSummary {
    const rest = this.decoder?.end() ?? '';
    if (rest) this.push(rest);
    if (!this.started) this.look();
    this.flush(true);
    const fmt = this.fileState === 'log' ? (this.dialect?.id ?? 'unknown') : this.fileState === 'ndr' ? 'ndr' : this.fileState;
    if (this.longLines > 3) this.notes.push(`${this.longLines - 3} more lines longer than ${Math.round(this.maxLine / 1024)} KB were skipped.`);
    const sum: FileSummary = {
      path: this.info?.path ?? '-',
      format: this.fileBytes === 0 ? 'empty' : fmt,
      formatName: this.fileBytes === 0 ? 'empty file' : this.fileState === 'log' ? (this.dialect?.name ?? 'unknown') : this.fileState === 'ndr' ? 'bounce message' : this.fileState === 'binary' ? 'binary data' : 'not an SMTP log',
      lines: this.lineNo,
      bytes: this.fileBytes,
      notes: this.notes,
      records: this.fileRecords,
    };
    this.summaries.push(sum);
    this.info = undefined;
    return sum;
  }

  /** The input is over: every session still open is emitted (incomplete unless the log closed it). */
  end(): FileSummary[] {
    if (this.info) this.endFile();
    this.drain();
    return this.summaries;
  }

  /**
   * The files written so far form one set (a rotated log): emit what is still open, so the next file
   * starts afresh. Call between unrelated logs (another server's).
   */
  endSet(): void {
    if (this.info) this.endFile();
    this.drain();
  }

  get recordCount(): number { return this.records; }

  /** true once the current file is known to be no SMTP log or bounce (binary, unknown): the rest of it need not be read */
  get skippingFile(): boolean { return this.fileState === 'binary' || this.fileState === 'unknown'; }

  // -- text in --

  private push(text: string): void {
    if (!text) return;
    if (this.fileState === 'binary' || this.fileState === 'unknown') { this.countLines(text); return; }
    if (this.skipping) {
      const nl = text.indexOf('\n');
      if (nl < 0) { this.skippedChars += text.length; this.byteBase += this.decoder!.bytesOf(text); return; }
      this.byteBase += this.decoder!.bytesOf(text, 0, nl + 1);
      this.skippedChars = 0; this.skipping = false;
      this.lineNo++; this.seq++;
      text = text.slice(nl + 1);
      if (!text) return;
    }
    this.parts.push(text);
    this.partsChars += text.length;
    if (!this.started && (this.partsChars >= Math.min(64 * 1024, this.blockChars) || this.fileState === 'ndr')) this.look();
    if (this.fileState === 'ndr') {
      if (this.partsChars > this.maxBounce) {
        this.notes.push(`The bounce message is larger than ${Math.round(this.maxBounce / 1048576)} MB: it was not read.`);
        this.fileState = 'unknown'; this.parts = []; this.partsChars = 0;
      }
      return;
    }
    if (this.started && this.partsChars >= Math.max(this.blockChars, this.carriedChars * 2)) this.flush(false);
  }

  /** The pending text is one line longer than maxLine: drop it and skip to its end. */
  private startSkipping(text: string): void {
    this.parts = []; this.partsChars = 0;
    this.skipping = true;
    this.skippedChars = text.length;
    this.byteBase += this.decoder!.bytesOf(text);
    if (++this.longLines <= 3) this.notes.push(`Line ${this.lineNo + 1} is longer than ${Math.round(this.maxLine / 1024)} KB: it was skipped.`);
  }

  /** Count the line breaks of text that is not parsed (skipped files, a bounce read whole) into the file's line number. */
  private countLines(text: string): void {
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    this.lineNo += n;
  }

  /** The first 64 KB of a file: is it binary, a bounce, a log (of which format)? */
  private look(): void {
    this.started = true;
    const head = this.parts.join('').slice(0, 256 * 1024);
    if (!head.length) return;
    const bin = binaryVerdict(head);
    if (bin) { this.notes.push(bin); this.fileState = 'binary'; this.dropPending(); return; }
    if (looksLikeBounce(head)) { this.fileState = 'ndr'; return; }
    const d = this.opts.format ? DIALECTS.find(x => x.id === this.opts.format) : detectDialect(sampleLines(head));
    if (!d) {
      this.notes.push('No SMTP log format was recognised in the first lines: the file was not analyzed.');
      this.fileState = 'unknown'; this.dropPending(); return;
    }
    if (this.dialect && d.id !== this.dialect.id) this.drain(); // another format: what is open is finished
    this.dialect = d;
  }

  private dropPending(): void {
    for (const p of this.parts) this.countLines(p);
    this.parts = []; this.partsChars = 0;
  }

  // -- blocks --

  /** Parse the pending whole lines (all of them at the end of a file) after the carried ones. */
  private flush(final: boolean): void {
    if (this.fileState === 'ndr') { if (final) this.bounce(); return; }
    if (this.fileState !== 'log' || !this.partsChars) return;
    // the pending parts up to the last line break; concatenated, not joined, so the parser's first scan
    // copies the block once
    const parts = this.parts;
    let text = '';
    let rest = '';
    if (final) {
      for (const p of parts) text += p;
      if (!text.endsWith('\n')) text += '\n';
    } else {
      let k = parts.length - 1, nl = -1;
      for (; k >= 0; k--) { nl = parts[k].lastIndexOf('\n'); if (nl >= 0) break; }
      if (k < 0) {
        // one line so far: keep it joined, or skip it once it is longer than maxLine
        const line = parts.join('');
        if (line.length > this.maxLine) this.startSkipping(line);
        else { this.parts = [line]; this.partsChars = line.length; }
        return;
      }
      for (let i = 0; i < k; i++) text += parts[i];
      text += parts[k].slice(0, nl + 1);
      rest = parts[k].slice(nl + 1);
      for (let i = k + 1; i < parts.length; i++) rest += parts[i];
    }
    this.parts = rest ? [rest] : []; this.partsChars = rest.length;
    this.block(text);
  }

  private block(newText: string): void {
    const c = this.carried;
    const head = c.length ? c.map(x => x.text).join('\n') + '\n' : '';
    const { m, n, origin, seq } = this.parseCarried(head + newText);
    // new lines: numbers and byte offsets in their file
    const base = head.length;
    if (this.lineNo === 0 && !this.bomCounted) { this.byteBase += this.decoder?.bomBytes ?? 0; this.bomCounted = true; }
    const ascii = !NON_ASCII.test(newText);
    let bytes = this.byteBase, prev = base;
    for (let i = c.length; i < n; i++) {
      const s = m.lineStart[i];
      bytes += ascii ? s - prev : this.decoder!.bytesOf(m.text, prev, s);
      prev = s;
      origin.file[i] = this.file; origin.line[i] = ++this.lineNo; origin.offset[i] = bytes; seq[i] = this.seq++;
    }
    this.byteBase = bytes + (ascii ? m.text.length - prev : this.decoder!.bytesOf(m.text, prev));
    if (m.notes.length) for (const note of m.notes) if (!this.notes.includes(note) && this.notes.length < 20) this.notes.push(note.replace(/^Line (\d+)/, (_, k) => `Line ${origin.line[Number(k) - 1] || k}`));
    this.emitBlock(m, origin, seq, c.length, n, false);
  }

  /** Records of a parsed block; the open sessions are carried into the next one. */
  private emitBlock(m: LogModel, origin: BlockOrigin, seq: Float64Array, firstNew: number, n: number, drain: boolean): void {
    const ctx = newContext(m, origin, this.years);
    const want = (t: RecordType): boolean => !this.types || this.types.has(t);
    if (want('reply')) {
      const cache = new Map<number, { remote?: string; queue?: string }>();
      for (let l = firstNew; l < n; l++) {
        if (!isFailureLine(m, l)) continue;
        const r = replyRecord(ctx, l, cache);
        if (r) this.emit(r);
      }
    }
    // which sessions are finished, which stay open
    const open = new Uint8Array(m.sessions.count);
    if (!drain) for (const s of m.openSessions ?? []) open[s] = 1;
    const newest = this.seq;
    const lines: number[][] = new Array(m.sessions.count);
    for (let l = 0; l < n; l++) { const s = m.session[l]; if (s >= 0) (lines[s] ??= []).push(l); }
    // idle too long: finished, incomplete
    let carry = 0;
    for (let s = 0; s < m.sessions.count; s++) {
      if (!open[s] || !lines[s]) { open[s] = 0; continue; }
      if (newest - seq[m.sessions.last[s]] > this.window) open[s] = 0;
      else for (const l of lines[s]) carry += m.lineStart[l + 1] - m.lineStart[l];
    }
    if (carry > this.maxCarry) {
      // the oldest (by last line) go first
      const idx = [...Array(m.sessions.count).keys()].filter(s => open[s]).sort((a, b) => m.sessions.last[a] - m.sessions.last[b]);
      for (const s of idx) {
        if (carry <= this.maxCarry / 2) break;
        open[s] = 0;
        for (const l of lines[s]) carry -= m.lineStart[l + 1] - m.lineStart[l];
      }
    }
    for (let s = 0; s < m.sessions.count; s++) {
      if (open[s] || !lines[s]) continue;
      const message = (m.sessions.flags[s] & SessionFlag.Message) !== 0;
      const complete = (m.sessions.flags[s] & SessionFlag.Closed) !== 0;
      if (message) { if (want('message')) this.emit(messageRecord(ctx, s, complete, lines[s])); }
      else if (want('session')) this.emit(sessionRecord(ctx, s, complete, lines[s]));
      this.opts.onSession?.(ctx, s, lines[s], complete);
    }
    // carry: the header block in force, then the lines of open sessions, in order
    const keep = new Uint8Array(n);
    let h = n - 1;
    while (h >= 0 && m.kind[h] !== LineKind.Header) h--;
    while (h >= 0 && m.kind[h] === LineKind.Header) keep[h--] = 1;
    for (let s = 0; s < m.sessions.count; s++) if (open[s]) for (const l of lines[s]) keep[l] = 1;
    const next: Carried[] = [];
    let chars = 0;
    for (let l = 0; l < n; l++) {
      if (!keep[l]) continue;
      const text = lineText(m, l);
      chars += text.length + 1;
      next.push({ text, file: origin.file[l], line: origin.line[l], offset: origin.offset[l], seq: seq[l] });
    }
    this.carried = drain ? [] : next;
    this.carriedChars = drain ? 0 : chars;
  }

  /** Emit every open session (the input ended, or the format changed). */
  private drain(): void {
    if (!this.carried.length || !this.dialect) { this.carried = []; this.carriedChars = 0; return; }
    const { m, n, origin, seq } = this.parseCarried(this.carried.map(x => x.text).join('\n') + '\n');
    this.emitBlock(m, origin, seq, n, n, true);
  }

  /**
   * Parse a block whose text starts with the carried lines (and ends with a line break): the model, its
   * line count without the empty last "line", and the origin of the carried lines filled in.
   */
  private parseCarried(text: string): { m: LogModel; n: number; origin: BlockOrigin; seq: Float64Array } {
    const c = this.carried;
    const m = parseLog(text, { format: this.dialect!.id, decoded: true });
    const n = m.lineCount - 1;
    const origin: BlockOrigin = { file: new Uint32Array(n + 1), line: new Float64Array(n + 1), offset: new Float64Array(n + 1), paths: this.paths };
    const seq = new Float64Array(n + 1);
    for (let i = 0; i < c.length && i < n; i++) { origin.file[i] = c[i].file; origin.line[i] = c[i].line; origin.offset[i] = c[i].offset; seq[i] = c[i].seq; }
    return { m, n, origin, seq };
  }

  private bounce(): void {
    const text = this.parts.join('');
    this.parts = []; this.partsChars = 0;
    this.countLines(text);
    if (!text.endsWith('\n') && text.length) this.lineNo++;
    this.opts.onBounceText?.(text, this.paths[this.file]);
    if (this.types && !this.types.has('bounce')) return;
    for (const r of bounceRecords(text, this.paths[this.file], this.years)) this.emit(r);
  }

  private emit(r: LogRecord): void {
    this.records++;
    this.fileRecords++;
    this.opts.onRecord(r);
  }
}

const NON_ASCII = /[^\x00-\x7f]/;
