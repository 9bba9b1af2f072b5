/**
 * The VS Code client, shared by the desktop (Node) and the web (browser) entries: sniffs content to
 * pick the language, registers the commands, and starts the language server lazily, when the first
 * SMTP Log or SMTP NDR document is open (or a command needs it): no server runs in a window with no
 * SMTP document. It knows no SMTP: meaning comes from the server (and the core's sniffer).
 *
 * The documents it hands to the server are chosen by language only, whatever their scheme (file,
 * untitled, vscode-remote, vscode-vfs on github.dev, the transcript view's own scheme).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { registerDetection } from './detection';
import { registerCommands, TRANSCRIPT_SCHEME } from './commands';
import { registerSummary, FILTER_SCHEME } from './summary';

export const LANGUAGES = ['smtp-log', 'smtp-ndr'];

export interface SmtpLogApi {
  /** starts the language client when it is not running yet; resolves once it runs */
  start(): Promise<void>;
  /** resolves once the language client is running (it starts with the first SMTP document) */
  ready: Promise<void>;
}

/** What an entry adds: how to make the language client, and features that need a disk. */
export interface ClientPlatform {
  newLanguageClient(id: string, name: string, options: LanguageClientOptions): BaseLanguageClient | Promise<BaseLanguageClient>;
  /** registers features only possible where there is a file system (the Node entry) */
  registerDiskFeatures?(context: vscode.ExtensionContext, getClient: () => Promise<BaseLanguageClient>): void;
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
  const ensureClient = (): Promise<BaseLanguageClient> => {
    if (!starting) {
      starting = (async () => {
        const c = await platform.newLanguageClient('smtpLog', vscode.l10n.t('SMTP Log Language Server'), clientOptions);
        client = c;
        await c.start();
        readyResolve();
        return c;
      })();
      // a server that cannot start is reported once; the next SMTP document or command tries again
      starting.catch(e => {
        starting = undefined;
        void vscode.window.showErrorMessage(vscode.l10n.t('SMTP Log: the language server could not start: {0}', e instanceof Error ? e.message : String(e)));
      });
    }
    return starting;
  };
  const startIfSmtp = (doc: vscode.TextDocument) => { if (LANGUAGES.includes(doc.languageId)) void ensureClient(); };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(startIfSmtp),
    { dispose: () => { void client?.stop(); } },
  );
  for (const doc of vscode.workspace.textDocuments) startIfSmtp(doc);
  registerDetection(context);
  registerCommands(context, () => client, ensureClient);
  registerSummary(context, ensureClient);
  platform.registerDiskFeatures?.(context, ensureClient);
  return { ready, start: () => ensureClient().then(() => undefined) };
}

export async function stopClient(): Promise<void> {
  if (client) await client.stop();
}
