import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, hoverAt, lineOf, parse, service } from '../helpers/log';

const SAMPLE = readFileSync(path.join(__dirname, '../../../samples/exchange-transcript.log'), 'utf8');

test('hover on a 550 names the code, its meaning, the class and the pipelined RCPT it answers with its time', () => {
  const h = hoverAt(SAMPLE, '550 5.1.1 User unknown', '550')!;
  assert.match(h, /\*\*550 5\.1\.1\*\*/);
  assert.match(h, /permanent/i);
  assert.match(h, /Answers `RCPT TO:<carol@contoso\.example>` at `4\/2\/01 8:05:42 AM`/);
  assert.match(h, /Who acts/);
  assert.match(h, /Check first/);
  assert.match(h, /RFC 5321/);
});

test('hover on the enhanced code gives the same reply explanation', () => {
  assert.equal(hoverAt(SAMPLE, '550 5.1.1 User unknown', '5.1.1'), hoverAt(SAMPLE, '550 5.1.1 User unknown', '550'));
});

test('hover on a 4xx says the sender retries', () => {
  const h = hoverAt(SAMPLE, '450 4.2.0', '450')!;
  assert.match(h, /temporary/i);
  assert.match(h, /retries/);
  assert.match(h, /RCPT TO:<erin@northwind\.example>/);
});

test('hover on the 250 after DATA says it is the verdict on the message', () => {
  const h = hoverAt(SAMPLE, '250 2.6.0 <ABC123', '250')!;
  assert.match(h, /end of the message data/);
  assert.match(h, /^\*\*250 2\.6\.0\*\* \*\*Accepted:\*\*/);
});

test('hover on a continuation line of a multi-line reply explains the whole reply', () => {
  const h = hoverAt(SAMPLE, '250-PIPELINING', '250')!;
  assert.match(h, /Answers `EHLO relay\.fabrikam\.example`/);
  assert.match(h, /Reply: `250 mail\.contoso\.example Hello \[192\.0\.2\.44\] TURN/);
});

test('brief hover is one paragraph plus the command it answers', () => {
  const h = hoverAt(SAMPLE, '550 5.1.1 User unknown', '550', { hoverDetail: 'brief' })!;
  assert.doesNotMatch(h, /Check first/);
  assert.match(h, /550 5\.1\.1/);
});

test('hover on a command verb explains the command and shows its reply', () => {
  const h = hoverAt(SAMPLE, 'RCPT TO:<carol@contoso.example>', 'RCPT')!;
  assert.match(h, /\*\*RCPT\*\*/);
  assert.match(h, /Answered on line \d+: `550 5\.1\.1 User unknown`/);
});

test('hover on <<< and >>> says who received and who sent', () => {
  assert.match(hoverAt(SAMPLE, '<<< RCPT TO:<carol', '<<<')!, /received/);
  assert.match(hoverAt(SAMPLE, '>>> 550 5.1.1', '>>>')!, /sent/);
});

test('log text in a hover cannot inject links, commands or HTML', () => {
  const evil = dedent(`
    <<< RCPT TO:<x@example.com>
    >>> 550 5.7.1 [click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> \`code\` **bold**
  `);
  const h = hoverAt(evil, '>>> 550', '550')!;
  const reply = /Reply: (`+)(.*?)\1/.exec(h);
  assert.ok(reply, 'the reply text is inside a code span');
  assert.match(reply![2], /\[click\]\(command:/);
  // nothing outside code spans carries the injected markup
  const outside = h.replace(/(`+)[\s\S]*?\1/g, '');
  assert.doesNotMatch(outside, /\]\(command:|<img|onerror/);
});

