/**
 * The core's facade: what the server, the CLI and the tests call. Takes text, returns LSP data
 * types. Knows nothing of connections, editors or processes.
 */
import type { Diagnostic, DocumentHighlight, DocumentLink, DocumentSymbol, FoldingRange, Hover, InlayHint, Location, Position, SelectionRange } from 'vscode-languageserver-types';
import { startParseLog, type ParseOptions } from './parser/parse';
import { doneSteps, mapSteps, runAll, type Steps } from './steps';
import { DIALECTS } from './scanner/dialects';
import { type LogModel } from './parser/model';
import { transcriptOf } from './parser/queries';
import { logHover } from './features/logHover';
import { startLogDiagnostics } from './features/logDiagnostics';
import { DEFAULT_SYMBOL_OPTIONS, startLogSymbols } from './features/logSymbols';
import { startLogFolding } from './features/logFolding';
import { logReferences } from './features/logReferences';
import type { HoverDetail } from './features/render';
import { parseNdr } from './ndr/parse';
import { parseQuotedTranscript } from './ndr/transcriptLines';
import type { NdrModel } from './ndr/model';
import { ndrHover } from './features/ndrHover';
import { ndrDiagnostics } from './features/ndrDiagnostics';
import { ndrSymbols } from './features/ndrSymbols';
import { ndrFolding } from './features/ndrFolding';
import { LogStream, type StreamOptions } from './stream/reader';
import { logCensus, type ReplyCensus } from './features/logCensus';
import { Overview, type OverviewLimits } from './records/overview';
import { logSemanticTokens, startLogSemanticTokens } from './features/logSemanticTokens';
import { logLinks } from './features/logLinks';
import { logSelectionRanges } from './features/logSelectionRanges';
import { SummaryBuilder, type LogSummary, type SummaryLimits } from './summary/summary';
import { FilterCollector, filterTitle, parseFilter, type RecordFilter } from './summary/filter';
import { summarizeSources, filterSources, type SourcesOptions, type SourcesFilterView } from './summary/sources';
import type { Source, ReadSourcesResult } from './stream/sources';
import { lineText, textPieces } from './parser/model';
import { replyDelayHints } from './features/logTime';

export type { LogModel } from './parser/model';
export type { NdrModel, NdrReport } from './ndr/model';
export { LineKind } from './scanner/tokens';
export { sniffLanguage } from './detect/sniff';
export { SEMANTIC_TOKEN_TYPES, SEMANTIC_TOKEN_MODIFIERS } from './features/logSemanticTokens';
export { visibleText, cutText, hasInvisible, isValidReplyCode } from './visible';
export { lineBreaks } from './parser/lines';
export type { Steps } from './steps';
import { cutText, visibleText } from './visible';

/** Longest hover (markdown characters): longer ones are cut with a note (VS Code shows a hover this long without scrolling far). */
export const MAX_HOVER_CHARS = 6000;

/** Every string a person reads, made visible (controls, bidi) at the one door they all go out by. */
function visibleHover(h: Hover | null): Hover | null {
  if (!h) return h;
  const c = h.contents as { kind?: string; value?: string };
  if (typeof c?.value !== 'string') return h;
  let value = visibleText(c.value, true);
  if (value.length > MAX_HOVER_CHARS) value = cutText(value, MAX_HOVER_CHARS).replace(/… \(\+([\d,]+) characters\)$/, '\n\n*… the hover was cut here ($1 more characters).*');
  return { ...h, contents: { ...c, value } as Hover['contents'] };
}

function visibleSymbols(s: DocumentSymbol[]): DocumentSymbol[] {
  for (const x of s) {
    x.name = visibleText(x.name) || '(empty)';
    if (x.detail !== undefined) x.detail = visibleText(x.detail);
    if (x.children) visibleSymbols(x.children);
  }
  return s;
}

function visibleDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  for (const d of ds) { d.message = visibleText(d.message); if (typeof d.code === 'string') d.code = visibleText(d.code); }
  return ds;
}

