import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, hoverAt, lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { SessionFlag } from '../../server/src/core/parser/model';
import { transcriptOf } from '../../server/src/core/parser/queries';

const FIX = path.join(__dirname, '../../../test/fixtures/exchange');
const RECV = readFileSync(path.join(FIX, 'RECV2024030509-1.LOG'), 'utf8');
const SEND = readFileSync(path.join(FIX, 'SEND2024030509-1.LOG'), 'utf8');
const FRAGMENT = readFileSync(path.join(FIX, 'receive-fragment.log'), 'utf8');
const lines = (t: string) => t.split(/\r\n|\n/);
const names = (t: string) => service.findDocumentSymbols(parse(t)).result.map(s => s.name);
/** hover markdown without its backslash escapes, to match prose */
const plain = (h: string | undefined) => (h ?? '').replace(/\\(.)/g, '$1');

test('Receive and Send protocol logs are recognised with their BOM and CRLF, and a fragment without header by its rows', () => {
  for (const t of [RECV, SEND, FRAGMENT]) assert.equal(parse(t).log.format, 'exchange-protocol');
  const m = parse(RECV).log;
  assert.equal(m.kind[0], LineKind.Header, 'the #Software line after the BOM');
  assert.equal(m.kind[lineOf(RECV, '#Fields:')], LineKind.Header);
  assert.deepEqual([...m.fieldsLines], [lineOf(RECV, '#Fields:')]);
  assert.equal(m.lineCount, lines(RECV).length);
});

test('outline: one entry per session-id in order of first row: remote endpoint, EHLO name, time, outcome', () => {
  assert.deepEqual(names(RECV), [
    '198.51.100.20:41622 mail.example.org 2024-03-05 09:14:02 - delivered, 1 recipient refused (550 5.1.10)',
    '203.0.113.45:52210 User 2024-03-05 09:14:02 - 535 5.7.3 rejected',
    '203.0.113.7:33012 smtp.example.net 2024-03-05 09:14:02 - 452 4.3.1 deferred',
    '192.0.2.55:50412 scanner01.example.com 2024-03-05 09:14:02 - delivered',
    '198.51.100.201:60001 2024-03-05 09:14:02 - no message',
    '203.0.113.99:44120 unknown.example.net 2024-03-05 09:14:02 - 550 5.7.54 rejected',
  ]);
  assert.deepEqual(names(SEND), [
    'to 198.51.100.25:25 2024-03-05 09:14:02 - 451 4.7.1 deferred',
    'to 203.0.113.80:25 2024-03-05 09:14:02 - 550 5.1.1 rejected',
    'to 198.51.100.30:25 2024-03-05 09:14:02 - delivered',
  ]);
});

test('interleaved rows are regrouped: each session holds exactly the rows of its session-id', () => {
  const m = parse(RECV).log;
  const ls = lines(RECV);
  for (const id of ['08DC3CF1A2B40001', '08DC3CF1A2B40004']) {
    const mine = ls.map((l, i) => [l, i] as const).filter(([l]) => l.includes(`,${id},`)).map(([, i]) => i);
    const s = m.session[mine[0]];
    assert.ok(mine.length > 10);
    for (const i of mine) assert.equal(m.session[i], s, `line ${i + 1}`);
    assert.equal(m.sessions.first[s], mine[0]);
    assert.equal(m.sessions.last[s], mine[mine.length - 1]);
    assert.ok(m.sessions.flags[s] & SessionFlag.Closed);
  }
  assert.equal(m.sessions.count, 6);
});

test('children: commands with their replies in sequence order, pipelined replies paired in order', () => {
  const s = service.findDocumentSymbols(parse(RECV)).result[0];
  assert.deepEqual(s.children!.map(c => `${c.name} => ${c.detail!.slice(0, 30)}`), [
    'greeting => 220 EX01.corp.example.com Micr',
    'EHLO mail.example.org => 250 EX01.corp.example.com Hell',
    'STARTTLS => 220 2.0.0 SMTP server ready',
    'EHLO mail.example.org => 250 EX01.corp.example.com Hell',
    'MAIL FROM:<newsletter@example.org> SIZE=18211 BODY=8BITMIME => 250 2.1.0 Sender OK',
    'RCPT TO:<anna.berg@example.com> => 250 2.1.5 Recipient OK',
    'RCPT TO:<former.employee@example.com> => 550 5.1.10 RESOLVER.ADR.Recipi',
    'BDAT 18211 LAST => 250 2.6.0 <5f1c2e@mail.example',
    'QUIT => 221 2.0.0 Service closing tran',
  ]);
});

