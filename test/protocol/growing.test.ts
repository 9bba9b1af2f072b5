/**
 * A log written while it is open (the editor reloads it and sends the appended lines), and requests
 * that an edit makes stale: over real JSON-RPC with the built server.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startServer, ROOT, type ServerUnderTest } from '../helpers/lspServer';

const SAMPLE = fs.readFileSync(path.join(ROOT, 'samples/exchange-transcript.log'), 'utf8').replace(/\r\n/g, '\n');
const BASE = SAMPLE.endsWith('\n') ? SAMPLE : SAMPLE + '\n';
let server: ServerUnderTest;

before(async () => { server = await startServer(); });
after(() => server.stop());

/** LSP position of the end of a text (where an append goes). */
function endOf(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

test('a log that grows at its end gets the problems of the new lines, the same as opening the whole text', async () => {
  const grow = 'file:///tmp/growing.log', fresh = 'file:///tmp/grown.log';
  let text = BASE.repeat(20);
  await server.open(grow, 'smtp-log', text);
  const first = await server.diagnostics(grow);
  const appended = [
    '4/2/01 9:15:01 AM : A connection was accepted from 192.0.2.77:1234',
    '4/2/01 9:15:01 AM : >>> 220 mx.contoso.example ready',
    '4/2/01 9:15:02 AM : <<< HELO late.example',
    '4/2/01 9:15:02 AM : >>> 250 mx.contoso.example Hello',
    '4/2/01 9:15:03 AM : <<< MAIL FROM:<late@late.example>',
    '4/2/01 9:15:03 AM : >>> 250 2.1.0 Sender OK',
    '4/2/01 9:15:04 AM : <<< RCPT TO:<nobody@contoso.example>',
    '4/2/01 9:15:04 AM : >>> 550 5.1.1 <nobody@contoso.example>... User unknown',
  ].join('\n') + '\n';
  for (let version = 2; version <= 4; version++) {
    server.forget(grow);
    await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: grow, version }, contentChanges: [{ range: { start: endOf(text), end: endOf(text) }, text: appended }] });
    text += appended;
    const d = await server.diagnostics(grow);
    assert.equal(d.length, first.length + (version - 1), 'one more problem per appended session');
    const last = d[d.length - 1];
    assert.equal(last.code, '550 5.1.1');
    assert.equal(last.range.start.line, text.split('\n').length - 2, 'the new problem is on the last line written');
  }
  await server.open(fresh, 'smtp-log', text);
  const whole = await server.diagnostics(fresh);
  assert.deepEqual((await server.diagnostics(grow)).map(x => [x.range, x.code, x.message]), whole.map(x => [x.range, x.code, x.message]));
  const [a, b] = await Promise.all([grow, fresh].map(u => server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: u } })));
  assert.deepEqual(a, b);
});

test('outline and folding requests for a version an edit replaced are answered RequestCancelled', async () => {
  const text = BASE.repeat(Math.ceil(12e6 / BASE.length));
  let n = 0;
  for (const method of ['textDocument/documentSymbol', 'textDocument/foldingRange']) {
    // a log just opened (its parse takes a while), the request, and an append right after it: the
    // answer would be about text the editor no longer shows
    const uri = `file:///tmp/stale-${++n}.log`;
    await server.open(uri, 'smtp-log', text);
    const p = server.conn.sendRequest(method, { textDocument: { uri } });
    await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: endOf(text), end: endOf(text) }, text: BASE }] });
    await assert.rejects(p, (e: { code?: number }) => e.code === -32800, method);
    // asked again, it is answered for the new version
    const r: unknown[] = await server.conn.sendRequest(method, { textDocument: { uri } });
    assert.ok(r.length > 0, method);
  }
  const big = 'file:///tmp/stale-1.log';
  // a request the client cancels is answered as cancelled too
  const { CancellationTokenSource } = await import('vscode-jsonrpc');
  const src = new CancellationTokenSource();
  const p = server.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: big } }, src.token);
  src.cancel();
  await assert.rejects(p, (e: { code?: number }) => e.code === -32800);
});

