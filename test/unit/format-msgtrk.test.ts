import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { SessionFlag } from '../../server/src/core/parser/model';
import { transcriptOf } from '../../server/src/core/parser/queries';

const FIX = path.join(__dirname, '../../../test/fixtures/msgtrk');
const T2019 = readFileSync(path.join(FIX, 'MSGTRK2024030509-1.LOG'), 'utf8');
const T2010 = readFileSync(path.join(FIX, 'MSGTRK20120611-1.LOG'), 'utf8');
const lines = (t: string) => t.split(/\r\n|\n/);
const plain = (h: string | undefined) => (h ?? '').replace(/\\(.)/g, '$1');

function hoverOn(text: string, lineNeedle: string, needle: string, from = 0): string | undefined {
  const l = lineOf(text, lineNeedle);
  const col = lines(text)[l].indexOf(needle, from);
  assert.ok(col >= 0, needle);
  const h = service.doHover(parse(text), { line: l, character: col + 1 });
  return h ? (h.contents as { value: string }).value : undefined;
}

test('2013+ (30 columns) and 2010 (26 columns) tracking logs are recognised; rows without header by their column count', () => {
  assert.equal(parse(T2019).log.format, 'exchange-msgtrk');
  assert.equal(parse(T2010).log.format, 'exchange-msgtrk');
  const rows2019 = lines(T2019).filter(l => l.startsWith('2024-')).join('\n');
  const rows2010 = lines(T2010).filter(l => l.startsWith('2012-')).join('\n');
  assert.equal(parse(rows2019).log.format, 'exchange-msgtrk');
  assert.equal(parse(rows2010).log.format, 'exchange-msgtrk');
  assert.deepEqual(service.doValidation(parse(rows2010)).map(d => d.code), service.doValidation(parse(T2010)).map(d => d.code));
});

test('outline: one entry per message (message-id) with its events; a DSN goes to the message it reports on', () => {
  const syms = service.findDocumentSymbols(parse(T2019)).result;
  assert.deepEqual(syms.map(s => s.name), [
    '<d4f2aa@EX01.corp.example.com> from anna.berg@example.com 2024-03-05 09:14:02 - delivered',
    '<CAF1x9@mail.example.org> from newsletter@example.org 2024-03-05 09:14:02 - delivered',
    '<2b0d71@EX01.corp.example.com> from anna.berg@example.com 2024-03-05 09:20:11 - delivered, 1 recipient refused (550 5.1.1)',
    '<9e11c0@EX01.corp.example.com> from MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.com 2024-03-05 09:20:11 - delivered',
    '<77aa03@EX01.corp.example.com> from ben.cole@example.com 2024-03-05 09:25:40 - 550 5.1.1 rejected',
    '<e5a9@EX01.corp.example.com> from carol.diaz@example.com 2024-03-05 09:30:00 - delivered',
  ]);
  assert.deepEqual(syms[2].children!.map(c => c.name), [
    'RECEIVE (STOREDRIVER)',
    'FAIL for ghost@example.com (source ROUTING)',
    'DSN about ghost@example.com sent to anna.berg@example.com',
    'DELIVER for carol.diaz@example.com (source STOREDRIVER)',
  ]);
  assert.deepEqual(syms[5].children!.map(c => `${c.name}: ${c.detail}`), [
    'RECEIVE (STOREDRIVER): from EX01 [192.0.2.10]',
    'EXPAND (ROUTING): anna.berg@example.com, ben.cole@example.com',
    'RESOLVE (ROUTING): ben.cole@example.com',
    'DELIVER for anna.berg@example.com, ben.cole@example.com (source STOREDRIVER): 2xx ',
  ]);
  const m = parse(T2019).log;
  const s = m.session[lineOf(T2019, ',FAIL,73014444040,')];
  assert.ok(m.sessions.flags[s] & SessionFlag.Message);
  assert.equal(m.session[lineOf(T2019, ',DSN,73014444041,')], s);
});

test('problems: FAIL, DSN and DEFER rows, with the written code (also inside LED=) or the class; deliveries are none', () => {
  const d = service.doValidation(parse(T2019));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [
    [lineOf(T2019, ',DEFER,'), '451 4.7.1', 2],
    [lineOf(T2019, ',FAIL,73014444040,'), '550 5.1.1', 1],
    [lineOf(T2019, ',DSN,73014444041,'), '5xx', 1],
    [lineOf(T2019, ',FAIL,73014444050,'), '550 5.1.1', 1],
    [lineOf(T2019, ',DSN,73014444051,'), '5xx', 1],
  ]);
  assert.match(d[1].message, /FAIL for ghost@example\.com \(source ROUTING\)$/);
  assert.match(d[3].message, /FAIL for j\.doe@example\.org \(550\), k\.lee@example\.org \(552\) \(source SMTP\)$/);
  const l = d[0].range.start.line;
  assert.equal(lines(T2019)[l].slice(d[0].range.start.character, d[0].range.end.character), '451 4.7.1');
  const old = service.doValidation(parse(T2010));
  assert.deepEqual(old.map(x => [x.range.start.line, x.code, x.severity]), [
    [lineOf(T2010, ',FAIL,'), '550 5.1.1', 1],
    [lineOf(T2010, ',DSN,'), '5xx', 1],
    [lineOf(T2010, ',DEFER,'), '451 4.4.0', 2],
  ]);
  const m = parse(T2019).log;
  assert.equal(m.kind[lineOf(T2019, ',RECEIVE,73014444033,')], LineKind.Status);
  assert.equal(m.code[lineOf(T2019, ',RECEIVE,73014444033,')], 250);
  assert.equal(m.kind[lineOf(T2019, ',EXPAND,')], LineKind.Event);
});

