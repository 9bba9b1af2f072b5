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

/** Clicks the row of the open quick pick whose label is exactly `label` (Enter would take the first fuzzy match). */
async function pickExact(page, label) {
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: 15000 });
  const texts = await rows.allInnerTexts();
  const i = texts.findIndex(t => t.split('\n')[0].trim() === label);
  await (i >= 0 ? rows.nth(i) : rows.filter({ hasText: label }).first()).click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15000 }).catch(() => undefined);
}

/** Runs the palette command whose label is exactly `label`. */
async function runExactCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill('>' + label);
  await pickExact(page, label);
}

async function openFile(page, name, waitForText) {
  await page.keyboard.press('Control+P');
  const qi = page.locator('.quick-input-widget .quick-input-box input');
  await qi.waitFor({ state: 'visible', timeout: 15000 });
  await qi.fill(name);
  // the file search of a busy machine can take a while the first time (it was seen to pass 15 s)
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 60000 });
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

/** Switches the colour theme through its picker, as a person would, waits for the repaint; true when the workbench took it. */
async function colorTheme(page, label, cssClass) {
  // Ctrl+K Ctrl+T (Preferences: Color Theme; typing its name in the palette may also list the Marketplace one first)
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 15000 });
  await input.fill(label);
  // the picker previews the focused theme: Enter only once the filtered list has focused ours
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor({ state: 'visible', timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator(`.monaco-workbench.${cssClass}`).waitFor({ state: 'attached', timeout: 15000 }).catch(() => undefined);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15000 }).catch(() => undefined);
  await page.waitForTimeout(1500); // the semantic tokens are re-coloured after the theme
  return page.evaluate(c => !!document.querySelector('.monaco-workbench')?.classList.contains(c), cssClass);
}

