import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedent, hoverAt, parse, service } from '../helpers/log';

const LOG = dedent(`
  Mar  3 10:00:01 mail courieresmtpd: error,relay=::ffff:192.0.2.10,from=<a@client.example>,to=<nobody@mail.example>: 550 User unknown.
  Mar  3 10:00:02 mail courieresmtpd[811]: error,relay=::ffff:192.0.2.11,port=40001,msg="535 Authentication failed.",cmd: AUTH LOGIN
  Mar  3 10:00:03 mail qmail: 1709460003.120001 rblsmtpd: 203.0.113.5 pid 7001 zen.example.net: 451 http://zen.example.net/query?ip=203.0.113.5
  Mar  3 10:00:04 mail smtpd[2888]: smtp-in: Failed command on session 0a1b2c3d4e5f6a7b: "RCPT TO:<x@mail.example>  " => 550 5.7.1 Delivery not authorized
  Mar  3 10:00:05 mail courieresmtpd: started,ip=[::ffff:192.0.2.12]
  Mar  3 10:00:06 mail cron[99]: job 250 finished: 550 files
`);

test('other mail servers: replies after their markers are problems with what they concern', () => {
  const doc = parse(LOG);
  assert.equal(doc.log.format, 'other-mta');
  const d = service.doValidation(doc);
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [
    [0, '550', 1], [1, '535', 1], [2, '451', 2], [3, '550 5.7.1', 1],
  ]);
  assert.match(d[0].message, /RCPT TO:<nobody@mail\.example>$/);
  assert.match(d[1].message, /AUTH$/);
  assert.match(d[3].message, /RCPT TO:<x@mail\.example>$/);
});

test('a reply inside msg="..." is hovered without the closing quote', () => {
  const h = hoverAt(LOG, 'msg="535', '535')!;
  assert.match(h, /535/);
  assert.match(h, /Reply: `535 Authentication failed\.`/);
});

test('numbers in lines of other programs are not replies', () => {
  const t = dedent(`
    Mar  3 10:00:06 host cron[99]: job done: 550 files
    Mar  3 10:00:07 host kernel: eth0: 450 packets dropped
  `);
  assert.deepEqual(service.doValidation(parse(t)), []);
});

test('Oracle IMS lines are grouped by the client of their tr="TCP|server|port|client|port" field', () => {
  const t = dedent(`
    <co ts="2024-03-05T10:00:00.00" pi="1.2.3" sc="tcp_local" dr="+" ac="U" tr="TCP|192.0.2.10|25|203.0.113.50|4299" ap="SMTP" mi="Bad password" us="ann" di="535 5.7.8 Bad username or password (Authentication failed)."/>
    <co ts="2024-03-05T10:00:05.00" pi="1.2.4" sc="tcp_local" dr="+" ac="U" tr="TCP|192.0.2.10|25|203.0.113.51|4300" ap="SMTP" mi="Bad password" us="bob" di="535 5.7.8 Bad username or password (Authentication failed)."/>
  `);
  assert.deepEqual(service.findDocumentSymbols(parse(t)).result.map(s => s.name.split(' ')[0]), ['203.0.113.50', '203.0.113.51']);
});

test('refusals logged without a code (Domino, Kerio) are class-5 problems explained by their text, with a hover on it', () => {
  const t = dedent(`
    05-03-2024 10:00:01   SMTP Server: Authentication failed for user admin ; connecting host 203.0.113.7
    05-03-2024 10:00:02   smtp: sales [203.0.113.8] authentication failure using internet password
    [05/Mar/2024 10:00:03] Attempt to deliver to unknown recipient <nobody@corp.example>, from <a@partner.example>, IP address 198.51.100.9
    [05/Mar/2024 10:00:04] IP address 198.51.100.10 found in DNS blacklist SpamCop, mail from <b@partner.example> to <c@corp.example>
    [05/Mar/2024 10:00:05] SMTP server started on port 25
  `);
  const doc = parse(t);
  assert.equal(doc.log.format, 'other-mta');
  const d = service.doValidation(doc);
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [[0, '5xx', 1], [1, '5xx', 1], [2, '5xx', 1], [3, '5xx', 1]]);
  assert.match(d[0].message, /authentication failed/i);
  assert.match(d[2].message, /does not exist.*RCPT TO:<nobody@corp\.example>$/);
  assert.match(d[3].message, /SpamCop/);
  // the problem stands on the words that say what happened, and a hover there explains them
  const col = t.split('\n')[2].indexOf('Attempt');
  assert.equal(d[2].range.start.character, col);
  const h = service.doHover(doc, { line: 2, character: col + 3 })!;
  assert.match((h.contents as { value: string }).value, /^\*\*5xx\*\* \*\*Refused for good\*\*[^]*\*\*Meaning:\*\* \*\*[^*]*does not exist/);
});
