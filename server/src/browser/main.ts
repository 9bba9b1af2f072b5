/**
 * Browser entry of the language server (vscode.dev, github.dev, code-server's web worker host): runs in
 * a web worker and speaks LSP over postMessage. No disk: the "analyze a file from disk" request is not
 * offered. Creates the connection and hands it to startServer, as the Node entry does.
 */
import { createConnection, BrowserMessageReader, BrowserMessageWriter } from 'vscode-languageserver/browser';
import { startServer } from '../server';

/** the worker's global scope (typed here: this project compiles against Node's types, not the DOM's) */
declare const self: { postMessage(m: unknown): void; addEventListener(t: 'message', l: (e: { data: unknown }) => void): void };

const connection = createConnection(new BrowserMessageReader(self as never), new BrowserMessageWriter(self as never));

startServer(connection, {
  timer: {
    setTimeout(cb, ms) { const h = setTimeout(cb, ms); return { dispose: () => clearTimeout(h) }; },
  },
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  describe: () => 'web worker',
});
