import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedent, lineOf, parse } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { PAIR_GREETING } from '../../server/src/core/parser/model';
import { answeredBy, summarizeSession } from '../../server/src/core/parser/queries';

const INBOUND = dedent(`
  4/2/01 8:05:40 AM : A connection was accepted from 198.51.100.7
  4/2/01 8:05:40 AM : >>> 220 mail.contoso.example ESMTP ready
  4/2/01 8:05:41 AM : <<< IO: |EHLO mx1.tailspin.example|
  4/2/01 8:05:41 AM : <<< EHLO mx1.tailspin.example
  4/2/01 8:05:41 AM : >>> 250-mail.contoso.example Hello
  250-PIPELINING
  250 OK
  4/2/01 8:05:42 AM : <<< MAIL FROM:<news@tailspin.example>
  4/2/01 8:05:42 AM : <<< RCPT TO:<bob@contoso.example>
  4/2/01 8:05:42 AM : <<< RCPT TO:<carol@contoso.example>
  4/2/01 8:05:42 AM : <<< DATA
  4/2/01 8:05:42 AM : >>> 250 2.1.0 Sender OK
  4/2/01 8:05:42 AM : >>> 250 2.1.5 bob@contoso.example
  4/2/01 8:05:42 AM : >>> 550 5.1.1 User unknown
  4/2/01 8:05:42 AM : >>> 354 Start mail input
  4/2/01 8:05:44 AM : >>> 250 2.6.0 Queued mail for delivery
  4/2/01 8:05:44 AM : <<< QUIT
  4/2/01 8:05:44 AM : >>> 221 2.0.0 Bye
`);

test('pipelined commands pair with replies in order, not by adjacency', () => {
  const m = parse(INBOUND).log;
  const carol = lineOf(INBOUND, 'RCPT TO:<carol');
  const r550 = lineOf(INBOUND, '550 5.1.1');
  assert.equal(m.pair[r550], carol);
  assert.equal(m.pair[carol], r550);
  const a = answeredBy(m, lineOf(INBOUND, '250 2.1.5'));
  assert.deepEqual(a.kind === 'command' && a.text, 'RCPT TO:<bob@contoso.example>');
});

test('the reply after 354 answers the end of the message data', () => {
  const m = parse(INBOUND).log;
  const a = answeredBy(m, lineOf(INBOUND, '250 2.6.0'));
  assert.equal(a.kind, 'endOfData');
  const d = answeredBy(m, lineOf(INBOUND, '354'));
  assert.equal(d.kind === 'command' && d.verb, 'DATA');
});

test('the greeting is paired with the connection, IO echo lines are not commands', () => {
  const m = parse(INBOUND).log;
  assert.equal(m.pair[lineOf(INBOUND, '>>> 220')], PAIR_GREETING);
  assert.equal(m.kind[lineOf(INBOUND, 'IO: |EHLO')], LineKind.Echo);
  // EHLO (the real command, not its echo) gets the 250 reply
  assert.equal(m.pair[lineOf(INBOUND, '250 OK')], lineOf(INBOUND, '<<< EHLO'));
});

test('an IO echo with no command line of its own is the command', () => {
  const t = dedent(`
    4/2/01 11:44:31 AM : <<< IO: |MAIL From:<>|
    4/2/01 11:44:31 AM : >>> 250 2.1.0 <>....Sender OK
  `);
  const m = parse(t).log;
  assert.equal(m.kind[0], LineKind.Command);
  assert.equal(m.pair[1], 0);
});

test('multi-line replies are one reply; continuation lines point at their last line', () => {
  const m = parse(INBOUND).log;
  const first = lineOf(INBOUND, '250-mail.contoso');
  const last = lineOf(INBOUND, '250 OK');
  assert.equal(m.kind[first], LineKind.ReplyMore);
  assert.equal(m.kind[first + 1], LineKind.ReplyMore);
  assert.equal(m.pair[first], last);
  assert.equal(m.kind[last], LineKind.Reply);
});

test('sessions: one per connection, with remote, HELO name, time and outcome', () => {
  const two = INBOUND + '\n' + dedent(`
    4/2/01 9:00:00 AM : A connection was accepted from 203.0.113.99
    4/2/01 9:00:00 AM : >>> 220 mail.contoso.example ESMTP ready
    4/2/01 9:00:01 AM : <<< HELO spammer
    4/2/01 9:00:01 AM : >>> 250 OK
    4/2/01 9:00:02 AM : <<< MAIL FROM:<x@spam.example>
    4/2/01 9:00:02 AM : >>> 250 2.1.0 OK
    4/2/01 9:00:02 AM : <<< RCPT TO:<y@partner.example>
    4/2/01 9:00:02 AM : >>> 550 5.7.1 Unable to relay
  `);
  const m = parse(two).log;
  assert.equal(m.sessions.count, 2);
  assert.equal(summarizeSession(m, 0).label, '198.51.100.7 mx1.tailspin.example 2001-04-02 08:05:40 - delivered, 1 recipient refused (550 5.1.1)');
  assert.equal(summarizeSession(m, 1).label, '203.0.113.99 spammer 2001-04-02 09:00:00 - 550 5.7.1 rejected');
});

