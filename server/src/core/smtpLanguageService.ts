/**
 * The core's facade: what the server, the CLI and the tests call. Takes text, returns LSP data
 * types. Knows nothing of connections, editors or processes.
 */
import type { Diagnostic, DocumentSymbol, FoldingRange, Hover, Location, Position } from 'vscode-languageserver-types';
import { parseLog, type ParseOptions } from './parser/parse';
import { type LogModel } from './parser/model';
import { transcriptOf } from './parser/queries';
import { logHover } from './features/logHover';
import { logDiagnostics } from './features/logDiagnostics';
import { DEFAULT_SYMBOL_OPTIONS, logSymbols } from './features/logSymbols';
import { logFolding } from './features/logFolding';
import { logReferences } from './features/logReferences';
import type { HoverDetail } from './features/render';

export type { LogModel } from './parser/model';
export { LineKind } from './scanner/tokens';
export { sniffLanguage } from './detect/sniff';

export interface ServiceSettings {
  hoverDetail: HoverDetail;
  maxProblems: number;
  maxOutlineItems: number;
}

export const DEFAULT_SETTINGS: ServiceSettings = { hoverDetail: 'full', maxProblems: 1000, maxOutlineItems: 10000 };

export interface SmtpDocument {
  languageId: 'smtp-log' | 'smtp-ndr';
  log: LogModel;
}

export interface Limited<T> { result: T; limited: boolean }

export interface SmtpLanguageService {
  parse(text: string, languageId?: string, options?: ParseOptions): SmtpDocument;
  doHover(doc: SmtpDocument, pos: Position, settings?: Partial<ServiceSettings>): Hover | null;
  doValidation(doc: SmtpDocument, settings?: Partial<ServiceSettings>): Diagnostic[];
  findDocumentSymbols(doc: SmtpDocument, settings?: Partial<ServiceSettings>): Limited<DocumentSymbol[]>;
  getFoldingRanges(doc: SmtpDocument, rangeLimit?: number): Limited<FoldingRange[]>;
  /** every line that carries the identifier (queue id, session id, message id, address ...) under the cursor */
  findReferences(doc: SmtpDocument, uri: string, pos: Position): Limited<Location[]>;
  /** the lines of the session that `line` belongs to, in order, with their original line numbers */
  sessionTranscript(doc: SmtpDocument, line: number): { text: string; lines: number[]; title: string } | undefined;
}

export function createSmtpLanguageService(): SmtpLanguageService {
  const cfg = (s?: Partial<ServiceSettings>): ServiceSettings => ({ ...DEFAULT_SETTINGS, ...s });
  return {
    parse(text, languageId, options) {
      return { languageId: languageId === 'smtp-ndr' ? 'smtp-ndr' : 'smtp-log', log: parseLog(text, options) };
    },
    doHover(doc, pos, settings) {
      return logHover(doc.log, pos.line, pos.character, cfg(settings).hoverDetail);
    },
    doValidation(doc, settings) {
      return logDiagnostics(doc.log, { maxProblems: cfg(settings).maxProblems });
    },
    findDocumentSymbols(doc, settings) {
      const r = logSymbols(doc.log, { ...DEFAULT_SYMBOL_OPTIONS, maxItems: cfg(settings).maxOutlineItems });
      return { result: r.symbols, limited: r.limited };
    },
    getFoldingRanges(doc, rangeLimit = 5000) {
      const r = logFolding(doc.log, rangeLimit);
      return { result: r.ranges, limited: r.limited };
    },
    findReferences(doc, uri, pos) {
      const r = logReferences(doc.log, uri, pos.line, pos.character);
      return { result: r.locations, limited: r.limited };
    },
    sessionTranscript(doc, line) {
      return transcriptOf(doc.log, line);
    },
  };
}
