/** The commands a user needs are where they look: the editor's context menu and title bar, the Explorer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));

test('session commands in the editor context menu and title bar of SMTP logs; Analyze Large Log File in the Explorer', () => {
  const menus = pkg.contributes.menus as Record<string, { command: string; when?: string }[]>;
  const where = (menu: string) => (menus[menu] ?? []).map(x => x.command);
  for (const c of ['smtpLog.showSessionTranscript', 'smtpLog.nextSession', 'smtpLog.previousSession']) assert.ok(where('editor/context').includes(c), `${c} in the editor context menu`);
  for (const c of ['smtpLog.nextSession', 'smtpLog.previousSession']) {
    assert.ok(where('editor/title').includes(c), `${c} in the editor title`);
    assert.ok(pkg.contributes.commands.find((x: { command: string; icon?: string }) => x.command === c)?.icon, `${c} has an icon for the title bar`);
  }
  for (const m of ['editor/context', 'editor/title']) for (const x of menus[m]) assert.match(x.when ?? '', /editorLangId == smtp-log/, `${m} ${x.command} only for SMTP logs`);
  assert.ok(where('explorer/context').includes('smtpLog.analyzeLargeFile'));
});
