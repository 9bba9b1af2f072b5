// `npm start`: builds, then opens the sample logs (samples/) in an editor with the extension loaded.
//  - desktop VS Code when `code` is on the PATH: code --extensionDevelopmentPath=<this folder> samples/
//  - otherwise the browser VS Code: code-server (installed on first use into .e2e/, from npm), bound to
//    127.0.0.1, with the extension installed from a freshly packaged VSIX; the URL to open is printed.
//    PORT=... picks the port (default 8080, or a free one when it is busy). Ctrl+C stops it.
import { spawnSync, execFileSync } from 'node:child_process';
import { homeEnv, packageVsix, startCodeServer } from './e2e/codeServer.mjs';
import * as fs from 'node:fs';
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
const VSIX = path.join(START, 'smtp-log-analyzer.vsix');
fs.mkdirSync(path.join(START, 'user-data/User'), { recursive: true });
packageVsix(ROOT, VSIX);
const settings = path.join(START, 'user-data/User/settings.json');
if (!fs.existsSync(settings)) {
  fs.writeFileSync(settings, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'git.openRepositoryInParentFolders': 'never' }, null, 2));
}
const cs = await startCodeServer({
  entry: path.join(E2E, 'cs/node_modules/code-server/out/node/entry.js'), dir: START, extensionsDir: path.join(START, 'exts'),
  vsix: VSIX, folder: SAMPLES, env: homeEnv(path.join(START, 'home')), port: Number(process.env.PORT || 8080), stdio: 'inherit',
});
console.log(`\nSMTP Log Analyzer is running in the browser VS Code (code-server 4.100.3).\nOpen: ${cs.url}/?folder=${encodeURIComponent(SAMPLES)}\nCtrl+C stops it.`);
const stop = () => { void cs.stop().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
cs.proc.on('exit', code => process.exit(code ?? 0));
