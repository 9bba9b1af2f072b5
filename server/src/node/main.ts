/**
 * Node entry of the language server: `smtp-log-language-server --stdio` (any LSP editor) or
 * `--node-ipc` (the VS Code client). Creates the connection and hands it to startServer.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { stat, open, readdir } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startServer } from '../server';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h') || !args.some(a => /^--(stdio|node-ipc|socket|pipe)/.test(a))) {
  const out = args.includes('--help') || args.includes('-h') ? process.stdout : process.stderr;
  out.write([
    'smtp-log-language-server: a language server for SMTP logs and bounce messages (NDRs)',
    '',
    'usage: smtp-log-language-server --stdio        speak LSP over stdin/stdout (Neovim, Helix, Emacs, ...)',
    '       smtp-log-language-server --node-ipc     speak LSP over Node IPC (the VS Code client)',
    '       smtp-log-language-server --socket=PORT  speak LSP over a TCP socket',
    '',
    'Languages: smtp-log (SMTP logs and transcripts), smtp-ndr (bounces / delivery reports).',
    '',
  ].join('\n'));
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 1);
}

const connection = createConnection(ProposedFeatures.all);
console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
process.on('uncaughtException', e => connection.console.error(`uncaught: ${e?.stack ?? e}`));
process.on('unhandledRejection', e => connection.console.error(`unhandled rejection: ${String(e)}`));

startServer(connection, {
  timer: {
    setTimeout(cb, ms) { const h = setTimeout(cb, ms); return { dispose: () => clearTimeout(h) }; },
  },
  async readStream(uri) {
    const file = fileURLToPath(uri);
    const st = await stat(file);
    // gzip (rotated logs): recognised by its magic bytes, decompressed as it streams
    const fh = await open(file, 'r');
    const head = Buffer.alloc(2);
    try { await fh.read(head, 0, 2, 0); } finally { await fh.close(); }
    const raw = createReadStream(file, { highWaterMark: 1 << 20 });
    if (head[0] === 0x1f && head[1] === 0x8b) {
      const gz = createGunzip({ chunkSize: 1 << 20 });
      raw.on('error', e => gz.destroy(e));
      return { bytes: st.size, modified: st.mtime, chunks: raw.pipe(gz) };
    }
    return { bytes: st.size, modified: st.mtime, chunks: raw };
  },
  async listFiles(folderUri, max) {
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
  },
  asciiText: b => (isAscii(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1') : undefined),
  now: () => performance.now(),
  describe: () => `node ${process.version}, pid ${process.pid}`,
});
