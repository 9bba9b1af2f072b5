/**
 * How the CLI writes records: NDJSON (one per line, for databases and `jq`), JSON (one array), CSV (one
 * header, fixed columns, arrays joined by `;`) or text (one readable line per record). Writes are batched
 * and wait for the pipe to drain, so a slow reader slows the reader down instead of filling memory.
 */
import type { Writable } from 'node:stream';
import { replyHeadOf, visibleText, type LogRecord } from '../core/smtpLanguageService';

export type OutputFormat = 'text' | 'json' | 'ndjson' | 'csv';

/** Every column a record can have, in the order CSV writes them (the schema's keys). */
export const CSV_COLUMNS = [
  '@timestamp', 'event.id', 'event.dataset', 'event.outcome', 'smtp.record', 'smtp.schema', 'smtp.format', 'smtp.year_inferred',
  'log.file.path', 'log.file.line', 'log.offset', 'host.name',
  'source.address', 'source.ip', 'source.domain', 'network.direction', 'smtp.helo', 'smtp.tls', 'smtp.tls_version', 'smtp.tls_cipher', 'smtp.auth', 'smtp.auth_user',
  'smtp.spf', 'smtp.dkim', 'smtp.dmarc',
  'smtp.session_id', 'smtp.queue_id', 'email.message_id', 'email.from.address', 'email.to.address', 'email.subject', 'smtp.client',
  'smtp.code', 'smtp.code_written', 'smtp.enhanced_code', 'smtp.reply_text', 'smtp.command', 'smtp.verb',
  'smtp.explanation_id', 'smtp.explanation', 'smtp.class', 'smtp.who_acts', 'bounce.reason', 'bounce.severity', 'bounce.ses_type', 'bounce.ses_subtype', 'bounce.sendgrid', 'bounce.postmark', 'bounce.kumomta', 'bounce.action', 'smtp.remote_mta',
  'event.start', 'event.end', 'event.duration', 'smtp.outcome', 'smtp.complete', 'smtp.lines', 'smtp.messages_delivered', 'smtp.recipients_refused',
  'smtp.attempt.time', 'smtp.attempt.to', 'smtp.attempt.relay', 'smtp.attempt.status', 'smtp.attempt.code', 'smtp.attempt.enhanced_code',
  'smtp.attempt.delay', 'smtp.attempt.reply_text', 'smtp.attempt.next_hop_id',
] as const;

/** The DuckDB type of each column (every column exists in the table, whichever records were read). */
export function duckType(col: string): string {
  if (/^smtp\.attempt\.(code)$/.test(col)) return 'BIGINT[]';
  if (col === 'smtp.attempt.delay') return 'DOUBLE[]';
  if (/^smtp\.attempt\.|^email\.to\.address$/.test(col)) return 'VARCHAR[]';
  if (/^(smtp\.code|smtp\.schema|log\.file\.line|log\.offset|event\.duration|smtp\.lines|smtp\.messages_delivered|smtp\.recipients_refused)$/.test(col)) return 'BIGINT';
  if (/^(smtp\.year_inferred|smtp\.tls|smtp\.code_written|smtp\.complete)$/.test(col)) return 'BOOLEAN';
  return 'VARCHAR';
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = Array.isArray(v) ? v.map(x => (x === null ? '' : String(x))).join(';') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);

/** A one-line human form of a record; control characters from the log are shown visibly (`\x1b`, `<U+202E>`), never written raw. */
export function recordLine(r: LogRecord): string {
  const where = `${r['log.file.path']}:${r['log.file.line']}`;
  const time = r['@timestamp'] ?? '';
  switch (r['smtp.record']) {
    case 'reply': {
      const head = replyHeadOf(r);
      const acts = r['smtp.who_acts'] ? `; ${r['smtp.who_acts'].split(',')[0].replace(/_/g, ' ')} acts` : '';
      return visibleText(`${where} ${time} ${head} ${r['smtp.explanation']} (${r['smtp.class']}${acts})${r['smtp.command'] ? `; answers ${r['smtp.command']}` : ''}${r['bounce.reason'] ? ` [${r['bounce.reason']}]` : ''}${r['smtp.reply_text'] ? ` - "${cut(r['smtp.reply_text'], 160)}"` : ''}`);
    }
    case 'session':
      return visibleText(`${where} ${time} session ${r['network.direction']} ${r['source.address'] ?? ''}${r['smtp.helo'] ? ' HELO ' + r['smtp.helo'] : ''}${r['smtp.tls'] ? ' ' + (r['smtp.tls_version'] ?? 'TLS') : ''}${r['smtp.auth'] ? ' AUTH ' + r['smtp.auth'] : ''} - ${r['smtp.outcome']}`);
    case 'message':
      return visibleText(`${where} ${time} message ${r['smtp.queue_id'] ?? ''}${r['email.message_id'] ? ' <' + r['email.message_id'] + '>' : ''} from=<${r['email.from.address'] ?? ''}> to=${r['email.to.address'].join(',')} - ${r['smtp.outcome']}${r['smtp.attempt.next_hop_id'].some(Boolean) ? ' (next hop: ' + r['smtp.attempt.next_hop_id'].filter(Boolean).join(', ') + ')' : ''}`);
    case 'bounce':
      return visibleText(`${where} ${time} bounce ${r['email.to.address'].join(',')} ${r['bounce.action']} ${r['smtp.enhanced_code'] ?? ''} ${r['bounce.reason']} (${r['bounce.severity']})${r['smtp.reply_text'] ? ': ' + r['smtp.reply_text'] : ''}`);
  }
}

/** Writes records to a stream in one format, batched, with back-pressure. */
export class RecordWriter {
  private buf: string[] = [];
  private size = 0;
  private count = 0;
  /** `text`: the line written for a record in text format (default recordLine) */
  constructor(private readonly out: Writable, private readonly format: OutputFormat, private readonly text: (r: LogRecord) => string = recordLine) {
    if (format === 'csv') this.push(CSV_COLUMNS.join(',') + '\n');
    if (format === 'json') this.push('[');
  }

  write(r: LogRecord): void {
    const n = this.count++;
    switch (this.format) {
      case 'ndjson': this.push(JSON.stringify(r) + '\n'); break;
      case 'json': this.push((n ? ',\n' : '\n') + JSON.stringify(r)); break;
      case 'csv': { const o = r as unknown as Record<string, unknown>; this.push(CSV_COLUMNS.map(c => csvCell(o[c])).join(',') + '\n'); break; }
      default: this.push(this.text(r) + '\n');
    }
  }

  private push(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (!this.buf.length) return;
    this.out.write(this.buf.join(''));
    this.buf = []; this.size = 0;
  }

  /** Resolves when the output can take more (call between input chunks). */
  drained(): Promise<void> | undefined {
    this.flush();
    const o = this.out as Writable & { writableNeedDrain?: boolean };
    if (!o.writableNeedDrain) return undefined;
    return new Promise(res => o.once('drain', () => res()));
  }

  end(): void {
    if (this.format === 'json') this.push(this.count ? '\n]\n' : ']\n');
    this.flush();
  }
}
