/**
 * The outline across formats (issues 13 and 14): a message under the connection that received it,
 * one session per connection for Exchange SmtpSend rows that announce a connection before it opens,
 * the date and seconds each format writes, each session's duration, and a capped outline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { dedent, parse, service } from '../helpers/log';
import { displayTime } from '../../server/src/core/parser/queries';
import { formatDuration } from '../../server/src/core/features/logSymbols';

const ROOT = path.join(__dirname, '../../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const outline = (t: string, maxOutlineItems?: number) => service.findDocumentSymbols(parse(t), maxOutlineItems ? { maxOutlineItems } : {});
function flat(syms: DocumentSymbol[]): DocumentSymbol[] { return syms.flatMap(s => [s, ...flat(s.children ?? [])]); }

test('Exchange SmtpSend: the "attempting to connect" row (no local endpoint yet) is part of its session: 3 sessions, not 6', () => {
  const SEND = read('samples/SEND2024030409-1.LOG');
  const doc = parse(SEND);
  const m = doc.log;
  assert.equal(m.sessions.count, 3);
  const syms = service.findDocumentSymbols(doc).result;
  assert.deepEqual(syms.map(s => s.name), [
    'to 203.0.113.25:25 2024-03-04 09:12:00 - delivered',
    'to 198.51.100.60:25 2024-03-04 09:12:00 - 451 4.7.1 deferred',
    'to 203.0.113.77:25 2024-03-04 09:12:00 - 554 5.7.1 rejected',
  ]);
  // each session starts at its announcement and holds every row of its session-id
  for (const id of ['08DC3C1E8A2B8A01', '08DC3C1E8A2B8A02', '08DC3C1E8A2B8A03']) {
    const rows = SEND.split(/\r?\n/).map((l, i) => [l, i] as const).filter(([l]) => l.includes(`,${id},`)).map(([, i]) => i);
    const s = m.session[rows[0]];
    assert.match(SEND.split(/\r?\n/)[rows[0]], /attempting to connect/);
    for (const r of rows) assert.equal(m.session[r], s, `${id} line ${r + 1}`);
    assert.equal(m.sessions.first[s], rows[0]);
  }
  // the durations come from the rows' milliseconds
  assert.deepEqual(syms.map(s => s.detail), ['930 ms, 20 lines · TLSv1.2 (CALG_AES_256)', '537 ms, 14 lines', '312 ms, 6 lines']);
});

test('an Exchange connection row after a closed session of the same id still starts a new one', () => {
  const H = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Send Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';
  const row = (seq: number, ev: string, data = '', ctx = '') => `2024-03-04T09:12:0${seq}.000Z,Out,08DC3C1E8A2B8A09,${seq},192.0.2.10:49877,203.0.113.25:25,${ev},${data},${ctx}\n`;
  const t = H + row(0, '*', '', 'attempting to connect') + row(1, '+') + row(2, '<', '220 mx ready') + row(3, '>', 'QUIT') + row(4, '<', '221 bye') + row(5, '-', '', 'Local') + row(6, '+') + row(7, '<', '220 mx ready');
  assert.equal(parse(t).log.sessions.count, 2);
});

test('dates and seconds as each format writes them, and each session\'s duration', () => {
  const cases: [string, string, string][] = [
    // file, the first session's name, its detail
    ['samples/exchange-transcript.log', '192.0.2.44 relay.fabrikam.example 2001-04-02 08:02:10 - delivered', '4 s, 26 lines'],
    ['test/fixtures/exchange/RECV2024030509-1.LOG', '198.51.100.20:41622 mail.example.org 2024-03-05 09:14:02 - delivered, 1 recipient refused (550 5.1.10)', '5.2 s, 25 lines · TLSv1.2 (CALG_AES_256)'],
    ['test/fixtures/exim/mainlog.log', 'mail.partner.example [198.51.100.7]:50211 2024-05-06 11:02:10 - 5xx rejected', '1 s, 3 lines'],
    ['test/fixtures/iis/ex240305.log', '198.51.100.20 mail.example.org 2024-03-05 08:00:02 - delivered, 1 recipient refused (550)', '2 s, 6 lines'],
    ['test/fixtures/msgtrk/MSGTRK2024030509-1.LOG', '<d4f2aa@EX01.corp.example.com> from anna.berg@example.com 2024-03-05 09:14:02 - delivered', '5 min 4 s, 3 lines'],
    ['test/fixtures/generated/postfix-maillog.log', 'localhost[127.0.0.1] (smtpd[12946]) Nov 24 12:57:28 - no message', '< 1 s, 3 lines'],
    ['test/fixtures/clients/nodemailer.log', 'to 192.0.2.25:587 2024-05-06 11:20:01 - delivered, 1 recipient refused (554 5.7.1)', '1 s, 25 lines · AUTH PLAIN'],
    ['test/fixtures/clients/smtplib-debuglevel2.txt', 'to 127.0.0.1:41547 14:07:05 - 450 4.2.0 deferred', '< 1 ms, 22 lines'],
    // a transcript without times: no time, no duration
    ['test/fixtures/generated/swaks-good-delivery.txt', 'to 127.0.0.1:2526 - delivered', '36 lines'],
  ];
  for (const [file, name, detail] of cases) {
    const s = outline(read(file)).result[0];
    assert.deepEqual([s.name, s.detail], [name, detail], file);
  }
  // syslog writes no year: the month and day as written, the day without its padding
  const sm = outline(read('test/fixtures/sendmail/maillog.log')).result;
  assert.equal(sm[1].name, 'bad.example [203.0.113.9] Mar 4 08:20:10 - 421 4.3.2 deferred');
});

test('a session across midnight and across the new year (syslog without a year) has the right duration', () => {
  const pf = dedent(`
    Dec 31 23:59:58 mx postfix/smtpd[9]: connect from a.example.net[192.0.2.1]
    Dec 31 23:59:59 mx postfix/smtpd[9]: NOQUEUE: reject: RCPT from a.example.net[192.0.2.1]: 554 5.7.1 <x@example.com>: Relay access denied; from=<s@example.net> to=<x@example.com> proto=ESMTP helo=<a>
    Jan  1 00:00:03 mx postfix/smtpd[9]: disconnect from a.example.net[192.0.2.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4
  `);
  const s = outline(pf).result[0];
  assert.equal(s.name, 'a.example.net[192.0.2.1] (smtpd[9]) Dec 31 23:59:58 - 554 5.7.1 rejected');
  assert.equal(s.detail, '5 s, 3 lines');
  // a transcript with times of day only: across midnight
  const tr = dedent(`
    11:59:50 PM : A connection was accepted from 192.0.2.9
    11:59:50 PM : >>> 220 mx ready
    12:00:20 AM : <<< QUIT
    12:00:20 AM : >>> 221 bye
  `);
  const t = outline(tr).result[0];
  assert.match(t.name, / 23:59:50 - no message$/);
  assert.equal(t.detail, '30 s, 4 lines');
});

test('displayTime and formatDuration: short forms for the breadcrumbs', () => {
  assert.equal(displayTime('2024-01-01T10:00:00.123456+02:00'), '2024-01-01 10:00:00');
  assert.equal(displayTime('Nov  4 12:57:03'), 'Nov 4 12:57:03');
  assert.equal(displayTime('4/2/01 8:05:42 PM'), '2001-04-02 20:05:42');
  assert.equal(displayTime('8:05 AM'), '08:05');
  assert.equal(displayTime(undefined), undefined);
  assert.deepEqual([formatDuration(0, false), formatDuration(420, true), formatDuration(4240, true), formatDuration(42400, true), formatDuration(185000, false), formatDuration(7800000, false), formatDuration(277200000, false)],
    ['< 1 s', '420 ms', '4.2 s', '42 s', '3 min 5 s', '2 h 10 min', '3 d 5 h']);
});

test('sendmail: a message under the connection (process) whose refusal was logged before it', () => {
  const t = dedent(`
    Mar  4 09:00:01 relay sm-mta[7001]: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=ann, relay=out.partner.example [198.51.100.40]
    Mar  4 09:00:05 relay sm-mta[7001]: 424E05aB007001: from=<ann@partner.example>, size=1200, class=0, nrcpts=1, msgid=<k1@partner.example>, proto=ESMTP, daemon=MTA, relay=out.partner.example [198.51.100.40]
    Mar  4 09:00:06 relay sm-mta[7002]: 424E05aB007001: to=<bo@corp.example>, delay=00:00:01, xdelay=00:00:01, mailer=local, pri=31200, dsn=2.0.0, stat=Sent
    Mar  4 09:01:00 relay sm-mta[7010]: 424E0100007010: from=<cy@other.example>, size=900, class=0, nrcpts=1, msgid=<k2@other.example>, proto=ESMTP, daemon=MTA, relay=mx.other.example [203.0.113.5]
  `);
  const syms = outline(t).result;
  assert.equal(syms.length, 2);
  assert.equal(syms[0].name, 'out.partner.example [198.51.100.40] Mar 4 09:00:01 - 5xx rejected');
  const msg = syms[0].children!.find(c => c.kind === SymbolKind.Object)!;
  assert.equal(msg.name, '424E05aB007001 Mar 4 09:00:05 - delivered');
  assert.equal(msg.detail, 'from=<ann@partner.example>, 1 s, 2 lines');
  assert.deepEqual(msg.children!.map(c => c.name), ['delivery to <bo@corp.example> (local mailer)']);
  // a message from a process with nothing else in the log stays at the top, named with its sender
  assert.match(syms[1].name, /^424E0100007010 from=<cy@other\.example> /);
});

test('postfix: a message whose connection is not in the file stays at the top with where it came from', () => {
  const t = dedent(`
    Nov 24 12:57:28 mx postfix/smtpd[12948]: 38AD420C5BC: client=localhost[127.0.0.1]
    Nov 24 12:57:28 mx postfix/qmgr[12741]: 38AD420C5BC: from=<sender@example.net>, size=434, nrcpt=1 (queue active)
    Nov 24 12:57:29 mx postfix/virtual[12956]: 38AD420C5BC: to=<bob@b.example.test>, relay=virtual, delay=0.01, delays=0.01/0.01/0/0, dsn=2.0.0, status=sent (delivered to maildir)
    Nov 24 12:57:29 mx postfix/qmgr[12741]: 38AD420C5BC: removed
  `);
  const s = outline(t).result;
  assert.deepEqual(s.map(x => `${x.name} [${x.detail}]`), ['38AD420C5BC from localhost[127.0.0.1] Nov 24 12:57:28 - delivered [from=<sender@example.net>, 1 s, 4 lines]']);
});

test('notices that name each other (hostile input) cannot hide a session: each is listed once', () => {
  const t = dedent(`
    Nov 24 12:57:28 mx postfix/cleanup[1]: AAAAA11111: message-id=<a@x>
    Nov 24 12:57:28 mx postfix/cleanup[1]: BBBBB22222: message-id=<b@x>
    Nov 24 12:57:28 mx postfix/bounce[2]: BBBBB22222: sender non-delivery notification: AAAAA11111
    Nov 24 12:57:28 mx postfix/bounce[2]: AAAAA11111: sender non-delivery notification: BBBBB22222
  `);
  const doc = parse(t);
  const all = flat(service.findDocumentSymbols(doc).result).filter(s => s.kind === SymbolKind.Object);
  assert.equal(all.length, doc.log.sessions.count);
  assert.equal(new Set(all.map(s => s.selectionRange.start.line)).size, doc.log.sessions.count);
});

test('a chain of 3,000 notices each about the one before (hostile input): a shallow outline, every session once', () => {
  const N = 3000;
  const id = (i: number) => `AB${String(i).padStart(8, '0')}`;
  let t = '';
  for (let i = 0; i < N; i++) t += `Nov 24 12:57:28 mx postfix/cleanup[1]: ${id(i)}: message-id=<${i}@x>\n`;
  for (let i = N - 2; i >= 0; i--) t += `Nov 24 12:57:29 mx postfix/bounce[2]: ${id(i)}: sender non-delivery notification: ${id(i + 1)}\n`;
  const doc = parse(t);
  const r = service.findDocumentSymbols(doc, { maxOutlineItems: 100000 });
  // levels of sessions (a group by hour is no session; steps are not counted)
  const depthOf = (s: DocumentSymbol): number => (s.kind === SymbolKind.Object ? 1 : 0) + Math.max(0, ...(s.children ?? []).map(depthOf));
  const deepest = Math.max(...r.result.map(depthOf));
  assert.ok(deepest >= 2 && deepest <= 3, `${deepest} levels`);
  const listed = flat(r.result).filter(s => s.kind === SymbolKind.Object);
  assert.equal(listed.length, doc.log.sessions.count);
  assert.equal(doc.log.sessions.count, N);
});

test('a capped outline of nested sessions stays within its limit and says so', () => {
  const text = read('test/fixtures/generated/postfix-maillog.log');
  for (const max of [5, 20, 60]) {
    const r = outline(text, max);
    const all = flat(r.result);
    assert.ok(r.limited, `limit ${max}`);
    assert.ok(all.length <= max + 1, `limit ${max}: ${all.length} entries`);
    assert.match(r.result[r.result.length - 1].name, new RegExp(`outline stops at ${max} items`));
  }
  // uncapped: every session once (connections, and messages under them or at the top)
  const doc = parse(text);
  const all = flat(service.findDocumentSymbols(doc).result);
  assert.equal(all.filter(s => s.kind === SymbolKind.Module || s.kind === SymbolKind.Object).length, doc.log.sessions.count);
});
