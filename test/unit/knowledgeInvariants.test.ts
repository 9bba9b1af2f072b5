/**
 * Invariants of the knowledge tables: every entry is well formed, cites a source and tells who acts
 * and what to check; the IANA registry is complete; every text pattern runs in linear time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASIC_CODES } from '../../server/src/core/knowledge/basicCodes';
import { ENHANCED_CODES } from '../../server/src/core/knowledge/enhancedCodes';
import { VENDOR_RULES } from '../../server/src/core/knowledge/vendorRules';
import { COMMANDS } from '../../server/src/core/knowledge/commands';
import { classOf, explainReply, lookupBasic, lookupEnhanced, type ReplyClass } from '../../server/src/core/knowledge';

/** IANA "Enumerated Status Codes" registry (updated 2024-12-06), subject.detail of every X.s.d entry. */
const IANA_REGISTRY = [
  '0.0',
  '1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9', '1.10',
  '2.0', '2.1', '2.2', '2.3', '2.4',
  '3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6',
  '4.0', '4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7',
  '5.0', '5.1', '5.2', '5.3', '5.4', '5.5', '5.6',
  '6.0', '6.1', '6.2', '6.3', '6.4', '6.5', '6.6', '6.7', '6.8', '6.9', '6.10',
  '7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '7.7', '7.8', '7.9', '7.10', '7.11', '7.12', '7.13', '7.14',
  '7.15', '7.16', '7.17', '7.18', '7.19', '7.20', '7.21', '7.22', '7.23', '7.24', '7.25', '7.26', '7.27', '7.28',
  '7.29', '7.30',
];

/** RFC 5321 §4.2.3 and the RFC 3207 / 4954 / 7504 reply codes, plus the IANA-associated ones. */
const RFC_BASIC = [211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 432, 450, 451, 452, 454, 455, 500, 501, 502, 503, 504,
  521, 530, 534, 535, 538, 550, 551, 552, 553, 554, 555, 556];
const IANA_ASSOCIATED = [422, 430, 453, 456, 458, 459, 523, 524, 525, 533];

/** Registry entries that describe a success or a note, not a failure: nobody has to act. */
const INFORMATIONAL = new Set(['X.1.5', 'X.1.9', 'X.3.6', 'X.6.4']);

const FAILURE = new Set<ReplyClass>(['transient', 'permanent']);

test('basic codes: unique, class digit matches the code, meaning, source; every 4xx/5xx says who acts and what to check', () => {
  const seen = new Set<number>();
  for (const e of BASIC_CODES) {
    assert.ok(!seen.has(e.code), `duplicate basic code ${e.code}`);
    seen.add(e.code);
    assert.match(String(e.code), /^[2-5]\d\d$/);
    assert.equal(e.cls, classOf(e.code), `${e.code}: class ${e.cls}`);
    assert.ok(e.meaning.length > 10, `${e.code}: meaning`);
    assert.ok(e.sources.length > 0, `${e.code}: no source`);
    if (FAILURE.has(e.cls)) {
      assert.ok(e.actors.length > 0 && !e.actors.includes('none'), `${e.code}: who acts`);
      assert.ok(e.checks.length > 0, `${e.code}: checks`);
      assert.ok(e.causes.length > 0, `${e.code}: causes`);
    }
  }
  for (const c of [...RFC_BASIC, ...IANA_ASSOCIATED]) assert.ok(lookupBasic(c), `basic code ${c} missing`);
});

test('enhanced codes: unique, well formed, sourced; every failure entry says who acts and what to check', () => {
  const seen = new Set<string>();
  for (const e of ENHANCED_CODES) {
    assert.ok(!seen.has(e.code), `duplicate enhanced code ${e.code}`);
    seen.add(e.code);
    assert.match(e.code, /^[X245]\.\d{1,3}\.\d{1,3}$/);
    assert.ok(e.meaning && e.description, `${e.code}: meaning/description`);
    assert.ok(e.sources.length > 0, `${e.code}: no source`);
    const failure = e.code.startsWith('X') ? !INFORMATIONAL.has(e.code) : e.code[0] === '4' || e.code[0] === '5';
    if (failure) {
      assert.ok(e.actors.length > 0 && !e.actors.includes('none'), `${e.code}: who acts`);
      assert.ok(e.checks.length > 0, `${e.code}: checks`);
    }
  }
});

test('every enhanced code of the IANA registry (X.0.0 .. X.7.30) is present, for both failure classes', () => {
  for (const sd of IANA_REGISTRY) {
    assert.ok(ENHANCED_CODES.some(e => e.code === `X.${sd}`), `X.${sd} missing`);
    for (const c of ['4', '5']) assert.ok(lookupEnhanced(`${c}.${sd}`), `${c}.${sd} not found`);
  }
});

