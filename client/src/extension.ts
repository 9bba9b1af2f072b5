/**
 * The VS Code client: starts the language server, sniffs content to pick the language, registers
 * the commands. It knows no SMTP: meaning comes from the server (and the core's sniffer).
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerDetection } from './detection';
import { registerCommands, TRANSCRIPT_SCHEME } from './commands';
import { registerLargeFiles } from './largeFiles';

export interface SmtpLogApi {
  /** resolves once the language client is running */
  ready: Promise<void>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): SmtpLogApi {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const selector = ['smtp-log', 'smtp-ndr'].flatMap(language =>
    ['file', 'untitled', 'vscode-remote', TRANSCRIPT_SCHEME].map(scheme => ({ scheme, language })));
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    synchronize: { configurationSection: 'smtpLog' },
  };
  client = new LanguageClient('smtpLog', 'SMTP Log Language Server', serverOptions, clientOptions);
  const ready = client.start();
  context.subscriptions.push({ dispose: () => { void client?.stop(); } });
  registerDetection(context);
  registerCommands(context, () => client);
  registerLargeFiles(context, () => client);
  return { ready };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
