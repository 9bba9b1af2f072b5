/**
 * The records the streaming engine emits: one schema for the CLI's export, the databases it loads into
 * and (later) the workspace trail and summary. Field names follow Elastic Common Schema where it has them
 * (`@timestamp`, `event.*`, `source.*`, `host.name`, `email.*`, `log.*`); the rest lives under `smtp.*`
 * and `bounce.*`. Keys are flat dotted names, so the same NDJSON line loads into OpenSearch (which expands
 * dots into objects), ClickHouse (`INSERT ... FORMAT JSONEachRow`), DuckDB (`read_json`), Loki or a
 * spreadsheet without a transform. The JSON Schema is `docs/schema/records.schema.json` (kept equal to
 * these types by a test); bump SCHEMA_VERSION on any change a loader would notice.
 */

export const SCHEMA_VERSION = 2;

export type RecordType = 'reply' | 'session' | 'message' | 'bounce';

/** Fields every record has. */
export interface BaseRecord {
  /** ISO 8601 as written by the log: with its offset when the log writes one, else local time without offset; null when the line has no time */
  '@timestamp': string | null;
  /** deterministic: the same line of the same file gives the same id, so loading a file twice does not duplicate rows */
  'event.id': string;
  /** smtp.reply, smtp.session, smtp.message, smtp.bounce */
  'event.dataset': `smtp.${RecordType}`;
  /** success, failure or unknown */
  'event.outcome': 'success' | 'failure' | 'unknown';
  'smtp.record': RecordType;
  'smtp.schema': number;
  /** the log format's id (postfix, exim, exchange-protocol ...) or ndr-... for bounces */
  'smtp.format': string;
  /** true when the log writes no year (syslog) and the year was inferred from the file's date and the rollovers */
  'smtp.year_inferred'?: boolean;
  'log.file.path': string;
  /** 1-based line in the file (of a rotated set: in its own file) */
  'log.file.line': number;
  /** byte offset of the line in the file (after decompression) */
  'log.offset': number;
  /** the server that wrote the log, when the line names it (syslog host) */
  'host.name'?: string;
}

/** A 4xx/5xx reply, or a failure event the format writes without a code ("Envelope expired"). */
export interface ReplyRecord extends BaseRecord {
  'smtp.record': 'reply';
  /** the basic reply code; class * 100 (400, 500) when the log writes no code */
  'smtp.code': number;
  'smtp.code_written': boolean;
  'smtp.enhanced_code'?: string;
  'smtp.reply_text': string;
  /** the command the reply answers ("RCPT TO:<bob@example.com>", "end of data", "greeting") or the record's own context */
  'smtp.command'?: string;
  'smtp.verb'?: string;
  /** the knowledge entry that explained it (a rule id, "enhanced:5.1.1", "basic:550") */
  'smtp.explanation_id': string;
  'smtp.explanation': string;
  /** permanent or transient (the text may override the code) */
  'smtp.class': string;
  /**
   * who can fix it, in order, comma-separated: sender, sender_admin, recipient, recipient_admin,
   * this_server (a string, not an array: one-dot array columns with a shared prefix become one Nested
   * structure in ClickHouse)
   */
  'smtp.who_acts': string;
  'bounce.reason'?: string;
  /** hard: the address will not work; soft: it may work later */
  'bounce.severity'?: 'hard' | 'soft';
  /** the same failure in the vocabularies senders' tools use (our mapping, not the services' own classifiers) */
  'bounce.ses_type'?: string;
  'bounce.ses_subtype'?: string;
  'bounce.sendgrid'?: string;
  'bounce.postmark'?: string;
  'bounce.kumomta'?: string;
  'smtp.session_id'?: string;
  'smtp.queue_id'?: string;
  'source.address'?: string;
  'source.ip'?: string;
  'source.domain'?: string;
  'email.from.address'?: string;
  'email.to.address'?: string[];
}

