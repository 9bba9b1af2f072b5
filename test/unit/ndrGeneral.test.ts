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
  ['a vendor token with digits after the code is not a second reply (550 NN-222 ...)',
    report('Delivery failed.', [
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; faye@example.nl',
      'Diagnostic-Code: smtp; 550 NN-222 Mailbox unknown, recipient rejected',
    ].join('\n')),
    [['faye@example.nl', 'failed', '5.0.0', 'userunknown', 'hard']]],
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
  const doc = ROWS.find(r => r[0].startsWith('exim writes Status: 5.0.0'))![1];
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

// ---------------------------------------------------------------- class 5: layouts that were not recognised

/** A plain-text bounce with the given headers and body lines. */
function plain(headers: string[], body: string[]): string {
  return [...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=us-ascii', '', ...body, ''].join('\n');
}

type LayoutRow = [what: string, doc: string, layout: string, expected: Array<[string, string, string, string]>];

const LAYOUTS: LayoutRow[] = [
  ['a Japanese carrier: "Could not be delivered to: <a@b>" and the reason under it',
    plain(['From: <no-reply@mx.example.ne.jp>', 'Subject: Mail delivery failed'], [
      'Your mail sent on: Mon, 2 Mar 2026 10:00:00 +0900',
      '    Could not be delivered to: <lena@example.ne.jp>',
      '    As their mailbox is full.',
    ]), 'kddi', [['lena@example.ne.jp', 'failed', 'mailboxfull', 'soft']]],
  ['MailFoundry: "Unable to deliver message to:" and the server\'s reply after "for the following reason:"',
    plain(['From: MAILER-DAEMON@gw.example.org', 'Subject: Message delivery has failed'], [
      'Unable to deliver message to: <mike@example.org>',
      'Delivery failed for the following reason:',
      'Server mx1.example.org[192.0.2.7] failed with: 550 <mike@example.org> No such user here',
      '',
      'This has been a permanent failure.  No further delivery attempts will be made.',
    ]), 'mailfoundry', [['mike@example.org', 'failed', 'userunknown', 'hard']]],
  ['m-FILTER: the bare address, "-------server message" and "-------SMTP command"',
    plain(['From: Mail Delivery Subsystem <postmaster@gw.example.jp>', 'X-Mailer: m-FILTER', 'Subject: failure notice'], [
      'The following address could not be reached.',
      'nora@example.jp',
      '',
      '-------server message',
      '550 5.1.1 unknown user <nora@example.jp>',
      '',
      '-------SMTP command',
      'RCPT',
      '',
      '-------original message',
    ]), 'mfilter', [['nora@example.jp', 'failed', 'userunknown', 'hard']]],
  ['Apache James: "Error message below:" and "RCPT TO:" under "Message details:"',
    plain(['From: postmaster@james.example.org', 'Subject: [BOUNCE]'], [
      'Hi. This is the James mail server at james.example.org.',
      'I\'m afraid I wasn\'t able to deliver your message to the following addresses.',
      'Error message below:',
      '550 - Requested action not taken: no such user here',
      '',
      'Message details:',
      '  Subject: Agenda',
      '  MAIL FROM: alice@example.com',
      '  RCPT TO: oscar@example.org',
      '  From: Alice <alice@example.com>',
    ]), 'james', [['oscar@example.org', 'failed', 'userunknown', 'hard']]],
  ['Verizon picture mail: "Error: ..." and "To:" under "Original Message:"',
    plain(['From: sysadmin@mms.example.com', 'Subject: Undeliverable Message'], [
      'Message could not be delivered to mobile.',
      'Error: No valid recipients for this MM',
      '',
      'Original Message:',
      'From: Alice <alice@example.com>',
      'To: 5550100@mms.example.com',
      'Subject: photo',
    ]), 'verizon', [['5550100@mms.example.com', 'failed', 'userunknown', 'hard']]],
  ['OpenSMTPD: "a@b: <reason>" lines even when the reason has no code',
    plain(['From: Mailer Daemon <MAILER-DAEMON@mx.example.org>', 'Subject: Delivery status notification: error'], [
      '    Hi!',
      '',
      '    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.',
      '',
      '    An error has occurred while attempting to deliver a message for',
      '    the following list of recipients:',
      '',
      'pat@example.net: Domain does not exist',
      'quin@example.net: 550 5.2.2 <quin@example.net>... Mailbox Full',
      '',
      '    Below is a copy of the original message:',
    ]), 'opensmtpd', [['pat@example.net', 'failed', 'hostunknown', 'hard'], ['quin@example.net', 'failed', 'mailboxfull', 'soft']]],
  ['Zoho: every "a@b ..., ERROR_CODE :550, ERROR_CODE :5.1.1 ..." line is a recipient (two here)',
    plain(['From: mailer-daemon@mx.zoho.example', 'X-ZohoMail: Si', 'Subject: Undelivered Mail Returned to Sender'], [
      'This message was created automatically by mail delivery software.',
      'A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.',
      '',
      'rita@example.com Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <rita@example.com>... User Unknown',
      'sam@example.com Invalid Address, ERROR_CODE :552, ERROR_CODE :5.2.2 Mailbox quota exceeded',
    ]), 'zoho', [['rita@example.com', 'failed', 'userunknown', 'hard'], ['sam@example.com', 'failed', 'mailboxfull', 'soft']]],
  ['fml: a list that refuses a post from a non-member',
    plain(['From: list-admin@lists.example.org', 'X-MLServer: fml [fml 4.0.3 release (20040701/4.0.3)]', 'Subject: NOT MEMBER article from alice@example.com'], [
      'You are not a member of this mailing list <team@lists.example.org>.',
      '',
      'If you know the general guide of this list, please send mail with the mail body',
    ]), 'fml', [['team@lists.example.org', 'failed', 'rejected', 'soft']]],
  ['an Amazon SES bounce notification (JSON by mail): recipients, status and reply from the JSON',
    plain(['From: no-reply@sns.example.com', 'Subject: AWS Notification Message'], [
      '{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[',
      '{"emailAddress":"tina@example.net","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"},',
      '{"emailAddress":"uma@example.net","action":"failed","status":"5.2.2","diagnosticCode":"smtp; 552 5.2.2 Mailbox full"}],',
      '"timestamp":"2026-03-02T10:00:00.000Z","reportingMTA":"dsn; a1-2.smtp-out.example.com"},"mail":{"source":"alice@example.com"}}',
    ]), 'amazonses', [['tina@example.net', 'failed', 'userunknown', 'hard'], ['uma@example.net', 'failed', 'mailboxfull', 'soft']]],
  ['an Amazon SES complaint notification is feedback, not a failure',
    plain(['From: no-reply@sns.example.com', 'Subject: AWS Notification Message'], [
      '{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"vera@example.net"}],"complaintFeedbackType":"abuse"},"mail":{"source":"alice@example.com"}}',
    ]), 'amazonses', [['vera@example.net', 'delivered', 'feedback', 'none']]],
  ['exim wording without exim\'s indentation: the address, then "SMTP error ... after RCPT TO:... 552 5.2.2"',
    plain(['From: Mail Delivery System <Mailer-Daemon@mx.example.org>', 'Subject: Mail delivery failed: returning message to sender'], [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      'gail@example.net',
      'SMTP error from remote mail server after RCPT TO:<gail@example.net>: 552 5.2.2 Mailbox Full',
    ]), 'exim', [['gail@example.net', 'failed', 'mailboxfull', 'soft']]],
  ['a recipient list with no cause beside it: the cause is read from the "Technical details" of the same bounce',
    plain(['From: Mail Delivery System <postmaster@mx.example.com>', 'Subject: Delivery status notification'], [
      '      This is an automatically generated Delivery Status Notification.',
      '',
      'Delivery to the following recipients failed permanently:',
      '',
      '  * jay@example.com',
      '',
      '                            Technical details:',
      '',
      'SMTP:RCPT host 192.0.2.8: 553 5.3.0 <jay@example.com>... No such user here',
    ]), 'gmail', [['jay@example.com', 'failed', 'userunknown', 'hard']]],
  ['">>> a@b <a@b>" under "permanent fatal errors" and the reply under the transcript line',
    plain(['From: "MAILER-DAEMON" <postmaster@mx.example.org>', 'Subject: FAILURE NOTICE : Agenda'], [
      '  ----- The following addresses had permanent fatal errors -----',
      '',
      '>>> kim@example.org <kim@example.org>',
      '',
      '  ----- Transcript of session follows -----',
      '550 sorry, no mailbox here by that name (#5.1.1 - chkusr)',
    ]), 'sendmail', [['kim@example.org', 'failed', 'userunknown', 'hard']]],
  ['"550 <a@b>... User unknown" lines of an old sendmail transcript',
    plain(['From: MAILER-DAEMON@mx.example.org', 'Subject: Returned mail: User unknown'], [
      '   ----- Transcript of session follows -----',
      'While talking to smtp.example.org:',
      '>>> RCPT To:<lou@example.org>',
      '<<< 550 <lou@example.org>, User Unknown',
      '550 <lou@example.org>... User unknown',
    ]), 'sendmail', [['lou@example.org', 'failed', 'userunknown', 'hard']]],
  ['the address, then "For the following reason:" further down (1&1 style)',
    plain(['From: "Mail Delivery System" <mailer-daemon@mx.example.de>', 'Subject: Mail delivery failed: returning message to sender'], [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of',
      'its recipients. This is a permanent error. The following address',
      'failed:',
      '',
      'nina@example.eu',
      '',
      'For the following reason:',
      '',
      'Mail size limit exceeded. For explanation visit',
      'http://postmaster.example.de/en/error-messages',
    ]), 'exim', [['nina@example.eu', 'failed', 'mesgtoobig', 'soft']]],
  ['the reply first, "The following recipients were affected:" after it (gateway style)',
    plain(['From: postmaster@relay.example.com', 'Subject: Undeliverable Mail: "Agenda"'], [
      'Your message:',
      '   From:    alice@example.com',
      '   Subject: Agenda',
      '',
      'Could not be delivered because of',
      '',
      '550 5.1.1 User unknown',
      '',
      'The following recipients were affected:',
      '    omar@example.com',
    ]), 'text', [['omar@example.com', 'failed', 'userunknown', 'hard']]],
  ['GMX-like: a quoted address with a colon, the SMTP error and the reply under it',
    plain(['From: mailer-daemon@mail.example.net', 'Subject: Mail delivery failed: returning message to sender'], [
      'A message that you sent could not be delivered to one or more of',
      'its recipients. This is a permanent error. The following address',
      'failed:',
      '',
      '"yoko@example.jp":',
      'SMTP error from remote server after RCPT command:',
      'host: mx.example.jp',
      '5.1.1 <yoko@example.jp>... User Unknown',
    ]), 'text', [['yoko@example.jp', 'failed', 'userunknown', 'hard']]],
  ['"a@b [reason]" and "<a@b>   (reason)" lines, one recipient each',
    plain(['From: "Mail Delivery System" <postmaster@gw.example.com>', 'Subject: Mail Delivery Failure'], [
      'The original message was received at Mon, 2 Mar 2026 10:00:00 +0900',
      '',
      '---The following addresses had delivery errors---',
      '',
      'zack@example.co.jp [User unknown]',
      '<amy@example.co.jp>   (Mailbox full)',
    ]), 'sendmail', [['zack@example.co.jp', 'failed', 'userunknown', 'hard'], ['amy@example.co.jp', 'failed', 'mailboxfull', 'soft']]],
  ['the addresses first, one explanation for all of them after',
    plain(['From: postmaster@mail.example.ne.jp', 'Subject: Returned mail: see transcript'], [
      '   ----- The following addresses had delivery problems -----',
      'bea@example.ne.jp',
      'cal@example.ne.jp',
      '',
      '   ----- Non-delivered information -----',
      "The number of messages in recipient's mailbox exceeded the local limit.",
    ]), 'sendmail', [['bea@example.ne.jp', 'failed', 'mailboxfull', 'soft'], ['cal@example.ne.jp', 'failed', 'mailboxfull', 'soft']]],
];

for (const [what, doc, layout, expected] of LAYOUTS) {
  test(what, () => {
    const m = ndr(doc);
    assert.deepEqual(m.reports.map(r => [r.recipient, r.action, r.reason, r.severity]), expected);
    assert.equal(m.layout, layout);
  });
}

test('an ordinary reply signed with an address alone on a line is not a bounce', () => {
  const m = ndr(plain(['From: Dana <dana@example.org>', 'Subject: Thank you for your e-mail'], ['Thank you, I will answer next week.', '', 'Dana', 'dana@example.org']));
  assert.equal(m.reports.length, 0);
});

test('an ARF report naming several recipients gives one feedback report per recipient', () => {
  const doc = [
    'From: fbl@isp.example.net', 'To: abuse@example.com', 'Subject: Abuse report', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="f1"', '',
    '--f1', 'Content-Type: text/plain', '', 'This is an email abuse report.', '',
    '--f1', 'Content-Type: message/feedback-report', '',
    'Feedback-Type: abuse', 'User-Agent: ExampleFBL/1.0', 'Version: 1',
    'Original-Rcpt-To: wes@example.net', 'Original-Rcpt-To: xena@example.net', '',
    '--f1--', '',
  ].join('\n');
  const m = ndr(doc);
  assert.equal(m.kind, 'feedback');
  assert.deepEqual(m.reports.map(r => [r.recipient, r.reason, r.severity]), [['wes@example.net', 'feedback', 'none'], ['xena@example.net', 'feedback', 'none']]);
});
