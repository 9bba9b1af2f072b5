/** The summary (core/summary): counts per format, the filters that open the counted lines, bad input, bounded size. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSmtpLanguageService, LogStream, SummaryBuilder, parseFilter, FilterCollector, type LogRecord, type LogSummary } from '../../server/src/core/smtpLanguageService';

const FIX = path.join(__dirname, '../../../test/fixtures');
const service = createSmtpLanguageService();

function summarize(rel: string): LogSummary {
  const b = new SummaryBuilder();
  const s = new LogStream({ onRecord: r => b.add(r) });
  s.beginFile({ path: rel, modified: new Date('2026-12-01T00:00:00') });
  s.write(fs.readFileSync(path.join(FIX, rel)));
  s.end();
  return b.result();
}

const totals = (s: LogSummary) => {
  const { connections, received, delivered, deferred, deferredMessages, bounced, rejected, authFailures } = s.totals;
  return { connections, received, delivered, deferred, deferredMessages, bounced, rejected, authFailures };
};

test('postfix: the totals pflogsumm gives on the same generated log (received, delivered, deferrals, bounced, rejected)', () => {
  const s = summarize('generated/postfix-maillog.log');
  assert.deepEqual(totals(s), { connections: 31, received: 14, delivered: 17, deferred: 8, deferredMessages: 3, bounced: 3, rejected: 14, authFailures: 0 });
  assert.equal(s.first, '2026-11-24T12:57:28');
  assert.equal(s.bucket, 'minute');
  // the top reason carries its verdict and who acts
  const top = s.reasons[0];
  assert.equal(top.filter, 'reason:postfix.milter-tempfail');
  assert.equal(top.count, 6);
  assert.match(top.verdict ?? '', /milter/);
  assert.match(top.whoActs ?? '', /recipient's mail administrator/);
  assert.deepEqual(s.deferrals.map(d => d.label.split(' ')[0]), ['451', '450', '4.4.1']);
  assert.equal(s.domains[0].label, 'b.example.test');
});

test('exim, sendmail, Exchange, IIS, message tracking and a bounce: counts per format', () => {
  assert.deepEqual(totals(summarize('exim/mainlog.log')), { connections: 2, received: 1, delivered: 2, deferred: 1, deferredMessages: 1, bounced: 1, rejected: 1, authFailures: 1 });
  // sendmail: the check_rcpt refusal of a queued message is a rejection; the two delivery failures a bounce and a deferral
  assert.deepEqual(totals(summarize('sendmail/maillog.log')), { connections: 1, received: 2, delivered: 1, deferred: 1, deferredMessages: 1, bounced: 1, rejected: 2, authFailures: 0 });
  // connection logs (no message records): what inbound sessions accepted is received, what outbound ones passed is delivered
  assert.deepEqual(totals(summarize('exchange/RECV2024030509-1.LOG')), { connections: 6, received: 2, delivered: 0, deferred: 0, deferredMessages: 0, bounced: 0, rejected: 3, authFailures: 1 });
  assert.deepEqual(totals(summarize('exchange/SEND2024030509-1.LOG')), { connections: 3, received: 0, delivered: 1, deferred: 0, deferredMessages: 0, bounced: 0, rejected: 2, authFailures: 0 });
  assert.equal(summarize('generated/swaks-good-delivery.txt').totals.delivered, 1);
  assert.equal(summarize('iis/ex240305.log').totals.rejected, 5);
  // message tracking: FAIL and DEFER are delivery events (the DSN events about them are not counted twice); the system mailbox's DSN is not "received"
  assert.deepEqual(totals(summarize('msgtrk/MSGTRK2024030509-1.LOG')), { connections: 0, received: 5, delivered: 6, deferred: 1, deferredMessages: 0, bounced: 2, rejected: 0, authFailures: 0 });
  const ndr = summarize('generated/postfix-dsn-5.1.1-user-unknown.eml');
  assert.equal(ndr.totals.bounced, 1);
  assert.equal(ndr.reasons[0].filter, 'reason:bounce.userunknown');
  assert.equal(summarize('generated/postfix-dsn-delayed-4.4.1.eml').totals.deferred, 1);
});

test('every number opens the lines it counts: the filters use the summary\'s own classification', () => {
  const rel = 'generated/postfix-maillog.log';
  const text = fs.readFileSync(path.join(FIX, rel), 'utf8');
  const lines = text.split('\n');
  const s = summarize(rel);
  const linesOf = (filter: string): number[] => {
    const f = parseFilter(filter);
    assert.ok(typeof f !== 'string', String(f));
    const c = new FilterCollector(f);
    const st = new LogStream({ onRecord: r => c.add(r) });
    st.beginFile({ path: rel, modified: new Date('2026-12-01T00:00:00') });
    st.write(text); st.end();
    return c.linesOf(rel);
  };
  assert.equal(linesOf('failures').length, s.totals.failures);
  const rejected = linesOf('outcome:rejected');
  assert.equal(rejected.length, 14);
  for (const l of rejected) assert.match(lines[l], /postfix\/smtpd\[\d+\]: \w+: reject: /);
  const deferred = linesOf('outcome:deferred');
  assert.equal(deferred.length, 8);
  for (const l of deferred) assert.match(lines[l], /status=deferred/);
  for (const l of linesOf('outcome:bounced')) assert.match(lines[l], /status=bounced/);
  for (const item of [...s.codes, ...s.domains, ...s.reasons, ...s.recipients]) {
    assert.equal(linesOf(item.filter).length, item.count, `${item.filter} opens as many lines as it counts`);
  }
  for (const l of linesOf('code:550 5.1.1')) assert.match(lines[l], /550 5\.1\.1/);
  // a bar of the chart: one outcome in one bucket
  const bar = s.buckets[0];
  const next = new Date(Date.parse(bar.start + 'Z') + 60_000).toISOString().slice(0, 19);
  assert.equal(linesOf(`outcome:delivered@${bar.start}/${next}`).length, 17, 'delivered: the first line of each message with a delivery');
  assert.equal(typeof parseFilter('nonsense:x'), 'string');
  assert.equal(typeof parseFilter('outcome:lost'), 'string');
});

test('the facade: a document\'s summary and a filtered view whose lines link back to the original', () => {
  const text = fs.readFileSync(path.join(FIX, 'exim/mainlog.log'), 'utf8');
  const doc = service.parse(text, 'smtp-log');
  const sum = service.summarize(text, 'mainlog.log');
  assert.equal(sum.totals.bounced, 1);
  const v = service.filterView(doc, text, 'mainlog.log', 'failures');
  assert.ok(typeof v !== 'string');
  assert.equal(v.title, 'Failures only');
  assert.deepEqual(v.lines, [1, 5, 10, 11]);
  const src = text.split('\n');
  assert.deepEqual(v.text.split('\n'), v.lines.map(l => src[l]));
  assert.equal(typeof service.filterView(doc, text, 'x', 'domain:'), 'string');
});

test('bad input: empty log, one line, no failures, no times', () => {
  const empty = service.summarize('', 'empty.log');
  assert.equal(empty.totals.records, 0);
  assert.equal(empty.buckets.length, 0);
  assert.equal(empty.first, null);
  const one = service.summarize('Nov 24 12:57:28 mx-b postfix/smtpd[12948]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 550 5.1.1 <a@b.example>: Recipient address rejected: User unknown; from=<s@x.example> to=<a@b.example> proto=ESMTP helo=<x>\n', 'one.log');
  assert.equal(one.totals.rejected, 1);
  assert.equal(one.buckets.length, 1);
  assert.equal(one.domains[0].label, 'b.example');
  const ok = service.summarize([
    'Nov 24 12:57:28 mx postfix/smtpd[1]: connect from c.example[192.0.2.1]',
    'Nov 24 12:57:28 mx postfix/smtpd[1]: 38AD420C5BC: client=c.example[192.0.2.1]',
    'Nov 24 12:57:28 mx postfix/qmgr[2]: 38AD420C5BC: from=<s@c.example>, size=434, nrcpt=1 (queue active)',
    'Nov 24 12:57:28 mx postfix/smtpd[1]: disconnect from c.example[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
    'Nov 24 12:57:29 mx postfix/local[3]: 38AD420C5BC: to=<bob@mx.example>, relay=local, delay=0.01, delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)',
    'Nov 24 12:57:29 mx postfix/qmgr[2]: 38AD420C5BC: removed', ''].join('\n'), 'ok.log');
  assert.deepEqual([ok.totals.received, ok.totals.delivered, ok.totals.failures, ok.reasons.length], [1, 1, 0, 0]);
  const swaks = service.summarize(fs.readFileSync(path.join(FIX, 'generated/swaks-unknown-user-550.txt'), 'utf8'), 'swaks.txt');
  assert.equal(swaks.totals.rejected, 1);
  assert.equal(swaks.buckets.length, 0, 'a transcript without times has no chart, only totals');
});

test('a syslog log across the year boundary (no year written) stays in order: minutes, not a year backwards', () => {
  const line = (ts: string, n: number) => `${ts} mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 450 4.2.0 <u${n}@b.example>: Recipient address rejected: Greylisted; from=<s@x.example> to=<u${n}@b.example> proto=ESMTP helo=<x>`;
  const text = [line('Dec 31 23:58:10', 1), line('Dec 31 23:59:50', 2), line('Jan  1 00:00:20', 3), line('Jan  1 00:02:00', 4), ''].join('\n');
  const s = service.summarize(text, 'mail.log');
  assert.equal(s.totals.rejected, 4);
  assert.ok(s.first! < s.last!, `${s.first} < ${s.last}`);
  assert.equal(Number(s.last!.slice(0, 4)), Number(s.first!.slice(0, 4)) + 1);
  assert.equal(s.bucket, 'minute');
  assert.equal(s.buckets.length, 5);
  assert.equal(s.buckets.reduce((a, b) => a + b.rejected, 0), 4);
});

test('2 million events over years: aggregated first, the chart never has more than maxBuckets bars', () => {
  const b = new SummaryBuilder();
  const t0 = Date.parse('2020-01-01T00:00:00Z');
  const rec = {
    'smtp.record': 'reply', 'smtp.format': 'postfix', 'log.file.path': 'big.log', 'log.file.line': 1, 'smtp.code': 550, 'smtp.code_written': true,
    'smtp.class': 'permanent', 'smtp.explanation_id': 'basic:550', 'smtp.explanation': 'Mailbox unavailable', 'smtp.who_acts': 'sender', 'smtp.reply_text': 'no',
    'email.to.address': ['a@b.example'], '@timestamp': '',
  } as unknown as LogRecord & { '@timestamp': string; 'log.file.line': number };
  for (let i = 0; i < 2_000_000; i++) {
    // every 97 seconds for ~6 years, each with its own recipient domain every 100th event
    rec['@timestamp'] = new Date(t0 + i * 97_000).toISOString().slice(0, 19);
    rec['log.file.line'] = i + 1;
    (rec as { 'email.to.address': string[] })['email.to.address'] = [`a@d${i % 50_000}.example`];
    b.add(rec);
  }
  const s = b.result();
  assert.equal(s.totals.rejected, 2_000_000);
  assert.ok(s.buckets.length <= 2000, `${s.buckets.length} buckets`);
  assert.equal(s.bucket, 'week');
  assert.equal(s.buckets.reduce((a, x) => a + x.rejected, 0), 2_000_000, 'no event lost by the re-bucketing');
  assert.equal(s.domains.length, 10);
  assert.ok(s.notes.some(n => /More than 20000 distinct domains/.test(n)), 'the cut of the domain list is said');
});

test('smtp-log summary: text and JSON, from files or stdin, its options checked', () => {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const CLI = path.join(__dirname, '../../../dist/cli.js');
  const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, 'summary', ...args], { input: input ?? '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const t = run([path.join(FIX, 'exim/mainlog.log')]);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /^\s+2\s+delivered/m);
  assert.match(t.stdout, /events per minute/);
  assert.match(t.stdout, /top failure reasons\n\s+1\s+/);
  assert.match(t.stdout, /who acts: the sender/);
  const j = run(['--format', 'json', '--top', '1', '-'], fs.readFileSync(path.join(FIX, 'generated/postfix-maillog.log'), 'utf8'));
  assert.equal(j.status, 0, j.stderr);
  const s = JSON.parse(j.stdout);
  assert.equal(s.totals.rejected, 14);
  assert.equal(s.reasons.length, 1);
  assert.equal(run(['--top', '0', path.join(FIX, 'exim/mainlog.log')]).status, 2);
  assert.equal(run(['--format', 'csv', path.join(FIX, 'exim/mainlog.log')]).status, 2);
  const missing = run([path.join(FIX, 'nope.log')]);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /no such file/);
});
