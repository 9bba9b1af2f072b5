/**
 * A log above VS Code's 50 MB sync limit: the editor opens it but gives extensions no document, so the
 * server reads it from disk and the SMTP Log (Large Files) view lists its sessions and failed replies.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionReady, until, workspaceFile } from './helpers';

describe('a log larger than VS Code passes to extensions', () => {
  before(extensionReady);

  it('is read from disk: its sessions and problems are listed', async function () {
    this.timeout(120000);
    const sample = Buffer.from(await vscode.workspace.fs.readFile(workspaceFile('exchange-transcript.log'))).toString('utf8');
    const copies = Math.ceil((52 * 1024 * 1024) / sample.length);
    const uri = workspaceFile('big-transcript.log');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(sample.repeat(copies)));
    try {
      await vscode.commands.executeCommand('vscode.open', uri);
      // the editor shows a tab, but no TextDocument reaches extensions
      await until('the tab of the large file', () => vscode.window.tabGroups.all.some(g => g.tabs.some(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString())));
      assert.ok(!vscode.workspace.textDocuments.some(d => d.uri.toString() === uri.toString()), 'VS Code synced a file above 50 MB: the limit this feature works around has changed');
      const r = await vscode.commands.executeCommand<{ sessionCount: number; problemCount: number; problems: { label: string; line: number }[] }>('smtpLog.analyzeLargeFile', uri);
      assert.ok(r, 'the command returns the analysis');
      assert.equal(r.sessionCount, copies * 5);
      assert.equal(r.problemCount, copies * 3);
      assert.match(r.problems[0].label, /^550 5\.1\.1/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
