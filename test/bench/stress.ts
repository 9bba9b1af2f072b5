/**
 * `npm run stress`: time growth of every stage (parse, problems, outline, folding, hovers, references)
 * for every format and the bounce reader, at 2k / 20k / 200k lines and with 10 KB / 100 KB / 1 MB
 * lines, runs of each format's own tokens in a field, mutated fixtures, the adversarial shapes of
 * issue 16; then the property layer with a time budget of its own (STRESS_SECONDS, default 20). Prints a table of growth ratios per 10x input (must stay <= 12x),
 * the slowest single request and the peak memory. Exit code 1 when a ratio is over the bound or an
 * invariant fails. Ratios are measured in one run; nothing here is a unit test.
 *
 * STRESS_QUICK=1 measures 2k / 20k lines and 10 KB / 100 KB lines only; STRESS_ONLY=<regex> keeps
 * the rows whose name matches (e.g. STRESS_ONLY=exim).
 */
import { performance } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createSmtpLanguageService, type SmtpDocument } from '../../server/src/core/smtpLanguageService';
import { BOUNCES, FORMATS, formatDoc, plainFields, type Fields, logArb, bounceArb, NON_SMTP } from '../helpers/generators';
import { checkInvariants } from '../helpers/invariants';

const svc = createSmtpLanguageService();
const QUICK = process.env.STRESS_QUICK === '1';
const BUDGET_S = Number(process.env.STRESS_SECONDS ?? 20);
const BOUND = 12;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

let maxLatency = { ms: 0, what: '' };
let peakRss = 0;
const sampleMem = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };

/**
 * Runs fn; returns its CPU time in ms (user + system of this process: on a machine shared with other
 * work, wall time measures the neighbours). The slowest request is tracked in wall time, what a user waits.
 */
function timed<T>(what: string, fn: () => T): [T, number] {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = fn();
  const c = process.cpuUsage(c0);
  const ms = performance.now() - t0;
  if (ms > maxLatency.ms) maxLatency = { ms, what };
  sampleMem();
  return [r, (c.user + c.system) / 1000];
}

/** Every request the editor makes on open, then hovers and references on sampled lines: total ms per stage. */
function workload(name: string, text: string, languageId: string): Record<string, number> {
  const [doc, parse] = timed(`${name}: parse`, () => svc.parse(text, languageId));
  const [, diag] = timed(`${name}: problems`, () => svc.doValidation(doc));
  const [, sym] = timed(`${name}: outline`, () => svc.findDocumentSymbols(doc));
  const [, fold] = timed(`${name}: folding`, () => svc.getFoldingRanges(doc));
  const lines = doc.log.lineCount;
  let hover = 0, refs = 0;
  const picks = samplePositions(doc, 40);
  for (const p of picks) hover += timed(`${name}: hover`, () => svc.doHover(doc, p))[1];
  for (const p of picks.slice(0, 8)) refs += timed(`${name}: references`, () => svc.findReferences(doc, 'file:///stress', p))[1];
  void lines;
  return { parse, diag, sym, fold, hover, refs };
}

/** Positions spread over the document: each sampled line at its start, middle and a reply code if any. */
function samplePositions(doc: SmtpDocument, n: number): { line: number; character: number }[] {
  const out: { line: number; character: number }[] = [];
  const m = doc.log;
  const step = Math.max(1, Math.floor(m.lineCount / n));
  for (let l = 0; l < m.lineCount && out.length < n * 3; l += step) {
    const len = Math.max(0, m.lineStart[l + 1] - 1 - m.lineStart[l]);
    const text = m.text.slice(m.lineStart[l], m.lineStart[l] + Math.min(len, 4096));
    const c = /\b[245]\d\d\b/.exec(text);
    out.push({ line: l, character: 0 }, { line: l, character: Math.floor(len / 2) });
    if (c) out.push({ line: l, character: c.index + 1 });
  }
  return out;
}

interface Row { name: string; sizes: string[]; totals: number[]; stages: Record<string, number>[] }
const rows: Row[] = [];

const ONLY = process.env.STRESS_ONLY ? new RegExp(process.env.STRESS_ONLY, 'i') : undefined;

