/**
 * Several inputs through one stream (core/stream/sources.ts, the CLI's and the workspace summary's loop),
 * the summary and filtered views over them (core/summary/sources.ts), and LinePicker (the text of chosen
 * lines, read again, with the engine's line numbers across chunk boundaries).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSmtpLanguageService, readSources, LinePicker, type Source } from '../../server/src/core/smtpLanguageService';
import { splitLines, lineEndAt } from '../../server/src/core/parser/lines';

const FIX = path.join(__dirname, '../../../test/fixtures');
const service = createSmtpLanguageService();
const MODIFIED = new Date('2026-12-01T00:00:00');

/** A source of a text in chunks of `size` bytes (UTF-8), as a file read from disk would come. */
function source(name: string, text: string | Uint8Array, size = 7): Source {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return {
    path: name, modified: MODIFIED,
    open: async function* () { for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size); },
  };
}

test('LinePicker: the chosen lines of a text with LF, CRLF and lone CR, fed in pieces of any size, as splitLines counts them', () => {
  const text = 'zero\r\none\rtwo\n\nfour\r\n\r\nsix\r\rlast no break';
  const starts = splitLines(text);
  const all = Array.from({ length: starts.length - 1 }, (_, i) => text.slice(starts[i], lineEndAt(text, starts, i)));
  assert.equal(all.length, 9);
  const wanted = [0, 1, 2, 3, 5, 6, 7, 8];
  for (let size = 1; size <= text.length; size++) {
    const p = new LinePicker(wanted);
    for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
    p.end();
    assert.deepEqual(p.picked, wanted.map(l => ({ line: l, text: all[l] })), `pieces of ${size}`);
  }
  // done once every wanted line is found; a long line is cut with an ellipsis; a repeated wanted line is taken once
  const p = new LinePicker([1, 1], 5);
  p.push('a\n' + 'x'.repeat(50) + '\nmore');
  assert.equal(p.done, true);
  assert.deepEqual(p.picked, [{ line: 1, text: 'xxxxx…' }]);
});

test('readSources: rotated sets through one stream (a message spanning the rotation counted once), the same totals as one text', async () => {
  const text = fs.readFileSync(path.join(FIX, 'generated/postfix-maillog-mx-a.log'), 'utf8');
  const lines = text.split(/(?<=\n)/);
  const whole = service.summarize(text, 'mail.log');
  // the same log split in two files of one rotated set (oldest first)
  const split = await service.summarizeSources([[source('mail.log.1', lines.slice(0, 60).join('')), source('mail.log', lines.slice(60).join(''), 1000)]]);
  assert.deepEqual(split.summary.totals, whole.totals);
  assert.deepEqual(split.read.files.map(f => [f.path, f.format]), [['mail.log.1', 'postfix'], ['mail.log', 'postfix']]);
  // two unrelated sets: the totals add up
  const other = fs.readFileSync(path.join(FIX, 'generated/postfix-maillog-mx-b.log'), 'utf8');
  const two = await service.summarizeSources([[source('a.log', text)], [source('b.log', other)]]);
  const b = service.summarize(other, 'b.log');
  for (const k of ['connections', 'received', 'delivered', 'deferred', 'bounced', 'rejected', 'failures'] as const) assert.equal(two.summary.totals[k], whole.totals[k] + b.totals[k], k);
});

test('readSources: a binary file is left once the stream has looked at it (skipUnknown: its first 64 KB), an unreadable one is an error, stop() ends the reading', async () => {
  const binary = new Uint8Array(64 * 4096).map((_, i) => (i * 7919) & 0xff);
  let chunksRead = 0;
  const counting: Source = { path: 'blob.bin', open: async function* () { for (let i = 0; i < 64; i++) { chunksRead++; yield binary.subarray(i * 4096, (i + 1) * 4096); } } };
  const broken: Source = { path: 'gone.log', open: () => { throw new Error('ENOENT: no such file'); } };
  const log = fs.readFileSync(path.join(FIX, 'exim/mainlog.log'), 'utf8');
  const r = await readSources([[counting], [broken], [source('mainlog', log)]], { onRecord: () => undefined, skipUnknown: true });
  assert.ok(chunksRead < 64, `${chunksRead} of 64 chunks read`);
  assert.deepEqual(r.files.map(f => f.format), ['binary', 'empty', 'exim']);
  assert.deepEqual(r.errors, [{ path: 'gone.log', message: 'ENOENT: no such file' }]);
  assert.equal(r.stopped, false);
  let records = 0;
  const stopped = await readSources([[source('mainlog', log)], [source('again', log)]], { onRecord: () => { records++; }, stop: () => records > 0 });
  assert.equal(stopped.stopped, true);
  assert.deepEqual(stopped.files.map(f => f.path), ['mainlog']);
});

test('filterSources: the lines a filter counts in several files, under a header per file, each the text of its line; the same lines as the document\'s view', async () => {
  const exim = fs.readFileSync(path.join(FIX, 'exim/mainlog.log'), 'utf8');
  const postfix = fs.readFileSync(path.join(FIX, 'generated/postfix-maillog.log'), 'utf8').replace(/\n/g, '\r\n');
  const v = await service.filterSources([[source('exim.log', exim)], [source('postfix.log', postfix, 13)]], 'failures', { name: p => `logs/${p}` });
  assert.ok(typeof v !== 'string');
  assert.deepEqual(v.files, ['exim.log', 'postfix.log']);
  const text = v.text.split('\n');
  assert.equal(text[0], '==> logs/exim.log <==');
  const eximDoc = service.filterView(service.parse(exim, 'smtp-log'), exim, 'exim.log', 'failures');
  const postfixDoc = service.filterView(service.parse(postfix, 'smtp-log'), postfix, 'postfix.log', 'failures');
  assert.ok(typeof eximDoc !== 'string' && typeof postfixDoc !== 'string');
  const linesOf = (fi: number) => v.lines.filter((l, i) => v.fileOf[i] === fi && l >= 0);
  assert.deepEqual(linesOf(0), eximDoc.lines);
  assert.deepEqual(linesOf(1), postfixDoc.lines);
  assert.equal(v.count, eximDoc.count + postfixDoc.count);
  const sep = text.indexOf('');
  assert.equal(v.fileOf[sep], -1);
  assert.equal(text[sep + 1], '==> logs/postfix.log <==');
  assert.deepEqual(text.slice(1, sep), eximDoc.text.split('\n'));
  assert.deepEqual(text.slice(sep + 2), postfixDoc.text.split('\n'));
  // capped: the view says it is cut, and holds no more lines than asked
  const cut = await service.filterSources([[source('exim.log', exim)], [source('postfix.log', postfix)]], 'failures', { maxLines: 5 });
  assert.ok(typeof cut !== 'string');
  assert.equal(cut.cut, true);
  assert.equal(cut.lines.filter(l => l >= 0).length, 5);
  assert.equal(typeof await service.filterSources([[source('x', exim)]], 'domain:'), 'string');
});
