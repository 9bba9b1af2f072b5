// Real-editor tests (DESIGN.md section 6, layer 4): the extension in a real VS Code.
//
//   node scripts/e2e/run.mjs [--require] [--update-screenshots] [--only=ui|api|web]
//
// VS Code itself cannot be downloaded on machines that reach only the npm registry and Debian, so the
// real VS Code here is code-server 4.100.3 (VS Code 1.100.3 with its Node extension host, from npm),
// driven by Debian's Chromium through playwright-core (see ../shared/docs/REAL-EDITOR-TESTS.md):
//   1. the VSIX that `vsce package` makes is installed into a fresh extensions folder, and a browser
//      check opens a transcript log like a user: language mode, colours, hover on a 550, the Outline,
//      folding, an Exchange protocol log, a bounce; it saves screenshots (README's images);
//   2. the mocha suite in out/test/e2e/suite runs inside the extension host (the workbench's `payload`
//      with extensionDevelopmentPath / extensionTestsPath, as @vscode/test-electron would run it);
//   3. the web extension: the same VSIX forced into the browser's web worker extension host
//      (`remote.extensionKind: web`), its server in a web worker, as on vscode.dev.
// Without Chromium the layer is skipped with the reason, unless --require (CI) makes that a failure.
import { execFileSync } from 'node:child_process';
import { homeEnv, packageVsix, startCodeServer } from './codeServer.mjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const E2E = path.join(ROOT, '.e2e');
const RUN = path.join(E2E, 'run');
const SHOTS = path.join(E2E, 'screenshots');
const CHROME = process.env.CHROME || '/usr/bin/chromium';
const args = new Set(process.argv.slice(2));
const ONLY = [...args].find(a => a.startsWith('--only='))?.slice(7);
const REQUIRE = args.has('--require') || process.env.E2E_REQUIRED === '1';
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (...a) => console.log('[e2e]', ...a);

function skip(reason) {
  if (REQUIRE) { console.error(`[e2e] FAILED: the real-editor layer is required here but cannot run: ${reason}`); process.exit(1); }
  console.log(`[e2e] SKIPPED the real-editor tests: ${reason}`);
  process.exit(0);
}

// ------------------------------------------------------------------ prerequisites
if (!fs.existsSync(CHROME)) skip(`no Chromium at ${CHROME} (Debian: apt-get install chromium; or set CHROME=/path/to/chromium)`);
let chromium;
try { ({ chromium } = await import('playwright-core')); } catch { skip('playwright-core is not installed (npm ci)'); }
for (const f of ['dist/client.js', 'dist/server.js', 'out/test/e2e/suite/index.js']) {
  if (!fs.existsSync(path.join(ROOT, f))) { console.error(`[e2e] ${f} is missing: run npm run build first`); process.exit(1); }
}
try {
  execFileSync('bash', [path.join(ROOT, 'scripts/e2e/install-code-server.sh'), E2E], { stdio: 'inherit' });
} catch { skip('code-server could not be installed (see the message above)'); }
const CS_ENTRY = path.join(E2E, 'cs/node_modules/code-server/out/node/entry.js');

// ------------------------------------------------------------------ the VSIX, exactly as it would ship
const VSIX = path.join(E2E, 'smtp-log-analyzer.vsix');
log('packaging the extension with vsce ...');
packageVsix(ROOT, VSIX);
const listed = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: ROOT }).toString().trim().split('\n');
const leaked = listed.filter(f => /^(test|samples|server\/src|client\/src|scripts|docs|\.e2e)\//.test(f) || /\.(eml|LOG|map)$/.test(f) || f === 'dist/cli.js');
if (leaked.length) { console.error(`[e2e] the VSIX would ship files it must not: ${leaked.join(', ')}`); process.exit(1); }
// the VSIX as packaged (production bundles): under 700 KB (test/protocol/package.test.ts checks the list and an estimate)
if (fs.statSync(VSIX).size > 700 * 1024) { console.error(`[e2e] the VSIX is ${(fs.statSync(VSIX).size / 1024).toFixed(0)} KB, above 700 KB`); process.exit(1); }
log(`VSIX: ${(fs.statSync(VSIX).size / 1024).toFixed(0)} KB, ${listed.length} files (${listed.join(', ')})`);

// ------------------------------------------------------------------ a workspace and a user profile
fs.rmSync(RUN, { recursive: true, force: true });
const WS = path.join(RUN, 'ws');
fs.mkdirSync(WS, { recursive: true });
for (const dir of ['samples', 'test/e2e/workspace']) {
  const from = path.join(ROOT, dir);
  if (fs.existsSync(from)) fs.cpSync(from, WS, { recursive: true });
}
// the message trail: two postfix servers' logs that relay to each other and a bounce mx-a wrote (test/fixtures/generated)
fs.mkdirSync(path.join(WS, 'trail'), { recursive: true });
for (const f of ['postfix-maillog-mx-a.log', 'postfix-maillog-mx-b.log', 'postfix-dsn-5.3.4-remote-552.eml']) fs.copyFileSync(path.join(ROOT, 'test/fixtures/generated', f), path.join(WS, 'trail', f));
const HOME = path.join(RUN, 'home');
fs.mkdirSync(path.join(RUN, 'user-data/User'), { recursive: true });
fs.writeFileSync(path.join(RUN, 'user-data/User/settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off',
  'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true, 'workbench.enableExperiments': false, 'workbench.tips.enabled': false,
  'editor.hover.delay': 200, 'window.commandCenter': false, 'workbench.colorTheme': 'Default Dark Modern',
  'editor.minimap.enabled': false, 'outline.collapseItems': 'alwaysCollapse', 'breadcrumbs.enabled': true, 'git.enabled': false, 'git.openRepositoryInParentFolders': 'never',
}, null, 2));
// code-server and Chromium write into $HOME even for --version: keep all of that under .e2e
const env = homeEnv(HOME);

