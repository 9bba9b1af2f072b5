/**
 * Content sniffing for documents whose name says nothing (.log, .txt, .eml, untitled): is this an
 * SMTP log or a bounce? Bounded: looks at the first lines only.
 */
import { detectDialect, sampleLines } from '../scanner/dialects';
import { looksLikeBounce } from '../ndr/sniff';

export type SniffedLanguage = 'smtp-log' | 'smtp-ndr';

/** The language of a document from its first characters, or undefined when it is neither. */
export function sniffLanguage(head: string): SniffedLanguage | undefined {
  // a bounce first: it may quote a transcript, but it is read as a report
  if (looksLikeBounce(head)) return 'smtp-ndr';
  const lines = sampleLines(head, 200, 64 * 1024);
  if (detectDialect(lines)) return 'smtp-log';
  return undefined;
}
