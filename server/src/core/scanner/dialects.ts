/** Every log format the analyzer knows, and the choice of one for a document. */
import type { Dialect } from './dialect';
import { transcriptDialect } from './transcript';
import { exchangeProtocolDialect } from './exchangeProtocol';
import { iisW3cDialect } from './iisW3c';
import { messageTrackingDialect } from './messageTracking';
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
  let best: Dialect<unknown> | undefined;
  let bestScore = 0.15;
  for (const d of DIALECTS) {
    const s = d.sniff(sample);
    if (s > bestScore) { best = d; bestScore = s; }
  }
  return best;
}

/** The first lines of a text (at most `maxLines` lines from the first `maxChars` characters). */
export function sampleLines(text: string, maxLines = 200, maxChars = 256 * 1024): string[] {
  const head = text.length > maxChars ? text.slice(0, maxChars) : text;
  const lines = head.split(/\r\n|\r|\n/, maxLines + 1);
  if (text.length > maxChars && lines.length <= maxLines) lines.pop(); // last one may be cut
  return lines.slice(0, maxLines);
}
