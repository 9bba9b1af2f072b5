/**
 * The VS Code client, shared by the desktop (Node) and the web (browser) entries: sniffs content to
 * pick the language, registers the commands, and starts the language server lazily, when the first
 * SMTP Log or SMTP NDR document is open (or a command needs it): no server runs in a window with no
 * SMTP document, and it stops again once no SMTP document has been open for a while
 * (`smtpLog.server.idleStopSeconds`, 3 minutes). Neither the language client library nor the sniffer
 * is loaded before they are needed (the Node entry loads them from their own bundles). It knows no
 * SMTP: meaning comes from the server (and the core's sniffer).
 *
 * The documents it hands to the server are chosen by language only, whatever their scheme (file,
 * untitled, vscode-remote, vscode-vfs on github.dev, the transcript view's own scheme).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import type { SniffedLanguage } from '../../server/src/core/detect/sniff';
import { registerDetection } from './detection';
import { registerCommands, TRANSCRIPT_SCHEME } from './commands';
import { registerSummary, FILTER_SCHEME } from './summary';
import { config } from './config';

export const LANGUAGES = ['smtp-log', 'smtp-ndr'];

export interface SmtpLogApi {
  /** starts the language client when it is not running yet; resolves once it runs */
  start(): Promise<void>;
  /** resolves once the language client is running (it starts with the first SMTP document) */
  ready: Promise<void>;
  /** whether the language server runs now (it stops when no SMTP document has been open for a while) */
  running(): boolean;
}

/** What an entry adds: how to make the language client, and features that need a disk. */
export interface ClientPlatform {
  newLanguageClient(id: string, name: string, options: LanguageClientOptions): BaseLanguageClient | Promise<BaseLanguageClient>;
  /** registers features only possible where there is a file system (the Node entry) */
  registerDiskFeatures?(context: vscode.ExtensionContext, getClient: () => Promise<BaseLanguageClient>, hold: <T>(work: Promise<T>) => Promise<T>): void;
  /** the core's sniffer, loaded on first use (a candidate document was opened) */
  sniffer(): (head: string) => SniffedLanguage | undefined;
}

let client: BaseLanguageClient | undefined;

export function startClient(context: vscode.ExtensionContext, platform: ClientPlatform): SmtpLogApi {
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.map(language => ({ language })),
    synchronize: { configurationSection: 'smtpLog' },
    middleware: {
      // a session transcript (or a filtered view) is a view of lines the original log already reports: its problems would be
      // counted twice in the Problems panel (hovers, outline and links stay)
      handleDiagnostics: (uri, diagnostics, next) => next(uri, uri.scheme === TRANSCRIPT_SCHEME || uri.scheme === FILTER_SCHEME ? [] : diagnostics),
    },
  };
  let starting: Promise<BaseLanguageClient> | undefined;
  let readyResolve!: () => void;
  const ready = new Promise<void>(r => { readyResolve = r; });
  /** work that needs the server although no SMTP document is open (a large file read from disk) */
  let held = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const ensureClient = (): Promise<BaseLanguageClient> => {
    if (!starting) {
      starting = (async () => {
        // one output channel for every start: the server stops when idle and starts again
        clientOptions.outputChannel ??= vscode.window.createOutputChannel(vscode.l10n.t('SMTP Log Language Server'));
        const c = await platform.newLanguageClient('smtpLog', vscode.l10n.t('SMTP Log Language Server'), clientOptions);
        client = c;
        await c.start();
        readyResolve();
        return c;
      })();
      // a server that cannot start is reported once; the next SMTP document or command tries again
      starting.catch(e => {
        starting = undefined;
        client = undefined;
        void vscode.window.showErrorMessage(vscode.l10n.t('SMTP Log: the language server could not start: {0}', e instanceof Error ? e.message : String(e)));
      });
      // started by a command with no SMTP document open: it stops again after the idle time
      void starting.then(() => checkIdle(), () => undefined);
    }
    return starting;
  };
  const smtpOpen = (): boolean => vscode.workspace.textDocuments.some(d => LANGUAGES.includes(d.languageId) && !d.isClosed);
  /** Arms (or disarms) the idle stop: the server goes when no SMTP document has been open for a while. */
  const checkIdle = (): void => {
    if (idle) { clearTimeout(idle); idle = undefined; }
    if (!starting || smtpOpen() || held > 0) return;
    idle = setTimeout(() => {
      idle = undefined;
      if (!starting || smtpOpen() || held > 0) return;
      const c = client;
      starting = undefined;
      client = undefined;
      void c?.stop().then(undefined, () => undefined);
    }, config.idleStopMs());
  };
  const hold = async <T>(work: Promise<T>): Promise<T> => {
    held++;
    checkIdle();
    try { return await work; } finally { held--; checkIdle(); }
  };
  const startIfSmtp = (doc: vscode.TextDocument) => { if (LANGUAGES.includes(doc.languageId)) { checkIdle(); void ensureClient(); } };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(startIfSmtp),
    // a closed document (or one whose language changed: VS Code closes and reopens it) may have been the last
    vscode.workspace.onDidCloseTextDocument(doc => { if (LANGUAGES.includes(doc.languageId)) checkIdle(); }),
    { dispose: () => { if (idle) clearTimeout(idle); void client?.stop(); } },
  );
  for (const doc of vscode.workspace.textDocuments) startIfSmtp(doc);
  registerDetection(context, platform.sniffer);
  registerCommands(context, () => client, ensureClient);
  registerSummary(context, ensureClient);
  platform.registerDiskFeatures?.(context, ensureClient, hold);
  return { ready, start: () => ensureClient().then(() => undefined), running: () => !!client?.isRunning() };
}

export async function stopClient(): Promise<void> {
  if (client) await client.stop();
}
