/**
 * The same real-editor mocha suite on desktop VS Code through @vscode/test-electron, for machines that
 * can download VS Code (`node out/test/e2e/runTest.js`; VSCODE_VERSION=1.82.0 for the oldest supported).
 * Where VS Code cannot be downloaded (only the npm registry and Debian reachable), scripts/e2e/run.mjs
 * runs the suite in code-server instead; that is what `npm test` uses.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.join(__dirname, '../../..');
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-log-e2e-'));
  for (const dir of ['samples', 'test/e2e/workspace']) {
    const from = path.join(root, dir);
    if (fs.existsSync(from)) fs.cpSync(from, ws, { recursive: true });
  }
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'suite/index.js'),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch(e => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
