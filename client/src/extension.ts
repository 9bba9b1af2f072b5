/**
 * The desktop entry (Node extension host): the server is a Node process over IPC, and the disk is there.
 * This bundle stays small: the language client library (dist/languageClient.js) and the core's sniffer
 * (dist/sniff.js) are bundles of their own, loaded the first time they are needed, so a window that
 * never shows an SMTP document pays for neither (VS Code activates the extension for any `log` or
 * plain-text document, its own Output panel included).
 */
import * as vscode from 'vscode';
import { startClient, stopClient, type SmtpLogApi } from './client';
import { registerLargeFiles } from './largeFiles';
import type { SniffedLanguage } from '../../server/src/core/detect/sniff';
import type * as LanguageClientModule from './languageClient';

export type { SmtpLogApi } from './client';

export function activate(context: vscode.ExtensionContext): SmtpLogApi {
  const serverModule = context.asAbsolutePath('dist/server.js');
  let sniff: ((head: string) => SniffedLanguage | undefined) | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = <T>(file: string): T => require(context.asAbsolutePath(file)) as T;
  const sniffer = () => (sniff ??= load<{ sniffLanguage(head: string): SniffedLanguage | undefined }>('dist/sniff.js').sniffLanguage);
  return startClient(context, {
    newLanguageClient: (id, name, options) => load<typeof LanguageClientModule>('dist/languageClient.js').newNodeLanguageClient(id, name, serverModule, options),
    registerDiskFeatures: (ctx, getClient, hold) => registerLargeFiles(ctx, getClient, hold, sniffer),
    sniffer,
  });
}

export function deactivate(): Promise<void> {
  return stopClient();
}
