/**
 * The core's facade: what the server, the CLI and the tests call. Takes text, returns LSP data
 * types. Knows nothing of connections, editors or processes.
 */
import type { Diagnostic, DocumentHighlight, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, Position, SelectionRange } from 'vscode-languageserver-types';
import { parseLog, type ParseOptions } from './parser/parse';
import { DIALECTS } from './scanner/dialects';
import { type LogModel } from './parser/model';
import { transcriptOf } from './parser/queries';
import { logHover } from './features/logHover';
import { logDiagnostics } from './features/logDiagnostics';
import { DEFAULT_SYMBOL_OPTIONS, logSymbols } from './features/logSymbols';
import { logFolding } from './features/logFolding';
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
import { Overview, type OverviewLimits } from './records/overview';
import { logSemanticTokens } from './features/logSemanticTokens';
import { logLinks } from './features/logLinks';
import { logSelectionRanges } from './features/logSelectionRanges';

export type { LogModel } from './parser/model';
export type { NdrModel, NdrReport } from './ndr/model';
export { LineKind } from './scanner/tokens';
export { sniffLanguage } from './detect/sniff';
export { SEMANTIC_TOKEN_TYPES, SEMANTIC_TOKEN_MODIFIERS } from './features/logSemanticTokens';

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
  doHover(doc: SmtpDocument, pos: Position, settings?: Partial<ServiceSettings>): Hover | null;
  /** problems, at most settings.maxProblems (plus a note when cut); `counts.total` receives the number before the cut */
  doValidation(doc: SmtpDocument, settings?: Partial<ServiceSettings>, counts?: { total: number }): Diagnostic[];
  findDocumentSymbols(doc: SmtpDocument, settings?: Partial<ServiceSettings>): Limited<DocumentSymbol[]>;
  getFoldingRanges(doc: SmtpDocument, rangeLimit?: number): Limited<FoldingRange[]>;
  /** every line that carries the identifier (queue id, session id, message id, address ...) under the cursor */
  findReferences(doc: SmtpDocument, uri: string, pos: Position): Limited<Location[]>;
  /** the lines of the session that `line` belongs to, in order, with their original line numbers */
  sessionTranscript(doc: SmtpDocument, line: number): { text: string; lines: number[]; title: string } | undefined;
  /** the streaming engine: chunks of one or more files in, records out (memory bounded by what is open) */
  stream(options: StreamOptions): LogStream;
  /** failures grouped by kind and remote side, sessions by hour: for views of logs too large to open */
  overview(limits?: OverviewLimits): Overview;
  /** semantic tokens (LSP relative encoding, legend SEMANTIC_TOKEN_TYPES) of all lines or of [startLine, endLine] */
  getSemanticTokens(doc: SmtpDocument, startLine?: number, endLine?: number): Limited<number[]>;
  /** the http(s) URLs the document writes, as links */
  findDocumentLinks(doc: SmtpDocument): Limited<DocumentLink[]>;
  /** the identifier under the cursor (queue id, session id, address ...) wherever the document carries it */
  findDocumentHighlights(doc: SmtpDocument, pos: Position): DocumentHighlight[];
  /** Expand Selection: identifier -> line -> reply with its command -> session -> document */
  getSelectionRanges(doc: SmtpDocument, positions: Position[]): SelectionRange[];
}

export function createSmtpLanguageService(): SmtpLanguageService {
  const cfg = (s?: Partial<ServiceSettings>): ServiceSettings => ({ ...DEFAULT_SETTINGS, ...s });
  return {
    parse(text, languageId, options) {
      if (languageId === 'smtp-ndr') {
        const log = parseQuotedTranscript(text);
        if (log.format === 'binary') return { languageId: 'smtp-ndr', log };
        const ndr = parseNdr(log);
        // the log model keeps the quoted transcript lines; its name says what the document is
        return { languageId: 'smtp-ndr', log: { ...log, format: `ndr-${ndr.layout}`, formatName: `delivery report (${ndr.layoutName})` }, ndr };
      }
      return { languageId: 'smtp-log', log: parseLog(text, options) };
    },
    doHover(doc, pos, settings) {
      if (doc.ndr) return ndrHover(doc.ndr, doc.log, pos.line, pos.character, cfg(settings).hoverDetail);
      return logHover(doc.log, pos.line, pos.character, cfg(settings).hoverDetail);
    },
    doValidation(doc, settings, counts) {
      if (doc.ndr) return ndrDiagnostics(doc.ndr, doc.log, { maxProblems: cfg(settings).maxProblems, counts });
      return logDiagnostics(doc.log, { maxProblems: cfg(settings).maxProblems, counts });
    },
    findDocumentSymbols(doc, settings) {
      const r = doc.ndr ? ndrSymbols(doc.ndr, doc.log, cfg(settings).maxOutlineItems)
        : logSymbols(doc.log, { ...DEFAULT_SYMBOL_OPTIONS, maxItems: cfg(settings).maxOutlineItems });
      return { result: r.symbols, limited: r.limited };
    },
    getFoldingRanges(doc, rangeLimit = 5000) {
      const r = doc.ndr ? ndrFolding(doc.ndr, doc.log, rangeLimit) : logFolding(doc.log, rangeLimit);
      return { result: r.ranges, limited: r.limited };
    },
    findReferences(doc, uri, pos) {
      const r = logReferences(doc.log, uri, pos.line, pos.character);
      return { result: r.locations, limited: r.limited };
    },
    sessionTranscript(doc, line) {
      return transcriptOf(doc.log, line);
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
  };
}

// -- the streaming engine and its records (CLI, export, and later the workspace index) --
export { LogStream, type StreamOptions, type FileInfo, type FileSummary } from './stream/reader';
export { Overview, type OverviewItem, type OverviewLimits } from './records/overview';
export { rotationOf, fileKey } from './records/id';
export { SCHEMA_VERSION, type LogRecord, type RecordType, type ReplyRecord, type SessionRecord, type MessageRecord, type BounceRecord } from './records/schema';
export { explainReply, actorLabel, classOf } from './knowledge';
/** ids of the log formats the engine knows (for a format forced by the user) */
export const LOG_FORMATS: readonly string[] = DIALECTS.map(d => d.id);
