/**
 * Grammar tests (DESIGN.md section 6, layer 2), modelled on TypeScript-TmLanguage's baselines and
 * vscode-tmgrammar-test's caret assertions:
 *  - every file in cases/ is tokenized and compared with its accepted baseline in baselines/
 *    (`npm run test:grammar:accept` copies generated/ over baselines/ after a deliberate change);
 *  - every scope ends with its grammar's suffix (.smtp-log / .smtp-ndr);
 *  - assertions/*: short fixtures with `## SYNTAX TEST "<scope>"` headers whose `##  ^^^ scope` lines
 *    assert scopes under the source line above them;
 *  - the grammar's regular expressions are linear (no nested quantifiers), and adversarial lines
 *    tokenize without hitting a runaway guard.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { contributedGrammars, loadGrammar, ROOT, tokenizeLines, type Token } from './tokenize';

const DIR = path.join(ROOT, 'test/grammar');
const CASES = path.join(DIR, 'cases');
const BASELINES = path.join(DIR, 'baselines');
const GENERATED = path.join(DIR, 'generated');
const GRAMMARS = contributedGrammars();

/** The language of a case or assertion file: NDR cases are named ndr-* or end in .eml / .ndr. */
function languageOf(file: string): string {
  const base = path.basename(file);
  return /^ndr-|\.(eml|ndr)$/i.test(base) ? 'smtp-ndr' : 'smtp-log';
}

/** TypeScript-TmLanguage's baseline layout: the source, then each line with carets under each token and its scopes. */
function baseline(lines: string[], tokens: Token[][], rootScope: string): string {
  const out: string[] = ['original file', '-----------------------------------', ...lines, '', 'grammar result', '-----------------------------------'];
  lines.forEach((line, i) => {
    out.push('>' + line);
    for (const t of tokens[i]) {
      if (t.end <= t.start) continue;
      const scopes = t.scopes.filter(s => s !== rootScope);
      if (!scopes.length && !t.text.trim()) continue;
      out.push(' ' + ' '.repeat(t.start) + '^'.repeat(t.end - t.start));
      out.push(' ' + (scopes.length ? scopes.join(' ') : rootScope));
    }
  });
  return out.join('\n') + '\n';
}

const caseFiles = fs.existsSync(CASES) ? fs.readdirSync(CASES).filter(f => !f.startsWith('.')).sort() : [];

test('the committed smtp-log grammar is what scripts/grammar/smtp-log.grammar.mjs makes', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/grammar/smtp-log.grammar.mjs'), '--check'], { stdio: 'pipe' });
});

test('there are grammar cases for both languages', () => {
  assert.ok(caseFiles.some(f => languageOf(f) === 'smtp-log'), 'no smtp-log case in test/grammar/cases');
});

for (const file of caseFiles) {
  test(`baseline: ${file}`, async () => {
    const lang = languageOf(file);
    const info = GRAMMARS.get(lang)!;
    const grammar = await loadGrammar(info.scopeName);
    const text = fs.readFileSync(path.join(CASES, file), 'utf8');
    const { lines, tokens } = tokenizeLines(grammar, text);
    const bad = tokens.flat().flatMap(t => t.scopes).filter(s => s !== info.scopeName && !s.endsWith(info.suffix));
    assert.deepEqual([...new Set(bad)], [], `scopes without the ${info.suffix} suffix in ${file}`);
    const got = baseline(lines, tokens, info.scopeName);
    fs.mkdirSync(GENERATED, { recursive: true });
    const name = file + '.baseline.txt';
    fs.writeFileSync(path.join(GENERATED, name), got);
    const basePath = path.join(BASELINES, name);
    assert.ok(fs.existsSync(basePath), `no accepted baseline for ${file}: check test/grammar/generated/${name}, then npm run test:grammar:accept`);
    const want = fs.readFileSync(basePath, 'utf8');
    if (got !== want) {
      const g = got.split('\n'), w = want.split('\n');
      let i = 0; while (i < g.length && g[i] === w[i]) i++;
      assert.fail(`${file}: tokens differ from the accepted baseline at baseline line ${i + 1}:\n  accepted: ${w[i]}\n  now:      ${g[i]}\n(diff test/grammar/baselines test/grammar/generated; npm run test:grammar:accept when the change is intended)`);
    }
  });
}

// ---- caret assertions ----------------------------------------------------------------------------
const ASSERT_DIR = path.join(DIR, 'assertions');
const assertionFiles = fs.existsSync(ASSERT_DIR) ? fs.readdirSync(ASSERT_DIR).filter(f => !f.startsWith('.')).sort() : [];

