/**
 * The trail section of `npm run bench` (BENCH_ONLY=trail runs it alone): on a generated postfix log, the
 * workspace index's cost against the streaming engine without it (same run, interleaved pairs), the heap
 * the index keeps per MB of log, and a trail query (index lookup + second read of the file) against one
 * full read. Prints ratios; asserts nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeGeneratedFile } from './generate';
import { LogStream, TrailIndex, TrailCollector, resolveQuery, buildTrail, traceId } from '../../server/src/core/smtpLanguageService';
import { median } from './stats';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function read(file: string, collector?: TrailCollector, onRecord: () => void = () => undefined): number {
  const t0 = performance.now();
  const s = new LogStream({ onRecord, blockChars: 1 << 20, ...(collector ? { types: new Set(), ...collector.hooks() } : {}) });
  s.beginFile({ path: file });
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  try { for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) s.write(buf.subarray(0, n)); } finally { fs.closeSync(fd); }
  s.end();
  collector?.commit();
  return performance.now() - t0;
}

export async function benchTrail(root: string): Promise<void> {
  const mb = Number(process.env.BENCH_TRAIL_MB ?? 20);
  const file = path.join(os.tmpdir(), `smtp-trail-bench-${mb}.log`);
  if (!fs.existsSync(file)) writeGeneratedFile('postfix', file, mb);
  void root;
  const pairs = 3;
  const plain: number[] = [], indexed: number[] = [];
  for (let i = 0; i < pairs; i++) {
    gc(); plain.push(read(file));
    gc(); indexed.push(read(file, new TrailCollector(new TrailIndex())));
  }
  gc();
  const before = process.memoryUsage().heapUsed;
  const index = new TrailIndex();
  read(file, new TrailCollector(index));
  gc();
  const held = process.memoryUsage().heapUsed - before;
  const st = index.stats();
  // a trail: the id of a message in the middle of the file
  const qid = /\b([0-9A-F]{10,12}): to=/.exec(fs.readFileSync(file, 'utf8').slice(Math.floor(fs.statSync(file).size / 2)))?.[1] ?? '';
  const tq = performance.now();
  const q = resolveQuery(index, qid);
  const keep = new TrailCollector(undefined, new Set(q.groups.flat().map(traceId)));
  read(file, keep);
  const trail = q.groups.length ? buildTrail(keep.traces) : undefined;
  const trailMs = performance.now() - tq;
  console.log(`\n== message trail and workspace index (generated postfix log, ${mb} MB; ${pairs} interleaved pairs, median)`);
  console.log(`read with records (the export's engine): ${median(plain).toFixed(0)} ms; read building the index (no records): ${median(indexed).toFixed(0)} ms; ratio ${(median(indexed) / median(plain)).toFixed(2)}x`);
  console.log(`index held: ${(held / 1048576).toFixed(1)} MB of heap for ${mb} MB of log (${(held / (mb * 1048576)).toFixed(2)} bytes per byte); ${st.traces} messages, ${st.keys} ids, ${st.places} places`);
  console.log(`trail of ${qid}: ${trailMs.toFixed(0)} ms (lookup + second read), ${(trailMs / median(plain)).toFixed(2)}x one read; ${trail?.hops.length ?? 0} hops, status ${trail?.status ?? 'not found'}`);
}

if (require.main === module) void benchTrail(path.join(__dirname, '../../..'));
