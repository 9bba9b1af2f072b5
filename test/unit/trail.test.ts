/** The message trail in the core: traces from real postfix logs and bounces, joins across servers, hops, proof, retry times. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogStream, TrailIndex, TrailCollector, resolveQuery, buildTrail, trailText, traceId, type Trail } from '../../server/src/core/smtpLanguageService';
import { GEN, EXCHANGE, ROOT } from '../helpers/trailFixtures';

const BOUNCES = fs.readdirSync(GEN).filter(f => /^postfix-dsn-.*\.eml$/.test(f)).map(f => path.join(GEN, f));
const LOGS = [path.join(GEN, 'postfix-maillog-mx-a.log'), path.join(GEN, 'postfix-maillog-mx-b.log')];

function read(files: string[]): { index: TrailIndex; all: TrailCollector } {
  const index = new TrailIndex();
  const all = new TrailCollector(index, undefined, true);
  const s = new LogStream({ onRecord: () => undefined, types: new Set(), ...all.hooks() });
  for (const f of files) { s.beginFile({ path: f, modified: new Date('2026-12-01T00:00:00Z') }); s.write(fs.readFileSync(f)); s.endSet(); }
  s.end(); all.commit();
  return { index, all };
}

function trailOf(query: string, files = [...LOGS, ...BOUNCES]): Trail[] {
  const { index, all } = read(files);
  const q = resolveQuery(index, query);
  return q.groups.map((g, i) => { const ids = new Set(g.map(traceId)); return buildTrail(all.traces.filter(t => ids.has(traceId(t))), { query, joins: q.joins[i] }); });
}

test('a message relayed mx-a -> mx-b: "queued as" joins the two logs, hops in order, proof names the acceptor and the line', () => {
  const [t] = trailOf('BEC9720C5D0');
  assert.equal(t.status, 'delivered');
  assert.equal(t.messageId, '20261124125728.012971@vm');
  assert.deepEqual(t.hops.map(h => `${h.host} ${h.kind}`), ['mx-a received', 'mx-a queued', 'mx-a delivered', 'mx-a removed', 'mx-b received', 'mx-b queued', 'mx-b delivered', 'mx-b removed']);
  assert.equal(t.hops[2].nextId, 'C204720C5D3');
  assert.equal(path.basename(t.hops[4].path), 'postfix-maillog-mx-b.log');
  assert.ok(t.joins.some(j => j.startsWith('id C204720C5D3')), t.joins.join('\n'));
  assert.match(t.proof, /^Message <20261124125728\.012971@vm> from alice@a\.example\.test to bob@b\.example\.test was accepted by 127\.0\.0\.1\[127\.0\.0\.1\]:2526 at 2026-11-24 12:57:28 \(log time\): "250 2\.0\.0 Ok: queued as C204720C5D3" \(mx-a, postfix-maillog-mx-a\.log line 12\); mx-b then delivered it/);
  // the same trail from the next hop's id and from the Message-ID
  assert.deepEqual(trailOf('C204720C5D3')[0].hops.map(h => h.line), t.hops.map(h => h.line));
  assert.deepEqual(trailOf('20261124125728.012971@vm')[0].hops.map(h => h.line), t.hops.map(h => h.line));
});

test('every run-1 bounce joins its log lines by X-Postfix-Queue-ID and original Message-ID', () => {
  const { index } = read([...LOGS, ...BOUNCES]);
  let joined = 0;
  for (const b of BOUNCES) {
    const text = fs.readFileSync(b, 'utf8');
    const qid = /^X-Postfix-Queue-ID: (\S+)/m.exec(text)?.[1];
    if (!qid || !/ 24 Nov 2026 /.test(/^Arrival-Date: .*/m.exec(text)?.[0] ?? '')) continue; // run 3 bounces have no log in the fixtures
    const q = resolveQuery(index, qid);
    const g = q.groups[0];
    assert.ok(g.some(t => t.path === b), `${path.basename(b)} is in the trail of ${qid}`);
    assert.ok(g.some(t => t.source === 'message' && t.queueId === qid), `${qid}'s log lines are in it`);
    assert.ok(q.joins[0].some(j => j.startsWith(`X-Postfix-Queue-ID ${qid}: ${path.basename(b)}`)), q.joins[0].join('\n'));
    joined++;
  }
  assert.ok(joined >= 6, `only ${joined} bounces joined`);
});

