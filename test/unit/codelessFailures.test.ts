/**
 * Failures real MTAs log without a three-digit code, on logs the MTAs wrote themselves
 * (scripts/fixtures/generate-{opensmtpd,exim,sendmail}.sh, scripts/fixtures/generate.sh): each is a
 * problem on its own words with the right class and who acts, and has a hover with its explanation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { hoverAt, lineOf, parse, service } from '../helpers/log';

const fixture = (f: string) => readFileSync(path.join(__dirname, '../../../test/fixtures', f), 'utf8');
const OSMTPD = fixture('opensmtpd/generated-maillog.log');
const EXIM = fixture('exim/generated-mainlog.log');
const SENDMAIL = fixture('sendmail/generated-maillog.log');
const POSTFIX_DEBUG = fixture('generated/postfix-debug-peer.log');

/** The problem on the first line containing `needle`, checked to cover `words` on that line. */
function problemOn(text: string, diags: Diagnostic[], needle: string, words: string): Diagnostic {
  const line = lineOf(text, needle);
  const d = diags.find(x => x.range.start.line === line);
  assert.ok(d, `a problem on line ${line + 1} (${needle})`);
  const lineText = text.split('\n')[line];
  const at = lineText.indexOf(words);
  assert.ok(at > 0, `"${words}" on line ${line + 1}`);
  assert.ok(d.range.start.character > 0, `not at column 0: ${needle}`);
  assert.ok(d.range.end.character > d.range.start.character, `not zero-width: ${needle}`);
  assert.ok(d.range.start.character <= at && d.range.end.character >= at + 1, `the range covers "${words}" (${needle}): ${JSON.stringify(d.range)}`);
  return d;
}

const CLIENT_ACTS = /; sender's admin acts\)|; sender acts\)/;

