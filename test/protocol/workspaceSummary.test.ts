/**
 * The workspace summary over real JSON-RPC: a folder of two servers' rotated, gzipped postfix logs, bounces
 * and Exchange logs (test/helpers/trailFixtures.ts) summarised by the server as `smtp-log summary` summarises
 * the same folder; a number of it opens its lines across files, each pointing at its file's line; progress,
 * cancellation, and the web extension's server (no disk: the open documents).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { startServer, ROOT, type ServerUnderTest } from '../helpers/lspServer';
import { makeTrailFolder } from '../helpers/trailFixtures';
import { writeGeneratedFile } from '../bench/generate';

const folder = makeTrailFolder();
const uri = (rel: string): string => pathToFileURL(path.join(folder.dir, rel)).href;
let server: ServerUnderTest;

before(async () => { server = await startServer([], { workspaceFolders: [pathToFileURL(folder.dir).href], capabilities: { window: { workDoneProgress: false }, textDocument: {} } }); });
after(async () => { await server.stop(); fs.rmSync(folder.dir, { recursive: true, force: true }); });

function progressOf(token: string): { kind: string; percentage?: number }[] {
  const seen: { kind: string; percentage?: number }[] = [];
  server.conn.onProgress({ __: undefined, _pr: undefined } as never, token, (v: { kind: string; percentage?: number }) => { seen.push(v); });
  return seen;
}

/** The lines of a file on disk (gunzipped), as the engine counts them. */
function linesOf(fileUri: string): string[] {
  const raw = fs.readFileSync(fileURLToPath(fileUri));
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
  return text.split(/\r\n|\n|\r/);
}

test('a workspace summary the client cancels stops with RequestCancelled', async () => {
  const { CancellationTokenSource } = await import('vscode-jsonrpc');
  const src = new CancellationTokenSource();
  const p = server.conn.sendRequest('smtpLog/workspaceSummary', { workDoneToken: 'ws-cancel' }, src.token);
  src.cancel();
  await assert.rejects(p, (e: { code?: number }) => e.code === -32800);
});

test('smtpLog/workspaceSummary: the totals of every log and bounce of the folder equal smtp-log summary over the same folder; progress reported', async () => {
  const progress = progressOf('ws-1');
  const r: any = await server.conn.sendRequest('smtpLog/workspaceSummary', { workDoneToken: 'ws-1' });
  assert.equal(r.scope, 'disk');
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'summary', '--format', 'json', folder.dir], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(cli.status, 0, cli.stderr);
  const want = JSON.parse(cli.stdout);
  assert.deepEqual(r.summary.totals, want.totals);
  assert.ok(r.summary.totals.bounced > 0 && r.summary.totals.delivered > 0 && r.summary.totals.rejected > 0, JSON.stringify(r.summary.totals));
  // every file was read, the gzipped rotated ones too, each with its format
  const names = r.read.map((f: any) => f.name);
  for (const f of [folder.mxA.older, folder.mxA.newer, folder.mxB.older, folder.mxB.newer, 'exchange/SEND20261124-ex01.LOG', 'bounces/postfix-dsn-5.1.1-user-unknown.eml']) assert.ok(names.includes(f), `${f} in ${names.join(', ')}`);
  assert.equal(r.read.find((f: any) => f.name === folder.mxA.older).format, 'postfix');
  assert.equal(r.read.find((f: any) => f.name === 'bounces/postfix-dsn-5.1.1-user-unknown.eml').format, 'ndr');
  assert.equal(r.readCount, want.inputs.length);
  assert.equal(r.skippedCount, 0);
  // progress: begin, reports that only go forward, end
  for (let i = 0; i < 100 && progress[progress.length - 1]?.kind !== 'end'; i++) await new Promise(res => setTimeout(res, 10));
  assert.equal(progress[0]?.kind, 'begin');
  assert.equal(progress[progress.length - 1].kind, 'end');
  const pct = progress.filter(x => x.kind === 'report').map(x => x.percentage!);
  assert.ok(pct.length >= 2, `${pct.length} reports`);
  assert.deepEqual(pct, [...pct].sort((a, b) => a - b));
  assert.equal(pct[pct.length - 1], 100);
});

