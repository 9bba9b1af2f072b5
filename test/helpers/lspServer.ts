/**
 * The built `smtp-log-language-server --stdio` as a child process, spoken to with real JSON-RPC (as
 * Neovim or Helix would): the set-up every server-protocol test shares.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { BrowserMessageReader, BrowserMessageWriter } from 'vscode-jsonrpc/browser';

export const ROOT = path.join(__dirname, '../../..');
const SERVER = path.join(ROOT, 'dist/server.js');
/** the same bundle: run without Node globals, it takes its browser entry (postMessage) */
export const BROWSER_SERVER = SERVER;

/**
 * The code of a worker that looks like a browser's web worker to the bundle it loads: `self`,
 * `postMessage`, `onmessage`, and NO `process`, `require`, `Buffer` (deleted before the bundle runs;
 * the bundle runs as a script, where the CommonJS `require` of this code is not in scope either).
 */
const BROWSER_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
const source = require('node:fs').readFileSync(workerData.bundle, 'utf8');
let handler;
parentPort.on('message', data => { if (handler) handler({ data }); });
Object.defineProperty(globalThis, 'onmessage', { get: () => handler, set: f => { handler = f; }, configurable: true });
globalThis.postMessage = m => parentPort.postMessage(m);
globalThis.addEventListener = () => undefined;
globalThis.removeEventListener = () => undefined;
globalThis.self = globalThis;
for (const name of ['process', 'Buffer', 'require', 'module', 'exports', '__filename', '__dirname', 'global', 'setImmediate', 'clearImmediate']) delete globalThis[name];
const probe = vm.runInThisContext('[typeof process, typeof require, typeof Buffer, typeof module].join(",")');
if (probe !== 'undefined,undefined,undefined,undefined') throw new Error('the worker still has Node globals: ' + probe);
vm.runInThisContext(source, { filename: workerData.bundle });
`;

export interface ServerUnderTest {
  conn: MessageConnection;
  /** what the server wrote to stderr so far */
  stderr(): string;
  /** what the server logged (window/logMessage) so far */
  log(): string;
  /** the next diagnostics published for `uri` (or the ones already published and not yet forgotten) */
  diagnostics(uri: string): Promise<any[]>;
  /** every publishDiagnostics received so far, in order: uri, version, number of problems */
  published(): { uri: string; version?: number; count: number }[];
  /** forget the diagnostics received for `uri`, to wait for the next ones */
  forget(uri: string): void;
  open(uri: string, languageId: string, text: string): Promise<void>;
  /** the `initialize` result */
  init: any;
  stop(): Promise<void>;
}

/**
 * Starts the server, checks it is ours, and opens `documents` ([uri, languageId, text]).
 * `browser`: the web extension's server bundle in a worker thread without Node globals, over postMessage.
 */
export async function startServer(documents: [string, string, string][] = [], opts: { browser?: boolean; capabilities?: object; workspaceFolders?: string[] } = {}): Promise<ServerUnderTest> {
  let stderr = '';
  let conn: MessageConnection;
  let kill: () => void;
  if (opts.browser) {
    assert.ok(fs.existsSync(BROWSER_SERVER), 'run `npm run build` first');
    const worker = new Worker(BROWSER_WORKER, { eval: true, workerData: { bundle: BROWSER_SERVER }, stderr: true });
    worker.stderr.on('data', d => { stderr += d; });
    // a worker that dies fails the test at once (pending requests are rejected) instead of hanging it
    worker.on('error', e => { stderr += `worker error: ${e?.stack ?? e}\n`; conn.dispose(); });
    // the parent's side of the worker, shaped like a browser Worker for vscode-jsonrpc's browser reader/writer
    const port = {
      set onmessage(f: (e: { data: unknown }) => void) { worker.on('message', data => f({ data })); },
      addEventListener(type: string, l: (e: unknown) => void) { worker.on(type, l); },
      postMessage(m: unknown) { worker.postMessage(m); },
    };
    conn = createMessageConnection(new BrowserMessageReader(port as never), new BrowserMessageWriter(port as never));
    kill = () => { void worker.terminate(); };
  } else {
    assert.ok(fs.existsSync(SERVER), 'run `npm run build` first');
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr!.on('data', d => { stderr += d; });
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    kill = () => { proc.kill(); };
  }
  const pending = new Map<string, { resolve: (d: any[]) => void; promise: Promise<any[]> }>();
  const entry = (u: string) => {
    let e = pending.get(u);
    if (!e) {
      let resolve!: (d: any[]) => void;
      const promise = new Promise<any[]>(r => { resolve = r; });
      e = { resolve, promise };
      pending.set(u, e);
    }
    return e;
  };
  const published: { uri: string; version?: number; count: number }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: any[] }) => {
    published.push({ uri: p.uri, version: p.version, count: p.diagnostics.length });
    entry(p.uri).resolve(p.diagnostics);
  });
  conn.onNotification('window/showMessage', () => { /* announced limits and notes */ });
  const log: string[] = [];
  conn.onNotification('window/logMessage', (p: { message: string }) => { log.push(p.message); });
  conn.listen();
  const init = await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: null,
    ...(opts.workspaceFolders ? { workspaceFolders: opts.workspaceFolders.map(uri => ({ uri, name: uri.split('/').pop() })) } : {}),
    capabilities: opts.capabilities ?? { textDocument: { foldingRange: { rangeLimit: 5000 }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
  });
  assert.equal((init as any).serverInfo.name, 'smtp-log-language-server');
  assert.ok((init as any).capabilities.hoverProvider);
  await conn.sendNotification('initialized', {});
  for (const [uri, languageId, text] of documents) await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return {
    conn, init,
    stderr: () => stderr,
    log: () => log.join('\n'),
    diagnostics: uri => entry(uri).promise,
    published: () => published.slice(),
    forget: uri => { pending.delete(uri); },
    open: (uri, languageId, text) => conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } }),
    async stop() {
      try { await conn.sendRequest('shutdown'); await conn.sendNotification('exit'); } catch { /* already gone */ }
      conn.dispose();
      kill();
    },
  };
}
