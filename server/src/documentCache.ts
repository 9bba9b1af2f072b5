/**
 * The parsed model of each open document, keyed by uri + version: features never re-parse, and a
 * document that grew by whole lines at its end is parsed from the previous version's end.
 *
 * A large document (SLICED_FROM and more) is parsed in slices (slices.ts): one job per document version,
 * shared by every request that needs its model; the server answers other requests between slices. An
 * edit that is not an append drops the job of the older version at its next slice boundary (no work is
 * wasted on text the editor no longer shows); after an append the job goes on, and the new version is
 * parsed on from its end.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { lineBreaks, type SmtpDocument, type SmtpLanguageService } from './core/smtpLanguageService';
import { type Clock, runInSlices } from './slices';

/** Texts shorter than this (a few ms of parse) are parsed in one go: no slice, no waiting. */
export const SLICED_FROM = 1 << 20;
/** Parses of at least this many characters are logged (start, end, abandoned): not an append of a few lines. */
const LOGGED_FROM = 1 << 20;

interface Entry { version: number; languageId: string; doc: SmtpDocument }
/** How a text ends: its line count, and whether its last line is empty (it ends with a line break). */
export interface TextEnd { lines: number; emptyLast: boolean }
/** An append: the text version `version` added at the end of version `after`. */
export interface Append { after: number; version: number; text: string }
interface Job {
  version: number;
  languageId: string;
  /** the model; undefined when the job was dropped (or the parse failed, which is logged) */
  promise: Promise<SmtpDocument | undefined>;
  dropped: boolean;
  /** the job of an older version this one goes on from (a log that grew while it was parsed) */
  after?: Job;
  /** the work done so far, of its total (for the log) */
  progress(): { done: number; total: number };
}

