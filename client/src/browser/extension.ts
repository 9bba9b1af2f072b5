/**
 * The web entry (vscode.dev, github.dev, a browser's web worker extension host): the server runs in a
 * web worker (dist/server.js, the same bundle the Node client starts; it picks its browser entry). No
 * disk, so no large-file analysis: documents above VS Code's 50 MB sync limit cannot be read from here.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { startClient, stopClient, type SmtpLogApi } from '../client';
import { sniffLanguage } from '../../../server/src/core/detect/sniff';

/** the browser's globals (typed here: the project compiles against Node's types, not the DOM's) */
declare const Worker: new (url: string) => unknown;
declare const Blob: new (parts: unknown[], options: { type: string }) => unknown;
declare const URL: { createObjectURL(blob: unknown): string };

/**
 * The server's worker. From an http(s) extension location (vscode.dev, github.dev) it loads by URL; VS Code
 * refuses workers from other locations (`vscode-remote:` when the extension is installed on a server, as in
 * code-server), so there the script is read through the workspace file system and started from a blob.
 */
async function serverWorker(context: vscode.ExtensionContext): Promise<unknown> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/server.js');
  if (/^https?$/.test(serverMain.scheme)) return new Worker(serverMain.toString(true));
  const code = await vscode.workspace.fs.readFile(serverMain);
  return new Worker(URL.createObjectURL(new Blob([code], { type: 'application/javascript' })));
}

export function activate(context: vscode.ExtensionContext): SmtpLogApi {
  return startClient(context, {
    newLanguageClient: async (id, name, options) => new LanguageClient(id, name, options, await serverWorker(context) as never),
    // a web extension is one file: the sniffer is in it
    sniffer: () => sniffLanguage,
  });
}

export function deactivate(): Promise<void> {
  return stopClient();
}
