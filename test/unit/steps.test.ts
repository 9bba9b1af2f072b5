/**
 * A large document's parse and problems run in slices (the server answers other requests between them):
 * cut at any line, and interleaved with another document's parse, they give exactly what one go gives.
 * fast-check draws the logs of every format (generators and the project's fixtures) and the step sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createSmtpLanguageService, type SmtpDocument, type Steps } from '../../server/src/core/smtpLanguageService';
import { FORMATS, fieldsArb, formatDoc, plainFields } from '../helpers/generators';
import { startParseWithDialect } from '../../server/src/core/parser/sessionParser';
import { splitLines, startSplitLines } from '../../server/src/core/parser/lines';
import { DIALECTS } from '../../server/src/core/scanner/dialects';
import { tolerant } from '../../server/src/core/scanner/tolerant';
import type { Dialect } from '../../server/src/core/scanner/dialect';

const svc = createSmtpLanguageService();
const SEED = Number(process.env.PROPERTY_SEED ?? 10);
const ROOT = path.join(__dirname, '../../..');

/** What a user sees of a document: its model's arrays, and the problems, outline and folding built on it. */
function seen(doc: SmtpDocument) {
  const m = doc.log;
  return {
    format: m.format, formatName: m.formatName, lineCount: m.lineCount, notes: m.notes,
    lineStart: Array.from(m.lineStart), kind: Array.from(m.kind), code: Array.from(m.code), session: Array.from(m.session), pair: Array.from(m.pair),
    sessions: { count: m.sessions.count, first: Array.from(m.sessions.first), last: Array.from(m.sessions.last), flags: Array.from(m.sessions.flags), parent: Array.from(m.sessions.parent) },
    open: Array.from(m.openSessions ?? []), fields: Array.from(m.fieldsLines),
    outline: svc.findDocumentSymbols(doc).result, folding: svc.getFoldingRanges(doc).result,
  };
}

/** Runs work with the given step sizes (cycled), counting the steps; each step must make progress. */
function inSteps<T>(job: Steps<T>, sizes: number[]): { result: T; steps: number } {
  for (let i = 0; ; i++) {
    const before = job.done;
    const r = job.step(sizes[i % sizes.length]);
    if (r !== undefined) {
      assert.equal(job.done, job.total, 'a finished job has done all its lines');
      // asked again, it gives the same result and does nothing more
      assert.equal(job.step(1), r);
      return { result: r, steps: i + 1 };
    }
    assert.ok(job.done > before && job.done <= job.total, 'each unfinished step moves on');
  }
}

const sizesArb = fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 6 });

/** Every log text the project has: its fixtures (bounces too, parsed as smtp-ndr). */
function fixtures(): { name: string; text: string; languageId: string }[] {
  const out: { name: string; text: string; languageId: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.(json|md|gz|sh)$/.test(e.name)) out.push({ name: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8'), languageId: p.includes(`${path.sep}ndr${path.sep}`) ? 'smtp-ndr' : 'smtp-log' });
    }
  };
  walk(path.join(ROOT, 'test/fixtures'));
  return out;
}

