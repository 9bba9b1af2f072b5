/**
 * Loads the extension's TextMate grammars with vscode-textmate + vscode-oniguruma (the engine VS Code
 * uses) and tokenizes text line by line, carrying the rule stack, as the editor does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

export const ROOT = path.join(__dirname, '../../..');

export interface GrammarInfo { scopeName: string; file: string; suffix: string }

/** The grammars contributed in package.json, by language id. */
export function contributedGrammars(): Map<string, GrammarInfo> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const out = new Map<string, GrammarInfo>();
  for (const g of pkg.contributes.grammars as { language: string; scopeName: string; path: string }[]) {
    out.set(g.language, { scopeName: g.scopeName, file: path.join(ROOT, g.path), suffix: '.' + g.language });
  }
  return out;
}

let registry: vsctm.Registry | undefined;

async function getRegistry(): Promise<vsctm.Registry> {
  if (registry) return registry;
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const byScope = new Map([...contributedGrammars().values()].map(g => [g.scopeName, g.file]));
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = byScope.get(scopeName);
      if (!file) return null;
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  return registry;
}

export async function loadGrammar(scopeName: string): Promise<vsctm.IGrammar> {
  const g = await (await getRegistry()).loadGrammar(scopeName);
  if (!g) throw new Error(`grammar ${scopeName} not found`);
  return g;
}

export interface Token { start: number; end: number; text: string; scopes: string[] }

/** Tokens of each line of `text`. `timeLimit` (ms per line) only guards against a runaway pattern. */
export function tokenizeLines(grammar: vsctm.IGrammar, text: string, timeLimit = 0): { lines: string[]; tokens: Token[][]; stoppedEarly: number[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/); // the editor drops a BOM
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  let state = vsctm.INITIAL;
  const tokens: Token[][] = [];
  const stoppedEarly: number[] = [];
  lines.forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state, timeLimit);
    if (r.stoppedEarly) stoppedEarly.push(i);
    tokens.push(r.tokens.map(t => ({ start: t.startIndex, end: Math.min(t.endIndex, line.length), text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    state = r.ruleStack;
  });
  return { lines, tokens, stoppedEarly };
}
