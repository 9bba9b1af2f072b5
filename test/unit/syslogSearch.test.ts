/**
 * The syslog prefix of a line read inside a whole document (the classify pass, where the search for ": "
 * remembers where the last one ended) is the prefix of the same line read on its own: lines without ": ",
 * with it past the prefix limit, at the very start or end, and runs of such lines between syslog lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newSyslogParts, parseSyslog } from '../../server/src/core/scanner/syslog';
import { splitLines, lineEndAt } from '../../server/src/core/parser/lines';

const LINES = [
  'Nov 24 12:57:28 mx postfix/smtpd[12948]: connect from unknown[192.0.2.1]',
  '2024-01-01T10:00:00.123456+00:00 mx postfix/smtp[8909]: 4F2A31C0D4: to=<a@example.com>, status=sent (250 ok)',
  'Nov  4 01:02:03 host exim[12]: 1a2b3c-000001-AB <= a@example.com',
  'no colon and space anywhere on this line at all',
  'x'.repeat(300) + ': a colon after the prefix limit',
  ': at the start',
  'Nov 24 12:57:28 mx postfix/smtpd[1]:',
  'Nov 24 12:57:28 mx postfix/smtpd[1]: ',
  '',
  'short: x',
];

function readAlone(line: string): string {
  const p = newSyslogParts();
  return parseSyslog(line, 0, line.length, p) ? JSON.stringify([p.hostStart, p.tagStart, p.progEnd, p.tagEnd, p.msg]) : 'none';
}

test('syslog prefix: read in the whole document as on its own line (the search memo is exact)', () => {
  fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 40 }).map(s => s.replace(/[\r\n]/g, ' '))), { minLength: 1, maxLength: 60 }), lines => {
    const text = lines.join('\n') + (lines.length % 2 ? '\n' : '') + 'z'.repeat(600); // a tail long enough for the memo path
    const starts = splitLines(text);
    const p = newSyslogParts();
    for (let i = 0; i + 1 < starts.length; i++) {
      const s = starts[i], e = lineEndAt(text, starts, i);
      const whole = parseSyslog(text, s, e, p) ? JSON.stringify([p.hostStart - s, p.tagStart - s, p.progEnd - s, p.tagEnd - s, p.msg - s]) : 'none';
      assert.equal(whole, readAlone(text.slice(s, e)), `line ${i}: ${JSON.stringify(text.slice(s, e))}`);
    }
  }), { numRuns: 300, seed: 7 });
});