test('hover on each recipient-status code explains that recipient\'s reply', () => {
  const first = hoverOn(T2019, ',FAIL,73014444050,', '550 5.1.1')!;
  assert.match(first, /\*\*550 5\.1\.1\*\*/);
  assert.match(first, /Concerns `FAIL for j\.doe@example\.org \(source SMTP\)`/);
  const second = hoverOn(T2019, ',FAIL,73014444050,', '552 5.2.2')!;
  assert.match(second, /\*\*552 5\.2\.2\*\*/);
  assert.match(second, /Concerns `FAIL for k\.lee@example\.org \(source SMTP\)`/);
  assert.match(second, /Reply: `552 5\.2\.2 <k\.lee@example\.org>: Mailbox full`/);
  // the reply inside queue error details ({LED=...})
  assert.match(hoverOn(T2019, ',DEFER,', '451')!, /Reply: `451 4\.7\.1 <partner@example\.net>: Recipient address rejected: Greylisted`/);
  // a status text with doubled quotes is shown as the server wrote it
  assert.match(hoverOn(T2010, ',DEFER,', '451')!, /responded with: "421 4\.2\.1 Unable to connect\." Attempted failover/);
});

test('hover on an event-id explains the event', () => {
  const fail = plain(hoverOn(T2019, ',FAIL,73014444040,', 'FAIL'));
  assert.match(fail, /`FAIL` \*\*message tracking event\*\* Delivery failed permanently/);
  assert.match(plain(hoverOn(T2019, ',EXPAND,', 'EXPAND')), /distribution group was expanded/);
  assert.match(plain(hoverOn(T2019, ',DSN,73014444041,', 'DSN,7301')), /delivery status notification was generated/);
});

test('quoted fields with commas (source-context) do not shift the columns', () => {
  const m = parse(T2019).log;
  const l = lineOf(T2019, 'MDB:7f1e2d3c');
  assert.equal(m.kind[l], LineKind.Event);
  assert.equal(m.session[l], m.session[lineOf(T2019, ',FAIL,73014444040,')]);
});

test('references on a message-id list every row that carries it, the DSN\'s reference included', () => {
  const doc = parse(T2019);
  const l = lineOf(T2019, ',FAIL,73014444040,');
  const col = lines(T2019)[l].indexOf('2b0d71@EX01') + 2;
  const refs = service.findReferences(doc, 'file:///t.log', { line: l, character: col }).result;
  const expected = lines(T2019).map((x, i) => [x, i] as const).filter(([x]) => x.includes('<2b0d71@EX01.corp.example.com>')).map(([, i]) => i);
  assert.deepEqual([...new Set(refs.map(r => r.range.start.line))], expected);
  assert.ok(expected.includes(lineOf(T2019, ',DSN,73014444041,')));
});

test('transcript of a message: the header and its rows; read again as a tracking log', () => {
  const doc = parse(T2019);
  const l = lineOf(T2019, ',FAIL,73014444050,');
  const t = transcriptOf(doc.log, l)!;
  assert.deepEqual(t.lines.slice(0, 5), [0, 1, 2, 3, 4]);
  assert.deepEqual(t.lines.slice(5), [lineOf(T2019, ',RECEIVE,73014444050,'), l, lineOf(T2019, ',DSN,73014444051,')]);
  const again = parse(t.text);
  assert.equal(again.log.format, 'exchange-msgtrk');
  assert.deepEqual(service.doValidation(again).map(d => d.code), ['550 5.1.1', '5xx']);
  const rowsOnly = parse(service.sessionTranscript(doc, l)!.text);
  assert.equal(rowsOnly.log.format, 'exchange-msgtrk');
  assert.equal(rowsOnly.log.sessions.count, 1);
});

test('folding: the header block and runs of rows of one message', () => {
  const f = service.getFoldingRanges(parse(T2019)).result;
  assert.deepEqual(f[0], { startLine: 0, endLine: 4, kind: 'comment' });
  assert.ok(f.some(r => r.startLine === lineOf(T2019, 'MDB:7f1e2d3c') && r.endLine === lineOf(T2019, ',DELIVER,73014444040,')));
});

test('a delay notice (DSN "Delivery Delayed") is a warning; a delivery receipt is no problem; rows without ids join no message', () => {
  const cols = 30;
  const row = (v: Record<number, string>) => Array.from({ length: cols }, (_, i) => v[i] ?? '').join(',');
  const text = [
    row({ 0: '2024-03-05T10:00:00.000Z', 7: 'DSN', 8: 'DSN', 9: '5', 10: '<d1@example.com>', 12: 'a@example.com', 17: '<orig1@example.com>', 18: 'Delivery Delayed: Report' }),
    row({ 0: '2024-03-05T10:00:01.000Z', 7: 'DSN', 8: 'DSN', 9: '6', 10: '<d2@example.com>', 12: 'a@example.com', 13: '250 2.1.5 Delivered', 17: '<orig2@example.com>', 18: 'Delivered: Report' }),
    row({ 0: '2024-03-05T10:00:02.000Z', 5: '"MDB:1, Mailbox:2, Event:3"', 7: 'STOREDRIVER', 8: 'NOTIFYMAPI' }),
  ].join('\r\n');
  const doc = parse(text);
  assert.equal(doc.log.format, 'exchange-msgtrk');
  assert.deepEqual(service.doValidation(doc).map(d => [d.range.start.line, d.code, d.severity]), [[0, '4xx', 2]]);
  assert.equal(doc.log.session[2], -1);
  assert.equal(doc.log.kind[2], LineKind.Event);
});
