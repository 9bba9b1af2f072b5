/**
 * Find all references on a session id, queue id, message id, address, host or code: every line
 * that carries the identifier under the cursor. One linear indexOf pass over the text.
 */
import type { Location, Range } from 'vscode-languageserver-types';
import { type LogModel, lineText, textPieces } from '../parser/model';

/** Characters of an identifier (address, queue id, session id, [ip]:port ...). */
function isIdCode(c: number): boolean {
  return (c >= 48 && c <= 58) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 64 || c === 46 || c === 95 || c === 43 || c === 45
    || c === 61 || c === 37 || c === 36 || c === 91 || c === 93;
}

/** Longest identifier looked for: longer runs are not identifiers (a line of 1 MB of "[" must not cost more than this). */
export const MAX_IDENTIFIER = 256;

/** The identifier under the cursor (address without its <>, queue id, session id ...), or undefined. Linear, bounded. */
export function identifierAt(line: string, character: number): { text: string; start: number } | undefined {
  if (!Number.isInteger(character) || character < 0 || character > line.length) return undefined;
  let s = Math.min(character, line.length - 1);
  if (s < 0 || !isIdCode(line.charCodeAt(s))) { s = character - 1; if (s < 0 || !isIdCode(line.charCodeAt(s))) return undefined; }
  let e = s;
  const lo = Math.max(0, s - MAX_IDENTIFIER), hi = Math.min(line.length - 1, e + MAX_IDENTIFIER);
  while (s > lo && isIdCode(line.charCodeAt(s - 1))) s--;
  while (e < hi && isIdCode(line.charCodeAt(e + 1))) e++;
  // a run that goes on past the bound is no identifier
  if ((s === lo && s > 0 && isIdCode(line.charCodeAt(s - 1))) || (e === hi && e + 1 < line.length && isIdCode(line.charCodeAt(e + 1)))) return undefined;
  e++; // exclusive
  // trim punctuation that ends sentences or fields, keep brackets of [ip] only when balanced (indexes, no copies)
  const hasOpen = (a: number, b: number) => { for (let i = a; i < b; i++) if (line.charCodeAt(i) === 91) return true; return false; };
  const hasClose = (a: number, b: number) => { for (let i = a; i < b; i++) if (line.charCodeAt(i) === 93) return true; return false; };
  const open = hasOpen(s, e);
  while (e > s) {
    const c = line.charCodeAt(e - 1);
    if (c === 46 || c === 58 || c === 44 || c === 61) { e--; continue; }
    if (c === 93 && !open) { e--; continue; }
    break;
  }
  const close = hasClose(s, e);
  while (s < e) {
    const c = line.charCodeAt(s);
    if (c === 58 || c === 61) { s++; continue; }
    if (c === 91 && !close) { s++; continue; }
    break;
  }
  if (e - s < 3) return undefined;
  return { text: line.slice(s, e), start: s };
}

export function logReferences(m: LogModel, uri: string, line: number, character: number, maxResults = 10000): { locations: Location[]; limited: boolean } {
  if (line < 0 || line >= m.lineCount) return { locations: [], limited: false };
  const id = identifierAt(lineText(m, line), character);
  if (!id) return { locations: [], limited: false };
  const needle = id.text;
  const locations: Location[] = [];
  const isIdChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_\-@]/.test(c);
  let l = 0;
  // piece by piece (a log that grew by appends): no line, so no identifier, crosses from one to the next
  for (const { text, base } of textPieces(m)) {
    for (let p = text.indexOf(needle); p >= 0; p = text.indexOf(needle, p + needle.length)) {
      // whole identifiers only: "4F3A" must not match inside "A4F3A9"
      if (isIdChar(text[p - 1]) && isIdChar(needle[0])) continue;
      if (isIdChar(text[p + needle.length]) && isIdChar(needle[needle.length - 1])) continue;
      while (l + 1 < m.lineCount && m.lineStart[l + 1] <= p + base) l++;
      if (locations.length >= maxResults) return { locations, limited: true };
      const c = p + base - m.lineStart[l];
      const range: Range = { start: { line: l, character: c }, end: { line: l, character: c + needle.length } };
      locations.push({ uri, range });
    }
  }
  return { locations, limited: false };
}