test('problems: each 4xx is a warning and each 5xx an error, naming code, meaning and command', () => {
  const diags = service.doValidation(parse(SAMPLE));
  assert.deepEqual(diags.map(d => [d.severity, d.range.start.line, d.code]), [
    [1, lineOf(SAMPLE, '550 5.1.1 User unknown'), '550 5.1.1'],
    [1, lineOf(SAMPLE, '550 5.7.1'), '550 5.7.1'],
    [2, lineOf(SAMPLE, '450 4.2.0'), '450 4.2.0'],
  ]);
  assert.match(diags[0].message, /^550 5\.1\.1 .+; answers RCPT TO:<carol@contoso\.example>$/);
  assert.equal(diags[0].source, 'smtp-log');
});

test('a healthy log has no problems', () => {
  const ok = SAMPLE.split(/\n\n/)[0];
  assert.deepEqual(service.doValidation(parse(ok)), []);
});

test('problems are capped with a note saying how many were left out', () => {
  let t = '';
  for (let i = 0; i < 30; i++) t += `<<< RCPT TO:<u${i}@example.com>\n>>> 550 5.1.1 User unknown\n`;
  const d = service.doValidation(parse(t), { maxProblems: 10 });
  assert.equal(d.length, 11);
  assert.match(d[10].message, /Only the first 10 of 30 failed replies/);
});

test('outline: one symbol per session with remote, HELO, time and outcome; pairs under it', () => {
  const syms = service.findDocumentSymbols(parse(SAMPLE)).result;
  assert.deepEqual(syms.map(s => s.name), [
    '192.0.2.44 relay.fabrikam.example 2001-04-02 08:02:10 - delivered',
    '198.51.100.7 mx1.tailspin.example 2001-04-02 08:05:40 - delivered, 1 recipient refused (550 5.1.1)',
    '203.0.113.99 unknown-host 2001-04-02 08:07:03 - 550 5.7.1 rejected',
    'to mx.northwind.example [192.0.2.80] 2001-04-02 08:10:21 - 450 4.2.0 deferred',
    '192.0.2.44 relay.fabrikam.example 2001-04-02 08:12:30 - incomplete (cut during DATA)',
  ]);
  const kids = syms[1].children!.map(c => `${c.name} => ${c.detail}`);
  assert.ok(kids.includes('RCPT TO:<carol@contoso.example> => 550 5.1.1 User unknown'), kids.join('\n'));
  assert.ok(kids.includes('end of data => 250 2.6.0 <ABC123@tailspin.example> Queued mail for delivery'));
  for (const s of syms) for (const c of s.children!) {
    assert.ok(c.range.start.line >= s.range.start.line && c.range.end.line <= s.range.end.line, 'child inside its session');
  }
});

test('outline of many sessions is grouped by hour and bounded', () => {
  let t = '';
  for (let i = 0; i < 3000; i++) {
    const h = 1 + Math.floor(i / 1000);
    t += `4/2/01 ${h}:00:00 AM : A connection was accepted from 192.0.2.${i % 250}\n4/2/01 ${h}:00:00 AM : >>> 220 ready\n4/2/01 ${h}:00:01 AM : <<< QUIT\n4/2/01 ${h}:00:01 AM : >>> 221 Bye\n`;
  }
  const r = service.findDocumentSymbols(parse(t), { maxOutlineItems: 10000 });
  assert.ok(r.result.length < 50, `grouped: ${r.result.length} top-level symbols`);
  assert.match(r.result[0].name, /^2001-04-02 01:00 - \d+ sessions$/);
  const total = r.result.reduce((a, g) => a + g.children!.length, 0);
  assert.equal(total, 3000);
});

test('folding: each session and each multi-line reply, sorted, nested, never overlapping', () => {
  const f = service.getFoldingRanges(parse(SAMPLE)).result;
  const ehlo = lineOf(SAMPLE, '250-mail.contoso.example Hello [192.0.2.44]');
  assert.ok(f.some(r => r.startLine === 0 && r.endLine === lineOf(SAMPLE, '221 2.0.0')), 'first session folds');
  assert.ok(f.some(r => r.startLine === ehlo && r.endLine === lineOf(SAMPLE, '250 OK')), 'EHLO reply folds');
  for (let i = 1; i < f.length; i++) {
    const a = f[i - 1], b = f[i];
    assert.ok(a.startLine <= b.startLine);
    assert.ok(b.startLine > a.endLine || b.endLine <= a.endLine, 'nested or disjoint');
  }
});

