/** The streaming engine: records per format, the same records whatever the chunk and block sizes, stitching, bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogStream, type LogRecord, type StreamOptions } from '../../server/src/core/smtpLanguageService';

const FIX = path.join(__dirname, '../../../test/fixtures');
const REF = new Date('2026-12-01T00:00:00');

function stream(files: { path: string; data: Uint8Array | string }[], opts: Partial<StreamOptions> = {}, chunk = 1 << 20): { recs: LogRecord[]; sums: ReturnType<LogStream['end']> } {
  const recs: LogRecord[] = [];
  const s = new LogStream({ onRecord: r => recs.push(r), ...opts });
  for (const f of files) {
    s.beginFile({ path: f.path, modified: REF });
    for (let i = 0; i < f.data.length; i += chunk) s.write(f.data.slice(i, i + chunk));
    s.endFile();
  }
  return { recs, sums: s.end() };
}
const read = (rel: string): Buffer => fs.readFileSync(path.join(FIX, rel));
const of = <T extends LogRecord['smtp.record']>(recs: LogRecord[], t: T): Extract<LogRecord, { 'smtp.record': T }>[] => recs.filter(r => r['smtp.record'] === t) as never;

test('every format gives reply and session (or message) records with file, line, offset, time and a stable id', () => {
  const cases: [string, string, ('session' | 'message')[]][] = [
    ['generated/postfix-maillog.log', 'postfix', ['session', 'message']],
    ['exim/mainlog.log', 'exim', ['message']],
    ['sendmail/maillog.log', 'sendmail', ['message']],
    ['exchange/RECV2024030509-1.LOG', 'exchange-protocol', ['session']],
    ['iis/ex240305.log', 'iis-smtp', ['session']],
    ['msgtrk/MSGTRK2024030509-1.LOG', 'exchange-msgtrk', ['message']],
    ['generated/swaks-unknown-user-550.txt', 'swaks', ['session']],
    ['clients/smtplib-debuglevel1.txt', 'smtplib', ['session']],
  ];
  for (const [file, format, kinds] of cases) {
    const data = read(file);
    const { recs, sums } = stream([{ path: file, data }]);
    assert.equal(sums[0].format, format, file);
    const replies = of(recs, 'reply');
    assert.ok(replies.length > 0, `${file}: reply records`);
    for (const k of kinds) assert.ok(recs.some(r => r['smtp.record'] === k), `${file}: ${k} records`);
    const lines = data.toString('utf8').split(/\r?\n/);
    for (const r of recs) {
      assert.equal(r['smtp.format'], format);
      assert.match(r['event.id'], /^[0-9a-f]{16}$/);
      // the line and the byte offset point at the same line of the file
      const byOffset = data.subarray(r['log.offset']).toString('utf8').split(/\r?\n/, 1)[0];
      assert.equal(byOffset, lines[r['log.file.line'] - 1], `${file}:${r['log.file.line']} offset ${r['log.offset']}`);
    }
    for (const r of replies) {
      assert.ok(r['smtp.code'] >= 400, `${file}: reply records are failures`);
      assert.ok(r['smtp.explanation'].length > 0 && r['smtp.explanation_id'].length > 0);
      assert.ok(r['@timestamp'] === null || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(r['@timestamp']), r['@timestamp'] ?? '');
    }
    // ids are unique, the same on a second run and after rotation (mail.log -> mail.log.1.gz), others for another file name
    const ids = recs.map(r => r['event.id']);
    assert.equal(new Set(ids).size, ids.length, `${file}: unique ids`);
    assert.deepEqual(stream([{ path: file, data }]).recs.map(r => r['event.id']), ids);
    assert.deepEqual(stream([{ path: `/elsewhere/${path.basename(file)}.1.gz`, data }]).recs.map(r => r['event.id']), ids);
    assert.ok(stream([{ path: 'other-name.log', data }]).recs.every((r, i) => r['event.id'] !== ids[i]));
  }
});

test('postfix: a message record has its queue id, message id, envelope, attempts and the next hop id', () => {
  const { recs } = stream([{ path: 'mail.log', data: read('postfix/rfc3339-long-ids.log') }]);
  const m = of(recs, 'message').find(r => r['smtp.queue_id'] === '4TqGxF1Zr7z9sWx');
  assert.ok(m, 'message 4TqGxF1Zr7z9sWx');
  assert.equal(m['email.message_id'], 'a1b2c3@partner.example');
  assert.equal(m['email.from.address'], 'orders@partner.example');
  assert.deepEqual(m['email.to.address'].sort(), ['jo@elsewhere.example', 'sales@shop.example']);
  assert.deepEqual(m['smtp.attempt.status'], ['sent', 'bounced']);
  assert.deepEqual(m['smtp.attempt.code'], [250, 550]);
  assert.deepEqual(m['smtp.attempt.delay'], [0.3, 1.4]);
  assert.equal(m['smtp.outcome'], 'partly delivered');
  assert.equal(m['smtp.complete'], true);
  assert.equal(m['@timestamp'], '2024-03-05T09:14:09.310554+01:00');
  const s = of(recs, 'session').find(r => r['source.ip'] === '198.51.100.23' && r['smtp.messages_delivered'] === 1);
  assert.ok(s, 'the smtpd session of relay.partner.example');
  assert.equal(s['source.domain'], 'relay.partner.example');
  const reject = of(recs, 'reply').find(r => r['smtp.code'] === 454)!;
  assert.equal(reject['smtp.command'], 'RCPT TO:<x@faraway.example>');
  assert.equal(reject['email.from.address'], 'a@b.example');
  assert.deepEqual(reject['email.to.address'], ['x@faraway.example']);
  assert.equal(reject['bounce.reason'], 'norelaying');
});

test('postfix hand-off: a relayed message names the id the next hop gave it (queued as)', () => {
  const { recs } = stream([{ path: 'mx-a.log', data: read('generated/postfix-maillog-mx-a.log') }]);
  const hops = of(recs, 'message').flatMap(m => m['smtp.next_hop_id']);
  assert.ok(hops.length > 0, 'some message was handed to a next hop');
  const b = read('generated/postfix-maillog-mx-b.log').toString();
  for (const id of hops.filter(h => /^[0-9A-F]{6,}$/.test(h))) assert.ok(b.includes(`${id}:`), `next hop id ${id} is a queue id in mx-b's log`);
});

test('the records do not depend on chunk or block size: a session that crosses a block is seen whole', () => {
  for (const file of ['generated/postfix-debug-peer.log', 'generated/postfix-maillog.log', 'exchange/RECV2024030509-1.LOG', 'iis/ex240305.log', 'generated/swaks-pipelining.txt']) {
    const data = read(file);
    const whole = stream([{ path: file, data }]).recs;
    const format = whole[0]['smtp.format'];
    const small = stream([{ path: file, data }], { blockChars: 512, format }, 97).recs;
    const key = (r: LogRecord): string => JSON.stringify(r);
    assert.deepEqual(small.map(key).sort(), whole.map(key).sort(), file);
  }
});

test('a rotated set is stitched: a message split across mail.log.1 and mail.log is one record', () => {
  const text = read('postfix/rfc3339-long-ids.log').toString();
  const lines = text.split('\n');
  const cut = lines.findIndex(l => l.includes('status=sent'));
  const older = lines.slice(0, cut).join('\n') + '\n', newer = lines.slice(cut).join('\n');
  const { recs } = stream([{ path: 'mail.log.1', data: older }, { path: 'mail.log', data: newer }]);
  const m = of(recs, 'message').filter(r => r['smtp.queue_id'] === '4TqGxF1Zr7z9sWx');
  assert.equal(m.length, 1);
  assert.equal(m[0]['log.file.path'], 'mail.log.1');
  assert.deepEqual(m[0]['smtp.attempt.status'], ['sent', 'bounced']);
  assert.equal(m[0]['smtp.complete'], true);
  const bounce = of(recs, 'reply').find(r => r['smtp.code'] === 550 && r['smtp.queue_id'] === '4TqGxF1Zr7z9sWx')!;
  assert.equal(bounce['log.file.path'], 'mail.log');
  assert.equal(bounce['log.file.line'], lines.findIndex(l => l.includes('status=bounced')) - cut + 1);
});

test('a session that never closes is emitted at the end, marked incomplete; so is one idle past the window', () => {
  const t = '>>> EHLO a.example\n<<< 250 ok\n>>> MAIL FROM:<a@a.example>\n<<< 550 5.7.1 no\n';
  const { recs } = stream([{ path: 't.log', data: '8/1/24 8:00:00 AM : ' + t.split('\n').filter(Boolean).join('\n8/1/24 8:00:01 AM : ') + '\n' }]);
  const s = of(recs, 'session');
  assert.equal(s.length, 1);
  assert.equal(s[0]['smtp.complete'], false);
  assert.match(s[0]['smtp.outcome'], /incomplete/);
  // postfix: a message that stays in the queue past the open window is emitted as incomplete
  const q = 'Dec  1 10:00:00 mx postfix/qmgr[1]: ABCDE12345: from=<a@b.example>, size=1, nrcpt=1 (queue active)\n';
  const filler = Array.from({ length: 50 }, (_, i) => `Dec  1 10:00:01 mx postfix/smtpd[2]: connect from x${i}.example[192.0.2.${i}]\nDec  1 10:00:01 mx postfix/smtpd[2]: disconnect from x${i}.example[192.0.2.${i}]\n`).join('');
  const w = stream([{ path: 'mail.log', data: q + filler }], { openWindowLines: 20, blockChars: 256 }).recs;
  const msg = of(w, 'message');
  assert.equal(msg.length, 1);
  assert.equal(msg[0]['smtp.complete'], false);
  assert.equal(msg[0]['smtp.outcome'], 'in queue');
});

test('syslog years are inferred from the file date across a year boundary, and said so', () => {
  const data = 'Dec 31 23:59:58 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from a.example[192.0.2.1]: 550 5.1.1 <x@y.example>: Recipient address rejected: User unknown; from=<a@a.example> to=<x@y.example> proto=ESMTP helo=<a>\n'
    + 'Jan  1 00:00:02 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from a.example[192.0.2.1]: 550 5.1.1 <z@y.example>: Recipient address rejected: User unknown; from=<a@a.example> to=<z@y.example> proto=ESMTP helo=<a>\n';
  const recs: LogRecord[] = [];
  const s = new LogStream({ onRecord: r => recs.push(r) });
  s.beginFile({ path: 'mail.log', modified: new Date('2027-01-01T00:05:00') });
  s.write(data); s.end();
  const r = of(recs, 'reply');
  assert.deepEqual(r.map(x => x['@timestamp']), ['2026-12-31T23:59:58', '2027-01-01T00:00:02']);
  assert.ok(r.every(x => x['smtp.year_inferred'] === true));
});

test('message tracking: a message names its sender, recipients, Message-ID and internal id from the columns', () => {
  const { recs } = stream([{ path: 'MSGTRK.LOG', data: read('msgtrk/MSGTRK2024030509-1.LOG') }]);
  const m = of(recs, 'message').find(r => r['email.message_id'] === 'CAF1x9@mail.example.org');
  assert.ok(m);
  assert.equal(m['email.from.address'], 'newsletter@example.org');
  assert.deepEqual(m['email.to.address'], ['anna.berg@example.com', 'ben.cole@example.com']);
  assert.equal(m['smtp.queue_id'], '73014444033');
  assert.equal(m['smtp.outcome'], 'delivered');
});

test('exim: the original recipient of a local delivery (=> bo <bo@corp.example>) is the recipient', () => {
  const { recs } = stream([{ path: 'mainlog', data: read('exim/mainlog.log') }]);
  const m = of(recs, 'message').find(r => r['smtp.queue_id'] === '1sCUab-000Ab1-7Q')!;
  assert.deepEqual(m['email.to.address'], ['bo@corp.example', 'ed@elsewhere.example']);
  assert.deepEqual(m['smtp.attempt.status'], ['sent', 'bounced']);
});

test('bounces are recognised by content and give one record per recipient', () => {
  const { recs, sums } = stream([{ path: 'b.txt', data: read('generated/postfix-dsn-two-recipients-5.1.1.eml') }]);
  assert.equal(sums[0].format, 'ndr');
  const b = of(recs, 'bounce');
  assert.equal(b.length, 2);
  for (const r of b) { assert.equal(r['bounce.action'], 'failed'); assert.equal(r['bounce.reason'], 'userunknown'); assert.equal(r['bounce.severity'], 'hard'); }
});

test('bad input: binary, UTF-16, a BOM, NUL bytes, a huge line, an unknown format', () => {
  const bin = new Uint8Array(20000).map((_, i) => (i * 7919) % 256);
  assert.equal(stream([{ path: 'x.bin', data: bin }]).sums[0].format, 'binary');
  const log = read('exim/mainlog.log').toString();
  const code = (r: LogRecord): number | undefined => (r as { 'smtp.code'?: number })['smtp.code'];
  const base = stream([{ path: 'a', data: Buffer.from(log) }]).recs.map(code);
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(log, 'utf16le')]);
  assert.deepEqual(stream([{ path: 'a', data: le }], {}, 333).recs.map(code), base, 'UTF-16LE with BOM reads as UTF-8');
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(log)]);
  const withBom = stream([{ path: 'a', data: bom }]).recs;
  assert.equal(withBom.length, base.length, 'a UTF-8 BOM loses nothing');
  assert.equal(withBom[0]['log.offset'], stream([{ path: 'a', data: Buffer.from(log) }]).recs[0]['log.offset'] + 3, 'offsets count the BOM');
  const nul = log.replace('\n', '\n\u0000\u0000garbage\u0000\n');
  assert.equal(stream([{ path: 'a', data: nul }]).recs.filter(r => r['smtp.record'] === 'reply').length, 4, 'NUL bytes lose no failure');
  const huge = log.split('\n').slice(0, 3).join('\n') + '\n' + 'x'.repeat(3 << 20) + '\n' + log.split('\n').slice(3).join('\n');
  const h = stream([{ path: 'a', data: huge }], { maxLineChars: 1 << 20 }, 1 << 16);
  assert.equal(h.recs.filter(r => r['smtp.record'] === 'reply').length, 4, 'lines after a huge line are read');
  assert.match(h.sums[0].notes.join(' '), /Line 4 is .*(skipped|not analyzed)/);
  const after = h.recs.find(r => r['smtp.record'] === 'reply' && r['log.file.line'] > 4)!;
  assert.equal(after['log.offset'], Buffer.byteLength(huge.split('\n').slice(0, after['log.file.line'] - 1).join('\n')) + 1, 'offsets after the huge line are right');
  const plain = stream([{ path: 'p.txt', data: 'just some text\nnothing about mail here\n' }]);
  assert.equal(plain.sums[0].format, 'unknown');
  assert.equal(plain.recs.length, 0);
});

test('the ASCII fast path of a shell gives the same text, also when a character is split between chunks', () => {
  const fast = (b: Uint8Array): string | undefined => (b.every(x => x < 0x80) ? Buffer.from(b).toString('latin1') : undefined);
  const log = read('exim/mainlog.log').toString().replace('ghost@corp.example', 'gh\u00f6st@c\u00f6rp.example');
  const bytes = Buffer.from(log);
  const split = bytes.indexOf(0xc3) + 1; // cut inside the two bytes of "ö"
  const chunks = [bytes.subarray(0, split), bytes.subarray(split, split + 1), bytes.subarray(split + 1)];
  const run = (ascii?: typeof fast): LogRecord[] => {
    const recs: LogRecord[] = [];
    const s = new LogStream({ onRecord: r => recs.push(r), asciiText: ascii });
    s.beginFile({ path: 'a', modified: REF });
    for (const c of chunks) s.write(c);
    s.end();
    return recs;
  };
  const plain = run(), quick = run(fast);
  assert.deepEqual(quick, plain);
  assert.ok(JSON.stringify(plain).includes('gh\u00f6st@c\u00f6rp.example'));
});