// WCAG contrast and CIE76 colour difference of two "rgb(r, g, b)" colours (as test/grammar/themeColours.test.ts)
const rgb = s => (/rgba?\((\d+), (\d+), (\d+)/.exec(s ?? '') ?? []).slice(1, 4).map(Number);
function contrast(a, b) {
  const lum = c => { const v = rgb(c).map(x => x / 255).map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
function deltaE(a, b) {
  const lab = c => {
    const [r, g, bl] = rgb(c).map(x => x / 255).map(x => x > 0.04045 ? ((x + 0.055) / 1.055) ** 2.4 : x / 12.92);
    const f = t => t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
    const X = f((0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047), Y = f(0.2126 * r + 0.7152 * g + 0.0722 * bl), Z = f((0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883);
    return [116 * Y - 16, 500 * (X - Y), 200 * (Y - Z)];
  };
  const p = lab(a), q = lab(b);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/**
 * Where the parts of the visible hover stand, in pixels from its top: VS Code's default box (the
 * problem message first, then the provider's markdown) scrolls what does not fit.
 */
async function hoverLayout(page) {
  return page.evaluate(() => {
    const hover = [...document.querySelectorAll('.monaco-hover')].find(h => h.offsetParent !== null && /Who acts/.test(h.textContent ?? ''));
    if (!hover) return null;
    const box = hover.getBoundingClientRect();
    const top = re => {
      const w = document.createTreeWalker(hover, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        if (re.test(n.textContent ?? '')) { const r = document.createRange(); r.selectNodeContents(n); return Math.round(r.getBoundingClientRect().top - box.top); }
      }
      return -1;
    };
    const p = hover.querySelector('.hover-contents p');
    return {
      height: Math.round(box.height), width: Math.round(box.width), lineHeight: p ? parseFloat(getComputedStyle(p).lineHeight) || 19 : 19,
      whoActs: top(/^Who acts/), checkFirst: top(/^Check first/), more: top(/^More$/),
      problem: top(/smtp-log\(/),
    };
  });
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
  // the problem message shows first and also names the RCPT: wait for the hover's own text (Who acts)
  const h = await hover(page, editor, '550 5.1.1 User unknown', '550', /Who acts/);
  check('hover on 550 explains it and names the RCPT it answers', /550 5\.1\.1/.test(h.text) && /RCPT TO:<carol@contoso\.example>/.test(h.text) && /Who acts/i.test(h.text), JSON.stringify(h.text.slice(0, 300)));
  await page.waitForTimeout(400);
  const layout = await hoverLayout(page);
  check('hover layout: the verdict, who acts and the first two checks show without scrolling in the default hover box; the rest is under More',
    !!layout && layout.whoActs >= 0 && layout.checkFirst >= 0 && layout.checkFirst + 2 * layout.lineHeight < layout.height && layout.more > layout.checkFirst,
    JSON.stringify(layout));
  await page.screenshot({ path: path.join(shots, 'hover.png') });
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  // the same hover in the light theme (the user settings file is watched: the theme changes live)
  check('the theme switches to Light Modern for the light screenshots', await colorTheme(page, 'Light Modern', 'vs'));
  await hover(page, editor, '550 5.1.1 User unknown', '550', /Who acts/);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(shots, 'hover-light.png') });
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await colorTheme(page, 'Dark Modern', 'vs-dark');

  // a transcript pasted into a new untitled editor (empty when it opens) becomes SMTP Log
  await runExactCommand(page, 'File: New Untitled Text File');
  await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).first().waitFor({ state: 'visible', timeout: 15000 });
  const untitled = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  await untitled.locator('.view-lines').first().click();
  const pasted = fs.readFileSync(path.join(ws, 'pasted-transcript.txt'), 'utf8');
  let how = 'clipboard';
  try {
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await page.evaluate(t => navigator.clipboard.writeText(t), pasted);
    await page.keyboard.press('Control+V');
    await untitled.locator('.view-line', { hasText: 'nobody@example.net' }).first().waitFor({ timeout: 5000 });
  } catch {
    how = 'typed input (no clipboard in this browser)';
    await page.keyboard.insertText(pasted);
  }
  const mode4 = await languageMode(page, 'SMTP Log');
  check(`a transcript pasted into an untitled editor becomes SMTP Log (${how})`, /SMTP Log/i.test(mode4), JSON.stringify(mode4));
  await runCommand(page, 'View: Revert and Close Editor');

  // colours that tell the truth (issue 14): a 2xx, a 4xx and a 5xx code and an address, as the editor paints
  // them (TextMate grammar, then the server's semantic tokens), are four colours that read on the background,
  // in the default dark and light themes; a screenshot of each for the README
  const showLines = async () => { // lines 37-67 in view: the 250, 550 and 450 and an address
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget .quick-input-box input').fill(':54');
    await page.keyboard.press('Enter');
    await editor.locator('.view-line', { hasText: '450 4.2.0' }).first().waitFor({ timeout: 15000 });
  };
  await showLines();
  const paintOf = (lineText, re) => editor.locator('.view-line', { hasText: lineText }).first().locator('span span', { hasText: re }).first()
    .evaluate(e => getComputedStyle(e).color, null, { timeout: 15000 }).catch(() => null);
  for (const [label, cssClass, shot] of [['Light Modern', 'vs', 'colours-light.png'], ['Dark Modern', 'vs-dark', 'colours-dark.png']]) {
    await colorTheme(page, label, cssClass);
    await showLines();
    await page.waitForTimeout(500);
    const got = {
      '2xx': await paintOf('250 2.1.5 bob@contoso.example', /^250$/),
      '4xx': await paintOf('450 4.2.0', /^450$/),
      '5xx': await paintOf('550 5.1.1 User unknown', /^550$/),
      address: await paintOf('RCPT TO:<carol@contoso.example>', /carol@contoso\.example/),
    };
    const bg = await editor.locator('.monaco-editor-background').first().evaluate(e => getComputedStyle(e).backgroundColor).catch(() => null);
    const keys = Object.keys(got);
    const close = keys.flatMap((a, i) => keys.slice(i + 1).filter(b => !got[a] || !got[b] || deltaE(got[a], got[b]) < 20).map(b => `${a}/${b}`));
    const faint = keys.filter(k => !got[k] || !bg || contrast(got[k], bg) < 4.5);
    check(`${label}: 2xx, 4xx, 5xx codes and an address are painted in four distinct colours, each >= 4.5:1 on the background`,
      close.length === 0 && faint.length === 0, `${JSON.stringify(got)} on ${bg}${close.length ? '; too close: ' + close.join(' ') : ''}${faint.length ? '; too faint: ' + faint.join(' ') : ''}`);
    await page.screenshot({ path: path.join(shots, shot) });
  }
  // bracket-pair colouring: ">>>" is not an unexpected closing bracket, "<" pairs with nothing
  const unexpected = await editor.locator('.view-line span[class*="unexpected-closing-bracket"]').count();
  check('no ">" or "<" painted as a bracket (bracket-pair colouring)', unexpected === 0 && await editor.locator('.view-line', { hasText: '>>> 550' }).first().locator('span[class*="bracket-highlighting"]').count() === 0, `unexpected closing brackets: ${unexpected}`);
  // back to the top, where the checks below expect the editor (no sticky-scroll header over line 1)
  await page.keyboard.press('Control+Home');
  await editor.locator('.view-line', { hasText: '8:02:10 AM : A connection was accepted' }).first().waitFor({ timeout: 15000 });

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

  // the message trail from a bounce: the workspace index joins it to both servers' logs; the view shows the hops
  await openFile(page, 'postfix-dsn-5.3.4-remote-552.eml', 'MAILER-DAEMON');
  await languageMode(page, 'SMTP NDR');
  await page.keyboard.press('Control+Home');
  await runCommand(page, 'SMTP Log: Show Message Trail');
  const trail = page.locator('.editor-instance .monaco-editor', { has: page.locator('.view-line', { hasText: 'Message trail of' }) }).first();
  await trail.locator('.view-line', { hasText: 'Proof' }).first().waitFor({ timeout: 60000 }).catch(() => undefined);
  const tlines = (await trail.locator('.view-line').allInnerTexts().catch(() => [])).map(t => t.replace(/\u00a0/g, ' '));
  check('Show Message Trail from a bounce opens the hops: received, bounced with its reply, the bounce file, with links to the lines',
    tlines.some(t => /mx-a +received +received from localhost/.test(t)) && tlines.some(t => /bounced .*\[postfix-maillog(?:-mx-a)?\.log:\d+\]/.test(t)) && tlines.some(t => /bounce-report/.test(t)),
    JSON.stringify(tlines.filter(t => /\[/.test(t)).slice(0, 8)));
  // the side bar out of the way, so the screenshot shows the bounce beside its trail
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(shots, 'trail.png') });
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  // the bounce and its trail closed: the next file opens in a single editor group
  await runExactCommand(page, 'View: Close All Editor Groups');
  // the Summary view of a day of a postfix log (samples/postfix-day.log): totals, a chart, top lists; a click on a bar opens the matching lines
  await openFile(page, 'postfix-day.log', 'postfix/');
  const status = page.locator('.statusbar-item', { hasText: 'SMTP:' }).first();
  await status.waitFor({ state: 'visible', timeout: 30000 }).catch(() => undefined);
  const statusText = (await status.innerText().catch(() => '')).trim();
  check('status bar: the failures of the active SMTP document', /SMTP: 5 bounced, 36 deferred, 10 rejected/.test(statusText), JSON.stringify(statusText));
  await runExactCommand(page, 'SMTP Log: Show Summary');
  let view;
  for (let i = 0; i < 60 && !view; i++) {
    for (const f of page.frames()) if (await f.locator('canvas#chart').count().catch(() => 0)) { view = f; break; }
    if (!view) await page.waitForTimeout(500);
  }
  check('SMTP Log: Show Summary opens the view with its chart', !!view);
  if (view) {
    const totals = (await view.locator('.totals').innerText().catch(() => '')).replace(/\s+/g, ' ');
    check('the summary gives the totals pflogsumm gives', /122 delivered/.test(totals) && /36 deferred/.test(totals) && /5 bounced/.test(totals) && /10 rejected/.test(totals), JSON.stringify(totals));
    const reasons = await view.locator('table').first().innerText().catch(() => '');
    check('the top failure reasons carry their verdict and who acts', /4\.4\.1 The destination refused/.test(reasons) && /Who acts/.test(reasons), JSON.stringify(reasons.slice(0, 200)));
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(shots, 'summary-dark.png') });
    // the same view in a light theme, chosen as a person would: the theme picker
    try {
      check('the summary follows a light theme', await colorTheme(page, 'Light Modern', 'vs'));
      await page.mouse.move(5, 5);
      await page.screenshot({ path: path.join(shots, 'summary-light.png') });
      await colorTheme(page, 'Dark Modern', 'vs-dark');
    } catch (e) {
      check('the summary follows a light theme (theme picker)', false, String(e?.message ?? e).split('\n')[0]);
      await page.keyboard.press('Escape');
    }
    // a click on the bounced part of the bar
    const bars = JSON.parse((await view.locator('canvas#chart').getAttribute('data-bars').catch(() => null)) ?? '[]');
    const bar = bars.find(b => b.filter.startsWith('outcome:bounced'));
    check('the chart draws a bar of bounced deliveries', !!bar, JSON.stringify(bars.slice(0, 4)));
    if (bar) {
      await view.locator('canvas#chart').click({ position: { x: bar.x, y: bar.y } });
      const tab = page.locator('.tab', { hasText: /^Bounced/ }).first();
      await tab.waitFor({ state: 'visible', timeout: 30000 }).catch(() => undefined);
      const lines = await page.locator('.editor-group-container.active .monaco-editor .view-line').allInnerTexts().catch(() => []);
      const texts = lines.map(l => l.replace(/\u00a0/g, ' ')).filter(l => l.trim());
      check('a click on a bar lands on the matching lines (a filtered view: every line a bounce)', texts.length >= 1 && texts.every(l => /status=bounced/.test(l)), JSON.stringify(texts.map(t => t.slice(0, 120))));
      await page.screenshot({ path: path.join(shots, 'summary-filter.png') });
    }
  }

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
  // the Summary view in the web extension (the same webview script, from the extension's location)
  await runExactCommand(page, 'SMTP Log: Show Summary');
  let webView;
  for (let i = 0; i < 60 && !webView; i++) {
    for (const f of page.frames()) if (await f.locator('.totals').count().catch(() => 0)) { webView = f; break; }
    if (!webView) await page.waitForTimeout(500);
  }
  const webTotals = webView ? (await webView.locator('.totals').innerText().catch(() => '')).replace(/\s+/g, ' ') : '';
  check('web extension: the Summary view opens with its totals and chart', /3 rejected/.test(webTotals) && !!(await webView?.locator('canvas#chart').count()), JSON.stringify(webTotals));
  await runCommand(page, 'View: Close Editor').catch(() => page.keyboard.press('Escape'));
  await runCommand(page, 'SMTP Log: Show Language Server Output');
  let output = '';
  for (let i = 0; i < 20 && !/running: web worker/.test(output); i++) {
    await page.waitForTimeout(500);
    output = (await page.locator('.part.panel .view-lines').allInnerTexts().catch(() => [])).join('\n').replace(/\u00a0/g, ' ');
  }
  check('web extension: the language server runs in a web worker', /running: web worker/.test(output), JSON.stringify(output.split('\n').find(l => /running/.test(l)) ?? output.slice(0, 200)));
  log('web extension checks finished');
}

