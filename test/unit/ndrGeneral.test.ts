/**
 * The bounce reader in general, not per writer: each table row is a bounce this project wrote in the
 * shape of a class of real ones (a DSN with odd field spelling, a wrapper around the remote reply, a
 * vague status, a legacy charset), with what a user must see: recipient, action, status, reason,
 * hard or soft.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { service } from '../helpers/log';
import type { NdrModel, NdrReport } from '../../server/src/core/smtpLanguageService';

const ndr = (text: string): NdrModel => service.parse(text, 'smtp-ndr').ndr!;
const row = (r: NdrReport) => [r.recipient, r.action, r.status, r.reason, r.severity];

/** A multipart/report bounce: a human part, a delivery-status part (fields as given, verbatim), no original. */
function report(human: string, dsn: string, opts: { charset?: string; encoding?: string; from?: string } = {}): string {
  return [
    `From: ${opts.from ?? 'MAILER-DAEMON@mx.example.org'}`,
    'To: alice@example.com',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    `Content-Type: text/plain; charset=${opts.charset ?? 'us-ascii'}`,
    ...(opts.encoding ? [`Content-Transfer-Encoding: ${opts.encoding}`] : []),
    '',
    human,
    '',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    dsn,
    '',
    '--b1--',
    '',
  ].join('\n');
}

type Row = [what: string, doc: string, expected: Array<[string, string, string, string, string]>];

const ROWS: Row[] = [
  // ---------------------------------------------------------------- class 1: failed, never "delivered"
  ['blanks before the colons of the DSN fields ("Action : failed")',
    report('Your message could not be delivered.', [
      'Reporting-MTA : dns;gw.example.org',
      '',
      'Final-Recipient : rfc822;bob@example.net',
      'Action : failed',
      'Status : 5.0.0',
      'Diagnostic-Code : smtp;550 5.1.1 <bob@example.net>: mailbox unknown',
    ].join('\n')),
    [['bob@example.net', 'failed', '5.1.1', 'userunknown', 'hard']]],
  ['vendor fields with underscores and "rfc/822" address types do not break the recipient block',
    report('This is a delivery failure notification.', [
      'REPORT_DATE_FORMAT : EEE, dd MMM yyyy',
      'Reporting-MTA : dns;relay.example.org',
      'Action : failed',
      'Status : 5.0.0',
      'Diagnostic-Code : smtp;550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain',
      'Final-Recipient : rfc/822;carol@example.net',
    ].join('\n')),
    [['carol@example.net', 'failed', '5.7.54', 'norelaying', 'soft']]],
  ['no Action at all: a 5xx reply in the diagnostic makes it a failure, whatever else the text quotes',
    report('Delivery failed.', [
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; dave@example.net',
      'Diagnostic-Code: smtp; 220-mx.example.net greets you 550 5.2.2 Mailbox full',
    ].join('\n')),
    [['dave@example.net', 'failed', '5.2.2', 'mailboxfull', 'soft']]],
  // ---------------------------------------------------------------- class 2: the reply code from the right place
  ['a banner in front of the failure is not the reply (220-host 421 4.2.1)',
    report('Delivery failed.', [
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; erin@example.fr',
      'Action: failed',
      'Status: 4.2.1',
      'Diagnostic-Code: smtp; 220-mx.example.fr 421 4.2.1 Service refused, please try later',
    ].join('\n')),
    [['erin@example.fr', 'failed', '4.2.1', 'suspend', 'soft']]],
  // ---------------------------------------------------------------- class 3: the vague status is refined
  ['exim writes Status: 5.0.0 on every bounce: the code in the diagnostic text is the status',
    report('A message that you sent could not be delivered to one or more of its recipients.', [
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Action: failed',
      'Final-Recipient: rfc822;frank@example.net',
      'Status: 5.0.0',
      'Remote-MTA: dns; mx.example.net',
      'Diagnostic-Code: smtp; 552 5.2.2 Quota exceeded',
    ].join('\n')),
    [['frank@example.net', 'failed', '5.2.2', 'mailboxfull', 'soft']]],
  ['a vague 5.7.0 gives way to the 5.7.1 of the reply; a specific written status stays',
    report('Delivery failed.', [
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; gina@example.net',
      'Action: failed',
      'Status: 5.7.0',
      'Diagnostic-Code: smtp; 550 5.7.1 Message refused by local policy',
      '',
      'Final-Recipient: rfc822; hank@example.net',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.2.1 Mailbox disabled',
    ].join('\n')),
    [['gina@example.net', 'failed', '5.7.1', 'policyviolation', 'soft'], ['hank@example.net', 'failed', '5.1.1', 'suspend', 'soft']]],
  // ---------------------------------------------------------------- class 4: the specific outranks the generic
  ['postfix\'s generic "Recipient address rejected:" prefix does not decide over the words after it and 5.7.26',
    report('I\'m sorry to have to inform you that your message could not be delivered.', [
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; ivan@example.net',
      'Action: failed',
      'Status: 5.7.26',
      'Diagnostic-Code: smtp; 550 5.7.26 <ivan@example.net>: Recipient address rejected: Multiple authentication checks failed',
    ].join('\n')),
    [['ivan@example.net', 'failed', '5.7.26', 'authfailure', 'soft']]],
  ['a wrapper with its own code around the remote reply: the remote reply decides (mailbox full, soft)',
    report('An error occurred while trying to deliver the mail to the following recipients:', [
      'Reporting-MTA: dns; a1-2.smtp-out.example.com',
      '',
      'Final-Recipient: rfc822; judy@example.jp',
      'Action: failed',
      'Status: 5.1.0',
      'Diagnostic-Code: smtp; 5.1.0 - Unknown address error 550-\'5.2.2 <judy@example.jp>... Mailbox Full\' (delivery attempts: 0)',
    ].join('\n')),
    [['judy@example.jp', 'failed', '5.2.2', 'mailboxfull', 'soft']]],
];

