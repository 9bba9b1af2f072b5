/** The workspace index and the trail over real JSON-RPC: a folder of rotated, gzipped postfix logs, bounces and Exchange logs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../helpers/lspServer';
import { makeTrailFolder } from '../helpers/trailFixtures';

const folder = makeTrailFolder();
const uri = (rel: string): string => pathToFileURL(path.join(folder.dir, rel)).href;

async function indexed(s: { log(): string }): Promise<void> {
  for (let i = 0; i < 300 && !/workspace index: [1-9]\d* files/.test(s.log()); i++) await new Promise(r => setTimeout(r, 50));
  assert.match(s.log(), /workspace index: [1-9]\d* files/);
}

test('references on a bounce\'s X-Postfix-Queue-ID return the maillog lines (in the gzipped rotated file too); definition; workspace symbols; trail', async () => {
  const s = await startServer([], { workspaceFolders: [pathToFileURL(folder.dir).href], capabilities: { window: { workDoneProgress: false }, textDocument: {} } });
  try {
    await indexed(s);
    const bounce = 'bounces/postfix-dsn-5.1.1-user-unknown.eml';
    const text = fs.readFileSync(path.join(folder.dir, bounce), 'utf8');
    await s.open(uri(bounce), 'smtp-ndr', text);
    const lines = text.split('\n');
    const li = lines.findIndex(l => l.startsWith('X-Postfix-Queue-ID: D40DC20C5D0'));
    const refs = await s.conn.sendRequest('textDocument/references', { textDocument: { uri: uri(bounce) }, position: { line: li, character: 22 }, context: { includeDeclaration: true } }) as any[];
    const inLog = refs.filter(r => r.uri === uri(folder.mxA.older));
    // D40DC20C5D0 is on lines 22-37 of mx-a's log (all in the older, gzipped part): every line that carries it
    const want = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/generated/postfix-maillog-mx-a.log'), 'utf8').split('\n').map((l, i) => (l.includes('D40DC20C5D0') ? i : -1)).filter(i => i >= 0);
    assert.deepEqual(inLog.map(r => r.range.start.line), want);
    assert.ok(inLog.every(r => r.range.end.character - r.range.start.character === 'D40DC20C5D0'.length));
    assert.ok(refs.some(r => r.uri === uri('bounces/postfix-dsn-postmaster-copy-5.1.1.eml')), 'the other bounce of the same message');

    // Go to Definition on the next-hop id in mx-a's log: the first line of that message in mx-b's log
    const aNewer = fs.readFileSync(path.join(folder.dir, folder.mxA.newer), 'utf8');
    await s.open(uri(folder.mxA.newer), 'smtp-log', aNewer);
    const al = aNewer.split('\n');
    const hl = al.findIndex(l => /status=sent \(250 2\.0\.0 Ok: queued as 2385320C016\)/.test(l));
    const def = await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: uri(folder.mxA.newer) }, position: { line: hl, character: al[hl].indexOf('2385320C016') + 2 } }) as any[];
    assert.equal(def.length, 1);
    assert.equal(def[0].uri, uri(folder.mxB.newer));
    assert.match(fs.readFileSync(path.join(folder.dir, folder.mxB.newer), 'utf8').split('\n')[def[0].range.start.line], /2385320C016: client=/);

    // workspace/symbol: a Message-ID's lines in every file that has it (both servers' logs and the bounce)
    const syms = await s.conn.sendRequest('workspace/symbol', { query: '20261124125728.012977@vm' }) as any[];
    const files = new Set(syms.map(x => x.location.uri));
    assert.ok(files.has(uri(folder.mxA.older)), [...files].join(' '));
    assert.ok(files.has(uri(bounce)));
    assert.ok(files.has(uri('bounces/postfix-dsn-postmaster-copy-5.1.1.eml')));
    const relayed = await s.conn.sendRequest('workspace/symbol', { query: '20261124125728.012971@vm' }) as any[];
    assert.deepEqual(new Set(relayed.map(x => x.location.uri)), new Set([uri(folder.mxA.older), uri(folder.mxB.older)]));

    // the trail from the bounce (cursor on a line with no id): hops in order with time deltas, across the rotated, gzipped files
    const tr = await s.conn.sendRequest('smtpLog/messageTrail', { uri: uri(bounce), position: { line: 0, character: 0 } }) as any;
    assert.equal(tr.trails.length, 1);
    const hops = tr.trails[0].hops;
    assert.equal(hops[0].kind, 'received');
    assert.equal(hops[0].uri, uri(folder.mxA.older));
    for (let i = 1; i < hops.length; i++) if (hops[i].time && hops[i - 1].time) assert.ok(hops[i].time.slice(0, 19) >= hops[i - 1].time.slice(0, 19), `hop ${i} in time order`);
    assert.ok(hops.slice(1).every((h: any) => typeof h.deltaMs === 'number'));
    assert.ok(hops.some((h: any) => h.kind === 'bounce-report' && h.uri === uri(bounce)));
    assert.match(tr.proof, /was not delivered: .*550 5\.1\.1/);
    assert.ok(tr.links.length >= hops.length - 1);
    assert.ok(tr.links.every((l: any) => tr.text.split('\n')[l.line].includes(`:${l.targetLine + 1}]`)));

    // a relayed message across the rotated boundary of mx-b, by typed query, with the deferral 1 s before the hand-over
    const g = await s.conn.sendRequest('smtpLog/messageTrail', { query: '0F66520C334' }) as any;
    const gh = g.trails[0].hops;
    assert.equal(g.trails[0].status, 'delivered');
    assert.ok(gh.some((h: any) => h.uri === uri(folder.mxB.newer) && h.kind === 'delivered'));
    // Exchange: Send log of ex01 -> Receive log of ex02
    const ex = await s.conn.sendRequest('smtpLog/messageTrail', { query: 'CAF7c1e9@ex01.corp.example.com' }) as any;
    assert.deepEqual(ex.trails[0].hops.map((h: any) => h.kind), ['handed-over', 'received']);

    // a file that changes on disk: its rotated set is read again after didChangeWatchedFiles
    const added = 'Nov 24 13:10:00 mx-a postfix/smtpd[12946]: ABCDE12345F: client=localhost[127.0.0.1]\nNov 24 13:10:00 mx-a postfix/cleanup[12973]: ABCDE12345F: message-id=<late-arrival@vm>\n';
    fs.appendFileSync(path.join(folder.dir, folder.mxA.newer), added);
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(folder.mxA.newer), type: 2 }] });
    for (let i = 0; i < 200 && !/mail\.log read again/.test(s.log()); i++) await new Promise(r => setTimeout(r, 50));
    const late = await s.conn.sendRequest('workspace/symbol', { query: 'late-arrival@vm' }) as any[];
    assert.deepEqual(late.map(x => x.location.uri), [uri(folder.mxA.newer)]);
    // what was indexed before in that set is still there, once
    const again = await s.conn.sendRequest('workspace/symbol', { query: '20261124125728.012971@vm' }) as any[];
    assert.equal(again.length, relayed.length);
    assert.equal(s.stderr(), '');
  } finally { await s.stop(); }
});

test('a workspace folder added later is indexed; removed, its ids are gone', async () => {
  const s = await startServer([], { workspaceFolders: [], capabilities: { workspace: { workspaceFolders: true }, textDocument: {} } });
  try {
    const f = pathToFileURL(folder.dir).href;
    await s.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: f, name: 'logs' }], removed: [] } });
    await indexed(s);
    const syms = await s.conn.sendRequest('workspace/symbol', { query: 'C204720C5D3' }) as any[];
    assert.ok(syms.some(x => x.location.uri === uri(folder.mxB.older)));
    await s.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: f, name: 'logs' }] } });
    let gone: any[] = syms;
    for (let i = 0; i < 100 && gone.length; i++) { await new Promise(r => setTimeout(r, 50)); gone = await s.conn.sendRequest('workspace/symbol', { query: 'C204720C5D3' }) as any[]; }
    assert.deepEqual(gone, []);
  } finally { await s.stop(); }
});