export interface ServiceSettings {
  hoverDetail: HoverDetail;
  maxProblems: number;
  maxOutlineItems: number;
}

export const DEFAULT_SETTINGS: ServiceSettings = { hoverDetail: 'full', maxProblems: 1000, maxOutlineItems: 10000 };

export interface SmtpDocument {
  languageId: 'smtp-log' | 'smtp-ndr';
  /** the lines as a log; in a bounce, the transcript lines it quotes (`>>> RCPT TO`, `<<< 550 ...`) */
  log: LogModel;
  /** smtp-ndr: the delivery report (absent when the text is binary data) */
  ndr?: NdrModel;
}

export interface Limited<T> { result: T; limited: boolean }

export interface SmtpLanguageService {
  parse(text: string, languageId?: string, options?: ParseOptions): SmtpDocument;
  /**
   * the same parse in steps of lines: a server runs a large document's parse a slice at a time, answering
   * other requests between slices, and drops it when a newer version of the document came
   */
  startParse(text: string, languageId?: string, options?: ParseOptions): Steps<SmtpDocument>;
  doHover(doc: SmtpDocument, pos: Position, settings?: Partial<ServiceSettings>): Hover | null;
  /** problems, at most settings.maxProblems (plus a note when cut); `counts.total` receives the number before the cut */
  doValidation(doc: SmtpDocument, settings?: Partial<ServiceSettings>, counts?: { total: number }): Diagnostic[];
  /** the same problems in steps of lines (see startParse) */
  startValidation(doc: SmtpDocument, settings?: Partial<ServiceSettings>, counts?: { total: number }): Steps<Diagnostic[]>;
  /** `cancelled`: polled while the outline is built; when it says true the answer is cut short (the caller drops it) */
  findDocumentSymbols(doc: SmtpDocument, settings?: Partial<ServiceSettings>, cancelled?: () => boolean): Limited<DocumentSymbol[]>;
  /** the same outline in steps (see startParse) */
  startDocumentSymbols(doc: SmtpDocument, settings?: Partial<ServiceSettings>): Steps<Limited<DocumentSymbol[]>>;
  getFoldingRanges(doc: SmtpDocument, rangeLimit?: number): Limited<FoldingRange[]>;
  /** the same ranges in steps (see startParse) */
  startFoldingRanges(doc: SmtpDocument, rangeLimit?: number): Steps<Limited<FoldingRange[]>>;
  /** every line that carries the identifier (queue id, session id, message id, address ...) under the cursor */
  findReferences(doc: SmtpDocument, uri: string, pos: Position): Limited<Location[]>;
  /** the lines of the session that `line` belongs to, in order, with their original line numbers */
  sessionTranscript(doc: SmtpDocument, line: number): { text: string; lines: number[]; title: string } | undefined;
  /** the log's replies and status records, and which the knowledge explains at class level only (the corpus run) */
  replyCensus(doc: SmtpDocument): ReplyCensus;
  /** the streaming engine: chunks of one or more files in, records out (memory bounded by what is open) */
  stream(options: StreamOptions): LogStream;
  /** failures grouped by kind and remote side, sessions by hour: for views of logs too large to open */
  overview(limits?: OverviewLimits): Overview;
  /** semantic tokens (LSP relative encoding, legend SEMANTIC_TOKEN_TYPES) of all lines or of [startLine, endLine] */
  getSemanticTokens(doc: SmtpDocument, startLine?: number, endLine?: number): Limited<number[]>;
  /** the same tokens in steps (see startParse) */
  startSemanticTokens(doc: SmtpDocument, startLine?: number, endLine?: number): Steps<Limited<number[]>>;
  /** the http(s) URLs the document writes, as links */
  findDocumentLinks(doc: SmtpDocument): Limited<DocumentLink[]>;
  /** the identifier under the cursor (queue id, session id, address ...) wherever the document carries it */
  findDocumentHighlights(doc: SmtpDocument, pos: Position): DocumentHighlight[];
  /** Expand Selection: identifier -> line -> reply with its command -> session -> document */
  getSelectionRanges(doc: SmtpDocument, positions: Position[]): SelectionRange[];
  /** inlay hints of lines startLine..endLine: the delay before each reply (since the command it answers) */
  getReplyDelayHints(doc: SmtpDocument, startLine: number, endLine: number): Limited<InlayHint[]>;
  /** the summary of a document's text (totals, events over time, top failures), from its streamed records */
  summarize(text: string, name: string, limits?: Partial<SummaryLimits>): LogSummary;
  /** the same summary in steps (see startParse): the text goes through the stream in smaller blocks */
  startSummarize(text: string | readonly string[], name: string, limits?: Partial<SummaryLimits>): Steps<LogSummary>;
  /**
   * the text of a log (smtp-log) as its model reads it: one string, or after appends to a long log its flat
   * pieces in order (reading the editor's joined string would make V8 copy it whole): what startSummarize
   * and startFilterView take
   */
  textOf(doc: SmtpDocument): string[];
  /** line `line` of a log's model, without its line break (read through the pieces of a grown log) */
  lineOf(log: LogModel, line: number): string;
  /** an aggregator of records into a summary, for callers that stream files themselves (the CLI) */
  summaryBuilder(limits?: Partial<SummaryLimits>): SummaryBuilder;
  /** the lines of a document that a summary filter counts ("failures", "code:550 5.1.1" ...), as a view; a string when the filter is not valid */
  filterView(doc: SmtpDocument, text: string, name: string, filter: string, maxLines?: number): FilteredView | string;
  /** the same view in steps (see startSummarize) */
  startFilterView(doc: SmtpDocument, text: string | readonly string[], name: string, filter: string, maxLines?: number): Steps<FilteredView | string>;
  /**
   * the summary of several inputs (the workspace's logs, the CLI's FILES): every set of sources (a rotated
   * set, oldest first) through one stream and one SummaryBuilder (labels escaped for display)
   */
  summarizeSources(sets: readonly (readonly Source[])[], options?: SourcesOptions & { limits?: Partial<SummaryLimits> }): Promise<{ summary: LogSummary; read: ReadSourcesResult }>;
  /** the lines of several inputs a summary filter counts, under a header per file (read twice); a string when the filter is not valid */
  filterSources(sets: readonly (readonly Source[])[], filter: string, options?: SourcesOptions & { maxLines?: number; name?(path: string): string }): Promise<SourcesFilterView | string>;
}

