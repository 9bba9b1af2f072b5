/** Every log format the analyzer knows, and the choice of one for a document. */
import type { Dialect } from './dialect';
import { transcriptDialect } from './transcript';
import { exchangeProtocolDialect } from './exchangeProtocol';
import { iisW3cDialect } from './iisW3c';
import { messageTrackingDialect } from './messageTracking';
import { exchangeOnlineDialect } from './exchangeOnline';
import { postfixDialect } from './postfix';
import { sendmailDialect } from './sendmail';
import { eximDialect } from './exim';
import { clientLogDialect, smtplibDialect, swaksDialect, telnetDialect } from './clientTranscripts';
import { otherMtaDialect } from './otherMta';
import { createMixedDialect } from './mixed';

/** Every format but the mixed one: a new format is one file and one line here. */
const FORMATS: readonly Dialect<unknown>[] = [
  transcriptDialect as Dialect<unknown>,
  exchangeProtocolDialect as Dialect<unknown>,
  iisW3cDialect as Dialect<unknown>,
  messageTrackingDialect as Dialect<unknown>,
  exchangeOnlineDialect as Dialect<unknown>,
  postfixDialect as Dialect<unknown>,
  sendmailDialect as Dialect<unknown>,
  eximDialect as Dialect<unknown>,
  swaksDialect as Dialect<unknown>,
  smtplibDialect as Dialect<unknown>,
  clientLogDialect as Dialect<unknown>,
  telnetDialect as Dialect<unknown>,
  otherMtaDialect as Dialect<unknown>,
];

/** The mixed format (files that mix the others) reads lines with every format above. */
export const mixedDialect = createMixedDialect(FORMATS);

export const DIALECTS: readonly Dialect<unknown>[] = [...FORMATS, mixedDialect as Dialect<unknown>];

/** Score the first lines of a document against every dialect; undefined when none fits. */
export function detectDialect(sample: readonly string[]): Dialect<unknown> | undefined {
  return detectDialectScored(sample)?.dialect;
}

/** The best dialect with its score (above `min`), or undefined. */
export function detectDialectScored(sample: readonly string[], min = 0.15): { dialect: Dialect<unknown>; score: number } | undefined {
  let best: Dialect<unknown> | undefined;
  let bestScore = min;
  for (const d of DIALECTS) {
    const s = d.sniff(sample);
    if (s > bestScore) { best = d; bestScore = s; }
  }
  return best && { dialect: best, score: bestScore };
}

/** The first lines of a text (at most `maxLines` lines from the first `maxChars` characters). */
export function sampleLines(text: string, maxLines = 200, maxChars = 256 * 1024): string[] {
  const head = text.length > maxChars ? text.slice(0, maxChars) : text;
  const lines = head.split(/\r\n|\r|\n/, maxLines + 1);
  if (text.length > maxChars && lines.length <= maxLines) lines.pop(); // last one may be cut
  // a byte order mark and trailing blanks say nothing about the format
  if (lines.length && lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
  return lines.slice(0, maxLines).map(trimBlanksEnd);
}

/** The line without trailing spaces and tabs (a loop: the regex /[ \t]+$/ is quadratic on long runs of blanks). */
export function trimBlanksEnd(l: string): string {
  let e = l.length;
  while (e > 0 && (l.charCodeAt(e - 1) === 32 || l.charCodeAt(e - 1) === 9)) e--;
  return e === l.length ? l : l.slice(0, e);
}
