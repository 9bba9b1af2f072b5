/**
 * Server protocol: the built `smtp-log-language-server --stdio` as a child process, spoken to with
 * real JSON-RPC (as Neovim or Helix would).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import { ROOT, startServer, type ServerUnderTest } from '../helpers/lspServer';

const SAMPLE = fs.readFileSync(path.join(ROOT, 'samples/exchange-transcript.log'), 'utf8');
const uri = 'file:///tmp/exchange-transcript.log';

let server: ServerUnderTest;
let conn: ServerUnderTest['conn'];
const waitDiagnostics = (u: string) => server.diagnostics(u);

before(async () => {
  server = await startServer([[uri, 'smtp-log', SAMPLE]]);
  conn = server.conn;
});

after(() => server.stop());

test('publishes a problem for every 4xx/5xx reply', async () => {
  const d = await waitDiagnostics(uri);
  assert.deepEqual(d.map(x => [x.severity, x.code]), [[1, '550 5.1.1'], [1, '550 5.7.1'], [2, '450 4.2.0']]);
});

test('hover on a 550 explains it and names the command it answers', async () => {
  const lines = SAMPLE.split('\n');
  const line = lines.findIndex(l => l.includes('550 5.1.1'));
  const h: any = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line].indexOf('550') + 1 } });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /550 5\.1\.1/);
  assert.match(h.contents.value, /RCPT TO:<carol@contoso\.example>/);
  assert.equal(h.range.start.line, line);
});

test('document symbols: one per session', async () => {
  const s: any[] = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(s.length, 5);
  assert.match(s[2].name, /^203\.0\.113\.99 unknown-host 2001-04-02 08:07:03 - 550 5\.7\.1 rejected$/);
  assert.ok(s[0].children.length >= 5);
});

test('folding ranges: sessions and multi-line replies', async () => {
  const f: any[] = await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
  assert.ok(f.length >= 7, JSON.stringify(f));
  assert.deepEqual(f[0], { startLine: 0, endLine: 25, kind: 'region' });
});

test('session starts and session transcript requests', async () => {
  const starts: number[] = await conn.sendRequest('smtpLog/sessionStarts', { uri });
  assert.deepEqual(starts, [0, 27, 46, 57, 70]);
  const t: any = await conn.sendRequest('smtpLog/sessionTranscript', { uri, line: 50 });
  assert.match(t.title, /203\.0\.113\.99/);
  assert.equal(t.lines[0], 46);
});

test('bad documents do not kill the server: binary, huge line, edits', async () => {
  const bin = 'file:///tmp/binary.log';
  let junk = '';
  for (let i = 0; i < 20000; i++) junk += String.fromCharCode((i * 31) % 256);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: bin, languageId: 'smtp-log', version: 1, text: junk } });
  assert.deepEqual(await waitDiagnostics(bin), []);
  const huge = 'file:///tmp/huge.log';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: huge, languageId: 'smtp-log', version: 1, text: '>>> 550 ' + 'x'.repeat(2 * 1024 * 1024) + '\n<<< QUIT\n' } });
  await waitDiagnostics(huge);
  // an incremental edit that turns the 550 into a 250 removes the problem
  server.forget(uri);
  const lines = SAMPLE.split('\n');
  const line = lines.findIndex(l => l.includes('550 5.7.1'));
  const col = lines[line].indexOf('550');
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col + 3 } }, text: '250' }] });
  const d = await waitDiagnostics(uri);
  assert.equal(d.length, 2);
  const h: any = await conn.sendRequest('textDocument/hover', { textDocument: { uri: bin }, position: { line: 0, character: 1 } });
  assert.equal(h, null);
  assert.doesNotMatch(server.stderr(), /Error/);
});

test('a log read from disk (for files VS Code does not pass to extensions): sessions by hour, failures grouped by kind and remote side', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-log-')), 'big.log');
  fs.writeFileSync(file, SAMPLE.repeat(3));
  const r: any = await conn.sendRequest('smtpLog/analyzeFile', { uri: pathToFileURL(file).toString() });
  assert.equal(r.lineCount, (SAMPLE.split('\n').length - 1) * 3);
  assert.equal(r.sessionCount, 15);
  // sessions by day and hour, with the date
  assert.deepEqual(r.sessions.map((h: any) => h.label), ['2001-04-02 08:00 (15)']);
  assert.equal(r.sessions[0].children.length, 15);
  assert.match(r.sessions[0].children[2].label, /^08:07:\d\d 203\.0\.113\.99/);
  assert.equal(r.sessions[0].children[2].detail, '550 5.7.1 rejected');
  // failures by kind (code and reason), then by remote domain, then their lines
  assert.equal(r.problemCount, 9);
  assert.deepEqual(r.problems.map((p: any) => [p.severity, p.label]), [['error', '550 5.1.1 userunknown (3)'], ['error', '550 5.7.1 norelaying (3)'], ['warning', '450 4.2.0 (3)']]);
  assert.equal(r.problems[0].children[0].label, 'contoso.example (3)');
  assert.deepEqual(r.problems[0].children[0].children.map((l: any) => l.line), [40, 120, 200]);
  assert.match(r.problems[0].children[0].children[0].label, /^line 41: .*RCPT TO:<carol@contoso\.example>: User unknown/);
  await assert.rejects(conn.sendRequest('smtpLog/analyzeFile', { uri: 'file:///nonexistent/file.log' }), /ENOENT|no such file/i);
});

test('a hover on an open document is answered while a large log is analyzed from disk', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-log-')), 'big.log');
  fs.writeFileSync(file, SAMPLE.repeat(2000)); // about 24 MB: many blocks
  const order: string[] = [];
  const analysis = conn.sendRequest('smtpLog/analyzeFile', { uri: pathToFileURL(file).toString() }).then((r: any) => { order.push('analysis'); return r; });
  await new Promise(res => setTimeout(res, 50));
  const lines = SAMPLE.split('\n');
  const line = lines.findIndex(l => l.includes('550 5.1.1'));
  const hover: any = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line].indexOf('550') + 1 } });
  order.push('hover');
  assert.match(hover.contents.value, /550 5\.1\.1/);
  const r: any = await analysis;
  assert.deepEqual(order, ['hover', 'analysis'], 'the hover did not wait for the analysis');
  assert.equal(r.problemCount, 3 * 2000);
  assert.equal(r.sessionCount, 5 * 2000);
});

test('malformed requests get an InvalidParams error, not a stack in the log (issue 16)', async () => {
  const bad: [string, unknown][] = [
    ['textDocument/hover', { textDocument: { uri }, position: null }],
    ['textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 2 } }],
    ['textDocument/hover', { textDocument: { uri }, position: { line: 'a', character: 2 } }],
    ['textDocument/hover', { textDocument: null, position: { line: 1, character: 2 } }],
    ['textDocument/references', { textDocument: { uri }, position: null, context: { includeDeclaration: true } }],
    ['textDocument/documentSymbol', { textDocument: { uri: 42 } }],
    ['textDocument/foldingRange', {}],
  ];
  for (const [method, params] of bad) {
    await assert.rejects(conn.sendRequest(method, params), (e: any) => e.code === -32602, `${method} ${JSON.stringify(params)}`);
  }
  // the server goes on answering
  const h: any = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 20 } });
  assert.ok(h === null || typeof h.contents.value === 'string');
  assert.doesNotMatch(server.stderr(), /TypeError|at .*server\.js/);
});

test('a documentSymbol request cancelled before it runs is answered as cancelled, without the work (issue 16)', async () => {
  const big = 'file:///tmp/big-cancel.log';
  const text = SAMPLE.repeat(Math.ceil(3e6 / SAMPLE.length));
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: big, languageId: 'smtp-log', version: 1, text } });
  await waitDiagnostics(big);
  // an edit makes the cached model stale; the request that follows is cancelled at once, as VS Code does while typing
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: big, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }] });
  const { CancellationTokenSource } = await import('vscode-jsonrpc');
  const src = new CancellationTokenSource();
  const p = conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: big } }, src.token);
  src.cancel();
  await assert.rejects(p, (e: any) => e.code === -32800);
  const sym: any[] = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: big } });
  assert.ok(sym.length > 0);
});

test('incremental edits give the same problems, outline and hovers as opening the edited text (issue 16)', async () => {
  const a = 'file:///tmp/edited.log', b = 'file:///tmp/fresh.log';
  await server.open(a, 'smtp-log', SAMPLE);
  await waitDiagnostics(a);
  // edits that split a CRLF-less line, insert a failing reply, delete a block and add a BOM-like char
  const lines = SAMPLE.split('\n');
  const edits = [
    { range: { start: { line: 3, character: 5 }, end: { line: 3, character: 5 } }, text: '\r\n' },
    { range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: '4/2/01 8:02:11 AM : >>> 550 5.7.1 \u202eevil\n' },
    { range: { start: { line: 12, character: 0 }, end: { line: 15, character: 0 } }, text: '' },
  ];
  let version = 2;
  let text = SAMPLE;
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const local = TextDocument.create(a, 'smtp-log', 1, SAMPLE);
  for (const e of edits) {
    server.forget(a);
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: a, version }, contentChanges: [e] });
    TextDocument.update(local, [e], version++);
  }
  text = local.getText();
  assert.ok(lines.length > 15);
  const edited = await waitDiagnostics(a);
  await server.open(b, 'smtp-log', text);
  const fresh = await waitDiagnostics(b);
  const strip = (ds: any[]) => ds.map(d => [d.range, d.severity, d.code, d.message]);
  assert.deepEqual(strip(edited), strip(fresh));
  assert.ok(fresh.some(d => /<U\+202E>/.test(d.message) || d.code === '550 5.7.1'));
  const symA: any[] = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: a } });
  const symB: any[] = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: b } });
  assert.deepEqual(symA, symB);
  for (let l = 0; l < 12; l++) {
    const p = { line: l, character: 28 };
    assert.deepEqual(await conn.sendRequest('textDocument/hover', { textDocument: { uri: a }, position: p }), await conn.sendRequest('textDocument/hover', { textDocument: { uri: b }, position: p }));
  }
});
