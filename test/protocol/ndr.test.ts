/**
 * Server protocol for bounces: the built `smtp-log-language-server --stdio` as a child process, a
 * bounce opened as languageId smtp-ndr, spoken to with real JSON-RPC.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, startServer, type ServerUnderTest } from '../helpers/lspServer';

const BOUNCE = fs.readFileSync(path.join(ROOT, 'test/fixtures/ndr/exchange2007-two-recipients.eml'), 'utf8');
const uri = 'file:///tmp/undeliverable.eml';
const lines = BOUNCE.split('\n');
const lineOf = (s: string) => lines.findIndex(l => l.includes(s));

let server: ServerUnderTest;
let conn: ServerUnderTest['conn'];
const waitDiagnostics = (u: string) => server.diagnostics(u);

before(async () => {
  server = await startServer([[uri, 'smtp-ndr', BOUNCE]]);
  conn = server.conn;
});

after(() => server.stop());

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
  server.forget(uri);
  const line = lineOf('Status: 5.2.2') - 1; // the Action: line
  assert.match(lines[line], /^Action: failed/);
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line, character: 8 }, end: { line, character: 14 } }, text: 'delivered' }] });
  const d = await waitDiagnostics(uri);
  assert.deepEqual(d.map(x => x.code), ['5.1.1']);
  assert.doesNotMatch(server.stderr(), /Error/);
});
