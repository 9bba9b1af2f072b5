/** Time between lines: the hover on a timestamp and the reply-delay inlay hints. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSmtpLanguageService } from '../../server/src/core/smtpLanguageService';
import { formatDuration } from '../../server/src/core/features/logTime';

const ROOT = path.join(__dirname, '../../..');
const service = createSmtpLanguageService();
const hoverText = (text: string, line: number, character: number): string => {
  const h = service.doHover(service.parse(text, 'smtp-log'), { line, character });
  return h ? (h.contents as { value: string }).value : '';
};

test('hover on a timestamp: the time, since the previous line of the session and since the session started', () => {
  const text = fs.readFileSync(path.join(ROOT, 'samples/exchange-transcript.log'), 'utf8');
  const v = hoverText(text, 2, 3);
  assert.match(v, /2001-04-02 08:02:11/);
  assert.match(v, /1 s since the previous line of this session \(line 2\)/);
  assert.match(v, /1 s since the session started \(line 1\)/);
  assert.match(hoverText(text, 0, 3), /The session starts here/);
});

test('hover on a timestamp across New Year in a syslog (no year written): seconds, not a year backwards', () => {
  const text = [
    'Dec 31 23:59:58 mx postfix/smtpd[7]: connect from c.example[192.0.2.1]',
    'Jan  1 00:00:03 mx postfix/smtpd[7]: disconnect from c.example[192.0.2.1] ehlo=1 quit=1 commands=2', ''].join('\n');
  const v = hoverText(text, 1, 2);
  assert.match(v, /`Jan +1 00:00:03`/);
  assert.match(v, /5 s since the session started \(line 1\)/);
});

test('inlay hints: the delay before each reply, from the command it answers', () => {
  const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/exchange/RECV2024030509-1.LOG'), 'utf8');
  const doc = service.parse(text, 'smtp-log');
  const hints = service.getReplyDelayHints(doc, 0, doc.log.lineCount).result;
  assert.ok(hints.length > 5);
  const lines = text.split(/\r?\n/);
  for (const h of hints) {
    assert.match(String(h.label), /^\+\d/);
    // placed on the reply code
    assert.match(lines[h.position.line].slice(h.position.character), /^\d{3}/);
  }
  // only the asked lines
  const some = service.getReplyDelayHints(doc, hints[1].position.line, hints[1].position.line).result;
  assert.deepEqual(some.map(h => h.position.line), [hints[1].position.line]);
  // a syslog without command/reply pairs has none
  const pf = service.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/generated/postfix-maillog.log'), 'utf8'), 'smtp-log');
  assert.equal(service.getReplyDelayHints(pf, 0, pf.log.lineCount).result.length, 0);
});

test('durations read as people say them', () => {
  assert.equal(formatDuration(250), '0.25 s');
  assert.equal(formatDuration(12_300), '12.3 s');
  assert.equal(formatDuration(185_000), '3 min 5 s');
  assert.equal(formatDuration(2 * 3_600_000 + 3 * 60_000), '2 h 3 min');
  assert.equal(formatDuration(28 * 3_600_000), '1 d 4 h');
  assert.equal(formatDuration(-2000), '2 s earlier');
});
