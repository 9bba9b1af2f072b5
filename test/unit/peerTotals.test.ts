/**
 * `smtp-log summary` checked against the peers' numbers on the same files: pflogsumm (Debian package
 * pflogsumm) on the project's generated postfix logs, eximstats (Debian package exim4-base) on the exim
 * mainlog. Where the two count differently by design, the test names the difference (README "Summary"
 * says why). Without the tool the test is skipped and says so; with PEERS_REQUIRED=1 (CI, .ci/run) a
 * missing tool fails it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const REQUIRED = process.env.PEERS_REQUIRED === '1';

function tool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin'])) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

function ours(file: string): Record<string, number> {
  const r = spawnSync(process.execPath, [CLI, 'summary', '--format', 'json', '--quiet', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { totals: Record<string, number> }).totals;
}

function skipOrFail(t: { skip(msg: string): void }, name: string, pkg: string): void {
  const msg = `${name} is not installed (apt-get install ${pkg}): the comparison with its numbers was not run`;
  if (REQUIRED) assert.fail(`${msg}, and PEERS_REQUIRED=1`);
  t.skip(msg);
}

// the logs postfix wrote (scripts/fixtures/generate.sh), and the day the project wrote for the Summary view (pickup, retries over hours)
const POSTFIX = [...fs.readdirSync(path.join(ROOT, 'test/fixtures/generated')).filter(f => /^postfix-maillog.*\.log$/.test(f)).map(f => `test/fixtures/generated/${f}`), 'samples/postfix-day.log'];

test('pflogsumm and smtp-log summary give the same received, delivered, deferred, bounced and rejected totals on every generated postfix log', t => {
  const pf = tool('pflogsumm');
  if (!pf) { skipOrFail(t, 'pflogsumm', 'pflogsumm'); return; }
  assert.ok(POSTFIX.length >= 4);
  for (const f of POSTFIX) {
    const file = path.join(ROOT, f);
    const r: { status: number | null; stdout: string; stderr: string } = spawnSync(pf, [file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // "     14   received" ... "      3   deferred  (8  deferrals)"
    const num = (label: string): number => {
      const m = new RegExp(`^\\s*(\\d+)([km]?)\\s+${label}\\b`, 'm').exec(r.stdout);
      assert.ok(m, `pflogsumm printed "${label}"`);
      return Number(m[1]);
    };
    const deferrals = Number(/deferred\s+\((\d+)\s+deferrals\)/.exec(r.stdout)?.[1] ?? 0);
    const us = ours(file);
    assert.deepEqual(
      { received: us.received, delivered: us.delivered, deferredMessages: us.deferredMessages, deferrals: us.deferred, bounced: us.bounced, rejected: us.rejected },
      { received: num('received'), delivered: num('delivered'), deferredMessages: num('deferred'), deferrals, bounced: num('bounced'), rejected: num('rejected') },
      `${f}: our totals equal pflogsumm's (our "deferred" is its deferrals; its "deferred" is our deferredMessages)`,
    );
  }
});

test('eximstats and smtp-log summary on the exim mainlog: equal where both count the same thing, and the differences named', t => {
  const es = tool('eximstats');
  if (!es) { skipOrFail(t, 'eximstats', 'exim4-base'); return; }
  const file = path.join(ROOT, 'test/fixtures/exim/mainlog.log');
  const r = spawnSync(es, ['-txt', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // "  Received   9511   2   2   0  0.0%   1 50.0%" / "  Delivered  9511  2  2  2" / "  Rejects  1  1"
  const row = (label: string): number[] => {
    const m = new RegExp(`^\\s*${label}\\s+(.*)$`, 'm').exec(r.stdout);
    assert.ok(m, `eximstats printed "${label}"`);
    return m[1].trim().split(/\s+/).filter(x => !x.endsWith('%')).map(Number);
  };
  const [, received, , delayed, failed] = row('Received');
  const [, , delivered] = row('Delivered'); // volume, messages, addresses, hosts: deliveries per address
  const [rejects] = row('Rejects');
  const us = ours(file);
  // the same counts
  assert.equal(us.delivered, delivered, 'deliveries (one per => line)');
  assert.equal(us.rejected, rejects, 'rejections during SMTP (our AUTH failures are counted apart, as eximstats does not count them as rejects)');
  assert.equal(us.authFailures, 1);
  assert.equal(us.bounced, failed, 'permanent failures: one ** line, in the one message eximstats counts as "failed"');
  // difference 1: eximstats counts every <= line as received, the bounce exim wrote itself (<= <> ... U=Debian-exim) too;
  // we count messages received from a client
  assert.equal(received, 2);
  assert.equal(us.received, received - 1, 'received: without the bounce exim generated itself');
  // difference 2: eximstats counts as "delayed" only messages received in this log; our deferrals count every == line
  assert.equal(delayed, 0);
  assert.equal(us.deferred, 1, 'deferred: the == line of a message received before the log starts');
});
