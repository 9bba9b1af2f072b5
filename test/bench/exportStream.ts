/**
 * What `smtp-log export --format ndjson FILE` does, with the core only: the benchmark's stand-in until the
 * CLI has the command. Reads the file as a stream (1 MiB chunks) into LogStream and writes one JSON record
 * per line to stdout, pausing the read while stdout is full.
 *   node out/test/bench/exportStream.js FILE [FILE...]
 */
import * as fs from 'node:fs';
import { LogStream } from '../../server/src/core/stream/reader';

const files = process.argv.slice(2);
let out: string[] = [];
let outChars = 0;
let blocked = false;
const stream = new LogStream({
  // EXPORT_BLOCK_CHARS: try another block size (LogStream's default is 4 MiB)
  blockChars: process.env.EXPORT_BLOCK_CHARS ? Number(process.env.EXPORT_BLOCK_CHARS) : undefined,
  onRecord: r => { const l = JSON.stringify(r) + '\n'; out.push(l); outChars += l.length; },
});

function flush(): void {
  if (!outChars) return;
  const chunk = out.join('');
  out = []; outChars = 0;
  if (!process.stdout.write(chunk)) blocked = true;
}

async function readFile(file: string): Promise<void> {
  const st = fs.statSync(file);
  stream.beginFile({ path: file, modified: st.mtime });
  const rs = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of rs) {
    stream.write(chunk as Buffer);
    if (outChars >= 1 << 20) flush();
    if (blocked) { blocked = false; await new Promise<void>(r => process.stdout.once('drain', () => r())); }
  }
  stream.endFile();
}

async function main(): Promise<void> {
  for (const f of files) await readFile(f);
  stream.end();
  flush();
}

main().catch(e => { console.error((e as Error).message); process.exit(1); });
