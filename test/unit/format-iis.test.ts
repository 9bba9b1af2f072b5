import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, hoverAt, lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { SessionFlag } from '../../server/src/core/parser/model';
import { transcriptOf } from '../../server/src/core/parser/queries';

const LOG = readFileSync(path.join(__dirname, '../../../test/fixtures/iis/ex240305.log'), 'utf8');
const lines = (t: string) => t.split(/\r\n|\n/);
const plain = (h: string | undefined) => (h ?? '').replace(/\\(.)/g, '$1');
const names = (t: string) => service.findDocumentSymbols(parse(t)).result.map(s => s.name);

/** Hover at the n-th field (0-based, space-separated) of the first line containing `needle`. */
function hoverField(text: string, needle: string, n: number): string | undefined {
  const l = lineOf(text, needle);
  const fields = lines(text)[l].split(' ');
  const col = fields.slice(0, n).join(' ').length + (n ? 1 : 0);
  const h = service.doHover(parse(text), { line: l, character: col + 1 });
  return h ? (h.contents as { value: string }).value : undefined;
}

test('an IIS SMTP W3C log is recognised; an IIS web log is not', () => {
  assert.equal(parse(LOG).log.format, 'iis-smtp');
  const web = dedent(`
    #Software: Microsoft Internet Information Services 10.0
    #Version: 1.0
    #Date: 2024-03-05 08:00:00
    #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
    2024-03-05 08:00:00 192.0.2.10 GET /owa/ - 443 - 203.0.113.9 Mozilla/5.0 - 302 0 0 15
    2024-03-05 08:00:01 192.0.2.10 POST /EWS/Exchange.asmx - 443 - 203.0.113.9 Mozilla/5.0 - 401 1 2148074254 3
  `);
  assert.notEqual(parse(web).log.format, 'iis-smtp');
  assert.equal(service.doValidation(parse(web)).length, 0);
});

test('rows without a header are read with the default columns when they show an SMTP site, also quoted after "log 1 pass = "', () => {
  const rows = dedent(`
    [rule 1]
    log 1 pass = 2024-03-05 10:00:00 203.0.113.5 client.example.net SMTPSVC1 MAILGW01 192.0.2.10 0 RCPT - +TO:<nobody@example.com> 550 0 32 23 0 SMTP - - - -
    2024-03-05 10:00:01 203.0.113.5 client.example.net SMTPSVC1 MAILGW01 192.0.2.10 0 QUIT - client.example.net 240 1200 68 4 0 SMTP - - - -
  `);
  const doc = parse(rows);
  assert.equal(doc.log.format, 'iis-smtp');
  const d = service.doValidation(doc);
  assert.deepEqual(d.map(x => [x.range.start.line, x.code]), [[1, '550']]);
  assert.match(d[0].message, /answers RCPT TO:<nobody@example\.com>$/);
  assert.equal(lines(rows)[1].slice(d[0].range.start.character, d[0].range.end.character), '550');
});

test('outline: inbound sessions by client address and HELO name, outbound ones by remote address', () => {
  assert.deepEqual(names(LOG), [
    '198.51.100.20 mail.example.org 2024-03-05 08:00:02 - delivered, 1 recipient refused (550)',
    '203.0.113.66 example.net 2024-03-05 08:00:03 - 500 rejected',
    'to 198.51.100.25 2024-03-05 08:01:10 - 421 4.7.0 deferred',
    'to 203.0.113.80 2024-03-05 08:02:00 - delivered',
    '192.0.2.55 scanner01 2024-03-05 09:30:05 - delivered',
    '192.0.2.55 scanner01 2024-03-05 09:31:40 - 452 deferred',
  ]);
});

test('an inbound row is a command and its reply: one outline entry, the command decoded', () => {
  const s = service.findDocumentSymbols(parse(LOG)).result[0];
  assert.deepEqual(s.children!.map(c => `${c.name} => ${c.detail}`), [
    'EHLO mail.example.org => 250 ',
    'MAIL FROM:<news@example.org> SIZE=4211 => 250 ',
    'RCPT TO:<anna@example.com> => 250 ',
    'RCPT TO:<old.user@example.com> => 550 ',
    'DATA => 250 ',
    'QUIT => 240 ',
  ]);
  const m = parse(LOG).log;
  const rcpt = lineOf(LOG, '+TO:<old.user@example.com>');
  assert.equal(m.kind[rcpt], LineKind.Reply);
  assert.equal(m.pair[rcpt], rcpt);
  assert.equal(m.code[rcpt], 550);
  // the QUIT row ends the session
  assert.ok(m.sessions.flags[m.session[rcpt]] & SessionFlag.Closed);
  assert.equal(m.sessions.last[m.session[rcpt]], lineOf(LOG, 'QUIT - mail.example.org 240'));
});

test('problems: 5xx and 4xx statuses of inbound rows and outbound replies; QUIT rows (240) are none', () => {
  const d = service.doValidation(parse(LOG));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [
    [lineOf(LOG, 'xxxx - +example.net 500'), '500', 1],
    [lineOf(LOG, '+TO:<old.user@example.com>'), '550', 1],
    [lineOf(LOG, '+TO:<someone@example.org>'), '550', 1],
    [lineOf(LOG, '421+4.7.0'), '421 4.7.0', 2],
    [lineOf(LOG, '+TO:<archive@example.com>'), '452', 2],
  ]);
  assert.match(d[0].message, /answers unrecognised command \(example\.net\)$/);
  assert.match(d[3].message, /answers RCPT TO:<partner@example\.net>$/);
  for (const x of d) assert.doesNotMatch(lines(LOG)[x.range.start.line], / 240 /);
});

