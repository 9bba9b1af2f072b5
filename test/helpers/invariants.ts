/**
 * Invariants every document must keep (the property layer and `npm run stress` check them on
 * generated documents): every request answers; the same problems and outline with LF, CRLF, trailing
 * spaces, a byte order mark; no control or bidi character reaches a user-visible string.
 */
import * as assert from 'node:assert/strict';
import type { Diagnostic, DocumentSymbol, Hover } from 'vscode-languageserver-types';
import { createSmtpLanguageService, type SmtpDocument } from '../../server/src/core/smtpLanguageService';

const svc = createSmtpLanguageService();

/** Characters a person must never receive as themselves: C0/C1 controls (tab excepted), bidi and line/paragraph separators, BOM. */
export const INVISIBLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/;
/** The same for markdown (hovers), whose own line breaks are fine. */
export const INVISIBLE_MARKDOWN = new RegExp(INVISIBLE.source.replace('\\u000a-\\u001f', '\\u000b-\\u001f'));

/** Problems as (line, code, severity) and outline names: what must not change with line ends or a BOM. */
export function summary(doc: SmtpDocument): { problems: string[]; outline: string[] } {
  const problems = svc.doValidation(doc).map(d => `${d.range.start.line}:${d.code ?? ''}:${d.severity}`);
  const outline: string[] = [];
  const walk = (s: DocumentSymbol[], depth: number) => { for (const x of s) { outline.push(`${depth}:${x.range.start.line}:${x.kind}`); if (x.children) walk(x.children, depth + 1); } };
  walk(svc.findDocumentSymbols(doc).result, 0);
  return { problems, outline };
}

export function visibleStrings(doc: SmtpDocument, hovers: (Hover | null)[]): { plain: string[]; markdown: string[] } {
  const out: string[] = [], markdown: string[] = [];
  const diags: Diagnostic[] = svc.doValidation(doc);
  for (const d of diags) out.push(d.message, String(d.code ?? ''));
  const walk = (s: DocumentSymbol[]) => { for (const x of s) { out.push(x.name, x.detail ?? ''); if (x.children) walk(x.children); } };
  walk(svc.findDocumentSymbols(doc).result);
  for (const h of hovers) if (h) markdown.push((h.contents as { value: string }).value);
  return { plain: out, markdown };
}

export function checkInvariants(text: string, languageId: string): void {
  const doc = svc.parse(text, languageId);
  const lines = text.split(/\r\n|\r|\n/);
  const hovers: (Hover | null)[] = [];
  for (let l = 0; l < lines.length; l++) {
    const len = lines[l].length;
    for (const c of [0, 1, Math.floor(len / 2), Math.max(0, len - 1), len]) hovers.push(svc.doHover(doc, { line: l, character: c }));
    const ref = svc.findReferences(doc, 'file:///x', { line: l, character: Math.floor(len / 3) });
    assert.ok(Array.isArray(ref.result));
  }
  svc.getFoldingRanges(doc);
  for (let l = 0; l < lines.length; l += 3) svc.sessionTranscript(doc, l);
  // outside the document: answers, no exception
  svc.doHover(doc, { line: lines.length + 5, character: 3 });
  svc.doHover(doc, { line: -1, character: -1 });
  svc.findReferences(doc, 'file:///x', { line: lines.length + 5, character: 0 });

  const vs = visibleStrings(doc, hovers);
  for (const [s, re] of [...vs.plain.map(x => [x, INVISIBLE] as const), ...vs.markdown.map(x => [x, INVISIBLE_MARKDOWN] as const)]) {
    const m = re.exec(s);
    assert.ok(!m, `U+${m?.[0].charCodeAt(0).toString(16).padStart(4, '0')} reaches a user-visible string: ${JSON.stringify(s.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`);
  }

  const base = summary(doc);
  const variants: [string, string][] = [
    ['CRLF', text.replace(/\r?\n/g, '\r\n')],
    ['trailing space', text.replace(/\r?\n/g, ' \n')],
    ['BOM', '\ufeff' + text],
  ];
  for (const [name, v] of variants) {
    assert.deepEqual(summary(svc.parse(v, languageId)), base, `${name} changes the problems or the outline`);
  }
}