test('outbound session: our >>> lines are commands and the remote <<< lines its replies', () => {
  const t = dedent(`
    4/2/01 8:10:21 AM : Connecting to mx.northwind.example [192.0.2.80]
    4/2/01 8:10:21 AM : <<< 220 mx.northwind.example ESMTP
    4/2/01 8:10:21 AM : >>> EHLO mail.contoso.example
    4/2/01 8:10:21 AM : <<< 250 mx.northwind.example
    4/2/01 8:10:22 AM : >>> MAIL FROM:<bob@contoso.example>
    4/2/01 8:10:22 AM : <<< 250 2.1.0 Ok
    4/2/01 8:10:22 AM : >>> RCPT TO:<erin@northwind.example>
    4/2/01 8:10:22 AM : <<< 450 4.2.0 Greylisted
  `);
  const m = parse(t).log;
  assert.equal(m.kind[lineOf(t, '>>> RCPT')], LineKind.Command);
  assert.equal(m.kind[lineOf(t, '<<< 450')], LineKind.Reply);
  assert.equal(m.pair[lineOf(t, '<<< 450')], lineOf(t, '>>> RCPT'));
  const s = summarizeSession(m, 0);
  assert.equal(s.outbound, true);
  assert.equal(s.label, 'to mx.northwind.example [192.0.2.80] 2001-04-02 08:10:21 - 450 4.2.0 deferred');
});

test('a transcript without timestamps (as pasted) is recognised and paired', () => {
  const t = dedent(`
    <<< 220 mx.example.net ESMTP
    >>> EHLO client.example.org
    <<< 250-mx.example.net
    <<< 250 PIPELINING
    >>> RCPT TO:<nobody@example.net>
    <<< 550 5.1.1 User unknown
  `);
  const m = parse(t).log;
  assert.equal(m.format, 'exchange-transcript');
  assert.equal(m.pair[lineOf(t, '550')], lineOf(t, 'RCPT'));
  assert.equal(m.sessions.count, 1);
});

test('a session cut by the end of the log is incomplete, not delivered', () => {
  const t = dedent(`
    4/2/01 8:12:30 AM : A connection was accepted from 192.0.2.44
    4/2/01 8:12:31 AM : <<< DATA
    4/2/01 8:12:31 AM : >>> 354 Start mail input
  `);
  assert.equal(summarizeSession(parse(t).log, 0).outcome, 'incomplete (cut during DATA)');
});

test('a new HELO after QUIT starts a new session even without a connection line', () => {
  const t = dedent(`
    <<< HELO a.example
    >>> 250 OK
    <<< QUIT
    >>> 221 Bye
    <<< HELO b.example
    >>> 250 OK
  `);
  const m = parse(t).log;
  assert.equal(m.sessions.count, 2);
  assert.equal(m.session[lineOf(t, 'HELO b')], 1);
});

test('a client transcript that writes the message: its lines after 354 are data, several commands on one line get their replies', () => {
  const t = dedent(`
    Connecting to 192.0.2.5 port 25 ... connected
    <<< 220 mx.example.com ESMTP
    >>> ehlo client.example.org
    <<< 250 mx.example.com Hello
    >>> mail from:<a@example.org>\\r\\nrcpt to:<b@example.com>\\r\\ndata
    <<< 250 OK
    <<< 250 Accepted
    <<< 354 Enter message
    >>> Subject: 250 reasons
    >>> .
    <<< 250 OK id=1
    >>> quit
    <<< 221 closing connection
  `);
  const m = parse(t).log;
  const multi = lineOf(t, 'mail from:');
  for (const r of ['250 OK', '250 Accepted', '354 Enter']) assert.equal(m.pair[lineOf(t, `<<< ${r}`)], multi, r);
  assert.equal(m.kind[lineOf(t, 'Subject: 250 reasons')], LineKind.Other);
  assert.equal(m.pair[lineOf(t, '250 OK id=1')], lineOf(t, '>>> .'));
  assert.equal(m.pair[lineOf(t, '221 closing')], lineOf(t, '>>> quit'));
});

test('AUTH whose client lines are not logged: the verdict after 334 answers the AUTH command', () => {
  const t = dedent(`
    >>> 220 mail.example.com ESMTP
    <<< EHLO client.example.org
    >>> 250 mail.example.com
    <<< AUTH LOGIN
    >>> 334 VXNlcm5hbWU6
    >>> 334 UGFzc3dvcmQ6
    >>> 535 5.7.8 Authentication failed
    <<< QUIT
    >>> 221 Bye
  `);
  const m = parse(t).log;
  const auth = lineOf(t, 'AUTH LOGIN');
  assert.equal(m.pair[lineOf(t, '334 UGFz')], auth);
  assert.equal(m.pair[lineOf(t, '535 5.7.8')], auth);
  assert.equal(m.pair[lineOf(t, '221 Bye')], lineOf(t, 'QUIT'));
});
