/**
 * `smtp-log`: the command-line shell over the core's streaming engine (the same scanners, parser and
 * knowledge as the language server). Any size, any number of files, `.gz`, stdin; records as text,
 * JSON, NDJSON or CSV; a DuckDB query over them. Exit codes: 0 done, 1 failures found (`--fail-on`),
 * 2 usage error, 3 input error (missing file, binary data, no SMTP log, truncated gzip).
 */
import * as fs from 'node:fs';
import { isAscii } from 'node:buffer';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { LogStream, LOG_FORMATS, replyHeadOf, explainReply, actorLabel, outcomeOf, sideOf, isValidReplyCode, type FileSummary, type LogRecord, type RecordType } from '../core/smtpLanguageService';
import { corpusReport } from './corpus';
import { expandInputs, InputError, openInput, type Input } from './inputs';
import { visibleText } from '../core/smtpLanguageService';
import { CSV_COLUMNS, duckType, RecordWriter, recordLine, type OutputFormat } from './output';

// esbuild inlines the manifest's version; tsc reads it from the checkout
// eslint-disable-next-line @typescript-eslint/no-var-requires
const VERSION: string = (require('../../../package.json') as { version: string }).version;

const EXIT = { ok: 0, failures: 1, usage: 2, input: 3 } as const;

/**
 * A full garbage collection every GC_EVERY bytes read. The engine's live memory is small (one block and
 * the sessions still open), but V8 lets garbage grow the heap to 2-3x that before it collects on its
 * own: measured on a 50 MB postfix log, 372 MB peak RSS without, 241 MB with a collection every 8 MB, for
 * under 2% of the run time. The flag is set before anything else runs.
 */
const GC_EVERY = 8 << 20;
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

class UsageError extends Error {}

const COMMON = `
input:
  FILES...             files, directories (read recursively), quoted globs ("logs/**/*.log"), - for stdin;
                       no FILES: stdin. .gz files are decompressed. A rotated set (mail.log, mail.log.1,
                       mail.log.2.gz, mail.log-20261207) is read oldest first, and sessions and messages
                       that cross a file boundary are joined.
  --log-format ID      do not detect the format: postfix, exim, sendmail, exchange-protocol, iis-smtp,
                       exchange-msgtrk, exchange-transcript, swaks, smtplib, client-log, other-mta ...
  --since TIME         only records at or after TIME: 2026-12-01, 2026-12-01T08:00, or 24h / 7d ago
  --until TIME         only records before TIME (same forms)
  --max N              stop after N records (default: no limit)
  --quiet              no progress line on stderr
  --stdin-name NAME    the file name of what comes on stdin (records carry it; ids then equal the file's)
`;