test('commands: unique verbs and aliases, syntax, meaning, source, replies the basic table knows', () => {
  const seen = new Set<string>();
  for (const c of COMMANDS) {
    for (const v of [c.verb, ...(c.aliases ?? [])]) {
      assert.ok(!seen.has(v), `duplicate verb ${v}`);
      seen.add(v);
    }
    assert.ok(c.syntax && c.meaning && c.sources.length, `${c.verb}: incomplete`);
    for (const r of [...c.replies.success, ...c.replies.failure]) assert.ok(lookupBasic(r), `${c.verb}: unknown reply ${r}`);
  }
  for (const v of ['HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT', 'STARTTLS', 'AUTH', 'TURN',
    'ETRN', 'ATRN', 'XEXCH50', 'X-EXPS', 'X-ANONYMOUSTLS', 'XCLIENT', 'XFORWARD']) assert.ok(seen.has(v), `${v} missing`);
});

test('vendor rules: unique ids, sourced, something to match, consistent classes, who acts and checks for failures', () => {
  const ids = new Set<string>();
  for (const r of VENDOR_RULES) {
    assert.ok(!ids.has(r.id), `duplicate rule id ${r.id}`);
    ids.add(r.id);
    assert.ok(r.vendor && r.title && r.description, `${r.id}: vendor/title/description`);
    assert.ok(r.sources.length > 0, `${r.id}: no source`);
    assert.ok(r.pattern || r.codes?.length || r.enhanced?.length || r.enhancedRange?.length, `${r.id}: matches everything`);
    const digits = new Set<string>();
    for (const c of r.codes ?? []) digits.add(String(c)[0]);
    for (const e of [...(r.enhanced ?? []), ...(r.enhancedRange ?? []).flat()]) {
      assert.match(e, /^[X245]\.\d{1,3}\.\d{1,3}$/, `${r.id}: enhanced ${e}`);
      if (e[0] !== 'X') digits.add(e[0]);
    }
    for (const [a, b] of r.enhancedRange ?? []) {
      const [x, y] = [a.split('.'), b.split('.')];
      assert.ok(x[0] === y[0] && x[1] === y[1] && Number(x[2]) <= Number(y[2]), `${r.id}: range ${a}-${b}`);
    }
    const classes = new Set<ReplyClass>(r.classes ?? [...digits].map(d => classOf(d)!));
    for (const d of digits) assert.ok(!r.classes || r.classes.includes(classOf(d)!), `${r.id}: code class ${d} outside classes`);
    const failure = classes.size === 0 || [...classes].some(c => FAILURE.has(c));
    if (failure) {
      assert.ok(r.actors.length > 0, `${r.id}: who acts`);
      assert.ok(r.checks.length > 0 || r.actors.includes('none'), `${r.id}: checks`);
    }
    if (r.overrideClass) {
      assert.ok(r.overrideNote, `${r.id}: overrideClass without a note`);
      assert.ok(classes.size === 0 || [...classes].some(c => c !== r.overrideClass), `${r.id}: override never changes anything`);
    }
    for (const l of r.links ?? []) assert.match(l, /^https:\/\/[^\s()<>]+$/, `${r.id}: link ${l}`);
  }
});

