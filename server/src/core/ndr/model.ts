/**
 * The parsed model of a bounce (NDR / DSN): one report per recipient, what the message was, and the
 * places in the document that hovers, problems, the outline and folding point at. Every span is an
 * offset range in the ORIGINAL document text.
 */
import type { BounceReason } from '../knowledge/types';
import type { EspClassification } from '../knowledge/esp';
import type { MimeEntity } from './mime';
import type { Span } from './text';

/** RFC 3464 actions. */
export type NdrAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface NdrReply {
  code?: number;
  enhanced?: string;
  /** the reply from its code on, as written (continuation lines joined) */
  text: string;
}

export interface NdrReport {
  recipient: string;
  originalRecipient?: string;
  action: NdrAction;
  /** enhanced status code (DSN Status:, or the reply's, or inferred) */
  status?: string;
  /** true when no status was written for this recipient and it was inferred (from the reply class or the reason) */
  statusInferred: boolean;
  /** the Status: as written when it was vague (5.0.0) and the diagnostic's specific code replaced it */
  statusWritten?: string;
  remoteMta?: string;
  /** Diagnostic-Code type ("smtp", "x-unix", "X-Postfix") */
  diagnosticType?: string;
  /** the diagnostic as written (DSN Diagnostic-Code text, or the bounce text about this recipient) */
  diagnostic?: string;
  reply?: NdrReply;
  /** the command the failing reply answered: "RCPT TO:<x>", "MAIL FROM", "DATA", "end of data", "connect" */
  command?: string;
  lastAttempt?: string;
  willRetryUntil?: string;
  reason: BounceReason;
  /** hard: the address (or domain) will not work again; soft: the same message may succeed later; none: not a failure */
  severity: 'hard' | 'soft' | 'none';
  /** how the reason was decided, in words ("text: user unknown", "status 5.2.2") */
  reasonWhy: string;
  /** where the report comes from: the machine-readable part or the human-readable text */
  source: 'dsn' | 'text';
  /** what a problem points at: the Status: value, the reply code, or the recipient */
  anchor: Span;
  /** the lines about this recipient */
  block: Span;
  /** the equivalent classes in the vocabularies of sending services (SES, SendGrid, Postmark, KumoMTA); none for a delivery */
  esp?: EspClassification;
}

/** A reply code in the document with the report it belongs to (hover). */
export interface ReplyMention {
  /** the code tokens ("550 5.1.1", "#550 5.1.1", "5.1.1" of Status:) */
  span: Span;
  reply: NdrReply;
  /** index into reports, or -1 */
  report: number;
  where: 'status' | 'diagnostic' | 'text';
  command?: string;
}

/** A DSN field name in the document (hover explains the field). */
export interface FieldMention {
  span: Span;
  lname: string;
  value: string;
  report: number;
}

export interface OriginalMessage {
  messageId?: string;
  from?: string;
  to?: string;
  subject?: string;
  date?: string;
  /** first and last line of the returned message (headers and, when included, body) */
  firstLine: number;
  lastLine: number;
  /** the first and last line of its header block */
  headerStart: number;
  headerEnd: number;
  headersOnly: boolean;
  /** the returned message is itself a bounce (a bounce of a bounce) */
  isBounce: boolean;
  /** its first (topmost) Authentication-Results header: the SPF / DKIM / DMARC verdicts of the last server that checked it */
  authResults?: AuthResults;
}

export interface AuthResults {
  /** the header's first and last line (folded headers continue on indented lines) */
  line: number;
  lastLine: number;
  /** the authserv-id: the server that wrote the verdicts */
  server?: string;
  spf?: { result: string; domain?: string };
  dkim?: { result: string; domain?: string };
  dmarc?: { result: string; domain?: string };
}

export type NdrKind = 'bounce' | 'delay' | 'success' | 'feedback' | 'autoreply' | 'none';

export interface NdrModel {
  /** what the document is: a failure report, a delay warning, a success notice, an abuse report, an auto-reply, or none of them */
  kind: NdrKind;
  /** the writer's layout, e.g. "postfix", "exchange2007", "qmail"; "rfc3464" for a plain DSN; "none" */
  layout: string;
  layoutName: string;
  reports: NdrReport[];
  /** the bounce's own Subject / From / Date */
  subject?: string;
  from?: string;
  date?: string;
  reportingMta?: string;
  arrivalDate?: string;
  original?: OriginalMessage;
  /** the MIME tree of the document */
  mime: MimeEntity;
  replies: ReplyMention[];
  fields: FieldMention[];
  /** lines of the human-readable explanation (for the outline) */
  humanLines?: { first: number; last: number };
  /** what the reader skipped or could not follow */
  notes: string[];
  /** what was cut to stay bounded (recipients beyond the line limit ...), in words: the outline and the server say it */
  cut?: string[];
}
