/** Files from disk for the Node server and its analysis worker: streamed in chunks, or a window at an offset. */
import { stat, open } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FileSource } from '../analyze';

export async function readStream(uri: string): Promise<FileSource> {
  const file = fileURLToPath(uri);
  const st = await stat(file);
  return { bytes: st.size, modified: st.mtime, chunks: createReadStream(file, { highWaterMark: 1 << 20 }) };
}

export async function readRange(uri: string, offset: number, length: number): Promise<Uint8Array> {
  const fh = await open(fileURLToPath(uri), 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally { await fh.close(); }
}

export const asciiText = (b: Uint8Array): string | undefined => (isAscii(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1') : undefined);
