/**
 * The LSP shell: documents, cache, settings, cancellation. Each handler looks up the parsed model
 * and calls one core function inside runSafe; nothing here knows SMTP.
 */
import {
  type Connection, type InitializeParams, type InitializeResult, TextDocuments, TextDocumentSyncKind,
  type Diagnostic, type TextDocumentChangeEvent,
  type CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError, WorkDoneProgress,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createSmtpLanguageService, type SmtpDocument, type Steps, type Source, type ReadSourcesResult, validPosition, SEMANTIC_TOKEN_TYPES, SEMANTIC_TOKEN_MODIFIERS, identifierAt, keysForIdentifier, baseName, visibleText, bounceKeys } from './core/smtpLanguageService';

const identifierAtLine = (line: string, character: number): string | undefined => identifierAt(line, character)?.text;
import { type Append, appendedLines, DocumentCache, endAfter, type TextEnd } from './documentCache';
import { runSafe } from './runner';
import { runInSlices } from './slices';
import { type Settings, toSettings, type RawSettings } from './settings';
import { SERVER_VERSION } from './version';
import {
  SessionStartsRequest, type SessionStartsParams, type SessionStartsResult,
  SessionTranscriptRequest, type SessionTranscriptParams, type SessionTranscriptResult,
  AnalyzeFileRequest, type AnalyzeFileParams, type AnalyzeFileResult,
  MessageTrailRequest, type MessageTrailParams, type MessageTrailResult,
  SummaryRequest, type SummaryParams, type SummaryResult,
  FilterViewRequest, type FilterViewParams, type FilterViewResult,
  FileTranscriptRequest, type FileTranscriptParams, type FileTranscriptResult,
  WorkspaceSummaryRequest, type WorkspaceSummaryParams, type WorkspaceSummaryResult, type WorkspaceInput,
  WorkspaceFilterViewRequest, type WorkspaceFilterViewParams, type WorkspaceFilterViewResult,
} from './protocol';
import { analyzeSource, fileTranscript, type FileSource } from './analyze';
import { WorkspaceIndex } from './workspaceIndex';
import { toIndexSettings } from './settings';
import { DidChangeWatchedFilesNotification, SymbolKind, type Location, type SymbolInformation } from 'vscode-languageserver';

/**
 * What the server needs from where it runs, injected by its entry (`node/main.ts`, `browser/main.ts`):
 * the shared server code uses no Node global (`process`, `Buffer`, `require`), so it runs in a web worker.
 */
