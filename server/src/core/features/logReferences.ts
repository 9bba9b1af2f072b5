/**
 * Find all references on a session id, queue id, message id, address, host or code: every line
 * that carries the identifier under the cursor. One linear indexOf pass over the text.
 */
import type { Location, Range } from 'vscode-languageserver-types';
import { type LogModel, lineText } from '../parser/model';

const ID_CHAR = /[A-Za-z0-9@._+\-=%$:\[\]]/;

/** The identifier under the cursor (address without its <>, queue id, session id ...), or undefined. */
export function identifierAt(line: string, character: number): { text: string; start: number } | undefined {
  if (character < 0 || character > line.length) return undefined;
  let s = Math.min(character, line.length - 1), e = s;
  if (s < 0 || !ID_CHAR.test(line[s] ?? '')) { s = character - 1; e = s; if (s < 0 || !ID_CHAR.test(line[s])) return undefined; }
  while (s > 0 && ID_CHAR.test(line[s - 1])) s--;
  while (e + 1 < line.length && ID_CHAR.test(line[e + 1])) e++;
  let text = line.slice(s, e + 1);
  // trim punctuation that ends sentences or fields, keep brackets of [ip] only when balanced
  while (/[.:,=\]]$/.test(text) && !(text.endsWith(']') && text.includes('['))) text = text.slice(0, -1);
  while (/^[:=\[]/.test(text) && !(text.startsWith('[') && text.includes(']'))) { text = text.slice(1); s++; }
  if (text.length < 3) return undefined;
  return { text, start: s };
}

export function logReferences(m: LogModel, uri: string, line: number, character: number, maxResults = 10000): { locations: Location[]; limited: boolean } {
  if (line < 0 || line >= m.lineCount) return { locations: [], limited: false };
  const id = identifierAt(lineText(m, line), character);
  if (!id) return { locations: [], limited: false };
  const needle = id.text;
  const text = m.text;
  const locations: Location[] = [];
  const isIdChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_\-@]/.test(c);
  let l = 0;
  for (let p = text.indexOf(needle); p >= 0; p = text.indexOf(needle, p + needle.length)) {
    // whole identifiers only: "4F3A" must not match inside "A4F3A9"
    if (isIdChar(text[p - 1]) && isIdChar(needle[0])) continue;
    if (isIdChar(text[p + needle.length]) && isIdChar(needle[needle.length - 1])) continue;
    while (l + 1 < m.lineCount && m.lineStart[l + 1] <= p) l++;
    if (locations.length >= maxResults) return { locations, limited: true };
    const range: Range = { start: { line: l, character: p - m.lineStart[l] }, end: { line: l, character: p - m.lineStart[l] + needle.length } };
    locations.push({ uri, range });
  }
  return { locations, limited: false };
}
