/**
 * The built `smtp-log-language-server --stdio` as a child process, spoken to with real JSON-RPC (as
 * Neovim or Helix would): the set-up every server-protocol test shares.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const ROOT = path.join(__dirname, '../../..');
const SERVER = path.join(ROOT, 'dist/server.js');

export interface ServerUnderTest {
  conn: MessageConnection;
  /** what the server wrote to stderr so far */
  stderr(): string;
  /** the next diagnostics published for `uri` (or the ones already published and not yet forgotten) */
  diagnostics(uri: string): Promise<any[]>;
  /** forget the diagnostics received for `uri`, to wait for the next ones */
  forget(uri: string): void;
  open(uri: string, languageId: string, text: string): Promise<void>;
  /** the `initialize` result */
  init: any;
  stop(): Promise<void>;
}

/** Starts the server, checks it is ours, and opens `documents` ([uri, languageId, text]). */
export async function startServer(documents: [string, string, string][] = []): Promise<ServerUnderTest> {
  assert.ok(fs.existsSync(SERVER), 'run `npm run build` first');
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', d => { stderr += d; });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
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
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: any[] }) => entry(p.uri).resolve(p.diagnostics));
  conn.onNotification('window/showMessage', () => { /* announced limits and notes */ });
  conn.onNotification('window/logMessage', () => { /* server log */ });
  conn.listen();
  const init = await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: null,
    capabilities: { textDocument: { foldingRange: { rangeLimit: 5000 }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
  });
  assert.equal((init as any).serverInfo.name, 'smtp-log-language-server');
  assert.ok((init as any).capabilities.hoverProvider);
  await conn.sendNotification('initialized', {});
  for (const [uri, languageId, text] of documents) await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return {
    conn, init,
    stderr: () => stderr,
    diagnostics: uri => entry(uri).promise,
    forget: uri => { pending.delete(uri); },
    open: (uri, languageId, text) => conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } }),
    async stop() {
      try { await conn.sendRequest('shutdown'); await conn.sendNotification('exit'); } catch { /* already gone */ }
      conn.dispose();
      proc.kill();
    },
  };
}
