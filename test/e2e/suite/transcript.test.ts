/**
 * The foundation in a real VS Code: an Exchange <<< / >>> transcript log opened from the workspace (a
 * `.log` file, recognised by content), and a transcript pasted into an untitled editor.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnostics, extensionReady, hoverText, languageOf, lineOf, open, symbols, until, workspaceFile } from './helpers';

describe('Exchange transcript log in a real editor', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    await extensionReady();
    doc = await open('exchange-transcript.log');
    assert.equal(await languageOf(doc.uri), 'smtp-log', 'a .log file whose lines are an SMTP transcript is switched to SMTP Log by content');
    doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === doc.uri.toString())!;
  });

  it('hover on a 550 explains it and names the pipelined RCPT it answers', async () => {
    const h = await hoverText(doc, '550 5.1.1 User unknown', '550');
    assert.match(h, /550 5\.1\.1/);
    assert.match(h, /permanent/i);
    assert.match(h, /RCPT TO:<carol@contoso\.example>/);
    assert.match(h, /Who acts/);
  });

  it('document highlights, links, Expand Selection and semantic tokens come from the server', async () => {
    const line = lineOf(doc, 'RCPT TO:<carol@contoso.example>');
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('carol') + 1);
    const hl = await until('document highlights', async () => {
      const h = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', doc.uri, pos);
      return h && h.length ? h : undefined;
    });
    assert.ok(hl.every(h => doc.getText(h.range) === 'carol@contoso.example'), JSON.stringify(hl));
    const sel = await vscode.commands.executeCommand<vscode.SelectionRange[]>('vscode.executeSelectionRangeProvider', doc.uri, [pos]);
    let depth = 0;
    for (let r: vscode.SelectionRange | undefined = sel[0]; r; r = r.parent) depth++;
    assert.ok(depth >= 4, `selection range depth ${depth}`);
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', doc.uri);
    assert.ok(legend.tokenTypes.includes('replyPermanent'), JSON.stringify(legend));
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', doc.uri);
    assert.ok(tokens.data.length > 100);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    assert.ok(Array.isArray(links));
  });

  it('hover on a command verb explains the command', async () => {
    const h = await hoverText(doc, 'RCPT TO:<carol@contoso.example>', 'RCPT');
    assert.match(h, /recipient/i);
  });

  it('every 4xx is a warning and every 5xx an error, nothing else is a problem', async () => {
    const d = await diagnostics(doc, 3);
    const bySeverity = d.map(x => [x.range.start.line, x.severity]).sort((a, b) => a[0] - b[0]);
    assert.deepEqual(bySeverity, [
      [lineOf(doc, '550 5.1.1 User unknown'), vscode.DiagnosticSeverity.Error],
      [lineOf(doc, '550 5.7.1 Unable to relay'), vscode.DiagnosticSeverity.Error],
      [lineOf(doc, '450 4.2.0'), vscode.DiagnosticSeverity.Warning],
    ]);
    assert.match(d.find(x => x.severity === vscode.DiagnosticSeverity.Warning)!.message, /450 4\.2\.0.*RCPT TO:<erin@northwind\.example>/);
  });

  it('the outline has one symbol per session with its remote host, date and time, and outcome, and the commands under it', async () => {
    const s = await symbols(doc);
    assert.deepEqual(s.map(x => x.name), [
      '192.0.2.44 relay.fabrikam.example 2001-04-02 08:02:10 - delivered',
      '198.51.100.7 mx1.tailspin.example 2001-04-02 08:05:40 - delivered, 1 recipient refused (550 5.1.1)',
      '203.0.113.99 unknown-host 2001-04-02 08:07:03 - 550 5.7.1 rejected',
      'to mx.northwind.example [192.0.2.80] 2001-04-02 08:10:21 - 450 4.2.0 deferred',
      '192.0.2.44 relay.fabrikam.example 2001-04-02 08:12:30 - incomplete (cut during DATA)',
    ]);
    // the detail: how long the session took and its lines
    assert.equal(s[0].detail, '4 s, 26 lines');
    assert.ok(s[1].children.some(c => c.name === 'RCPT TO:<carol@contoso.example>' && /550 5\.1\.1/.test(c.detail)));
  });

  it('a postfix maillog: each message under the connection that received it, its delivery under the message', async () => {
    const pf = await open('postfix-maillog.log');
    const s = await symbols(pf);
    const conn = s.find(x => x.children.some(c => c.name === '38AD420C5BC Nov 24 12:57:28 - delivered'));
    assert.ok(conn, `top level: ${s.slice(0, 6).map(x => x.name).join(' | ')}`);
    assert.equal(conn.name, 'localhost[127.0.0.1] (smtpd[12948]) Nov 24 12:57:28 - delivered');
    const msg = conn.children.find(c => c.name.startsWith('38AD420C5BC'))!;
    assert.deepEqual(msg.children.map(c => c.name), ['delivery to <bob@b.example.test> via virtual', 'removed']);
    // the queue id is not listed a second time at the top
    assert.ok(!s.some(x => x.name.startsWith('38AD420C5BC')));
    await vscode.window.showTextDocument(doc);
  });

  it('sessions and multi-line replies fold', async () => {
    const folds = await until('folding ranges', async () => {
      const f = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
      return f && f.length ? f : undefined;
    });
    const session2 = lineOf(doc, 'A connection was accepted from 198.51.100.7');
    assert.ok(folds.some(f => f.start === 0 && f.end >= lineOf(doc, '221 2.0.0')), 'the first session folds');
    assert.ok(folds.some(f => f.start === session2), 'the second session folds');
    assert.ok(folds.some(f => f.start === lineOf(doc, '250-mail.contoso.example Hello [192.0.2.44]') && f.end === lineOf(doc, '250 OK')), 'the multi-line EHLO reply folds');
  });

  it('next / previous session move the cursor from session to session', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('smtpLog.nextSession');
    const second = lineOf(doc, 'A connection was accepted from 198.51.100.7');
    await until('the cursor on the second session', () => editor.selection.active.line === second);
    await vscode.commands.executeCommand('smtpLog.nextSession');
    await until('the cursor on the third session', () => editor.selection.active.line === lineOf(doc, 'A connection was accepted from 203.0.113.99'));
    await vscode.commands.executeCommand('smtpLog.previousSession');
    await until('the cursor back on the second session', () => editor.selection.active.line === second);
  });

  it('a transcript pasted into an untitled editor is recognised and explained', async () => {
    const text = await vscode.workspace.fs.readFile(workspaceFile('pasted-transcript.txt'));
    const untitled = await vscode.workspace.openTextDocument({ content: Buffer.from(text).toString('utf8') });
    await vscode.window.showTextDocument(untitled);
    assert.equal(await languageOf(untitled.uri), 'smtp-log');
    const d = vscode.workspace.textDocuments.find(x => x.uri.toString() === untitled.uri.toString())!;
    const h = await hoverText(d, '550 5.1.1', '550');
    assert.match(h, /RCPT TO:<nobody@example\.net>/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a transcript pasted into an empty untitled editor switches it to SMTP Log; a language the user picks stays', async () => {
    const text = Buffer.from(await vscode.workspace.fs.readFile(workspaceFile('pasted-transcript.txt'))).toString('utf8');
    // an untitled editor is empty when it opens: the language can only come from the paste
    const untitled = await vscode.workspace.openTextDocument({ content: '' });
    const editor = await vscode.window.showTextDocument(untitled);
    assert.equal(untitled.languageId, 'plaintext');
    await editor.edit(b => b.insert(new vscode.Position(0, 0), text));
    assert.equal(await languageOf(untitled.uri), 'smtp-log');
    const d = vscode.workspace.textDocuments.find(x => x.uri.toString() === untitled.uri.toString())!;
    assert.match(await hoverText(d, '550 5.1.1', '550'), /RCPT TO:<nobody@example\.net>/);
    // the user puts it back to Plain Text: further edits do not switch it again
    const plain = await vscode.languages.setTextDocumentLanguage(d, 'plaintext');
    const ed2 = await vscode.window.showTextDocument(plain);
    await ed2.edit(b => b.insert(new vscode.Position(0, 0), '<<< EHLO client.example.org\n>>> 250 mx.example.net\n'));
    await new Promise(r => setTimeout(r, 1500));
    assert.equal(vscode.workspace.textDocuments.find(x => x.uri.toString() === untitled.uri.toString())!.languageId, 'plaintext');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('restarting the language server keeps the features working', async () => {
    await vscode.commands.executeCommand('smtpLog.restartServer');
    const h = await hoverText(doc, '450 4.2.0', '450');
    assert.match(h, /temporar/i);
  });
});
