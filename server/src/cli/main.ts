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
import { TrailIndex, TrailCollector, keysForIdentifier, resolveQuery, buildTrail, trailText, traceId, DEFAULT_ASSUMPTIONS, type StreamOptions, type TrailAssumptions } from '../core/smtpLanguageService';
import { readSources, type Source, LOG_FORMATS, SummaryBuilder, type LogSummary, type SummaryItem, replyHeadOf, explainReply, actorLabel, outcomeOf, sideOf, isValidReplyCode, type FileSummary, type LogRecord, type RecordType } from '../core/smtpLanguageService';
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
                       exchange-msgtrk, exchange-trace, exchange-transcript, swaks, smtplib, client-log, other-mta ...
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
  smtp-log summary [options] FILES...     at a glance: totals, events over time, top failure reasons, domains, hosts, addresses
  smtp-log export  [options] FILES...     records (reply, session, message, bounce) for a database or a script
  smtp-log query   "SQL" [options] FILES...  load the records into DuckDB and run SQL on them
  smtp-log explain CODE [ENHANCED] [TEXT]    what a reply means, e.g. smtp-log explain "550 5.1.1 User unknown"
  smtp-log trail   ID FILES...            one message across files, servers and bounces: hops, times, proof
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
  summary: `usage: smtp-log summary [options] FILES...

At a glance: connections, messages received, delivered, deferred, bounced, rejected at SMTP time, the time
span; events over time (per minute, hour, day or week as the span needs; at most 2,000 buckets); the top
failure reasons with their explanation and who acts, deferral reasons, reply codes, remote domains and
hosts, senders and recipients with failures. Memory stays bounded whatever the size of the input.
Counted as pflogsumm and eximstats count (README "Summary" says where and why they differ).
${COMMON}
output:
  --format text|json   text (default); json: the summary as one object (each item with its filter)
  --top N              entries per list (default 10)
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
  trail: `usage: smtp-log trail QUEUE-ID|MESSAGE-ID|ADDRESS [options] FILES...

The trail of one message: every hop across the files, servers and bounces given (postfix queue ids from
smtpd to delivery, "queued as" / id= / "Message accepted for delivery" hand-offs to the next server's log,
exim and sendmail ids, Exchange Send log -> Receive log by Message-ID and InternalId, bounces by
X-Postfix-Queue-ID and original Message-ID, else by recipient and arrival time), each with its time, the
time since the hop before, what happened and its file and line; the time in queue; for a message still
deferred, when the MTA retries and gives up under its defaults; and a plain-text proof of delivery (or the
last reply and who has to act). An address lists the newest 20 messages that name it.
${COMMON}
output:
  --format text|json   text (default), or the trails as JSON
  --queue-lifetime T   assume this queue lifetime (e.g. 3d, 72h) instead of the MTA's default
                       (postfix 5d, exim 4d, sendmail 5d, Exchange 2d)
exit codes: 0 a trail was found, 1 no message matches ID, 2 usage error, 3 input error
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
  if (!(cmd in HELP) || cmd === 'main') fail(`unknown command "${cmd}" (commands: analyze, summary, export, query, explain, trail, corpus; see smtp-log --help)`);
  if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(HELP[cmd]); return EXIT.ok; }
  switch (cmd) {
    case 'analyze': return analyze(rest);
    case 'summary': return summary(rest);
    case 'export': return exportCmd(rest);
    case 'query': return query(rest);
    case 'explain': return explain(rest);
    case 'corpus': return corpus(rest);
    case 'trail': return trailCmd(rest);
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
  top: { type: 'string' },
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
  top?: number;
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
    stdinName: v['stdin-name'], top: v.top !== undefined ? parseTop(v.top) : undefined,
  };
}