for (const file of assertionFiles) {
  test(`assertions: ${file}`, async () => {
    const raw = fs.readFileSync(path.join(ASSERT_DIR, file), 'utf8').split(/\r?\n/);
    const header = /^(\S+)\s+SYNTAX TEST\s+"([^"]+)"/.exec(raw[0]);
    assert.ok(header, `${file}: first line must be <comment> SYNTAX TEST "<scope>"`);
    const [, mark, scopeName] = header;
    const source: string[] = [];
    const checks: { line: number; from: number; to: number; scope: string; negate: boolean; text: string }[] = [];
    for (const l of raw.slice(1)) {
      if (l.startsWith(mark)) {
        // "##   ^^^ scope" asserts the columns under the carets; "## <--- scope" the first columns of the line
        const m = /^(\s*)(\^+|<-+)\s+(-\s*)?(\S.*)$/.exec(l.slice(mark.length));
        if (!m) continue;
        const from = m[2].startsWith('<') ? 0 : mark.length + m[1].length;
        for (const scope of m[4].trim().split(/\s+/)) checks.push({ line: source.length - 1, from, to: from + m[2].length, scope, negate: !!m[3], text: l });
      } else source.push(l);
    }
    assert.ok(checks.length, `${file}: no assertions`);
    const grammar = await loadGrammar(scopeName);
    const { tokens } = tokenizeLines(grammar, source.join('\n'));
    for (const c of checks) {
      for (let col = c.from; col < c.to; col++) {
        const t = tokens[c.line]?.find(x => col >= x.start && col < x.end);
        const has = !!t && t.scopes.includes(c.scope);
        assert.equal(has, !c.negate, `${file}: line "${source[c.line]}" column ${col} (${JSON.stringify(t?.text)}) ${c.negate ? 'must not' : 'must'} have ${c.scope}; scopes: ${t?.scopes.join(' ')}`);
      }
    }
  });
}

// ---- linear patterns ---------------------------------------------------------------------------------
function regexesOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) { for (const x of node) regexesOf(x, out); return out; }
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'match' || k === 'begin' || k === 'end' || k === 'while') && typeof v === 'string') out.push(v);
      else regexesOf(v, out);
    }
  }
  return out;
}

/**
 * Nested quantifiers are what make a backtracking engine exponential: a quantified group whose body
 * itself holds a quantifier, unless the group is atomic/possessive or each repetition must start with a
 * literal character that the inner quantifier cannot consume. Oniguruma also reads `{n,m}+` as a nested
 * quantifier (not possessive). This check is deliberately strict: a flagged pattern must be rewritten.
 */
export function nestedQuantifiers(re: string): string[] {
  const problems: string[] = [];
  if (/\}[+*]/.test(re.replace(/\\./g, '__'))) problems.push('{n,m} followed by + or * (a nested quantifier in Oniguruma)');
  const s = re.replace(/\\./g, '__').replace(/\[(?:[^\]])*\]/g, 'C');
  const stack: { start: number; quantified: boolean }[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') stack.push({ start: i, quantified: false });
    else if (c === ')') {
      const g = stack.pop();
      if (!g) continue;
      const body = s.slice(g.start + 1, i);
      const after = s.slice(i + 1, i + 3);
      const repeated = /^[+*]/.test(after) || /^\{\d*,\d*\}/.test(s.slice(i + 1)) && !/^\{\d+\}/.test(s.slice(i + 1));
      const possessive = /^[+*]\+/.test(after);
      const atomic = body.startsWith('?>');
      const lookaround = /^\?<?[=!]/.test(body);
      // a repetition that must start with a literal that nothing inside can eat (e.g. (?:\.[\w-]++)++) is safe
      const guardedStart = /^(\?:)?(__|[^C(?])/.test(body) && /\+\+|\*\+/.test(body);
      if (repeated && !possessive && !atomic && !lookaround && /[+*]|\{\d*,/.test(body) && !guardedStart) {
        problems.push(`quantified group with a quantifier inside: (${body})${after}`);
      }
    }
  }
  return problems;
}

for (const [lang, info] of GRAMMARS) {
  if (!fs.existsSync(info.file)) continue;
  test(`${lang} grammar: every pattern is free of nested quantifiers`, () => {
    const grammar = JSON.parse(fs.readFileSync(info.file, 'utf8'));
    const flagged = regexesOf(grammar).flatMap(re => nestedQuantifiers(re).map(p => `${p} in ${re}`));
    assert.deepEqual(flagged, []);
  });

  test(`${lang} grammar: adversarial lines tokenize without a runaway pattern`, async () => {
    const grammar = await loadGrammar(info.scopeName);
    const n = 20000;
    const lines = [
      'a'.repeat(n), '<'.repeat(n), '5'.repeat(n), '5.'.repeat(n / 2), 'x@'.repeat(n / 2), ('a.' + 'b'.repeat(50) + '@').repeat(n / 53),
      '>>> ' + '250-'.repeat(n / 4), '4/2/01 8:05:42 AM : <<< ' + 'MAIL FROM:<'.repeat(n / 11),
      '2024-01-01T10:00:00.000Z,' + ','.repeat(n), 'Nov 24 12:57:28 ' + 'host '.repeat(n / 5),
      'Nov 24 12:57:28 mx postfix/smtpd[1]: ' + ': 550 '.repeat(n / 6), '<** ' + ' '.repeat(n) + 'x',
      'Content-Type: multipart/report; boundary=' + '"'.repeat(n), 'Status: ' + '5.1.'.repeat(n / 4),
    ];
    // the guard (5 s per line) only catches catastrophic backtracking, which takes far longer; this is not a speed test
    const { stoppedEarly } = tokenizeLines(grammar, lines.join('\n'), 5000);
    assert.deepEqual(stoppedEarly.map(i => lines[i].slice(0, 40)), []);
  });
}

test('the linearity check itself flags nested quantifiers', () => {
  assert.notDeepEqual(nestedQuantifiers('(a+)+$'), []);
  assert.notDeepEqual(nestedQuantifiers('(?:\\w+\\s?)*x'), []);
  assert.notDeepEqual(nestedQuantifiers('[a-z]{1,3}+'), []);
  assert.deepEqual(nestedQuantifiers('(?:\\.[\\w-]++)++'), []);
  assert.deepEqual(nestedQuantifiers('(?>a+)+'), []);
  assert.deepEqual(nestedQuantifiers('^(\\d{3})(?=[ -])'), []);
});
