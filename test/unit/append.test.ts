/**
 * A log that grows at its end while it is open (a `tail -f` style document VS Code reloads): the parse
 * goes on from where the previous version's ended, and gives the model, problems, outline and folding
 * that a parse from the top gives. fast-check cuts generated logs of every format at line boundaries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSmtpLanguageService, type SmtpDocument } from '../../server/src/core/smtpLanguageService';
import { parseWithDialect, resumeParse } from '../../server/src/core/parser/sessionParser';
import { DIALECTS } from '../../server/src/core/scanner/dialects';
import { tolerant } from '../../server/src/core/scanner/tolerant';
import type { Dialect } from '../../server/src/core/scanner/dialect';
import type { LogModel } from '../../server/src/core/parser/model';
import { FORMATS, fieldsArb, formatDoc } from '../helpers/generators';

const svc = createSmtpLanguageService();
const SEED = Number(process.env.PROPERTY_SEED ?? 16);

/** What a user sees of a model: its arrays, and the problems, outline and folding built on it. */
function seen(doc: SmtpDocument, withProblems = true) {
  const m = doc.log;
  return {
    format: m.format, lineCount: m.lineCount, notes: m.notes,
    lineStart: Array.from(m.lineStart), kind: Array.from(m.kind), code: Array.from(m.code), session: Array.from(m.session), pair: Array.from(m.pair),
    sessions: { count: m.sessions.count, first: Array.from(m.sessions.first), last: Array.from(m.sessions.last), flags: Array.from(m.sessions.flags) },
    open: Array.from(m.openSessions ?? []), fields: Array.from(m.fieldsLines),
    problems: withProblems ? svc.doValidation(doc) : undefined, outline: svc.findDocumentSymbols(doc).result, folding: svc.getFoldingRanges(doc).result,
  };
}

/** Cut `text` into pieces that end with a line break, at the given fractions of its lines. */
function cuts(text: string, at: number[]): string[] {
  const lines = text.split('\n');
  lines.pop();
  const points = [...new Set(at.map(f => Math.max(1, Math.min(lines.length, Math.round(f * lines.length)))))].sort((a, b) => a - b);
  const out: string[] = [];
  for (const p of points) out.push(lines.slice(0, p).join('\n') + '\n');
  if (out[out.length - 1] !== text) out.push(text);
  return out;
}

