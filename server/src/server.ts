/**
 * The LSP shell: documents, cache, settings, cancellation. Each handler looks up the parsed model
 * and calls one core function inside runSafe; nothing here knows SMTP.
 */
import {
  type Connection, type InitializeParams, type InitializeResult, TextDocuments, TextDocumentSyncKind,
  type Diagnostic, type TextDocumentChangeEvent,
  type CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError, WorkDoneProgress,
} from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { createSmtpLanguageService, type SmtpDocument, validPosition, SEMANTIC_TOKEN_TYPES, SEMANTIC_TOKEN_MODIFIERS } from './core/smtpLanguageService';
import { DocumentCache } from './documentCache';
import { runSafe } from './runner';
import { type Settings, toSettings, type RawSettings } from './settings';
import { SERVER_VERSION } from './version';
import {
  SessionStartsRequest, type SessionStartsParams, type SessionStartsResult,
  SessionTranscriptRequest, type SessionTranscriptParams, type SessionTranscriptResult,
  AnalyzeFileRequest, type AnalyzeFileParams, type AnalyzeFileResult,
  FileTranscriptRequest, type FileTranscriptParams, type FileTranscriptResult,
} from './protocol';
import { analyzeSource, fileTranscript, type FileSource } from './analyze';

/**
 * What the server needs from where it runs, injected by its entry (`node/main.ts`, `browser/main.ts`):
 * the shared server code uses no Node global (`process`, `Buffer`, `require`), so it runs in a web worker.
 */
export interface RuntimeEnvironment {
  timer: { setTimeout(cb: () => void, ms: number): { dispose(): void } };
  /** streams a file: URI from disk in chunks (the Node entry provides it; a browser entry would not) */
  readStream?(uri: string): Promise<FileSource>;
  /** `length` bytes of a file: URI from byte `offset` on (fewer at its end) */
  readRange?(uri: string, offset: number, length: number): Promise<Uint8Array>;
  /**
   * analyzes a file: URI off the server's thread (the Node entry: a worker thread); undefined when
   * cancelled. Without it the analysis runs on the server's thread, between other requests.
   */
  analyzeFile?(uri: string, progress: (done: number, total: number) => void, onCancel: (cancel: () => void) => void): Promise<AnalyzeFileResult | undefined>;
  /** the text of bytes that are all ASCII (a fast path for the stream decoder), else undefined */
  asciiText?(bytes: Uint8Array): string | undefined;
  now(): number;
  /** where the server runs, for the log: "node v20.11.0, pid 123", "web worker" */
  describe(): string;
}

const LANGUAGES = new Set(['smtp-log', 'smtp-ndr']);