test('smtpLog/workspaceFilterView: a number of the workspace summary opens its lines in every file, each linked to a line with that text', async () => {
  const r: any = await server.conn.sendRequest('smtpLog/workspaceSummary', {});
  const v: any = await server.conn.sendRequest('smtpLog/workspaceFilterView', { filter: 'outcome:bounced' });
  // the lines opened are the lines counted
  assert.equal(v.count, r.summary.totals.bounced);
  assert.ok(v.files.length >= 2, v.files.join(' '));
  assert.ok(v.files.includes(uri(folder.mxA.older)), 'the gzipped rotated log');
  assert.ok(v.files.some((f: string) => f.endsWith('.eml')), 'a bounce');
  assert.equal(v.cut, false);
  const text = v.text.split('\n');
  assert.equal(text.length, v.lines.length);
  assert.equal(text.length, v.fileOf.length);
  const cache = new Map<string, string[]>();
  let shown = 0;
  for (let i = 0; i < text.length; i++) {
    if (v.fileOf[i] < 0) { assert.equal(text[i], ''); continue; }
    const file = v.files[v.fileOf[i]];
    if (v.lines[i] < 0) { assert.match(text[i], /^==> .+ <==$/); assert.ok(file.endsWith(text[i].slice(4, -4).split('/').map(encodeURIComponent).join('/')), `${text[i]} names ${file}`); continue; }
    if (!cache.has(file)) cache.set(file, linesOf(file));
    assert.equal(text[i], cache.get(file)![v.lines[i]], `view line ${i} is line ${v.lines[i] + 1} of ${file}`);
    shown++;
  }
  assert.ok(shown > 0 && shown <= v.count);
  // a top item: its filter's lines hold its first line
  const item = r.summary.reasons[0];
  const iv: any = await server.conn.sendRequest('smtpLog/workspaceFilterView', { filter: item.filter });
  assert.equal(iv.count, item.count);
  assert.ok(iv.files.some((f: string, fi: number) => f === item.file && iv.lines.some((l: number, i: number) => iv.fileOf[i] === fi && l === item.line)));
  await assert.rejects(server.conn.sendRequest('smtpLog/workspaceFilterView', { filter: 'nonsense:1' }), (e: { code?: number }) => e.code === -32602);
  assert.equal(server.stderr(), '');
});

test('without a disk (the web extension\'s server) the workspace summary covers the open SMTP documents, and says so', async () => {
  const b = await startServer([], { browser: true });
  try {
    const a = fs.readFileSync(path.join(ROOT, 'test/fixtures/generated/postfix-maillog-mx-a.log'), 'utf8');
    const bb = fs.readFileSync(path.join(ROOT, 'test/fixtures/generated/postfix-maillog-mx-b.log'), 'utf8');
    await b.open('file:///w/mx-a.log', 'smtp-log', a);
    await b.open('file:///w/mx-b.log', 'smtp-log', bb);
    const r: any = await b.conn.sendRequest('smtpLog/workspaceSummary', {});
    assert.equal(r.scope, 'open documents');
    assert.deepEqual(r.read.map((f: any) => f.uri).sort(), ['file:///w/mx-a.log', 'file:///w/mx-b.log']);
    assert.ok(r.notes.some((n: string) => /open SMTP logs/.test(n)));
    const one: any = await b.conn.sendRequest('smtpLog/summary', { uri: 'file:///w/mx-a.log' });
    const two: any = await b.conn.sendRequest('smtpLog/summary', { uri: 'file:///w/mx-b.log' });
    for (const k of ['connections', 'received', 'delivered', 'deferred', 'bounced', 'rejected', 'failures']) assert.equal(r.summary.totals[k], one.totals[k] + two.totals[k], k);
    const v: any = await b.conn.sendRequest('smtpLog/workspaceFilterView', { filter: 'failures' });
    assert.equal(v.scope, 'open documents');
    assert.equal(v.count, r.summary.totals.failures);
    const docs: Record<string, string[]> = { 'file:///w/mx-a.log': a.split('\n'), 'file:///w/mx-b.log': bb.split('\n') };
    v.text.split('\n').forEach((t: string, i: number) => { if (v.lines[i] >= 0) assert.equal(t, docs[v.files[v.fileOf[i]]][v.lines[i]]); });
  } finally { await b.stop(); }
});

