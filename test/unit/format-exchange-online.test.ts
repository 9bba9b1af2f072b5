/**
 * Exchange message trace exports (CSV with a header row): Get-MessageTrace / Get-MessageTraceV2 |
 * Export-Csv, the extended (historical search) report in UTF-16 LE, and on-premises
 * Get-MessageTrackingLog | Export-Csv. Fixtures written by hand from the documented columns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { SessionFlag } from '../../server/src/core/parser/model';
import { LogStream, type LogRecord, type MessageRecord } from '../../server/src/core/smtpLanguageService';

const FIX = path.join(__dirname, '../../../test/fixtures/exchange-online');
const V1 = readFileSync(path.join(FIX, 'MessageTrace.csv'), 'utf8');
const V2 = readFileSync(path.join(FIX, 'MessageTraceV2.csv'), 'utf8');
const REPORT_BYTES = readFileSync(path.join(FIX, 'HistoricalSearch_UTF16.csv'));
const REPORT = new TextDecoder('utf-16le').decode(REPORT_BYTES);
const TRK = readFileSync(path.join(FIX, 'MessageTrackingLog.csv'), 'utf8');
const lines = (t: string) => t.split(/\r\n|\n/);
const plain = (h: string | undefined) => (h ?? '').replace(/\\(.)/g, '$1');

function hoverOn(text: string, lineNeedle: string, needle: string): string | undefined {
  const l = lineOf(text, lineNeedle);
  const col = lines(text)[l].indexOf(needle);
  assert.ok(col >= 0, needle);
  const h = service.doHover(parse(text), { line: l, character: col + 1 });
  return h ? plain((h.contents as { value: string }).value) : undefined;
}

function records(name: string, data: Uint8Array, blockChars?: number): LogRecord[] {
  const recs: LogRecord[] = [];
  const s = new LogStream({ onRecord: r => recs.push(r), blockChars });
  s.beginFile({ path: name, modified: new Date('2026-12-01T00:00:00Z') });
  for (let i = 0; i < data.length; i += 300) s.write(data.slice(i, i + 300)); // chunks that split characters and rows
  s.endFile();
  s.end();
  return recs;
}
const messages = (recs: LogRecord[]) => recs.filter(r => r['smtp.record'] === 'message') as MessageRecord[];

test('the four exports are recognised by their header row (a #TYPE line first or not, UTF-16 decoded)', () => {
  for (const t of [V1, V2, REPORT, TRK]) assert.equal(parse(t).log.format, 'exchange-trace');
  const m = parse(V1).log;
  assert.equal(m.kind[0], LineKind.Header); // #TYPE
  assert.equal(m.kind[1], LineKind.Header); // the columns
  // the UTF-16 file read byte by byte (an editor that guessed wrong) is decoded and said so
  const misread = parse(REPORT_BYTES.toString('latin1'));
  assert.equal(misread.log.format, 'exchange-trace');
  assert.match(misread.log.notes.join(' '), /UTF-16 LE/);
  // rows without their header row say nothing about their columns: not read as a trace
  assert.notEqual(parse(lines(V2).slice(1).join('\n')).log.format, 'exchange-trace');
  // a CSV that is not a trace export is not one
  assert.notEqual(parse('"Name","Id","CPU"\n"pwsh","8","1.5"\n').log.format, 'exchange-trace');
});

test('outline: one entry per message (Message-ID), its recipients as children, outcome in the name', () => {
  const syms = service.findDocumentSymbols(parse(V1)).result;
  assert.deepEqual(syms.map(s => s.name), [
    '<CH0PR11MB5409A1@CH0PR11MB5409.namprd11.prod.outlook.com> from anna.berg@contoso.com 2026-11-23 17:01:03 - delivered, 1 recipient refused (5xx)',
    '<20261123.4711@mailer.example.com> from news@mailer.example.com 2026-11-23 17:12:40 - 5xx rejected',
    '<a81c2f@phish.example> from it-support@phish.example 2026-11-23 17:20:05 - 5xx rejected',
    '<DM6PR02MB4242B7@DM6PR02MB4242.namprd02.prod.outlook.com> from ben.cole@contoso.com 2026-11-23 17:31:17 - delivered',
    '<BY5PR17MB3890C3@BY5PR17MB3890.namprd17.prod.outlook.com> from carol.diaz@contoso.com 2026-11-23 17:40:52 - 4xx deferred',
  ]);
  assert.deepEqual(syms[0].children!.map(c => c.name), ['Delivered for partner@example.net via 192.0.2.25', 'Failed for old.contact@example.org']);
  assert.deepEqual(syms[3].children!.map(c => `${c.name}: ${c.detail}`), ['Expanded: sales@contoso.com', 'Delivered for dana.eng@contoso.com: 2xx ']);
  const m = parse(V1).log;
  const s = m.session[lineOf(V1, '"Failed"')];
  assert.ok(m.sessions.flags[s] & SessionFlag.Message);
  assert.equal(m.session[lineOf(V1, '"partner@example.net"')], s);
  // a row without Message-ID is keyed by the trace's own id
  assert.match(service.findDocumentSymbols(parse(V2)).result[1].name, /^\[MessageTraceId 6f7a8b9c-0d1e-4f2a-3b4c-5d6e7f8a9b06\] from noreply@app\.example\.com/);
});

test('problems: Failed, FilteredAsSpam, Quarantined are errors, Pending a warning, on the Status field; Delivered and Expanded are none', () => {
  const d = service.doValidation(parse(V1));
  assert.deepEqual(d.map(x => [x.range.start.line, lines(V1)[x.range.start.line].slice(x.range.start.character, x.range.end.character), x.severity]), [
    [lineOf(V1, '"Failed"'), 'Failed', 1],
    [lineOf(V1, '"FilteredAsSpam"'), 'FilteredAsSpam', 1],
    [lineOf(V1, '"Quarantined"'), 'Quarantined', 1],
    [lineOf(V1, '"Pending"'), 'Pending', 2],
  ]);
  assert.match(d[0].message, /not delivered to this recipient.*Failed for old\.contact@example\.org$/);
  assert.match(d[1].message, /filtered/);
});

test('hovers: a failure explains what to check; a status word and an event say what they mean', () => {
  const failed = hoverOn(V1, '"Failed"', 'Failed');
  assert.match(failed!, /Message trace: the message was not delivered to this recipient/);
  assert.match(failed!, /Get-MessageTraceDetailV2/);
  assert.match(hoverOn(V1, '"Quarantined"', 'Quarantined')!, /quarantine.*release/is);
  assert.match(hoverOn(V1, '"partner@example.net"', 'Delivered')!, /message trace status.*delivered to the recipient's mailbox/is);
  assert.match(hoverOn(V1, '"Expanded"', 'Expanded')!, /distribution group/);
  assert.match(hoverOn(REPORT, 'erik.fox@', 'Receive, Deliver')!, /Deliver: The message was delivered to a mailbox/);
  assert.match(hoverOn(TRK, '"DEFER"', '451')!, /primary target IP/i);
});

test('extended report (UTF-16 LE with BOM): recipients and their events, the failed recipient is the problem', () => {
  const d = service.doValidation(parse(REPORT));
  assert.deepEqual(d.map(x => [x.range.start.line, REPORT.split(/\r\n/)[x.range.start.line].slice(x.range.start.character, x.range.end.character), x.severity]), [
    [lineOf(REPORT, 'old.contact@'), 'Receive, Fail', 1],
    [lineOf(REPORT, 'orders@slow'), 'Receive, Defer', 2],
  ]);
  assert.match(d[0].message, /old\.contact@example\.org \(Receive, Fail\)$/);
  assert.doesNotMatch(d[0].message, /partner@/);
  const syms = service.findDocumentSymbols(parse(REPORT)).result;
  assert.equal(syms.length, 4);
  assert.match(syms[1].name, /^<20261123\.4711@mailer\.example\.com> from news@mailer\.example\.com 2026-11-23 17:12:40 - delivered$/);
});

test('tracking export: events and recipient statuses as in the log files; an unjoined list is announced', () => {
  const d = service.doValidation(parse(TRK));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [
    [lineOf(TRK, '"FAIL"'), '550 5.1.1', 1],
    [lineOf(TRK, '"DSN"'), '5xx', 1],
    [lineOf(TRK, '"DEFER"'), '451 4.4.0', 2],
  ]);
  // the DSN writes no status: its problem stands on its event id
  const dsn = d[1];
  assert.equal(lines(TRK)[dsn.range.start.line].slice(dsn.range.start.character, dsn.range.end.character), 'DSN');
  const syms = service.findDocumentSymbols(parse(TRK)).result;
  assert.equal(syms[0].name, '<CAF1x9@mail.example.net> from partner@example.net 2026-03-05 09:14:02 - delivered');
  assert.deepEqual(syms[0].children!.map(c => `${c.name}: ${c.detail}`), ['RECEIVE (SMTP): from mx.example.net 192.0.2.25', 'DELIVER for anna.berg@contoso.com (source STOREDRIVER): 2xx ']);
  const send = syms[4].children![0].name;
  assert.match(send, /System\.String\[\]/);
  assert.match(hoverOn(TRK, '"SEND"', 'SEND')!, /sent by SMTP to another server/);
});

test('records: message records carry the Message-ID, sender, recipients and outcome; the same message joins across exports', () => {
  const report = messages(records('HistoricalSearch_UTF16.csv', REPORT_BYTES));
  const trace = messages(records('MessageTrace.csv', Buffer.from(V1)));
  const id = 'CH0PR11MB5409A1@CH0PR11MB5409.namprd11.prod.outlook.com';
  const a = report.find(r => r['email.message_id'] === id)!;
  const b = trace.find(r => r['email.message_id'] === id)!;
  assert.ok(a && b, 'the message is in both exports');
  assert.equal(a['email.from.address'], 'anna.berg@contoso.com');
  assert.deepEqual(a['email.to.address'], ['partner@example.net', 'old.contact@example.org']);
  assert.equal(a['smtp.queue_id'], '8d0e2c1b-6f4a-4e3c-9b1a-7f2d3e4c5a01');
  assert.equal(a['@timestamp'], '2026-11-23T17:01:03.457000Z');
  assert.deepEqual(b['email.to.address'], ['partner@example.net', 'old.contact@example.org']);
  assert.equal(b['smtp.queue_id'], '8d0e2c1b-6f4a-4e3c-9b1a-7f2d3e4c5a01');
  assert.equal(b['smtp.outcome'], 'partly delivered');
  assert.deepEqual(b['smtp.attempt.status'], ['sent', 'bounced']);
  assert.equal(trace.find(r => r['email.message_id'] === 'a81c2f@phish.example')!['smtp.outcome'], 'bounced');
  // read in small blocks (the header row carried into each), the records are the same
  assert.deepEqual(messages(records('MessageTrace.csv', Buffer.from(V1), 600)), trace);
  // the failed recipient's reply record names that recipient
  const replies = records('HistoricalSearch_UTF16.csv', REPORT_BYTES).filter(r => r['smtp.record'] === 'reply');
  assert.deepEqual(replies.map(r => (r as { 'email.to.address'?: string[] })['email.to.address']), [['old.contact@example.org'], ['orders@slow.example.com']]);
});