const HELP: Record<string, string> = {
  main: `smtp-log ${VERSION}: reads SMTP logs and bounce messages (postfix, exim, sendmail, Exchange, IIS, OpenSMTPD,
client transcripts, DSNs and NDRs) and says what failed, why and who has to act.

usage:
  smtp-log analyze [options] FILES...     what happened: formats, sessions, messages, every failure explained
  smtp-log export  [options] FILES...     records (reply, session, message, bounce) for a database or a script
  smtp-log query   "SQL" [options] FILES...  load the records into DuckDB and run SQL on them
  smtp-log explain CODE [ENHANCED] [TEXT]    what a reply means, e.g. smtp-log explain "550 5.1.1 User unknown"
  smtp-log corpus  FOLDER                 per file: format, sessions, replies, problems, unexplained codes

  smtp-log COMMAND --help                 the options of one command
  smtp-log --version

exit codes: 0 done, 1 failures found (--fail-on), 2 usage error, 3 input error (missing, binary, truncated)
`,
  analyze: `usage: smtp-log analyze [options] FILES...

Every file's format, its sessions and messages, and every failed reply (4xx, 5xx and the failures MTAs
log without a code) with what it means, who acts and the command it answers. No caps unless --max.
${COMMON}
output:
  --format text|json|ndjson|csv   text (default); json: the summary and every failure as one object;
                       ndjson/csv: the failure records only
  --fail-on error|warning   exit 1 when a permanent failure (error) or any failure (warning) is found
  --no-color           no colours (also when NO_COLOR is set or stdout is not a terminal)
`,
  export: `usage: smtp-log export [options] FILES...

Records with stable ids, one schema (docs/schema/records.schema.json): reply (every 4xx/5xx and code-less
failure), session (connection), message (queue id / message id, envelope, delivery attempts, next hop),
bounce (one per recipient of a bounce). Field names follow Elastic Common Schema; loads as it is into
DuckDB, ClickHouse (JSONEachRow), OpenSearch, Loki or a spreadsheet.
${COMMON}
output:
  --format ndjson|json|csv|text   ndjson (default when stdout is not a terminal), text on a terminal
  --types LIST         which records: reply,session,message,bounce (default: all)
  --fail-on error|warning   exit 1 when a failure of that level is among the records
`,
  query: `usage: smtp-log query "SQL" [options] FILES...

Loads the records of FILES into an in-memory DuckDB table "records" (views: replies, sessions, messages,
bounces) and runs SQL. Column names have dots: quote them, e.g.
  smtp-log query 'SELECT "bounce.reason", count(*) n FROM replies GROUP BY 1 ORDER BY n DESC' /var/log/mail.log*
Needs the optional dependency @duckdb/node-api (npm install -g @duckdb/node-api, or next to smtp-log).
${COMMON}
output:
  --format text|json|ndjson|csv   text: an aligned table (default)
`,
  explain: `usage: smtp-log explain CODE [ENHANCED] [TEXT...] [--command VERB]
       smtp-log explain "550 5.1.1 User unknown"

Everything the knowledge base says about one reply: meaning, retry, who acts, causes, checks, sources.
CODE is a reply code (2xx-5xx); ENHANCED an enhanced status code (X.Y.Z); --command the command it answers.
`,
  corpus: `usage: smtp-log corpus FOLDER

Per file of FOLDER: format, sessions, replies, problems, unexplained codes; bounces per mail system.
`,
};

function fail(msg: string): never { throw new UsageError(msg); }

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) { process.stderr.write(HELP.main); return EXIT.usage; }
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') { process.stdout.write(HELP[rest[0] ?? 'main'] ?? HELP.main); return EXIT.ok; }
  if (cmd === '--version' || cmd === '-V') { process.stdout.write(`${VERSION}\n`); return EXIT.ok; }
  if (!(cmd in HELP) || cmd === 'main') fail(`unknown command "${cmd}" (commands: analyze, export, query, explain, corpus; see smtp-log --help)`);
  if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(HELP[cmd]); return EXIT.ok; }
  switch (cmd) {
    case 'analyze': return analyze(rest);
    case 'export': return exportCmd(rest);
    case 'query': return query(rest);
    case 'explain': return explain(rest);
    case 'corpus': return corpus(rest);
  }
  return EXIT.usage;
}

// -- options shared by the commands that read logs --

const READ_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'log-format': { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  max: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'fail-on': { type: 'string' },
  'no-color': { type: 'boolean' },
  types: { type: 'string' },
  'stdin-name': { type: 'string' },
} as const;

interface ReadOptions {
  files: string[];
  format: OutputFormat;
  logFormat?: string;
  since?: number;
  until?: number;
  max: number;
  quiet: boolean;
  failOn?: 'error' | 'warning';
  color: boolean;
  types?: Set<RecordType>;
  stdinName?: string;
}

