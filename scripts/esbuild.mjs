// Bundles the client, the language server and the CLI into dist/ (CommonJS, Node 20), and the web
// extension (client and server for vscode.dev / github.dev) into dist/browser/.
// `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
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

// the browser bundles get no Node built-in: an import of `path` or `node:fs` fails the build
const browser = { platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'] };

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...browser, entryPoints: ['client/src/browser/extension.ts'], outfile: 'dist/browser/client.js', format: 'cjs', external: ['vscode'] },
  { ...browser, entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/browser/server.js', format: 'iife' },
];

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map(b => esbuild.build({ ...common, ...b })));
}
