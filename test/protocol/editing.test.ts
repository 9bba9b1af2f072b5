/**
 * Server protocol for the features other editors lean on: semantic tokens (colours without a TextMate
 * grammar), document links, document highlights and selection ranges, over real JSON-RPC on stdio.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, startServer, type ServerUnderTest } from '../helpers/lspServer';
import { decodeTokens } from '../helpers/semanticTokens';

const SAMPLE = fs.readFileSync(path.join(ROOT, 'samples/exchange-transcript.log'), 'utf8');
const LINES = SAMPLE.split('\n');
const uri = 'file:///tmp/exchange-transcript.log';
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const GRAMMAR = fs.readFileSync(path.join(ROOT, 'syntaxes/smtp-log.tmLanguage.json'), 'utf8');
/** every scope the grammar gives a token (a name may list several: a colour scope with its fallback) */
const GRAMMAR_SCOPES = new Set([...GRAMMAR.matchAll(/"(?:name|contentName)": "([^"]+)"/g)].flatMap(m => m[1].split(' ')));
const STANDARD = new Set(['namespace', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'type', 'parameter', 'variable', 'property',
  'enumMember', 'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator']);

let server: ServerUnderTest;
let legend: { tokenTypes: string[]; tokenModifiers: string[] };

before(async () => {
  server = await startServer([[uri, 'smtp-log', SAMPLE]]);
  legend = server.init.capabilities.semanticTokensProvider.legend;
});

after(() => server.stop());

test('capabilities: semantic tokens (full and range), links, highlights, selection ranges', () => {
  const c = server.init.capabilities;
  assert.equal(c.semanticTokensProvider.full, true);
  assert.equal(c.semanticTokensProvider.range, true);
  assert.ok(c.documentLinkProvider && c.documentHighlightProvider && c.selectionRangeProvider);
});

test('the manifest declares every non-standard token type and maps every type to a scope of the grammar, for both languages', () => {
  const declared = new Set((PKG.contributes.semanticTokenTypes ?? []).map((t: { id: string }) => t.id));
  for (const t of legend.tokenTypes) assert.ok(STANDARD.has(t) || declared.has(t), `token type ${t} is not in contributes.semanticTokenTypes`);
  for (const language of ['smtp-log', 'smtp-ndr']) {
    const scopes = PKG.contributes.semanticTokenScopes.find((s: { language: string }) => s.language === language)?.scopes;
    assert.ok(scopes, `no semanticTokenScopes for ${language}`);
    for (const t of legend.tokenTypes) {
      assert.ok(scopes[t]?.length, `${language}: ${t} has no scope`);
      for (const scope of scopes[t]) assert.ok(GRAMMAR_SCOPES.has(scope.replace('smtp-ndr', 'smtp-log')), `${language}: scope ${scope} is not in the grammar`);
    }
  }
});

test('semantic tokens: full document, decoded', async () => {
  const r: any = await server.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
  const toks = decodeTokens(SAMPLE, r.data, legend.tokenTypes);
  const l = LINES.findIndex(x => x.includes('550 5.1.1'));
  assert.deepEqual(toks.filter(t => t[0] === l).map(t => `${t[2]}:${t[3]}`), ['4/2/01 8:05:42 AM:comment', '>>>:type', '550:replyPermanent', '5.1.1:replyPermanent']);
  const rc = LINES.findIndex(x => x.includes('RCPT TO:<carol'));
  assert.deepEqual(toks.filter(t => t[0] === rc).map(t => t[3]), ['comment', 'keyword', 'function', 'string']);
  const w = LINES.findIndex(x => x.includes('450 4.2.0'));
  assert.ok(toks.some(t => t[0] === w && t[2] === '450' && t[3] === 'replyTransient'));
});

test('semantic tokens: a range', async () => {
  const l = LINES.findIndex(x => x.includes('550 5.1.1'));
  const r: any = await server.conn.sendRequest('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } } });
  const toks = decodeTokens(SAMPLE, r.data, legend.tokenTypes);
  assert.ok(toks.length >= 4 && toks.every(t => t[0] >= l && t[0] <= l + 1), JSON.stringify(toks));
});

test('document highlight, selection range, document links', async () => {
  const l = LINES.findIndex(x => x.includes('RCPT TO:<bob@contoso.example>'));
  const h: any[] = await server.conn.sendRequest('textDocument/documentHighlight', { textDocument: { uri }, position: { line: l, character: LINES[l].indexOf('bob') + 1 } });
  assert.ok(h.length >= 3 && h.every(x => LINES[x.range.start.line].slice(x.range.start.character, x.range.end.character) === 'bob@contoso.example'), JSON.stringify(h));
  const s: any[] = await server.conn.sendRequest('textDocument/selectionRange', { textDocument: { uri }, positions: [{ line: l, character: 3 }] });
  let depth = 0;
  for (let r = s[0]; r; r = r.parent) depth++;
  assert.ok(depth >= 4, JSON.stringify(s));
  const links: any[] = await server.conn.sendRequest('textDocument/documentLink', { textDocument: { uri } });
  assert.ok(Array.isArray(links) && links.every(x => /^https?:\/\//.test(x.target)));
});
