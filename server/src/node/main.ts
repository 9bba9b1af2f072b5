/**
 * Node entry of the language server: `smtp-log-language-server --stdio` (any LSP editor) or
 * `--node-ipc` (the VS Code client). Creates the connection and hands it to startServer.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { startServer } from '../server';
import type { AnalyzeFileResult } from '../protocol';
import { asciiText, listFiles, readRange, readStream } from './files';

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
    setImmediate(cb) { setImmediate(cb); },
  },
  readStream,
  readRange,
  listFiles,
  asciiText,
  // large files are analyzed in a worker thread running this same bundle: the open documents keep answering
  analyzeFile: (uri, progress, onCancel) => new Promise<AnalyzeFileResult | undefined>((resolve, reject) => {
    const worker = new Worker(process.argv[1], { workerData: { uri } });
    let settled = false;
    const settle = (f: () => void) => { if (!settled) { settled = true; f(); void worker.terminate(); } };
    worker.on('message', (m: { progress?: number; total?: number; result?: AnalyzeFileResult; error?: string }) => {
      if (m.error !== undefined) settle(() => reject(new Error(m.error)));
      else if (m.result !== undefined) settle(() => resolve(m.result));
      else if (m.progress !== undefined) progress(m.progress, m.total ?? 0);
    });
    worker.on('error', e => settle(() => reject(e)));
    worker.on('exit', code => settle(() => reject(new Error(`the analysis worker stopped (exit code ${code})`))));
    onCancel(() => settle(() => resolve(undefined)));
  }),
  now: () => performance.now(),
  describe: () => `node ${process.version}, pid ${process.pid}`,
});