test('in a Send log ">" rows are our commands and "<" rows the remote replies; the session is outbound', () => {
  const m = parse(SEND).log;
  const rcpt = lineOf(SEND, '>,RCPT TO:<partner@example.net>');
  const grey = lineOf(SEND, '451 4.7.1 <partner');
  assert.equal(m.kind[rcpt], LineKind.Command);
  assert.equal(m.kind[grey], LineKind.Reply);
  assert.equal(m.pair[grey], rcpt);
  assert.ok(m.sessions.flags[m.session[rcpt]] & SessionFlag.Outbound);
  // "250-..." on one row is the whole EHLO reply, not the first line of one
  assert.equal(m.kind[lineOf(SEND, '<,250-mx.example.net PIPELINING SIZE 10240000 VRFY ETRN STARTTLS')], LineKind.Reply);
  // the 250 after 354 answers the end of the data
  const h = hoverAt(SEND, 'queued as 7C1A', '250')!;
  assert.match(h, /end of the message data/);
});

test('problems: every 4xx/5xx reply row, with the command it answers; no problem from * rows quoting a code', () => {
  const d = service.doValidation(parse(RECV));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [
    [lineOf(RECV, '452 4.3.1'), '452 4.3.1', 2],
    [lineOf(RECV, '550 5.7.54'), '550 5.7.54', 1],
    [lineOf(RECV, '535 5.7.3'), '535 5.7.3', 1],
    [lineOf(RECV, '>,550 5.1.10'), '550 5.1.10', 1],
  ]);
  assert.match(d[0].message, /answers MAIL FROM:<billing@example\.net> SIZE=4410$/);
  assert.match(d[1].message, /answers RCPT TO:<someone@example\.org>$/);
  // Exchange does not log the client's AUTH lines: the verdict answers the AUTH command
  assert.match(d[2].message, /answers AUTH LOGIN$/);
  assert.match(d[3].message, /answers RCPT TO:<former\.employee@example\.com>$/);
  const tarpit = lineOf(RECV, "Tarpit for '0.00:00:05'");
  assert.equal(parse(RECV).log.kind[tarpit], LineKind.Other);
  const s = service.doValidation(parse(SEND));
  assert.deepEqual(s.map(x => [x.range.start.line, x.code, x.severity]), [
    [lineOf(SEND, '<,550 5.1.1'), '550 5.1.1', 1],
    [lineOf(SEND, '451 4.7.1 <partner'), '451 4.7.1', 2],
  ]);
  assert.match(s[1].message, /answers RCPT TO:<partner@example\.net>$/);
});

test('the problem range is the code inside the data column', () => {
  const l = lineOf(RECV, '>,550 5.1.10');
  const d = service.doValidation(parse(RECV)).find(x => x.range.start.line === l)!;
  assert.equal(lines(RECV)[l].slice(d.range.start.character, d.range.end.character), '550 5.1.10');
});

test('hover on a reply names the command it answers; on a "<" reply of a Send log the command we sent', () => {
  const h = hoverAt(RECV, '>,550 5.1.10', '550')!;
  assert.match(h, /Answers `RCPT TO:<former\.employee@example\.com>` at `2024-03-05T09:14:02\.302Z`/);
  const s = hoverAt(SEND, '451 4.7.1 <partner', '451')!;
  assert.match(s, /Answers `RCPT TO:<partner@example\.net>`/);
  assert.match(s, /temporary/i);
  const auth = hoverAt(RECV, '535 5.7.3', '535')!;
  assert.match(auth, /Answers `AUTH LOGIN`/);
});

