/**
 * The knowledge base as auditable data: every rule carries real replies it explains, and this ONE
 * generic test checks that each rule is the top explanation of each of its own examples. A rule that
 * a broader rule shadows, or whose pattern no longer matches the text it was written for, fails here
 * with its id.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainReply, parseExample } from '../../server/src/core/knowledge';
import { VENDOR_RULES } from '../../server/src/core/knowledge/vendorRules';

test('every rule with examples is the top explanation of each of them', () => {
  const wrong: string[] = [];
  for (const r of VENDOR_RULES) {
    for (const ex of r.examples ?? []) {
      const e = explainReply(parseExample(ex));
      const top = e.vendor[0]?.id ?? `(no rule: ${e.specificity})`;
      if (top !== r.id) wrong.push(`${r.id}: "${ex}" is explained by ${top}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('an example names the class of its rule: a failure rule is not illustrated by a success reply', () => {
  const wrong: string[] = [];
  for (const r of VENDOR_RULES) {
    for (const ex of r.examples ?? []) {
      const cls = explainReply(parseExample(ex)).codeClass;
      if (r.classes?.length && !r.classes.includes(cls)) wrong.push(`${r.id}: "${ex}" is ${cls}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('every rule carries at least one real reply as its example', () => {
  const missing = VENDOR_RULES.filter(r => !r.examples?.length).map(r => r.id);
  assert.deepEqual(missing, []);
});