function measure(name: string, sizes: string[], make: (k: number) => { text: string; languageId: string }): void {
  if (ONLY && !ONLY.test(name)) return;
  const texts = sizes.map((_, k) => make(k));
  const totals: number[] = sizes.map(() => Infinity), stages: Record<string, number>[] = sizes.map(() => ({}));
  // a row over the bound is measured again (at most twice), keeping each size's best: on a shared
  // machine one slow run is the neighbours, a superlinear path is slow every time
  for (let attempt = 0; attempt < 3; attempt++) {
    for (let k = 0; k < sizes.length; k++) {
      const { text, languageId } = texts[k];
      // warm once at the smallest size so the first figure is not JIT time; the best of a few runs
      if (k === 0 && attempt === 0) workload(name, text, languageId);
      for (let r = 0; r < (k < sizes.length - 1 ? 3 : 2); r++) {
        gc();
        const st = workload(name, text, languageId);
        const total = Object.values(st).reduce((a, b) => a + b, 0);
        if (total < totals[k]) { stages[k] = st; totals[k] = total; }
      }
    }
    if (worstRatio(totals) <= BOUND) break;
  }
  rows.push({ name, sizes, totals, stages });
  printRow(rows[rows.length - 1]);
}

/** The largest growth per 10x; below 5 ms the clock is the noise, so such steps count only past 60 ms. */
function worstRatio(totals: number[]): number {
  return Math.max(0, ...totals.slice(1).map((t, i) => totals[i] < 5 && t < 60 ? 0 : t / Math.max(totals[i], 1)));
}

const LINES = QUICK ? [2000, 20000] : [2000, 20000, 200000];
const LONG = QUICK ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const kb = (n: number) => n >= 1e6 ? `${n / 1e6}MB` : `${n / 1e3}KB`;

let failures = 0;
function printRow(r: Row): void {
  const ratios = r.totals.slice(1).map((t, i) => t / Math.max(r.totals[i], 1));
  const worst = worstRatio(r.totals);
  const bad = worst > BOUND;
  if (bad) failures++;
  const slowStage = Object.entries(r.stages[r.stages.length - 1]).sort((a, b) => b[1] - a[1])[0];
  console.log(`${bad ? 'OVER' : 'ok  '} ${r.name.padEnd(38)} ${r.sizes.map((s, i) => `${s}=${r.totals[i].toFixed(0)}ms`).join(' ').padEnd(44)} x${ratios.map(x => x.toFixed(1)).join(' x').padEnd(12)} slowest: ${slowStage[0]} ${slowStage[1].toFixed(0)}ms`);
}

function longLine(f: Fields, size: number, what: 'text' | 'addr'): Fields {
  const fill = 'a'.repeat(size);
  return what === 'text' ? { ...f, text: `Recipient rejected ${fill}` } : { ...f, addr: `${fill}@example.com` };
}

function walkFiles(dir: string): string[] {
  return fs.readdirSync(dir).flatMap(f => { const p = path.join(dir, f); return fs.statSync(p).isDirectory() ? walkFiles(p) : [p]; });
}