test('folding keeps whole sessions first when the client limit is small', () => {
  const r = service.getFoldingRanges(parse(SAMPLE), 5);
  assert.equal(r.result.length, 5);
  assert.equal(r.limited, true);
  assert.ok(r.result.every(x => x.endLine - x.startLine > 5), 'only sessions kept');
});

test('folding at any limit: ranges of the whole answer, whole sessions first, limited only when some are left out', () => {
  // many sessions, each with a multi-line EHLO reply
  const doc = parse(Array.from({ length: 40 }, () => SAMPLE).join('\n'));
  const all = service.getFoldingRanges(doc, 1_000_000);
  assert.equal(all.limited, false);
  const key = (x: { startLine: number; endLine: number }) => `${x.startLine}-${x.endLine}`;
  const inAll = new Set(all.result.map(key));
  const t = doc.log.sessions;
  const sessionRange = new Set(Array.from({ length: t.count }, (_, s) => `${t.first[s]}-${t.last[s]}`));
  const isSession = (x: { startLine: number; endLine: number }) => sessionRange.has(key(x));
  const sessions = all.result.filter(isSession).length;
  assert.ok(sessions > 30 && sessions < all.result.length);
  for (const limit of [1, sessions - 1, sessions, sessions + 3, all.result.length - 1, all.result.length]) {
    const r = service.getFoldingRanges(doc, limit);
    assert.equal(r.result.length, Math.min(limit, all.result.length), `limit ${limit}`);
    assert.equal(r.limited, limit < all.result.length, `limit ${limit}`);
    assert.ok(r.result.every(x => inAll.has(key(x))), `limit ${limit}: only ranges of the whole answer`);
    assert.equal(r.result.filter(isSession).length, Math.min(limit, sessions), `limit ${limit}: whole sessions first`);
  }
});

test('session transcript returns the lines of one session with their original numbers', () => {
  const line = lineOf(SAMPLE, 'RCPT TO:<dave@partner.example>');
  const t = service.sessionTranscript(parse(SAMPLE), line)!;
  assert.equal(t.title, '203.0.113.99 unknown-host 2001-04-02 08:07:03 - 550 5.7.1 rejected');
  assert.equal(t.lines[0], lineOf(SAMPLE, 'accepted from 203.0.113.99'));
  assert.match(t.text, /^4\/2\/01 8:07:03 AM : A connection was accepted from 203\.0\.113\.99\n/);
  assert.ok(!t.text.includes('198.51.100.7'));
});

test('find all references on an address or id lists every line that carries it, whole identifiers only', () => {
  const t = dedent(`
    Nov 24 12:57:28 mx-a postfix/qmgr[1]: D40DC20C5D0: from=<alice@a.example.test>, size=447
    Nov 24 12:57:28 mx-a postfix/smtp[2]: D40DC20C5D0: to=<nosuch@b.example.test>, status=bounced
    Nov 24 12:57:28 mx-a postfix/qmgr[1]: AD40DC20C5D0X: from=<alice@a.example.test>
    Nov 24 12:57:29 mx-a postfix/qmgr[1]: D40DC20C5D0: removed
  `);
  const doc = parse(t);
  const refs = service.findReferences(doc, 'file:///x.log', { line: 0, character: t.split('\n')[0].indexOf('D40DC') + 2 }).result;
  assert.deepEqual(refs.map(r => r.range.start.line), [0, 1, 3]);
  const addr = service.findReferences(doc, 'file:///x.log', { line: 0, character: t.split('\n')[0].indexOf('alice') + 1 }).result;
  assert.deepEqual(addr.map(r => r.range.start.line), [0, 2]);
  assert.equal(t.split('\n')[2].slice(addr[1].range.start.character, addr[1].range.end.character), 'alice@a.example.test');
});
