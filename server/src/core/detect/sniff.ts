/**
 * Content sniffing for documents whose name says nothing (.log, .txt, untitled): is this an SMTP
 * log? Bounded: looks at the first lines only.
 */
import { detectDialect, sampleLines } from '../scanner/dialects';

export type SniffedLanguage = 'smtp-log' | 'smtp-ndr';

/** The language of a document from its first characters, or undefined when it is neither. */
export function sniffLanguage(head: string): SniffedLanguage | undefined {
  const lines = sampleLines(head, 200, 64 * 1024);
  if (detectDialect(lines)) return 'smtp-log';
  return undefined;
}