test('an open document keeps answering while the workspace summary reads a large log', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-ws-big-'));
  const n = writeGeneratedFile('postfix', path.join(dir, 'mail.log'), 8);
  const s = await startServer([], { workspaceFolders: [pathToFileURL(dir).href], capabilities: { window: { workDoneProgress: false }, textDocument: {} } });
  try {
    const sample = fs.readFileSync(path.join(ROOT, 'samples/exchange-transcript.log'), 'utf8');
    const open = 'file:///tmp/open-beside-ws.log';
    await s.open(open, 'smtp-log', sample);
    const lines = sample.split('\n');
    const line = lines.findIndex(l => l.includes('550 5.1.1'));
    const seen: { kind: string }[] = [];
    s.conn.onProgress({ __: undefined, _pr: undefined } as never, 'ws-big', (v: { kind: string }) => { seen.push(v); });
    let done = false;
    const sum = s.conn.sendRequest('smtpLog/workspaceSummary', { workDoneToken: 'ws-big' }).then(r => { done = true; return r as any; });
    while (!seen.some(p => p.kind === 'report') && !done) await new Promise(r => setTimeout(r, 5));
    const h: any = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: open }, position: { line, character: lines[line].indexOf('550') + 1 } });
    assert.equal(done, false, 'the hover waited for the workspace summary to end');
    assert.match(h.contents.value, /550 5\.1\.1/);
    const r = await sum;
    assert.equal(r.readCount, 1);
    assert.equal(r.read[0].lines, n.lines);
    assert.equal(r.summary.totals.connections, n.sessions);
  } finally { await s.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('the workspace summary reads what the index\'s settings select (include globs, the byte cap) and lists what it left out', async () => {
  const s = await startServer([], { workspaceFolders: [pathToFileURL(folder.dir).href], capabilities: { workspace: { configuration: true }, window: { workDoneProgress: false }, textDocument: {} } });
  try {
    let settings: object = { workspaceIndex: { include: ['mx-a/**'] } };
    s.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    let r: any;
    for (let i = 0; i < 100 && r?.readCount !== 2; i++) { await new Promise(res => setTimeout(res, 20)); r = await s.conn.sendRequest('smtpLog/workspaceSummary', {}); }
    assert.deepEqual(r.read.map((f: any) => f.name), [folder.mxA.older, folder.mxA.newer], 'one rotated set, oldest first');
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'summary', '--format', 'json', path.join(folder.dir, 'mx-a')], { encoding: 'utf8' });
    assert.deepEqual(r.summary.totals, JSON.parse(cli.stdout).totals);
    // a byte cap of 0: nothing read, every file listed as left out, and the view says why
    settings = { workspaceIndex: { include: ['mx-a/**'], maxMegabytes: 0 } };
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    for (let i = 0; i < 100 && r?.readCount !== 0; i++) { await new Promise(res => setTimeout(res, 20)); r = await s.conn.sendRequest('smtpLog/workspaceSummary', {}); }
    assert.equal(r.readCount, 0);
    assert.equal(r.summary.totals.records, 0);
    assert.deepEqual(r.skipped.map((f: any) => f.name).sort(), [folder.mxA.newer, folder.mxA.older].sort());
    assert.ok(r.skipped.every((f: any) => /byte cap \(setting smtpLog\.workspaceIndex\.maxMegabytes\)/.test(f.reason)));
    assert.ok(r.notes.some((n: string) => /were left out \(setting smtpLog\.workspaceIndex\.maxMegabytes\)/.test(n)), r.notes.join(' '));
    const v: any = await s.conn.sendRequest('smtpLog/workspaceFilterView', { filter: 'failures' });
    assert.equal(v.text, '');
    assert.ok(v.notes.some((n: string) => /2 files over the byte cap were not searched/.test(n)), v.notes.join(' '));
  } finally { await s.stop(); }
});
