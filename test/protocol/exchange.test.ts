/**
 * Server protocol for the Windows logs: the built `smtp-log-language-server --stdio` as a child
 * process, spoken to with real JSON-RPC, with an interleaved Exchange Receive log and a Send log open.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const ROOT = path.join(__dirname, '../../..');
const SERVER = path.join(ROOT, 'dist/server.js');
const RECV = fs.readFileSync(path.join(ROOT, 'test/fixtures/exchange/RECV2024030509-1.LOG'), 'utf8');
const SEND = fs.readFileSync(path.join(ROOT, 'test/fixtures/exchange/SEND2024030509-1.LOG'), 'utf8');
const recvUri = 'file:///tmp/RECV2024030509-1.LOG';
const sendUri = 'file:///tmp/SEND2024030509-1.LOG';
const lineOf = (t: string, needle: string) => t.split(/\r\n|\n/).findIndex(l => l.includes(needle));

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
  const init: any = await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: null,
    capabilities: { textDocument: { foldingRange: { rangeLimit: 5000 }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
  });
  assert.equal(init.serverInfo.name, 'smtp-log-language-server');
  assert.ok(init.capabilities.hoverProvider);
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: recvUri, languageId: 'smtp-log', version: 1, text: RECV } });
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: sendUri, languageId: 'smtp-log', version: 1, text: SEND } });
});

after(async () => {
  try { await conn.sendRequest('shutdown'); await conn.sendNotification('exit'); } catch { /* already gone */ }
  conn.dispose();
  proc.kill();
});

test('diagnostics of an interleaved Receive log: each failed reply row, with the command it answers', async () => {
  const d = await waitDiagnostics(recvUri);
  assert.deepEqual(d.map(x => [x.range.start.line, x.severity, x.code]), [
    [lineOf(RECV, '452 4.3.1'), 2, '452 4.3.1'],
    [lineOf(RECV, '550 5.7.54'), 1, '550 5.7.54'],
    [lineOf(RECV, '535 5.7.3'), 1, '535 5.7.3'],
    [lineOf(RECV, '>,550 5.1.10'), 1, '550 5.1.10'],
  ]);
  assert.match(d[3].message, /RCPT TO:<former\.employee@example\.com>/);
});

test('document symbols regroup the interleaved rows: one per session-id, commands with their replies', async () => {
  const s: any[] = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: recvUri } });
  assert.equal(s.length, 6);
  assert.equal(s[0].name, '198.51.100.20:41622 mail.example.org 09:14 - delivered, 1 recipient refused (550 5.1.10)');
  assert.equal(s[1].name, '203.0.113.45:52210 User 09:14 - 535 5.7.3 rejected');
  const rcpt = s[0].children.find((c: any) => c.name === 'RCPT TO:<former.employee@example.com>');
  assert.match(rcpt.detail, /^550 5\.1\.10 RESOLVER\.ADR\.RecipientNotFound/);
  // the session's range spans its first to its last row, across the other sessions' rows
  assert.equal(s[0].range.start.line, lineOf(RECV, '08DC3CF1A2B40001,0,'));
  assert.equal(s[0].range.end.line, lineOf(RECV, '08DC3CF1A2B40001,22,'));
});

test('hover on a "<" reply of a Send log explains it and names the command Exchange sent', async () => {
  const lines = SEND.split(/\r\n|\n/);
  const line = lineOf(SEND, '<,550 5.1.1');
  const h: any = await conn.sendRequest('textDocument/hover', { textDocument: { uri: sendUri }, position: { line, character: lines[line].indexOf('550') + 1 } });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /\*\*550 5\.1\.1\*\*/);
  assert.match(h.contents.value, /Answers `RCPT TO:<j\.doe@example\.org>`/);
  const ev: any = await conn.sendRequest('textDocument/hover', { textDocument: { uri: sendUri }, position: { line, character: lines[line].indexOf(',<,') + 1 } });
  assert.match(ev.contents.value, /received/);
  assert.match(ev.contents.value, /Send log/);
});

test('session transcript and folding of an interleaved log', async () => {
  const line = lineOf(RECV, '>,550 5.1.10');
  const t: any = await conn.sendRequest('smtpLog/sessionTranscript', { uri: recvUri, line });
  assert.match(t.title, /^198\.51\.100\.20:41622/);
  assert.ok(t.lines.includes(line));
  for (const l of t.lines) assert.ok(l < 5 || RECV.split(/\r\n|\n/)[l].includes(',08DC3CF1A2B40001,'), `line ${l}`);
  const f: any[] = await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: recvUri } });
  assert.deepEqual(f[0], { startLine: 0, endLine: 4, kind: 'comment' });
  assert.ok(f.length > 5);
  assert.doesNotMatch(stderr, /Error/);
});
