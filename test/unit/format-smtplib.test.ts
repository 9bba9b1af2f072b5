import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { hoverAt, lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';

const FIX = path.join(__dirname, '../../../test/fixtures/clients');
const L1 = readFileSync(path.join(FIX, 'smtplib-debuglevel1.txt'), 'utf8');
const L2 = readFileSync(path.join(FIX, 'smtplib-debuglevel2.txt'), 'utf8');

test('real smtplib debug output (levels 1 and 2) is detected', () => {
  assert.equal(parse(L1).log.format, 'smtplib');
  assert.equal(parse(L2).log.format, 'smtplib');
});

test('send: lines are commands, reply: b\'...\' lines replies; the retcode summary is not a second reply', () => {
  const m = parse(L1).log;
  const rcpt = lineOf(L1, "send: 'rcpt TO:<nosuch@example.test>");
  assert.equal(m.kind[rcpt], LineKind.Command);
  assert.match(L1.split('\n')[m.pair[rcpt]], /^reply: b'550 5\.1\.1/);
  assert.equal(m.kind[lineOf(L1, 'reply: retcode (550)')], LineKind.Other);
  const d = service.doValidation(parse(L1));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code]), [[rcpt + 1, '550 5.1.1']]);
  assert.match(d[0].message, /answers rcpt TO:<nosuch@example\.test>$/);
});

test('the message sent after 354 is data, and the 250 after it answers the end of data', () => {
  const m = parse(L1).log;
  assert.equal(m.kind[lineOf(L1, "send: b'From: alice")], LineKind.Other);
  assert.match(hoverAt(L1, "reply: b'250 2.0.0 Ok: queued", '250')!, /end of the message data/);
});

test('level 2 timestamps give the session time; a 450 is a warning', () => {
  const s = service.findDocumentSymbols(parse(L2)).result;
  assert.equal(s.length, 1);
  assert.match(s[0].name, /^to 127\.0\.0\.1:\d+ \d\d:\d\d:\d\d - 450 4\.2\.0 deferred$/);
  // a time alone (no date in the log): the seconds, and how long the session took
  assert.match(s[0].detail!, /^(?:< 1 m?s|\d+ ms|[\d.]+ s), \d+ lines$/);
  const d = service.doValidation(parse(L2));
  assert.deepEqual(d.map(x => [x.code, x.severity]), [['450 4.2.0', 2]]);
  // the reply text does not carry the repr's \r\n and quote
  const text = L2.split('\n')[d[0].range.start.line];
  assert.equal(text.slice(d[0].range.start.character, d[0].range.end.character), '450 4.2.0');
});
