import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { service } from '../helpers/log';

const SAMPLE = readFileSync(path.join(__dirname, '../../../samples/exchange-transcript.log'), 'utf8');

test('problems above the limit: the list is cut, a note says so, and the total is reported', () => {
  const doc = service.parse(SAMPLE.repeat(2));
  const counts = { total: 0 };
  const d = service.doValidation(doc, { maxProblems: 2 }, counts);
  assert.equal(counts.total, 6);
  assert.equal(d.filter(x => x.severity !== 3).length, 2);
  assert.match(d[d.length - 1].message, /Only the first 2 of 6/);
});

test('hover on an extension verb says which EHLO keyword offers it and what a session that stops after it means', () => {
  const t = '<<< 220 mx.example.net ESMTP\n>>> EHLO client.example.org\n<<< 250 OK\n>>> STARTTLS\n<<< 220 2.0.0 Ready to start TLS\n';
  const h = service.doHover(service.parse(t), { line: 3, character: 5 })!;
  const v = (h.contents as { value: string }).value;
  assert.match(v, /\*\*STARTTLS\*\*/);
  assert.match(v, /offers it with `STARTTLS` in its EHLO reply/);
  assert.match(v, /handshake/);
  assert.match(v, /Answered on line 5: `220 2\.0\.0 Ready to start TLS`/);
});
