/**
 * The summary in a real editor: "Show Failures Only" and the lines of one summary filter as read-only
 * views whose lines link back to the log, with the editor's own outline and folding on them; the
 * timestamp hover. (The Summary view's chart and its clicks are driven in the browser: scripts/e2e/ui-checks.mjs.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionReady, hoverText, languageOf, open, symbols, until } from './helpers';

describe('Summary, filtered views and time in a real editor', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    await extensionReady();
    doc = await open('postfix-maillog.log');
    assert.equal(await languageOf(doc.uri), 'smtp-log');
  });

  it('Show Failures Only opens a read-only view of the failed lines, each linking to its line in the log', async () => {
    await vscode.window.showTextDocument(doc);
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('smtpLog.showFailures');
    assert.ok(editor, 'a view opened');
    const view = editor.document;
    assert.equal(view.uri.scheme, 'smtp-log-filter');
    assert.equal(view.languageId, 'smtp-log');
    assert.equal(view.lineCount, 25);
    // the view's own links back (the server adds the https links a line writes)
    const links = await until('links back to the log', async () => {
      const l = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', view.uri);
      const back = (l ?? []).filter(x => x.target && /^L\d+$/.test(x.target.fragment));
      return back.length >= view.lineCount ? back : undefined;
    });
    for (const link of links) {
      const target = link.target!;
      assert.equal(target.with({ fragment: '' }).toString(), doc.uri.toString());
      const line = Number(/^L(\d+)$/.exec(target.fragment)![1]) - 1;
      assert.equal(view.lineAt(link.range.start.line).text, doc.lineAt(line).text);
    }
    // the editor's outline still works on the view
    const s = await symbols(view);
    assert.ok(s.length > 0);
  });

  it('the lines of one reply code, asked the way the Summary view asks', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('smtpLog.showFiltered', doc.uri.toString(), 'code:550 5.1.1');
    assert.ok(editor);
    const lines = editor.document.getText().split('\n');
    assert.equal(lines.length, 5);
    for (const l of lines) assert.match(l, /550 5\.1\.1/);
  });

  it('Show Workspace Summary, and a number of it opens its lines across files, each linking to its file\'s line', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('smtpLog.showWorkspaceSummary');
    assert.ok(panel, 'the workspace summary opened');
    assert.match(panel.title, /workspace/);
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('smtpLog.showWorkspaceFiltered', 'failures');
    assert.ok(editor, 'a view opened');
    const view = editor.document;
    assert.equal(view.uri.scheme, 'smtp-log-filter');
    const headers = view.getText().split('\n').filter(l => /^==> .+ <==$/.test(l));
    assert.ok(headers.length >= 2, headers.join(' | '));
    const links = await until('links to the files', async () => {
      const l = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', view.uri);
      const back = (l ?? []).filter(x => x.target && /^L\d+$/.test(x.target.fragment));
      return back.length >= view.lineCount - 2 * headers.length ? back : undefined;
    });
    const files = new Set<string>();
    for (const link of links.slice(0, 200)) {
      const target = link.target!;
      const file = target.with({ fragment: '' });
      files.add(file.toString());
      const doc = await vscode.workspace.openTextDocument(file);
      const line = Number(/^L(\d+)$/.exec(target.fragment)![1]) - 1;
      assert.equal(view.lineAt(link.range.start.line).text, doc.lineAt(line).text);
    }
    assert.ok(files.size >= 2, [...files].join(' '));
  });

  it('hover on a timestamp gives the time since the session started', async () => {
    const h = await hoverText(doc, 'disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5', 'Nov');
    assert.match(h, /since the session started \(line \d+\)/);
  });
});
