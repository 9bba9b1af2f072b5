/** The summary and filtered-view requests over real JSON-RPC (what the Summary view and the status bar ask). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, startServer, type ServerUnderTest } from '../helpers/lspServer';

const POSTFIX = fs.readFileSync(path.join(ROOT, 'test/fixtures/generated/postfix-maillog.log'), 'utf8');
const uri = 'file:///tmp/summary/mail.log';
const emptyUri = 'file:///tmp/summary/empty.log';

let server: ServerUnderTest;

before(async () => { server = await startServer([[uri, 'smtp-log', POSTFIX], [emptyUri, 'smtp-log', '']]); });
after(() => server.stop());

test('smtpLog/summary: the totals, the chart buckets and the top lists of an open document', async () => {
  const s: any = await server.conn.sendRequest('smtpLog/summary', { uri });
  assert.deepEqual([s.totals.received, s.totals.delivered, s.totals.deferred, s.totals.bounced, s.totals.rejected], [14, 17, 8, 3, 14]);
  assert.equal(s.bucket, 'minute');
  assert.equal(s.buckets.length, 1);
  assert.deepEqual(s.buckets[0], { start: '2026-11-24T12:57:00', delivered: 17, deferred: 8, bounced: 3, rejected: 14 });
  assert.equal(s.reasons[0].filter, 'reason:postfix.milter-tempfail');
  assert.ok(s.reasons.every((r: any) => typeof r.line === 'number' && r.line >= 0));
  const empty: any = await server.conn.sendRequest('smtpLog/summary', { uri: emptyUri });
  assert.equal(empty.totals.records, 0);
  assert.equal(await server.conn.sendRequest('smtpLog/summary', { uri: 'file:///not/open.log' }), null);
});

test('smtpLog/filterView: failures only, one code, one bar; each view line names its original line', async () => {
  const src = POSTFIX.split('\n');
  const all: any = await server.conn.sendRequest('smtpLog/filterView', { uri, filter: 'failures' });
  assert.equal(all.title, 'Failures only');
  assert.equal(all.lines.length, 25);
  assert.deepEqual(all.text.split('\n'), all.lines.map((l: number) => src[l]));
  const code: any = await server.conn.sendRequest('smtpLog/filterView', { uri, filter: 'code:550 5.1.1' });
  assert.equal(code.lines.length, 5);
  for (const l of code.text.split('\n')) assert.match(l, /550 5\.1\.1/);
  const bar: any = await server.conn.sendRequest('smtpLog/filterView', { uri, filter: 'outcome:bounced@2026-11-24T12:57:00/2026-11-24T12:58:00' });
  assert.equal(bar.count, 3);
  for (const l of bar.text.split('\n')) assert.match(l, /status=bounced/);
  await assert.rejects(server.conn.sendRequest('smtpLog/filterView', { uri, filter: 'colour:red' }), /unknown filter/);
  await assert.rejects(server.conn.sendRequest('smtpLog/filterView', { uri, filter: 5 }), /filter must be a string/);
});

test('inlay hints (reply delays) are off by default: the setting smtpLog.inlayHints.replyDelay turns them on', async () => {
  const hints = await server.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 300, character: 0 } } });
  assert.deepEqual(hints, []);
});
