/** Files from disk for the Node server and its analysis worker: streamed in chunks, or a window at an offset. */
import { stat, open, readdir } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { FileSource } from '../analyze';

/** A file's bytes in 1 MiB chunks; gzip (rotated logs) is recognised by its magic bytes and decompressed as it streams. */
export async function readStream(uri: string): Promise<FileSource> {
  const file = fileURLToPath(uri);
  const st = await stat(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const { stream, gzip } = await gunzipped(raw);
  return { bytes: st.size, modified: st.mtime, chunks: stream, compressed: gzip ? { read: () => raw.bytesRead } : undefined };
}

/**
 * A stream of bytes (a file, stdin), gunzipped when it starts with the gzip magic bytes (not by its name):
 * the server, its analysis worker and the CLI read rotated `.gz` logs the same way.
 */
export async function gunzipped(raw: Readable): Promise<{ stream: Readable; gzip: boolean }> {
  const first = await peek(raw);
  if (first) raw.unshift(first);
  if (!first || first.length < 2 || first[0] !== 0x1f || first[1] !== 0x8b) return { stream: raw, gzip: false };
  const gz = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', e => gz.destroy(e));
  return { stream: raw.pipe(gz), gzip: true };
}

/** The first chunk of a stream (put back with unshift), or undefined at end. */
function peek(r: Readable): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const onReadable = (): void => {
      const c = r.read() as Buffer | null;
      if (c === null) return; // wait for more or end
      cleanup(); resolve(c);
    };
    const onEnd = (): void => { cleanup(); resolve(undefined); };
    const onError = (e: Error): void => { cleanup(); reject(e); };
    const cleanup = (): void => { r.off('readable', onReadable); r.off('end', onEnd); r.off('error', onError); };
    r.on('readable', onReadable); r.on('end', onEnd); r.on('error', onError);
  });
}

/** The files under a folder URI, recursively (no dot files or folders, at most `max`, 32 levels): the workspace index reads them. */
export async function listFiles(folderUri: string, max: number): Promise<{ uri: string; size: number; modified: Date }[]> {
  const out: { uri: string; size: number; modified: Date }[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    if (depth > 32 || out.length >= max) return;
    let entries;
    try { entries = await readdir(dir, { withFileTypes: true }); } catch { return; }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= max) return;
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await visit(p, depth + 1);
      else if (e.isFile()) { try { const st = await stat(p); out.push({ uri: pathToFileURL(p).href, size: st.size, modified: st.mtime }); } catch { /* gone */ } }
    }
  };
  if (folderUri.startsWith('file:')) await visit(fileURLToPath(folderUri), 0);
  return out;
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
