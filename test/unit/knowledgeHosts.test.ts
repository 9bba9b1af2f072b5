/**
 * Host-aware rules and the vocabularies of sending services: a provider's wording is explained as the
 * provider's only when the provider answered, and every report names the class SES, SendGrid,
 * Postmark and KumoMTA would give it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainReply } from '../../server/src/core/knowledge';
import { service } from '../helpers/log';

type HostRow = [reply: { code: number; enhanced: string; text: string }, host: string | undefined, rule: string | undefined, reason: string | undefined];

const MAILBOX_UNAVAILABLE = { code: 550, enhanced: '5.5.0', text: 'Requested action not taken: mailbox unavailable' };
const TRY_LATER = { code: 421, enhanced: '4.7.0', text: 'Try again later, closing connection. (EHLO)' };

const HOSTS: HostRow[] = [
  [MAILBOX_UNAVAILABLE, 'hotmail-com.olc.protection.outlook.com', 'olc.5.5.0.mailbox-unavailable', 'userunknown'],
  [MAILBOX_UNAVAILABLE, 'mx1.hotmail.com.', 'olc.5.5.0.mailbox-unavailable', 'userunknown'],
  [MAILBOX_UNAVAILABLE, 'mx.example.org', undefined, undefined],
  [MAILBOX_UNAVAILABLE, undefined, undefined, undefined],
  [TRY_LATER, 'gmail-smtp-in.l.google.com', 'gmail.421.4.7.0.dos-helo', 'toomanyconn'],
  [TRY_LATER, 'mx.notgoogle.example', undefined, undefined],
];

for (const [reply, host, rule, reason] of HOSTS) {
  test(`"${reply.code} ${reply.enhanced} ${reply.text}" from ${host ?? 'an unnamed host'}: ${rule ?? 'the generic explanation'}`, () => {
    const e = explainReply({ ...reply, host });
    assert.equal(e.vendor.find(v => v.hosts)?.id, rule);
    if (rule) { assert.equal(e.vendor[0].id, rule); assert.equal(e.reason, reason); assert.ok(e.hostOwner); }
    else assert.ok(e.otherHosts?.length, 'says which host the wording belongs to');
  });
}

function dsn(remote: string, diagnostic: string, status: string): string {
  return [
    'From: MAILER-DAEMON@relay.example.com', 'To: alice@example.com', 'Subject: Undelivered Mail Returned to Sender', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b2"', '',
    '--b2', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
    '--b2', 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; relay.example.com', '',
    'Final-Recipient: rfc822; yuri@example.net', 'Action: failed', `Status: ${status}`, `Remote-MTA: dns; ${remote}`,
    `Diagnostic-Code: smtp; ${diagnostic}`, '',
    '--b2--', '',
  ].join('\n');
}

function hoverOn(doc: string, needle: string): string {
  const at = doc.indexOf(needle);
  const before = doc.slice(0, at);
  const h = service.doHover(service.parse(doc, 'smtp-ndr'), { line: before.split('\n').length - 1, character: at - before.lastIndexOf('\n') - 1 + 1 });
  return JSON.stringify(h);
}

test('the hover says when a reply is explained as the provider\'s because of the host, and when it is not', () => {
  const google = dsn('gmail-smtp-in.l.google.com', '550 5.5.0 Requested action not taken: mailbox unavailable', '5.5.0');
  const outlook = dsn('hotmail-com.olc.protection.outlook.com', '550 5.5.0 Requested action not taken: mailbox unavailable', '5.5.0');
  assert.match(hoverOn(outlook, 'Status: 5.5.0') , /Explained as Microsoft Outlook\.com \/ Hotmail's reply/);
  const other = hoverOn(google, 'Status: 5.5.0');
  assert.match(other, /generic explanation/);
  assert.doesNotMatch(other, /Explained as Microsoft/);
});

type EspRow = [diagnostic: string, status: string, ses: string, sendgrid: string, postmark: string, kumomta: string];

const ESP: EspRow[] = [
  ['550 5.1.1 <yuri@example.net>: Recipient address rejected: User unknown', '5.1.1', 'Permanent/NoEmail', 'Invalid Address', 'HardBounce', 'InvalidRecipient'],
  ['552 5.2.2 Mailbox full', '5.2.2', 'Transient/MailboxFull', 'Mailbox Unavailable', 'SoftBounce', 'QuotaIssues'],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.5] blocked using zen.spamhaus.org', '5.7.1', 'Transient/General', 'Reputation', 'Blocked', 'SpamBlock'],
  ['550 5.7.26 Unauthenticated email is not accepted from this domain (DMARC)', '5.7.26', 'Transient/General', 'Technical Failure', 'DMARCPolicy', 'AuthenticationFailed'],
  ['552 5.3.4 Message size exceeds fixed maximum message size', '5.3.4', 'Transient/MessageTooLarge', 'Content', 'SoftBounce', 'ContentRelated'],
];

for (const [diagnostic, status, ses, sendgrid, postmark, kumomta] of ESP) {
  test(`ESP classes of "${diagnostic.slice(0, 50)}": SES ${ses}, SendGrid ${sendgrid}, Postmark ${postmark}, KumoMTA ${kumomta}`, () => {
    const doc = dsn('mx.example.net', diagnostic, status);
    const r = service.parse(doc, 'smtp-ndr').ndr!.reports[0];
    assert.deepEqual([`${r.esp?.ses.bounceType}/${r.esp?.ses.bounceSubType}`, r.esp?.sendgrid, r.esp?.postmark, r.esp?.kumomta], [ses, sendgrid, postmark, kumomta]);
    assert.match(hoverOn(doc, `Status: ${status}`), new RegExp(`As sending services class it:.{0,40}SES ${ses}`));
  });
}

test('QQ Mail\'s "Mailbox unavailable or access denied" is its rate limit; from another host it is the generic wording', () => {
  const qq = explainReply({ code: 550, text: 'Mailbox unavailable or access denied [http://service.mail.qq.com/detail/122/166]', host: 'mx3.qq.com' });
  assert.equal(qq.vendor[0].id, 'tencent.mailbox-unavailable');
  assert.equal(qq.reason, 'ratelimited');
  const other = explainReply({ code: 550, text: 'Mailbox unavailable or access denied', host: 'mx.example.org' });
  assert.notEqual(other.vendor[0]?.id, 'tencent.mailbox-unavailable');
  assert.notEqual(other.reason, 'ratelimited');
});

test('provider codes at the end of a generic reply decide: Spectrum AUP#, GoDaddy IB', () => {
  assert.equal(explainReply({ code: 550, enhanced: '5.1.0', text: 'sender rejected. Please see the error codes page. AUP#In-1310' }).reason, 'toomanyconn');
  assert.equal(explainReply({ code: 550, text: 'This IP has sent too many messages this hour. IB504' }).reason, 'ratelimited');
});
