/**
 * The property layer (issue 16): fast-check generates documents of every log format and of bounces,
 * with hostile field values (controls, bidi overrides, brackets, odd codes), and checks on each one
 * the invariants of test/helpers/invariants.ts. Seeded and short here (a few seconds); `npm run stress`
 * runs the same properties with a time budget and measures time growth.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createSmtpLanguageService } from '../../server/src/core/smtpLanguageService';
import { BOUNCES, FORMATS, bounceArb, fullLogArb, logArb, NON_SMTP } from '../helpers/generators';
import { checkInvariants, summary } from '../helpers/invariants';

const svc = createSmtpLanguageService();
const RUNS = Number(process.env.PROPERTY_RUNS ?? 8);
const SEED = Number(process.env.PROPERTY_SEED ?? 16);

for (const g of FORMATS) {
  test(`${g.id}: generated logs keep the invariants`, () => {
    fc.assert(fc.property(logArb(g), text => checkInvariants(text, g.languageId)), { numRuns: RUNS, seed: SEED });
  });
  test(`${g.id}: the generated lines are read as ${g.id}`, () => {
    fc.assert(fc.property(fullLogArb(g), text => { assert.equal(svc.parse(text).log.format, g.id); }), { numRuns: 5, seed: SEED });
  });
}

for (const b of BOUNCES) {
  test(`${b.id}: generated bounces keep the invariants`, () => {
    fc.assert(fc.property(bounceArb(b), text => checkInvariants(text, 'smtp-ndr')), { numRuns: RUNS, seed: SEED });
  });
}

test('UTF-16 (LE and BE, with a byte order mark) read as single bytes gives the same problems and outline as UTF-8', () => {
  for (const g of FORMATS.slice(0, 4)) {
    fc.assert(fc.property(logArb(g), text => {
      const le = Buffer.from('\ufeff' + text, 'utf16le');
      const be = Buffer.from(le).swap16();
      const base = summary(svc.parse(text, g.languageId));
      assert.deepEqual(summary(svc.parse(le.toString('latin1'), g.languageId)), base);
      assert.deepEqual(summary(svc.parse(be.toString('latin1'), g.languageId)), base);
    }), { numRuns: 4, seed: SEED });
  }
});

test('an incremental edit gives the same result as opening the edited text', () => {
  // the server applies edits with TextDocument (as here) and parses the new version: the result must
  // equal opening the edited text, whatever the edit cuts (a CRLF, a reply, a header)
  for (const g of FORMATS) {
    fc.assert(fc.property(logArb(g), fc.nat(), fc.nat(40), fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('\r\n', '\n', '550 5.1.1 x\n', '\ufeff', ' ')), (text, at, len, ins) => {
      const doc = TextDocument.create('file:///x.log', g.languageId, 1, text);
      svc.doValidation(svc.parse(doc.getText(), g.languageId));
      const a = at % (text.length + 1), b = Math.min(text.length, a + len);
      TextDocument.update(doc, [{ range: { start: doc.positionAt(a), end: doc.positionAt(b) }, text: ins }], 2);
      const edited = doc.getText();
      const fresh = TextDocument.create('file:///y.log', g.languageId, 1, edited);
      assert.deepEqual(summary(svc.parse(edited, g.languageId)), summary(svc.parse(fresh.getText(), g.languageId)));
      assert.deepEqual(visible(svc.parse(edited, g.languageId)), visible(svc.parse(fresh.getText(), g.languageId)));
    }), { numRuns: 4, seed: SEED });
  }
});

/** Problem messages and outline names: what an edit must not leave stale. */
function visible(doc: ReturnType<typeof svc.parse>): string[] {
  return [...svc.doValidation(doc).map(d => d.message), ...svc.findDocumentSymbols(doc).result.map(s => s.name)];
}

test('no problem in text that is not SMTP', () => {
  for (const [name, text] of Object.entries(NON_SMTP)) {
    for (const lang of ['smtp-log', 'smtp-ndr']) {
      const diags = svc.doValidation(svc.parse(text, lang)).filter(d => d.severity !== 3);
      assert.deepEqual(diags.map(d => d.message), [], `${name} as ${lang}`);
    }
  }
});
