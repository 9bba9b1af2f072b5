// `npm test`: builds, then runs the test layers of DESIGN.md section 6 in order and prints one
// summary line per layer. The real-editor layer needs Debian's Chromium; without it the layer is skipped
// and the summary says so and why. `E2E_REQUIRED=1` (CI) turns a skip into a failure.
// `node scripts/test-all.mjs unit grammar` runs only the named layers (after the build).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const results = [];

function run(name, cmd, argv, opts = {}) {
  if (only.length && !only.includes(name) && !opts.always) return true;
  console.log(`\n===== ${name}: ${[cmd, ...argv].join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: opts.capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
  let out = '';
  if (opts.capture) { out = r.stdout.toString(); process.stdout.write(out); }
  const skipped = opts.capture && /SKIPPED/.test(out) ? out.match(/SKIPPED[^\n]*/)[0] : undefined;
  results.push({ name, ok: r.status === 0, skipped, secs: ((Date.now() - t0) / 1000).toFixed(1) });
  return r.status === 0;
}

const testFiles = dir => fs.readdirSync(path.join(ROOT, dir)).filter(f => f.endsWith('.test.js')).map(f => path.join(dir, f));

if (!run('build', process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b'], { always: true })
  || !run('bundle', process.execPath, [path.join(ROOT, 'scripts/esbuild.mjs')], { always: true })) {
  console.error('\nthe build failed: no tests were run');
  process.exit(1);
}
run('unit', process.execPath, ['--test', ...testFiles('out/test/unit')]);
run('grammar', process.execPath, ['--test', ...testFiles('out/test/grammar')]);
run('protocol', process.execPath, ['--test', ...testFiles('out/test/protocol')]);
// ClickHouse (scripts/ci/clickhouse.sh start) and DuckDB: skipped and said so when absent, failed under CI
run('database', process.execPath, ['--test', ...testFiles('out/test/db')], { capture: true });
run('real-editor', process.execPath, [path.join(ROOT, 'scripts/e2e/run.mjs')], { capture: true });

console.log('\n===== summary');
for (const r of results.filter(r => r.name !== 'build' && r.name !== 'bundle')) {
  console.log(`${r.skipped ? 'SKIPPED' : r.ok ? 'passed ' : 'FAILED '}  ${r.name.padEnd(12)} ${r.secs}s${r.skipped ? '  ' + r.skipped.replace(/^\S*SKIPPED /, '') : ''}`);
}
process.exit(results.every(r => r.ok) ? 0 : 1);
