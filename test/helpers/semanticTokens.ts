/** Semantic tokens decoded back into readable tuples: [line, character, text, type] (as the HTML server's tests do). */
import { SEMANTIC_TOKEN_TYPES } from '../../server/src/core/smtpLanguageService';

export function decodeTokens(text: string, data: number[], types: readonly string[] = SEMANTIC_TOKEN_TYPES): [number, number, string, string][] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: [number, number, string, string][] = [];
  let line = 0, ch = 0;
  for (let i = 0; i < data.length; i += 5) {
    if (data[i] > 0) { line += data[i]; ch = data[i + 1]; } else ch += data[i + 1];
    out.push([line, ch, lines[line].slice(ch, ch + data[i + 2]), types[data[i + 3]]]);
  }
  return out;
}
