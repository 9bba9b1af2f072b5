import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { SessionFlag } from '../../server/src/core/parser/model';

const FIX = path.join(__dirname, '../../../test/fixtures/clients');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const names = (t: string) => service.findDocumentSymbols(parse(t)).result.map(s => s.name);

test('nodemailer log: C:/S: after the timestamp, level and id; pipelined RCPTs; data summary line', () => {
  const t = read('nodemailer.log');
  const m = parse(t).log;
  assert.equal(m.format, 'client-log');
  assert.deepEqual(names(t), ['to 192.0.2.25:587 2024-05-06 11:20:01 - delivered, 1 recipient refused (554 5.7.1)']);
  assert.ok(m.sessions.flags[0] & SessionFlag.Outbound);
  const d = service.doValidation(parse(t));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code]), [[lineOf(t, 'S: 554 5.7.1'), '554 5.7.1']]);
  assert.match(d[0].message, /answers RCPT TO:<zed@elsewhere\.example>$/);
  assert.equal(m.kind[lineOf(t, 'bytes encoded mime message')], LineKind.Other);
  // QUIT after the data is a command again
  assert.equal(m.kind[lineOf(t, 'C: QUIT')], LineKind.Command);
});

test('MailKit protocol log: redacted AUTH, pipelined MAIL/RCPT, 452 mailbox full', () => {
  const t = read('mailkit.log');
  assert.equal(parse(t).log.format, 'client-log');
  assert.deepEqual(names(t), ['to smtp://smtp.example.test:587/?starttls=always - 452 4.2.2 deferred']);
  const d = service.doValidation(parse(t));
  assert.deepEqual(d.map(x => [x.code, x.severity]), [['452 4.2.2', 2]]);
  assert.match(d[0].message, /answers RCPT TO:<bob@example\.test>$/);
});

test('telnet session typed by hand: bare commands and replies; data lines that look like replies are data', () => {
  const t = read('telnet.txt');
  const m = parse(t).log;
  assert.equal(m.format, 'telnet');
  assert.equal(m.kind[lineOf(t, '550 reasons to test by hand')], LineKind.Other);
  const d = service.doValidation(parse(t));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code]), [[lineOf(t, '550 5.1.1'), '550 5.1.1']]);
  assert.deepEqual(names(t), ['to 192.0.2.25 - delivered, 1 recipient refused (550 5.1.1)']);
});

test('openssl s_client: AUTH LOGIN base64 lines are commands; the 535 answers the password line', () => {
  const t = read('openssl-s_client.txt');
  const m = parse(t).log;
  assert.equal(m.format, 'telnet');
  assert.equal(m.kind[lineOf(t, 'YWxpY2U=')], LineKind.Command);
  const d = service.doValidation(parse(t));
  assert.deepEqual(d.map(x => x.code), ['535 5.7.8']);
});

test('ordinary text with a few SMTP words is not taken for a session', () => {
  const t = dedent(`
    Notes from the meeting
    Data retention: 250 days for logs.
    Help desk asked about mail delivery.
    550 people attended.
  `);
  assert.equal(parse(t).log.format, 'plain');
  assert.deepEqual(service.doValidation(parse(t)), []);
});