test('OpenSMTPD: expiry, mda quota TempFail and mta network error are problems with their class and actor', () => {
  const doc = parse(OSMTPD);
  assert.equal(doc.log.format, 'other-mta');
  const diags = service.doValidation(doc);
  for (const needle of ['relay: Expire for', 'delivery: Expire for']) {
    const d = problemOn(OSMTPD, diags, needle, 'Envelope expired');
    assert.equal(d.severity, 1);
    assert.match(d.message, /^5xx Envelope expired: OpenSMTPD gave up .*sender's admin acts/);
  }
  const quota = problemOn(OSMTPD, diags, 'result=TempFail stat=Error (temporary failure: "Quota exceeded', 'Quota exceeded');
  assert.equal(quota.severity, 2);
  assert.match(quota.message, /Mailbox full.*recipient acts.*delivery to <quota@example\.test> \(local delivery agent\)/);
  const mx = problemOn(OSMTPD, diags, 'stat="Network error on destination MXs"', 'Network error on destination MXs');
  assert.equal(mx.severity, 2);
  assert.match(mx.message, /Network error on destination MXs.*delivery to <someone@down\.example\.net> via 127\.0\.0\.1/);
  // deliveries that worked are no problems
  const ok = lineOf(OSMTPD, 'result=Ok stat=Delivered');
  assert.ok(!diags.some(d => d.range.start.line === ok));
});

test('OpenSMTPD: the hover on an expiry says what happened and where the reason is', () => {
  const h = hoverAt(OSMTPD, 'relay: Expire for', 'Envelope expired')!;
  assert.match(h, /Envelope expired/);
  assert.match(h, /queue ttl/);
  assert.match(h, /mta delivery/);
  const q = hoverAt(OSMTPD, 'Quota exceeded', 'Quota exceeded')!;
  assert.match(q, /over quota/);
});

test('OpenSMTPD: one outline entry per SMTP session, named by its 16-hex id and client', () => {
  const doc = parse(OSMTPD);
  const names = service.findDocumentSymbols(doc).result.map(s => s.name);
  const ids = [...OSMTPD.matchAll(/ ([0-9a-f]{16}) smtp connected address=(\S+)/g)];
  assert.ok(ids.length >= 20, `the fixture has ${ids.length} sessions`);
  for (const [, id, addr] of ids) {
    assert.equal(names.filter(n => n.startsWith(`${id} from ${addr}`)).length, 1, `one entry for session ${id}`);
  }
  // deliveries and expiries are grouped by message, not lumped into the SMTP sessions
  const expired = /Expire for ([0-9a-f]{8})/.exec(OSMTPD)![1];
  assert.ok(names.some(n => n.startsWith(`message ${expired}`)), `an entry for message ${expired}`);
});

test('exim: client errors logged without a code are problems on their words, and the client acts', () => {
  const doc = parse(EXIM);
  assert.equal(doc.log.format, 'exim');
  const diags = service.doValidation(doc);
  const cases: Array<[string, string, 1 | 2, RegExp]> = [
    ['SMTP syntax error in "XYZZY"', 'SMTP syntax error', 1, /SMTP syntax error: the client sent a command.*; XYZZY$/],
    ['SMTP protocol error in "RCPT TO:', 'SMTP protocol error', 1, /SMTP protocol error.*; RCPT TO:<bob@example\.test>$/],
    ['dropped: too many unrecognized commands', 'too many unrecognized', 1, /exim hung up on the client/],
    ['unqualified sender rejected', 'unqualified sender', 1, /Unqualified address refused.*; MAIL FROM:<alice>$/],
    ['unqualified recipient rejected', 'unqualified recipient', 1, /; RCPT TO:<bob>$/],
    ['syntactically invalid argument(s): bad_helo!', 'bad_helo!', 1, /HELO\/EHLO refused/],
    ['message too big', 'message too big', 1, /Message too big.*sender acts/],
    ['too many recipients: excess temporarily rejected', 'excess temporarily', 2, /Too many recipients: exim accepted/],
    ['rejected EXPN postmaster', 'not permitted', 1, /EXPN \/ VRFY refused.*; EXPN$/],
    ['input sent without waiting for greeting', 'synchronization error', 1, /talked out of turn/],
    ['pipelining was not advertised', 'synchronization error', 1, /talked out of turn.*; HELO$/],
  ];
  for (const [needle, words, severity, message] of cases) {
    const d = problemOn(EXIM, diags, needle, words);
    assert.equal(d.severity, severity, needle);
    assert.match(d.message, message, needle);
    assert.match(d.message, CLIENT_ACTS, `the client acts: ${needle}`);
  }
});

test('exim: the hover on a syntax error explains the client\'s mistake', () => {
  const h = hoverAt(EXIM, 'SMTP syntax error in "GET / HTTP/1.0"', 'SMTP syntax error')!;
  assert.match(h, /does not understand/);
  assert.match(h, /non-SMTP client/);
  const d = hoverAt(EXIM, 'dropped: too many unrecognized', 'dropped')!;
  assert.match(d, /smtp_max_unknown_commands/);
});

test('exim: "rejected MAIL FROM:<x>" names the command once', () => {
  const t = '2024-03-05 10:00:00 H=mx.example.net [192.0.2.1] F=<a@example.net> rejected MAIL FROM:<a@example.net>: Sender verify failed\n';
  const d = service.doValidation(parse(t));
  assert.equal(d.length, 1);
  assert.match(d[0].message, /; MAIL FROM:<a@example\.net>$/);
  assert.doesNotMatch(d[0].message, /FROM:<FROM:/);
});

test('sendmail: queue-timeout returns, Too many recipients and a closed mailbox are problems; warnings are not', () => {
  const doc = parse(SENDMAIL);
  assert.equal(doc.log.format, 'sendmail');
  const diags = service.doValidation(doc);
  const back = problemOn(SENDMAIL, diags, 'sender notify: Cannot send message for', 'Cannot send message');
  assert.equal(back.severity, 1);
  assert.match(back.message, /Returned after the queue timeout/);
  const many = problemOn(SENDMAIL, diags, ': Too many recipients', 'Too many recipients');
  assert.equal(many.severity, 2);
  assert.match(many.message, /MaxRecipientsPerMessage/);
  assert.match(many.message, CLIENT_ACTS);
  const closed = problemOn(SENDMAIL, diags, 'ruleset=check_rcpt, arg1=<closed-here@', '550');
  assert.match(closed.message, /mailbox has been closed/);
  const warn = lineOf(SENDMAIL, 'sender notify: Warning: could not send');
  assert.ok(!diags.some(d => d.range.start.line === warn), 'the delay warning is no problem of its own');
  // the DSN form of the same return
  const t = 'Mar  5 10:00:00 mx sm-mta[123]: s1N7vR47006519: s1N7vR47006520: DSN: Cannot send message for 5 days\n';
  const d = service.doValidation(parse(t));
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.character, t.indexOf('Cannot send'));
});

test('sendmail: dsn= has a hover as well as reply=', () => {
  const onDsn = hoverAt(SENDMAIL, 'to=<nosuch@example.test>', '=5.1.1')!;
  const onReply = hoverAt(SENDMAIL, 'to=<nosuch@example.test>', '=550')!;
  assert.ok(onDsn && onReply);
  assert.match(onDsn, /5\.1\.1/);
  assert.match(onDsn, /does not exist/);
  assert.equal(onDsn, onReply);
});

test('postfix debug_peer: the reply quoted by "send attr reason" has a hover and no second problem', () => {
  const line = lineOf(POSTFIX_DEBUG, 'send attr reason = host');
  const h = hoverAt(POSTFIX_DEBUG, 'send attr reason = host', ' 550 ')!;
  assert.ok(h, 'a hover on the quoted code');
  assert.match(h, /550 5\.1\.1/);
  assert.match(h, /User unknown in virtual mailbox table/);
  const diags = service.doValidation(parse(POSTFIX_DEBUG));
  assert.ok(!diags.some(d => d.range.start.line === line), 'no problem on the debug line');
  assert.ok(diags.some(d => /status=bounced/.test(POSTFIX_DEBUG.split('\n')[d.range.start.line]) && d.code === '550 5.1.1'), 'the status line keeps its problem');
});
