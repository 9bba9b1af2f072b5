// Bundles the client, the language server and the CLI into dist/ (CommonJS, Node 20), and the web
// extension's client into dist/browser/. dist/server.js serves both: Node (bin, desktop client) and the
// web worker of the web extension (server/src/main.ts picks the entry at run time).
// `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR` writes what goes to dist/ into DIR instead (the package test measures production bundles there)
const outdir = process.argv.find(a => a.startsWith('--outdir='))?.slice(9);
const version = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { SMTP_LOG_VERSION: JSON.stringify(version) },
};

// the browser bundle gets no Node built-in: an import of `path` or `node:fs` fails the build
const browser = { platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'] };

/**
 * dist/server.js holds both entries. The shared code imports the LSP packages by their bare names, whose
 * `main` is the Node flavour (it requires node:util, net ...): point those at the platform-free `common`
 * API, so only the chosen entry's `vscode-languageserver/node` or `/browser` installs its runtime.
 */
const commonLsp = {
  name: 'lsp-common-api',
  setup(build) {
    const api = {
      'vscode-languageserver': 'vscode-languageserver/lib/common/api.js',
      'vscode-languageserver-protocol': 'vscode-languageserver-protocol/lib/common/api.js',
      'vscode-jsonrpc': 'vscode-jsonrpc/lib/common/api.js',
      // its UMD build `require`s at load time, which a worker does not have
      'vscode-languageserver-types': 'vscode-languageserver-types/lib/esm/main.js',
    };
    // absolute paths: the packages' `exports` maps do not list these files
    // (vscode-languageserver's common api requires 'vscode-languageserver-protocol/', with a slash)
    build.onResolve({ filter: /^vscode-(languageserver|languageserver-protocol|jsonrpc|languageserver-types)\/?$/ }, args =>
      ({ path: fileURLToPath(new URL(`../node_modules/${api[args.path.replace(/\/$/, '')]}`, import.meta.url)) }));
  },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // loaded by dist/client.js when first needed (not at activation): the language client library, the sniffer
  { entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] },
  { entryPoints: ['server/src/core/detect/sniff.ts'], outfile: 'dist/sniff.js' },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, plugins: [commonLsp] },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', external: ['@duckdb/node-api'], banner: { js: '#!/usr/bin/env node' } },
  { ...browser, entryPoints: ['client/src/browser/extension.ts'], outfile: 'dist/browser/client.js', format: 'cjs', external: ['vscode'] },
  // the Summary view's script with Chart.js: always minified and without a source map (it ships in the VSIX; keep it small)
  { ...browser, entryPoints: ['client/webview/summary.ts'], outfile: 'dist/webview/summary.js', format: 'iife', minify: true, sourcemap: false },
];

if (outdir) for (const b of builds) b.outfile = b.outfile.replace(/^dist\//, `${outdir.replace(/\/$/, '')}/`);

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map(b => esbuild.build({ ...common, ...b })));
}
