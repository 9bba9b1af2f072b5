/** The desktop entry (Node extension host): the server is a Node process over IPC, and the disk is there. */
import * as vscode from 'vscode';
import { LanguageClient, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { startClient, stopClient, type SmtpLogApi } from './client';
import { registerLargeFiles } from './largeFiles';

export type { SmtpLogApi } from './client';

export function activate(context: vscode.ExtensionContext): SmtpLogApi {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  return startClient(context, {
    newLanguageClient: (id, name, options) => new LanguageClient(id, name, serverOptions, options),
    registerDiskFeatures: registerLargeFiles,
  });
}

export function deactivate(): Promise<void> {
  return stopClient();
}