function main(): void {
  const t0 = performance.now();
  console.log(`stress: growth of CPU time per 10x input (bound ${BOUND}x), ${QUICK ? 'quick' : 'full'} run\n`);
  for (const g of FORMATS) {
    measure(`${g.id}: lines`, LINES.map(n => `${n / 1000}k`), k => ({ text: formatDoc(g, LINES[k]), languageId: g.languageId }));
    // ten lines of the format, one of them (a reply or status line where the format has one) of the size
    const at = Math.max(0, g.lines.findIndex(t => /\b[45]\d\d\b/.test(t(plainFields(3)))));
    const oneLong = (size: number, what: 'text' | 'addr') => formatDoc(g, 10, i => i === at ? longLine({ ...plainFields(i), code: 550, enhanced: '5.1.1' }, size, what) : plainFields(i));
    measure(`${g.id}: one long text field`, LONG.map(kb), k => ({ text: oneLong(LONG[k], 'text'), languageId: g.languageId }));
    measure(`${g.id}: one long address`, LONG.map(kb), k => ({ text: oneLong(LONG[k], 'addr'), languageId: g.languageId }));
    measure(`${g.id}: one session`, LINES.map(n => `${n / 1000}k`), k => ({ text: formatDoc(g, LINES[k], i => ({ ...plainFields(i), key: 1 })), languageId: g.languageId }));
  }
  for (const b of BOUNCES) {
    const counts = QUICK ? [500, 5000] : [500, 5000, 50000];
    measure(`${b.id}: recipients`, counts.map(String), k => ({ text: b.build(Array.from({ length: counts[k] }, (_, i) => plainFields(i))), languageId: 'smtp-ndr' }));
    measure(`${b.id}: long reply`, LONG.map(kb), k => ({ text: b.build([longLine(plainFields(3), LONG[k], 'text')]), languageId: 'smtp-ndr' }));
  }
  // mutated lines: a run of one token of the format's vocabulary in a field, 6.4 KB then 64 KB (the
  // longest line the parser reads); the worst ratio per format (a backtracking regex shows here)
  const VOCAB = ['\t', ' ', '[', ']', '<', '<a@', '(', '"', ': ', '=', 'rejected ', 'H=', ' said: ', '550-', '5.1.1 ', '\\r\\n', '** ', '#'];
  for (const g of FORMATS) {
    if (ONLY && !ONLY.test(`${g.id}: mutated lines`)) continue;
    let worst = { ratio: 0, what: '', a: 0, b: 0 };
    for (const tok of VOCAB) for (const what of ['text', 'addr', 'host'] as const) {
      const doc = (size: number) => formatDoc(g, g.lines.length, i => ({ ...plainFields(i), code: 550, enhanced: '5.1.1', [what]: tok.repeat(Math.ceil(size / tok.length)).slice(0, size) + (what === 'addr' ? '@x.example' : '') }));
      const cost = (text: string, runs: number) => { let best = Infinity; for (let r = 0; r < runs; r++) best = Math.min(best, Object.values(workload(`${g.id}: run of ${JSON.stringify(tok)} in ${what}`, text, g.languageId)).reduce((x, y) => x + y, 0)); return best; };
      let a = cost(doc(6400), 2), b = cost(doc(64000), 2);
      // over the bound: measured again before it counts (the machine is shared)
      if (b / Math.max(a, 5) > BOUND) { a = Math.min(a, cost(doc(6400), 4)); b = Math.min(b, cost(doc(64000), 4)); }
      const ratio = b / Math.max(a, 5);
      if (ratio > worst.ratio) worst = { ratio, what: `${JSON.stringify(tok)} in ${what}`, a, b };
    }
    rows.push({ name: `${g.id}: mutated lines (worst)`, sizes: ['6.4KB', '64KB'], totals: [worst.a, worst.b], stages: [{ [worst.what]: worst.b }] });
    printRow(rows[rows.length - 1]);
  }

  // the shapes of issue 16
  const runs = LONG;
  for (const ch of ['[', ']', '<', '"', '(', ':', '=', '@', ' ']) {
    measure(`run of ${JSON.stringify(ch)} on one line`, runs.map(kb), k => ({ text: `220 mx ESMTP\n550 ${ch.repeat(runs[k])}\n`, languageId: 'smtp-log' }));
  }
  measure('unclosed 550- multi-line reply', LINES.map(n => `${n / 1000}k`), k => ({ text: '220 mx ESMTP\nRCPT TO:<a@b.example>\n' + Array.from({ length: LINES[k] }, (_, i) => `550-5.7.1 line ${i} of a refusal`).join('\n') + '\n', languageId: 'smtp-log' }));
  measure('Exchange #550 ## lines in a bounce', LINES.map(n => `${n / 1000}k`), k => ({ text: 'From: postmaster@contoso.example\nSubject: Undeliverable: hi\n\nDelivery has failed to these recipients or groups:\n\n' + Array.from({ length: LINES[k] }, () => '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##').join('\n') + '\n', languageId: 'smtp-ndr' }));
  measure('NDR: one recipient per line, plain text', LINES.map(n => `${n / 1000}k`), k => ({ text: 'Subject: Undelivered Mail Returned to Sender\n\n' + Array.from({ length: LINES[k] }, (_, i) => `<u${i}@example.com>: 550 5.1.1 User unknown`).join('\n') + '\n', languageId: 'smtp-ndr' }));
  measure('exim rejected repeated on a line', LONG.map(kb), k => ({ text: `2024-05-06 11:02:11 H=h [1.2.3.4]:5 F=<a@b> ${'rejected '.repeat(LONG[k] / 9 / 10)}: x\n`.repeat(10), languageId: 'smtp-log' }));
  measure('exim authenticator phrase without match', LONG.map(kb), k => ({ text: `2024-05-06 11:02:11 H=h [1.2.3.4]:5 ${'x'.repeat(LONG[k] / 10)} rejected RCPT <a@b>: 550 no\n`.repeat(10), languageId: 'smtp-log' }));

  // mutated fixtures (the fuzz campaign's recipe): a token of a line repeated hundreds of times,
  // lines duplicated, bits flipped; every request on each, the slowest document reported
  {
    let x = 16;
    const rnd = (n: number) => { x = (x * 1664525 + 1013904223) >>> 0; return x % n; };
    const files = walkFiles(path.join(__dirname, '../../../test/fixtures')).filter(f => !/\.(md|py|sh)$/.test(f));
    let slowest = { ms: 0, what: '' }, docs = 0;
    for (const f of files) {
      const base = fs.readFileSync(f, 'latin1');
      for (let m = 0; m < 4; m++) {
        const lines = base.split('\n');
        const li = rnd(lines.length), toks = lines[li].split(/(\s+)/), ti = rnd(toks.length);
        toks[ti] = (toks[ti] + (m & 1 ? '' : ' ')).repeat(200 + rnd(3000));
        lines[li] = toks.join('');
        for (let k = 0; k < 3; k++) { const a = rnd(lines.length); lines.splice(a, 0, ...lines.slice(a, a + 1 + rnd(20))); }
        const chars = lines.join('\n').split('');
        for (let k = 0; k < 10; k++) { const p = rnd(chars.length); chars[p] = String.fromCharCode(chars[p].charCodeAt(0) ^ (1 << rnd(7))); }
        const text = chars.join('');
        for (const lang of ['smtp-log', 'smtp-ndr']) {
          const st = workload(`mutated ${path.basename(f)}`, text, lang);
          const ms = Object.values(st).reduce((a, b) => a + b, 0);
          docs++;
          if (ms > slowest.ms) slowest = { ms, what: `${path.relative(path.join(__dirname, '../../../test/fixtures'), f)} as ${lang}` };
        }
      }
    }
    console.log(`mutated fixtures: ${docs} documents, slowest ${slowest.ms.toFixed(0)} ms (${slowest.what})`);
  }

  // property run with the rest of the budget
  const propertyStart = performance.now();
  const left = () => BUDGET_S * 1000 - (performance.now() - propertyStart);
  console.log('');
  const arbs: [string, fc.Arbitrary<string>, string][] = [
    ...FORMATS.map(g => [g.id, logArb(g), g.languageId] as [string, fc.Arbitrary<string>, string]),
    ...BOUNCES.map(b => [b.id, bounceArb(b), 'smtp-ndr'] as [string, fc.Arbitrary<string>, string]),
  ];
  let docs = 0, invariantFailures = 0;
  for (let round = 0; left() > 0; round++) {
    for (const [id, arb, lang] of arbs) {
      if (left() <= 0) break;
      const r = fc.check(fc.property(arb, text => { docs++; checkInvariants(text, lang); }), { numRuns: 25, seed: 1000 + round * 31 + id.length });
      if (r.failed) { invariantFailures++; console.log(`INVARIANT ${id}: ${fc.defaultReportMessage(r)?.slice(0, 1500)}`); }
    }
  }
  for (const [id, text] of Object.entries(NON_SMTP)) {
    const doc = svc.parse(text, 'smtp-log');
    const n = svc.doValidation(doc).filter(d => d.severity !== 3).length;
    if (n) { invariantFailures++; console.log(`FALSE PROBLEMS in ${id}: ${n}`); }
  }
  console.log(`property run: ${docs} generated documents, ${invariantFailures} invariant failures`);
  console.log(`slowest single request: ${maxLatency.ms.toFixed(0)} ms wall time (${maxLatency.what})`);
  console.log(`peak memory (rss): ${(peakRss / 1048576).toFixed(0)} MB`);
  console.log(`growth over ${BOUND}x per 10x: ${failures} row(s); total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  process.exit(failures || invariantFailures ? 1 : 0);
}

main();
