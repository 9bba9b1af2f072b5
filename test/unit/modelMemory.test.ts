/**
 * The model keeps no array a log does not use: `pair` exists once a line is a command or a reply,
 * `sessions.parent` once a session is linked to the one it was received in. What a user sees (problems,
 * outline, folding, hovers) is the same with or without them, and a log that gains its first command
 * line by an append (postfix with debug_peer_list switched on while the log is open) gets the pairs a
 * parse from the top gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { lineageOf } from '../../server/src/core/parser/sessionParser';

const FIX = path.join(__dirname, '../../../test/fixtures');
const MAILLOG = readFileSync(path.join(FIX, 'generated/postfix-maillog.log'), 'utf8');
const DEBUG = readFileSync(path.join(FIX, 'generated/postfix-debug-peer.log'), 'utf8');

const arrays = (t: string) => {
  const m = parse(t).log;
  return { pair: Array.from(m.pair), kind: Array.from(m.kind), session: Array.from(m.session), parent: Array.from(m.sessions.parent), count: m.sessions.count };
};

test('a maillog without a debug transcript has no pair array, and its problems, outline and folding still come', () => {
  const doc = parse(MAILLOG);
  const m = doc.log;
  assert.equal(m.format, 'postfix');
  assert.ok(!m.kind.some(k => k === LineKind.Command || k === LineKind.Reply || k === LineKind.ReplyMore));
  assert.equal(m.pair.length, 0);
  assert.ok(service.doValidation(doc).length > 0);
  const outline = service.findDocumentSymbols(doc).result;
  assert.ok(outline.length > 0);
  // messages received in a connection are nested under it: the parent links are there
  assert.equal(m.sessions.parent.length, m.sessions.count);
  assert.ok(outline.some(s => (s.children ?? []).some(c => /^[0-9A-F]{6,}/.test(c.name))));
});

test('a log with commands and replies has one pair per line', () => {
  const m = parse(DEBUG).log;
  assert.equal(m.pair.length, m.lineCount);
  const rcpt = lineOf(DEBUG, 'postfix/smtpd[13499]: < localhost[127.0.0.1]: RCPT TO:<nosuch@b.example.test>');
  assert.equal(m.kind[rcpt], LineKind.Command);
  assert.ok(m.pair[rcpt] > rcpt);
});

test('a log of sessions that are never linked has no parent array, and its outline is flat', () => {
  const log = [
    'Mar  4 08:00:00 relay sm-mta[1]: 424DFLqA000001: from=<a@example.com>, size=4211, class=0, nrcpts=1, msgid=<e7f1@partner.example>, proto=ESMTP, daemon=MTA, relay=host0.example.net [198.51.100.40]',
    'Mar  4 08:00:02 relay sm-mta[3]: 424DFLqA000001: to=<b@example.org>, delay=00:00:02, xdelay=00:00:01, mailer=esmtp, pri=34211, relay=mx.example.org. [192.0.2.20], dsn=5.1.1, stat=User unknown',
    'Mar  4 08:00:03 relay sm-mta[4]: 424DFLqA000002: from=<c@example.com>, size=11, class=0, nrcpts=1, msgid=<e7f2@partner.example>, proto=ESMTP, daemon=MTA, relay=host1.example.net [198.51.100.41]',
  ].join('\n') + '\n';
  const doc = parse(log);
  assert.equal(doc.log.format, 'sendmail');
  assert.equal(doc.log.sessions.count, 2);
  assert.equal(doc.log.sessions.parent.length, 0);
  assert.equal(doc.log.sessions.parentOf(1), -1);
  const outline = service.findDocumentSymbols(doc).result;
  assert.equal(outline.length, 2);
  assert.equal(service.doValidation(doc).length, 1);
});

test('the first command line arriving by an append gets the pairs a parse from the top gives', () => {
  const lines = DEBUG.split('\n');
  const firstPeer = lines.findIndex(l => /: [<>] localhost\[/.test(l));
  assert.ok(firstPeer > 0);
  const head = lines.slice(0, firstPeer).join('\n') + '\n';
  const before = parse(head);
  assert.equal(before.log.pair.length, 0);
  const grown = service.parse(DEBUG, 'smtp-log', { previous: before.log });
  // parsed on from the appended lines, not from the top
  assert.equal(lineageOf(grown.log)?.from, firstPeer);
  const full = parse(DEBUG);
  assert.deepEqual(arrays(DEBUG), { pair: Array.from(grown.log.pair), kind: Array.from(grown.log.kind), session: Array.from(grown.log.session), parent: Array.from(grown.log.sessions.parent), count: grown.log.sessions.count });
  assert.equal(grown.log.pair.length, grown.log.lineCount);
  assert.deepEqual(service.findDocumentSymbols(grown).result, service.findDocumentSymbols(full).result);
  assert.deepEqual(service.doValidation(grown), service.doValidation(full));
});
