/**
 * Interleaved Exchange 2007+ protocol logs in a real VS Code: files named like Exchange's own
 * (RECV*.LOG, SEND*.LOG) open as SMTP Log; the outline regroups rows by session id; a `<` row in a
 * Send log is the remote's reply; "Show Session Transcript" opens one session as its own document.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnostics, extensionReady, hoverText, languageOf, lineOf, open, symbols, until } from './helpers';

describe('Exchange protocol logs in a real editor', () => {
  before(extensionReady);

  it('a Receive log is SMTP Log by its name, and its outline has one entry per session-id', async () => {
    const doc = await open('RECV2024030408-1.LOG');
    assert.equal(await languageOf(doc.uri), 'smtp-log');
    const s = await symbols(doc);
    assert.equal(s.length, 5, `sessions: ${s.map(x => x.name).join(' | ')}`);
    assert.match(s[0].name, /198\.51\.100\.7/);
    assert.match(s[1].name, /550 5\.1\.10/);
    // children in sequence order: the pipelined RCPT of session 2 with its own reply
    const ghost = s[1].children.find(c => /RCPT TO:<ghost@contoso\.example>/.test(c.name));
    assert.ok(ghost, `children: ${s[1].children.map(c => c.name).join(' | ')}`);
    assert.match(ghost.detail, /550 5\.1\.10/);
  });

  it('problems in a Receive log: 5xx errors and the 452 back-pressure warning', async () => {
    const doc = await open('RECV2024030408-1.LOG');
    const d = await diagnostics(doc, 4);
    const codes = d.map(x => String(x.code)).sort();
    assert.deepEqual(codes, ['452 4.3.1', '535 5.7.3', '550 5.1.10', '550 5.7.54']);
    assert.equal(d.find(x => String(x.code) === '452 4.3.1')!.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('a Send log: the "attempting to connect" rows belong to their sessions (3 sessions, not 6), with dates and durations', async () => {
    const doc = await open('SEND2024030409-1.LOG');
    const s = await symbols(doc);
    assert.deepEqual(s.map(x => `${x.name} [${x.detail}]`), [
      'to 203.0.113.25:25 2024-03-04 09:12:00 - delivered [930 ms, 20 lines · TLSv1.2 (CALG_AES_256)]',
      'to 198.51.100.60:25 2024-03-04 09:12:00 - 451 4.7.1 deferred [537 ms, 14 lines]',
      'to 203.0.113.77:25 2024-03-04 09:12:00 - 554 5.7.1 rejected [312 ms, 6 lines]',
    ]);
  });

  it('hover on a < reply in a Send log: the remote\'s reply to our RCPT', async () => {
    const doc = await open('SEND2024030409-1.LOG');
    assert.equal(await languageOf(doc.uri), 'smtp-log');
    const h = await hoverText(doc, '451 4.7.1 <frank@adventure-works.example>', '451');
    assert.match(h, /451 4\.7\.1/);
    assert.match(h, /RCPT TO:<frank@adventure-works\.example>/);
    assert.match(h, /temporar/i);
  });

  it('Show Session Transcript opens the lines of one session as an SMTP Log document linking back', async () => {
    const doc = await open('RECV2024030408-1.LOG');
    const editor = await vscode.window.showTextDocument(doc);
    const line = lineOf(doc, 'RCPT TO:<ghost@contoso.example>');
    editor.selection = new vscode.Selection(line, 0, line, 0);
    await vscode.commands.executeCommand('smtpLog.showSessionTranscript');
    const t = await until('the transcript document', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d && d.uri.scheme === 'smtp-log-transcript' ? d : undefined;
    });
    assert.equal(t.languageId, 'smtp-log');
    const rows = t.getText().split(/\r?\n/).filter(l => /^\d{4}-/.test(l));
    assert.ok(rows.length >= 10, `transcript rows: ${rows.length}`);
    assert.ok(rows.every(r => r.includes(',08DC3C1E8A2B7F02,')), 'only the rows of that session');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', t.uri);
    assert.ok(links.length >= rows.length, 'each line links back to the original');
    const h = await hoverText(t, '550 5.1.10', '550');
    assert.match(h, /RCPT TO:<ghost@contoso\.example>/);
    // the original already reports these failures: the view adds none to the Problems panel
    assert.ok((await diagnostics(doc)).length > 0, 'the original log has its problems');
    await new Promise(r => setTimeout(r, 500));
    assert.deepEqual(vscode.languages.getDiagnostics(t.uri), [], 'no duplicate problems from the transcript view');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
