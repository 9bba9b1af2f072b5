/** Bad input in the smtp-ndr language: nothing throws, nothing false is reported. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { service } from '../helpers/log';

const FIX = path.join(__dirname, '../../../test/fixtures');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const PF = read('generated/postfix-dsn-5.1.1-user-unknown.eml');

/** Every feature at every line of a document (and parse): returns what it found, never throws. */
function exercise(text: string) {
  const d = service.parse(text, 'smtp-ndr');
  const problems = service.doValidation(d);
  const symbols = service.findDocumentSymbols(d).result;
  const folds = service.getFoldingRanges(d).result;
  const lines = Math.min(d.log.lineCount, 400);
  for (let l = 0; l < lines; l++) for (const c of [0, 3, 9, 30]) service.doHover(d, { line: l, character: c });
  return { d, problems, symbols, folds };
}

test('binary data opened as smtp-ndr: no report, no problem, no outline', () => {
  let junk = '';
  for (let i = 0; i < 20000; i++) junk += String.fromCharCode((i * 31) % 256);
  const r = exercise(junk);
  assert.deepEqual([r.problems, r.symbols], [[], []]);
  assert.match(r.d.log.notes.join(' '), /binary/);
});

test('empty text, a lone boundary, NUL bytes and U+FFFD characters do not break the reader', () => {
  for (const t of ['', '\n', '--\n--\n', 'Content-Type: multipart/report; boundary=""\n\n--\n', PF.replace(/e/g, '\u0000e').slice(0, 3000), PF.replace(/o/g, '\ufffd')]) {
    exercise(t);
  }
  // replacement characters in the human text do not hide the machine-readable report
  assert.equal(exercise(PF.replace(/mail system/g, 'm\ufffdil syst\ufffdm')).problems.length, 1);
});

test('a 1 MB line inside a bounce (a huge header, a base64 block without breaks) leaves the report intact', () => {
  const big = PF.replace('X-Original-To:', `X-Junk: ${'x'.repeat(1024 * 1024)}\nX-Original-To:`)
    .replace('This is a test mailing', 'QUJD'.repeat(300000));
  const r = exercise(big);
  assert.deepEqual(r.problems.map(p => p.code), ['5.1.1']);
});

test('mixed CRLF and LF: the problem sits on the Status: value as the editor counts lines', () => {
  const lines = PF.split('\n');
  const mixed = lines.map((l, i) => l + (i % 3 === 0 ? '\r\n' : '\n')).join('').slice(0, -1);
  const r = exercise(mixed);
  const at = r.problems[0].range.start;
  const line = mixed.split(/\r\n|\n/)[at.line];
  assert.equal(line.slice(at.character, at.character + 5), '5.1.1');
});

test('truncated anywhere, every fixture still parses; a cut inside the report keeps what was there', () => {
  const mails = (dir: string) => readdirSync(path.join(FIX, dir)).filter(f => /\.(?:eml|txt|msg)$/.test(f)).map(f => `${dir}/${f}`);
  const files = [...mails('ndr'), ...mails('ndr/conformance'), 'generated/postfix-dsn-two-recipients-5.1.1.eml', 'generated/postfix-dsn-bounce-of-bounce.eml'];
  for (const f of files) {
    const t = read(f);
    for (let k = 1; k <= 24; k++) exercise(t.slice(0, Math.floor((t.length * k) / 25)));
  }
  const cut = PF.slice(0, PF.indexOf('Remote-MTA:'));
  assert.deepEqual(service.parse(cut, 'smtp-ndr').ndr!.reports.map(r => [r.recipient, r.status, r.reason]), [['nosuch@b.example.test', '5.1.1', 'userunknown']]);
});

test('a mail that is not a bounce, opened as smtp-ndr: plain text, no problems, no hovers', () => {
  const r = exercise(read('ndr/plain-mail.eml'));
  assert.deepEqual(r.problems, []);
  const line = read('ndr/plain-mail.eml').split('\n').findIndex(l => l.includes('status 550'));
  assert.equal(service.doHover(r.d, { line, character: read('ndr/plain-mail.eml').split('\n')[line].indexOf('550') + 1 }), null);
});

test('thousands of recipients are bounded by the problem limit with a note', () => {
  let dsn = 'Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n';
  for (let i = 0; i < 3000; i++) dsn += `\nFinal-Recipient: rfc822; u${i}@example.com\nAction: failed\nStatus: 5.1.1\n`;
  dsn += '--b--\n';
  const d = service.parse(dsn, 'smtp-ndr');
  assert.equal(d.ndr!.reports.length, 3000);
  const p = service.doValidation(d, { maxProblems: 100 });
  assert.equal(p.length, 101);
  assert.match(p[100].message, /Only the first 100 of 3000 failed recipients/);
  const s = service.findDocumentSymbols(d, { maxOutlineItems: 500 });
  assert.equal(s.limited, true);
});
