/**
 * The web entry (vscode.dev, github.dev, a browser's web worker extension host): the server runs in a
 * web worker (dist/server.js, the same bundle the Node client starts; it picks its browser entry). No disk, so no large-file analysis: documents above VS Code's
 * 50 MB sync limit cannot be read from here.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { startClient, stopClient, type SmtpLogApi } from '../client';

/** the browser's Worker (typed here: the project compiles against Node's types, not the DOM's) */
declare const Worker: new (url: string) => unknown;

export function activate(context: vscode.ExtensionContext): SmtpLogApi {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/server.js');
  return startClient(context, {
    newLanguageClient: (id, name, options) => new LanguageClient(id, name, options, new Worker(serverMain.toString(true)) as never),
  });
}

export function deactivate(): Promise<void> {
  return stopClient();
}
