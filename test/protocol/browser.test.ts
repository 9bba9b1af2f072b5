/**
 * The web extension's server (dist/server.js, which vscode.dev and github.dev run in a web worker; in
 * Node the same bundle is the stdio / IPC server): loaded into a worker thread whose globals have no `process`, `require` or `Buffer`, spoken to
 * over postMessage with vscode-jsonrpc's browser reader and writer. A `vscode-vfs://` document (a file of
 * a GitHub repository opened on github.dev) gets problems, hover and outline.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, startServer, type ServerUnderTest } from '../helpers/lspServer';

const SAMPLE = fs.readFileSync(path.join(ROOT, 'samples/exchange-transcript.log'), 'utf8');
const BOUNCE = fs.readFileSync(path.join(ROOT, 'samples/bounce-postfix.eml'), 'utf8');
const uri = 'vscode-vfs://github/contoso/mail-logs/exchange-transcript.log';
const ndrUri = 'vscode-vfs://github/contoso/mail-logs/bounce.eml';
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

let server: ServerUnderTest;

before(async () => {
  server = await startServer([[uri, 'smtp-log', SAMPLE], [ndrUri, 'smtp-ndr', BOUNCE]], { browser: true });
});

after(() => server.stop());

test('the browser bundle starts without Node globals and names its version', () => {
  assert.deepEqual(server.init.serverInfo, { name: 'smtp-log-language-server', version: PKG.version });
});

test('problems for a vscode-vfs:// log', async () => {
  const d = await server.diagnostics(uri);
  assert.deepEqual(d.map(x => [x.severity, x.code]), [[1, '550 5.1.1'], [1, '550 5.7.1'], [2, '450 4.2.0']]);
});

test('hover on a 550 of a vscode-vfs:// log', async () => {
  const lines = SAMPLE.split('\n');
  const line = lines.findIndex(l => l.includes('550 5.1.1'));
  const h: any = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line].indexOf('550') + 1 } });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /RCPT TO:<carol@contoso\.example>/);
});

test('outline of a vscode-vfs:// log and of a bounce', async () => {
  const s: any[] = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(s.length, 5);
  assert.match(s[2].name, /^203\.0\.113\.99 unknown-host/);
  const n: any[] = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: ndrUri } });
  assert.ok(n.length >= 1, JSON.stringify(n));
  assert.ok((await server.diagnostics(ndrUri)).length >= 1);
});

test('the log says it runs in a web worker; nothing went to stderr', async () => {
  await server.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
  assert.match(server.log(), /running: web worker/);
  assert.equal(server.stderr(), '');
});

test('no disk in the browser: analyzing a file from disk is refused with a message, the server lives on', async () => {
  await assert.rejects(server.conn.sendRequest('smtpLog/analyzeFile', { uri: 'file:///var/log/mail.log' }), /cannot read files from disk/);
  const s: any[] = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(s.length, 5);
});

test('the web client bundle is built and holds no Node module', () => {
  const client = fs.readFileSync(path.join(ROOT, 'dist/browser/client.js'), 'utf8');
  assert.doesNotMatch(client, /require\("(node:)?(fs|path|child_process|net|os)"\)/);
  assert.match(client, /new Worker\(/);
  assert.match(client, /createObjectURL/, 'a worker from a blob where VS Code refuses one from the extension location (vscode-remote)');
});

test('without a disk, the open documents are the index: references and the trail across two open logs, and the trail says so', async () => {
  const a = fs.readFileSync(path.join(ROOT, 'test/fixtures/generated/postfix-maillog-mx-a.log'), 'utf8');
  const b = fs.readFileSync(path.join(ROOT, 'test/fixtures/generated/postfix-maillog-mx-b.log'), 'utf8');
  const ua = 'vscode-vfs://github/contoso/mail-logs/mx-a/mail.log', ub = 'vscode-vfs://github/contoso/mail-logs/mx-b/mail.log';
  await server.open(ua, 'smtp-log', a);
  await server.open(ub, 'smtp-log', b);
  let tr: any;
  for (let i = 0; i < 40; i++) {
    await new Promise(r => setTimeout(r, 100)); // the index of open documents is debounced
    tr = await server.conn.sendRequest('smtpLog/messageTrail', { query: 'BEC9720C5D0' });
    if (tr.trails[0]?.hops.some((h: any) => h.uri === ub)) break;
  }
  assert.deepEqual(tr.trails[0].hops.map((h: any) => `${h.host} ${h.kind}`), ['mx-a received', 'mx-a queued', 'mx-a delivered', 'mx-a removed', 'mx-b received', 'mx-b queued', 'mx-b delivered', 'mx-b removed']);
  assert.match(tr.text, /only the open documents are searched/);
  const lines = a.split('\n');
  const l = lines.findIndex(x => x.includes('queued as C204720C5D3'));
  const refs = await server.conn.sendRequest('textDocument/references', { textDocument: { uri: ua }, position: { line: l, character: lines[l].indexOf('C204720C5D3') + 1 }, context: { includeDeclaration: true } }) as any[];
  assert.ok(refs.some(r => r.uri === ub), 'the next hop\'s lines in the other open document');
});