export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const service = createSmtpLanguageService();
  /** documents whose last change appended whole lines at their end (a log written while it is open) */
  const appended = new Set<string>();
  const documents = new TextDocuments({
    create: TextDocument.create,
    update: (d, changes, version) => {
      if (wholeLinesAppended(d, changes)) appended.add(d.uri); else appended.delete(d.uri);
      return TextDocument.update(d, changes, version);
    },
  });
  const announced = new Set<string>();
  const cache = new DocumentCache(service, (uri, doc) => {
    // tell the user once per document what was skipped (binary data, huge lines ...)
    for (const note of doc.log.notes) {
      connection.console.info(`${uri}: ${note}`);
      const key = `${uri}\n${note}`;
      if (!announced.has(key) && !/^No SMTP log format/.test(note)) {
        announced.add(key);
        void connection.window.showWarningMessage(`SMTP Log: ${note}`);
      }
    }
  });
  let foldingLimit = 5000;
  let configurationPull = false;
  const settingsByUri = new Map<string, Promise<Settings>>();
  const pending = new Map<string, { dispose(): void }>();

  /**
   * Malformed requests get an InvalidParams error (and nothing in the log): a textDocument with a
   * string uri, and a position of two non-negative integers where the request has one.
   */
  const checkParams = (what: string, p: unknown, withPosition: boolean): void => {
    const q = p as { textDocument?: { uri?: unknown }; position?: unknown } | null | undefined;
    if (!q || typeof q !== 'object' || !q.textDocument || typeof q.textDocument.uri !== 'string') {
      throw new ResponseError(ErrorCodes.InvalidParams, `${what}: params.textDocument.uri must be a string`);
    }
    if (withPosition && !validPosition(q.position)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${what}: params.position must be { line, character } with non-negative integers`);
    }
  };

  /**
   * Let queued messages in (a $/cancelRequest, the edits that make this request stale) before
   * long work, then tell whether the request is still wanted.
   */
  const stillWanted = async (token: CancellationToken | undefined): Promise<boolean> => {
    await new Promise<void>(r => runtime.timer.setTimeout(r, 0));
    return !token?.isCancellationRequested;
  };
  const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
  /**
   * A request is for the version of its document that was open when it came: when an edit (or an
   * append) arrived since, the answer would be about text the editor no longer shows, so the request
   * is cancelled and the editor asks again.
   */
  const versionNow = (uri: string): number | undefined => documents.get(uri)?.version;
  const stillCurrent = async (token: CancellationToken | undefined, uri: string, version: number | undefined): Promise<void> => {
    if (!await stillWanted(token) || versionNow(uri) !== version) throw cancelled();
  };

  const model = (uri: string): SmtpDocument | undefined => {
    const d = documents.get(uri);
    if (!d || !LANGUAGES.has(d.languageId)) return undefined;
    return cache.get(uri, d.version, d.languageId, () => d.getText());
  };

  const settingsFor = (uri: string): Promise<Settings> => {
    if (!configurationPull) return Promise.resolve(toSettings(undefined));
    let s = settingsByUri.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'smtpLog' })
        .then((raw: RawSettings) => toSettings(raw), () => toSettings(undefined));
      settingsByUri.set(uri, s);
    }
    return s;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    configurationPull = !!caps.workspace?.configuration;
    const limit = caps.textDocument?.foldingRange?.rangeLimit;
    if (typeof limit === 'number' && limit > 0) foldingLimit = limit;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        documentSymbolProvider: { label: 'SMTP sessions' },
        foldingRangeProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        documentLinkProvider: { resolveProvider: false },
        selectionRangeProvider: true,
        semanticTokensProvider: {
          legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] },
          full: true,
          range: true,
        },
      },
      serverInfo: { name: 'smtp-log-language-server', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`smtp-log-language-server ${SERVER_VERSION} running: ${runtime.describe()}`);
  });

  connection.onDidChangeConfiguration(() => {
    settingsByUri.clear();
    for (const d of documents.all()) scheduleValidation(d, 0);
  });

  const validate = async (d: TextDocument): Promise<void> => {
    const settings = await settingsFor(d.uri);
    const current = documents.get(d.uri);
    if (!current || current.version !== d.version) return;
    const doc = model(d.uri);
    const diagnostics: Diagnostic[] = !doc || !settings.problemsEnabled ? [] :
      runSafe(connection, 'diagnostics', [] as Diagnostic[], undefined, () => service.doValidation(doc, settings));
    void connection.sendDiagnostics({ uri: d.uri, version: d.version, diagnostics });
  };

  const pendingVersion = new Map<string, number>();
  const scheduleValidation = (d: TextDocument, delay: number): void => {
    pending.get(d.uri)?.dispose();
    pendingVersion.set(d.uri, d.version);
    pending.set(d.uri, runtime.timer.setTimeout(() => { pending.delete(d.uri); void validate(d); }, delay));
  };

  // TextDocuments fires onDidChangeContent right after onDidOpen for the same version: only edits wait
  // for the typing debounce, a document that was just opened is validated at once
  documents.onDidOpen((e: TextDocumentChangeEvent<TextDocument>) => scheduleValidation(e.document, 0));
  documents.onDidChangeContent((e: TextDocumentChangeEvent<TextDocument>) => {
    if (pending.has(e.document.uri) && pendingVersion.get(e.document.uri) === e.document.version) return;
    // appended lines are parsed on their own (not the whole log again): their problems come at once
    scheduleValidation(e.document, appended.has(e.document.uri) ? 0 : 300);
  });
  documents.onDidClose(e => {
    pending.get(e.document.uri)?.dispose();
    pending.delete(e.document.uri);
    pendingVersion.delete(e.document.uri);
    cache.delete(e.document.uri);
    appended.delete(e.document.uri);
    settingsByUri.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(async (p, token) => {
    checkParams('hover', p, true);
    const version = versionNow(p.textDocument.uri);
    const settings = await settingsFor(p.textDocument.uri);
    if (token.isCancellationRequested || versionNow(p.textDocument.uri) !== version) throw cancelled();
    return runSafe(connection, 'hover', null, token, () => {
      const doc = model(p.textDocument.uri);
      return doc ? service.doHover(doc, p.position, settings) : null;
    });
  });

  const limitsAnnounced = new Set<string>();
  const announceLimit = (uri: string, what: string): void => {
    const key = `${uri}\n${what}`;
    if (limitsAnnounced.has(key)) return;
    limitsAnnounced.add(key);
    void connection.window.showInformationMessage(`SMTP Log: ${what}`);
  };

  connection.onDocumentSymbol(async (p, token) => {
    checkParams('document symbols', p, false);
    const uri = p.textDocument.uri, version = versionNow(uri);
    const settings = await settingsFor(uri);
    await stillCurrent(token, uri, version);
    const doc = runSafe(connection, 'parse', undefined, token, () => model(uri));
    // the parse of a large log takes a while: edits and cancellations that came meanwhile win
    await stillCurrent(token, uri, version);
    const r = runSafe(connection, 'document symbols', undefined, token, () => doc && service.findDocumentSymbols(doc, settings, () => token.isCancellationRequested));
    if (token.isCancellationRequested) throw cancelled();
    if (r?.limited) announceLimit(uri, `the outline was limited to ${settings.maxOutlineItems} items (setting smtpLog.outline.maxItems).`);
    return r?.result ?? [];
  });

  connection.onFoldingRanges(async (p, token) => {
    checkParams('folding ranges', p, false);
    const version = versionNow(p.textDocument.uri);
    await stillCurrent(token, p.textDocument.uri, version);
    const doc = runSafe(connection, 'parse', undefined, token, () => model(p.textDocument.uri));
    await stillCurrent(token, p.textDocument.uri, version);
    return runSafe(connection, 'folding ranges', [], token, () => {
      if (!doc) return [];
      const r = service.getFoldingRanges(doc, foldingLimit);
      if (r.limited) announceLimit(p.textDocument.uri, `folding was limited to ${foldingLimit} ranges (whole sessions first).`);
      return r.result;
    });
  });

  connection.onReferences(async (p, token) => {
    checkParams('references', p, true);
    await stillCurrent(token, p.textDocument.uri, versionNow(p.textDocument.uri));
    return runSafe(connection, 'references', [], token, () => {
      const doc = model(p.textDocument.uri);
      if (!doc) return [];
      const r = service.findReferences(doc, p.textDocument.uri, p.position);
      if (r.limited) announceLimit(p.textDocument.uri, `references were limited to ${r.result.length} lines.`);
      return r.result;
    });
  });

  connection.onDocumentHighlight((p, token) => runSafe(connection, 'document highlight', [], token, () => {
    const doc = model(p.textDocument.uri);
    return doc ? service.findDocumentHighlights(doc, p.position) : [];
  }));

  connection.onDocumentLinks((p, token) => runSafe(connection, 'document links', [], token, () => {
    const doc = model(p.textDocument.uri);
    return doc ? service.findDocumentLinks(doc).result : [];
  }));

  connection.onSelectionRanges((p, token) => runSafe(connection, 'selection ranges', [], token, () => {
    const doc = model(p.textDocument.uri);
    return doc ? service.getSelectionRanges(doc, p.positions) : [];
  }));

  const tokensCut = new Set<string>();
  connection.languages.semanticTokens.on((p, token) => runSafe(connection, 'semantic tokens', { data: [] as number[] }, token, () => {
    const doc = model(p.textDocument.uri);
    if (!doc) return { data: [] };
    const r = service.getSemanticTokens(doc);
    if (r.limited && !tokensCut.has(p.textDocument.uri)) {
      tokensCut.add(p.textDocument.uri);
      connection.console.info(`${p.textDocument.uri}: semantic tokens of a whole-document request cover the first lines only (the visible lines always get theirs).`);
    }
    return { data: r.result };
  }));

  connection.languages.semanticTokens.onRange((p, token) => runSafe(connection, 'semantic tokens', { data: [] as number[] }, token, () => {
    const doc = model(p.textDocument.uri);
    return { data: doc ? service.getSemanticTokens(doc, p.range.start.line, p.range.end.line).result : [] };
  }));

  const checkUri = (what: string, p: unknown): void => {
    if (!p || typeof (p as { uri?: unknown }).uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${what}: params.uri must be a string`);
  };

  connection.onRequest(SessionStartsRequest, (p: SessionStartsParams): SessionStartsResult => {
    checkUri('session starts', p);
    return runSafe(connection, 'session starts', [] as number[], undefined, () => {
      const doc = model(p.uri);
      return doc ? Array.from(doc.log.sessions.first) : [];
    });
  });

  connection.onRequest(SessionTranscriptRequest, (p: SessionTranscriptParams): SessionTranscriptResult | null => {
    checkUri('session transcript', p);
    if (!Number.isInteger(p.line) || p.line < 0) throw new ResponseError(ErrorCodes.InvalidParams, 'session transcript: params.line must be a non-negative integer');
    return runSafe(connection, 'session transcript', null, undefined, () => {
      const doc = model(p.uri);
      return doc ? service.sessionTranscript(doc, p.line) ?? null : null;
    });
  });

  // Logs VS Code does not pass to extensions: streamed from disk through the engine, block by block, so
  // memory stays bounded at any size, in a worker thread (Node) so that the open documents keep
  // answering; progress goes out as $/progress (the request's workDoneToken), and it can be cancelled.
  // The view groups failures by kind and remote side, and sessions by day and hour.
  connection.onRequest(AnalyzeFileRequest, async (p: AnalyzeFileParams & { workDoneToken?: string | number }, token): Promise<AnalyzeFileResult | null> => {
    checkUri('analyze file', p);
    // a custom request gets no work-done reporter from the library: $/progress is sent here
    const progressToken = p.workDoneToken;
    const workDone = progressToken === undefined ? undefined : {
      begin: (title: string) => void connection.sendProgress(WorkDoneProgress.type, progressToken, { kind: 'begin', title, percentage: 0, cancellable: true }),
      report: (percentage: number, message: string) => void connection.sendProgress(WorkDoneProgress.type, progressToken, { kind: 'report', percentage, message }),
      done: () => void connection.sendProgress(WorkDoneProgress.type, progressToken, { kind: 'end' }),
    };
    if (!runtime.readStream && !runtime.analyzeFile) throw new ResponseError(ErrorCodes.InvalidRequest, 'this server cannot read files from disk');
    const name = p.uri.slice(p.uri.lastIndexOf('/') + 1);
    workDone?.begin(`Reading ${decodeURIComponent(name)}`);
    let shown = -1;
    const progress = (done: number, total: number): void => {
      const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
      if (pct === shown) return;
      shown = pct;
      workDone?.report(pct, `${(done / 1048576).toFixed(0)} of ${(total / 1048576).toFixed(0)} MB`);
    };
    try {
      const r = runtime.analyzeFile
        ? await runtime.analyzeFile(p.uri, progress, cancel => { token.onCancellationRequested(cancel); if (token.isCancellationRequested) cancel(); })
        : await analyzeSource(service, p.uri, await runtime.readStream!(p.uri), { asciiText: runtime.asciiText, now: runtime.now, progress, cancelled: () => token.isCancellationRequested });
      if (!r) throw cancelled();
      connection.console.info(`${p.uri}: analyzed from disk, ${r.bytes} bytes, ${r.lineCount} lines, ${r.sessionCount} sessions and messages, ${r.problemCount} failures, ${r.ms} ms`);
      return r;
    } finally {
      workDone?.done();
    }
  });

  connection.onRequest(FileTranscriptRequest, async (p: FileTranscriptParams): Promise<FileTranscriptResult | null> => {
    checkUri('file transcript', p);
    if (!Number.isInteger(p.line) || p.line < 0 || !Number.isInteger(p.offset) || p.offset < 0) throw new ResponseError(ErrorCodes.InvalidParams, 'file transcript: params.line and params.offset must be non-negative integers');
    if (!runtime.readRange) throw new ResponseError(ErrorCodes.InvalidRequest, 'this server cannot read files from disk');
    const read = runtime.readRange;
    return fileTranscript(service, (offset, length) => read(p.uri, offset, length), p);
  });

  documents.listen(connection);
  connection.listen();
}

/**
 * Did these changes append whole lines at the end of a document that ended with a line break? That is
 * what an editor sends when it reloads a log that grew on disk.
 */
function wholeLinesAppended(d: TextDocument, changes: readonly TextDocumentContentChangeEvent[]): boolean {
  if (changes.length !== 1) return false;
  const c = changes[0];
  if (!('range' in c) || !c.text.endsWith('\n')) return false;
  const end = d.lineCount - 1;
  const { start, end: stop } = c.range;
  return start.line === end && start.character === 0 && stop.line === end && stop.character === 0 && d.offsetAt(start) === d.getText().length && d.getText().endsWith('\n');
}