test('hover on the event column says who sent the row and which side is the client in this log', () => {
  const recvCmd = plain(hoverAt(RECV, '<,MAIL FROM:<billing', ',<,'));
  assert.match(recvCmd, /\*\*received\*\*/);
  assert.match(recvCmd, /a command from the client \(Receive log/);
  assert.match(plain(hoverAt(RECV, '>,452 4.3.1', ',>,')), /\*\*sent\*\* by this Exchange server: its reply to the client \(Receive log/);
  assert.match(plain(hoverAt(SEND, '>,RCPT TO:<partner', ',>,')), /its command to the remote server \(Send log/);
  assert.match(plain(hoverAt(SEND, '451 4.7.1 <partner', ',<,')), /the remote server's reply to Exchange's command \(Send log/);
  assert.match(plain(hoverAt(RECV, "Tarpit for '0.00:00:05'", ',*,')), /\*\*information\*\*.*not SMTP traffic/);
  assert.match(plain(hoverAt(SEND, '08DC3CF1A2B40102,0,', ',+,')), /\*\*connect\*\*.*Send log/);
  assert.match(plain(hoverAt(RECV, 'Remote(SocketError)', ',-,')), /\*\*disconnect\*\*.*Remote = the other side/);
});

test('rows written out of sequence order are shown in sequence order', () => {
  const text = dedent(`
    2024-03-05T10:00:00.000Z,EX01\\Default Frontend EX01,08DC00000000AAAA,0,192.0.2.10:25,203.0.113.5:5000,+,,
    2024-03-05T10:00:00.001Z,EX01\\Default Frontend EX01,08DC00000000AAAA,1,192.0.2.10:25,203.0.113.5:5000,>,220 EX01 ready,
    2024-03-05T10:00:00.003Z,EX01\\Default Frontend EX01,08DC00000000AAAA,3,192.0.2.10:25,203.0.113.5:5000,>,250 EX01 Hello,
    2024-03-05T10:00:00.002Z,EX01\\Default Frontend EX01,08DC00000000AAAA,2,192.0.2.10:25,203.0.113.5:5000,<,EHLO client.example.org,
    2024-03-05T10:00:00.004Z,EX01\\Default Frontend EX01,08DC00000000AAAA,4,192.0.2.10:25,203.0.113.5:5000,-,,Remote
  `);
  const doc = parse(text);
  const t = transcriptOf(doc.log, 0)!;
  assert.deepEqual(t.lines, [0, 1, 3, 2, 4]);
});

test('quoted data with commas and doubled quotes is one field; the reply text is shown unquoted', () => {
  const text = dedent(`
    2024-03-05T10:00:00.000Z,EX01\\Default Frontend EX01,08DC00000000BBBB,0,192.0.2.10:25,203.0.113.6:5001,<,RCPT TO:<x@example.com>,
    2024-03-05T10:00:00.001Z,EX01\\Default Frontend EX01,08DC00000000BBBB,1,192.0.2.10:25,203.0.113.6:5001,>,"550 5.7.1 Message rejected as spam, see ""policy"" page",
  `);
  const d = service.doValidation(parse(text));
  assert.equal(d.length, 1);
  assert.equal(d[0].code, '550 5.7.1');
  assert.match(d[0].message, /answers RCPT TO:<x@example\.com>$/);
  const h = hoverAt(text, '"550 5.7.1', '550')!;
  assert.match(h, /Reply: `550 5\.7\.1 Message rejected as spam, see "policy" page`/);
});

test('without #Log-type a "<" row that is a reply code makes the log a Send log', () => {
  const text = dedent(`
    2024-03-05T10:00:00.000Z,Outbound to Internet,08DC00000000CCCC,0,192.0.2.10:40000,198.51.100.9:25,+,,
    2024-03-05T10:00:00.010Z,Outbound to Internet,08DC00000000CCCC,1,192.0.2.10:40000,198.51.100.9:25,<,220 mx.example.net ESMTP,
    2024-03-05T10:00:00.011Z,Outbound to Internet,08DC00000000CCCC,2,192.0.2.10:40000,198.51.100.9:25,>,EHLO mail.example.com,
    2024-03-05T10:00:00.020Z,Outbound to Internet,08DC00000000CCCC,3,192.0.2.10:40000,198.51.100.9:25,<,250 mx.example.net,
    2024-03-05T10:00:00.021Z,Outbound to Internet,08DC00000000CCCC,4,192.0.2.10:40000,198.51.100.9:25,>,MAIL FROM:<a@example.com>,
    2024-03-05T10:00:00.030Z,Outbound to Internet,08DC00000000CCCC,5,192.0.2.10:40000,198.51.100.9:25,<,554 5.7.1 Service unavailable; client host blocked,
  `);
  const m = parse(text).log;
  assert.equal(m.format, 'exchange-protocol');
  assert.equal(m.kind[2], LineKind.Command);
  assert.equal(m.pair[5], 4);
  assert.deepEqual(names(text), ['to 198.51.100.9:25 2024-03-05 10:00:00 - 554 5.7.1 rejected']);
});

test('folding: the header block, and each run of consecutive rows of one session', () => {
  const f = service.getFoldingRanges(parse(RECV)).result;
  assert.deepEqual(f[0], { startLine: 0, endLine: 4, kind: 'comment' });
  const has = (a: string, b: string) => f.some(r => r.startLine === lineOf(RECV, a) && r.endLine === lineOf(RECV, b));
  // HELO .. 354 of the scanner session are consecutive rows
  assert.ok(has('<,HELO scanner01', '>,354 Start mail input'), JSON.stringify(f));
  // the relayed session F from EHLO to its disconnect
  assert.ok(has('<,EHLO unknown.example.net', '08DC3CF1A2B40006,13,'));
  for (let i = 1; i < f.length; i++) assert.ok(f[i].startLine > f[i - 1].endLine || f[i].endLine <= f[i - 1].endLine, 'no partial overlap');
  // a limit keeps whole sessions and header blocks first
  const few = service.getFoldingRanges(parse(RECV), 2);
  assert.equal(few.result.length, 2);
  assert.ok(few.limited);
  assert.deepEqual(few.result[0], { startLine: 0, endLine: 4, kind: 'comment' });
});

test('find all references on a session-id (between commas) lists every row of the session', () => {
  const doc = parse(RECV);
  const l = lineOf(RECV, '<,HELO scanner01');
  const col = lines(RECV)[l].indexOf('08DC3CF1A2B40004') + 3;
  const refs = service.findReferences(doc, 'file:///recv.log', { line: l, character: col }).result;
  const rows = lines(RECV).map((x, i) => [x, i] as const).filter(([x]) => x.includes(',08DC3CF1A2B40004,')).map(([, i]) => i);
  assert.deepEqual([...new Set(refs.map(r => r.range.start.line))], rows);
  for (const r of refs) assert.equal(lines(RECV)[r.range.start.line].slice(r.range.start.character, r.range.end.character), '08DC3CF1A2B40004');
  // an address: every row that carries it
  const a = lineOf(RECV, 'RCPT TO:<anna.berg@example.com>');
  const ac = lines(RECV)[a].indexOf('anna.berg') + 2;
  assert.deepEqual(service.findReferences(doc, 'file:///recv.log', { line: a, character: ac }).result.map(r => r.range.start.line), [a]);
});

test('session transcript: header lines and the rows of one session, read again as the same format', () => {
  const doc = parse(RECV);
  const l = lineOf(RECV, '>,550 5.1.10');
  const t = transcriptOf(doc.log, l)!;
  assert.deepEqual(t.lines.slice(0, 5), [0, 1, 2, 3, 4]);
  assert.equal(t.lines.length, 5 + lines(RECV).filter(x => x.includes(',08DC3CF1A2B40001,')).length);
  assert.match(t.title, /^198\.51\.100\.20:41622 mail\.example\.org/);
  const again = parse(t.text);
  assert.equal(again.log.format, 'exchange-protocol');
  assert.equal(again.log.sessions.count, 1);
  const d = service.doValidation(again);
  assert.deepEqual(d.map(x => [t.lines[x.range.start.line], x.code]), [[l, '550 5.1.10']]);
  // the facade's transcript (rows only) is recognised from the rows alone
  const f = service.sessionTranscript(doc, l)!;
  const rows = parse(f.text);
  assert.equal(rows.log.format, 'exchange-protocol');
  assert.deepEqual(service.doValidation(rows).map(x => x.code), ['550 5.1.10']);
});

test('a headerless fragment that starts mid-session pairs its pipelined replies', () => {
  const m = parse(FRAGMENT).log;
  const rcpt = lineOf(FRAGMENT, 'RCPT TO:<former.employee');
  assert.equal(m.pair[lineOf(FRAGMENT, '>,550 5.1.10')], rcpt);
  assert.equal(m.pair[lineOf(FRAGMENT, '>,250 2.1.0 Sender OK')], lineOf(FRAGMENT, '<,MAIL FROM'));
});

test('rows of other logs and plain CSV are not taken for a protocol log', () => {
  assert.notEqual(parse('a,b,c,d,e,f,g,h,i\n1,2,3,4,5,6,7,8,9\n').log.format, 'exchange-protocol');
  const tracking = '#Software: Microsoft Exchange Server\n#Version: 15.0.0.0\n#Log-type: Message Tracking Log\n';
  assert.notEqual(parse(tracking).log.format, 'exchange-protocol');
});
