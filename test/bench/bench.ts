/**
 * `npm run bench`: speed and memory against baselines measured in the same run (DESIGN.md section 7).
 * Prints ratios; asserts nothing (no timing assertions anywhere in the tests).
 * BENCH_MB sizes the in-process sections; the streaming section has its own knobs (streamBench.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { generateExchangeReceive, generateTranscript } from './generate';
import { benchStreaming } from './streamBench';
import { benchTrail } from './trailBench';
import { benchEditor } from './editorBench';
import { parseLog } from '../../server/src/core/parser/parse';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { median, pct } from './stats';

const ROOT = path.join(__dirname, '../../..');
const MB = Number(process.env.BENCH_MB ?? 50);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const f = (n: number, d = 2) => n.toFixed(d);

/**
 * The raw baseline (PERFORMANCE.md section 2's "hand scanner"): one charCodeAt pass over the text that
 * records every line start in a typed array, and nothing else.
 */
function rawScan(text: string): number {
  const starts = new Uint32Array((text.length >> 4) + 16);
  let n = 0;
  starts[n++] = 0;
  for (let i = 0, len = text.length; i < len; i++) {
    if (text.charCodeAt(i) === 10) { if (n === starts.length) return -1; starts[n++] = i + 1; }
  }
  return n;
}

/** A second, faster floor: line starts found with indexOf (memchr). */
function indexOfScan(text: string): number {
  let n = 0, pos = 0;
  for (;;) { const nl = text.indexOf('\n', pos); n++; if (nl < 0) break; pos = nl + 1; }
  return n;
}

function time<T>(fn: () => T, runs: number): { ms: number; result: T } {
  let result!: T;
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) { gc(); const t0 = performance.now(); result = fn(); ts.push(performance.now() - t0); }
  return { ms: median(ts), result };
}

