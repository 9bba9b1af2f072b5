/**
 * Analysis of a log read from disk in chunks (files VS Code does not pass to extensions): the streaming
 * engine's records go into the overview, memory bounded whatever the size. Shared by the Node worker
 * thread that runs it (node/analyzeWorker.ts) and by servers without workers (in their own thread).
 */
import type { SmtpLanguageService } from './core/smtpLanguageService';
import type { AnalyzeFileResult, FileTranscriptResult } from './protocol';

export interface FileSource {
  /** the file's size on disk */
  bytes: number;
  modified?: Date;
  chunks: AsyncIterable<Uint8Array>;
  /** a gzip file, decompressed as it streams: `read()` gives the compressed bytes read so far (for progress) */
  compressed?: { read(): number };
}

export interface AnalyzeOptions {
  asciiText?(bytes: Uint8Array): string | undefined;
  now(): number;
  /** bytes read so far, of `total` */
  progress?(done: number, total: number): void;
  cancelled?(): boolean;
}

/** The view of a file; undefined when it was cancelled. */
export async function analyzeSource(service: SmtpLanguageService, uri: string, file: FileSource, o: AnalyzeOptions): Promise<AnalyzeFileResult | undefined> {
  const t0 = o.now();
  const overview = service.overview();
  const stream = service.stream({ onRecord: r => overview.add(r), blockChars: 1 << 20, asciiText: o.asciiText });
  stream.beginFile({ path: uri, modified: file.modified });
  let done = 0;
  for await (const chunk of file.chunks) {
    if (o.cancelled?.()) return undefined;
    stream.write(chunk);
    done += chunk.length;
    o.progress?.(file.compressed ? Math.min(file.compressed.read(), file.bytes) : done, file.bytes);
  }
  const sum = stream.end()[0];
  const view = overview.result();
  return {
    uri, bytes: file.bytes, lineCount: sum.lines, format: sum.format, formatName: sum.formatName,
    sessions: view.sessions, sessionCount: overview.sessions + overview.messages,
    problems: view.problems, problemCount: overview.failures,
    notes: [...sum.notes, ...view.notes, ...(file.compressed ? ['The file is compressed (gzip): its sessions cannot be opened from this view; decompress it to open them.'] : [])],
    ms: Math.round(o.now() - t0), compressed: file.compressed ? true : undefined,
  };
}

/** Bytes read from a window of the file at each try: the session is looked for in 1 MiB, then 8 MiB. */
export const TRANSCRIPT_WINDOWS = [1 << 20, 8 << 20];

/**
 * The session that starts at `line` (at byte `offset`) of a file, from a window read at that offset:
 * the window is parsed as the file's format and the session of its first line is kept. Lines of other
 * sessions in between (interleaved formats) are left out, as in the editor's transcript view.
 */
export async function fileTranscript(service: SmtpLanguageService, read: (offset: number, length: number) => Promise<Uint8Array>,
  p: { line: number; offset: number; format?: string }): Promise<FileTranscriptResult | null> {
  for (let w = 0; w < TRANSCRIPT_WINDOWS.length; w++) {
    const bytes = await read(p.offset, TRANSCRIPT_WINDOWS[w]);
    let text = new TextDecoder('utf-8').decode(bytes);
    const full = bytes.length === TRANSCRIPT_WINDOWS[w];
    // the window's last line may be cut: it ends at the last complete line
    if (full) text = text.slice(0, text.lastIndexOf('\n') + 1);
    const doc = service.parse(text, 'smtp-log', p.format && p.format !== 'unknown' ? { format: p.format } : undefined);
    const t = service.sessionTranscript(doc, 0);
    if (!t) return null;
    const s = doc.log.session[0];
    const open = full && Array.from(doc.log.openSessions ?? []).includes(s);
    if (open && w < TRANSCRIPT_WINDOWS.length - 1) continue;
    return { text: t.text, lines: t.lines.map(l => l + p.line), title: t.title, cut: open || undefined };
  }
  return null;
}
