/** Semantic tokens, document links, document highlights and selection ranges, through the facade. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedent, lineOf, service } from '../helpers/log';
import { decodeTokens } from '../helpers/semanticTokens';

const LOG = dedent(`
  4/2/01 8:05:40 AM : A connection was accepted from 198.51.100.7
  4/2/01 8:05:40 AM : >>> 220 mail.contoso.example ESMTP ready
  4/2/01 8:05:41 AM : <<< EHLO mx1.tailspin.example
  4/2/01 8:05:41 AM : >>> 250-mail.contoso.example Hello
  250 OK
  4/2/01 8:05:42 AM : <<< MAIL FROM:<news@tailspin.example>
  4/2/01 8:05:42 AM : >>> 250 2.1.0 news@tailspin.example....Sender OK
  4/2/01 8:05:42 AM : <<< RCPT TO:<carol@contoso.example>
  4/2/01 8:05:42 AM : >>> 550 5.1.1 User unknown, see https://help.example.test/5.1.1?x=1.
  4/2/01 8:05:43 AM : <<< RCPT TO:<dave@contoso.example>
  4/2/01 8:05:43 AM : >>> 451 4.7.1 Greylisted (javascript:alert(1) http://a.example.test/x)
  4/2/01 8:05:44 AM : <<< QUIT
  4/2/01 8:05:44 AM : >>> 221 2.0.0 Bye
`);

test('semantic tokens: directions by side, verbs, codes and enhanced codes by class, timestamps, addresses', () => {
  const doc = service.parse(LOG);
  const toks = decodeTokens(LOG, service.getSemanticTokens(doc).result);
  const on = (needle: string) => toks.filter(t => t[0] === lineOf(LOG, needle)).map(t => `${t[2]}:${t[3]}`);
  assert.deepEqual(on('550 5.1.1'), ['4/2/01 8:05:42 AM:comment', '>>>:type', '550:replyPermanent', '5.1.1:replyPermanent']);
  assert.deepEqual(on('RCPT TO:<carol'), ['4/2/01 8:05:42 AM:comment', '<<<:keyword', 'RCPT:function', '<carol@contoso.example>:string']);
  assert.deepEqual(on('451 4.7.1').slice(2, 4), ['451:replyTransient', '4.7.1:replyTransient']);
  assert.deepEqual(on('250 2.1.0').slice(2, 4), ['250:replySuccess', '2.1.0:replySuccess']);
  assert.ok(toks.some(t => t[2] === '250' && t[0] === 4 && t[3] === 'replySuccess'), 'the last line of a multi-line reply');
  // tokens come in order and never overlap
  for (let i = 1; i < toks.length; i++) assert.ok(toks[i][0] > toks[i - 1][0] || toks[i][1] >= toks[i - 1][1] + toks[i - 1][2].length, JSON.stringify(toks[i]));
});

test('semantic tokens of a range cover only its lines; plain text has none', () => {
  const doc = service.parse(LOG);
  const l = lineOf(LOG, '550 5.1.1');
  const toks = decodeTokens(LOG, service.getSemanticTokens(doc, l, l).result);
  assert.deepEqual(toks.map(t => t[0]), [l, l, l, l]);
  assert.deepEqual(service.getSemanticTokens(service.parse('just some text\nnothing to see\n')).result, []);
});

test('document links: http(s) URLs only, sentence punctuation left out, never javascript:', () => {
  const links = service.findDocumentLinks(service.parse(LOG)).result;
  assert.deepEqual(links.map(l => [l.range.start.line, l.target]), [
    [lineOf(LOG, '550 5.1.1'), 'https://help.example.test/5.1.1?x=1'],
    [lineOf(LOG, '451 4.7.1'), 'http://a.example.test/x'],
  ]);
  const l = links[0];
  assert.equal(LOG.split('\n')[l.range.start.line].slice(l.range.start.character, l.range.end.character), l.target);
  assert.deepEqual(service.findDocumentLinks(service.parse('>>> 550 see javascript:alert(1) or file:///etc/passwd or https://\n')).result, []);
});

test('document highlights: the address under the cursor wherever the file carries it', () => {
  const doc = service.parse(LOG);
  const line = lineOf(LOG, 'MAIL FROM');
  const h = service.findDocumentHighlights(doc, { line, character: LOG.split('\n')[line].indexOf('news') + 2 });
  assert.deepEqual(h.map(x => [x.range.start.line, LOG.split('\n')[x.range.start.line].slice(x.range.start.character, x.range.end.character)]),
    [[line, 'news@tailspin.example'], [lineOf(LOG, '250 2.1.0'), 'news@tailspin.example']]);
  assert.ok(h.every(x => x.kind === 1));
});

test('selection ranges: identifier -> line -> reply with its command -> session -> document', () => {
  const doc = service.parse(LOG);
  const line = lineOf(LOG, '550 5.1.1');
  const [r] = service.getSelectionRanges(doc, [{ line, character: LOG.split('\n')[line].indexOf('User') + 1 }]);
  const chain: string[] = [];
  for (let s: typeof r | undefined = r; s; s = s.parent) chain.push(`${s.range.start.line}:${s.range.start.character}-${s.range.end.line}:${s.range.end.character}`);
  const len = (l: number) => LOG.split('\n')[l].length;
  const rcpt = lineOf(LOG, 'RCPT TO:<carol');
  const last = LOG.split('\n').length - 2;
  assert.deepEqual(chain.slice(1), [`${line}:0-${line}:${len(line)}`, `${rcpt}:0-${line}:${len(line)}`, `0:0-${last}:${len(last)}`, `0:0-${last + 1}:0`]);
  assert.equal(chain[0].split('-')[0], `${line}:${LOG.split('\n')[line].indexOf('User')}`);
  // a continuation line of a multi-line reply expands to the whole reply and its EHLO
  const [m] = service.getSelectionRanges(doc, [{ line: 4, character: 5 }]);
  assert.deepEqual([m.range.start.line, m.range.end.line, m.parent!.range.start.line, m.parent!.range.end.line], [4, 4, 2, 4]);
});

test('semantic tokens of a whole big document stop after 50,000 lines and say so; a range there still gets tokens', () => {
  let big = '';
  for (let i = 0; i < 5000; i++) big += LOG;
  const doc = service.parse(big);
  const r = service.getSemanticTokens(doc);
  assert.equal(r.limited, true);
  let line = 0;
  for (let i = 0; i < r.result.length; i += 5) line += r.result[i];
  assert.ok(line < 50000 && line > 49000, String(line));
  const l = doc.log.lineCount - 3;
  assert.ok(service.getSemanticTokens(doc, l, l).result.length > 0);
});