for (const g of FORMATS.filter(f => f.languageId === 'smtp-log')) {
  test(`${g.id}: a log growing by appended lines gives what a parse from the top gives`, () => {
    const arb = fc.record({
      ls: fc.array(fc.tuple(fc.nat(g.lines.length - 1), fieldsArb), { minLength: 2, maxLength: 40 }),
      at: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(arb, ({ ls, at }) => {
      const text = [...g.header, ...g.lead, ...ls.map(([t, f]) => g.lines[t](f))].join('\n') + '\n';
      let doc = svc.parse(cuts(text, at)[0]);
      // problems are validated on each version, as the server does: the next one looks at the appended lines only
      svc.doValidation(doc, { maxProblems: 3 });
      for (const version of cuts(text, at).slice(1)) {
        doc = svc.parse(version, 'smtp-log', { previous: doc.log });
        const full = svc.parse(version);
        assert.deepEqual(seen(doc, false), seen(full, false));
        assert.deepEqual(svc.doValidation(doc, { maxProblems: 3 }), svc.doValidation(full, { maxProblems: 3 }));
      }
    }), { numRuns: 25, seed: SEED });
  });
}

/** A dialect that counts the lines it is asked to classify. */
function counting(d: Dialect<unknown>): { d: Dialect<unknown>; n: () => number } {
  let n = 0;
  const w = Object.create(d) as Dialect<unknown>;
  w.classify = (text, s, e, out, st) => { n++; d.classify(text, s, e, out, st); };
  return { d: w, n: () => n };
}

test('an append classifies only the appended lines, and gives the same problems as a full parse', () => {
  for (const id of ['postfix', 'exchange-protocol', 'exchange-transcript', 'exim', 'sendmail']) {
    const g = FORMATS.find(f => f.id === id)!;
    const text = formatDoc(g, 3000);
    const more = formatDoc({ ...g, header: [], lead: [] }, 30).replace(/user(\d+)@/g, 'late$1@');
    const { d, n } = counting(tolerant(DIALECTS.find(x => x.id === id)!));
    const prev = parseWithDialect(text, d, id, id, []);
    const before = n();
    assert.ok(before >= 3000, `${id}: the first parse reads every line`);
    const next = resumeParse(prev, text + more);
    assert.ok(next, `${id}: the append is parsed on`);
    assert.equal(n() - before, 31, `${id}: 30 appended lines (and the empty line after them) are classified, not ${n() - before}`);
    const full = svc.parse(text + more);
    const asDoc = (log: LogModel): SmtpDocument => ({ languageId: 'smtp-log', log });
    assert.deepEqual(svc.doValidation(asDoc(next)), svc.doValidation(full), id);
    assert.deepEqual(Array.from(next.pair), Array.from(full.log.pair), id);
    // the earlier model is left as it was (a request may still be reading it)
    assert.equal(prev.lineCount, text.split('\n').length);
    assert.equal(prev.sessions.count, svc.parse(text).log.sessions.count);
  }
});

/**
 * A long log (over 1 MB) that grows as an editor reports it: the server knows the appended text, and the
 * model reads its text in two pieces (LogModel.pieces) instead of the editor's joined string. Every format,
 * appends of 7 lines (a reply in one piece may answer a command in the other), until the tail is large
 * enough for the text to be read as one string again.
 */
test('appends known to the caller are parsed from the pieces, and give what a parse from the top gives', () => {
  for (const g of FORMATS.filter(f => f.languageId === 'smtp-log')) {
    const one = formatDoc(g, 200).length / 200;
    const text = formatDoc(g, Math.ceil((1.3 * 1048576) / one), i => ({ i, code: [250, 354, 250, 550, 451, 221][i % 6], enhanced: ['2.0.0', '', '2.1.5', '5.1.1', '4.7.1', '2.0.0'][i % 6],
      addr: `user${i}@example${i % 7}.com`, host: `host${i % 13}.example.net`, text: i % 6 >= 3 ? 'rejected, see https://help.example.com/x' : 'OK', key: 1 + (i % 50) }));
    const lines = text.split('\n');
    lines.pop();
    const at = Math.floor(lines.length * 0.88);
    let version = lines.slice(0, at).join('\n') + '\n';
    let doc = svc.parse(version);
    svc.doValidation(doc, { maxProblems: 100000 });
    let pieced = 0, whole = 0;
    for (let l = at; l < lines.length; l += 7) {
      const added = lines.slice(l, l + 7).join('\n') + '\n';
      version += added;
      doc = svc.parse(version, 'smtp-log', { previous: doc.log, appended: added });
      if (doc.log.pieces) pieced++; else whole++;
      // problems after every append, as the server asks them (each goes on from the last)
      const last = svc.doValidation(doc, { maxProblems: 100000 });
      // compared with a parse from the top now and then (what went wrong stays wrong in the arrays)
      const n = (l - at) / 7;
      if (n % 40 !== 0 && l + 7 < lines.length) continue;
      const full = svc.parse(version);
      const m = doc.log, f = full.log;
      assert.deepEqual([m.lineCount, m.sessions.count], [f.lineCount, f.sessions.count], g.id);
      // the arrays as far as they go, and the last lines' text as the features read it
      for (const k of ['lineStart', 'kind', 'code', 'session', 'pair'] as const) assert.deepEqual(Array.from(m[k]), Array.from(f[k]), `${g.id} ${k} after line ${l}`);
      if (n === 0 || l + 7 >= lines.length) {
        assert.deepEqual(seen(doc, false), seen(full, false), g.id);
        assert.deepEqual(last, svc.doValidation(full, { maxProblems: 100000 }), g.id);
        assert.deepEqual(svc.findDocumentLinks(doc), svc.findDocumentLinks(full), g.id);
        const ref = m.lineCount - 3;
        assert.deepEqual(svc.findReferences(doc, 'file:///x.log', { line: ref, character: Math.max(0, lineOf(version, ref).indexOf('@') - 3) }),
          svc.findReferences(full, 'file:///x.log', { line: ref, character: Math.max(0, lineOf(version, ref).indexOf('@') - 3) }), g.id);
        for (const line of [1, at - 1, ref]) assert.deepEqual(svc.doHover(doc, { line, character: 2 }), svc.doHover(full, { line, character: 2 }), `${g.id} hover on line ${line}`);
      }
    }
    assert.ok(pieced > 0 && whole > 0, `${g.id}: appends read from pieces (${pieced}) and, once the tail grew, as one string (${whole})`);
  }
});

function lineOf(text: string, line: number): string {
  return text.split('\n')[line];
}

test('what is not an append is parsed from the top', () => {
  const g = FORMATS.find(f => f.id === 'postfix')!;
  const text = formatDoc(g, 200);
  const prev = svc.parse(text).log;
  // an edit in the middle, a last line without its line break, and a text that shrank
  assert.equal(resumeParse(prev, text.replace('user5@', 'userX@') + 'x\n'), undefined);
  const cut = svc.parse(text.slice(0, -1)).log;
  assert.equal(resumeParse(cut, text + 'more\n'), undefined);
  assert.equal(resumeParse(prev, text.slice(0, 100)), undefined);
  // parse() falls back and still gives the right model
  const edited = text.replace('user5@', 'userX@');
  assert.deepEqual(seen(svc.parse(edited, 'smtp-log', { previous: prev })), seen(svc.parse(edited)));
});
