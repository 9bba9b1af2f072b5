/**
 * The outline's session durations read times with timestampMs (records/time.ts), which must read every
 * timestamp exactly as parseTimestamp does (the ISO text the records carry): the same undefined, the same
 * instant, the same "writes fractions of a second", and the same years for syslog dates (the year tracker
 * asked the same way). Checked on every shape the logs write, with random fields (out-of-range ones
 * included), and on text that is not a timestamp. And visibleText's ASCII fast path changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTimestamp, timestampMs, YearTracker } from '../../server/src/core/records/time';
import { visibleText } from '../../server/src/core/visible';

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Foo'];
const n = (max: number, width: number) => fc.integer({ min: 0, max }).map(v => String(v).padStart(width, '0'));

/** timestamps of every shape parseTimestamp knows, some fields out of range, with random tails */
const stamp = fc.oneof(
  fc.tuple(n(9999, 4), n(13, 2), n(32, 2), fc.constantFrom('T', ' '), n(24, 2), n(60, 2), fc.option(n(61, 2)), fc.option(fc.stringMatching(/^[0-9]{1,9}$/)), fc.constantFrom('', 'Z', '+01:00', '-0530', ' +02:00'))
    .map(([y, mo, d, sep, h, mi, s, f, z]) => `${y}-${mo}-${d}${sep}${h}:${mi}${s !== null ? `:${s}${f !== null ? `.${f}` : ''}` : ''}${z}`),
  fc.tuple(fc.constantFrom(...MON), fc.integer({ min: 0, max: 32 }), fc.constantFrom(' ', '  '), n(24, 2), n(60, 2), n(61, 2), fc.option(fc.stringMatching(/^[0-9]{1,9}$/)))
    .map(([mo, d, sp, h, mi, s, f]) => `${mo}${sp}${d} ${h}:${mi}:${s}${f !== null ? `.${f}` : ''}`),
  fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.constantFrom('01', '99', '2001', '0999', '201'), fc.integer({ min: 0, max: 24 }), n(60, 2), fc.option(n(61, 2)), fc.constantFrom('', ' AM', ' PM', 'pm'))
    .map(([mo, d, y, h, mi, s, ap]) => `${mo}/${d}/${y} ${h}:${mi}${s !== null ? `:${s}` : ''}${ap}`),
  fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 32 }), fc.constantFrom(...MON), n(9999, 4), n(24, 2), n(60, 2), n(61, 2), fc.constantFrom('', ' +0100', ' -0800'))
    .map(([br, d, mo, y, h, mi, s, z]) => `${br ? '[' : ''}${d}/${mo}/${y}:${h}:${mi}:${s}${z}`),
  fc.tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 13 }), n(9999, 4), fc.integer({ min: 0, max: 24 }), n(60, 2))
    .map(([d, mo, y, h, mi]) => `${d}.${mo}.${y} ${h}:${mi}`),
  fc.string({ maxLength: 30 }),
).chain(s => fc.tuple(fc.constant(s), fc.constantFrom('', ' ', ' host postfix/smtpd[1]: connect', ',EX01,08DC', '  ')).map(([a, b]) => a + b));

/** The ISO text read by position, as the outline read it before timestampMs (Date.UTC: a 60th second rolls over). */
function isoMs(iso: string): number {
  const d = (i: number, k: number) => Number(iso.slice(i, i + k));
  let t = Date.UTC(d(0, 4), d(5, 2) - 1, d(8, 2), d(11, 2), d(14, 2), d(17, 2));
  let i = 19;
  if (iso.charAt(i) === '.') {
    const s = ++i;
    while (/\d/.test(iso.charAt(i))) i++;
    const k = Math.min(3, i - s);
    t += d(s, k) * 10 ** (3 - k);
  }
  const z = iso.charAt(i);
  if (z === '+' || z === '-') t -= (z === '+' ? 1 : -1) * (d(i + 1, 2) * 60 + d(i + 4, 2)) * 60000;
  return t;
}

test('timestampMs reads what parseTimestamp reads (instant, fractions, years of syslog dates)', () => {
  fc.assert(fc.property(fc.array(stamp, { minLength: 1, maxLength: 4 }), raws => {
    const a = new YearTracker({ year: 2000, month: 12 }), b = new YearTracker({ year: 2000, month: 12 });
    for (const raw of raws) {
      const p = parseTimestamp(raw, a);
      const out = { fractions: false };
      const ms = timestampMs(raw, b, out);
      if (!p) { assert.equal(ms, undefined, raw); continue; }
      assert.notEqual(ms, undefined, raw);
      // a year outside 1000-9999: NaN, the caller reads the ISO text itself
      if (Number.isNaN(ms)) { assert.ok(!/^\d{4}-/.test(p.iso), `${raw} -> ${p.iso}`); continue; }
      assert.equal(ms, isoMs(p.iso), `${raw} -> ${p.iso}`);
      assert.equal(out.fractions, p.iso.charAt(19) === '.', `${raw} -> ${p.iso}`);
    }
  }), { numRuns: 3000 });
});

test('timestampMs on the shapes real logs write', () => {
  const out = { fractions: false };
  const y = () => new YearTracker({ year: 2000, month: 12 });
  assert.equal(timestampMs('2024-03-04T08:00:00.004Z,EX01', y(), out), Date.UTC(2024, 2, 4, 8, 0, 0, 4));
  assert.equal(out.fractions, true);
  assert.equal(timestampMs('Jan  6 00:00:02 mail postfix/smtpd[1]:', y(), out), Date.UTC(2000, 0, 6, 0, 0, 2));
  assert.equal(out.fractions, false);
  assert.equal(timestampMs('4/2/01 8:00:14 PM : <<< EHLO', y(), out), Date.UTC(2001, 3, 2, 20, 0, 14));
  assert.equal(timestampMs('2024-01-01 10:00:00 +0100', y(), out), Date.UTC(2024, 0, 1, 9, 0, 0));
  assert.equal(timestampMs('Feb 30 99:00:00', y(), out), undefined);
  assert.equal(timestampMs('connect from host', y(), out), undefined);
});

test('visibleText: printable ASCII comes back as it is, controls and bidi are still shown', () => {
  fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 20 }), (ascii, any) => {
    for (const t of [ascii, any, ascii + any]) {
      const shown = visibleText(t);
      // nothing invisible is left, and printable ASCII is untouched
      assert.ok(!/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e]/.test(shown), JSON.stringify(shown));
      if (/^[\t\x20-\x7e]*$/.test(t)) assert.equal(shown, t);
    }
  }));
  assert.equal(visibleText('a\x1b[2Jb'), 'a\\x1b[2Jb');
  assert.equal(visibleText('x\u202Ey'), 'x<U+202E>y');
  assert.equal(visibleText('line\nnext', true), 'line\nnext');
  assert.equal(visibleText('line\nnext'), 'line\\x0anext');
});
