/**
 * The one server bundle (dist/server.js) for every place the server runs: Node (the
 * `smtp-log-language-server` bin for any LSP editor, the desktop extension over IPC) and a web worker
 * (the web extension on vscode.dev / github.dev). One bundle instead of two keeps the knowledge base
 * once in the VSIX. Each entry's modules load only when chosen, so the Node one (and its `require` of
 * node:fs ...) never runs in a browser.
 */
declare const process: { versions?: { node?: string } } | undefined;

if (typeof process !== 'undefined' && typeof process?.versions?.node === 'string') {
  // the same bundle is the large-file analysis worker (a worker thread the Node server starts)
  if (require('node:worker_threads').isMainThread) require('./node/main');
  else void require('./node/analyzeWorker').runAnalyzeWorker();
} else {
  require('./browser/main');
}
