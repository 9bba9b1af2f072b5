// `npm start`: builds, then opens the sample logs (samples/) in an editor with the extension loaded.
//  - desktop VS Code when `code` is on the PATH: code --extensionDevelopmentPath=<this folder> samples/
//  - otherwise the browser VS Code: code-server (installed on first use into .e2e/, from npm), bound to
//    127.0.0.1, with the extension installed from a freshly packaged VSIX; the URL to open is printed.
//    PORT=... picks the port (default 8080, or a free one when 8080 is busy). Ctrl+C stops it.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLES = path.join(ROOT, 'samples');
const node = process.execPath;

console.log('building ...');
execFileSync(node, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: ROOT, stdio: 'inherit' });
execFileSync(node, [path.join(ROOT, 'scripts/esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });

const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
if (which.status === 0 && which.stdout.trim() && !process.env.SMTP_LOG_USE_CODE_SERVER) {
  console.log(`opening ${SAMPLES} in VS Code with the extension from ${ROOT}`);
  const r = spawnSync(which.stdout.trim(), ['--new-window', `--extensionDevelopmentPath=${ROOT}`, SAMPLES], { stdio: 'inherit' });
  process.exit(r.status ?? 0);
}

// ---- code-server
const E2E = path.join(ROOT, '.e2e');
const START = path.join(E2E, 'start');
execFileSync('bash', [path.join(ROOT, 'scripts/e2e/install-code-server.sh'), E2E], { stdio: 'inherit' });
const CS = path.join(E2E, 'cs/node_modules/code-server/out/node/entry.js');
const VSIX = path.join(START, 'smtp-log-analyzer.vsix');
fs.mkdirSync(path.join(START, 'user-data/User'), { recursive: true });
execFileSync(node, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '-o', VSIX], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const settings = path.join(START, 'user-data/User/settings.json');
if (!fs.existsSync(settings)) {
  fs.writeFileSync(settings, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'git.openRepositoryInParentFolders': 'never' }, null, 2));
}
const HOME = path.join(START, 'home');
const env = { ...process.env, HOME, XDG_CONFIG_HOME: path.join(HOME, '.config'), XDG_DATA_HOME: path.join(HOME, '.local/share'), XDG_CACHE_HOME: path.join(HOME, '.cache') };
const common = ['--config', path.join(START, 'config.yaml'), '--user-data-dir', path.join(START, 'user-data'), '--extensions-dir', path.join(START, 'exts')];
execFileSync(node, [CS, ...common, '--force', '--install-extension', VSIX], { env, stdio: ['ignore', 'ignore', 'inherit'] });

const busy = port => new Promise(resolve => {
  const s = net.createServer().once('error', () => resolve(true)).once('listening', () => s.close(() => resolve(false)));
  s.listen(port, '127.0.0.1');
});
let port = Number(process.env.PORT || 8080);
if (await busy(port)) port = await new Promise(r => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });

const proc = spawn(node, [CS, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--disable-getting-started-override', SAMPLES], { env, stdio: ['ignore', 'ignore', 'inherit'] });
for (let i = 0; i < 120; i++) {
  try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* starting */ }
  await new Promise(r => setTimeout(r, 500));
}
console.log(`\nSMTP Log Analyzer is running in the browser VS Code (code-server 4.100.3).\nOpen: http://127.0.0.1:${port}/?folder=${encodeURIComponent(SAMPLES)}\nCtrl+C stops it.`);
const stop = () => { proc.kill('SIGTERM'); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
proc.on('exit', code => process.exit(code ?? 0));