/** code-server with the run's profile and workspace; its output goes to .e2e/run/code-server-<name>.log */
function startCs(name, extensionsDir, installVsix) {
  const out = fs.openSync(path.join(RUN, `code-server-${name}.log`), 'w');
  return startCodeServer({ entry: CS_ENTRY, dir: RUN, extensionsDir, vsix: installVsix ? VSIX : undefined, folder: WS, env, stdio: out, log });
}

async function browser() {
  const profile = fs.mkdtempSync(path.join(RUN, 'chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROME, headless: true, viewport: { width: 1500, height: 1000 }, env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   - ${name}${detail ? ' :: ' + detail : ''}`); }
  else { failed++; console.log(`FAIL - ${name}${detail ? ' :: ' + detail : ''}`); }
}

// ------------------------------------------------------------------ 1. the VSIX, used like a person would
const { runUiChecks } = await import('./ui-checks.mjs');
fs.rmSync(SHOTS, { recursive: true, force: true });
fs.mkdirSync(SHOTS, { recursive: true });
if (!ONLY || ONLY === 'ui') {
  const cs = await startCs('ui', path.join(RUN, 'exts-vsix'), true);
  const ctx = await browser();
  try {
    await runUiChecks({ ctx, url: cs.url, ws: WS, shots: SHOTS, check, log });
  } catch (e) {
    check('browser checks ran to the end', false, e?.stack ?? String(e));
    try { await ctx.pages()[0]?.screenshot({ path: path.join(SHOTS, 'failure.png') }); } catch { /* ignore */ }
  } finally {
    await ctx.close().catch(() => undefined);
    await cs.stop();
  }
  log(`browser checks done (${elapsed()})`);
}

// ------------------------------------------------------------------ 2. the mocha suite inside the extension host
if (!ONLY || ONLY === 'api') {
  const cs = await startCs('api', path.join(RUN, 'exts-empty'), false);
  const ctx = await browser();
  const page = ctx.pages()[0] || await ctx.newPage();
  const host = new URL(cs.url).host;
  const remote = p => `vscode-remote://${host}${p}`;
  let done;
  const result = new Promise(r => { done = r; });
  await page.exposeFunction('codeAutomationExit', code => done(code));
  const lines = [];
  page.on('console', m => {
    const t = m.text().replace(/^%c\s*\S+\s*color:\s*\S+\s*/, '');
    // the extension host forwards its console: keep mocha's report and our own lines
    if (/^\[e2e\]/.test(t)) { lines.push(t); console.log('  ' + t.slice(0, 2000)); }
  });
  const saveLog = () => fs.writeFileSync(path.join(RUN, 'extension-host-tests.log'), lines.join('\n') + '\n');
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(path.join(ROOT, 'out/test/e2e/suite/index.js'))],
    ['skipWelcome', 'true'],
  ]);
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(WS)}&payload=${encodeURIComponent(payload)}`);
  const code = await Promise.race([result, new Promise(r => setTimeout(() => r('timeout'), 240000))]);
  saveLog();
  check('mocha suite inside the extension host (vscode.execute*Provider, diagnostics, commands)', code === 0, `exit code ${code}; its output: .e2e/run/extension-host-tests.log`);
  await ctx.close().catch(() => undefined);
  await cs.stop();
  log(`extension-host suite done (${elapsed()})`);
}

// ------------------------------------------------------------------ 3. the web extension in the browser's extension host
if (!ONLY || ONLY === 'web') {
  const dir = path.join(RUN, 'web');
  fs.mkdirSync(path.join(dir, 'user-data/User'), { recursive: true });
  const settings = JSON.parse(fs.readFileSync(path.join(RUN, 'user-data/User/settings.json'), 'utf8'));
  settings['remote.extensionKind'] = { 'smtp-log-analyzer.smtp-log-analyzer': ['web'] };
  fs.writeFileSync(path.join(dir, 'user-data/User/settings.json'), JSON.stringify(settings, null, 2));
  const out = fs.openSync(path.join(RUN, 'code-server-web.log'), 'w');
  const cs = await startCodeServer({ entry: CS_ENTRY, dir, extensionsDir: path.join(dir, 'exts'), vsix: VSIX, folder: WS, env, stdio: out, log });
  const ctx = await browser();
  try {
    const { runWebChecks } = await import('./ui-checks.mjs');
    await runWebChecks({ ctx, url: cs.url, ws: WS, shots: SHOTS, check, log });
  } catch (e) {
    check('web extension checks ran to the end', false, e?.stack ?? String(e));
    try { await ctx.pages()[0]?.screenshot({ path: path.join(SHOTS, 'failure-web.png') }); } catch { /* ignore */ }
  } finally {
    await ctx.close().catch(() => undefined);
    await cs.stop();
  }
  log(`web extension checks done (${elapsed()})`);
}

if (args.has('--update-screenshots') && failed === 0) {
  const dest = path.join(ROOT, 'docs/images');
  fs.mkdirSync(dest, { recursive: true });
  for (const f of fs.readdirSync(SHOTS).filter(f => f.endsWith('.png') && !f.startsWith('failure') && f !== 'extension-page.png' && f !== 'web-hover.png')) fs.copyFileSync(path.join(SHOTS, f), path.join(dest, f));
  log(`screenshots copied to docs/images`);
}
console.log(`\n[e2e] real editor (code-server 4.100.3 + Chromium): ${passed} passed, ${failed} failed (${elapsed()}); screenshots in .e2e/screenshots`);
process.exit(failed ? 1 : 0);
