import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, hoverAt, lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { SessionFlag } from '../../server/src/core/parser/model';

const LOG = readFileSync(path.join(__dirname, '../../../test/fixtures/exim/mainlog.log'), 'utf8');

test('exim mainlog is detected', () => {
  assert.equal(parse(LOG).log.format, 'exim');
});

test('outline: the connection with the message it received (<= ... H=), each message id from <= to Completed, with deliveries and failures', () => {
  const syms = service.findDocumentSymbols(parse(LOG)).result;
  assert.deepEqual(syms.map(s => s.name), [
    'mail.partner.example [198.51.100.7]:50211 2024-05-06 11:02:10 - 5xx rejected',
    '1sCUac-000Ab9-2K from <> 2024-05-06 11:02:13 - delivered',
    '1sCUbz-000AcC-1D 2024-05-06 11:05:00 - 451 4.7.1 deferred',
    '(User) [203.0.113.66]:60111 2024-05-06 11:06:30 - 535 rejected',
  ]);
  // the message arrived in that connection: under it, after the refused RCPT, with its deliveries, sender and duration
  assert.deepEqual(syms[0].children!.map(c => c.name), [
    'RCPT TO:<ghost@corp.example>',
    '1sCUab-000Ab1-7Q 2024-05-06 11:02:11 - delivered, 1 recipient refused (550 5.1.1)',
  ]);
  const msg = syms[0].children![1];
  assert.equal(msg.detail, 'from=<ann@partner.example>, 2 s, 4 lines · TLSv1.3 (TLS_AES_256_GCM_SHA384)');
  assert.deepEqual(msg.children!.map(c => c.name), ['delivery to <bo@corp.example>', 'RCPT TO:<ed@elsewhere.example>']);
  // the connection's entry encloses its message, which goes on after the connection closed
  assert.equal(syms[0].range.end.line, lineOf(LOG, '1sCUab-000Ab1-7Q Completed'));
  const m = parse(LOG).log;
  const s = m.session[lineOf(LOG, '1sCUab-000Ab1-7Q <=')];
  assert.ok(m.sessions.flags[s] & SessionFlag.Message);
  assert.equal(m.sessions.last[s], lineOf(LOG, '1sCUab-000Ab1-7Q Completed'));
  // the connection ends with "closed by QUIT"
  const c = m.session[0];
  assert.equal(m.sessions.last[c], lineOf(LOG, 'closed by QUIT'));
});

test('=> is a delivery (no problem); ** with the remote code; == deferred; ACL reject without code is class 5', () => {
  const m = parse(LOG).log;
  assert.equal(m.code[lineOf(LOG, '1sCUab-000Ab1-7Q => bo')], 250);
  assert.equal(m.kind[lineOf(LOG, '1sCUab-000Ab1-7Q => bo')], LineKind.Status);
  const d = service.doValidation(parse(LOG));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [
    [lineOf(LOG, 'rejected RCPT <ghost'), '5xx', 1],
    [lineOf(LOG, '** ed@elsewhere'), '550 5.1.1', 1],
    [lineOf(LOG, '== zoe@slow'), '451 4.7.1', 2],
    [lineOf(LOG, 'authenticator failed'), '535', 1],
  ]);
  assert.match(d[0].message, /RCPT TO:<ghost@corp\.example>$/);
  assert.match(d[1].message, /RCPT TO:<ed@elsewhere\.example>$/);
});

test('hover on the remote code of a ** line names the command it answered', () => {
  const h = hoverAt(LOG, '** ed@elsewhere', '550 5.1.1')!;
  assert.match(h, /Concerns `RCPT TO:<ed@elsewhere\.example>`/);
  assert.match(h, /2024-05-06 11:02:13/);
});

test('exim through syslog, with pid, and the 4.97 message ids', () => {
  const t = dedent(`
    May  6 11:02:11 mx exim[2211]: 2024-05-06 11:02:11 [2211] 10HmaX-000000005vi-0000 <= a@b.example H=(pc) [192.0.2.9] P=esmtp S=310
    May  6 11:02:12 mx exim[2212]: 2024-05-06 11:02:12 [2212] 10HmaX-000000005vi-0000 ** c@d.example: Unrouteable address
    May  6 11:02:12 mx exim[2212]: 2024-05-06 11:02:12 [2212] 10HmaX-000000005vi-0000 Completed
  `);
  const doc = parse(t);
  assert.equal(doc.log.format, 'exim');
  assert.equal(doc.log.sessions.count, 1);
  const d = service.doValidation(doc);
  assert.deepEqual(d.map(x => [x.range.start.line, x.code]), [[1, '5xx']]);
  assert.match(d[0].message, /delivery to <c@d\.example>/);
});

