/**
 * Bounces in a real VS Code: an .eml delivery report switches to SMTP NDR by its content, each failed
 * recipient is a problem naming its reason, hovers explain Status: and Diagnostic-Code:, the outline
 * lists the report and its recipients.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnostics, extensionReady, hoverText, languageOf, open, symbols } from './helpers';

describe('bounce messages (NDRs) in a real editor', () => {
  before(extensionReady);

  it('an Exchange Online NDR saved as .eml opens as SMTP NDR; the failed recipient is an error with its reason', async () => {
    const doc = await open('bounce-exchange-online.eml');
    assert.equal(await languageOf(doc.uri), 'smtp-ndr');
    const d = await diagnostics(doc, 1);
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(d[0].message, /bert@fabrikam\.example\.net/);
    assert.match(d[0].message, /5\.1\.10/);
    assert.match(d[0].message, /userunknown/);
  });

  it('hover on Status: explains the code, the reason, hard or soft, and what to do', async () => {
    const doc = await open('bounce-exchange-online.eml');
    const h = await hoverText(doc, 'Status: 5.1.10', '5.1.10');
    assert.match(h, /5\.1\.10/);
    assert.match(h, /userunknown/);
    assert.match(h, /hard/i);
  });

  it('the outline lists the report and each recipient', async () => {
    const doc = await open('bounce-postfix.eml');
    assert.equal(await languageOf(doc.uri), 'smtp-ndr');
    const s = await symbols(doc);
    const report = s.find(x => /Bounce/.test(x.name));
    assert.ok(report, `symbols: ${s.map(x => x.name).join(' | ')}`);
    const names = report.children.map(c => c.name + ' ' + c.detail).join(' | ');
    assert.match(names, /nosuch1@b\.example\.test/);
    assert.match(names, /nosuch2@b\.example\.test/);
    assert.equal((await diagnostics(doc, 2)).length, 2);
  });
});