interface Child { conn: MessageConnection; kill(): void }
function startServer(file: string, args: string[]): Child {
  const p = spawn(process.execPath, ['--max-old-space-size=4096', file, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(p.stdout!), new StreamMessageWriter(p.stdin!));
  conn.onNotification('window/logMessage', () => undefined);
  conn.onNotification('window/showMessage', () => undefined);
  conn.listen();
  return { conn, kill: () => { conn.dispose(); p.kill(); } };
}

async function openAndWait(c: Child, text: string, done: string): Promise<number> {
  await c.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await c.conn.sendNotification('initialized', {});
  const arrived = new Promise<void>(r => c.conn.onNotification(done, () => r()));
  const t0 = performance.now();
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///bench.log', languageId: 'smtp-log', version: 1, text } });
  await arrived;
  return performance.now() - t0;
}

/** The grammar on the real samples of each format (issue 10: the generated transcript alone flattered it). */
async function benchGrammarFormats(gb: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { corpusSamples, benchGrammarPairs } = require(gb) as typeof import('./grammarBench');
  const corpus = process.env.SMTP_CORPUS ?? path.join(ROOT, '../shared/corpus');
  const samples = corpusSamples(corpus);
  if (!samples.length) { console.log(`\n(no real samples at ${corpus}: set SMTP_CORPUS to a folder with one sub-folder per format)`); return; }
  console.log(`\n== TextMate grammar on real samples, per format (${corpus}; interleaved rounds, median ratio)`);
  console.log('format                  files  lines  ours MB/s  built-in MB/s  RATIO ours/built-in (target >= 8)  ceiling*');
  for (const s of samples) {
    const r = await benchGrammarPairs(s);
    const miss = r.ratio >= 8 ? '' : '  MISSES 8x';
    console.log(`${s.format.padEnd(22)} ${String(s.files).padStart(6)} ${String(s.lines.length).padStart(6)} ${f(r.ours.mbPerS).padStart(10)} ${f(r.builtin.mbPerS).padStart(14)}  ${f(r.ratio).padStart(6)}${miss.padEnd(28)} ${f(r.ceiling).padStart(7)}`);
  }
  console.log('* ceiling: the built-in grammar against a grammar that makes one token per line (vscode-textmate\'s own cost): no grammar can beat it');
}

async function main(): Promise<void> {
  // BENCH_ONLY=grammar: only the grammar on the real samples of each format (issue 10)
  if (process.env.BENCH_ONLY === 'grammar') { await benchGrammarFormats(path.join(ROOT, 'out/test/bench/grammarBench.js')); return; }
  // BENCH_ONLY=stream: only the streaming export section (issue 9)
  if (process.env.BENCH_ONLY === 'stream') { await benchStreaming(ROOT); return; }
  if (process.env.BENCH_ONLY === 'trail') { await benchTrail(ROOT); return; }
  // BENCH_ONLY=editor: only the per-format editor figures (issue 10: first features, hover, RSS, append, large files, activation)
  if (process.env.BENCH_ONLY === 'editor') { await benchEditor(ROOT); return; }
  console.log(`generating a ${MB} MB transcript log ...`);
  const text = generateTranscript(MB * 1024 * 1024);
  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  const file = path.join(ROOT, '.bench/transcript.log');
  fs.writeFileSync(file, text);

  // 1. parse vs raw scanner
  const raw = time(() => rawScan(text), 5);
  const floor = time(() => indexOfScan(text), 5);
  const parsed = time(() => parseLog(text), 5);
  const m = parsed.result;
  console.log(`\n== parse (${(text.length / 1048576).toFixed(1)} MB, ${m.lineCount} lines, ${m.sessions.count} sessions)`);
  console.log(`raw line scan baseline   ${f(raw.ms, 1)} ms  (charCodeAt pass recording line starts)`);
  console.log(`indexOf line scan floor  ${f(floor.ms, 1)} ms  (memchr: nothing per character)`);
  console.log(`full parse               ${f(parsed.ms, 1)} ms  (${f(text.length / 1048576 / (parsed.ms / 1000), 0)} MB/s)`);
  console.log(`RATIO parse / raw scan   ${f(parsed.ms / raw.ms)}   (target <= 2)`);
  console.log(`ratio parse / indexOf    ${f(parsed.ms / floor.ms)}   (for information)`);

  // 1b. the same for an interleaved Exchange Receive protocol log (a Map lookup of the session id per row)
  {
    const ex = generateExchangeReceive(MB * 1024 * 1024);
    const exRaw = time(() => rawScan(ex), 5);
    const exParsed = time(() => parseLog(ex), 5);
    console.log(`\n== parse, Exchange Receive protocol log (${(ex.length / 1048576).toFixed(1)} MB, ${exParsed.result.lineCount} rows, ${exParsed.result.sessions.count} sessions, ${exParsed.result.format})`);
    console.log(`raw line scan baseline   ${f(exRaw.ms, 1)} ms`);
    console.log(`full parse               ${f(exParsed.ms, 1)} ms  (${f(ex.length / 1048576 / (exParsed.ms / 1000), 0)} MB/s)`);
    console.log(`RATIO parse / raw scan   ${f(exParsed.ms / exRaw.ms)}   (target <= 2)`);
  }

  // 2. index memory per line
  const arrays = m.lineStart.byteLength + m.kind.byteLength + m.code.byteLength + m.session.byteLength + m.pair.byteLength
    + m.sessions.first.byteLength + m.sessions.last.byteLength + m.sessions.flags.byteLength + m.sessions.parent.byteLength;
  gc(); const h0 = process.memoryUsage(); const again = parseLog(text); gc(); const h1 = process.memoryUsage();
  const measured = (h1.heapUsed - h0.heapUsed) + (h1.arrayBuffers - h0.arrayBuffers);
  console.log(`\n== memory`);
  console.log(`index arrays             ${f(arrays / m.lineCount)} bytes/line`);
  console.log(`measured heap+buffers    ${f(measured / again.lineCount)} bytes/line above the text   (target < 16)`);

  // 3. LSP: first features vs didOpen transport; hover latency vs ping
  const echo = startServer(path.join(ROOT, 'out/test/bench/echoServer.js'), ['--stdio']);
  const transport = await openAndWait(echo, text, 'bench/opened');
  const pings: number[] = [];
  for (let i = 0; i < 1000; i++) { const t0 = performance.now(); await echo.conn.sendRequest('bench/ping'); pings.push(performance.now() - t0); }
  echo.kill();
  const ours = startServer(path.join(ROOT, 'dist/server.js'), ['--stdio']);
  const firstFeatures = await openAndWait(ours, text, 'textDocument/publishDiagnostics');
  console.log(`\n== language server (stdio, ${MB} MB document)`);
  console.log(`didOpen transport (echo server)   ${f(transport, 0)} ms`);
  console.log(`didOpen -> problems published     ${f(firstFeatures, 0)} ms`);
  console.log(`RATIO first features / transport  ${f(firstFeatures / transport)}   (target <= 1.4)`);
  const replyLines: number[] = [];
  for (let l = 0; l < m.lineCount; l++) if (m.kind[l] === LineKind.Reply) replyLines.push(l);
  let x = 7;
  const pick = () => { x = (x * 1103515245 + 12345) >>> 0; return replyLines[x % replyLines.length]; };
  const hover = async (line: number) => {
    const t0 = performance.now();
    const lt = text.slice(m.lineStart[line], m.lineStart[line + 1] - 1);
    const character = lt.search(/\b[2-5]\d\d(?=[ -]|$)/) + 1;
    const h = await ours.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///bench.log' }, position: { line, character } });
    if (!h) throw new Error(`no hover on line ${line}`);
    return performance.now() - t0;
  };
  const first = await hover(pick());
  const hovers: number[] = [first];
  for (let i = 0; i < 1000; i++) hovers.push(await hover(pick()));
  ours.kill();
  console.log(`first hover after open            ${f(first)} ms`);
  console.log(`hover p50 / p99 (1001 hovers)     ${f(pct(hovers, 0.5))} / ${f(pct(hovers, 0.99))} ms   (target p99 < 4 ms)`);
  console.log(`empty request p50 / p99 baseline  ${f(pct(pings, 0.5))} / ${f(pct(pings, 0.99))} ms`);
  console.log(`RATIO hover p99 / ping p99        ${f(pct(hovers, 0.99) / pct(pings, 0.99))}   (target <= 2)`);

  // 4. grammar vs VS Code's built-in log grammar
  const gb = path.join(ROOT, 'out/test/bench/grammarBench.js');
  if (fs.existsSync(gb)) {
    const small = path.join(ROOT, '.bench/transcript-5MB.log');
    fs.writeFileSync(small, text.slice(0, 5 * 1024 * 1024));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { benchGrammar } = require(gb) as { benchGrammar(file: string): Promise<{ ours: { mbPerS: number; linesPerS: number }; builtin: { mbPerS: number; linesPerS: number }; ratio: number }> };
    const g = await benchGrammar(small);
    console.log(`\n== TextMate grammar (5 MB of the same log)`);
    console.log(`ours      ${f(g.ours.mbPerS)} MB/s  ${f(g.ours.linesPerS, 0)} lines/s`);
    console.log(`built-in  ${f(g.builtin.mbPerS)} MB/s  ${f(g.builtin.linesPerS, 0)} lines/s (VS Code's log grammar)`);
    console.log(`RATIO ours / built-in   ${f(g.ratio)}   (target >= 8)`);
    await benchGrammarFormats(gb);
  } else {
    console.log('\n(grammar benchmark not built: out/test/bench/grammarBench.js missing)');
  }

  // 5. streaming export vs a streamed read, peak RSS, lnav (issue 9)
  await benchStreaming(ROOT);
  await benchTrail(ROOT);

  // 6. per format, as the editor sees it (issue 10)
  await benchEditor(ROOT);
}

main().catch(e => { console.error(e); process.exit(1); });
