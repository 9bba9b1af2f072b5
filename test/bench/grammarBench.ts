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

async function registry(files: Record<string, string>): Promise<vsctm.Registry> {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => files[scope] ? vsctm.parseRawGrammar(fs.readFileSync(files[scope], 'utf8'), files[scope]) : null,
  });
}

function tokenizeAll(g: vsctm.IGrammar, lines: string[]): number {
  let state = vsctm.INITIAL;
  let tokens = 0;
  for (const l of lines) { const r = g.tokenizeLine2(l, state, 500); tokens += r.tokens.length; state = r.ruleStack; }
  return tokens;
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
