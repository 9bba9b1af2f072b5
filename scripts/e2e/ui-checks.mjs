// Browser checks of the installed VSIX in code-server, done the way a person would: through the DOM of
// the workbench (no private APIs). Called by scripts/e2e/run.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill('>' + label);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15000 }).catch(() => undefined);
}

async function openFile(page, name, waitForText) {
  await page.keyboard.press('Control+P');
  const qi = page.locator('.quick-input-widget .quick-input-box input');
  await qi.waitFor({ state: 'visible', timeout: 15000 });
  await qi.fill(name);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15000 });
  await page.keyboard.press('Enter');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: waitForText }).first().waitFor({ timeout: 30000 });
  return editor;
}

async function languageMode(page, want) {
  await page.waitForFunction(w => new RegExp(w, 'i').test(document.getElementById('status.editor.mode')?.textContent ?? ''), want, { timeout: 30000 }).catch(() => undefined);
  return (await page.locator('#status\\.editor\\.mode').textContent().catch(() => '')).trim();
}

/** Hovers the first token whose text is `tokenText` on the view line containing `lineText`; returns the hover widget's text. */
async function hover(page, editor, lineText, tokenText, expect) {
  const tok = editor.locator('.view-line', { hasText: lineText }).first().locator('span span', { hasText: new RegExp(`^${tokenText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();
  await tok.waitFor({ timeout: 15000 });
  let text = '';
  for (let attempt = 0; attempt < 8 && !expect.test(text); attempt++) {
    await page.mouse.move(5, 5);
    await tok.hover();
    const w = page.locator('.monaco-hover .monaco-hover-content, .monaco-hover .hover-contents').filter({ hasText: expect }).first();
    try { await w.waitFor({ state: 'visible', timeout: 5000 }); text = (await w.innerText()).trim(); } catch { /* the server may still be starting */ }
  }
  return { text, tok };
}

export async function runUiChecks({ ctx, url, ws, shots, check, log }) {
  const page = ctx.pages()[0] || await ctx.newPage();
  await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'exchange-transcript.log' }).first().waitFor({ state: 'visible', timeout: 60000 });
  check('workbench loaded with the sample logs', true);
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);

  // a .log file recognised by its content
  const editor = await openFile(page, 'exchange-transcript.log', 'User unknown');
  const mode = await languageMode(page, 'SMTP Log');
  check('a .log transcript opens as SMTP Log (content sniffing)', /SMTP Log/i.test(mode), JSON.stringify(mode));

  // colours: <<< and >>> differ, and the 550 is a token of its own with another colour than the text around it
  const classOf = async (lineText, tokenText) => editor.locator('.view-line', { hasText: lineText }).first()
    .locator('span span', { hasText: new RegExp(`^${tokenText.replace(/[<>]/g, m => m)}$`) }).first().getAttribute('class', { timeout: 15000 }).catch(() => null);
  const recv = await classOf('RCPT TO:<carol@contoso.example>', '<<<');
  const sent = await classOf('550 5.1.1 User unknown', '>>>');
  check('TextMate colours: <<< (received) and >>> (sent) differ', !!recv && !!sent && recv !== sent, `<<< ${recv}, >>> ${sent}`);
  const c550 = await classOf('550 5.1.1 User unknown', '550');
  const c250 = await classOf('250 2.1.0 newsletter@tailspin.example', '250');
  check('TextMate colours: a 5xx and a 2xx reply code differ', !!c550 && !!c250 && c550 !== c250, `550 ${c550}, 250 ${c250}`);

  // the hover on a 550, from the language server
  const h = await hover(page, editor, '550 5.1.1 User unknown', '550', /RCPT TO:<carol@contoso\.example>/);
  check('hover on 550 explains it and names the RCPT it answers', /550 5\.1\.1/.test(h.text) && /RCPT TO:<carol@contoso\.example>/.test(h.text) && /Who acts/i.test(h.text), JSON.stringify(h.text.slice(0, 300)));
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(shots, 'hover.png') });
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // Problems panel
  await runCommand(page, 'View: Focus Problems');
  const problems = page.locator('.markers-panel .monaco-list-row');
  await problems.filter({ hasText: '450 4.2.0' }).first().waitFor({ state: 'visible', timeout: 30000 }).catch(() => undefined);
  const ptexts = await problems.allInnerTexts();
  check('Problems panel lists the 550s as errors and the 450 as a warning', ptexts.some(t => /550 5\.1\.1/.test(t)) && ptexts.some(t => /450 4\.2\.0/.test(t)), JSON.stringify(ptexts.slice(0, 5).map(t => t.slice(0, 90))));
  await page.screenshot({ path: path.join(shots, 'problems.png') });
  await runCommand(page, 'View: Toggle Panel Visibility');

  // Outline view
  await runCommand(page, 'Explorer: Focus on Outline View');
  await page.locator('.outline-pane .monaco-list-row', { hasText: 'relay.fabrikam.example 2001-04-02 08:12:30' }).first().waitFor({ state: 'visible', timeout: 30000 }).catch(() => undefined);
  const outline = await page.locator('.outline-pane .monaco-list-row .label-name').allInnerTexts();
  check('Outline lists the sessions with host, date and time, and outcome', outline.includes('192.0.2.44 relay.fabrikam.example 2001-04-02 08:02:10 - delivered') && outline.some(o => /203\.0\.113\.99 unknown-host 2001-04-02 08:07:03 - 550 5\.7\.1 rejected/.test(o)), JSON.stringify(outline.slice(0, 6)));

  // folding: Fold All collapses sessions
  await editor.locator('.view-line').first().click();
  await page.keyboard.press('Control+Home');
  const before = await editor.locator('.view-line').count();
  await runCommand(page, 'Fold All');
  await editor.locator('.margin .codicon-folding-collapsed').first().waitFor({ state: 'attached', timeout: 15000 }).catch(() => undefined);
  const collapsed = await editor.locator('.margin .codicon-folding-collapsed').count();
  const after = await editor.locator('.view-line').count();
  check('Fold All folds the sessions', collapsed >= 5 && after < before, `collapsed markers ${collapsed}, visible lines ${before} -> ${after}`);
  await page.screenshot({ path: path.join(shots, 'outline.png') });
  await runCommand(page, 'Unfold All');

  // an interleaved Exchange Receive protocol log: recognised by its name, outline by session
  await openFile(page, 'RECV2024030408-1.LOG', 'Default Frontend');
  const mode2 = await languageMode(page, 'SMTP Log');
  check('an Exchange RECV*.LOG opens as SMTP Log', /SMTP Log/i.test(mode2), JSON.stringify(mode2));
  await page.locator('.outline-pane .monaco-list-row', { hasText: '550 5.1.10' }).first().waitFor({ state: 'visible', timeout: 30000 }).catch(() => undefined);
  const outline2 = await page.locator('.outline-pane .monaco-list-row .label-name').allInnerTexts();
  check('Outline regroups the interleaved rows into sessions', outline2.filter(o => / - /.test(o)).length >= 5 && outline2.some(o => /550 5\.1\.10/.test(o)), JSON.stringify(outline2.slice(0, 6)));
  await page.screenshot({ path: path.join(shots, 'exchange.png') });

  // a postfix maillog: the breadcrumbs above a delivery line name its connection, its message and the delivery
  const pf = await openFile(page, 'postfix-maillog.log', 'starting the Postfix mail system');
  const sentLine = fs.readFileSync(path.join(ws, 'postfix-maillog.log'), 'utf8').split(/\r?\n/).findIndex(l => l.includes('38AD420C5BC: to=<bob@b.example.test>')) + 1;
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').fill(':' + sentLine);
  await page.keyboard.press('Enter');
  await pf.locator('.view-line', { hasText: '38AD420C5BC: to=<bob@b.example.test>' }).first().waitFor({ timeout: 15000 });
  const crumbs = page.locator('.breadcrumbs-control .monaco-breadcrumb-item');
  await crumbs.filter({ hasText: '38AD420C5BC' }).first().waitFor({ state: 'visible', timeout: 30000 }).catch(() => undefined);
  const crumbTexts = (await crumbs.allInnerTexts()).map(t => t.trim());
  check('breadcrumbs of a postfix delivery: connection > message (date and seconds) > delivery',
    crumbTexts.some(t => t.includes('localhost[127.0.0.1] (smtpd[12948]) Nov 24 12:57:28 - delivered')) && crumbTexts.some(t => t.includes('38AD420C5BC Nov 24 12:57:28 - delivered')) && crumbTexts.some(t => t.includes('delivery to <bob@b.example.test> via virtual')),
    JSON.stringify(crumbTexts));
  await page.screenshot({ path: path.join(shots, 'breadcrumbs.png') });

  // a bounce saved as .eml: SMTP NDR by content, hover on the Status: code
  const ndr = await openFile(page, 'bounce-postfix.eml', 'MAILER-DAEMON');
  const mode3 = await languageMode(page, 'SMTP NDR');
  check('a bounce .eml opens as SMTP NDR (content sniffing)', /SMTP NDR/i.test(mode3), JSON.stringify(mode3));
  const statusLine = fs.readFileSync(path.join(ws, 'bounce-postfix.eml'), 'utf8').split(/\r?\n/).findIndex(l => l.startsWith('Status: 5.1.1')) + 1;
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').fill(':' + statusLine);
  await page.keyboard.press('Enter');
  await ndr.locator('.view-line', { hasText: 'Status: 5.1.1' }).first().waitFor({ timeout: 15000 });
  const hb = await hover(page, ndr, 'Status: 5.1.1', '5.1.1', /userunknown/);
  check('hover on a bounce Status: gives the reason, hard or soft', /userunknown/.test(hb.text) && /hard/i.test(hb.text), JSON.stringify(hb.text.slice(0, 300)));
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(shots, 'bounce.png') });

  // the installed extension's page: name, icon (loaded from the VSIX), README; saved as a screenshot
  await runCommand(page, 'Extensions: Show Enabled Extensions');
  const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'SMTP Log Analyzer' }).first();
  await row.waitFor({ state: 'visible', timeout: 30000 });
  await row.click();
  const header = page.locator('.extension-editor .header');
  await header.waitFor({ state: 'visible', timeout: 30000 });
  const name = (await header.locator('.name').first().innerText().catch(() => '')).trim();
  await page.waitForFunction(() => { const i = document.querySelector('.extension-editor .header .icon'); return i && i.complete && i.naturalWidth > 0; }, null, { timeout: 15000 }).catch(() => undefined);
  const icon = await page.evaluate(() => { const i = document.querySelector('.extension-editor .header .icon'); return i ? { w: i.naturalWidth, src: i.getAttribute('src') ?? '' } : undefined; });
  check('the extension page shows the name and the 128 px icon from the VSIX', name === 'SMTP Log Analyzer' && icon?.w === 128, JSON.stringify({ name, icon }));
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(shots, 'extension-page.png') });
  log('UI checks finished');
}

/**
 * The web extension (run.mjs forces it into the browser's web worker extension host): a log opened
 * from the workspace gets its language, a hover from the server, and the server says it runs in a web
 * worker (its log in the output channel).
 */
export async function runWebChecks({ ctx, url, ws, shots, check, log }) {
  const page = ctx.pages()[0] || await ctx.newPage();
  await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'exchange-transcript.log' }).first().waitFor({ state: 'visible', timeout: 60000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
  const editor = await openFile(page, 'exchange-transcript.log', 'User unknown');
  const mode = await languageMode(page, 'SMTP Log');
  check('web extension: a .log transcript opens as SMTP Log (content sniffing in the web worker host)', /SMTP Log/i.test(mode), JSON.stringify(mode));
  const h = await hover(page, editor, '550 5.1.1 User unknown', '550', /RCPT TO:<carol@contoso\.example>/);
  check('web extension: hover on 550 from the server in a web worker', /RCPT TO:<carol@contoso\.example>/.test(h.text), JSON.stringify(h.text.slice(0, 200)));
  await page.screenshot({ path: path.join(shots, 'web-hover.png') });
  await page.mouse.move(5, 5);
  await runCommand(page, 'SMTP Log: Show Language Server Output');
  let output = '';
  for (let i = 0; i < 20 && !/running: web worker/.test(output); i++) {
    await page.waitForTimeout(500);
    output = (await page.locator('.part.panel .view-lines').allInnerTexts().catch(() => [])).join('\n').replace(/\u00a0/g, ' ');
  }
  check('web extension: the language server runs in a web worker', /running: web worker/.test(output), JSON.stringify(output.split('\n').find(l => /running/.test(l)) ?? output.slice(0, 200)));
  log('web extension checks finished');
}

