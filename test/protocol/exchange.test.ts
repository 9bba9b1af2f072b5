/**
 * Server protocol for the Windows logs: the built `smtp-log-language-server --stdio` as a child
 * process, spoken to with real JSON-RPC, with an interleaved Exchange Receive log and a Send log open.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, startServer, type ServerUnderTest } from '../helpers/lspServer';

const RECV = fs.readFileSync(path.join(ROOT, 'test/fixtures/exchange/RECV2024030509-1.LOG'), 'utf8');
const SEND = fs.readFileSync(path.join(ROOT, 'test/fixtures/exchange/SEND2024030509-1.LOG'), 'utf8');
const recvUri = 'file:///tmp/RECV2024030509-1.LOG';
const sendUri = 'file:///tmp/SEND2024030509-1.LOG';
// the SmtpSend sample README points at: "attempting to connect" rows before each connection opens
const SAMPLE_SEND = fs.readFileSync(path.join(ROOT, 'samples/SEND2024030409-1.LOG'), 'utf8');
const sampleUri = 'file:///tmp/SEND2024030409-1.LOG';
const lineOf = (t: string, needle: string) => t.split(/\r\n|\n/).findIndex(l => l.includes(needle));

let server: ServerUnderTest;
let conn: ServerUnderTest['conn'];
const waitDiagnostics = (u: string) => server.diagnostics(u);

before(async () => {
  server = await startServer([[recvUri, 'smtp-log', RECV], [sendUri, 'smtp-log', SEND], [sampleUri, 'smtp-log', SAMPLE_SEND]]);
  conn = server.conn;
});

after(() => server.stop());

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
  assert.equal(s[0].name, '198.51.100.20:41622 mail.example.org 2024-03-05 09:14:02 - delivered, 1 recipient refused (550 5.1.10)');
  assert.equal(s[1].name, '203.0.113.45:52210 User 2024-03-05 09:14:02 - 535 5.7.3 rejected');
  // the detail: how long the session took (the rows' milliseconds) and its rows
  assert.equal(s[0].detail, '5.2 s, 25 lines · TLSv1.2 (CALG_AES_256)');
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
  assert.doesNotMatch(server.stderr(), /Error/);
});

test('document symbols of the SmtpSend sample: one per connection, its "attempting to connect" row included', async () => {
  const s: any[] = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: sampleUri } });
  assert.deepEqual(s.map(x => `${x.name} [${x.detail}]`), [
    'to 203.0.113.25:25 2024-03-04 09:12:00 - delivered [930 ms, 20 lines · TLSv1.2 (CALG_AES_256)]',
    'to 198.51.100.60:25 2024-03-04 09:12:00 - 451 4.7.1 deferred [537 ms, 14 lines]',
    'to 203.0.113.77:25 2024-03-04 09:12:00 - 554 5.7.1 rejected [312 ms, 6 lines]',
  ]);
  assert.equal(s[0].range.start.line, lineOf(SAMPLE_SEND, '08DC3C1E8A2B8A01,0,,203.0.113.25:25,*,,attempting to connect'));
});