function parseTop(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 1000) fail(`--top takes a whole number from 1 to 1000 (got "${s}")`);
  return n;
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
async function readAll(o: ReadOptions, take: (r: LogRecord) => void, wait?: () => Promise<void> | undefined, hooks?: Pick<StreamOptions, 'onSession' | 'onBounceText'>): Promise<ReadResult> {
  let sets: Input[][];
  try { sets = expandInputs(o.files); } catch (e) { if (e instanceof InputError) return { files: [], errors: [e.message], records: 0, skipped: 0, stoppedAtMax: false }; throw e; }
  if (sets.length === 1 && sets[0].length === 1 && sets[0][0].path === '-' && process.stdin.isTTY) fail('no input: name FILES, or pipe a log into smtp-log (see smtp-log --help)');
  let taken = 0, stopped = false;
  const progress = new Progress(!o.quiet && !!process.stderr.isTTY, sets.flat().reduce((a, i) => a + (i.size ?? 0), 0));
  const inputOf = new Map<string, Input>();
  let sinceGc = 0;
  // the one loop every reader of several inputs shares (core/stream/sources.ts): the language server's workspace summary reads with it too
  const read = await readSources(sets.map(set => set.map((input): Source => {
    const name = input.path === '-' ? o.stdinName ?? '(stdin)' : input.path;
    inputOf.set(name, input);
    return { path: name, modified: input.modified, keepOpen: input.path === '-', open: () => openInput(input) };
  })), {
    asciiText: b => (isAscii(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1') : undefined),
    format: o.logFormat,
    types: o.types,
    ...hooks,
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
    onBytes: (n, records) => {
      progress.add(n, records);
      if ((sinceGc += n) >= GC_EVERY) { sinceGc = 0; collect(); }
    },
    between: wait,
    stop: () => stopped,
    describeError: (e, name) => {
      const err = e as NodeJS.ErrnoException;
      return err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message) ? `${name}: the gzip data is truncated; the records before the cut were kept`
        : err.code === 'Z_DATA_ERROR' ? `${name}: the gzip data is corrupt (${err.message}); the records before it were kept`
          : err.code === 'EISDIR' ? `${name} is a directory` : `cannot read ${name}: ${err.message}`;
    },
  });
  const errors: string[] = [];
  const files: FileSummary[] = read.files;
  let skipped = 0;
  const failed = new Map(read.errors.map(e => [e.path, e.message]));
  for (const sum of files) {
    const input = inputOf.get(sum.path);
    const failure = failed.get(sum.path);
    if (failure) errors.push(failure);
    else if (sum.format === 'binary') { if (input?.fromDirectory) skipped++; else errors.push(`${sum.path}: ${sum.notes[0] ?? 'binary data'}`); }
    else if (sum.format === 'unknown' || sum.format === 'empty') {
      if (input?.fromDirectory) skipped++;
      else errors.push(sum.format === 'empty' ? `${sum.path}: the file is empty` : `${sum.path}: no SMTP log format or bounce was recognised in its first lines (try --log-format)`);
    }
  }
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

/**
 * Two reads: the first builds the identity index (ids and places, no text) of every input, finds the
 * traces the id joins; the second reads again only the rotated sets that hold them and keeps those traces
 * whole. Memory stays with the ids, whatever the size of the logs.
 */
async function trailCmd(args: string[]): Promise<number> {
  const rest = [...args];
  let lifetime: number | undefined;
  const li = rest.indexOf('--queue-lifetime');
  if (li >= 0) {
    const v = rest[li + 1] ?? '';
    const m = /^(\d+(?:\.\d+)?)\s*([hd])$/.exec(v.trim());
    if (!m) fail(`--queue-lifetime takes hours or days, e.g. 72h or 3d (got "${v}")`);
    lifetime = Number(m[1]) * (m[2] === 'd' ? 24 : 1);
    rest.splice(li, 2);
  }
  const o = parseRead(rest, ['text', 'json'], 'text');
  const query = o.files.shift();
  if (!query) fail('trail needs an id: smtp-log trail QUEUE-ID|MESSAGE-ID|ADDRESS FILES... (see smtp-log trail --help)');
  if (!keysForIdentifier(query).length) fail(`"${visibleText(query)}" is not a queue id, a Message-ID or an address`);
  if (!o.files.length) fail('trail needs FILES to read (logs, bounces, directories, globs)');
  if (o.files.includes('-')) fail('trail reads its inputs twice: name files, not stdin');
  o.types = new Set();
  const index = new TrailIndex();
  const first = new TrailCollector(index);
  const res = await readAll(o, () => undefined, undefined, first.hooks());
  first.commit();
  reportErrors(res);
  const q = resolveQuery(index, query);
  if (!q.groups.length) {
    process.stderr.write(`smtp-log: no message with ${visibleText(query)} was found in the files read (${index.stats().traces} messages indexed)\n`);
    return res.errors.length ? EXIT.input : EXIT.failures;
  }
  const wanted = new Set(q.groups.flat().map(traceId));
  const paths = new Set(q.groups.flat().map(t => t.path));
  const sets = expandInputs(o.files).filter(set => set.some(i => paths.has(i.path === '-' ? o.stdinName ?? '(stdin)' : i.path)));
  const second = new TrailCollector(undefined, wanted);
  await readAll({ ...o, files: sets.flat().map(i => i.path), quiet: true }, () => undefined, undefined, second.hooks());
  const assumptions: TrailAssumptions = lifetime === undefined ? DEFAULT_ASSUMPTIONS : { postfix: lifetime, exim: lifetime, sendmail: lifetime, exchange: lifetime, other: lifetime };
  const trails = q.groups.map((g, i) => {
    const ids = new Set(g.map(traceId));
    return buildTrail(second.traces.filter(t => ids.has(traceId(t))), { query, joins: q.joins[i], notes: q.notes, assumptions });
  });
  if (o.format === 'json') process.stdout.write(JSON.stringify({ query, trails }, null, 2) + '\n');
  else process.stdout.write(trails.map(t => visibleText(trailText(t), true)).join('\n' + '-'.repeat(72) + '\n\n'));
  return res.errors.length ? EXIT.input : EXIT.ok;
}

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

/** The summary (core/summary) of every input, streamed: only counts are held. */
async function summary(args: string[]): Promise<number> {
  const o = parseRead(args, ['text', 'json'], 'text');
  const b = new SummaryBuilder({ top: o.top ?? 10, maxBuckets: 2000 });
  const res = await readAll(o, r => b.add(r));
  const sum = b.result();
  if (o.format === 'json') {
    process.stdout.write(JSON.stringify({ ...sum, inputs: res.files.map(f => ({ path: f.path, format: f.format, formatName: f.formatName, lines: f.lines, notes: f.notes })) }, null, 1) + '\n');
  } else {
    process.stdout.write(visibleText(summaryText(sum, res.files, o.color), true) + '\n');
  }
  reportErrors(res);
  return res.errors.length ? EXIT.input : EXIT.ok;
}

/** The summary as text: totals, a bar per time bucket (scaled to 50 columns), the top lists. */
export function summaryText(s: LogSummary, files: FileSummary[], color: boolean): string {
  const b = color ? (x: string) => `\x1b[1m${x}\x1b[0m` : (x: string) => x;
  const n = (x: number): string => x.toLocaleString('en-US');
  const t = s.totals;
  const out: string[] = [];
  for (const f of files) if (f.format !== 'unknown' && f.format !== 'binary' && f.format !== 'empty') out.push(b(`${f.path}: ${f.formatName}, ${n(f.lines)} lines`));
  out.push(`time span: ${s.first ?? '?'} .. ${s.last ?? '?'}`);
  out.push('', b('totals'));
  const rows: [string, number, string?][] = [
    ['connections', t.connections], ['received', t.received, 'messages accepted from a client'],
    ['delivered', t.delivered, 'one per recipient'], ['deferred', t.deferred, `temporary failures (deferrals), in ${n(t.deferredMessages)} messages`],
    ['bounced', t.bounced, 'permanent delivery failures, one per recipient'], ['rejected', t.rejected, 'refused during the SMTP conversation'],
  ];
  if (t.authFailures) rows.push(['auth failures', t.authFailures, 'failed AUTH attempts']);
  for (const [k, v, d] of rows) out.push(`  ${n(v).padStart(10)}  ${k}${d ? `  (${d})` : ''}`);
  if (s.buckets.length) {
    out.push('', b(`events per ${s.bucket} (D delivered, d deferred, B bounced, R rejected)`));
    const max = Math.max(1, ...s.buckets.map(x => x.delivered + x.deferred + x.bounced + x.rejected));
    const shown = s.buckets.length > 200 ? s.buckets.filter(x => x.delivered + x.deferred + x.bounced + x.rejected > 0) : s.buckets;
    for (const x of shown.slice(0, 400)) {
      const bar = (c: string, v: number): string => c.repeat(v ? Math.max(1, Math.round(v / max * 50)) : 0);
      const total = x.delivered + x.deferred + x.bounced + x.rejected;
      out.push(`  ${x.start.replace('T', ' ').slice(0, s.bucket === 'day' || s.bucket === 'week' ? 10 : 16)}  ${n(total).padStart(8)}  ${bar('D', x.delivered)}${bar('d', x.deferred)}${bar('B', x.bounced)}${bar('R', x.rejected)}`);
    }
    if (shown.length > 400) out.push(`  ... ${n(shown.length - 400)} more ${s.bucket}s (--format json has them all)`);
  }
  const list = (title: string, items: SummaryItem[], detail: boolean): void => {
    if (!items.length) return;
    out.push('', b(title));
    for (const it of items) {
      out.push(`  ${n(it.count).padStart(8)}  ${it.label}`);
      if (detail && it.verdict && (it.verdict !== it.label.slice(it.label.indexOf(' ') + 1) || it.whoActs)) out.push(`            ${it.verdict}${it.whoActs ? ` | who acts: ${it.whoActs}` : ''}`);
    }
  };
  list('top failure reasons', s.reasons, true);
  list('deferral reasons', s.deferrals, false);
  list('reply codes', s.codes, false);
  list('remote domains with failures', s.domains, false);
  list('remote hosts with failures', s.hosts, false);
  list('senders with failures', s.senders, false);
  list('recipients with failures', s.recipients, false);
  for (const note of s.notes) out.push(`note: ${note}`);
  return out.join('\n');
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
