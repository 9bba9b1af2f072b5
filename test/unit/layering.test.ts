/** The folders show the architecture: the core knows no editor, the client knows no SMTP internals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p)); else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(m => m[1]);
}

test('server/src/core imports no editor, LSP runtime or Node module', () => {
  for (const f of sources(path.join(ROOT, 'server/src/core'))) {
    for (const i of imports(f)) {
      const src = fs.readFileSync(f, 'utf8');
      const typeOnly = new RegExp(`import type [^;]*['"]${i.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"]`).test(src);
      assert.ok(!/^(vscode|vscode-languageserver|vscode-languageclient|node:|fs|path|child_process)$/.test(i) || (i === 'vscode-languageserver-textdocument' && typeOnly),
        `${path.relative(ROOT, f)} imports ${i}`);
      assert.ok(i !== 'vscode-languageserver-textdocument' || typeOnly, `${path.relative(ROOT, f)}: value import of ${i}`);
    }
  }
});

test('the client imports only vscode, the language client, the protocol and the core sniffer', () => {
  for (const f of sources(path.join(ROOT, 'client/src'))) {
    for (const i of imports(f)) {
      if (i.startsWith('.') && !i.includes('server/')) continue;
      assert.ok(['vscode', 'vscode-languageclient', 'vscode-languageclient/node', 'vscode-languageclient/browser', 'node:fs', '../../server/src/protocol', '../../server/src/core/detect/sniff', '../../../server/src/core/detect/sniff'].includes(i),
        `${path.relative(ROOT, f)} imports ${i}`);
    }
  }
});

test('the web extension: only the Node entries touch Node (the disk, the node language client)', () => {
  const nodeOnly = new Set(['client/src/extension.ts', 'client/src/languageClient.ts', 'client/src/largeFiles.ts', 'server/src/node/main.ts', 'server/src/node/analyzeWorker.ts', 'server/src/node/files.ts', 'server/src/main.ts']);
  for (const dir of ['client/src', 'server/src']) {
    for (const f of sources(path.join(ROOT, dir))) {
      const rel = path.relative(ROOT, f).split(path.sep).join('/');
      if (nodeOnly.has(rel) || rel.startsWith('server/src/cli/') || rel.startsWith('server/src/core/')) continue;
      for (const i of imports(f)) {
        assert.ok(!/^(node:|path$|fs$|os$|child_process$|vscode-languageserver\/node|vscode-languageclient\/node)/.test(i), `${rel} imports ${i}`);
        assert.ok(!(i.endsWith('/largeFiles') || i.endsWith('./largeFiles')), `${rel} imports the large-file view (it needs the disk)`);
      }
      const code = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      assert.ok(!/\b(process|Buffer|require|__dirname)\b\s*[.(]/.test(code), `${rel} uses a Node global`);
    }
  }
});

test('the server shell and the CLI reach the core only through its facade', () => {
  for (const f of sources(path.join(ROOT, 'server/src')).filter(f => !f.includes(`${path.sep}core${path.sep}`))) {
    for (const i of imports(f)) {
      if (i.includes('/core/') || i.startsWith('./core')) assert.match(i, /core\/smtpLanguageService$/, `${path.relative(ROOT, f)} imports ${i}`);
    }
  }
});