test('hover on sc-status explains the reply and names the command on the row', () => {
  const h = hoverField(LOG, '+TO:<old.user@example.com>', 11)!;
  assert.match(h, /\*\*550\*\*/);
  assert.match(h, /Answers `RCPT TO:<old\.user@example\.com>` at `2024-03-05 08:00:03` \(line \d+\)/);
  // DATA's status is written after the message: the verdict on the message
  assert.match(hoverField(LOG, 'DATA - <4f1a0c@example.org>', 11)!, /end of the message data/);
});

test('hover on QUIT\'s 240 says it is no SMTP code; on xxxx and the outbound markers what IIS means', () => {
  assert.match(plain(hoverField(LOG, 'QUIT - mail.example.org 240', 11)), /`240` \*\*not an SMTP reply code\*\*.*Not a problem/);
  assert.match(plain(hoverField(LOG, 'xxxx - +example.net', 8)), /\*\*unrecognised command\*\*/);
  assert.match(plain(hoverField(LOG, 'OutboundConnectionCommand SMTPSVC1 MAILGW01 - 25 RCPT', 3)), /\*\*outbound command\*\*/);
  assert.match(plain(hoverField(LOG, '421+4.7.0', 3)), /\*\*outbound reply\*\*.*"\+" for each space/);
});

test('outbound: replies in cs-uri-query pair with our commands; the reply text is decoded', () => {
  const m = parse(LOG).log;
  assert.equal(m.pair[lineOf(LOG, '250+2.1.0+Sender+OK')], lineOf(LOG, 'MAIL - FROM:<ben@example.com>'));
  assert.equal(m.kind[lineOf(LOG, 'RCPT - TO:<j.doe@example.org>')], LineKind.Command);
  assert.ok(m.sessions.flags[m.session[lineOf(LOG, '220+mx1.example.org')]] & SessionFlag.Outbound);
  const l = lineOf(LOG, '421+4.7.0');
  const col = lines(LOG)[l].indexOf('421+');
  const h = (service.doHover(parse(LOG), { line: l, character: col + 1 })!.contents as { value: string }).value;
  assert.match(h, /\*\*421 4\.7\.0\*\*/);
  assert.match(h, /Reply: `421 4\.7\.0 \[TSS04\] Messages from 192\.0\.2\.10 temporarily deferred/);
  assert.match(h, /Answers `RCPT TO:<partner@example\.net>`/);
  assert.match(hoverAt(LOG, '250+2.6.0+<b31c@example.com>', '250')!, /end of the message data/);
  // the STARTTLS 220 does not open a new session; the QUIT after 421 belongs to the session it closed
  assert.equal(m.session[lineOf(LOG, '220+2.0.0+Ready+to+start+TLS')], m.session[lineOf(LOG, '220+mx1.example.org')]);
  assert.equal(m.session[lineOf(LOG, 'OutboundConnectionCommand SMTPSVC1 MAILGW01 - 25 QUIT')], m.session[l]);
});

test('the header repeated mid-file with other columns is re-read', () => {
  const m = parse(LOG).log;
  assert.deepEqual([...m.fieldsLines], [3, lineOf(LOG, '#Fields: date time c-ip cs-username s-ip')]);
  const l = lineOf(LOG, '+TO:<archive@example.com> 452');
  assert.equal(m.code[l], 452);
  const col = lines(LOG)[l].indexOf(' 452 ') + 1;
  const h = (service.doHover(parse(LOG), { line: l, character: col + 1 })!.contents as { value: string }).value;
  assert.match(h, /Answers `RCPT TO:<archive@example\.com>` at `2024-03-05 09:31:40`/);
  // a HELO after a MAIL of the same client (the connection dropped without QUIT) starts a new session
  assert.notEqual(m.session[lineOf(LOG, '09:31:40 192.0.2.55 scanner01 192.0.2.10 25 HELO')], m.session[lineOf(LOG, '09:30:05 192.0.2.55 scanner01 192.0.2.10 25 HELO')]);
});

test('folding: both header blocks and the runs of each session', () => {
  const f = service.getFoldingRanges(parse(LOG)).result;
  const second = lineOf(LOG, '#Fields: date time c-ip cs-username s-ip');
  assert.ok(f.some(r => r.startLine === 0 && r.endLine === 3 && r.kind === 'comment'));
  assert.ok(f.some(r => r.startLine === second - 3 && r.endLine === second && r.kind === 'comment'));
  // the outbound session to 203.0.113.80 is contiguous: one whole fold
  assert.ok(f.some(r => r.startLine === lineOf(LOG, '220+mx1.example.org') && r.endLine === lineOf(LOG, '221+2.0.0')));
});

test('references on a client address list every row of it; the transcript keeps the header it needs', () => {
  const doc = parse(LOG);
  const l = lineOf(LOG, '09:30:05 192.0.2.55 scanner01 192.0.2.10 25 HELO');
  const refs = service.findReferences(doc, 'file:///ex.log', { line: l, character: lines(LOG)[l].indexOf('192.0.2.55') + 2 }).result;
  assert.deepEqual(refs.map(r => r.range.start.line), lines(LOG).map((x, i) => [x, i] as const).filter(([x]) => x.includes(' 192.0.2.55 ')).map(([, i]) => i));
  const t = transcriptOf(doc.log, l)!;
  const second = lineOf(LOG, '#Fields: date time c-ip cs-username s-ip');
  assert.deepEqual(t.lines.slice(0, 4), [second - 3, second - 2, second - 1, second]);
  const again = parse(t.text);
  assert.equal(again.log.format, 'iis-smtp');
  assert.deepEqual(service.findDocumentSymbols(again).result.map(s => s.name), ['192.0.2.55 scanner01 2024-03-05 09:30:05 - delivered']);
});
