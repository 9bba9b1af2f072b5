/**
 * The conformance run: a folder's expected.tsv (the verdicts written down from each bounce's own text)
 * against what the analyzer reports, per mail system. The project's own bounce fixtures must all agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

// the CLI is its own build (server/tsconfig.json): its compiled modules, typed here for what the test uses
interface Verdict { recipient: string; action: string; reason: string; severity: string }
interface Agreement { expected: number; found: number; reason: number; severity: number; failedAsDelivered: number; misses: string[] }
const cli = path.join(__dirname, '../../server/src/cli');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { agreement, readExpectations } = require(path.join(cli, 'ndrCorpus.js')) as {
  agreement(e: unknown[], a: Map<string, { layout: string; reports: Verdict[] }>): Map<string, Agreement>;
  readExpectations(text: string): unknown[];
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { corpusReport } = require(path.join(cli, 'corpus.js')) as { corpusReport(folder: string): string };

const v = (recipient: string, reason: string, severity: string, action = 'failed'): Verdict => ({ recipient, action, reason, severity });

type Row = [what: string, expected: string, actual: Verdict[], found: number, reason: number, severity: number, delivered: number];

const ROWS: Row[] = [
  ['agreeing verdict', 'a.eml\tbob@example.com\tuserunknown\thard', [v('Bob@Example.com', 'userunknown', 'hard')], 1, 1, 1, 0],
  ['another reason, same hard/soft', 'a.eml\tbob@example.com\tuserunknown\thard', [v('bob@example.com', 'hostunknown', 'hard')], 1, 0, 1, 0],
  ['the recipient is missing', 'a.eml\tbob@example.com\tmailboxfull\tsoft', [v('carol@example.com', 'mailboxfull', 'soft')], 0, 0, 0, 0],
  ['a failed recipient reported as delivered is counted', 'a.eml\tbob@example.com\tmailboxfull\tsoft', [v('bob@example.com', 'delivered', 'none', 'delivered')], 1, 0, 0, 1],
];

for (const [what, expected, actual, found, reason, severity, delivered] of ROWS) {
  test(`agreement: ${what}`, () => {
    const by = agreement(readExpectations(`# comment\n${expected}\n`), new Map([['a.eml', { layout: 'postfix', reports: actual }]]));
    const all = by.get('all')!;
    assert.deepEqual([all.expected, all.found, all.reason, all.severity, all.failedAsDelivered], [1, found, reason, severity, delivered]);
    assert.equal(by.get('postfix')!.expected, 1);
  });
}

test('the project\'s bounce fixtures agree with their expected.tsv, per mail system', () => {
  const folder = path.join(__dirname, '../../../test/fixtures/ndr');
  const out = corpusReport(folder);
  assert.match(out, /Agreement with expected\.tsv/);
  assert.match(out, /^all\s+(\d+)\/\1 \(100%\)\s+\1\/\1 \(100%\)\s+\1\/\1 \(100%\)\s+0\s*$/m);
  assert.match(out, /disagreements: 0/);
  // the per-mail-system table of the bounce section
  assert.match(out, /^Per mail system/m);
});