for (const [what, doc, expected] of ROWS) {
  test(what, () => {
    const m = ndr(doc);
    assert.deepEqual(m.reports.map(row), expected);
    // the reply is the failure, never a greeting or a token quoted before it
    for (const r of m.reports) if (r.reply?.code) assert.ok(r.reply.code >= 400, `reply ${r.reply.code}`);
  });
}

test('a refined status keeps the written one, and the hover says which it used', () => {
  const doc = ROWS[4][1];
  const m = ndr(doc);
  assert.equal(m.reports[0].statusWritten, '5.0.0');
  const at = doc.indexOf('Status: 5.0.0') + 'Status: '.length;
  const before = doc.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - before.lastIndexOf('\n') - 1;
  const h = service.doHover(service.parse(doc, 'smtp-ndr'), { line, character });
  const md = JSON.stringify(h);
  assert.match(md, /vague status/);
  assert.match(md, /5\.2\.2/);
});

// ---------------------------------------------------------------- class 6: legacy charsets

function bytesToLatin1(b: Uint8Array): string { let s = ''; for (const x of b) s += String.fromCharCode(x); return s; }
function base64(b: Uint8Array): string { return Buffer.from(b).toString('base64'); }
function qp(b: Uint8Array): string { let s = ''; for (const x of b) s += x >= 33 && x <= 126 && x !== 61 ? String.fromCharCode(x) : '=' + x.toString(16).toUpperCase().padStart(2, '0'); return s; }

/** Bytes of a text in a legacy charset, built from the code points tables of the standards (no encoder in Node). */
const JIS_MAILBOX_FULL = Uint8Array.from([
  // ESC $ B  "メールボックスがいっぱいです" in JIS X 0208, ESC ( B
  0x1b, 0x24, 0x42, 0x25, 0x61, 0x21, 0x3c, 0x25, 0x6b, 0x25, 0x5c, 0x25, 0x43, 0x25, 0x2f, 0x25, 0x39, 0x24, 0x2c, 0x24, 0x24, 0x24, 0x43, 0x24, 0x51, 0x24, 0x24, 0x24, 0x47, 0x24, 0x39, 0x1b, 0x28, 0x42,
]);
// "いっぱい" in Shift_JIS and EUC-JP
const SJIS_FULL = Uint8Array.from([0x82, 0xa2, 0x82, 0xc1, 0x82, 0xcf, 0x82, 0xa2]);
const EUC_FULL = Uint8Array.from([0xa4, 0xa4, 0xa4, 0xc3, 0xa4, 0xd1, 0xa4, 0xa4]);
// "переполнен" (overfull) in windows-1251 and KOI8-R
const CP1251_FULL = Uint8Array.from([0xef, 0xe5, 0xf0, 0xe5, 0xef, 0xee, 0xeb, 0xed, 0xe5, 0xed]);
const KOI8_FULL = Uint8Array.from([0xd0, 0xc5, 0xd2, 0xc5, 0xd0, 0xcf, 0xcc, 0xce, 0xc5, 0xce]);
// "已满" (already full) in GB2312 and Big5
const GB_FULL = Uint8Array.from([0xd2, 0xd1, 0xc2, 0xfa]);
const BIG5_FULL = Uint8Array.from([0xa4, 0x77, 0xba, 0xa1]);

/** A text-only bounce (no DSN part) whose words are in the given charset and transfer encoding. */
function textBounce(charset: string, encoding: '7bit' | 'base64' | 'quoted-printable' | '8bit', words: Uint8Array): string {
  const body = new Uint8Array([...Buffer.from('This is the mail system at host mx.example.jp.\n\n<kate@example.jp>: '), ...words, 0x0a]);
  const encoded = encoding === 'base64' ? base64(body) : encoding === 'quoted-printable' ? qp(body).replace(/=0A/g, '\n') : bytesToLatin1(body);
  return [
    'From: Mail Delivery Subsystem <mailer-daemon@mx.example.jp>',
    'To: alice@example.com',
    'Subject: Delivery Status Notification (Failure)',
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${charset}`,
    `Content-Transfer-Encoding: ${encoding}`,
    '',
    encoded,
    '',
  ].join('\n');
}

const CHARSETS: Array<[string, '7bit' | 'base64' | 'quoted-printable' | '8bit', Uint8Array, RegExp]> = [
  ['ISO-2022-JP', '7bit', JIS_MAILBOX_FULL, /メールボックスがいっぱいです/],
  ['ISO-2022-JP', 'base64', JIS_MAILBOX_FULL, /いっぱい/],
  ['Shift_JIS', 'base64', SJIS_FULL, /いっぱい/],
  ['Shift_JIS', 'quoted-printable', SJIS_FULL, /いっぱい/],
  ['EUC-JP', '8bit', EUC_FULL, /いっぱい/],
  ['windows-1251', 'quoted-printable', CP1251_FULL, /переполнен/],
  ['KOI8-R', 'base64', KOI8_FULL, /переполнен/],
  ['GB2312', 'base64', GB_FULL, /已满/],
  ['Big5', 'quoted-printable', BIG5_FULL, /已滿/],
];

for (const [charset, encoding, words, shown] of CHARSETS) {
  test(`${charset} in ${encoding}: the words are decoded and name the reason (mailbox full)`, () => {
    const m = ndr(textBounce(charset, encoding, words));
    assert.equal(m.reports.length, 1);
    const r = m.reports[0];
    assert.equal(r.recipient, 'kate@example.jp');
    assert.equal(r.reason, 'mailboxfull');
    assert.match(r.diagnostic ?? '', shown);
  });
}