export interface RuntimeEnvironment {
  timer: {
    setTimeout(cb: () => void, ms: number): { dispose(): void };
    /** runs cb once pending I/O (incoming messages) was handled (Node's setImmediate); else a 0 ms timeout is used */
    setImmediate?(cb: () => void): void;
  };
  /** streams a file: URI from disk in chunks (the Node entry provides it; a browser entry would not) */
  readStream?(uri: string): Promise<FileSource>;
  /** the files under a folder URI, recursively (the Node entry provides it): the workspace index reads them */
  listFiles?(folderUri: string, max: number): Promise<{ uri: string; size: number; modified: Date }[]>;
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
  /**
   * documents whose last change appended whole lines at their end (a log written while it is open): the
   * versions before and after, the appended text, and how the text then ends (known without reading it,
   * unless the append began with a line feed that may end a line the text ended with a carriage return)
   */
  const appended = new Map<string, Append & { end?: TextEnd }>();
  /**
   * How a version of a document ends: from what an append made of it, or its model, or (neither known) the
   * editor's document (which then counts its lines, once).
   */
  const endOf = (d: TextDocument): TextEnd => {
    const a = appended.get(d.uri);
    if (a?.end && a.version === d.version) return a.end;
    const m = cache.end(d.uri, d.version, d.getText().length);
    if (m) return m;
    const lines = d.lineCount;
    return { lines, emptyLast: d.offsetAt({ line: lines - 1, character: 0 }) === d.getText().length };
  };
  /**
   * Line `line` of an open document without its line break: from its model when it is parsed (the text of
   * a log that grew by appends is read through its pieces), else from the editor's document.
   */
  const documentLine = (uri: string, line: number): string => {
    const d = documents.get(uri);
    if (!d) return '';
    const m = cache.logModel(uri, d.version, d.getText().length);
    if (m) return line < m.lineCount ? service.lineOf(m, line) : '';
    return d.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
  };
  const documents = new TextDocuments({
    create: TextDocument.create,
    update: (d, changes, version) => {
      const added = appendedLines(changes, () => endOf(d));
      if (added === undefined) {
        appended.delete(d.uri);
        return TextDocument.update(d, changes, version);
      }
      appended.set(d.uri, { after: d.version, version, text: added, end: endAfter(endOf(d), added) });
      // a new document of the joined text: TextDocument.update would first count the lines of the whole old
      // text (130 ms for 45 MB, reading every character), which nothing here needs
      return TextDocument.create(d.uri, d.languageId, version, d.getText() + added);
    },
  });
  const announced = new Set<string>();
  // between two slices of a long parse or validation, incoming messages are read and answered first. A
  // message takes three turns of the event loop: read (I/O), dispatched (vscode-jsonrpc's setImmediate),
  // its answer written (the writer's setImmediate): the next slice comes after three turns.
  const immediate = runtime.timer.setImmediate;
  const nextTurn = (): Promise<void> => new Promise<void>(r => {
    if (!immediate) { runtime.timer.setTimeout(r, 0); return; }
    immediate(() => immediate(() => immediate(r)));
  });
  const clock = { now: () => runtime.now(), yieldNow: nextTurn };
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
  }, clock, m => connection.console.info(m), e => connection.console.error(`parse failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
  let foldingLimit = 5000;
  let configurationPull = false;
  let progressSupported = false;
  let watchRegistration = false;
  let foldersChange = false;
  let folders: string[] = [];
  const yieldNow = (): Promise<void> => new Promise<void>(r => runtime.timer.setTimeout(r, 0));
  const workspace = new WorkspaceIndex(service, runtime.readStream && runtime.listFiles ? { readStream: runtime.readStream, listFiles: runtime.listFiles } : undefined,
    yieldNow, s => connection.console.info(s),
    async title => {
      if (!progressSupported) return { report() { /* no progress UI */ }, done() { /* none */ } };
      const p = await connection.window.createWorkDoneProgress();
      p.begin(title, 0, undefined, false);
      return { report: (m, pct) => p.report(pct ?? 0, m), done: () => p.done() };
    }, runtime.timer);
  workspace.openText = uri => documents.get(uri)?.getText();
  const folderOf = (uri: string): string | undefined => folders.filter(f => uri.startsWith(f.endsWith('/') ? f : f + '/')).sort((a, b) => b.length - a.length)[0];
  let indexSettingsKey = '';
  let configuredOnce: Promise<void> = Promise.resolve();
  const configureIndex = async (): Promise<void> => {
    const raw = configurationPull ? await connection.workspace.getConfiguration({ section: 'smtpLog' }).then((r: RawSettings) => r, () => undefined) : undefined;
    const st = toIndexSettings(raw);
    const key = JSON.stringify([st, folders]);
    if (key === indexSettingsKey) return;
    indexSettingsKey = key;
    workspace.configure(folders, st);
  };
  let inlayRefresh = false;
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

  /** what to call when a document changes or closes: the requests waiting for its model give up */
  const waiting = new Map<string, Set<() => void>>();
  const stale = (uri: string): void => {
    const w = waiting.get(uri);
    waiting.delete(uri);
    if (w) for (const stop of w) stop();
  };
  /**
   * The model of a document for a request that came when it was at `version`: at once for a small or
   * already parsed one; else when the parse job of that version (shared by all the requests that need it)
   * ends. It is RequestCancelled at the next slice boundary when the client cancels the request or the
   * document changes meanwhile. Undefined: not an SMTP document (or its parse failed, which is logged).
   */
  const model = async (uri: string, token?: CancellationToken, version = versionNow(uri)): Promise<SmtpDocument | undefined> => {
    // (a malformed request without a uri gets the empty answer)
    const d = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!d || !LANGUAGES.has(d.languageId)) return undefined;
    if (d.version !== version || token?.isCancellationRequested) throw cancelled();
    const r = cache.get(uri, d.version, d.languageId, d.getText());
    if (!(r instanceof Promise)) return r;
    const doc = await new Promise<SmtpDocument | undefined>((resolve, reject) => {
      let w = waiting.get(uri);
      if (!w) waiting.set(uri, w = new Set());
      const stop = (): void => { sub?.dispose(); w.delete(stop); reject(cancelled()); };
      const sub = token?.onCancellationRequested(stop);
      w.add(stop);
      void r.then(v => { sub?.dispose(); w.delete(stop); resolve(v); });
    });
    if (versionNow(uri) !== version) throw cancelled();
    return doc;
  };
  /**
   * Work over a whole document (outline, folding, semantic tokens) in slices: RequestCancelled at a slice
   * boundary when the client cancels or the document changed; undefined when it failed (logged).
   */
  const sliced = async <T>(what: string, token: CancellationToken, uri: string, version: number | undefined, start: () => Steps<T>): Promise<T | undefined> => {
    const wanted = () => !token.isCancellationRequested && versionNow(uri) === version;
    const r = await (async () => runInSlices(start(), wanted, clock))().catch((e: unknown) => {
      connection.console.error(`${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return { result: undefined };
    });
    if (!wanted()) throw cancelled();
    return r.result;
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
    progressSupported = !!caps.window?.workDoneProgress;
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    foldersChange = !!caps.workspace?.workspaceFolders;
    folders = (params.workspaceFolders ?? []).map(f => f.uri);
    if (!folders.length && params.rootUri) folders = [params.rootUri];
    inlayRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
    const limit = caps.textDocument?.foldingRange?.rangeLimit;
    if (typeof limit === 'number' && limit > 0) foldingLimit = limit;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        documentSymbolProvider: { label: 'SMTP sessions' },
        foldingRangeProvider: true,
        referencesProvider: true,
        definitionProvider: true,
        workspaceSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        documentHighlightProvider: true,
        documentLinkProvider: { resolveProvider: false },
        selectionRangeProvider: true,
        inlayHintProvider: true,
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
    if (watchRegistration && runtime.listFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    if (!runtime.listFiles) connection.console.info('workspace index: no disk here; the open documents are indexed instead.');
    configuredOnce = configureIndex();
    // folders added or removed: the index follows (clients that announce workspace folder changes)
    if (foldersChange) connection.workspace.onDidChangeWorkspaceFolders(e => {
      folders = [...folders.filter(f => !e.removed.some(r => r.uri === f)), ...e.added.map(a => a.uri)];
      configuredOnce = configureIndex();
    });
  });

  connection.onDidChangeWatchedFiles(p => {
    for (const c of p.changes) workspace.changed(c.uri, c.type === 3, folderOf);
  });

  connection.onDidChangeConfiguration(() => {
    settingsByUri.clear();
    void configureIndex();
    for (const d of documents.all()) scheduleValidation(d, 0);
    // smtpLog.inlayHints.replyDelay may have changed: the editor asks for the hints again
    if (inlayRefresh) void connection.languages.inlayHint.refresh();
  });

  const validate = async (d: TextDocument): Promise<void> => {
    const version = d.version;
    const settings = await settingsFor(d.uri);
    const current = documents.get(d.uri);
    if (!current || current.version !== version) return;
    // a newer version (or closing the document) drops this one: its problems would be stale
    const doc = await model(d.uri, undefined, version).catch(() => undefined);
    if (versionNow(d.uri) !== version) return;
    let diagnostics: Diagnostic[] = [];
    if (doc && settings.problemsEnabled) {
      // the problems of a large log are looked for in slices too
      const steps = runSafe(connection, 'diagnostics', undefined, undefined, () => service.startValidation(doc, settings));
      const r = steps && await runInSlices(steps, () => versionNow(d.uri) === version, clock).catch((e: unknown) => {
        connection.console.error(`diagnostics failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return { result: [] as Diagnostic[] };
      });
      if (versionNow(d.uri) !== version) return;
      diagnostics = r?.result ?? [];
    }
    void connection.sendDiagnostics({ uri: d.uri, version, diagnostics });
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
    // requests waiting for an older version's model are cancelled; its parse is dropped unless this was an append
    stale(e.document.uri);
    const added = appended.get(e.document.uri);
    cache.changed(e.document.uri, e.document.version, added?.version === e.document.version ? added : undefined);
    if (pending.has(e.document.uri) && pendingVersion.get(e.document.uri) === e.document.version) return;
    // appended lines are parsed on their own (not the whole log again): their problems come at once
    scheduleValidation(e.document, appended.has(e.document.uri) ? 0 : 300);
  });
  documents.onDidClose(e => {
    pending.get(e.document.uri)?.dispose();
    pending.delete(e.document.uri);
    pendingVersion.delete(e.document.uri);
    cache.delete(e.document.uri);
    stale(e.document.uri);
    appended.delete(e.document.uri);
    settingsByUri.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(async (p, token) => {
    checkParams('hover', p, true);
    const version = versionNow(p.textDocument.uri);
    const settings = await settingsFor(p.textDocument.uri);
    if (token.isCancellationRequested || versionNow(p.textDocument.uri) !== version) throw cancelled();
    const doc = await model(p.textDocument.uri, token, version);
    return runSafe(connection, 'hover', null, token, () => doc ? service.doHover(doc, p.position, settings) : null);
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
    // the parse of a large log runs in slices: edits and cancellations that come meanwhile win
    const doc = await model(uri, token, version);
    await stillCurrent(token, uri, version);
    // the outline of a large log is built in slices too (a few sessions per step)
    const r = doc && await sliced('document symbols', token, uri, version, () => service.startDocumentSymbols(doc, settings));
    if (r?.limited) announceLimit(uri, `the outline was limited to ${settings.maxOutlineItems} items (setting smtpLog.outline.maxItems).`);
    return r?.result ?? [];
  });

  connection.onFoldingRanges(async (p, token) => {
    checkParams('folding ranges', p, false);
    const version = versionNow(p.textDocument.uri);
    await stillCurrent(token, p.textDocument.uri, version);
    const doc = await model(p.textDocument.uri, token, version);
    await stillCurrent(token, p.textDocument.uri, version);
    if (!doc) return [];
    const r = await sliced('folding ranges', token, p.textDocument.uri, version, () => service.startFoldingRanges(doc, foldingLimit));
    if (r?.limited) announceLimit(p.textDocument.uri, `folding was limited to ${foldingLimit} ranges (whole sessions first).`);
    return r?.result ?? [];
  });

  connection.onReferences(async (p, token) => {
    checkParams('references', p, true);
    const version = versionNow(p.textDocument.uri);
    await stillCurrent(token, p.textDocument.uri, version);
    const doc = await model(p.textDocument.uri, token, version);
    return runSafe(connection, 'references', [], token, () => {
      if (!doc) return [];
      const r = service.findReferences(doc, p.textDocument.uri, p.position);
      if (r.limited) announceLimit(p.textDocument.uri, `references were limited to ${r.result.length} lines.`);
      // the same id in the other files of the workspace (the index's places; this document's own come from its text)
      const id = identifierAtLine(documentLine(p.textDocument.uri, p.position.line), p.position.character);
      if (!id) return r.result;
      const more = workspace.occurrences(id, 10000);
      if (more.limited) announceLimit('workspace', `references in other files were limited to ${more.result.length} places.`);
      const seen = new Set(r.result.map(l => `${l.uri}\n${l.range.start.line}\n${l.range.start.character}`));
      const out: Location[] = [...r.result];
      for (const o of more.result) {
        if (o.path === p.textDocument.uri || seen.has(`${o.path}\n${o.line - 1}\n${o.character}`)) continue;
        out.push({ uri: o.path, range: { start: { line: o.line - 1, character: o.character }, end: { line: o.line - 1, character: o.character + o.length } } });
      }
      return out;
    });
  });

  // Go to Definition on a queue id, message id or next-hop id: the first line of the message that carries it, in any file
  connection.onDefinition((p, token) => { checkParams('definition', p, true); return runSafe(connection, 'definition', [] as Location[], token, () => {
    const id = identifierAtLine(documentLine(p.textDocument.uri, p.position.line), p.position.character);
    if (!id) return [];
    return workspace.index.definitions(keysForIdentifier(id)).map(d => ({ uri: d.path, range: { start: { line: d.line - 1, character: 0 }, end: { line: d.line - 1, character: 0 } } }));
  }); });

  // workspace symbols: queue ids, message ids and addresses that contain the query, each place in every file
  connection.onWorkspaceSymbol((p, token) => runSafe(connection, 'workspace symbols', [] as SymbolInformation[], token, () => {
    if (!p || typeof p.query !== 'string') return [];
    const out: SymbolInformation[] = [];
    for (const k of workspace.index.search(p.query, 200)) {
      const kind = k.startsWith('m:') ? 'Message-ID' : k.startsWith('a:') ? 'address' : 'queue id';
      for (const o of workspace.index.occurrences([k], 1000).result) {
        if (out.length >= 1000) return out;
        out.push({ name: k.slice(2), kind: k.startsWith('a:') ? SymbolKind.String : SymbolKind.Key, containerName: `${kind} · ${baseName(o.path)}`, location: { uri: o.path, range: { start: { line: o.line - 1, character: o.character }, end: { line: o.line - 1, character: o.character + o.length } } } });
      }
    }
    return out;
  }));

  connection.onDocumentHighlight(async (p, token) => {
    const doc = await model(p?.textDocument?.uri, token);
    return runSafe(connection, 'document highlight', [], token, () => doc ? service.findDocumentHighlights(doc, p.position) : []);
  });

  connection.onDocumentLinks(async (p, token) => {
    const doc = await model(p?.textDocument?.uri, token);
    return runSafe(connection, 'document links', [], token, () => doc ? service.findDocumentLinks(doc).result : []);
  });

  connection.onSelectionRanges(async (p, token) => {
    const doc = await model(p?.textDocument?.uri, token);
    return runSafe(connection, 'selection ranges', [], token, () => doc ? service.getSelectionRanges(doc, p.positions) : []);
  });

  // the delay before each reply, off by default (smtpLog.inlayHints.replyDelay)
  connection.languages.inlayHint.on(async (p, token) => {
    const version = versionNow(p?.textDocument?.uri);
    const settings = await settingsFor(p.textDocument.uri);
    if (!settings.replyDelayHints) return [];
    const doc = await model(p?.textDocument?.uri, token, version);
    return runSafe(connection, 'inlay hints', [], token, () => doc ? service.getReplyDelayHints(doc, p.range.start.line, p.range.end.line).result : []);
  });

  const tokensCut = new Set<string>();
  connection.languages.semanticTokens.on(async (p, token) => {
    const version = versionNow(p?.textDocument?.uri);
    const doc = await model(p?.textDocument?.uri, token, version);
    if (!doc) return { data: [] };
    // the tokens of a whole large document are worked out in slices
    const r = await sliced('semantic tokens', token, p.textDocument.uri, version, () => service.startSemanticTokens(doc));
    return runSafe(connection, 'semantic tokens', { data: [] as number[] }, token, () => {
      if (!r) return { data: [] };
      if (r.limited && !tokensCut.has(p.textDocument.uri)) {
        tokensCut.add(p.textDocument.uri);
        connection.console.info(`${p.textDocument.uri}: semantic tokens of a whole-document request cover the first lines only (the visible lines always get theirs).`);
      }
      return { data: r.result };
    });
  });

  connection.languages.semanticTokens.onRange(async (p, token) => {
    const doc = await model(p?.textDocument?.uri, token);
    return runSafe(connection, 'semantic tokens', { data: [] as number[] }, token, () => ({ data: doc ? service.getSemanticTokens(doc, p.range.start.line, p.range.end.line).result : [] }));
  });

  const checkUri = (what: string, p: unknown): void => {
    if (!p || typeof (p as { uri?: unknown }).uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${what}: params.uri must be a string`);
  };

  connection.onRequest(SessionStartsRequest, async (p: SessionStartsParams, token): Promise<SessionStartsResult> => {
    checkUri('session starts', p);
    const doc = await model(p.uri, token);
    return runSafe(connection, 'session starts', [] as number[], undefined, () => doc ? Array.from(doc.log.sessions.first) : []);
  });

  connection.onRequest(SessionTranscriptRequest, async (p: SessionTranscriptParams, token): Promise<SessionTranscriptResult | null> => {
    checkUri('session transcript', p);
    if (!Number.isInteger(p.line) || p.line < 0) throw new ResponseError(ErrorCodes.InvalidParams, 'session transcript: params.line must be a non-negative integer');
    const doc = await model(p.uri, token);
    return runSafe(connection, 'session transcript', null, undefined, () => doc ? service.sessionTranscript(doc, p.line) ?? null : null);
  });

  // The summary of a document, computed once per version (the status bar asks for it at every switch of editor)
  const summaries = new Map<string, { version: number; result: SummaryResult }>();
  documents.onDidClose(e => summaries.delete(e.document.uri));
  connection.onRequest(SummaryRequest, async (p: SummaryParams, token): Promise<SummaryResult | null> => {
    checkUri('summary', p);
    if (!await stillWanted(token)) throw cancelled();
    const d = documents.get(p.uri);
    if (!d || !LANGUAGES.has(d.languageId)) return null;
    const hit = summaries.get(p.uri);
    if (hit && hit.version === d.version) return hit.result;
    // the whole text goes through the stream: in slices, dropped when the document changes (the status bar
    // asks again for the new version); a log's text as its model reads it (in pieces after appends)
    const version = d.version;
    const doc = d.languageId === 'smtp-log' ? await model(p.uri, token, version) : undefined;
    if (token.isCancellationRequested || versionNow(p.uri) !== version) throw cancelled();
    const text = doc ? service.textOf(doc) : d.getText();
    const result = await sliced('summary', token, p.uri, version, () => service.startSummarize(text, p.uri));
    if (!result) return null;
    summaries.set(p.uri, { version, result });
    return result;
  });

  connection.onRequest(FilterViewRequest, async (p: FilterViewParams, token): Promise<FilterViewResult | null> => {
    checkUri('filter view', p);
    if (typeof p.filter !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'filter view: params.filter must be a string');
    if (!await stillWanted(token)) throw cancelled();
    const d = documents.get(p.uri);
    const version = d?.version;
    const doc = await model(p.uri, token, version);
    if (!d || !doc) return null;
    // the whole text goes through the stream again: in slices (a log's as its model reads it)
    const text = d.languageId === 'smtp-log' ? service.textOf(doc) : d.getText();
    const r = (await sliced('filter view', token, p.uri, version, () => service.startFilterView(doc, text, p.uri, p.filter))) ?? null;
    if (typeof r === 'string') throw new ResponseError(ErrorCodes.InvalidParams, `filter view: ${r}`);
    if (r?.cut) announceLimit(p.uri, `the view "${r.title}" shows the first ${r.lines.length} matching lines.`);
    return r;
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
    const magic = await read(p.uri, 0, 2);
    if (magic[0] === 0x1f && magic[1] === 0x8b) throw new ResponseError(ErrorCodes.InvalidRequest, 'file transcript: the file is compressed (gzip); decompress it to open its sessions');
    return fileTranscript(service, (offset, length) => read(p.uri, offset, length), p);
  });

  // the trail of the message under the cursor (or of a typed id): the index finds its files, they are read again for the steps
  connection.onRequest(MessageTrailRequest, async (p: MessageTrailParams): Promise<MessageTrailResult> => {
    if (!p || (typeof p.uri !== 'string' && typeof p.query !== 'string')) throw new ResponseError(ErrorCodes.InvalidParams, 'message trail: params.uri and params.position, or params.query, are required');
    let query = typeof p.query === 'string' ? p.query.trim() : '';
    let seed: string[] | undefined;
    if (!query && p.uri) {
      if (!validPosition(p.position)) throw new ResponseError(ErrorCodes.InvalidParams, 'message trail: params.position must be { line, character } with non-negative integers');
      await configuredOnce;
      await workspace.ready();
      const d = documents.get(p.uri);
      const line = documentLine(p.uri, p.position.line);
      seed = workspace.keysAt(line, p.position.character);
      // a bounce: its own ids when the cursor is on none
      if (!seed.length && d?.languageId === 'smtp-ndr') seed = bounceKeys(d.getText());
      if (!seed.length) seed = undefined;
      query = seed?.[0]?.slice(2) ?? identifierAtLine(line, p.position.character) ?? '';
    }
    if (!query) return { query: '', text: 'Put the cursor on a queue id, a Message-ID or an address (or in a bounce) to see its trail.\n', links: [], proof: '', trails: [], notes: [] };
    await configuredOnce;
    const r = await workspace.trail(query, seed);
    return {
      query, text: visibleText(r.text, true), links: r.links, proof: visibleText(r.proof, true), notes: r.notes,
      trails: r.trails.map(t => ({ messageId: t.messageId, from: t.from, to: t.to, status: t.status, totalMs: t.totalMs, proof: visibleText(t.proof, true),
        hops: t.hops.map(h => ({ kind: h.kind, time: h.time, host: h.host, text: visibleText(h.text), uri: h.path, line: h.line - 1, deltaMs: h.deltaMs, code: h.code, enhanced: h.enhanced, reply: h.reply && visibleText(h.reply), verdict: h.verdict })) })),
    };
  });

  // -- the workspace summary and its filtered views: the files the index covers (the open documents without a disk),
  // streamed through the core's readSources (the CLI's loop) in the background: a yield between chunks (1 MB
  // each) so the open documents keep answering, $/progress, cancellable by the request or the progress UI
  const workProgress = async (workDoneToken: string | number | undefined, title: string): Promise<{ report(pct: number, message: string): void; done(): void; cancelled(): boolean }> => {
    if (workDoneToken !== undefined) {
      void connection.sendProgress(WorkDoneProgress.type, workDoneToken, { kind: 'begin', title, percentage: 0, cancellable: true });
      return {
        report: (percentage, message) => void connection.sendProgress(WorkDoneProgress.type, workDoneToken, { kind: 'report', percentage, message }),
        done: () => void connection.sendProgress(WorkDoneProgress.type, workDoneToken, { kind: 'end' }),
        cancelled: () => false,
      };
    }
    if (!progressSupported) return { report() { /* no progress UI */ }, done() { /* none */ }, cancelled: () => false };
    const w = await connection.window.createWorkDoneProgress();
    w.begin(title, 0, undefined, true);
    return { report: (pct, m) => w.report(pct, m), done: () => w.done(), cancelled: () => w.token.isCancellationRequested };
  };
  const OWN_VIEWS = /^smtp-log-[a-z]+:/;
  const workspaceSources = async (): Promise<{ scope: 'disk' | 'open documents'; sets: Source[][]; capped: string[]; notes: string[]; bytes: number; key: string }> => {
    await configuredOnce;
    if (workspace.canReadDisk) {
      const plan = await workspace.plan();
      return {
        scope: 'disk', sets: plan.sets.map(set => set.map(f => workspace.source(f))), capped: plan.capped.map(f => f.uri), notes: plan.notes,
        bytes: plan.sets.reduce((a, set) => a + set.reduce((b, f) => b + f.size, 0), 0),
        key: JSON.stringify(plan.sets.map(set => set.map(f => [f.uri, f.size, +f.modified]))),
      };
    }
    const docs = documents.all().filter(d => LANGUAGES.has(d.languageId) && !OWN_VIEWS.test(d.uri));
    return {
      scope: 'open documents',
      sets: docs.map(d => [{ path: d.uri, open: () => (async function* () { yield d.getText(); })() }]),
      capped: [], notes: ['Without a disk (the web extension) the workspace summary covers the open SMTP logs and bounces only.'],
      bytes: docs.reduce((a, d) => a + d.getText().length, 0), key: JSON.stringify(docs.map(d => [d.uri, d.version])),
    };
  };
  const nameOf = (uri: string): string => workspace.canReadDisk ? workspace.relativeName(uri) : decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  const readOptions = (token: CancellationToken, prog: { report(pct: number, message: string): void; cancelled(): boolean }, bytes: number) => {
    let done = 0, shown = -1;
    return {
      // blocks of 1 MB (as the index): the work between two yields stays short
      asciiText: runtime.asciiText, between: yieldNow, skipUnknown: true, blockChars: 1 << 20,
      stop: () => token.isCancellationRequested || prog.cancelled(),
      onBytes: (n: number) => {
        done += n;
        const pct = bytes > 0 ? Math.min(100, Math.floor(done / bytes * 100)) : 0;
        if (pct !== shown) { shown = pct; prog.report(pct, `${Math.round(done / 1048576)} of ${Math.round(bytes / 1048576)} MB`); }
      },
      describeError: (e: unknown, path: string) => `${nameOf(path)}: ${e instanceof Error ? e.message : String(e)}; what was read before it was kept`,
    };
  };
  let workspaceSummaryCache: { key: string; result: WorkspaceSummaryResult } | undefined;
  connection.onRequest(WorkspaceSummaryRequest, async (p: WorkspaceSummaryParams | undefined, token): Promise<WorkspaceSummaryResult> => {
    const src = await workspaceSources();
    if (workspaceSummaryCache?.key === src.key) return workspaceSummaryCache.result;
    const prog = await workProgress(p?.workDoneToken, 'SMTP Log: summarizing the workspace');
    let r: { summary: WorkspaceSummaryResult['summary']; read: ReadSourcesResult };
    try {
      r = await service.summarizeSources(src.sets, readOptions(token, prog, src.bytes));
    } finally { prog.done(); }
    if (r.read.stopped) throw cancelled();
    const failed = new Map(r.read.errors.map(e => [e.path, e.message]));
    const read: WorkspaceInput[] = [];
    const skipped: WorkspaceSummaryResult['skipped'] = [];
    const LIST = 1000;
    let readCount = 0, skippedCount = 0;
    const skip = (uri: string, reason: string): void => { skippedCount++; if (skipped.length < LIST) skipped.push({ uri, name: nameOf(uri), reason }); };
    for (const f of r.read.files) {
      const err = failed.get(f.path);
      if (f.format === 'binary' || f.format === 'unknown' || f.format === 'empty') { skip(f.path, err ?? `not read: ${f.formatName}`); continue; }
      readCount++;
      if (read.length < LIST) read.push({ uri: f.path, name: nameOf(f.path), format: f.format, formatName: f.formatName, bytes: f.bytes, lines: f.lines, notes: visibleNotes([...f.notes, ...(err ? [err] : [])]) });
    }
    for (const uri of src.capped) skip(uri, 'left out: over the byte cap (setting smtpLog.workspaceIndex.maxMegabytes)');
    const notes = [...src.notes];
    if (readCount > read.length) notes.push(`${readCount} files were read; the first ${read.length} are listed.`);
    if (skippedCount > skipped.length) notes.push(`${skippedCount} files were not summarised; the first ${skipped.length} are listed.`);
    connection.console.info(`workspace summary: ${readCount} files read, ${skippedCount} not summarised, ${r.summary.totals.records} records`);
    const result: WorkspaceSummaryResult = { summary: r.summary, scope: src.scope, read, readCount, skipped, skippedCount, notes: visibleNotes(notes) };
    workspaceSummaryCache = { key: src.key, result };
    return result;
  });

  connection.onRequest(WorkspaceFilterViewRequest, async (p: WorkspaceFilterViewParams, token): Promise<WorkspaceFilterViewResult> => {
    if (!p || typeof p.filter !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'workspace filter view: params.filter must be a string');
    const src = await workspaceSources();
    const prog = await workProgress(p.workDoneToken, 'SMTP Log: finding the lines in the workspace');
    let r: Awaited<ReturnType<typeof service.filterSources>>;
    try {
      r = await service.filterSources(src.sets, p.filter, { ...readOptions(token, prog, src.bytes * 2), maxLines: 50_000, name: nameOf });
    } finally { prog.done(); }
    if (typeof r === 'string') throw new ResponseError(ErrorCodes.InvalidParams, `workspace filter view: ${r}`);
    if (r.read.stopped) throw cancelled();
    const notes = [...src.notes, ...r.read.errors.map(e => e.message)];
    if (src.capped.length) notes.push(`${src.capped.length} files over the byte cap were not searched (setting smtpLog.workspaceIndex.maxMegabytes).`);
    if (r.cut) { notes.push(`The view shows the first ${r.lines.filter(l => l >= 0).length} of ${r.count} matching lines.`); announceLimit('workspace', `the view "${r.title}" shows the first ${r.lines.filter(l => l >= 0).length} matching lines.`); }
    return { text: r.text, title: visibleText(r.title), files: r.files, fileOf: r.fileOf, lines: r.lines, count: r.count, cut: r.cut, scope: src.scope, notes: visibleNotes(notes) };
  });

  // without a disk, the open documents are the index
  const indexTimers = new Map<string, { dispose(): void }>();
  documents.onDidChangeContent(e => {
    if (!LANGUAGES.has(e.document.languageId) || runtime.listFiles) return;
    // debounced: typing must not re-read the document on every key
    indexTimers.get(e.document.uri)?.dispose();
    indexTimers.set(e.document.uri, runtime.timer.setTimeout(() => {
      indexTimers.delete(e.document.uri);
      const d = documents.get(e.document.uri);
      if (d) runSafe(connection, 'index', undefined, undefined, () => workspace.indexText(d.uri, d.getText()));
    }, 500));
  });
  documents.onDidClose(e => { indexTimers.get(e.document.uri)?.dispose(); indexTimers.delete(e.document.uri); workspace.forget(e.document.uri); });

  documents.listen(connection);
  connection.listen();
}

const visibleNotes = (xs: string[]): string[] => xs.map(x => visibleText(x));
