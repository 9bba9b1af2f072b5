import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, hoverAt, lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';

const LOG = readFileSync(path.join(__dirname, '../../../test/fixtures/sendmail/maillog.log'), 'utf8');

test('sendmail syslog is detected', () => {
  assert.equal(parse(LOG).log.format, 'sendmail');
});

test('messages by queue id; a relay reject before any queue id is its own session; no session for daemon notes', () => {
  const names = service.findDocumentSymbols(parse(LOG)).result.map(s => s.name);
  assert.deepEqual(names, [
    '424DFLqA005230 from=<ann@partner.example> from out.partner.example [198.51.100.40] Mar 4 08:15:22 - delivered, 1 recipient refused (550 5.1.1)',
    'bad.example [203.0.113.9] Mar 4 08:20:10 - 421 4.3.2 deferred',
    '424DVeLm005400 from=<root@relay.corp.example> from root@localhost Mar 4 08:31:40 - in queue',
    '424DVfXb005402 from mx.elsewhere.example. [192.0.2.99] Mar 4 08:31:41 - 5.1.1 rejected',
  ]);
});

test('stat=Sent is a delivery, not a problem; reject=, stat=Deferred: 451 and dsn=5.1.1 are', () => {
  const m = parse(LOG).log;
  const sent = lineOf(LOG, 'stat=Sent');
  assert.equal(m.kind[sent], LineKind.Status);
  assert.equal(m.code[sent], 250);
  const d = service.doValidation(parse(LOG));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [
    [lineOf(LOG, 'reject=550 5.1.1'), '550 5.1.1', 1],
    [lineOf(LOG, 'stat=Deferred: 451'), '451 4.3.0', 2],
    [lineOf(LOG, 'reject=421 4.3.2'), '421 4.3.2', 2],
    [lineOf(LOG, 'stat=User unknown'), '5.1.1', 1],
  ]);
  assert.match(d[0].message, /RCPT TO:<ghost@corp\.example>$/);
  assert.match(d[1].message, /delivery to <ed@corp\.example> via store\.corp\.example\. \[192\.0\.2\.20\]$/);
  assert.match(d[2].message, /the connection from bad\.example \[203\.0\.113\.9\]$/);
});

test('hover on reject= explains the code and the recipient it concerns', () => {
  const h = hoverAt(LOG, 'reject=550 5.1.1', '550')!;
  assert.match(h, /permanent/i);
  assert.match(h, /RCPT TO:<ghost@corp\.example>/);
  assert.match(hoverAt(LOG, 'stat=User unknown', '5.1.1')!, /5\.1\.1/);
});

test('the syslog facility tag some systems add (<mail.notice>) does not hide the line', () => {
  const t = 'Jun 18 08:05:17 <mail.notice> myhost sm-mta[17002]: 55IC59VD017002: ruleset=check_rcpt, arg1=<a@b.example>, relay=[192.0.2.67], reject=450 4.4.0 <a@b.example>... Relaying temporarily denied\n';
  const d = service.doValidation(parse(t));
  assert.equal(d.length, 1);
  assert.equal(d[0].code, '450 4.4.0');
});

test('refusals sendmail logs in words are problems of class 5 with what they concern', () => {
  const t = dedent(`
    Mar  5 10:00:00 mx sendmail[1664]: 424A00CN016764: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=ann@example.com, relay=client.example.net [192.0.2.3]
    Mar  5 10:00:01 mx sm-mta[1665]: 424A01CN016765: <nobody@example.com>... No such user here
    Mar  5 10:00:02 mx sm-mta[1666]: 424A02CN016766: [203.0.113.70]: EXPN root [rejected]
    Mar  5 10:00:03 mx sm-mta[1667]: 424A03CN016767: rejecting commands from client.example.org [192.0.2.4] due to pre-greeting traffic after 0 seconds
    Mar  5 10:00:04 mx sm-mta[1668]: 424A04CN016768: [203.0.113.71]: possible SMTP attack: command=AUTH, count=5
  `);
  const d = service.doValidation(parse(t));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [[0, '5xx', 1], [1, '5xx', 1], [2, '5xx', 1], [3, '5xx', 1]]);
  assert.match(d[0].message, /AUTH LOGIN from client\.example\.net \[192\.0\.2\.3\]$/);
  assert.match(d[1].message, /RCPT TO:<nobody@example\.com>$/);
  assert.match(d[2].message, /EXPN root$/);
  assert.match(d[3].message, /before the greeting/);
});
