/**
 * Server protocol for bounces: the built `smtp-log-language-server --stdio` as a child process, a
 * bounce opened as languageId smtp-ndr, spoken to with real JSON-RPC.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const ROOT = path.join(__dirname, '../../..');
const SERVER = path.join(ROOT, 'dist/server.js');
const BOUNCE = fs.readFileSync(path.join(ROOT, 'test/fixtures/ndr/exchange2007-two-recipients.eml'), 'utf8');
const uri = 'file:///tmp/undeliverable.eml';
const lines = BOUNCE.split('\n');
const lineOf = (s: string) => lines.findIndex(l => l.includes(s));

let proc: ChildProcess;
let conn: MessageConnection;
let stderr = '';
const diagnostics = new Map<string, { resolve: (d: any[]) => void; promise: Promise<any[]> }>();

function waitDiagnostics(u: string): Promise<any[]> {
  let e = diagnostics.get(u);
  if (!e) {
    let resolve!: (d: any[]) => void;
    const promise = new Promise<any[]>(r => { resolve = r; });
    e = { resolve, promise };
    diagnostics.set(u, e);
  }
  return e.promise;
}

before(async () => {
  assert.ok(fs.existsSync(SERVER), 'run `npm run build` first');
  proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stderr!.on('data', d => { stderr += d; });
  conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: any[] }) => { waitDiagnostics(p.uri); diagnostics.get(p.uri)!.resolve(p.diagnostics); });
  conn.onNotification('window/showMessage', () => { /* announced limits and notes */ });
  conn.onNotification('window/logMessage', () => { /* server log */ });
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: null,
    capabilities: { textDocument: { foldingRange: { rangeLimit: 5000 }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
  });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'smtp-ndr', version: 1, text: BOUNCE } });
});

after(async () => {
  try { await conn.sendRequest('shutdown'); await conn.sendNotification('exit'); } catch { /* already gone */ }
  conn.dispose();
  proc.kill();
});

test('publishes one problem per failed recipient, on its Status: line', async () => {
  const d = await waitDiagnostics(uri);
  assert.deepEqual(d.map(x => [x.severity, x.code, x.range.start.line, x.source]), [
    [1, '5.1.1', lineOf('Status: 5.1.1'), 'smtp-ndr'],
    [1, '5.2.2', lineOf('Status: 5.2.2'), 'smtp-ndr'],
  ]);
  assert.match(d[1].message, /^carol\.clark@example\.com: 5\.2\.2 .*Mailbox full \(mailboxfull, soft bounce\)$/);
});

test('hover on a #550 line of the explanation gives the explanation with the bounce reason', async () => {
  const line = lineOf('#550 5.1.1 RESOLVER');
  const h: any = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 2 } });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /\*\*550 5\.1\.1\*\*/);
  assert.match(h.contents.value, /Bounce reason: userunknown/);
  assert.deepEqual([h.range.start.line, h.range.start.character, h.range.end.character], [line, 1, 10]);
});

test('document symbols: the report with its recipients, then the returned message', async () => {
  const s: any[] = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(s.map(x => x.name), ['Bounce: 2 failed', 'Returned message: Minutes of the board meeting']);
  assert.deepEqual(s[0].children.map((c: any) => c.name), ['bob.baker@example.com', 'carol.clark@example.com']);
});

test('folding ranges include the returned message part', async () => {
  const f: any[] = await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
  assert.ok(f.some(r => r.startLine === lineOf('Content-Type: message/rfc822') - 1), JSON.stringify(f));
});

test('an edit that turns the mailbox-full recipient into a delivered one removes its problem', async () => {
  diagnostics.delete(uri);
  const line = lineOf('Status: 5.2.2') - 1; // the Action: line
  assert.match(lines[line], /^Action: failed/);
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line, character: 8 }, end: { line, character: 14 } }, text: 'delivered' }] });
  const d = await waitDiagnostics(uri);
  assert.deepEqual(d.map(x => x.code), ['5.1.1']);
  assert.doesNotMatch(stderr, /Error/);
});
