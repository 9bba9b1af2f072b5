/**
 * Runs first (files run in name order): a window with no SMTP document pays for no language server.
 * VS Code activates the extension for any `log` or plain-text document (its own Output panel
 * included); the server process starts only with the first SMTP document and stops once none has
 * been open for `smtpLog.server.idleStopSeconds`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, languageOf, open, until } from './helpers';

/** Child processes of this extension host that run the bundled language server (Linux: /proc). */
function serverProcesses(): number[] {
  const out: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (/dist[\\/]server\.js/.test(cmd)) out.push(Number(pid));
    } catch { /* gone meanwhile */ }
  }
  return out;
}

describe('activation costs nothing until an SMTP document opens', () => {
  let api: { running(): boolean; start(): Promise<void> };

  before(async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
    const ext = vscode.extensions.getExtension<typeof api>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('smtpLog').update('server.idleStopSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('no server process runs while only other documents are open', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'hello\nnothing to see here\n' });
    await vscode.window.showTextDocument(doc);
    await new Promise(r => setTimeout(r, 1500));
    assert.equal(api.running(), false, 'the language client runs with no SMTP document open');
    assert.deepEqual(serverProcesses(), [], 'a language server process runs with no SMTP document open');
  });

  it('the first SMTP document starts the server, and it stops once none has been open for a while', async function () {
    this.timeout(90000);
    await vscode.workspace.getConfiguration('smtpLog').update('server.idleStopSeconds', 2, vscode.ConfigurationTarget.Global);
    const doc = await open('exchange-transcript.log');
    assert.equal(await languageOf(doc.uri), 'smtp-log');
    await until('a language server process', () => serverProcesses().length === 1 && api.running());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // VS Code closes a document some time after its last editor; then the server stops after the idle time
    await until('the SMTP document closed', () => doc.isClosed, 60000).catch(() => undefined);
    if (!doc.isClosed) this.skip();
    await until('the language server process gone', () => serverProcesses().length === 0 && !api.running(), 20000);
    // and it comes back with the next SMTP document
    await open('exchange-transcript.log');
    await until('the language server process again', () => serverProcesses().length === 1 && api.running());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
