/**
 * Document links: the http and https URLs a log or a bounce writes (delisting pages, a provider's help
 * page in a reject text). Only http(s) targets, only characters a URL may hold: a log cannot make a
 * `javascript:`, `command:` or `file:` link. One linear indexOf pass.
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import { type LogModel, textPieces } from '../parser/model';

const URL_CHAR = /[A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]/;
const MAX_URL = 2000;

export function logLinks(m: LogModel, maxLinks = 5000): { links: DocumentLink[]; limited: boolean } {
  const links: DocumentLink[] = [];
  let line = 0;
  // piece by piece (a log that grew by appends): no line, so no URL, crosses from one to the next
  for (const { text, base } of textPieces(m)) {
    for (let p = text.indexOf('http', 0); p >= 0; p = text.indexOf('http', p + 4)) {
      const scheme = text.startsWith('https://', p) ? 8 : text.startsWith('http://', p) ? 7 : 0;
      if (!scheme || /[A-Za-z0-9]/.test(text[p - 1] ?? '')) continue;
      let e = p + scheme;
      while (e < text.length && e - p < MAX_URL && URL_CHAR.test(text[e])) e++;
      // punctuation that ends a sentence or closes a bracket is not part of the URL
      while (e > p + scheme && /[.,;:!?'*)\]]/.test(text[e - 1])) {
        if (text[e - 1] === ')' && text.slice(p, e).split('(').length > text.slice(p, e).split(')').length - 1) break;
        e--;
      }
      const url = text.slice(p, e);
      if (e - p <= scheme || !/^https?:\/\/[A-Za-z0-9\-.[\]:]+/.test(url)) continue;
      while (line + 1 < m.lineCount && m.lineStart[line + 1] <= p + base) line++;
      if (links.length >= maxLinks) return { links, limited: true };
      const c = p + base - m.lineStart[line];
      links.push({ range: { start: { line, character: c }, end: { line, character: c + url.length } }, target: url });
      p = e - 4;
    }
  }
  return { links, limited: false };
}