function parseRead(args: string[], allowed: OutputFormat[], defaultFormat: OutputFormat): ReadOptions {
  let parsed;
  try {
    parsed = parseArgs({ args, options: READ_OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    fail((e as Error).message.replace(/^TypeError \[\w+\]: /, '').split('\n')[0]);
  }
  const v = parsed.values;
  const format = (v.format ?? defaultFormat) as OutputFormat;
  if (!allowed.includes(format)) fail(`--format must be one of ${allowed.join(', ')} (got "${v.format}")`);
  const failOn = v['fail-on'];
  if (failOn !== undefined && failOn !== 'error' && failOn !== 'warning') fail(`--fail-on must be "error" or "warning" (got "${failOn}")`);
  let max = Infinity;
  if (v.max !== undefined) { max = Number(v.max); if (!Number.isInteger(max) || max < 0) fail(`--max must be a whole number (got "${v.max}")`); }
  let types: Set<RecordType> | undefined;
  if (v.types !== undefined) {
    const ts = v.types.split(',').map(s => s.trim().replace(/s$/, '')).filter(Boolean);
    for (const t of ts) if (!['reply', 'session', 'message', 'bounce'].includes(t)) fail(`--types takes reply, session, message, bounce (got "${t}")`);
    types = new Set(ts as RecordType[]);
  }
  if (v['log-format'] !== undefined && !LOG_FORMATS.includes(v['log-format'])) fail(`--log-format takes one of ${LOG_FORMATS.join(', ')} (got "${v['log-format']}")`);
  const color = !v['no-color'] && !process.env.NO_COLOR && !!process.stdout.isTTY;
  return {
    files: parsed.positionals, format, logFormat: v['log-format'], since: v.since !== undefined ? parseWhen(v.since, '--since') : undefined,
    until: v.until !== undefined ? parseWhen(v.until, '--until') : undefined, max, quiet: !!v.quiet, failOn: failOn as ReadOptions['failOn'], color, types,
    stdinName: v['stdin-name'],
  };
}

/** "2026-12-01", "2026-12-01T08:00", "2026-12-01 08:00:00Z", "24h", "7d", "30m" -> epoch ms. */
export function parseWhen(s: string, opt: string): number {
  const rel = /^(\d+)\s*([smhdw])$/.exec(s.trim());
  if (rel) return Date.now() - Number(rel[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 }[rel[2] as 's']!;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00` : s.replace(' ', 'T'));
  if (!Number.isFinite(t)) fail(`${opt} takes a date (2026-12-01), a date and time (2026-12-01T08:00) or a span back from now (24h, 7d) (got "${s}")`);
  return t;
}

/** Epoch ms of a record's time: with its offset when it has one, else as local time (what the log wrote). */
function recordTime(r: LogRecord): number | undefined {
  const t = r['@timestamp'];
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

function isFailure(r: LogRecord, level: 'error' | 'warning'): boolean {
  if (r['smtp.record'] === 'reply') return level === 'warning' || r['smtp.class'] === 'permanent';
  if (r['smtp.record'] === 'bounce') return r['bounce.action'] === 'failed' || (level === 'warning' && r['bounce.action'] === 'delayed');
  if (r['smtp.record'] === 'message') return r['event.outcome'] === 'failure' || (level === 'warning' && /deferred/.test(r['smtp.outcome']));
  return false;
}

// -- reading --

interface ReadResult { files: FileSummary[]; errors: string[]; records: number; skipped: number; stoppedAtMax: boolean }

/**
 * Streams every input through one engine (rotated sets stitched), calling `take` for each record that
 * passes the time filters, until `max`. Errors are collected as one line each.
 */
async function readAll(o: ReadOptions, take: (r: LogRecord) => void, wait?: () => Promise<void> | undefined): Promise<ReadResult> {
  let sets: Input[][];
  try { sets = expandInputs(o.files); } catch (e) { if (e instanceof InputError) return { files: [], errors: [e.message], records: 0, skipped: 0, stoppedAtMax: false }; throw e; }
  if (sets.length === 1 && sets[0].length === 1 && sets[0][0].path === '-' && process.stdin.isTTY) fail('no input: name FILES, or pipe a log into smtp-log (see smtp-log --help)');
  let taken = 0, stopped = false;
  const stream = new LogStream({
    asciiText: b => (isAscii(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1') : undefined),
    format: o.logFormat,
    types: o.types,
    onRecord: r => {
      if (stopped) return;
      if (o.since !== undefined || o.until !== undefined) {
        const t = recordTime(r);
        if (t === undefined || (o.since !== undefined && t < o.since) || (o.until !== undefined && t >= o.until)) return;
      }
      if (taken >= o.max) { stopped = true; return; }
      taken++;
      take(r);
    },
  });
  const progress = new Progress(!o.quiet && !!process.stderr.isTTY, sets.flat().reduce((a, i) => a + (i.size ?? 0), 0));
  const errors: string[] = [];
  const files: FileSummary[] = [];
  let skipped = 0, sinceGc = 0;
  for (const set of sets) {
    for (const input of set) {
      if (stopped) break;
      const name = input.path === '-' ? o.stdinName ?? '(stdin)' : input.path;
      stream.beginFile({ path: name, modified: input.modified });
      let failure: string | undefined;
      try {
        const r = await openInput(input);
        for await (const chunk of r) {
          stream.write(chunk as Buffer);
          progress.add((chunk as Buffer).length, stream.recordCount);
          if ((sinceGc += (chunk as Buffer).length) >= GC_EVERY) { sinceGc = 0; collect(); }
          const w = wait?.();
          if (w) await w;
          if (stopped) { if (input.path !== '-') r.destroy(); break; }
        }
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        failure = err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message) ? `${name}: the gzip data is truncated; the records before the cut were kept`
          : err.code === 'Z_DATA_ERROR' ? `${name}: the gzip data is corrupt (${err.message}); the records before it were kept`
            : err.code === 'EISDIR' ? `${name} is a directory` : `cannot read ${name}: ${err.message}`;
      }
      const sum = stream.endFile();
      files.push(sum);
      if (failure) errors.push(failure);
      else if (sum.format === 'binary') { if (input.fromDirectory) skipped++; else errors.push(`${name}: ${sum.notes[0] ?? 'binary data'}`); }
      else if (sum.format === 'unknown' || sum.format === 'empty') {
        if (input.fromDirectory) skipped++;
        else errors.push(sum.format === 'empty' ? `${name}: the file is empty` : `${name}: no SMTP log format or bounce was recognised in its first lines (try --log-format)`);
      }
    }
    stream.endSet();
  }
  stream.end();
  progress.done();
  const dirInputs = sets.flat().filter(i => i.fromDirectory).length;
  if (dirInputs && skipped === dirInputs) errors.push(`no SMTP log or bounce among the ${dirInputs} files of ${o.files.filter(f => { try { return fs.statSync(f).isDirectory(); } catch { return false; } }).join(', ')}`);
  return { files, errors, records: taken, skipped, stoppedAtMax: stopped };
}

/** "read 120 MB of 2.0 GB (85 MB/s), 35,112 records" on stderr, for runs longer than a moment. */
class Progress {
  private bytes = 0; private last = 0; private readonly t0 = Date.now(); private shown = false;
  constructor(private readonly on: boolean, private readonly total: number) {}
  add(n: number, records: number): void {
    this.bytes += n;
    if (!this.on) return;
    const now = Date.now();
    if (now - this.last < 250 || now - this.t0 < 1000) return;
    this.last = now;
    const mb = (b: number): string => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.round(b / 1e6)} MB`);
    const rate = this.bytes / 1e6 / ((now - this.t0) / 1000);
    process.stderr.write(`\rread ${mb(this.bytes)}${this.total ? ` of ${mb(this.total)}` : ''} (${rate.toFixed(0)} MB/s), ${records.toLocaleString('en-US')} records   `);
    this.shown = true;
  }
  done(): void { if (this.shown) process.stderr.write('\r\x1b[K'); }
}

function reportErrors(res: ReadResult): void {
  for (const e of res.errors) process.stderr.write(`smtp-log: ${visibleText(e)}\n`);
  if (res.stoppedAtMax) process.stderr.write(`smtp-log: stopped after --max records\n`);
}

// -- commands --

async function exportCmd(args: string[]): Promise<number> {
  const o = parseRead(args, ['ndjson', 'json', 'csv', 'text'], process.stdout.isTTY ? 'text' : 'ndjson');
  const w = new RecordWriter(process.stdout, o.format);
  let failures = 0;
  const res = await readAll(o, r => { w.write(r); if (o.failOn && isFailure(r, o.failOn)) failures++; }, () => w.drained());
  w.end();
  reportErrors(res);
  if (res.errors.length) return EXIT.input;
  return o.failOn && failures ? EXIT.failures : EXIT.ok;
}

/**
 * Every failure as it is read (streamed: nothing is held but counts), then per file its format and notes,
 * the time span, the totals and the failures by code.
 */
async function analyze(args: string[]): Promise<number> {
  const o = parseRead(args, ['text', 'json', 'ndjson', 'csv'], 'text');
  const counts = { sessions: 0, messages: 0, bounces: 0, replies: 0, delivered: 0, bouncedMessages: 0, deferred: 0 };
  const byHead = new Map<string, number>();
  const c = o.color ? { b: (s: string) => `\x1b[1m${s}\x1b[0m`, red: (s: string) => `\x1b[31m${s}\x1b[0m`, yellow: (s: string) => `\x1b[33m${s}\x1b[0m` } : { b: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s };
  const failureLine = (r: LogRecord): string => {
    const permanent = (r['smtp.record'] === 'reply' && r['smtp.class'] === 'permanent') || (r['smtp.record'] === 'bounce' && r['bounce.action'] === 'failed');
    return '  ' + (permanent ? c.red('error ') : c.yellow('warning ')) + recordLine(r);
  };
  // json: {"failures": [...streamed...], "files": ..., "counts": ...}
  if (o.format === 'json') process.stdout.write('{"failures": ');
  const writer = new RecordWriter(process.stdout, o.format, failureLine);
  let first: string | undefined, last: string | undefined;
  let failing = 0;
  const res = await readAll(o, r => {
    const t = r['@timestamp'];
    if (t) { if (!first || t < first) first = t; if (!last || t > last) last = t; }
    if (o.failOn && isFailure(r, o.failOn)) failing++;
    switch (r['smtp.record']) {
      case 'session': counts.sessions++; return;
      case 'message':
        counts.messages++;
        if (r['smtp.outcome'].startsWith('delivered')) counts.delivered++;
        else if (r['event.outcome'] === 'failure') counts.bouncedMessages++;
        else if (r['smtp.outcome'].startsWith('deferred')) counts.deferred++;
        return;
      case 'bounce': counts.bounces++; if (r['bounce.action'] === 'delivered') return; break;
      case 'reply': counts.replies++; break;
    }
    const head = r['smtp.record'] === 'reply' ? replyHeadOf(r)
      : `bounce ${r['smtp.enhanced_code'] ?? ''} ${r['bounce.reason']}`.trim();
    byHead.set(head, (byHead.get(head) ?? 0) + 1);
    writer.write(r);
  }, () => writer.drained());
  writer.end();
  const byCode = [...byHead].sort((a, b) => b[1] - a[1]);
  if (o.format === 'json') {
    process.stdout.write(`, "files": ${JSON.stringify(res.files)}, "span": ${JSON.stringify({ from: first ?? null, to: last ?? null })}, "counts": ${JSON.stringify(counts)}, "failuresByCode": ${JSON.stringify(Object.fromEntries(byCode))}}\n`);
  } else if (o.format === 'text' && res.files.length) {
    const out: string[] = [];
    for (const f of res.files) {
      if (f.format === 'unknown' || f.format === 'binary' || f.format === 'empty') continue;
      out.push(c.b(visibleText(`${f.path}: ${f.formatName}, ${f.lines.toLocaleString('en-US')} lines`)));
      for (const n of f.notes) out.push(`  note: ${visibleText(n)}`);
    }
    if (res.skipped) out.push(`(${res.skipped} files in the directories were not SMTP logs or bounces and were skipped)`);
    out.push(`time span: ${first ?? '?'} .. ${last ?? '?'}`);
    out.push(`sessions: ${counts.sessions}, messages: ${counts.messages} (delivered ${counts.delivered}, bounced or expired ${counts.bouncedMessages}, deferred ${counts.deferred}), bounce reports: ${counts.bounces}, failed replies: ${counts.replies}`);
    if (byCode.length) out.push('failures by code: ' + byCode.slice(0, 12).map(([k, n]) => `${k} x${n}`).join(', '));
    process.stdout.write(out.join('\n') + '\n');
  }
  reportErrors(res);
  if (res.errors.length) return EXIT.input;
  return o.failOn && failing ? EXIT.failures : EXIT.ok;
}

async function query(args: string[]): Promise<number> {
  const sql = args[0];
  if (!sql || sql.startsWith('-')) fail('query needs the SQL first: smtp-log query "SELECT ..." FILES...');
  const o = parseRead(args.slice(1), ['text', 'json', 'ndjson', 'csv'], 'text');
  let duck: typeof import('@duckdb/node-api');
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    duck = require('@duckdb/node-api');
  } catch {
    process.stderr.write('smtp-log: query needs DuckDB: install the optional dependency with "npm install -g @duckdb/node-api" (or next to smtp-log)\n');
    return EXIT.input;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-log-'));
  const file = path.join(dir, 'records.ndjson');
  const out = fs.createWriteStream(file);
  const w = new RecordWriter(out, 'ndjson');
  try {
    const res = await readAll(o, r => w.write(r), () => w.drained());
    w.end();
    await new Promise<void>((res2, rej) => out.end((e?: Error | null) => (e ? rej(e) : res2())));
    reportErrors(res);
    if (res.errors.length && res.records === 0) return EXIT.input;
    const db = await duck.DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const lit = file.replace(/'/g, "''");
    // every column of the schema, typed, whichever records this input had
    const columns = CSV_COLUMNS.map(c => `'${c}': '${duckType(c)}'`).join(', ');
    await conn.run(`CREATE TABLE raw AS SELECT * FROM read_json('${lit}', format = 'newline_delimited', columns = {${columns}})`);
    // "time": the timestamp as a TIMESTAMP (as written: local time of the log, or UTC when the log gives an offset)
    await conn.run(`CREATE VIEW records AS SELECT *, COALESCE(TRY_CAST(TRY_CAST("@timestamp" AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP), TRY_CAST("@timestamp" AS TIMESTAMP)) AS "time" FROM raw`);
    for (const [view, type] of [['replies', 'reply'], ['sessions', 'session'], ['messages', 'message'], ['bounces', 'bounce']]) {
      await conn.run(`CREATE VIEW ${view} AS SELECT * FROM records WHERE "smtp.record" = '${type}'`);
    }
    let result;
    try { result = await conn.runAndReadAll(sql); } catch (e) { process.stderr.write(`smtp-log: the query failed: ${visibleText((e as Error).message.split('\n')[0])}\n`); return EXIT.usage; }
    const cols = result.columnNames();
    const rows = result.getRowObjectsJson() as Record<string, unknown>[];
    printTable(cols, rows, o.format);
    return EXIT.ok;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(cols: string[], rows: Record<string, unknown>[], format: OutputFormat): void {
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  if (format === 'json') { process.stdout.write(JSON.stringify(rows, null, 1) + '\n'); return; }
  if (format === 'ndjson') { process.stdout.write(rows.map(r => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '')); return; }
  if (format === 'csv') {
    const q = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    process.stdout.write([cols.map(q).join(','), ...rows.map(r => cols.map(c => q(cell(r[c]))).join(','))].join('\n') + '\n');
    return;
  }
  const texts = rows.map(r => cols.map(c => visibleText(cell(r[c])).slice(0, 120)));
  const widths = cols.map((c, i) => Math.max(c.length, ...texts.map(t => t[i].length)));
  const line = (xs: string[]): string => xs.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write([line(cols), line(widths.map(w => '-'.repeat(w))), ...texts.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n') + '\n');
}

/**
 * `smtp-log explain <code> [enhanced] [text...] [--command VERB]`, or one quoted argument as people
 * paste a reply ("550 5.1.1 User unknown"), or `smtp-log explain <enhanced> [text...]`.
 */
function explain(args: string[]): number {
  let rest = [...args];
  let command: string | undefined;
  const ci = rest.findIndex(a => a === '--command' || a === '-c');
  if (ci >= 0) { command = rest[ci + 1]?.toUpperCase(); if (!command) fail('--command needs a verb (RCPT, MAIL, DATA ...)'); rest.splice(ci, 2); }
  const unknown = rest.find(a => /^--?[a-z]/i.test(a));
  if (unknown) fail(`unknown option ${unknown} for explain (see smtp-log explain --help)`);
  // one quoted argument: "550 5.1.1 User unknown" or "550-5.1.1 ..."
  if (rest.length >= 1 && /^\d{3}[\s-]/.test(rest[0])) rest = [rest[0].slice(0, 3), ...rest[0].slice(4).trim().split(/\s+/), ...rest.slice(1)].filter(Boolean);
  let code: number | undefined;
  if (/^\d{3}$/.test(rest[0] ?? '')) {
    code = Number(rest.shift());
    if (!isValidReplyCode(code)) {
      fail(`${code} is not an SMTP reply code (the first digit is 2-5 and the second 0-5, RFC 5321 section 4.2)`);
    }
  }
  if (rest[0] && /^#?\d\.\d{1,3}\.\d{1,3}$/.test(rest[0])) rest[0] = rest[0].replace(/^#/, '');
  const enhanced = /^[245]\.\d{1,3}\.\d{1,3}$/.test(rest[0] ?? '') ? rest.shift() : undefined;
  if (code === undefined && !enhanced) fail(`explain needs a reply code (550) or an enhanced status code (5.1.1)${rest[0] ? `, not "${rest[0]}"` : ''}`);
  const text = rest.join(' ');
  const e = explainReply({ code, enhanced, text, command });
  // the order of the hover: the verdict, who acts and what to check, then the meaning, then the rest
  const lines = [`${[e.code, e.enhanced].filter(Boolean).join(' ')}: ${e.title}`];
  const side = sideOf(e);
  const outcome = outcomeOf(e);
  lines.push(`verdict: ${outcome.what}${side ? `, ${side}` : ''}: ${outcome.retry}`);
  lines.push(`class: ${e.cls}${e.cls !== e.codeClass ? ` (the code says ${e.codeClass}; the text wins)` : ''}`);
  const failure = e.cls === 'transient' || e.cls === 'permanent';
  if (failure) {
    lines.push(`who acts: ${e.actors.map(actorLabel).join(', then ')}`);
    lines.push(...e.checks.slice(0, 7).map((c, i) => `check ${i + 1}: ${c}`));
  }
  if (e.links.length) lines.push(`where to act: ${e.links.join(' ')}`);
  lines.push(`explained by: ${e.specificity === 'vendor' ? `text rule ${e.vendor.map(v => v.id).slice(0, 3).join(', ')}` : e.specificity === 'enhanced' ? 'the enhanced code' : e.specificity === 'basic' ? 'the basic code' : 'the class digit only'}`);
  for (const v of e.vendor.slice(0, 1)) lines.push(`${v.vendor}: ${v.description}`);
  if (e.basic) lines.push(`meaning ${e.basic.code}: ${e.basic.meaning}`);
  // next to a specific rule only the registry title of the enhanced code: its description names other vendors' uses
  if (e.enhancedEntry) lines.push(`meaning ${e.enhanced}: ${e.enhancedEntry.meaning}${e.vendor.length ? '' : `. ${e.enhancedEntry.description}`}`);
  if (e.notes.length) lines.push(...e.notes.map(n => `note: ${n}`));
  lines.push(`retry: ${e.retry}`);
  if (e.command && e.commandNote && !e.vendor.length) lines.push(`as the answer to ${e.command}: ${e.commandNote}`);
  if (failure) {
    if (e.reason) lines.push(`bounce reason: ${e.reason}`);
    lines.push(...e.causes.slice(0, 5).map(c => `cause: ${c}`));
  }
  if (e.sources.length) lines.push(...e.sources.map(s => `source: ${s}`));
  process.stdout.write(visibleText(lines.join('\n'), true) + '\n');
  return EXIT.ok;
}

function corpus(args: string[]): number {
  const dir = args[0];
  if (!dir || args.length > 1) fail('corpus takes one folder: smtp-log corpus FOLDER');
  let st: fs.Stats;
  try { st = fs.statSync(dir); } catch { process.stderr.write(`smtp-log: cannot read ${visibleText(dir)}: no such file or directory\n`); return EXIT.input; }
  if (!st.isDirectory()) { process.stderr.write(`smtp-log: ${visibleText(dir)} is not a folder (corpus reads every file of a folder)\n`); return EXIT.input; }
  process.stdout.write(corpusReport(dir));
  return EXIT.ok;
}

// `smtp-log export big.log | head`: the reader went away; stop quietly instead of throwing EPIPE
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });

main(process.argv.slice(2)).then(code => { process.exitCode = code; }, (e: unknown) => {
  if (e instanceof UsageError) { process.stderr.write(`smtp-log: ${visibleText(e.message)}\n`); process.exitCode = EXIT.usage; return; }
  process.stderr.write(`smtp-log: internal error: ${visibleText(String((e as Error)?.message ?? e))}\n`);
  process.exitCode = 70;
});
