/**
 * Other editors: headless Neovim (Debian 12 ships 0.7.2; 0.10+ elsewhere) with the README's snippet,
 * editors/neovim/smtp-log.lua, and the built server over stdio. test/neovim/check.lua opens a sample
 * under a conventional name, waits for the client and writes what a user would see. Skipped, with the
 * reason, when `nvim` is not installed (`.ci/run` installs Debian's neovim).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers/lspServer';

const NVIM = process.env.NVIM_BIN || 'nvim';
const version = spawnSync(NVIM, ['--version'], { encoding: 'utf8' });
const skip = version.status === 0 ? false : `SKIPPED: no ${NVIM} on the PATH (Debian: apt-get install neovim; or set NVIM_BIN)`;
if (skip) console.log(`[neovim] ${skip}`);

/** conventional names -> the filetype the snippet must give them (everything else keeps Neovim's own) */
const NAMES: Record<string, string> = {
  'var/log/mail.log': 'smtp-log', 'var/log/mail.log.1': 'smtp-log', 'var/log/mail.log-20240301': 'smtp-log',
  'var/log/maillog': 'smtp-log', 'var/log/maillog.2': 'smtp-log', 'var/log/mail.err': 'smtp-log', 'var/log/mail.warn': 'smtp-log',
  'var/log/exim4/mainlog': 'smtp-log', 'var/log/exim4/mainlog.1': 'smtp-log', 'var/log/exim4/rejectlog': 'smtp-log', 'var/log/exim4/paniclog': 'smtp-log',
  'Exchange/TransportRoles/Logs/FrontEnd/ProtocolLog/SmtpReceive/RECV2024030408-1.LOG': 'smtp-log',
  'logs/SEND2024030409-1.LOG': 'smtp-log', 'logs/MSGTRK2024030509-1.LOG': 'smtp-log', 'logs/MSGTRKMS2024030509-1.LOG': 'smtp-log',
  'logs/recv2024030408-1.log': 'smtp-log', 'inetpub/logs/SMTPSVC1/ex240305.log': 'smtp-log',
  'capture.smtplog': 'smtp-log', 'bounce.ndr': 'smtp-ndr', 'report.dsn': 'smtp-ndr',
  'var/log/syslog': 'messages', 'notes.txt': 'text',
};

test('Neovim with the README snippet: filetypes, diagnostics, hover and outline from the server', { skip, timeout: 120000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-log-nvim-'));
  fs.mkdirSync(path.join(tmp, 'var/log'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'samples/postfix-maillog.log'), path.join(tmp, 'var/log/mail.log'));
  fs.copyFileSync(path.join(ROOT, 'samples/bounce-postfix.eml'), path.join(tmp, 'bounce.eml'));
  fs.writeFileSync(path.join(tmp, 'hello.eml'), 'From: a@example.test\nTo: b@example.test\nSubject: lunch\n\nSee you at noon.\n');
  const existing: Record<string, string> = { 'bounce.eml': 'smtp-ndr', 'hello.eml': 'mail' };
  const out = path.join(tmp, 'result.json');
  const r = spawnSync(NVIM, ['--headless', '--clean', '-c', `luafile ${path.join(ROOT, 'test/neovim/check.lua')}`], {
    encoding: 'utf8', timeout: 100000, cwd: tmp,
    env: { ...process.env, SMTP_LOG_ROOT: ROOT, SMTP_LOG_OUT: out, SMTP_LOG_TMP: tmp, SMTP_LOG_NODE: process.execPath, SMTP_LOG_NAMES: Object.keys(NAMES).join('\n'), SMTP_LOG_EXISTING: Object.keys(existing).join('\n') },
  });
  assert.ok(fs.existsSync(out), `nvim wrote no result (exit ${r.status}): ${r.stderr}${r.stdout}`);
  const res = JSON.parse(fs.readFileSync(out, 'utf8'));
  console.log(`[neovim] ${version.stdout.split('\n')[0]}: ${res.diagnostics?.length} diagnostics, ${res.symbols?.length} symbols, ${res.hover?.length} hover lines`);
  assert.deepEqual(res.errors, []);
  for (const [name, ft] of Object.entries({ ...NAMES, ...existing })) assert.equal(res.filetypes[name], ft, name);
  assert.equal(res.filetype, 'smtp-log');
  assert.equal(res.attached, true, 'the language client attached');
  if (res.server_info) assert.equal(res.server_info.name, 'smtp-log-language-server'); // 0.7 keeps no serverInfo
  // diagnostics: the 5xx rejects are errors (severity 1), the greylisting a warning (2)
  const msgs = res.diagnostics.map((d: { severity: number; message: string }) => `${d.severity} ${d.message.slice(0, 9)}`);
  assert.ok(msgs.includes('1 550 5.1.1'), msgs.join('\n'));
  assert.ok(msgs.includes('1 554 5.7.1'), msgs.join('\n'));
  assert.ok(msgs.includes('2 450 4.2.0'), msgs.join('\n'));
  // the hover as the hover window shows it: the explanation, and no markdown escapes a reader would see
  const hover = res.hover.join('\n');
  assert.match(hover, /550 5\.1\.1/);
  assert.match(hover, /RCPT TO:<nosuch@b\.example\.test>/);
  assert.match(hover, /virtual_mailbox_maps/);
  assert.doesNotMatch(hover, /\\[().#+!{}|-]|[A-Za-z]\\_[A-Za-z]/, hover);
  // the outline: sessions with host and outcome
  assert.ok(res.symbols.length >= 5, JSON.stringify(res.symbols));
  assert.ok(res.symbols.some((s: string) => /550 5\.1\.1/.test(s)), JSON.stringify(res.symbols));
  if (res.semantic_token_count !== undefined) {
    assert.ok(res.semantic_token_count > 100);
    assert.equal(res.permanent_hl, 1);
  }
});
