/**
 * Entry point the VS Code extension host loads through `extensionTestsPath` (what @vscode/test-electron
 * does on a desktop VS Code, and what scripts/e2e/run.mjs does in code-server's Node extension host):
 * runs every *.test.js next to this file with mocha and resolves when they pass. Each result is one
 * plain console line starting with "[e2e]", so that a runner reading the forwarded console sees it whole.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import Mocha from 'mocha';

class LineReporter {
  constructor(runner: Mocha.Runner) {
    runner.on('pass', t => console.log(`[e2e] ok   - ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('fail', (t, err: Error) => console.log(`[e2e] FAIL - ${t.fullTitle()}\n${(err?.stack ?? String(err)).split('\n').slice(0, 6).join('\n')}`));
    runner.on('pending', t => console.log(`[e2e] skip - ${t.fullTitle()}`));
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000, reporter: LineReporter as unknown as typeof Mocha.reporters.Base });
  const dir = __dirname;
  for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    mocha.run(failures => {
      console.log(`[e2e] mocha finished: ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} real-editor test(s) failed`)); else resolve();
    });
  });
}