export class DocumentCache {
  private readonly entries = new Map<string, Entry>();
  private readonly jobs = new Map<string, Job>();
  /** the appends since the version last parsed, oldest first (cleared by any other edit) */
  private readonly appends = new Map<string, Append[]>();
  constructor(
    private readonly service: SmtpLanguageService,
    private readonly onParsed: (uri: string, doc: SmtpDocument) => void,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** The model of that version: at once for a small text or one already parsed, else when its job ends. */
  get(uri: string, version: number, languageId: string, text: string): SmtpDocument | Promise<SmtpDocument | undefined> {
    const e = this.entries.get(uri);
    if (e && e.version === version && e.languageId === languageId) return e.doc;
    const running = this.jobs.get(uri);
    if (running && !running.dropped && running.version === version && running.languageId === languageId) return running.promise;
    const after = running && !running.dropped && running.version < version && running.languageId === languageId ? running : undefined;
    if (running && !after) this.drop(running, uri);
    if (!after && text.length < SLICED_FROM) {
      let doc: SmtpDocument;
      try {
        doc = this.service.parse(text, languageId, this.options(uri, version, languageId));
      } catch (e) {
        this.onError(e);
        return Promise.resolve(undefined);
      }
      this.done(uri, version, languageId, doc);
      return doc;
    }
    return this.start(uri, version, languageId, text, after);
  }

  /**
   * How version `version` of a log (its text `length` long) ends, from its model (undefined when not parsed
   * yet, or when the model's text is not the document's: UTF-16 read as bytes and decoded)
   */
  end(uri: string, version: number, length: number): TextEnd | undefined {
    const m = this.logModel(uri, version, length);
    return m && { lines: m.lineCount, emptyLast: m.lineStart[m.lineCount - 1] === m.text.length };
  }

  /** The model of version `version` of a log when it is parsed and its lines are the document's (see end()). */
  logModel(uri: string, version: number, length: number): SmtpDocument['log'] | undefined {
    const e = this.entries.get(uri);
    return e && e.version === version && e.languageId === 'smtp-log' && e.doc.log.text.length === length ? e.doc.log : undefined;
  }

  /**
   * The document changed to `version`: an edit (not an append) drops the jobs of older versions; after an
   * append they go on (the new version is parsed on from where they end).
   */
  changed(uri: string, version: number, append?: Append): void {
    const j = this.jobs.get(uri);
    if (j && !append && j.version < version) this.drop(j, uri, `version ${version} replaced it`);
    if (!append) { this.appends.delete(uri); return; }
    const list = this.appends.get(uri) ?? [];
    list.push(append);
    this.appends.set(uri, list);
  }

  delete(uri: string): void {
    const j = this.jobs.get(uri);
    if (j) this.drop(j, uri, 'the document was closed');
    this.entries.delete(uri);
    this.appends.delete(uri);
  }
  clear(): void {
    for (const uri of [...this.jobs.keys()]) this.delete(uri);
    this.entries.clear();
    this.appends.clear();
  }

  /**
   * a parse from where an earlier version's parse ended, when this one is that version with lines appended
   * (with the appended text when the appends since are all known: the texts need not be compared)
   */
  private options(uri: string, version: number, languageId: string): { previous: SmtpDocument['log']; appended?: string } | undefined {
    const e = this.entries.get(uri);
    if (!e || e.version >= version || e.languageId !== languageId || languageId !== 'smtp-log') return undefined;
    return { previous: e.doc.log, appended: this.appendedBetween(uri, e.version, version) };
  }

  /** the text the appends from version `from` to version `to` added, if every change between was one */
  private appendedBetween(uri: string, from: number, to: number): string | undefined {
    const parts: string[] = [];
    let at = from;
    for (const a of this.appends.get(uri) ?? []) {
      if (a.version <= at) continue;
      if (a.after !== at || a.version > to) break;
      parts.push(a.text);
      at = a.version;
    }
    return at === to ? parts.join('') : undefined;
  }

  private done(uri: string, version: number, languageId: string, doc: SmtpDocument): void {
    const e = this.entries.get(uri);
    if (e && e.version > version) return;
    this.entries.set(uri, { version, languageId, doc });
    // the appends up to this version are in its model
    const list = this.appends.get(uri);
    if (list) { const rest = list.filter(a => a.version > version); if (rest.length) this.appends.set(uri, rest); else this.appends.delete(uri); }
    this.onParsed(uri, doc);
  }

  private start(uri: string, version: number, languageId: string, text: string, after: Job | undefined): Promise<SmtpDocument | undefined> {
    let progress = { done: 0, total: 0 };
    const job: Job = { version, languageId, dropped: false, after, promise: undefined as unknown as Promise<SmtpDocument | undefined>, progress: () => progress };
    this.jobs.set(uri, job);
    job.promise = (async () => {
      if (after) await after.promise;
      if (job.dropped) return undefined;
      const t0 = this.clock.now();
      try {
        const steps = this.service.startParse(text, languageId, this.options(uri, version, languageId));
        progress = steps;
        // (an append of a few lines is not worth a line in the log)
        const told = steps.total - steps.done >= LOGGED_FROM;
        if (told) this.log(`${uri}: parsing version ${version} (${(text.length / 1048576).toFixed(1)} MB) in slices`);
        const r = await runInSlices(steps, () => !job.dropped, this.clock);
        if (!r.result) return undefined;
        if (told) this.log(`${uri}: parsed version ${version} in ${Math.round(this.clock.now() - t0)} ms, ${r.slices} slices`);
        this.done(uri, version, languageId, r.result);
        return r.result;
      } catch (e) {
        this.onError(e);
        return undefined;
      } finally {
        if (this.jobs.get(uri) === job) this.jobs.delete(uri);
      }
    })();
    return job.promise;
  }

  private drop(job: Job, uri: string, why = 'a newer version replaced it'): void {
    for (let j: Job | undefined = job; j && !j.dropped; j = j.after) {
      j.dropped = true;
      const p = j.progress();
      if (p.total > 0 && p.done < p.total) this.log(`${uri}: parse of version ${j.version} abandoned at ${Math.floor((p.done / p.total) * 100)}% of its work: ${why}`);
    }
  }
}

/**
 * The text these changes appended at the end of a document that ended with a line break, when they did
 * nothing else and it ends with one too (whole lines: what an editor sends when it reloads a log that grew
 * on disk), else undefined. `end` is asked only for a change of that shape. Reads neither text: after an
 * earlier append the document's text is two strings joined, and reading a character of it makes V8 copy
 * it whole (130-280 ms for 45 MB).
 */
export function appendedLines(changes: readonly TextDocumentContentChangeEvent[], end: () => TextEnd): string | undefined {
  if (changes.length !== 1) return undefined;
  const c = changes[0];
  if (!('range' in c) || !c.text.endsWith('\n')) return undefined;
  const { start, end: stop } = c.range;
  if (start.character !== 0 || stop.character !== 0 || start.line !== stop.line || start.line === 0) return undefined;
  // at the empty last line of a text that is not empty: the text ended with a line break
  const d = end();
  return start.line === d.lines - 1 && d.emptyLast ? c.text : undefined;
}

/**
 * How a text that ended as `end` ends once the whole lines `added` are appended; undefined when that is not
 * known without reading it (`added` begins with a line feed, which ends no new line after a carriage return).
 */
export function endAfter(end: TextEnd, added: string): TextEnd | undefined {
  return added.charCodeAt(0) !== 10 ? { lines: end.lines + lineBreaks(added), emptyLast: true } : undefined;
}
