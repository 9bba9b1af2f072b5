import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { hoverAt, lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { SessionFlag } from '../../server/src/core/parser/model';

const GEN = path.join(__dirname, '../../../test/fixtures/generated');
const read = (f: string) => readFileSync(path.join(GEN, f), 'utf8');

test('every real swaks transcript is detected as swaks, one outbound session each', () => {
  for (const f of readdirSync(GEN).filter(f => f.startsWith('swaks-'))) {
    const m = parse(read(f)).log;
    assert.equal(m.format, 'swaks', f);
    assert.equal(m.sessions.count, 1, f);
    assert.ok(m.sessions.flags[0] & SessionFlag.Outbound, f);
  }
});

test('pipelined recipients: replies pair in order, the 550 and the 450 are problems on RCPT', () => {
  const t = read('swaks-pipelining.txt');
  const d = service.doValidation(parse(t));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [
    [lineOf(t, '<** 550 5.1.1'), '550 5.1.1', 1],
    [lineOf(t, '<** 450 4.2.0'), '450 4.2.0', 2],
  ]);
  assert.match(d[0].message, /answers RCPT TO:<nosuch@b\.example\.test>$/);
  assert.match(d[1].message, /answers RCPT TO:<greylist@b\.example\.test>$/);
  const names = service.findDocumentSymbols(parse(t)).result.map(s => s.name);
  assert.deepEqual(names, ['to 127.0.0.1:2526 - delivered, 2 recipients refused (550 5.1.1)']);
});

test('message data after 354 is not a command; the reply after "." is the verdict on the message', () => {
  const t = read('swaks-pipelining.txt');
  const m = parse(t).log;
  assert.equal(m.kind[lineOf(t, ' -> Subject: fixture: pipelining')], LineKind.Other);
  assert.equal(m.kind[lineOf(t, ' -> To: bob@b.example.test')], LineKind.Other);
  const h = hoverAt(t, 'queued as', '250')!;
  assert.match(h, /end of the message data/);
});

test('TLS lines (~> / <~) and the unexpected <~* reply: AUTH failure 535', () => {
  const t = read('swaks-auth-failure-535.txt');
  const d = service.doValidation(parse(t));
  assert.deepEqual(d.map(x => x.code), ['535 5.7.8']);
  assert.match(d[0].message, /answers AUTH PLAIN/);
  assert.equal(parse(t).log.kind[lineOf(t, ' ~> EHLO')], LineKind.Command);
});

test('size limit 552 at the end of data and a good delivery without problems', () => {
  const big = read('swaks-size-limit-552.txt');
  const d = service.doValidation(parse(big));
  assert.equal(d.length, 1);
  assert.match(d[0].message, /^552 5\.3\.4 .*end of the message data/);
  assert.deepEqual(service.doValidation(parse(read('swaks-good-delivery.txt'))), []);
  assert.deepEqual(service.doValidation(parse(read('swaks-starttls.txt'))), []);
});

test('hover on the arrows: "->" sent, "<-" received', () => {
  const t = read('swaks-good-delivery.txt');
  assert.match(hoverAt(t, ' -> EHLO', '>')!, /sent/);
  assert.match(hoverAt(t, '<-  220', '<')!, /received/);
});

test('a PROXY header sent first is no command: the 220 after it is the greeting', () => {
  const t = [
    '=== Trying mx.example.com:25...', '=== Connected to mx.example.com.', ' -> PROXY TCP4 192.0.2.1 192.0.2.2 4000 25',
    '<-  220 mx.example.com ESMTP', ' -> EHLO client.example.org', '<-  250 mx.example.com', ' -> QUIT', '<-  221 Bye', '=== Connection closed with remote host.',
  ].join('\n');
  const m = parse(t).log;
  assert.equal(m.kind[2], LineKind.Other);
  assert.deepEqual(service.findDocumentSymbols(parse(t)).result.map(s => s.name), ['to mx.example.com:25 - no message']);
  assert.equal(m.pair[4], 5);
});

test('PRDR: the per-recipient replies after 353 answer the end of the data; refused recipients are counted', () => {
  const t = [
    '=== Trying mx.example.com:25...', '<-  220 mx.example.com ESMTP', ' -> EHLO c.example.org', '<-  250 mx.example.com',
    ' -> MAIL FROM:<a@example.org> PRDR', '<-  250 OK', ' -> RCPT TO:<b@example.com>', '<-  250 OK', ' -> RCPT TO:<c@example.com>', '<-  250 OK',
    ' -> DATA', '<-  354 Go ahead', ' -> Subject: t', ' -> ', ' -> .', '<-  353 PRDR content analysis beginning',
    '<-  250 PRDR R=<b@example.com> acceptance', '<** 550 PRDR R=<c@example.com> refusal', '<-  250 OK id=1',
    ' -> QUIT', '<-  221 Bye', '=== Connection closed with remote host.',
  ].join('\n');
  const m = parse(t).log;
  const dot = lineOf(t, ' -> .');
  assert.equal(m.pair[lineOf(t, '550 PRDR')], dot);
  const d = service.doValidation(parse(t));
  assert.equal(d.length, 1);
  assert.match(d[0].message, /answers the end of the message data$/);
  assert.deepEqual(service.findDocumentSymbols(parse(t)).result.map(s => s.name), ['to mx.example.com:25 - delivered, 1 recipient refused (550)']);
});