export interface FilteredView {
  /** the matching lines, in order */
  text: string;
  /** the original (0-based) line of each line of `text` */
  lines: number[];
  title: string;
  /** matching records (a line can carry several) */
  count: number;
  /** true when more lines matched than maxLines */
  cut: boolean;
}

/** The summary's labels and verdicts with control characters shown escaped (they come from the log). */
function visibleLabels(sum: LogSummary): LogSummary {
  for (const list of [sum.reasons, sum.deferrals, sum.codes, sum.domains, sum.hosts, sum.senders, sum.recipients]) {
    for (const it of list) { it.label = visibleText(it.label); if (it.verdict) it.verdict = visibleText(it.verdict); }
  }
  return sum;
}

/** Streams one text through the engine, handing every record to `take`. */
/** Characters a step of n lines writes into the stream when a summary is made in steps. */
const SUMMARY_CHARS_PER_LINE = 64;
/** The stream's block then: a step stays short (the records do not depend on the block size). */
const SUMMARY_STEP_BLOCK = 256 * 1024;

/**
 * streamText in steps (smaller blocks): `done` makes the result once the stream has ended. The text is one
 * string, or its pieces in order (each sliced on its own).
 */
function streamSteps<T>(text: string | readonly string[], name: string, take: (r: import('./records/schema').LogRecord) => void, done: () => T): Steps<T> {
  const s = new LogStream({ onRecord: take, blockChars: SUMMARY_STEP_BLOCK });
  s.beginFile({ path: name });
  const pieces = typeof text === 'string' ? [text] : text;
  const length = pieces.reduce((a, p) => a + p.length, 0);
  let piece = 0, at = 0, before = 0;
  let result: { v: T } | undefined;
  return {
    step(n) {
      if (result) return result.v;
      let budget = Math.max(1, n) * SUMMARY_CHARS_PER_LINE;
      while (budget > 0 && piece < pieces.length) {
        const p = pieces[piece];
        const end = Math.min(p.length, at + budget);
        if (end > at) s.write(p.slice(at, end));
        budget -= end - at;
        at = end;
        if (at >= p.length) { before += p.length; piece++; at = 0; }
      }
      if (piece < pieces.length) return undefined;
      s.end();
      result = { v: done() };
      return result.v;
    },
    get done() { return result ? length + 1 : before + at; },
    total: length + 1,
  };
}