for (const g of FORMATS) {
  test(`${g.id}: parsed and validated in random slices, the same as in one go`, () => {
    const arb = fc.record({ ls: fc.array(fc.tuple(fc.nat(g.lines.length - 1), fieldsArb), { minLength: 1, maxLength: 60 }), sizes: sizesArb, max: fc.integer({ min: 1, max: 50 }) });
    fc.assert(fc.property(arb, ({ ls, sizes, max }) => {
      const text = [...g.header, ...g.lead, ...ls.map(([t, f]) => g.lines[t](f))].join('\n') + (ls.length % 2 ? '\n' : '');
      const whole = svc.parse(text, g.languageId);
      const { result: doc } = inSteps(svc.startParse(text, g.languageId), sizes);
      assert.deepEqual(seen(doc), seen(whole));
      const counts = { total: 0 }, wholeCounts = { total: 0 };
      const { result: problems } = inSteps(svc.startValidation(doc, { maxProblems: max }, counts), sizes);
      assert.deepEqual(problems, svc.doValidation(whole, { maxProblems: max }, wholeCounts));
      assert.equal(counts.total, wholeCounts.total);
      // the outline too, cut at a small maximum at times
      assert.deepEqual(inSteps(svc.startDocumentSymbols(doc, { maxOutlineItems: max * 4 }), sizes).result, svc.findDocumentSymbols(whole, { maxOutlineItems: max * 4 }));
      assert.deepEqual(inSteps(svc.startFoldingRanges(doc, max), sizes).result, svc.getFoldingRanges(whole, max));
      assert.deepEqual(inSteps(svc.startSemanticTokens(doc, max, max * 3), sizes).result, svc.getSemanticTokens(whole, max, max * 3));
    }), { numRuns: 30, seed: SEED });
  });
}

test('every fixture: parsed in random slices, the same as in one go', () => {
  const all = fixtures();
  assert.ok(all.length > 40, `the fixtures are found (${all.length})`);
  fc.assert(fc.property(fc.constantFrom(...all), sizesArb, (f, sizes) => {
    const { result } = inSteps(svc.startParse(f.text, f.languageId), sizes);
    assert.deepEqual(seen(result), seen(svc.parse(f.text, f.languageId)), f.name);
    assert.deepEqual(inSteps(svc.startValidation(result), sizes).result, svc.doValidation(result), f.name);
    assert.deepEqual(inSteps(svc.startDocumentSymbols(result), sizes).result, svc.findDocumentSymbols(result), f.name);
    assert.deepEqual(inSteps(svc.startFoldingRanges(result, 7), sizes).result, svc.getFoldingRanges(result, 7), f.name);
    assert.deepEqual(inSteps(svc.startSemanticTokens(result), sizes).result, svc.getSemanticTokens(result), f.name);
  }), { numRuns: 150, seed: SEED });
});

test('a document summary and its filtered views made in steps (smaller stream blocks) are the ones made in one go', () => {
  const texts = [...fixtures().filter(f => f.languageId === 'smtp-log').map(f => f.text),
    ...FORMATS.filter(f => f.languageId === 'smtp-log').map(g => formatDoc(g, 12000, i => plainFields(i, 900)))];
  for (const text of texts) {
    const { result } = inSteps(svc.startSummarize(text, 'file:///x.log'), [1, 700, 2048]);
    assert.deepEqual(result, svc.summarize(text, 'file:///x.log'));
    const doc = svc.parse(text);
    for (const filter of ['failures', 'code:550', 'outcome:deferred']) {
      assert.deepEqual(inSteps(svc.startFilterView(doc, text, 'file:///x.log', filter, 300), [1, 2048]).result, svc.filterView(doc, text, 'file:///x.log', filter, 300), filter);
    }
  }
  // large enough for several blocks of the stream, and views that are not empty
  assert.ok(texts.some(t => t.length > 1 << 20));
  assert.ok(texts.some(t => { const v = svc.filterView(svc.parse(t), t, 'file:///x.log', 'failures', 300); return typeof v !== 'string' && v.lines.length > 0; }));
});

test('two documents parsed slice by slice in turn (two open logs) do not disturb each other', () => {
  const logs = FORMATS.filter(f => f.languageId === 'smtp-log');
  fc.assert(fc.property(fc.constantFrom(...logs), fc.constantFrom(...logs), sizesArb, (a, b, sizes) => {
    const ta = formatDoc(a, 300), tb = formatDoc(b, 300);
    const ja = svc.startParse(ta), jb = svc.startParse(tb);
    let ra: SmtpDocument | undefined, rb: SmtpDocument | undefined;
    for (let i = 0; !ra || !rb; i++) {
      ra ??= ja.step(sizes[i % sizes.length]);
      rb ??= jb.step(sizes[(i + 1) % sizes.length]);
    }
    assert.deepEqual(seen(ra), seen(svc.parse(ta)), a.id);
    assert.deepEqual(seen(rb), seen(svc.parse(tb)), b.id);
  }), { numRuns: 20, seed: SEED });
});

