/**
 * The streaming section of `npm run bench` (DESIGN.md section 7, issue 9): `smtp-log export --format
 * ndjson FILE > /dev/null` on generated postfix, Exchange Receive and transcript logs, against a streamed
 * read + newline count of the same file in a process of its own (interleaved pairs, median of 3), the
 * export's peak RSS, and `lnav -n` on the postfix log when lnav is installed. Prints ratios against the
 * targets and the record counts next to what the generator wrote. Asserts nothing.
 *
 * BENCH_STREAM_MB=50,500 (sizes in MB; BENCH_BIG=1 adds 2048), BENCH_PAIRS=3, BENCH_STREAM_KINDS=postfix,exchange,transcript,
 * BENCH_LNAV=0 (skip lnav). Generated files are kept in .bench/stream and reused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { expectedReplies, writeGeneratedFile, type GenCounts } from './generate';
import { median } from './stats';

type Kind = 'postfix' | 'exchange' | 'transcript';
const KIND_NAMES: Record<Kind, string> = { postfix: 'postfix maillog', exchange: 'Exchange Receive protocol log', transcript: 'transcript log' };
/** bump when a generator changes what it writes: kept files are then written again */
const GENERATOR_VERSION = 1;

interface Run { ms: number; cpuMs: number | undefined; rssKb: number | undefined; code: number | null; stderr: string }

const f = (n: number, d = 2): string => n.toFixed(d);
const mbOf = (bytes: number): number => bytes / 1048576;

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Run a command with stdout to /dev/null; wall time measured here, peak RSS from /usr/bin/time -v (or the preload). */
function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const devnull = fs.openSync('/dev/null', 'w');
    const argv = TIME ? ['-v', cmd, ...args] : args;
    const t0 = performance.now();
    const p = spawn(TIME ?? cmd, argv, { stdio: ['ignore', devnull, 'pipe'], env: { ...process.env, NODE_OPTIONS: '', ...env } });
    let stderr = '';
    p.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    p.on('error', reject);
    p.on('close', code => {
      const ms = performance.now() - t0;
      fs.closeSync(devnull);
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr) ?? /MAXRSS_KB (\d+)/.exec(stderr);
      const u = /User time \(seconds\): ([\d.]+)/.exec(stderr), sy = /System time \(seconds\): ([\d.]+)/.exec(stderr), c = /CPU_MS ([\d.]+)/.exec(stderr);
      const cpuMs = u && sy ? (Number(u[1]) + Number(sy[1])) * 1000 : c ? Number(c[1]) : undefined;
      resolve({ ms, cpuMs, rssKb: m ? Number(m[1]) : undefined, code, stderr });
    });
  });
}

