// code-server from this project's cache (.e2e), shared by the real-editor tests (run.mjs) and `npm start`:
// package the VSIX, give code-server a HOME of its own, start it on loopback and stop its whole tree.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** `vsce package` of the project at `root` into `out`, exactly as it would ship (scripts/vsce.mjs). */
export { packageVsix } from '../vsce.mjs';

/** The environment for code-server and Chromium: both write into $HOME even for --version, so it is under `home`. */
export function homeEnv(home) {
  fs.mkdirSync(home, { recursive: true });
  return { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'), XDG_CACHE_HOME: path.join(home, '.cache') };
}

/** `preferred` when it is free on 127.0.0.1, else any free port. */
export async function freePort(preferred = 0) {
  const listen = p => new Promise(resolve => {
    const s = net.createServer().once('error', () => resolve(undefined));
    s.listen(p, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
  return (preferred && await listen(preferred)) || listen(0);
}

function descendants(pid) {
  let out = [];
  try {
    for (const c of execFileSync('pgrep', ['-P', String(pid)]).toString().trim().split('\n').filter(Boolean)) out = out.concat([Number(c)], descendants(Number(c)));
  } catch { /* none */ }
  return out;
}

/**
 * Starts code-server (`entry`) with its state under `dir` and extensions in `extensionsDir` (the VSIX
 * installed first when given), opening `folder`; resolves when /healthz answers.
 */
export async function startCodeServer({ entry, dir, extensionsDir, vsix, folder, env, port = 0, stdio = 'ignore', log = () => undefined }) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const common = ['--config', path.join(dir, 'config.yaml'), '--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', extensionsDir];
  if (vsix) {
    execFileSync(process.execPath, [entry, ...common, '--force', '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    log(`installed from the VSIX: ${execFileSync(process.execPath, [entry, ...common, '--list-extensions', '--show-versions'], { env }).toString().trim()}`);
  }
  const bound = await freePort(port);
  const proc = spawn(process.execPath, [entry, ...common, '--bind-addr', `127.0.0.1:${bound}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', folder], { env, stdio: ['ignore', stdio, stdio] });
  const url = `http://127.0.0.1:${bound}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with code ${proc.exitCode}`);
    try { const r = await fetch(`${url}/healthz`); if (r.ok) break; } catch { /* not yet */ }
    if (i > 120) throw new Error('code-server did not answer /healthz within 60 s');
    await new Promise(r => setTimeout(r, 500));
  }
  return {
    url,
    proc,
    async stop() {
      // SIGTERM takes the tree down (extension host, language server); a file watcher may linger: kill what is left
      const kids = descendants(proc.pid);
      proc.kill('SIGTERM');
      await new Promise(r => { if (proc.exitCode !== null) r(); else proc.once('exit', r); setTimeout(r, 10000); });
      await new Promise(r => setTimeout(r, 500));
      for (const k of kids) { try { process.kill(k, 'SIGKILL'); } catch { /* gone */ } }
    },
  };
}