test('a large log is really cut: a step classifies at most the lines it is given', () => {
  const g = FORMATS.find(f => f.id === 'postfix')!;
  const text = formatDoc(g, 5000);
  const lineCount = text.split('\n').length;
  let classified = 0;
  const d = tolerant(DIALECTS.find(x => x.id === 'postfix')!);
  const counting = Object.create(d) as Dialect<unknown>;
  counting.classify = (t, s, e, out, st) => { classified++; d.classify(t, s, e, out, st); };
  const job = startParseWithDialect(text, counting, 'postfix', 'postfix', []);
  let steps = 0, before = 0;
  for (;;) {
    const r = job.step(1000);
    steps++;
    assert.ok(classified - before <= 1000, `a step of 1000 lines classified ${classified - before}`);
    before = classified;
    if (r) break;
  }
  assert.equal(classified, lineCount, 'every line once');
  assert.ok(steps > lineCount / 1000, `${steps} steps for ${lineCount} lines`);
  // problems too, one explained problem weighing more than a plain line
  const v = svc.startValidation(svc.parse(text));
  assert.equal(v.step(100), undefined);
  assert.ok(v.done > 0 && v.done <= 100);
});

test('an append to a parsed log goes on in steps from where that parse ended', () => {
  const g = FORMATS.find(f => f.id === 'exchange-protocol')!;
  const text = formatDoc(g, 4000);
  const more = formatDoc({ ...g, header: [], lead: [] }, 400).replace(/user(\d+)@/g, 'late$1@');
  const prev = svc.parse(text);
  const job = svc.startParse(text + more, 'smtp-log', { previous: prev.log });
  // only the appended text is left to do
  assert.equal(job.done, 0);
  assert.equal(job.total, more.length + 1);
  const { result } = inSteps(job, [37]);
  assert.deepEqual(seen(result), seen(svc.parse(text + more)));
});

test('line splitting in steps gives the offsets splitting in one go gives (LF, CRLF, lone CR)', () => {
  const textArb = fc.array(fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', '\n\n', ''), { maxLength: 80 }).map(p => p.join(''));
  fc.assert(fc.property(textArb, fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }), (text, sizes) => {
    const split = startSplitLines(text);
    let r: Uint32Array | undefined;
    for (let i = 0; !r; i++) r = split.step(sizes[i % sizes.length]);
    // an editor's line starts: after each LF, after each CR not followed by LF
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
    assert.deepEqual(Array.from(r), [...starts, text.length + 1]);
    assert.deepEqual(Array.from(splitLines(text)), Array.from(r));
  }), { numRuns: 300, seed: SEED });
});

test('the outline of a log with thousands of sessions (grouped by hour, cut at its maximum) is the same in steps', () => {
  for (const id of ['postfix', 'exchange-protocol', 'exchange-transcript']) {
    const g = FORMATS.find(f => f.id === id)!;
    const doc = svc.parse(formatDoc(g, 30000, i => plainFields(i, 6000)));
    for (const max of [500, 10000]) {
      const whole = svc.findDocumentSymbols(doc, { maxOutlineItems: max });
      const job = svc.startDocumentSymbols(doc, { maxOutlineItems: max });
      const { result, steps } = inSteps(job, [50, 300]);
      assert.deepEqual(result, whole, `${id}, at most ${max} items`);
      assert.ok(steps > 2, `${id}: ${steps} steps`);
      if (max === 10000) assert.ok(whole.result.some(s => s.kind === 3), `${id}: grouped`);
    }
  }
});
