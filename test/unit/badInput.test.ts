import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, service, lineOf } from '../helpers/log';

const GOOD = '<<< RCPT TO:<a@example.com>\n>>> 550 5.1.1 User unknown\n';

function allFeatures(text: string) {
  const doc = parse(text);
  const lines = Math.min(doc.log.lineCount, 50);
  for (let l = 0; l < lines; l++) for (const c of [0, 1, 5, 10, 100]) service.doHover(doc, { line: l, character: c });
  return { doc, diags: service.doValidation(doc), syms: service.findDocumentSymbols(doc).result, folds: service.getFoldingRanges(doc).result };
}

test('binary data: a clear note, no problems, no sessions', () => {
  let bin = '';
  for (let i = 0; i < 5000; i++) bin += String.fromCharCode((i * 7919) % 256);
  const r = allFeatures(bin);
  assert.equal(r.doc.log.format, 'binary');
  assert.match(r.doc.log.notes[0], /binary data/);
  assert.deepEqual(r.diags, []);
  assert.deepEqual(r.syms, []);
});

test('UTF-16 read as UTF-8: the note says how to reopen it', () => {
  const u16 = Buffer.from(GOOD.repeat(20), 'utf16le').toString('latin1');
  const r = allFeatures(u16);
  assert.match(r.doc.log.notes[0], /UTF-16/);
  assert.deepEqual(r.diags, []);
});

test('NUL bytes inside a log do not stop the analysis', () => {
  const t = '<<< HELO a\u0000b\n>>> 250 OK\n' + GOOD;
  const r = allFeatures(t);
  assert.equal(r.diags.length, 1);
});

test('a 1 MB line is skipped with a note; the rest is analyzed', () => {
  const t = GOOD + '>>> 250 ' + 'x'.repeat(1024 * 1024) + '\n' + GOOD;
  const r = allFeatures(t);
  assert.equal(r.diags.length, 2);
  assert.match(r.doc.log.notes.join(' '), /Line 3 is 1024 KB long; it was not analyzed/);
});

test('mixed CRLF / LF / lone CR line endings count lines as editors do', () => {
  const t = '<<< HELO a\r\n>>> 250 OK\n<<< RCPT TO:<b@example.com>\r>>> 550 5.1.1 no\r\n';
  const r = allFeatures(t);
  assert.equal(r.doc.log.lineCount, 5);
  assert.deepEqual(r.diags.map(d => [d.range.start.line, d.range.start.character]), [[3, 4]]);
  assert.equal(r.doc.log.pair[3], 2);
});

test('a log cut mid-line and a truncated session: no crash, no false problem, session incomplete', () => {
  const t = '4/2/01 8:12:30 AM : A connection was accepted from 192.0.2.44\n4/2/01 8:12:31 AM : <<< MAIL FROM:<a@example.com>\n4/2/01 8:12:31 AM : >>> 25';
  const r = allFeatures(t);
  assert.deepEqual(r.diags, []);
  assert.match(r.syms[0].name, /incomplete$/);
});

test('a .log that is not SMTP at all is plain text with no problems', () => {
  const t = '2024-01-01 10:00:00 INFO Starting web server on port 8080\n2024-01-01 10:00:01 ERROR 500 Internal Server Error GET /index.html\n'.repeat(50);
  const r = allFeatures(t);
  assert.equal(r.doc.log.format, 'plain');
  assert.deepEqual(r.diags, []);
  assert.deepEqual(r.syms, []);
  assert.deepEqual(r.folds, []);
});

test('empty document and positions outside the document', () => {
  const r = allFeatures('');
  assert.deepEqual(r.diags, []);
  assert.equal(service.doHover(parse(GOOD), { line: 99, character: 0 }), null);
  assert.equal(service.doHover(parse(GOOD), { line: -1, character: -5 }), null);
  assert.equal(lineOf(GOOD, '550'), 1);
});