/** A connection: peer, HELO, TLS and auth when logged, start, end, outcome. */
export interface SessionRecord extends BaseRecord {
  'smtp.record': 'session';
  'smtp.session_id': string;
  /** inbound: the logging server received the connection; outbound: it connected out */
  'network.direction': 'inbound' | 'outbound';
  'source.address'?: string;
  'source.ip'?: string;
  'source.domain'?: string;
  'smtp.helo'?: string;
  /** TLS was in use: a handshake the log writes, or a STARTTLS answered 220 (one only offered in an EHLO reply does not count) */
  'smtp.tls'?: boolean;
  /** TLSv1.2, TLSv1.3 ... as the log names it (Exchange's SP_PROT_TLS1_2 and exim's TLS1.3 written the same way) */
  'smtp.tls_version'?: string;
  'smtp.tls_cipher'?: string;
  /** the mechanism of a successful authentication (PLAIN, LOGIN, exim's authenticator), "yes" when the log names none, "failed" when it was refused */
  'smtp.auth'?: string;
  'smtp.auth_user'?: string;
  /** SPF / DKIM / DMARC verdicts logged by the filters beside the MTA (policyd-spf, opendkim, opendmarc) or an Authentication-Results line */
  'smtp.spf'?: string;
  'smtp.dkim'?: string;
  'smtp.dmarc'?: string;
  'event.start': string | null;
  'event.end': string | null;
  /** in nanoseconds (ECS) */
  'event.duration'?: number;
  'smtp.outcome': string;
  /** false when the log ended (or the open window passed) before the session closed */
  'smtp.complete': boolean;
  'smtp.lines': number;
  'smtp.messages_delivered': number;
  'smtp.recipients_refused': number;
  'smtp.code'?: number;
  'smtp.enhanced_code'?: string;
}

/** A message: ids, envelope, each delivery attempt, the final outcome, the next hop's id. */
export interface MessageRecord extends BaseRecord {
  'smtp.record': 'message';
  'smtp.queue_id'?: string;
  'email.message_id'?: string;
  'email.from.address'?: string;
  'email.to.address': string[];
  'smtp.client'?: string;
  // how the message arrived, where the log writes it on the message's lines (exim X= / A=, postfix sasl_method=, opendkim, opendmarc)
  'smtp.tls'?: boolean;
  'smtp.tls_version'?: string;
  'smtp.tls_cipher'?: string;
  'smtp.auth'?: string;
  'smtp.auth_user'?: string;
  'smtp.spf'?: string;
  'smtp.dkim'?: string;
  'smtp.dmarc'?: string;
  /** delivery attempts as parallel arrays (one entry per attempt): a columnar shape every database loads */
  'smtp.attempt.time': (string | null)[];
  'smtp.attempt.to': string[];
  'smtp.attempt.relay': string[];
  'smtp.attempt.status': string[];
  'smtp.attempt.code': number[];
  'smtp.attempt.enhanced_code': string[];
  'smtp.attempt.delay': (number | null)[];
  'smtp.attempt.reply_text': string[];
  /** per attempt: the id the next hop gave the message ("250 2.0.0 Ok: queued as 9E8D7C6B5A"), else "" */
  'smtp.attempt.next_hop_id': string[];
  /** delivered, bounced, deferred, rejected, in queue, expired ... */
  'smtp.outcome': string;
  'smtp.complete': boolean;
  'smtp.lines': number;
  'event.start': string | null;
  'event.end': string | null;
}

/** One recipient report of a bounce (DSN / NDR). */
export interface BounceRecord extends BaseRecord {
  'smtp.record': 'bounce';
  'email.to.address': string[];
  'bounce.action': string;
  'smtp.enhanced_code'?: string;
  'smtp.code'?: number;
  'smtp.reply_text'?: string;
  'smtp.remote_mta'?: string;
  'smtp.command'?: string;
  'bounce.reason': string;
  'bounce.severity': 'hard' | 'soft' | 'none';
  /** the same failure in the vocabularies senders' tools use (our mapping, not the services' own classifiers) */
  'bounce.ses_type'?: string;
  'bounce.ses_subtype'?: string;
  'bounce.sendgrid'?: string;
  'bounce.postmark'?: string;
  'bounce.kumomta'?: string;
  'email.message_id'?: string;
  'email.from.address'?: string;
  'email.subject'?: string;
}

export type LogRecord = ReplyRecord | SessionRecord | MessageRecord | BounceRecord;

/** How a reply record is named to a person: "550 5.1.1", "5.1.1" (no code written), "5xx" (a code-less failure). */
export function replyHeadOf(r: ReplyRecord): string {
  if (r['smtp.code_written']) return `${r['smtp.code']}${r['smtp.enhanced_code'] ? ' ' + r['smtp.enhanced_code'] : ''}`;
  return r['smtp.enhanced_code'] ?? `${Math.floor(r['smtp.code'] / 100)}xx`;
}