function streamText(text: string, name: string, take: (r: import('./records/schema').LogRecord) => void): void {
  const s = new LogStream({ onRecord: take });
  s.beginFile({ path: name });
  // in slices, so the stream's blocks stay the size it is tuned for
  const step = 4 << 20;
  for (let i = 0; i < text.length; i += step) s.write(text.slice(i, i + step));
  s.end();
}

/** A position the features can use: two non-negative integers (a malformed request gets no answer, not an exception). */
export function validPosition(pos: unknown): pos is Position {
  const p = pos as Position | null | undefined;
  return !!p && typeof p === 'object' && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;
}

function parseDocument(text: string, languageId: string | undefined, options: ParseOptions | undefined): Steps<SmtpDocument> {
  if (languageId === 'smtp-ndr') {
    // a bounce is a message (small): parsed at once
    return doneSteps(parseBounce(text));
  }
  return mapSteps(startParseLog(text, options), log => ({ languageId: 'smtp-log', log }));
}

function parseBounce(text: string): SmtpDocument {
  const log = parseQuotedTranscript(text);
  if (log.format === 'binary') return { languageId: 'smtp-ndr', log };
  const ndr = parseNdr(log);
  // the log model keeps the quoted transcript lines; its name says what the document is
  return { languageId: 'smtp-ndr', log: { ...log, format: `ndr-${ndr.layout}`, formatName: `delivery report (${ndr.layoutName})`, notes: [...log.notes, ...(ndr.cut ?? [])] }, ndr };
}

/** The view of the lines the collector kept. */
function filteredView(doc: SmtpDocument, name: string, f: RecordFilter, c: FilterCollector): FilteredView {
  const lines = c.linesOf(name).filter(l => l < doc.log.lineCount);
  const out: string[] = [];
  for (const l of lines) out.push(lineText(doc.log, l));
  return { text: out.join('\n'), lines, title: visibleText(filterTitle(f)), count: c.count, cut: c.cut };
}

