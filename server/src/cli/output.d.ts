/**
 * How the CLI writes records: NDJSON (one per line, for databases and `jq`), JSON (one array), CSV (one
 * header, fixed columns, arrays joined by `;`) or text (one readable line per record). Writes are batched
 * and wait for the pipe to drain, so a slow reader slows the reader down instead of filling memory.
 */
import type { Writable } from 'node:stream';
import { type LogRecord } from '../core/smtpLanguageService';
export type OutputFormat = 'text' | 'json' | 'ndjson' | 'csv';
/** Every column a record can have, in the order CSV writes them (the schema's keys). */
export declare const CSV_COLUMNS: readonly ["@timestamp", "event.id", "event.dataset", "event.outcome", "smtp.record", "smtp.schema", "smtp.format", "smtp.year_inferred", "log.file.path", "log.file.line", "log.offset", "host.name", "source.address", "source.ip", "source.domain", "network.direction", "smtp.helo", "smtp.tls", "smtp.auth", "smtp.session_id", "smtp.queue_id", "email.message_id", "email.from.address", "email.to.address", "email.subject", "smtp.client", "smtp.code", "smtp.code_written", "smtp.enhanced_code", "smtp.reply_text", "smtp.command", "smtp.verb", "smtp.explanation_id", "smtp.explanation", "smtp.class", "smtp.who_acts", "bounce.reason", "bounce.severity", "bounce.ses_type", "bounce.ses_subtype", "bounce.sendgrid", "bounce.postmark", "bounce.kumomta", "bounce.action", "smtp.remote_mta", "event.start", "event.end", "event.duration", "smtp.outcome", "smtp.complete", "smtp.lines", "smtp.messages_delivered", "smtp.recipients_refused", "smtp.attempt.time", "smtp.attempt.to", "smtp.attempt.relay", "smtp.attempt.status", "smtp.attempt.code", "smtp.attempt.enhanced_code", "smtp.attempt.delay", "smtp.attempt.reply_text", "smtp.attempt.next_hop_id"];
/** The DuckDB type of each column (every column exists in the table, whichever records were read). */
export declare function duckType(col: string): string;
/**
 * Text for a terminal: control characters (ANSI escapes, bidi overrides) are shown as escapes, never
 * written raw, so a log line cannot clear the screen, retitle the window or reorder what is shown.
 */
export declare function visible(s: string): string;
/** A one-line human form of a record. */
export declare function recordLine(r: LogRecord): string;
/** Writes records to a stream in one format, batched, with back-pressure. */
export declare class RecordWriter {
    private readonly out;
    private readonly format;
    private readonly text;
    private buf;
    private size;
    private count;
    /** `text`: the line written for a record in text format (default recordLine) */
    constructor(out: Writable, format: OutputFormat, text?: (r: LogRecord) => string);
    write(r: LogRecord): void;
    private push;
    flush(): void;
    /** Resolves when the output can take more (call between input chunks). */
    drained(): Promise<void> | undefined;
    end(): void;
}
