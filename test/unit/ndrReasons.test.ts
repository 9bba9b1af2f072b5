/** Bounce reasons: the text decides before the code, then the code, then the context (command, action). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyBounce, inferredStatus, REASONS } from '../../server/src/core/knowledge/reasons';

const reason = (i: Parameters<typeof classifyBounce>[0]) => classifyBounce(i).reason;

test('the wording names the reason whatever the status says', () => {
  assert.equal(reason({ status: '5.1.1', code: 550, text: '550 5.1.1 Sending rate limit exceeded, try again later' }), 'ratelimited');
  assert.equal(reason({ status: '5.7.1', code: 550, text: '550 5.7.1 550 User Unknown: sabineko@example.org' }), 'userunknown');
  assert.equal(reason({ status: '5.1.10', code: 550, text: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' }), 'userunknown');
  assert.equal(reason({ status: '4.4.7', code: 550, text: '550 4.4.7 QUEUE.Expired; message expired' }), 'expired');
  assert.equal(reason({ status: '5.0.0', code: 552, text: '552 Account(s) <a@example.com> does not have enough space' }), 'mailboxfull');
  assert.equal(reason({ status: '5.7.1', code: 554, text: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org' }), 'blocked');
  assert.equal(reason({ status: '5.7.1', code: 550, text: '550 5.7.1 Message rejected as spam by Content Filtering' }), 'spamdetected');
  assert.equal(reason({ status: '5.4.1', code: 550, text: '550 5.4.1 Recipient address rejected: Access denied' }), 'userunknown');
  assert.equal(reason({ status: '5.7.1', code: 554, text: '554 5.7.1 <x@example.com>: Relay access denied' }), 'norelaying');
  assert.equal(reason({ status: '5.7.26', code: 550, text: '550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM.' }), 'authfailure');
});

test('an address inside the text never decides ("spam@" or "quota@" is not a reason)', () => {
  assert.equal(reason({ status: '5.1.1', code: 550, text: '550 5.1.1 <spam-quota@example.com>: Recipient address rejected: User unknown in virtual mailbox table' }), 'userunknown');
});

test('the two parts of a report do not run into each other ("user unknown" then "host ...")', () => {
  assert.equal(reason({ status: '5.0.0', text: '550 5.1.1 User unknown ¦ host mx.example.com [192.0.2.9]' }), 'userunknown');
});

test('common non-English wording is understood', () => {
  assert.equal(reason({ code: 550, text: '550 Empfänger unbekannt' }), 'userunknown');
  assert.equal(reason({ code: 552, text: '552 Postfach voll' }), 'mailboxfull');
  assert.equal(reason({ code: 550, text: "550 5.5.0 Adresse destinataire invalide, l'utilisateur n'existe pas" }), 'userunknown');
  assert.equal(reason({ code: 550, text: '550 Пользователь не найден' }), 'userunknown');
  assert.equal(reason({ code: 550, text: '550 buzón lleno' }), 'mailboxfull');
});

test('without telling words the enhanced code decides, by its registry meaning', () => {
  assert.equal(reason({ status: '5.2.2', text: 'smtp; 552 see above' }), 'mailboxfull');
  assert.equal(reason({ status: '5.1.2' }), 'hostunknown');
  assert.equal(reason({ status: '5.3.4' }), 'mesgtoobig');
  assert.equal(reason({ status: '5.7.25' }), 'requireptr');
});

test('a failure that names no cause is onhold; no information at all is undefined', () => {
  assert.equal(reason({ status: '5.0.0', action: 'failed' }), 'onhold');
  assert.equal(reason({}), 'undefined');
});

test('a reply to MAIL FROM concerns the sender: an unknown domain there is a refused sender', () => {
  const v = classifyBounce({ code: 550, status: '5.1.7', text: '550 5.1.7 No such domain neko.example.com', command: 'MAIL FROM:<a@neko.example.com>' });
  assert.equal(v.reason, 'rejected');
  assert.match(v.why, /MAIL FROM/);
});

test('a message that failed with a temporary status ran out of retries: expired, soft', () => {
  const v = classifyBounce({ status: '4.4.1', action: 'failed', text: 'X-Postfix; connect to mx.example.net[192.0.2.1]:25: Connection refused' });
  assert.equal(v.reason, 'expired');
  assert.equal(v.severity, 'soft');
  assert.match(v.why, /Connection refused/);
});

test('hard bounces are the address problems; delays are always soft; successes are not failures', () => {
  assert.equal(classifyBounce({ status: '5.1.1', action: 'failed', text: 'User unknown' }).severity, 'hard');
  assert.equal(classifyBounce({ status: '5.1.2', action: 'failed' }).severity, 'hard');
  assert.equal(classifyBounce({ status: '5.2.2', action: 'failed', text: 'mailbox full' }).severity, 'soft');
  assert.equal(classifyBounce({ status: '4.2.2', action: 'delayed', text: 'mailbox full' }).severity, 'soft');
  const ok = classifyBounce({ status: '2.0.0', action: 'relayed' });
  assert.deepEqual([ok.reason, ok.severity], ['delivered', 'none']);
});

test('delivery to a program that failed is a mailer error, whatever the MTA wrote', () => {
  assert.equal(reason({ status: '5.5.0', action: 'failed', text: '554 Service unavailable', recipient: '|/usr/bin/procmail' }), 'mailererror');
});

test('every reason has words for the hover and a status to infer', () => {
  for (const [r, info] of Object.entries(REASONS)) {
    assert.ok(info.title && info.meaning && info.sender && info.admin, r);
    assert.match(info.status, /^[245]\.\d{1,3}\.\d{1,3}$/, r);
  }
  assert.equal(inferredStatus('mailboxfull', true), '4.2.2');
  assert.equal(inferredStatus('userunknown', false), '5.1.1');
});

test('a long hostile text (no telling words, near-misses of every gap pattern) is read without a match and without throwing', () => {
  const evil = ('account '.repeat(30) + 'a'.repeat(50) + ' ').repeat(400) + 'user'.repeat(5000) + ' x'.repeat(20000);
  assert.equal(classifyBounce({ text: evil, status: '5.0.0', action: 'failed' }).reason, 'onhold');
});

test('gave up after retries: the cause the last attempt met is the reason, a bare expiry stays expired', () => {
  assert.equal(reason({ status: '4.2.2', action: 'failed', text: "Sorry, I couldn't deliver: 452 4.2.2 Mailbox full. I've been in the queue too long; giving up." }), 'mailboxfull');
  assert.equal(reason({ status: '4.4.7', code: 550, action: 'failed', text: '550 4.4.7 QUEUE.Expired; message expired' }), 'expired');
  assert.equal(reason({ status: '4.4.1', action: 'failed', text: 'retry timeout exceeded; connection timed out' }), 'expired');
});

test('a generic "Message content rejected" prefix gives way to what follows it; header checks are policy', () => {
  assert.equal(reason({ status: '5.7.1', code: 550, text: '550 5.7.1 Message content rejected, UBE, id=12345-01' }), 'spamdetected');
  assert.equal(reason({ status: '5.7.1', code: 550, text: '550 5.7.1 Message content rejected' }), 'policyviolation');
  assert.equal(reason({ status: '5.7.0', code: 554, text: '554 5.7.0 Header error' }), 'policyviolation');
});
