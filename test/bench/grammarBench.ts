/**
 * TextMate throughput of the smtp-log grammar against VS Code's built-in log grammar on the same file,
 * in the same process (vscode-textmate + vscode-oniguruma, line by line with the rule stack carried, as
 * the editor tokenizes). Used by bench.ts; prints nothing itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const ROOT = path.join(__dirname, '../../..');

export interface GrammarSpeed { mbPerS: number; linesPerS: number; ms: number }

/** A grammar that makes one token of each line: what vscode-textmate costs with no work of a grammar. */
const ONE_TOKEN_PER_LINE = 'one-token-per-line';

async function registry(files: Record<string, string>): Promise<vsctm.Registry> {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => files[scope] === ONE_TOKEN_PER_LINE
      ? vsctm.parseRawGrammar(JSON.stringify({ scopeName: scope, patterns: [{ match: '^.*$', name: 'line.' + scope }] }), 'one.json')
      : files[scope] ? vsctm.parseRawGrammar(fs.readFileSync(files[scope], 'utf8'), files[scope]) : null,
  });
}

function tokenizeAll(g: vsctm.IGrammar, lines: string[]): number {
  let state = vsctm.INITIAL;
  let tokens = 0;
  for (const l of lines) { const r = g.tokenizeLine2(l, state, 500); tokens += r.tokens.length; state = r.ruleStack; }
  return tokens;
}

/** vscode-textmate registry with both of our grammars and VS Code's built-in log grammar. */
function benchRegistry(): Promise<vsctm.Registry> {
  return registry({
    'text.smtp-log': path.join(ROOT, 'syntaxes/smtp-log.tmLanguage.json'),
    'text.smtp-ndr': path.join(ROOT, 'syntaxes/smtp-ndr.tmLanguage.json'),
    'text.log': path.join(ROOT, 'test/bench/baselines/vscode-log.tmLanguage.json'),
    'text.one-token-per-line': ONE_TOKEN_PER_LINE,
  });
}

export interface FormatSample { format: string; files: number; bytes: number; lines: string[]; scope: string }

/**
 * The real samples of each format in the shared corpus (../shared/corpus, or SMTP_CORPUS): every file of a
 * format's folder, as a user would open it. The corpus's `.ini` files are rule tests that wrap each log
 * line in `log N pass = ...`: their log lines are taken unwrapped. Files are read, never copied.
 */
export function corpusSamples(dir: string): FormatSample[] {
  if (!fs.existsSync(dir)) return [];
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap(e => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
  const out: FormatSample[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).filter(x => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const files = walk(path.join(dir, e.name)).sort();
    const lines: string[] = [];
    let bytes = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
      bytes += Buffer.byteLength(text);
      const ls = text.split(/\r?\n/);
      if (f.endsWith('.ini')) { for (const l of ls) { const m = /^log \d+ (?:pass|fail) = (.*)$/.exec(l); if (m) lines.push(m[1]); } } else lines.push(...ls);
    }
    out.push({ format: e.name, files: files.length, bytes, lines, scope: e.name.startsWith('ndr') ? 'text.smtp-ndr' : 'text.smtp-log' });
  }
  return out;
}

/**
 * Our grammar against the built-in log grammar on the same lines, in interleaved rounds (ours, built-in,
 * ours, built-in ...) so that machine noise hits both alike; the ratio is the median of the rounds' ratios.
 * Each round also times a one-rule grammar that makes one token per line (`^.*$`): vscode-textmate's own
 * cost for those lines, so `ceiling` is the best ratio any grammar could reach on them.
 * Small samples are repeated up to `minChars` so one run is long enough to time.
 */
export async function benchGrammarPairs(sample: { lines: string[]; scope: string }, rounds = 7, minChars = 256 * 1024): Promise<{ ours: GrammarSpeed; builtin: GrammarSpeed; ratio: number; ceiling: number; chars: number }> {
  const reg = await benchRegistry();
  const ours = (await reg.loadGrammar(sample.scope))!;
  const builtin = (await reg.loadGrammar('text.log'))!;
  const floor = (await reg.loadGrammar('text.one-token-per-line'))!;
  const one = sample.lines.reduce((n, l) => n + l.length + 1, 0);
  const lines: string[] = [];
  for (let n = 0; n < Math.max(1, Math.ceil(minChars / Math.max(1, one))); n++) lines.push(...sample.lines);
  const chars = lines.reduce((n, l) => n + l.length + 1, 0);
  for (const g of [ours, builtin, floor]) tokenizeAll(g, lines.slice(0, 2000)); // warm-up
  const a: number[] = [], b: number[] = [], r: number[] = [], c: number[] = [];
  const time = (g: vsctm.IGrammar) => { const t0 = performance.now(); tokenizeAll(g, lines); return performance.now() - t0; };
  for (let i = 0; i < rounds; i++) {
    const x = time(ours), y = time(builtin), z = time(floor);
    a.push(x); b.push(y); r.push(y / x); c.push(y / z);
  }
  const med = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
  const speed = (ms: number): GrammarSpeed => ({ ms, mbPerS: chars / 1048576 / (ms / 1000), linesPerS: lines.length / (ms / 1000) });
  return { ours: speed(med(a)), builtin: speed(med(b)), ratio: med(r), ceiling: med(c), chars };
}

export async function benchGrammar(file: string): Promise<{ ours: GrammarSpeed; builtin: GrammarSpeed; ratio: number }> {
  const reg = await registry({
    'text.smtp-log': path.join(ROOT, 'syntaxes/smtp-log.tmLanguage.json'),
    'text.log': path.join(ROOT, 'test/bench/baselines/vscode-log.tmLanguage.json'),
  });
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const measure = async (scope: string): Promise<GrammarSpeed> => {
    const g = (await reg.loadGrammar(scope))!;
    tokenizeAll(g, lines.slice(0, 2000)); // warm-up
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) { const t0 = performance.now(); tokenizeAll(g, lines); runs.push(performance.now() - t0); }
    const ms = runs.sort((a, b) => a - b)[1];
    return { ms, mbPerS: text.length / 1048576 / (ms / 1000), linesPerS: lines.length / (ms / 1000) };
  };
  const ours = await measure('text.smtp-log');
  const builtin = await measure('text.log');
  return { ours, builtin, ratio: builtin.ms / ours.ms };
}
