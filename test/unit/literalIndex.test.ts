/**
 * The prefilter of the vendor rules (knowledge/literalIndex.ts) only skips regexes that cannot match:
 * whenever a rule's pattern matches a text, the index names that rule as a candidate. Checked on every
 * rule's own examples, on texts built from pieces of all examples with case changes and characters the
 * i flag folds (final sigma, dotless i, long s, Kelvin sign), and on sources the reader must not trust.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LiteralIndex, requiredLiterals } from '../../server/src/core/knowledge/literalIndex';
import { VENDOR_RULES } from '../../server/src/core/knowledge/vendorRules';
import { explainReply, parseExample } from '../../server/src/core/knowledge';

const patterns = VENDOR_RULES.map(r => r.pattern);
const index = new LiteralIndex(patterns);

/** Every rule whose regex matches `text` is a candidate. */
function assertNoneLost(text: string): void {
  const may = index.candidates(text);
  patterns.forEach((re, r) => {
    if (!re) return;
    re.lastIndex = 0;
    if (re.test(text)) assert.equal(may[r], 1, `rule ${VENDOR_RULES[r].id} matches ${JSON.stringify(text)} but the index skips it`);
  });
}

test('literal index: almost every rule is indexed (the prefilter does its job)', () => {
  const indexed = patterns.filter(re => re && requiredLiterals(re)).length;
  const withPattern = patterns.filter(Boolean).length;
  assert.ok(indexed >= withPattern * 0.95, `${indexed} of ${withPattern} patterns have literals`);
  // a plain reply text leaves most regexes unrun
  const may = index.candidates('Recipient address rejected: User unknown in virtual mailbox table');
  const run = patterns.filter((re, r) => re && may[r]).length;
  assert.ok(run < withPattern / 4, `${run} of ${withPattern} regexes still run`);
});

test('literal index: every rule example is still matched through the index, and explained by its rule', () => {
  let n = 0;
  VENDOR_RULES.forEach(rule => {
    for (const ex of rule.examples ?? []) {
      const input = parseExample(ex);
      assertNoneLost(input.text ?? '');
      n++;
    }
  });
  assert.ok(n > 300, `${n} examples`);
  // end to end: a text rule found through the index
  const e = explainReply({ code: 550, enhanced: '5.1.1', text: '<bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table' });
  assert.equal(e.specificity, 'vendor');
});

test('literal index: texts made of pieces of the examples, with case changes and folded characters, lose no rule', () => {
  const pieces = VENDOR_RULES.flatMap(r => (r.examples ?? []).map(ex => parseExample(ex).text ?? '')).filter(Boolean);
  const odd = ['ς', 'Σ', 'ı', 'İ', 'ſ', 'K', 'ß', 'ẞ', 'µ', 'ä', 'Ä', ' ', '-', '"', '\\n'];
  const piece = fc.tuple(fc.nat(pieces.length - 1), fc.nat(400), fc.nat(60), fc.boolean(), fc.boolean())
    .map(([p, a, len, up, low]) => { let s = pieces[p].slice(a % Math.max(1, pieces[p].length), (a % Math.max(1, pieces[p].length)) + len); if (up) s = s.toUpperCase(); if (low) s = s.toLowerCase(); return s; });
  const text = fc.array(fc.oneof(piece, fc.constantFrom(...odd), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 8 }).map(xs => xs.join(''));
  fc.assert(fc.property(text, t => { assertNoneLost(t); }), { numRuns: 400, seed: 10 });
});

test('literal index: the i flag folds like the regex engine (final sigma, German, Turkish)', () => {
  const cases: Array<[RegExp, string]> = [
    [/λογαριασμός σας/i, 'ΛΟΓΑΡΙΑΣΜΌΣ ΣΑΣ'],
    [/ΑΠΟΡΡΙΦΘΗΚΕ ΩΣ/i, 'απορριφθηκε ως'],
    [/unbekannter Empfänger/i, 'UNBEKANNTER EMPFÄNGER'],
    [/straße/i, 'STRAßE'],
    [/kullanıcı bulunamadı/i, 'KULLANıCı BULUNAMADı'],
  ];
  for (const [re, t] of cases) {
    assert.ok(re.test(t), `${re} matches ${t}`);
    assert.equal(new LiteralIndex([re]).candidates(t)[0], 1, `${re} on ${t}`);
  }
});

test('literal index: literals read from a pattern source, and sources it does not trust', () => {
  assert.deepEqual(requiredLiterals(/user unknown|no such user/i), ['USER UNKNOWN', 'NO SUCH USER']);
  assert.deepEqual(requiredLiterals(/(?<!not )listed (?:in|on)/i), ['LISTED ']);
  assert.deepEqual(requiredLiterals(/\bIB(?:007|605)\b/), ['007', '605']);
  assert.deepEqual(requiredLiterals(/(?:mail)?box full/i), ['BOX FULL']);
  assert.deepEqual(requiredLiterals(/x{0,3}abc/), ['ABC']);
  assert.deepEqual(requiredLiterals(/over ?quota/i), ['QUOTA']);
  // an alternative without a literal of 3 characters, escapes that stand for other characters, the u flag: always run
  assert.equal(requiredLiterals(/user unknown|\d{3}/), undefined);
  assert.equal(requiredLiterals(/ab?cd/), undefined);
  assert.equal(requiredLiterals(/\u00e4bcd/), undefined);
  assert.equal(requiredLiterals(/(a)b\1cde/), undefined);
  assert.equal(requiredLiterals(/abcd/u), undefined);
  const idx = new LiteralIndex([/user unknown/i, /\d{3} x/, undefined]);
  assert.deepEqual([...idx.candidates('nothing here')], [0, 1, 1]);
  assert.deepEqual([...idx.candidates('550 USER   unknown')], [0, 1, 1]);
  assert.deepEqual([...idx.candidates('550 USER unknown')], [1, 1, 1]);
});