test('a plain dated text is not exim', () => {
  const t = dedent(`
    2024-05-06 11:02:11 backup started
    2024-05-06 11:03:11 backup finished: 550 files copied
  `);
  assert.notEqual(parse(t).log.format, 'exim');
  assert.deepEqual(service.doValidation(parse(t)), []);
});

test('a deferral (==) that quotes a 5xx EHLO response stays a deferral: the code counts only after "SMTP error from remote"', () => {
  const t = dedent(`
    2024-04-02 10:00:00 1sAbCd-000Ab1-Zz == ann@mx.example.net R=dnslookup T=remote_smtp defer (-18) H=mx.example.net [192.0.2.30]: Remote host closed connection in response to HELO mail.example.com (EHLO response was: 550 go away)
    2024-04-02 10:05:00 1sAbCd-000Ab1-Zz == ann@mx.example.net R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [192.0.2.30]: SMTP error from remote mail server after RCPT TO:<ann@mx.example.net>: 451 4.7.1 Try again later
  `);
  const d = service.doValidation(parse(t));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [[0, '4xx', 2], [1, '451 4.7.1', 2]]);
});

test('an arrival whose subject says "rejected" is no problem', () => {
  const t = '2024-04-02 10:00:00 1sAbCe-000Ab2-Yy <= bob@example.org H=mx.example.org [192.0.2.31] P=esmtps S=2041 T="Your claim was rejected: see attachment"\n';
  assert.equal(parse(t).log.format, 'exim');
  assert.deepEqual(service.doValidation(parse(t)), []);
});

test('a rejectlog without message ids or hosts (local submissions) is exim; "temporarily rejected:" is a warning', () => {
  const t = dedent(`
    2024-04-02 10:00:00 rejected HELO from CALLER: syntactically invalid argument(s): ##
    2024-04-02 10:00:01 U=CALLER F=<ann@example.com> rejected RCPT <bob@example.org>
    2024-04-02 10:00:02 too many recipients: excess temporarily rejected: sender=<ann@example.com> U=CALLER
  `);
  const doc = parse(t);
  assert.equal(doc.log.format, 'exim');
  assert.deepEqual(service.doValidation(doc).map(x => [x.range.start.line, x.code, x.severity]), [[0, '5xx', 1], [1, '5xx', 1], [2, '4xx', 2]]);
  assert.match(service.doValidation(doc)[1].message, /RCPT TO:<bob@example\.org>$/);
});

test('connection labels keep the HELO name in parentheses and the address; a quoted command is what was rejected', () => {
  const t = dedent(`
    2024-04-02 10:00:00 dovecot_login authenticator failed for ([192.0.2.9]) [203.0.113.8]:55379: 535 Incorrect authentication data (set_id=ann@example.com)
    2024-04-02 10:00:01 [4711] SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected "RSET" H=(x.example.net) [203.0.113.9]:4025 next input="QUIT\\r\\n"
  `);
  const names = service.findDocumentSymbols(parse(t)).result.map(s => s.name);
  assert.equal(names[0], '([192.0.2.9]) [203.0.113.8]:55379 2024-04-02 10:00:00 - 535 rejected');
  const d = service.doValidation(parse(t));
  assert.match(d[1].message, /; RSET$/);
});

test('a PRDR refusal carries the remote code; an event line repeating a failure is no second problem', () => {
  const t = dedent(`
    2024-04-02 10:00:00 1sAbCf-000Ab3-Xx ** c@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.32] : PRDR error after DATA: 550 PRDR R=<c@example.net> refusal
    2024-04-02 10:00:00 1sAbCf-000Ab3-Xx event msg:fail:delivery data "SMTP error from remote mail server after end of data: 550 Your message has been rejected"
  `);
  assert.deepEqual(service.doValidation(parse(t)).map(x => [x.range.start.line, x.code]), [[0, '550']]);
});
