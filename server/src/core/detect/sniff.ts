/**
 * Content sniffing for documents whose name says nothing (.log, .txt, .eml, untitled): is this an
 * SMTP log or a bounce? Bounded: looks at the first lines only.
 */
import { detectDialectScored, sampleLines } from '../scanner/dialects';

/** Lowest dialect score that switches a document's language (the parser reads from 0.15). */
export const SNIFF_MIN_SCORE = 0.3;

const SMTP_EVIDENCE = /\b(?:[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\b|\S)|(?:EHLO|HELO|MAIL FROM|RCPT TO|STARTTLS|QUIT|AUTH|BDAT)\b|status=(?:sent|bounced|deferred)|stat=|reject=|NOQUEUE|E?SMTP|smtp|[<=*-]> |<= |\*\* |== |rejected|Completed|#Software: Microsoft|#Fields:|exim|postfix|sendmail|sm-mta)/;

/** Lines of the sample that carry something only mail logs write (a reply code, an SMTP verb, a delivery flag). */
function smtpLines(lines: readonly string[]): number {
  let n = 0;
  for (const l of lines) if (SMTP_EVIDENCE.test(l)) n++;
  return n;
}
import { looksLikeBounce } from '../ndr/sniff';

export type SniffedLanguage = 'smtp-log' | 'smtp-ndr';

/** The language of a document from its first characters, or undefined when it is neither. */
export function sniffLanguage(head: string): SniffedLanguage | undefined {
  // a bounce first: it may quote a transcript, but it is read as a report
  if (looksLikeBounce(head)) return 'smtp-ndr';
  const lines = sampleLines(head, 200, 64 * 1024);
  // taking a document away from its language needs more evidence than reading a document already
  // declared smtp-log: a score above the parser's floor and, unless the format is clear, more than
  // one line that only mail logs write
  const found = detectDialectScored(lines, SNIFF_MIN_SCORE);
  if (found && (found.score >= 0.5 || smtpLines(lines) >= Math.min(2, lines.filter(l => l.trim()).length))) return 'smtp-log';
  return undefined;
}