export function createSmtpLanguageService(): SmtpLanguageService {
  const cfg = (s?: Partial<ServiceSettings>): ServiceSettings => ({ ...DEFAULT_SETTINGS, ...s });
  const startParse = (text: string, languageId?: string, options?: ParseOptions): Steps<SmtpDocument> =>
    mapSteps(parseDocument(text, languageId, options), doc => {
      // notes quote the file at times (a MIME boundary, ...): they are shown to people too
      const notes = doc.log.notes;
      for (let i = 0; i < notes.length; i++) notes[i] = visibleText(notes[i]);
      return doc;
    });
  const startValidation = (doc: SmtpDocument, settings?: Partial<ServiceSettings>, counts?: { total: number }): Steps<Diagnostic[]> => {
    if (doc.ndr) return doneSteps(visibleDiagnostics(ndrDiagnostics(doc.ndr, doc.log, { maxProblems: cfg(settings).maxProblems, counts })));
    return mapSteps(startLogDiagnostics(doc.log, { maxProblems: cfg(settings).maxProblems, counts }), visibleDiagnostics);
  };
  const startDocumentSymbols = (doc: SmtpDocument, settings?: Partial<ServiceSettings>, cancelled?: () => boolean): Steps<Limited<DocumentSymbol[]>> => {
    const r = doc.ndr ? doneSteps(ndrSymbols(doc.ndr, doc.log, cfg(settings).maxOutlineItems))
      : startLogSymbols(doc.log, { ...DEFAULT_SYMBOL_OPTIONS, maxItems: cfg(settings).maxOutlineItems, cancelled });
    return mapSteps(r, x => ({ result: visibleSymbols(x.symbols), limited: x.limited }));
  };
  const startFoldingRanges = (doc: SmtpDocument, rangeLimit: number): Steps<Limited<FoldingRange[]>> =>
    mapSteps(doc.ndr ? doneSteps(ndrFolding(doc.ndr, doc.log, rangeLimit)) : startLogFolding(doc.log, rangeLimit), r => ({ result: r.ranges, limited: r.limited }));
  return {
    parse(text, languageId, options) {
      return runAll(startParse(text, languageId, options));
    },
    startParse,
    doHover(doc, pos, settings) {
      if (!validPosition(pos)) return null;
      if (doc.ndr) return visibleHover(ndrHover(doc.ndr, doc.log, pos.line, pos.character, cfg(settings).hoverDetail));
      return visibleHover(logHover(doc.log, pos.line, pos.character, cfg(settings).hoverDetail));
    },
    doValidation(doc, settings, counts) {
      return runAll(startValidation(doc, settings, counts));
    },
    startValidation,
    findDocumentSymbols(doc, settings, cancelled) {
      return runAll(startDocumentSymbols(doc, settings, cancelled));
    },
    startDocumentSymbols: (doc, settings) => startDocumentSymbols(doc, settings),
    getFoldingRanges(doc, rangeLimit = 5000) {
      return runAll(startFoldingRanges(doc, rangeLimit));
    },
    startFoldingRanges: (doc, rangeLimit = 5000) => startFoldingRanges(doc, rangeLimit),
    findReferences(doc, uri, pos) {
      if (!validPosition(pos)) return { result: [], limited: false };
      const r = logReferences(doc.log, uri, pos.line, pos.character);
      return { result: r.locations, limited: r.limited };
    },
    sessionTranscript(doc, line) {
      if (!Number.isInteger(line)) return undefined;
      const t = transcriptOf(doc.log, line);
      return t && { ...t, title: visibleText(t.title) };
    },
    replyCensus(doc) {
      return logCensus(doc.log);
    },
    stream(options) {
      return new LogStream(options);
    },
    overview(limits) {
      return new Overview(limits);
    },
    getSemanticTokens(doc, startLine, endLine) {
      const r = logSemanticTokens(doc.log, startLine, endLine);
      return { result: r.data, limited: r.limited };
    },
    startSemanticTokens(doc, startLine, endLine) {
      return mapSteps(startLogSemanticTokens(doc.log, startLine, endLine), r => ({ result: r.data, limited: r.limited }));
    },
    findDocumentLinks(doc) {
      const r = logLinks(doc.log);
      return { result: r.links, limited: r.limited };
    },
    findDocumentHighlights(doc, pos) {
      return logReferences(doc.log, '', pos.line, pos.character, 5000).locations.map(l => ({ range: l.range, kind: 1 as const }));
    },
    getSelectionRanges(doc, positions) {
      return logSelectionRanges(doc.log, positions);
    },
    getReplyDelayHints(doc, startLine, endLine) {
      if (doc.ndr || !Number.isInteger(startLine) || !Number.isInteger(endLine)) return { result: [], limited: false };
      const r = replyDelayHints(doc.log, startLine, endLine);
      return { result: r.hints, limited: r.limited };
    },
    summarize(text, name, limits) {
      const b = new SummaryBuilder(limits && { top: 10, maxBuckets: 2000, ...limits });
      streamText(text, name, r => b.add(r));
      return visibleLabels(b.result());
    },
    lineOf(log, line) {
      return lineText(log, line);
    },
    textOf(doc) {
      return textPieces(doc.log).map(p => p.text);
    },
    startSummarize(text, name, limits) {
      const b = new SummaryBuilder(limits && { top: 10, maxBuckets: 2000, ...limits });
      return streamSteps(text, name, r => b.add(r), () => visibleLabels(b.result()));
    },
    async summarizeSources(sets, options) {
      const r = await summarizeSources(sets, options);
      visibleLabels(r.summary);
      return r;
    },
    filterSources(sets, filter, options) {
      return filterSources(sets, filter, { ...options, visible: s => visibleText(s) });
    },
    summaryBuilder(limits) {
      return new SummaryBuilder(limits && { top: 10, maxBuckets: 2000, ...limits });
    },
    filterView(doc, text, name, filter, maxLines = 50_000) {
      const f = parseFilter(filter);
      if (typeof f === 'string') return f;
      const c = new FilterCollector(f, maxLines);
      streamText(text, name, r => c.add(r));
      return filteredView(doc, name, f, c);
    },
    startFilterView(doc, text, name, filter, maxLines = 50_000) {
      const f = parseFilter(filter);
      if (typeof f === 'string') return doneSteps(f);
      const c = new FilterCollector(f, maxLines);
      return streamSteps<FilteredView | string>(text, name, r => c.add(r), () => filteredView(doc, name, f, c));
    },
  };
}