test('a bounced message: the 5xx with its verdict and who acts, the bounce it caused, and the DSN file, in order', () => {
  const [t] = trailOf('D40DC20C5D0');
  assert.equal(t.status, 'bounced');
  const kinds = t.hops.map(h => h.kind);
  assert.ok(kinds.indexOf('bounced') < kinds.indexOf('bounce-sent'));
  assert.ok(kinds.includes('bounce-report'));
  const b = t.hops.find(h => h.kind === 'bounced')!;
  assert.equal(b.code, 550);
  assert.match(b.verdict ?? '', /User unknown/);
  assert.ok(b.whoActs?.includes('the sender'));
  // the bounce's own delivery to alice is marked as the bounce's, not the message's
  assert.ok(t.hops.filter(h => h.kind === 'delivered').every(h => h.notification));
  assert.deepEqual(t.to, ['nosuch@b.example.test']);
  assert.match(t.proof, /was not delivered: 127\.0\.0\.1\[127\.0\.0\.1\]:2526 answered "550 5\.1\.1 <nosuch@b\.example\.test>: Recipient address rejected: User unknown in virtual mailbox table" .*postfix-maillog-mx-a\.log line 27\)\. .*Who has to act: the sender/);
});

test('a message still deferred: attempts, time in queue so far, next retry and give-up under postfix defaults, stated as assumed', () => {
  const [t] = trailOf('04C3320C5F5');
  assert.equal(t.status, 'deferred');
  assert.ok(t.pending);
  assert.equal(t.pending!.attempts, 4);
  assert.equal(t.pending!.giveUp?.slice(0, 19), '2026-11-29T12:57:29');
  assert.equal(t.pending!.nextRetryFrom?.slice(0, 19), '2026-11-24T13:02:31');
  assert.match(t.pending!.assumption, /maximal_queue_lifetime 5d/);
  assert.ok(t.totalMs! >= 2000);
  assert.match(t.proof, /not delivered yet: it is in the queue of mx-a after 4 attempts/);
  const text = trailText(t);
  assert.match(text, /Still queued after 4 attempt\(s\)/);
  assert.match(text, /\+1 s/);
  // a shorter lifetime set by the user moves the give-up time
  const { index, all } = read([...LOGS]);
  const q = resolveQuery(index, '04C3320C5F5');
  const ids = new Set(q.groups[0].map(traceId));
  const short = buildTrail(all.traces.filter(x => ids.has(traceId(x))), { assumptions: { postfix: 24, exim: 96, sendmail: 120, exchange: 48, other: 120 } });
  assert.equal(short.pending!.giveUp?.slice(0, 19), '2026-11-25T12:57:29');
});

test('greylisted then delivered: the deferral and the later hand-over, time between hops', () => {
  const [t] = trailOf('0F66520C334');
  assert.equal(t.status, 'delivered');
  const d = t.hops.findIndex(h => h.kind === 'deferred');
  const ok = t.hops.findIndex(h => h.kind === 'delivered' && !h.notification && h.nextId);
  assert.ok(d >= 0 && ok > d);
  assert.equal(t.hops[ok].deltaMs, 1000);
  assert.equal(t.pending, undefined);
});

