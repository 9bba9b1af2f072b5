import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fields, newCommaMemo, splitCsv } from '../../server/src/core/scanner/csv';

/** The fields of each line of `text`, split with one memo for the whole text (as the classify pass does). */
function splitAll(text: string, memo = newCommaMemo()): string[][] {
  const out: string[][] = [];
  let s = 0;
  for (const line of text.split('\n')) {
    const e = s + line.length;
    const f = new Fields(8);
    const n = splitCsv(text, s, e, f, 8, memo);
    out.push(Array.from({ length: n }, (_, i) => text.slice(f.starts[i], f.end(i))));
    s = e + 1;
  }
  return out;
}

test('CSV rows split the same whether or not lines without commas come between them', () => {
  const text = 'a,"b,c",d\nno commas on this line at all\n\n"q""uoted, still one",x,\n1,2,3,4,5,6,7,8,9,10';
  assert.deepEqual(splitAll(text), [
    ['a', '"b,c"', 'd'],
    ['no commas on this line at all'],
    [''],
    ['"q""uoted, still one"', 'x', ''],
    ['1', '2', '3', '4', '5', '6', '7', '8,9,10'],
  ]);
  // each line split alone (no memo) gives the same fields
  const lines = text.split('\n');
  assert.deepEqual(lines.map(l => splitAll(l)[0]), splitAll(text));
});
