/**
 * The package: what `vsce package` would put in the VSIX (`vsce ls`), its size with production bundles,
 * the manifest's entries (node and browser), icon, repository links and localised strings.
 * The real-editor layer packages the real VSIX and checks its size again (scripts/e2e/run.mjs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ROOT } from '../helpers/lspServer';

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
// 600 KB until the Summary view (Chart.js, 58 KB) and the lazily loaded client bundles (the language client and the
// sniffer apart from dist/client.js, so activation loads 8 KB) came; a budget, so that growth stays a decision
const MAX_VSIX_BYTES = 700 * 1024;
const EXPECTED = [
  'package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'images/icon.png',
  'dist/client.js', 'dist/languageClient.js', 'dist/sniff.js', 'dist/server.js', 'dist/browser/client.js', 'dist/webview/summary.js',
  'syntaxes/smtp-log.tmLanguage.json', 'syntaxes/smtp-log.language-configuration.json',
  'syntaxes/smtp-ndr.tmLanguage.json', 'syntaxes/smtp-ndr.language-configuration.json',
];

const listed = (): string[] => execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'],
  { cwd: ROOT, env: { ...process.env, npm_config_update_notifier: 'false' } }).toString().trim().split('\n').sort();

test('the VSIX holds exactly the run-time files: no CLI, no screenshots, no sources, no source maps', () => {
  assert.deepEqual(listed(), [...EXPECTED].sort());
});

test(`the VSIX is under ${MAX_VSIX_BYTES / 1024} KB with production bundles`, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-log-vsix-'));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/esbuild.mjs'), '--production', `--outdir=${out}`], { cwd: ROOT });
  let bytes = 4096; // extension.vsixmanifest and [Content_Types].xml
  const sizes: string[] = [];
  for (const f of EXPECTED) {
    const file = f.startsWith('dist/') ? path.join(out, f.slice(5)) : path.join(ROOT, f);
    const z = zlib.deflateRawSync(fs.readFileSync(file)).length + 2 * (f.length + 10) + 76; // deflated data + zip headers
    bytes += z;
    sizes.push(`${f} ${(z / 1024).toFixed(0)} KB`);
  }
  console.log(`[package] VSIX about ${(bytes / 1024).toFixed(0)} KB: ${sizes.join(', ')}`);
  assert.ok(bytes < MAX_VSIX_BYTES, `${bytes} bytes`);
  fs.rmSync(out, { recursive: true, force: true });
});

test('manifest: Node and browser entries, a 128 px icon, repository / bugs / homepage, no * activation', () => {
  assert.equal(PKG.main, './dist/client.js');
  assert.equal(PKG.browser, './dist/browser/client.js');
  const icon = fs.readFileSync(path.join(ROOT, PKG.icon));
  assert.equal(icon.toString('latin1', 1, 4), 'PNG');
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
  assert.match(PKG.repository.url, /^https:\/\//);
  assert.match(PKG.bugs.url, /^https:\/\//);
  assert.match(PKG.homepage, /^https:\/\//);
  assert.ok(!PKG.activationEvents.includes('*'));
  assert.equal(PKG.capabilities.virtualWorkspaces, true);
  assert.ok(!JSON.stringify(PKG.scripts).includes('--allow-missing-repository'));
});

test('every %key% of the manifest is in package.nls.json, and every key there is used', () => {
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
  const text = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const used = new Set([...text.matchAll(/"%([^%"]+)%"/g)].map(m => m[1]));
  for (const k of used) assert.ok(typeof nls[k] === 'string' && nls[k].length > 0, `package.nls.json has no ${k}`);
  for (const k of Object.keys(nls)) assert.ok(used.has(k), `package.nls.json: ${k} is not used`);
});

test('once a GitHub repository is set, vsce packages without flags and points README\'s screenshots at it', { timeout: 120000 }, () => {
  // a copy of the package's shipped files with the repository set as `npm run set-repository` would
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-log-repo-'));
  for (const f of [...EXPECTED, '.vscodeignore']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  }
  fs.cpSync(path.join(ROOT, 'scripts'), path.join(dir, 'scripts'), { recursive: true });
  const pkg = { ...PKG, scripts: {} };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(process.execPath, [path.join(dir, 'scripts/vsce.mjs'), '--set-repository', 'https://github.com/example-owner/smtp-log-analyzer'], { cwd: dir });
  const set = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  assert.deepEqual([set.repository.url, set.bugs.url, set.homepage], ['https://github.com/example-owner/smtp-log-analyzer.git',
    'https://github.com/example-owner/smtp-log-analyzer/issues', 'https://github.com/example-owner/smtp-log-analyzer#readme']);
  const args: string[] = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e',
    `const m = await import(${JSON.stringify(path.join(dir, 'scripts/vsce.mjs'))}); console.log(JSON.stringify(m.vsceArgs(process.argv[1], 'x.vsix')))`, dir]).toString());
  assert.ok(!args.includes('--no-rewrite-relative-links') && !args.includes('--allow-missing-repository'), args.join(' '));
  execFileSync(process.execPath, [path.join(dir, 'scripts/vsce.mjs'), '--out', path.join(dir, 'x.vsix')], { cwd: dir, stdio: 'pipe' });
  const readme = execFileSync(process.execPath, ['-e', `
    const fs = require('fs'); const zlib = require('zlib'); const b = fs.readFileSync(process.argv[1]);
    for (let p = 0; (p = b.indexOf('PK\\x03\\x04', p, 'latin1')) >= 0; p += 4) {
      const n = b.readUInt16LE(p + 26), x = b.readUInt16LE(p + 28), size = b.readUInt32LE(p + 18), name = b.toString('utf8', p + 30, p + 30 + n);
      if (name === 'extension/readme.md') { const d = b.subarray(p + 30 + n + x, p + 30 + n + x + size); process.stdout.write(b.readUInt16LE(p + 8) ? zlib.inflateRawSync(d) : d); }
    }`, path.join(dir, 'x.vsix')]).toString();
  assert.match(readme, /!\[Hover on a 550 reply[^\]]*\]\(https:\/\/github\.com\/example-owner\/smtp-log-analyzer\/raw\/HEAD\/docs\/images\/hover\.png\)/);
  fs.rmSync(dir, { recursive: true, force: true });
});

