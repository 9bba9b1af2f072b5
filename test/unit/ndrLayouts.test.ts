/**
 * One report per recipient from every layout: the machine-readable part when there is one, the
 * human-readable text otherwise, each with recipient, action, status, reason, hard/soft, and what
 * the text adds (the command, the remote server, the original message).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, service } from '../helpers/log';
import type { NdrModel, NdrReport } from '../../server/src/core/smtpLanguageService';

const FIX = path.join(__dirname, '../../../test/fixtures');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const ndr = (text: string): NdrModel => service.parse(text, 'smtp-ndr').ndr!;
const row = (r: NdrReport) => [r.recipient, r.action, r.status, r.reason, r.severity];

test('postfix (real): DSN part plus the command from the human text', () => {
  const m = ndr(read('generated/postfix-dsn-5.1.1-user-unknown.eml'));
  assert.equal(m.layout, 'postfix');
  assert.equal(m.kind, 'bounce');
  assert.deepEqual(m.reports.map(row), [['nosuch@b.example.test', 'failed', '5.1.1', 'userunknown', 'hard']]);
  const r = m.reports[0];
  assert.equal(r.source, 'dsn');
  assert.equal(r.command, 'RCPT TO');
  assert.equal(r.remoteMta, '127.0.0.1');
  assert.deepEqual([r.reply?.code, r.reply?.enhanced], [550, '5.1.1']);
  assert.equal(m.reportingMta, 'mx-a.example.test');
  assert.equal(m.original?.subject, 'fixture: to an unknown user at b');
  assert.match(m.original!.messageId!, /^<\d+\.\d+@vm>$/);
});

test('postfix (real): two failed recipients of one message are two reports; the delivered one is not reported', () => {
  const m = ndr(read('generated/postfix-dsn-two-recipients-5.1.1.eml'));
  assert.deepEqual(m.reports.map(row), [
    ['nosuch1@b.example.test', 'failed', '5.1.1', 'userunknown', 'hard'],
    ['nosuch2@b.example.test', 'failed', '5.1.1', 'userunknown', 'hard'],
  ]);
});

test('postfix (real): relay denied, expired after a refused connection, delay warning, success notice', () => {
  assert.deepEqual(ndr(read('generated/postfix-dsn-relay-denied-5.7.1.eml')).reports.map(row), [['someone@c.example.test', 'failed', '5.7.1', 'norelaying', 'soft']]);
  const exp = ndr(read('generated/postfix-dsn-expired-4.4.1.eml'));
  assert.deepEqual(exp.reports.map(row), [['someone@down.example.net', 'failed', '4.4.1', 'expired', 'soft']]);
  assert.match(exp.reports[0].reasonWhy, /Connection refused/);
  const delay = ndr(read('generated/postfix-dsn-delayed-4.7.1.eml'));
  assert.equal(delay.kind, 'delay');
  assert.deepEqual(delay.reports.map(r => [r.action, r.status, r.severity]), [['delayed', '4.7.1', 'soft']]);
  const ok = ndr(read('generated/postfix-dsn-success-expanded.eml'));
  assert.equal(ok.kind, 'success');
  assert.deepEqual(ok.reports.map(row), [['frank@a.example.test', 'expanded', '2.0.0', 'delivered', 'none']]);
});

test('postfix (real): a bounce of a bounce reports the outer failure and says the returned message is a bounce', () => {
  const m = ndr(read('generated/postfix-dsn-bounce-of-bounce.eml'));
  assert.deepEqual(m.reports.map(row), [['nosuch3@b.example.test', 'failed', '5.1.1', 'userunknown', 'hard']]);
  assert.equal(m.original?.isBounce, true);
  assert.equal(m.original?.subject, 'Undelivered Mail Returned to Sender');
});

test('Exchange Online: quoted-printable human part, nested multipart, 5.1.10 RecipientNotFound is an unknown user', () => {
  const m = ndr(read('ndr/exchange-online-5.1.10.eml'));
  assert.equal(m.layout, 'exchange2007');
  assert.deepEqual(m.reports.map(row), [['bert@fabrikam.example.net', 'failed', '5.1.10', 'userunknown', 'hard']]);
  assert.equal(m.original?.headersOnly, true);
  assert.equal(m.original?.messageId, '<DB7PR01MB9876A1B2C3D4E5F6@DB7PR01MB9876.eurprd01.prod.outlook.example>');
});

test('Exchange 2007: the "#550 5.1.1 ... ##" lines and two recipients with different reasons', () => {
  const m = ndr(read('ndr/exchange2007-two-recipients.eml'));
  assert.deepEqual(m.reports.map(row), [
    ['bob.baker@example.com', 'failed', '5.1.1', 'userunknown', 'hard'],
    ['carol.clark@example.com', 'failed', '5.2.2', 'mailboxfull', 'soft'],
  ]);
  assert.equal(m.reports[0].remoteMta, 'mail.example.com');
});

test('Exchange 2003 text NDR: recipients "on <date>", status from "<host #5.1.1>"', () => {
  const m = ndr(read('ndr/exchange2003.txt'));
  assert.equal(m.layout, 'exchange2003');
  assert.deepEqual(m.reports.map(row), [
    ['evan.ellis@example.com', 'failed', '5.1.1', 'userunknown', 'hard'],
    ['fiona@example.com', 'failed', '5.2.2', 'mailboxfull', 'soft'],
  ]);
  assert.equal(m.reports[0].source, 'text');
});

test('a pasted Exchange NDR without any headers still gives its report', () => {
  const m = ndr(read('ndr/exchange-pasted.txt'));
  assert.deepEqual(m.reports.map(row), [['yusuf@example.com', 'failed', '5.7.606', 'blocked', 'soft']]);
  assert.equal(m.reports[0].remoteMta, 'mail.example.org');
});

test('qmail: "<address>:" blocks, "does not like recipient" is RCPT, "failed after I sent the message" is the end of data', () => {
  const m = ndr(read('ndr/qmail.txt'));
  assert.equal(m.layout, 'qmail');
  assert.deepEqual(m.reports.map(row), [
    ['dave@example.com', 'failed', '5.1.1', 'userunknown', 'hard'],
    ['erin@example.com', 'failed', '5.3.4', 'mesgtoobig', 'soft'],
  ]);
  assert.deepEqual(m.reports.map(r => [r.command, r.remoteMta]), [['RCPT TO', '192.0.2.25'], ['end of data', '192.0.2.25']]);
  assert.equal(m.original?.subject, 'Lunch on Friday');
});

test('exim: indented blocks; the vague "Status: 5.0.0" of the DSN gives way to the code in the text', () => {
  const m = ndr(read('ndr/exim.eml'));
  assert.equal(m.layout, 'exim');
  assert.deepEqual(m.reports.map(row), [
    ['grace@example.net', 'failed', '5.1.1', 'userunknown', 'hard'],
    ['heidi@example.com', 'failed', '5.3.4', 'mesgtoobig', 'soft'],
  ]);
  assert.deepEqual(m.reports.map(r => r.statusWritten), ['5.0.0', '5.0.0']);
  assert.deepEqual(m.reports.map(r => r.command), ['RCPT TO:<grace@example.net>', 'end of data']);
});

test('exim delay warning: delayed with the reply of the last attempt', () => {
  const m = ndr(read('ndr/exim-delay.txt'));
  assert.equal(m.kind, 'delay');
  assert.deepEqual(m.reports.map(r => [r.recipient, r.action, r.status, r.severity, r.reply?.code]), [['judy@example.com', 'delayed', '4.7.1', 'soft', 451]]);
});

test('sendmail: the transcript names the command of the failing reply', () => {
  const m = ndr(read('ndr/sendmail.eml'));
  assert.equal(m.layout, 'sendmail');
  assert.deepEqual(m.reports.map(row), [['leo@example.com', 'failed', '5.1.1', 'userunknown', 'hard']]);
  assert.equal(m.reports[0].command, 'RCPT TO:<leo@example.com>');
  assert.equal(m.original?.subject, 'Invoice 2014-07');
});

test('Gmail (before DSNs): multi-line "550-5.1.1" reply over quoted-printable soft breaks', () => {
  const m = ndr(read('ndr/gmail-legacy.txt'));
  assert.equal(m.layout, 'gmail');
  assert.deepEqual(m.reports.map(row), [['oscar@example.com', 'failed', '5.1.1', 'userunknown', 'hard']]);
  assert.match(m.reports[0].reply!.text, /^550-5\.1\.1 The email account that you tried to reach does not exist\. Please try double-checking/);
  assert.equal(m.reports[0].remoteMta, 'mx.example.com');
});

test('Yahoo: a disabled mailbox is suspend; the status comes from the reply class and says it is inferred', () => {
  const m = ndr(read('ndr/yahoo.txt'));
  assert.deepEqual(m.reports.map(r => [r.recipient, r.reason, r.status, r.statusInferred, r.command]), [['pat@example.com', 'suspend', '5.0.0', true, 'DATA']]);
});

test('Amazon SES: a block list hit is blocked; base64 delivery-status parts are read too', () => {
  assert.deepEqual(ndr(read('ndr/amazon-ses.eml')).reports.map(row), [['quinn@example.com', 'failed', '5.7.1', 'blocked', 'soft']]);
  assert.equal(ndr(read('ndr/amazon-ses.eml')).layout, 'amazonses');
  assert.deepEqual(ndr(read('ndr/base64-dsn.eml')).reports.map(row), [['xavier@example.com', 'failed', '5.1.2', 'hostunknown', 'hard']]);
});

test('an ARF abuse report is a feedback report, not a failure', () => {
  const m = ndr(read('ndr/arf-feedback.eml'));
  assert.equal(m.kind, 'feedback');
  assert.deepEqual(m.reports.map(row), [['rita@isp.example.net', 'delivered', undefined, 'feedback', 'none']]);
});

test('an auto-reply and an ordinary mail have no report', () => {
  const a = ndr(read('ndr/autoreply.eml'));
  assert.equal(a.kind, 'autoreply');
  assert.equal(a.reports.length, 0);
  const p = ndr(read('ndr/plain-mail.eml'));
  assert.equal(p.kind, 'none');
  assert.equal(p.reports.length, 0);
});

test('smaller families: Domino, GroupWise, CommuniGate, OpenSMTPD-style "address: reply" lines', () => {
  const domino = ndr(dedent(`
    From: Postmaster@example.net
    Subject: DELIVERY FAILURE: User anna (anna@example.net) not listed in Domino Directory

    Your message

      Subject: Test

    was not delivered to:

      anna@example.net

    because:

      User anna (anna@example.net) not listed in Domino Directory
  `));
  assert.deepEqual(domino.reports.map(row), [['anna@example.net', 'failed', '5.1.1', 'userunknown', 'hard']]);
  const gw = ndr('From: Mailer-Daemon@gw.example.net\nSubject: Message status - undeliverable\n\nThe message that you sent was undeliverable to the following:\n\tben@example.net (user not found)\n');
  assert.deepEqual(gw.reports.map(r => [r.recipient, r.reason]), [['ben@example.net', 'userunknown']]);
  const cgp = ndr("Subject: Undeliverable mail\nFrom: MAILER-DAEMON@cg.example.net\n\nFailed to deliver to '<cleo@example.net>'\nSMTP module(domain mx.example.net) reports:\n host mx.example.net says:\n 550 5.1.1 User unknown\n");
  assert.deepEqual(cgp.reports.map(r => [r.recipient, r.reply?.code, r.reason]), [['cleo@example.net', 550, 'userunknown']]);
  const osd = ndr('From: MAILER-DAEMON@df.example.net\nSubject: Delivery status notification: error\n\n    This is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n    An error has occurred while attempting to deliver a message for\n    the following list of recipients:\n\ndan@example.com: 552 5.2.2 Mailbox full\n');
  assert.deepEqual(osd.reports.map(r => [r.recipient, r.reason]), [['dan@example.com', 'mailboxfull']]);
});

test('more families: IMail generated response, InterScan "Sent <<< / Received >>>", Lotus Notes failure reasons', () => {
  const imail = ndr('From: "Postmaster" <postmaster@mail.example.net>\nSubject: Undeliverable Mail\n\nundeliverable to gus@example.com\n\nBody of message generated response:\n550 5.7.1 Message rejected: spam score too high\n');
  assert.deepEqual(imail.reports.map(r => [r.recipient, r.reply?.code, r.reason]), [['gus@example.com', 550, 'spamdetected']]);
  const isc = ndr('From: "InterScan MSS" <postmaster@example.net>\nSubject: Mail could not be delivered\n\nSent <<< RCPT TO:<hal@example.com>\nReceived >>> 550 5.1.1 <hal@example.com>... user unknown\n');
  assert.deepEqual(isc.reports.map(r => [r.recipient, r.command, r.reason]), [['hal@example.com', 'RCPT TO:<hal@example.com>', 'userunknown']]);
  const notes = ndr('From: postmaster@notes.example.net\nSubject: Undeliverable message\n\n------- Failure Reasons  --------\n\nUser ida not listed in public Name & Address Book\nida@example.com\n\n------- Returned Message --------\nSubject: x\n');
  assert.deepEqual(notes.reports.map(r => [r.recipient, r.reason]), [['ida@example.com', 'userunknown']]);
});

test('the internationalised report (message/global-delivery-status) is read like a DSN', () => {
  const m = ndr('Content-Type: multipart/report; report-type=global-delivery-status; boundary=g\n\n--g\nContent-Type: message/global-delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: utf-8; jörg@example.de\nAction: failed\nStatus: 5.1.1\n--g--\n');
  assert.deepEqual(m.reports.map(row), [['jörg@example.de', 'failed', '5.1.1', 'userunknown', 'hard']]);
});

test('a bounce no recogniser knows: the recipient from X-Failed-Recipients, the reason from its words', () => {
  const m = ndr(dedent(`
    From: Mail Administrator <postmaster@mail.example.net>
    Subject: Mail System Error - Returned Mail
    X-Failed-Recipients: fay@example.net

    This Message was undeliverable due to the following reason:
    The user's mailbox is over its quota. Please try again later.
  `));
  assert.deepEqual(m.reports.map(r => [r.recipient, r.action, r.reason, r.statusInferred]), [['fay@example.net', 'failed', 'mailboxfull', true]]);
  assert.equal(m.reports[0].status, '5.2.2');
});