test('a long log growing by appends (read in pieces) answers every request as the whole text opened at once', async () => {
  const grow = 'file:///tmp/growing-long.log', fresh = 'file:///tmp/grown-long.log';
  // over 1 MB: the server parses the appended lines from the appended text, without reading the joined one
  // (sessions that went well, so that the problems stay under the 1,000 shown)
  const ok = [
    '4/2/01 8:15:01 AM : A connection was accepted from 192.0.2.9:1234',
    '4/2/01 8:15:01 AM : >>> 220 mx.contoso.example ready',
    '4/2/01 8:15:02 AM : <<< MAIL FROM:<early@early.example>',
    '4/2/01 8:15:02 AM : >>> 250 2.1.0 Sender OK',
    '4/2/01 8:15:04 AM : <<< RCPT TO:<somebody@contoso.example>',
    '4/2/01 8:15:04 AM : >>> 250 2.1.5 Recipient OK',
    '4/2/01 8:15:05 AM : <<< QUIT',
    '4/2/01 8:15:05 AM : >>> 221 2.0.0 Bye',
  ].join('\n') + '\n';
  let text = BASE + ok.repeat(Math.ceil(1.5e6 / ok.length));
  await server.open(grow, 'smtp-log', text);
  await server.diagnostics(grow);
  const late = (n: number) => [
    `4/2/01 9:1${n}:01 AM : A connection was accepted from 192.0.2.${n}:1234`,
    `4/2/01 9:1${n}:01 AM : >>> 220 mx.contoso.example ready`,
    `4/2/01 9:1${n}:02 AM : <<< MAIL FROM:<late${n}@late.example>`,
    `4/2/01 9:1${n}:02 AM : >>> 250 2.1.0 Sender OK see https://help.example.com/${n}`,
    `4/2/01 9:1${n}:04 AM : <<< RCPT TO:<nobody${n}@contoso.example>`,
    `4/2/01 9:1${n}:04 AM : >>> 550 5.1.1 <nobody${n}@contoso.example>... User unknown`,
  ].join('\n') + '\n';
  let version = 1;
  const append = async (added: string) => {
    await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: grow, version: ++version }, contentChanges: [{ range: { start: endOf(text), end: endOf(text) }, text: added }] });
    text += added;
  };
  // one append at a time, then two in a row (the second may come before the server looked at the first)
  server.forget(grow);
  await append(late(1));
  const one = await server.diagnostics(grow);
  assert.equal(one[one.length - 1].range.start.line, text.split('\n').length - 2, 'the new problem is on the last line written');
  server.forget(grow);
  await append(late(2));
  await append(late(3));
  let grown = await server.diagnostics(grow);
  while (server.published().filter(p => p.uri === grow).pop()?.version !== version) { server.forget(grow); grown = await server.diagnostics(grow); }
  await server.open(fresh, 'smtp-log', text);
  assert.deepEqual(grown.map(x => [x.range, x.code, x.message]), (await server.diagnostics(fresh)).map(x => [x.range, x.code, x.message]));
  const last = text.split('\n').length - 2;
  for (const [method, params] of [
    ['textDocument/documentSymbol', {}], ['textDocument/foldingRange', {}], ['textDocument/documentLink', {}],
    ['textDocument/hover', { position: { line: last, character: 25 } }],
    ['textDocument/references', { position: { line: last, character: 33 }, context: { includeDeclaration: true } }],
    ['smtpLog/summary', {}],
  ] as const) {
    const ask = (uri: string) => server.conn.sendRequest(method, method.startsWith('smtpLog/') ? { uri } : { textDocument: { uri }, ...params });
    const [a, b] = await Promise.all([ask(grow), ask(fresh)]);
    assert.ok(a, method);
    // the two documents differ only by name
    assert.deepEqual(JSON.parse(JSON.stringify(a).replaceAll(grow, fresh).replaceAll('growing-long', 'grown-long')), b, method);
  }
});
