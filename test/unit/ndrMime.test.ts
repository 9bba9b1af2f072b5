/** The bounce reader's MIME layer and DSN field parser: structure, decoding, and offsets into the original text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedent } from '../helpers/log';
import { parseLog } from '../../server/src/core/parser/parse';
import { bodyView, decodeWords, header, parseMessage, walk } from '../../server/src/core/ndr/mime';
import { addressValue, field, parseDsn } from '../../server/src/core/ndr/dsn';
import { viewLines } from '../../server/src/core/ndr/text';

const lines = (text: string) => parseLog(text, { format: 'exchange-transcript' });

const NESTED = dedent(`
  From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
  Subject: =?UTF-8?B?VW56dXN0ZWxsYmFyOiBCw7xkZ2V0?=
  Content-Type: multipart/report; report-type=delivery-status;
  \tboundary="outer"

  preamble
  --outer
  Content-Type: multipart/alternative; boundary="outer-inner"

  --outer-inner
  Content-Type: text/plain; charset=utf-8
  Content-Transfer-Encoding: quoted-printable

  Caf=C3=A9 is closed. Remote Server returned '550 5.1.1 RESOLVER.ADR.Re=
  cipNotFound; not found'
  --outer-inner
  Content-Type: text/html

  <p>html</p>
  --outer-inner--
  --outer
  Content-Type: message/delivery-status

  Reporting-MTA: dns; mx.example.net

  Final-Recipient: rfc822; <bob@example.com>
  Action: failed
  Status: 5.1.1
  --outer
  Content-Type: message/rfc822

  Subject: Original
  Message-ID: <1@example.org>

  body
  --outer--
  epilogue
`);

test('nested multipart: the outer boundary is not confused with a longer inner one that starts with it', () => {
  const m = parseMessage(lines(NESTED));
  assert.equal(m.type, 'multipart/report');
  assert.deepEqual(m.children.map(c => c.type), ['multipart/alternative', 'message/delivery-status', 'message/rfc822']);
  assert.deepEqual(m.children[0].children.map(c => c.type), ['text/plain', 'text/html']);
  assert.equal(header(m.children[2].message, 'message-id'), '<1@example.org>');
  assert.equal(m.malformed, undefined);
});

test('folded header values are unfolded and encoded words decoded', () => {
  const m = parseMessage(lines(NESTED));
  assert.equal(m.params.get('boundary'), 'outer');
  assert.equal(m.params.get('report-type'), 'delivery-status');
  assert.equal(decodeWords(header(m, 'subject')!), 'Unzustellbar: Büdget');
});

test('quoted-printable text is decoded for reading and every character maps back to the document', () => {
  const d = lines(NESTED);
  const plain = parseMessage(d).children[0].children[0];
  const v = bodyView(d, plain);
  assert.match(v.text, /Café is closed/);
  const i = v.text.indexOf('RESOLVER.ADR.RecipNotFound');
  assert.ok(i > 0, 'soft line break joined');
  // the "c" after the soft break sits at the start of the next document line
  const c = v.text.indexOf('cipNotFound');
  assert.equal(NESTED.slice(v.at(c), v.at(c) + 11), 'cipNotFound');
  assert.equal(NESTED.slice(v.at(i), v.at(i) + 8), 'RESOLVER');
  assert.equal(NESTED.slice(v.at(v.text.indexOf('é')) - 3, v.at(v.text.indexOf('é')) + 6), 'Caf=C3=A9');
});

test('base64 parts are decoded for reading; their characters point at the part header', () => {
  const b64 = Buffer.from('Final-Recipient: rfc822; eve@example.com\nAction: failed\nStatus: 5.2.2\n').toString('base64');
  const text = `Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n${b64}\n--b--\n`;
  const d = lines(text);
  const part = parseMessage(d).children[0];
  const v = bodyView(d, part);
  assert.equal(v.exact, false);
  assert.match(v.text, /Status: 5\.2\.2/);
  assert.equal(text.slice(v.anchor!.start, v.anchor!.end), 'Content-Transfer-Encoding: base64');
});

test('a multipart whose boundary never appears is read as one text, and says so', () => {
  const d = lines('Content-Type: multipart/report; boundary="nowhere"\n\nFinal-Recipient: rfc822; a@example.com\nAction: failed\n');
  const m = parseMessage(d);
  assert.equal(m.children.length, 0);
  assert.match(m.malformed!, /not found/);
});

test('a truncated multipart (no closing boundary) keeps its last part up to the end', () => {
  const d = lines('Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nhello\n--x\nContent-Type: message/rfc822\n\nSubject: cut');
  const m = parseMessage(d);
  assert.equal(m.children.length, 2);
  assert.equal(header(m.children[1].message, 'subject'), 'cut');
  assert.match(m.malformed!, /closing boundary missing/);
});

test('text without a header block is a body; a leading blank line and an mbox From line are skipped', () => {
  assert.equal(parseMessage(lines('Delivery has failed to these recipients or groups:\n\nx@example.com\n')).headers.length, 0);
  const m = parseMessage(lines('   \nFrom MAILER-DAEMON Mon Jan  1 00:00:00 2024\nSubject: s\n\nbody\n'));
  assert.equal(header(m, 'subject'), 's');
});

test('MIME nesting is bounded: a bomb of nested parts stops at the depth limit without throwing', () => {
  let text = '';
  for (let i = 0; i < 40; i++) text += `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n`;
  text += 'Content-Type: text/plain\n\ndeep\n';
  const m = parseMessage(lines(text));
  assert.ok(walk(m, true).length <= 12);
  assert.ok(walk(m, true).some(e => /nested too deeply/.test(e.malformed ?? '')));
});

test('DSN fields: per-message block, recipient blocks, case-insensitive, folded, comments kept in the value', () => {
  const v = { text: dedent(`
    reporting-mta: dns; mx.example.net
    X-Postfix-Queue-ID: 4A1B2C3D

    final-recipient: RFC822; <carol@example.com>
    ACTION: failed
    Status: 5.0.0 (permanent failure)
    Diagnostic-Code: smtp; 550 5.1.1 <carol@example.com>: Recipient address
        rejected: User unknown
  `), at: (i: number) => i, exact: true };
  const dsn = parseDsn(v, viewLines(v));
  assert.deepEqual(dsn.message.map(f => f.lname), ['reporting-mta', 'x-postfix-queue-id']);
  assert.equal(dsn.recipients.length, 1);
  const r = dsn.recipients[0];
  assert.equal(addressValue(field(r, 'final-recipient')!.value), 'carol@example.com');
  assert.equal(field(r, 'status')!.value, '5.0.0 (permanent failure)');
  assert.equal(field(r, 'diagnostic-code')!.value, 'smtp; 550 5.1.1 <carol@example.com>: Recipient address rejected: User unknown');
});

test('DSN fields: two recipients without the blank line between them are two recipients', () => {
  const v = { text: 'Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\nFinal-Recipient: rfc822; b@example.com\nAction: delayed\nStatus: 4.4.1\n', at: (i: number) => i, exact: true };
  const dsn = parseDsn(v);
  assert.deepEqual(dsn.recipients.map(g => field(g, 'action')!.value), ['failed', 'delayed']);
});

test('DSN fields: a returned header block after the report is not a recipient', () => {
  const v = { text: 'Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n\nReturn-Path: <x@example.org>\nStatus: RO\nSubject: hi\n', at: (i: number) => i, exact: true };
  assert.equal(parseDsn(v).recipients.length, 1);
});
