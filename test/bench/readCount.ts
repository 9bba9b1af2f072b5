/**
 * The streaming baseline (DESIGN.md section 7): read a file as a stream and count its line breaks, in a
 * process of its own, as `smtp-log export` reads it. `node out/test/bench/readCount.js FILE` prints the count.
 */
import * as fs from 'node:fs';

const file = process.argv[2];
let lines = 0;
fs.createReadStream(file, { highWaterMark: 1 << 20 })
  .on('data', (b: string | Buffer) => {
    const buf = b as Buffer;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) lines++;
  })
  .on('end', () => { process.stdout.write(`${lines}\n`); })
  .on('error', e => { console.error(e.message); process.exit(1); });