/** Run the export with stdout piped here and count its records per type. */
function countRecords(cmd: string, args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
    const counts: Record<string, number> = {};
    let tail = '';
    const KEY = '"smtp.record":"';
    p.stdout!.setEncoding('utf8').on('data', (d: string) => {
      const text = tail + d;
      let pos = 0;
      for (;;) {
        const nl = text.indexOf('\n', pos);
        if (nl < 0) break;
        const k = text.indexOf(KEY, pos);
        if (k >= 0 && k < nl) { const t = text.slice(k + KEY.length, text.indexOf('"', k + KEY.length)); counts[t] = (counts[t] ?? 0) + 1; }
        else counts['(no smtp.record)'] = (counts['(no smtp.record)'] ?? 0) + 1;
        pos = nl + 1;
      }
      tail = text.slice(pos);
    });
    p.on('error', reject);
    p.on('close', code => (code === 0 ? resolve(counts) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

/** The export command: the CLI's when it has `export --format ndjson`, else the core stand-in. */
function exportCommand(root: string, probe: string): { args: string[]; label: string } {
  const cli = path.join(root, 'dist/cli.js');
  if (fs.existsSync(cli)) {
    const r = spawnSync(process.execPath, [cli, 'export', '--format', 'ndjson', probe], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NODE_OPTIONS: '' } });
    const first = r.stdout?.split('\n')[0] ?? '';
    if (r.status === 0 && first.includes('"smtp.record"')) return { args: [cli, 'export', '--format', 'ndjson'], label: 'node dist/cli.js export --format ndjson' };
  }
  return { args: [path.join(root, 'out/test/bench/exportStream.js')], label: 'node out/test/bench/exportStream.js (core LogStream to NDJSON: dist/cli.js has no `export --format ndjson` yet)' };
}

function generated(root: string, kind: Kind, mb: number): { file: string; counts: GenCounts; secs?: number } {
  const dir = path.join(root, '.bench/stream');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${kind}-${mb}MB.log`);
  const meta = file + '.json';
  if (fs.existsSync(file) && fs.existsSync(meta)) {
    const m = JSON.parse(fs.readFileSync(meta, 'utf8')) as { version: number; counts: GenCounts };
    if (m.version === GENERATOR_VERSION && fs.statSync(file).size === m.counts.bytes) return { file, counts: m.counts };
  }
  const t0 = performance.now();
  const counts = writeGeneratedFile(kind, file, mb);
  fs.writeFileSync(meta, JSON.stringify({ version: GENERATOR_VERSION, counts }));
  return { file, counts, secs: (performance.now() - t0) / 1000 };
}

interface Row { kind: Kind; mb: number; readMs: number; exportMs: number; rssMb?: number; lnavMs?: number; countsOk: boolean }

export async function benchStreaming(root: string): Promise<void> {
  const sizes = (process.env.BENCH_STREAM_MB ?? '50,500').split(',').map(Number).filter(n => n > 0);
  if (process.env.BENCH_BIG === '1' && !sizes.includes(2048)) sizes.push(2048);
  const kinds = (process.env.BENCH_STREAM_KINDS ?? 'postfix,exchange,transcript').split(',') as Kind[];
  const pairs = Math.max(1, Number(process.env.BENCH_PAIRS ?? 3));
  const readCount = path.join(root, 'out/test/bench/readCount.js');
  const lnav = process.env.BENCH_LNAV === '0' ? undefined : spawnSync('lnav', ['-V'], { encoding: 'utf8' });
  const hasLnav = !!lnav && lnav.status === 0;
  const lnavHome = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lnav-'));

  const exp = exportCommand(root, path.join(root, 'test/fixtures/postfix/rfc3339-long-ids.log'));
  const cli = path.join(root, 'dist/cli.js');
  const hasSummary = spawnSync(process.execPath, [cli, 'summary', '--help'], { encoding: 'utf8' }).status === 0;
  const preload = TIME ? [] : ['--require', path.join(root, 'out/test/bench/maxrss.js')];
  console.log(`\n== streaming export (${sizes.join(', ')} MB; ${pairs} interleaved pairs, median; ${os.cpus().length} cores, load average ${os.loadavg().map(x => f(x, 1)).join(' ')})`);
  console.log(`export:    ${exp.label} FILE > /dev/null`);
  console.log(`baseline:  node out/test/bench/readCount.js FILE (createReadStream 1 MiB chunks + Buffer.indexOf newline count)`);
  console.log(`peak RSS:  ${TIME ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS (preloaded out/test/bench/maxrss.js)'}`);
  console.log(`lnav:      ${hasLnav ? `${lnav!.stdout.trim()}: lnav -n FILE > /dev/null (HOME in a temp folder), postfix only` : 'not installed (or BENCH_LNAV=0): skipped'}`);

  const rows: Row[] = [];
  for (const mb of sizes) {
    for (const kind of kinds) {
      const g = generated(root, kind, mb);
      const c = g.counts;
      console.log(`\n-- ${KIND_NAMES[kind]}, ${f(mbOf(c.bytes), 1)} MB, ${c.lines} lines${g.secs !== undefined ? ` (generated in ${f(g.secs, 1)} s)` : ' (kept from an earlier run)'}`);
      const reads: Run[] = [], exports: Run[] = [], lnavs: Run[] = [], summaries: Run[] = [];
      const doLnav = hasLnav && kind === 'postfix';
      for (let i = 0; i < pairs; i++) {
        reads.push(await timed(process.execPath, [readCount, g.file]));
        exports.push(await timed(process.execPath, [...preload, ...exp.args, g.file]));
        if (hasSummary) summaries.push(await timed(process.execPath, [...preload, cli, 'summary', '--format', 'json', '--quiet', g.file]));
        if (doLnav) lnavs.push(await timed('lnav', ['-n', g.file], { HOME: lnavHome, XDG_CONFIG_HOME: path.join(lnavHome, '.config') }));
      }
      const failed = exports.find(r => r.code !== 0);
      if (failed) { console.log(`export FAILED (exit ${failed.code}): ${failed.stderr.split('\n').slice(-5).join(' | ')}`); continue; }
      const readMs = median(reads.map(r => r.ms)), exportMs = median(exports.map(r => r.ms));
      if (summaries.length && summaries.every(r => r.code === 0)) {
        // smtp-log summary: the same stream, counted instead of written (issue 13)
        const sumMs = median(summaries.map(r => r.ms));
        const sumRss = summaries.map(r => r.rssKb).filter((x): x is number => x !== undefined);
        console.log(`summary --format json   ${f(sumMs / 1000)} s   RATIO summary / export ${f(sumMs / exportMs)}   summary / read ${f(sumMs / readMs)}${sumRss.length ? `   peak RSS ${f(Math.max(...sumRss) / 1024, 0)} MB` : ''}`);
      }
      const rss = exports.map(r => r.rssKb).filter((x): x is number => x !== undefined);
      const rssMb = rss.length ? Math.max(...rss) / 1024 : undefined;
      const readRss = reads.map(r => r.rssKb).filter((x): x is number => x !== undefined);
      const runs = (xs: Run[]): string => xs.map(r => f(r.ms / 1000)).join(' / ');
      const cpu = (xs: Run[]): number | undefined => (xs.every(r => r.cpuMs !== undefined) ? median(xs.map(r => r.cpuMs!)) : undefined);
      const readCpu = cpu(reads), exportCpu = cpu(exports);
      console.log(`streamed read + count   ${f(readMs / 1000)} s  ${f(mbOf(c.bytes) / (readMs / 1000), 0).padStart(5)} MB/s   runs ${runs(reads)} s`);
      console.log(`export --format ndjson  ${f(exportMs / 1000)} s  ${f(mbOf(c.bytes) / (exportMs / 1000), 0).padStart(5)} MB/s   runs ${runs(exports)} s (first = cold)`);
      console.log(`RATIO export / read     ${f(exportMs / readMs)}   (target <= 4)`);
      if (readCpu !== undefined && exportCpu !== undefined) console.log(`ratio of CPU time       ${f(exportCpu / readCpu)}   (user+sys: export ${f(exportCpu / 1000)} s, read ${f(readCpu / 1000)} s; for information on a loaded machine)`);
      if (rssMb !== undefined) console.log(`peak RSS export         ${f(rssMb, 0)} MB   (target < 300 MB)   streamed read: ${readRss.length ? f(Math.max(...readRss) / 1024, 0) : '?'} MB`);
      let lnavMs: number | undefined;
      if (doLnav) {
        lnavMs = median(lnavs.map(r => r.ms));
        console.log(`lnav -n                 ${f(lnavMs / 1000)} s  ${f(mbOf(c.bytes) / (lnavMs / 1000), 0).padStart(5)} MB/s   runs ${runs(lnavs)} s`);
        console.log(`RATIO export / lnav -n  ${f(exportMs / lnavMs)}   (target < 1: faster than lnav)`);
      }
      const got = await countRecords(process.execPath, [...exp.args, g.file]);
      const want: Record<string, number> = { reply: expectedReplies(c), session: c.sessions, message: c.messages, bounce: 0 };
      const types = [...new Set([...Object.keys(want), ...Object.keys(got)])];
      const countsOk = types.every(t => (got[t] ?? 0) === (want[t] ?? 0));
      console.log(`records (generator wrote / export gave)  ${types.map(t => `${t} ${want[t] ?? 0}/${got[t] ?? 0}`).join('  ')}   ${countsOk ? 'equal' : 'DIFFERENT'}`);
      console.log(`  (reply = ${c.rejects} rejects + ${c.deferred} deferred + ${c.bounced} bounced attempts)`);
      rows.push({ kind, mb, readMs, exportMs, rssMb, lnavMs, countsOk });
    }
  }
  fs.rmSync(lnavHome, { recursive: true, force: true });

  console.log('\n== streaming summary (ratios measured in this run)');
  console.log('format        MB   export MB/s  export/read (<=4)  peak RSS (<300 MB)  export/lnav (<1)  counts');
  for (const r of rows) {
    const g = generated(root, r.kind, r.mb).counts;
    const ratio = r.exportMs / r.readMs;
    console.log(`${r.kind.padEnd(11)} ${String(r.mb).padStart(5)}  ${f(mbOf(g.bytes) / (r.exportMs / 1000), 0).padStart(11)}  ${f(ratio).padStart(8)} ${ratio <= 4 ? 'ok  ' : 'MISS'}      `
      + `${r.rssMb !== undefined ? `${f(r.rssMb, 0).padStart(6)} ${r.rssMb < 300 ? 'ok  ' : 'MISS'}` : '     ?     '}        `
      + `${r.lnavMs !== undefined ? `${f(r.exportMs / r.lnavMs).padStart(6)} ${r.exportMs < r.lnavMs ? 'ok  ' : 'MISS'}` : '     -     '}     ${r.countsOk ? 'equal' : 'DIFFERENT'}`);
  }
}

if (require.main === module) {
  benchStreaming(path.join(__dirname, '../../..')).catch(e => { console.error(e); process.exit(1); });
}
