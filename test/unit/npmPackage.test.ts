/** `npm install -g` gives the two commands the README's CLI and editor sections rely on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('the npm package holds the two commands and the records schema, and installs globally', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.private, undefined, 'the package can be published');
  assert.deepEqual(Object.keys(pkg.bin).sort(), ['smtp-log', 'smtp-log-language-server']);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-log-npm-'));
  const pack = spawnSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  const info = JSON.parse(pack.stdout)[0] as { filename: string; files: { path: string }[] };
  const files = info.files.map(f => f.path).sort();
  for (const f of ['dist/cli.js', 'dist/server.js', 'package.json', 'README.md', 'LICENSE']) assert.ok(files.includes(f), `ships ${f}`);
  assert.ok(!files.some(f => /^(test|server\/src|client|scripts|samples|node_modules)\//.test(f)), `ships no sources or tests: ${files.join(' ')}`);
  const prefix = path.join(tmp, 'global');
  const inst = spawnSync(NPM, ['install', '-g', '--prefix', prefix, '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund', '--offline', path.join(tmp, info.filename)], { encoding: 'utf8' });
  assert.equal(inst.status, 0, inst.stderr);
  const bin = path.join(prefix, 'bin');
  const v = spawnSync(path.join(bin, 'smtp-log'), ['--version'], { encoding: 'utf8' });
  assert.equal(v.stdout.trim(), pkg.version, v.stderr);
  const e = spawnSync(path.join(bin, 'smtp-log'), ['explain', '550 5.1.1 User unknown'], { encoding: 'utf8' });
  assert.match(e.stdout, /^550 5\.1\.1: /);
  // the language server answers initialize over stdio
  const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const ls = spawn(path.join(bin, 'smtp-log-language-server'), ['--stdio']);
  const answer = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no answer to initialize: ${out}`)), 15000);
    ls.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('"id":1')) { clearTimeout(timer); resolve(out); } });
    ls.stdin.write(`Content-Length: ${Buffer.byteLength(init)}\r\n\r\n${init}`);
  }).finally(() => ls.kill());
  assert.match(answer, /"hoverProvider":true/);
  fs.rmSync(tmp, { recursive: true, force: true });
});