test('Exchange: the Send log of one server joins the Receive log of the next by Message-ID and InternalId', () => {
  const files = [path.join(EXCHANGE, 'SEND20261124-ex01.LOG'), path.join(EXCHANGE, 'RECV20261124-ex02.LOG')];
  const [t] = trailOf('CAF7c1e9@ex01.corp.example.com', files);
  assert.deepEqual(t.hops.map(h => `${h.host} ${h.kind}`), ['EX01.corp.example.com handed-over', 'EX02.corp.example.com received']);
  assert.ok(t.joins.some(j => j.startsWith('InternalId 90194313221 at ex02')), t.joins.join('\n'));
  assert.match(t.proof, /accepted by 192\.0\.2\.20:25 at 2026-11-24 13:05:00Z: "250 2\.6\.0 <CAF7c1e9@ex01\.corp\.example\.com> \[InternalId=90194313221/);
  assert.deepEqual(trailOf('90194313221', files), [], 'an InternalId alone is not a queue id');
});

test('an address lists its messages; an unknown id finds nothing', () => {
  const ts = trailOf('greylist@b.example.test');
  assert.ok(ts.length >= 1);
  assert.ok(ts.every(t => t.to.includes('greylist@b.example.test') || t.hops.some(h => h.to === 'greylist@b.example.test')));
  assert.deepEqual(trailOf('NOSUCHID123'), []);
});

test('exim: a bounce message joins its parent by R=, the 550 has its verdict, the bounce\'s hand-off keeps the next hop\'s id', () => {
  const [t] = trailOf('1sCUab-000Ab1-7Q', [path.join(ROOT, 'test/fixtures/exim/mainlog.log')]);
  assert.equal(t.status, 'partly delivered');
  assert.deepEqual(t.to.sort(), ['bo@corp.example', 'ed@elsewhere.example']);
  const bounceHops = t.hops.filter(h => h.notification);
  assert.ok(bounceHops.some(h => h.kind === 'delivered' && h.nextId === '4VZ1Q'), 'the bounce went to the partner, which queued it as 4VZ1Q');
  assert.equal(t.hops.find(h => h.kind === 'bounced')?.code, 550);
  assert.match(t.proof, /to bo@corp\.example was delivered by the server \(local_delivery\)/);
});

test('sendmail: a check_rcpt refusal is a rejection (not a delivery attempt), the DSN hand-off names the bounce\'s queue id, Timeout.queuereturn is the assumption', () => {
  const f = [path.join(ROOT, 'test/fixtures/sendmail/maillog.log')];
  const [t] = trailOf('424DFLqA005230', f);
  assert.deepEqual(t.hops.map(h => h.kind), ['received', 'rejected', 'delivered', 'deferred']);
  assert.match(t.proof, /to ghost@corp\.example was refused by relay while out\.partner\.example sent it/);
  assert.equal(t.pending?.attempts, 2);
  assert.match(t.pending!.assumption, /Timeout\.queuereturn \(5 days, the default\)/);
  const [d] = trailOf('424DVfXb005402', f);
  assert.equal(d.hops.find(h => h.kind === 'bounce-sent')?.nextId, '424DVfXc005402');
  assert.match(d.proof, /^Message with queue id 424DVfXb005402 to nobody@elsewhere\.example was not delivered/);
});

test('the same lines in two files (the combined log and its per-host copies): each hop once, and the trail says so', () => {
  const [both] = trailOf('BEC9720C5D0', [path.join(GEN, 'postfix-maillog.log'), ...LOGS]);
  const [one] = trailOf('BEC9720C5D0', LOGS);
  assert.deepEqual(both.hops.map(h => `${h.host} ${h.kind} ${h.time}`), one.hops.map(h => `${h.host} ${h.kind} ${h.time}`));
  assert.ok(both.notes.some(n => /more than one file \(postfix-maillog\.log and postfix-maillog-mx-a\.log/.test(n)), both.notes.join('\n'));
  // two attempts written at the same second in one file are two attempts
  const [d] = trailOf('04C3320C5F5', LOGS);
  assert.equal(d.hops.filter(h => h.kind === 'deferred' && h.time?.endsWith('12:57:30')).length, 2);
});

test('Exchange message tracking joins the Receive protocol log by its SMTP session id and the InternalId; BDAT LAST is the verdict', () => {
  const files = [path.join(ROOT, 'test/fixtures/msgtrk/MSGTRK2024030509-1.LOG'), path.join(EXCHANGE, 'RECV2024030509-1.LOG')];
  const [t] = trailOf('73014444033', files);
  assert.ok(t.joins.some(j => j.startsWith('SMTP session 08DC3CF1A2B40001: MSGTRK2024030509-1.LOG line 7 -> RECV2024030509-1.LOG')), t.joins.join('\n'));
  assert.ok(t.joins.some(j => j.startsWith('InternalId 73014444033 at ex01')), t.joins.join('\n'));
  const recv = t.hops.find(h => path.basename(h.path) === 'RECV2024030509-1.LOG' && h.kind === 'received');
  assert.match(recv?.reply ?? '', /InternalId=73014444033/);
  assert.equal(t.hops[0].kind, 'received');
  assert.equal(t.hops[0].host, 'EX01');
  assert.match(t.proof, /to anna\.berg@example\.com, ben\.cole@example\.com was delivered by EX01/);
  assert.match(t.proof, /to former\.employee@example\.com was refused by EX01\.corp\.example\.com/);
});

test('a client transcript (swaks) joins the server log by the "queued as" id of its DATA reply', () => {
  const [t] = trailOf('BEC9720C5D0', [...LOGS, path.join(GEN, 'swaks-relay-via-a.txt')]);
  assert.equal(t.hops[0].kind, 'handed-over');
  assert.equal(t.hops[0].nextId, 'BEC9720C5D0');
  assert.equal(path.basename(t.hops[0].path), 'swaks-relay-via-a.txt');
  assert.ok(t.joins.some(j => j.startsWith('id BEC9720C5D0: swaks-relay-via-a.txt')), t.joins.join('\n'));
});
