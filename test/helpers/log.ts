/** Test helpers: parse a log written inline, find lines by their text, place a cursor with `|`. */
import { createSmtpLanguageService, type SmtpDocument } from '../../server/src/core/smtpLanguageService';

export const service = createSmtpLanguageService();

/** Strip the common indentation of a template literal and its first/last empty line. */
export function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const ind = Math.min(...lines.filter(l => l.trim()).map(l => /^[ \t]*/.exec(l)![0].length));
  return lines.map(l => l.slice(ind)).join('\n') + '\n';
}

export function parse(text: string): SmtpDocument { return service.parse(text); }

/** Index of the first line containing `needle` (throws when absent, so a test cannot pass vacuously). */
export function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = from; i < lines.length; i++) if (lines[i].includes(needle)) return i;
  throw new Error(`no line contains ${JSON.stringify(needle)}`);
}

/** Hover markdown at the position of `needle` (+ offset inside it) on the first line containing `lineNeedle`. */
export function hoverAt(text: string, lineNeedle: string, needle: string, settings = {}): string | undefined {
  const line = lineOf(text, lineNeedle);
  const col = text.split(/\r\n|\r|\n/)[line].indexOf(needle);
  if (col < 0) throw new Error(`no ${needle} on line ${line}`);
  const h = service.doHover(parse(text), { line, character: col + 1 }, settings);
  if (!h) return undefined;
  const c = h.contents as { value: string };
  return c.value;
}