// -- the streaming engine and its records (CLI, export, and later the workspace index) --
export { LogStream, type StreamOptions, type FileInfo, type FileSummary } from './stream/reader';
export { Overview, type OverviewItem, type OverviewLimits } from './records/overview';
export { rotationOf, fileKey } from './records/id';
export type { ReplyCensus } from './features/logCensus';
export { SCHEMA_VERSION, replyHeadOf, type LogRecord, type RecordType, type ReplyRecord, type SessionRecord, type MessageRecord, type BounceRecord } from './records/schema';
export { explainReply, actorLabel, classOf, outcomeOf, sideOf } from './knowledge';
export { SummaryBuilder, type LogSummary, type SummaryItem, type SummaryBucket, type SummaryTotals, type SummaryLimits } from './summary/summary';
export { parseFilter, matchesFilter, FilterCollector, filterTitle, type RecordFilter } from './summary/filter';
export { readSources, LinePicker, type Source, type ReadSourcesOptions, type ReadSourcesResult } from './stream/sources';
export type { SourcesOptions, SourcesFilterView } from './summary/sources';
/** ids of the log formats the engine knows (for a format forced by the user) */
export const LOG_FORMATS: readonly string[] = DIALECTS.map(d => d.id);
// -- the message trail: identities across files, servers and bounces --
export { TrailIndex, FileIndex, keysForIdentifier, type TraceRef, type Occurrence, type IndexStats } from './trail/index';
export { TrailCollector } from './trail/collect';
export { buildTrail, resolveQuery, trailText, traceId, duration, baseName, DEFAULT_ASSUMPTIONS, type Trail, type TrailHop, type TrailAssumptions, type TrailQuery, type PendingDelivery } from './trail/trail';
export type { MessageTrace, TrailStep, StepKind } from './trail/trace';
import { traceOfBounce } from './trail/trace';
/** The ids a bounce carries (X-Postfix-Queue-ID, original Message-ID, its own Message-Id): the seed of its trail. */
export function bounceKeys(text: string): string[] {
  const t = traceOfBounce(text, '');
  return t ? [...t.links, ...t.keys] : [];
}
export { identifierAt } from './features/logReferences';
