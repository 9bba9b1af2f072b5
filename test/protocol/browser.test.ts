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