test('every source that names a URL names a well-formed one', () => {
  const all = [...BASIC_CODES, ...ENHANCED_CODES, ...VENDOR_RULES, ...COMMANDS].flatMap(e => e.sources);
  for (const s of all) {
    const urls = s.match(/https?:\/\/\S+/g) ?? [];
    for (const u of urls) assert.match(u, /^https?:\/\/[a-z0-9.-]+\.[a-z]{2,}(?:[/?#]\S*)?$/i, `source URL ${u}`);
    assert.ok(s.trim().length > 5, `empty source "${s}"`);
  }
});

// ------------------------------------------------------------------------------------------ patterns

/**
 * Static check that a pattern cannot backtrack badly: no backreferences; a group may only be made
 * optional ("?"), never repeated; unbounded repetition (* + {n,}) only on a single character,
 * whitespace or a digit class, never on ".", a negated class or \S / \w / \W / \D; bounded
 * repetition at most 1000.
 */
function linearityProblem(source: string): string | undefined {
  if (/\\[1-9]|\\k</.test(source)) return 'backreference';
  type Atom = { kind: 'char' | 'narrow' | 'broad' | 'group' };
  let last: Atom | undefined;
  const groupStack: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1];
      last = { kind: /[SWDw.]/.test(n) ? 'broad' : 'narrow' };
      if (n === 'u' && source[i + 2] === '{') i = source.indexOf('}', i);
      else if (n === 'u') i += 5; else if (n === 'x') i += 3; else i++;
      continue;
    }
    if (c === '[') {
      const negated = source[i + 1] === '^';
      let j = i + 1;
      while (j < source.length && source[j] !== ']') { if (source[j] === '\\') j++; j++; }
      last = { kind: negated ? 'broad' : 'narrow' };
      i = j;
      continue;
    }
    if (c === '(') { groupStack.push(i); last = undefined; continue; }
    if (c === ')') { groupStack.pop(); last = { kind: 'group' }; continue; }
    if (c === '|' || c === '^' || c === '$') { last = undefined; continue; }
    if (c === '*' || c === '+' || c === '{') {
      let bounded = false;
      if (c === '{') {
        const m = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i));
        if (!m) { last = { kind: 'char' }; continue; }
        bounded = m[2] !== '' ;
        const max = m[2] === undefined ? Number(m[1]) : m[2] === '' ? Infinity : Number(m[2]);
        if (max > 1000) return `repetition up to ${max}`;
        i += m[0].length - 1;
      }
      if (!last) return 'quantifier without an atom';
      if (last.kind === 'group') return 'repeated group';
      if (!bounded && last.kind === 'broad') return 'unbounded repetition of a broad class';
      if (source[i + 1] === '?' || source[i + 1] === '+') i++;
      last = undefined;
      continue;
    }
    if (c === '?') {
      if (last) { last = undefined; continue; }
      // "(?:", "(?=", "(?!", "(?<=", "(?<!" right after "(" are group syntax, handled by the "(" branch
      continue;
    }
    last = { kind: c === '.' ? 'broad' : 'char' };
  }
  return undefined;
}

test('the linearity check itself rejects the classic catastrophic shapes', () => {
  for (const bad of ['(a+)+$', '(a|ab)*c', '(.*a){12}', '(\\w+\\s?)*$', '.*foo.*bar', '(x)\\1', '[^>]+>', '\\S+@']) {
    assert.ok(linearityProblem(bad), `not rejected: ${bad}`);
  }
  for (const good of ['user unknown', 'a\\s+b', 'relay(?:ing)? denied', '\\d{1,3}\\.\\d{1,3}', '.{0,60}fail', '(?<!relay )access']) {
    assert.equal(linearityProblem(good), undefined, good);
  }
});

test('every vendor pattern is linear: no nested or broad unbounded repetition, no backreference, no stateful flag', () => {
  for (const r of VENDOR_RULES) {
    if (!r.pattern) continue;
    assert.equal(linearityProblem(r.pattern.source), undefined, `${r.id}: ${r.pattern.source}`);
    assert.ok(!r.pattern.global && !r.pattern.sticky, `${r.id}: g/y flags make test() stateful`);
  }
});

test('every vendor pattern finishes quickly on 100 KB adversarial input', () => {
  const inputs = (r: RegExp): string[] => {
    const word = (/[A-Za-z]{3,}/.exec(r.source)?.[0] ?? 'abc') + ' ';
    return ['a'.repeat(100_000), ' '.repeat(100_000), word.repeat(Math.ceil(100_000 / word.length)),
      '1.'.repeat(50_000), '<'.repeat(100_000), 'relay access '.repeat(8000)];
  };
  for (const r of VENDOR_RULES) {
    if (!r.pattern) continue;
    const t0 = process.hrtime.bigint();
    for (const s of inputs(r.pattern)) r.pattern.test(s);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    // a backtracking pattern takes seconds to hours here; linear ones take well under a millisecond per input
    assert.ok(ms < 2000, `${r.id} took ${ms.toFixed(0)} ms on adversarial input`);
  }
});

test('explainReply never throws and stays sensible on odd input', () => {
  const texts = ['', '\u0000\u0001', 'x'.repeat(1_000_000), '550-5.7.1 ' + '550-5.7.1 a '.repeat(5000), '\ud800', '🙂 ユーザーが存在しません'];
  for (const code of [undefined, 0, 99, 100, 250, 299, 421, 550, 599, 600, 999, NaN, 2.5]) {
    for (const enhanced of [undefined, '', '5.1.1', '9.9.9', '5.999.999', 'X.1.1', '4.4.7 ', 'junk']) {
      for (const text of texts) {
        const e = explainReply({ code: code as number | undefined, enhanced, text });
        assert.ok(e.title && e.retry && Array.isArray(e.actors) && e.actors.length > 0, `${code} ${enhanced}`);
        assert.ok(['success', 'intermediate', 'transient', 'permanent'].includes(e.cls));
      }
    }
  }
});
