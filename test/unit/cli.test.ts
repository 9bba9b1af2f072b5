/** `smtp-log` as a user runs it: the built dist/cli.js, its flags, its exit codes, its inputs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { makeTrailFolder } from '../helpers/trailFixtures';

const ROOT = path.join(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const FIX = path.join(ROOT, 'test/fixtures');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-log-cli-'));

function run(args: string[], input?: string | Buffer): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: input ?? '', encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
const ndjson = (s: string): Record<string, unknown>[] => s.split('\n').filter(Boolean).map(l => JSON.parse(l));
const POSTFIX = path.join(FIX, 'generated/postfix-maillog.log');

test('help, version, and usage errors: exit 2 with one line, never a stack trace', () => {
  assert.equal(run(['--version']).out.trim(), JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  for (const c of ['analyze', 'export', 'query', 'explain', 'corpus']) {
    const r = run([c, '--help']);
    assert.equal(r.code, 0, c);
    assert.match(r.out, new RegExp(`usage: smtp-log ${c}`));
  }
  for (const args of [['frobnicate'], ['analyze', '--bogus', POSTFIX], ['export', '--format', 'xml', POSTFIX], ['analyze', '--fail-on', 'maybe', POSTFIX],
    ['export', '--max', '-1', POSTFIX], ['export', '--since', 'yesterday-ish', POSTFIX], ['export', '--types', 'replies,cats', POSTFIX], ['export', '--log-format', 'nope', POSTFIX], ['explain', '999'], ['explain', '000'], ['explain', 'hello']]) {
    const r = run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, /^smtp-log: /);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
  assert.equal(run([]).code, 2);
});

test('input errors exit 3 with one clear line: missing file, binary, not a log, a directory of non-logs, corpus on a file', () => {
  const bin = path.join(TMP, 'x.bin');
  fs.writeFileSync(bin, Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919) % 256)));
  const txt = path.join(TMP, 'notes.txt');
  fs.writeFileSync(txt, 'shopping list\nmilk\n');
  const dir = path.join(TMP, 'nonlogs');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(txt, path.join(dir, 'a.txt'));
  fs.copyFileSync(bin, path.join(dir, 'b.bin'));
  const cases: [string[], RegExp][] = [
    [['analyze', path.join(TMP, 'missing.log')], /cannot read .*missing\.log: no such file/],
    [['analyze', bin], /binary data/],
    [['export', txt], /no SMTP log format or bounce was recognised/],
    [['analyze', dir], /no SMTP log or bounce among the 2 files/],
    [['corpus', POSTFIX], /is not a folder/],
    [['corpus', path.join(TMP, 'nope')], /no such file or directory/],
  ];
  for (const [args, msg] of cases) {
    const r = run(args);
    assert.equal(r.code, 3, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('export: ndjson by default when piped, json, csv; stdin with - and with no file', () => {
  const nd = run(['export', POSTFIX]);
  assert.equal(nd.code, 0, nd.err);
  const recs = ndjson(nd.out);
  assert.ok(recs.length > 50);
  assert.deepEqual(new Set(recs.map(r => r['smtp.record'])), new Set(['reply', 'session', 'message']));
  const js = JSON.parse(run(['export', '--format', 'json', POSTFIX]).out);
  assert.deepEqual(js.map((r: Record<string, unknown>) => r['event.id']), recs.map(r => r['event.id']));
  const csv = run(['export', '--format', 'csv', POSTFIX]).out.trim().split('\n');
  assert.equal(csv.length, recs.length + 1);
  assert.match(csv[0], /^@timestamp,event\.id,/);
  const text = fs.readFileSync(POSTFIX);
  const viaStdin = ndjson(run(['export', '-'], text).out);
  const named = ndjson(run(['export', '--stdin-name', POSTFIX, '-'], text).out);
  const viaNothing = ndjson(run(['export'], text).out);
  assert.equal(viaStdin.length, recs.length);
  assert.equal(viaNothing.length, recs.length);
  assert.equal(viaStdin[0]['log.file.path'], '(stdin)');
  assert.notDeepEqual(viaStdin.map(r => r['event.id']), recs.map(r => r['event.id']), 'stdin without a name is another file');
  assert.deepEqual(named.map(r => r['event.id']), recs.map(r => r['event.id']), 'stdin named like the file gives the file\'s ids');
  assert.equal(named[0]['log.file.path'], POSTFIX);
});

test('.gz is read transparently; a truncated .gz keeps the records before the cut and exits 3', () => {
  const gz = path.join(TMP, 'gz', 'mail.log.3.gz');
  const raw = fs.readFileSync(POSTFIX);
  fs.mkdirSync(path.dirname(gz), { recursive: true });
  fs.writeFileSync(gz, zlib.gzipSync(raw));
  fs.writeFileSync(path.join(TMP, 'mail.log'), raw);
  const plain = ndjson(run(['export', path.join(TMP, 'mail.log')]).out);
  const viaGz = ndjson(run(['export', gz]).out);
  assert.deepEqual(viaGz.map(r => r['event.id']), plain.map(r => r['event.id']), 'mail.log rotated and gzipped keeps its ids');
  const cut = path.join(TMP, 'cut.log.gz');
  const whole = zlib.gzipSync(Buffer.concat(Array.from({ length: 40 }, () => raw)));
  fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const r = run(['export', cut]);
  assert.equal(r.code, 3);
  assert.match(r.err, /gzip data is truncated/);
  assert.ok(ndjson(r.out).length > plain.length, 'records before the cut are kept');
});

test('a rotated set named in any order is read oldest first and stitched across files', () => {
  const dir = path.join(TMP, 'rot');
  fs.mkdirSync(dir, { recursive: true });
  const lines = fs.readFileSync(path.join(FIX, 'postfix/rfc3339-long-ids.log'), 'utf8').split('\n');
  const cut = lines.findIndex(l => l.includes('status=sent'));
  fs.writeFileSync(path.join(dir, 'mail.log.1'), lines.slice(0, cut).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'mail.log'), lines.slice(cut).join('\n'));
  const recs = ndjson(run(['export', '--types', 'message', path.join(dir, 'mail.log'), path.join(dir, 'mail.log.1')]).out);
  const m = recs.filter(r => r['smtp.queue_id'] === '4TqGxF1Zr7z9sWx');
  assert.equal(m.length, 1);
  assert.deepEqual(m[0]['smtp.attempt.status'], ['sent', 'bounced']);
  // the directory form and a quoted glob find the same set
  assert.equal(ndjson(run(['export', '--types', 'message', dir]).out).length, recs.length);
  assert.equal(ndjson(run(['export', '--types', 'message', path.join(dir, 'mail.log*')]).out).length, recs.length);
});

test('--since, --until, --max, --types and --fail-on', () => {
  const all = ndjson(run(['export', '--types', 'reply', POSTFIX]).out);
  assert.ok(all.every(r => r['smtp.record'] === 'reply'));
  const times = all.map(r => String(r['@timestamp'])).sort();
  const mid = times[Math.floor(times.length / 2)];
  const since = ndjson(run(['export', '--types', 'reply', '--since', mid, POSTFIX]).out);
  const until = ndjson(run(['export', '--types', 'reply', '--until', mid, POSTFIX]).out);
  assert.equal(since.length + until.length, all.length);
  assert.ok(since.every(r => String(r['@timestamp']) >= mid));
  assert.equal(ndjson(run(['export', '--max', '3', POSTFIX]).out).length, 3);
  assert.equal(run(['analyze', '--fail-on', 'error', POSTFIX]).code, 1);
  assert.equal(run(['analyze', '--fail-on', 'warning', path.join(FIX, 'generated/swaks-good-delivery.txt')]).code, 0);
  assert.equal(run(['export', '--fail-on', 'error', path.join(FIX, 'generated/swaks-unknown-user-550.txt')]).code, 1);
});

test('analyze: every failure, uncapped, explained, in text and JSON; bounces by content', () => {
  const r = run(['analyze', POSTFIX, path.join(FIX, 'generated/postfix-dsn-two-recipients-5.1.1.eml')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Postfix syslog, \d+ lines/);
  assert.match(r.out, /error .*550 5\.1\.1 .*sender acts/);
  assert.match(r.out, /bounce .* failed 5\.1\.1 userunknown \(hard\)/);
  const j = JSON.parse(run(['analyze', '--format', 'json', POSTFIX]).out);
  assert.equal(j.failures.length, ndjson(run(['export', '--types', 'reply', POSTFIX]).out).length);
  assert.ok(j.counts.messages > 0 && j.counts.sessions > 0);
});

test('control characters from a log are shown escaped in text output, never written raw', () => {
  const evil = '8/1/24 8:00:00 AM : >>> MAIL FROM:<a@a.example>\n8/1/24 8:00:01 AM : <<< 550 5.7.1 \u001b]0;pwned\u0007 \u202Eevil text\n';
  const r = run(['export', '--format', 'text', '--log-format', 'exchange-transcript', '-'], evil);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /[\u001b\u0007\u202e]/);
  assert.match(r.out, /\\x1b\]0;pwned\\x07 <U\+202E>evil/);
});

test('explain takes a reply pasted as one argument', () => {
  const r = run(['explain', '550 5.1.1 User unknown']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^550 5\.1\.1: /);
  assert.match(r.out, /bounce reason: userunknown/);
  // the order of the hover: verdict, who acts, checks, then the meaning
  assert.match(r.out, /^550 5\.1\.1: .*\nverdict: Refused for good, on the sender's side: not retried, the message bounces to the sender\n/);
  const at = (re: RegExp) => r.out.search(re);
  assert.ok(at(/^who acts:/m) < at(/^check 1:/m) && at(/^check 1:/m) < at(/^meaning 550:/m) && at(/^meaning 550:/m) < at(/^cause:/m), r.out);
});

test('query: records into DuckDB, SQL over them (every column exists even when no record has it)', () => {
  const r = run(['query', 'SELECT "smtp.record" AS t, count(*) AS n FROM records GROUP BY 1 ORDER BY 1', '--format', 'json', POSTFIX]);
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as { t: string; n: number | string }[];
  const recs = ndjson(run(['export', POSTFIX]).out);
  for (const row of rows) assert.equal(Number(row.n), recs.filter(x => x['smtp.record'] === row.t).length, row.t);
  const b = run(['query', 'SELECT count(*) AS n FROM bounces WHERE "bounce.severity" = \'hard\'', '--format', 'csv', POSTFIX]);
  assert.equal(b.code, 0, b.err);
  assert.equal(b.out.trim(), 'n\n0');
  const bad = run(['query', 'SELECT nonsense FROM nowhere', POSTFIX]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /the query failed/);
});

test('a 100 MB line is skipped (and said) without holding it; the lines around it are read', () => {
  const f = path.join(TMP, 'huge.log');
  const head = fs.readFileSync(path.join(FIX, 'exim/mainlog.log'), 'utf8').split('\n');
  const fd = fs.openSync(f, 'w');
  fs.writeSync(fd, head.slice(0, 3).join('\n') + '\n');
  const block = Buffer.alloc(1 << 20, 0x78);
  for (let i = 0; i < 100; i++) fs.writeSync(fd, block);
  fs.writeSync(fd, '\n' + head.slice(3).join('\n'));
  fs.closeSync(fd);
  const r = run(['analyze', f]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /note: Line 4 is longer than 1024 KB: it was skipped/);
  assert.equal((r.out.match(/^\s+(error|warning) /gm) ?? []).length, 4);
});

test('CSV and the DuckDB table have a column for every key of the records schema, and no other', () => {
  // the compiled CLI module (the test project does not compile the CLI's sources itself)
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { CSV_COLUMNS } = require(path.join(ROOT, 'out/server/src/cli/output.js')) as { CSV_COLUMNS: readonly string[] };
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/schema/records.schema.json'), 'utf8')) as { $defs: Record<string, { properties: Record<string, unknown> }> };
  const keys = new Set(Object.values(schema.$defs).flatMap(d => Object.keys(d.properties)));
  assert.deepEqual([...CSV_COLUMNS].sort(), [...keys].sort());
});

test('trail: a rotated, gzipped set of two servers\' logs and a bounce; text and JSON; unknown id exits 1', () => {
  const f = makeTrailFolder();
  const t = run(['trail', 'BEC9720C5D0', f.dir]);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /status: delivered/);
  assert.match(t.out, /handed to 127\.0\.0\.1\[127\.0\.0\.1\]:2526, which queued it as C204720C5D3 {2}\[mail\.log\.1\.gz:12\]/);
  assert.match(t.out, /mx-b +delivered +delivered by virtual to bob@b\.example\.test {2}\[mail\.log\.2\.gz:67\]/);
  assert.match(t.out, /Proof:\n {2}Message <20261124125728\.012971@vm> from alice@a\.example\.test to bob@b\.example\.test was accepted by/);
  const j = run(['trail', '--format', 'json', 'D40DC20C5D0', f.dir]);
  assert.equal(j.code, 0, j.err);
  const o = JSON.parse(j.out);
  assert.equal(o.trails[0].status, 'bounced');
  assert.ok(o.trails[0].hops.some((h: { kind: string; path: string }) => h.kind === 'bounce-report' && h.path.endsWith('postfix-dsn-5.1.1-user-unknown.eml')));
  const d = run(['trail', '04C3320C5F5', '--queue-lifetime', '2d', f.dir]);
  assert.match(d.out, /Returned to the sender at 2026-11-26 12:57:29/);
  const n = run(['trail', 'NOSUCHID999', f.dir]);
  assert.equal(n.code, 1);
  assert.match(n.err, /no message with NOSUCHID999/);
  assert.equal(run(['trail']).code, 2);
});
