/**
 * A large log parsed again after an edit (not an append) is parsed in slices: the server answers other
 * requests between them, a cancelled request or a newer version stops waiting at the next slice, and a
 * newer version drops the older parse. Over real JSON-RPC with the built server; the order of the
 * messages the server writes (answers, logs, problems) is what is checked, never a duration.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startServer, ROOT, type ServerUnderTest } from '../helpers/lspServer';

const SAMPLE = fs.readFileSync(path.join(ROOT, 'samples/exchange-transcript.log'), 'utf8').replace(/\r\n/g, '\n');
const BASE = SAMPLE.endsWith('\n') ? SAMPLE : SAMPLE + '\n';
/** ~32 MB, about 700,000 lines: its parse takes many slices on any machine */
const REPEAT = Math.ceil(32e6 / BASE.length);
const TEXT = BASE.repeat(REPEAT);
/** where lines are appended: the empty last line (worked out here: splitting 32 MB during a test takes long) */
const END = { line: REPEAT * (BASE.split('\n').length - 1), character: 0 };
const BIG = 'file:///tmp/slices-big.log', SMALL = 'file:///tmp/slices-small.log';
/** a line of the small document with a 550 reply: its hover explains it */
const REPLY_LINE = BASE.split('\n').findIndex(l => l.includes('>>> 550'));
const REPLY_CHAR = BASE.split('\n')[REPLY_LINE].indexOf('550') + 1;
let server: ServerUnderTest;
let version = 1;

before(async () => {
  server = await startServer();
  await server.open(SMALL, 'smtp-log', BASE);
  await server.open(BIG, 'smtp-log', TEXT);
  await server.diagnostics(BIG);
});
after(() => server.stop());

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
/** waits until the server has logged a line matching `re` (a test timeout ends a wait that never ends) */
async function logged(re: RegExp): Promise<void> {
  while (!re.test(server.log())) await sleep(2);
}

/** An edit that is not an append (the first character replaced by itself): the whole log is parsed again. */
async function edit(): Promise<number> {
  version++;
  await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: BIG, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: TEXT[0] }] });
  return version;
}

test('while a large log is parsed again, hovers on another document are answered between its slices', { timeout: 120_000 }, async () => {
  server.forget(BIG);
  const v = await edit();
  // the outline asks for the new version's model at once (the problems wait for the typing pause)
  const outline = server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: BIG } });
  let outlineDone = false;
  void outline.then(() => { outlineDone = true; });
  await logged(new RegExp(`slices-big\\.log: parsing version ${v} `));
  // folding asked while the parse runs waits for the same parse
  const folding = server.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: BIG } });
  const parsed = new RegExp(`slices-big\\.log: parsed version ${v} `);
  let during = 0, hovers = 0;
  while (!outlineDone) {
    const h: { contents: { value: string } } | null = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri: SMALL }, position: { line: REPLY_LINE, character: REPLY_CHAR } });
    assert.ok(h && /550/.test(h.contents.value), 'the hover explains the reply');
    hovers++;
    // the answer came before the server said the parse ended, so before the new version's problems (the
    // log, the problems and the answers share one stream, in order)
    if (!parsed.test(server.log()) && !server.published().some(x => x.uri === BIG && x.version === v)) during++;
  }
  assert.ok(during >= 1, `a hover was answered while the parse ran (${during} of ${hovers})`);
  assert.ok((await outline as unknown[]).length > 0);
  assert.ok((await folding as unknown[]).length > 0);
  // the problems of the new version come after (the typing pause, then the parse's model)
  const problems = await server.diagnostics(BIG);
  assert.ok(problems.length > 0);
  const last = server.published().filter(p => p.uri === BIG).pop();
  assert.equal(last?.version, v);
  // outline, folding and problems of that version shared one parse
  assert.equal(server.log().match(new RegExp(`slices-big\\.log: parsing version ${v} `, 'g'))?.length, 1);
});

test('an outline request cancelled while the parse runs is answered RequestCancelled before the parse ends', { timeout: 120_000 }, async () => {
  const v = await edit();
  const { CancellationTokenSource } = await import('vscode-jsonrpc');
  const src = new CancellationTokenSource();
  const outline = server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: BIG } }, src.token);
  await logged(new RegExp(`slices-big\\.log: parsing version ${v} `));
  src.cancel();
  await assert.rejects(outline, (e: { code?: number }) => e.code === -32800);
  assert.doesNotMatch(server.log(), new RegExp(`slices-big\\.log: parsed version ${v} `), 'answered at a slice boundary, not after the whole parse');
  // the parse goes on for the version the editor shows: its problems are published
  server.forget(BIG);
  await server.diagnostics(BIG);
  assert.equal(server.published().filter(p => p.uri === BIG).pop()?.version, v);
});

test('two quick edits: the first parse is abandoned, only the last version gets problems', { timeout: 120_000 }, async () => {
  const first = server.published().length;
  const v1 = await edit();
  const outline = server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: BIG } });
  await logged(new RegExp(`slices-big\\.log: parsing version ${v1} `));
  server.forget(BIG);
  const v2 = await edit();
  // the request for the replaced version is cancelled, and its parse stops where it was
  await assert.rejects(outline, (e: { code?: number }) => e.code === -32800);
  await logged(new RegExp(`slices-big\\.log: parse of version ${v1} abandoned at \\d+% of its work: version ${v2} replaced it`));
  const m = new RegExp(`parse of version ${v1} abandoned at (\\d+)%`).exec(server.log())!;
  assert.ok(Number(m[1]) < 100, `stopped before the end (${m[1]}%)`);
  assert.doesNotMatch(server.log(), new RegExp(`slices-big\\.log: parsed version ${v1} `));
  const problems = await server.diagnostics(BIG);
  const mine = server.published().slice(first).filter(p => p.uri === BIG);
  assert.deepEqual(mine.map(p => p.version), [v2], 'one publication, for the last version');
  // the same text as at open: the same problems
  assert.equal(problems.length, mine[0].count);
  assert.match(server.log(), new RegExp(`slices-big\\.log: parsed version ${v2} `));
});

test('lines appended while the parse runs: that parse goes on, the new lines are parsed on from its end', { timeout: 120_000 }, async () => {
  const before = (await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: BIG } }) as unknown[]).length;
  assert.ok(before > 0);
  const v1 = await edit();
  const outline = server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: BIG } });
  await logged(new RegExp(`slices-big\\.log: parsing version ${v1} `));
  // a log written while it is open: the editor sends the new lines at the end
  const v2 = ++version;
  server.forget(BIG);
  await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: BIG, version: v2 }, contentChanges: [{ range: { start: END, end: END }, text: BASE }] });
  await assert.rejects(outline, (e: { code?: number }) => e.code === -32800, 'the request was for the version before the append');
  const problems = await server.diagnostics(BIG);
  assert.equal(server.published().filter(p => p.uri === BIG).pop()?.version, v2);
  // the parse of the version before the append was not dropped, and the appended text was not parsed from the top
  assert.match(server.log(), new RegExp(`slices-big\\.log: parsed version ${v1} `));
  assert.doesNotMatch(server.log(), new RegExp(`parse of version ${v1} abandoned`));
  assert.doesNotMatch(server.log(), new RegExp(`slices-big\\.log: parsing version ${v2} `));
  // the same problems as the whole text parsed at once, in another document
  const fresh = 'file:///tmp/slices-fresh.log';
  await server.open(fresh, 'smtp-log', TEXT + BASE);
  const whole = await server.diagnostics(fresh);
  assert.deepEqual(problems.map(d => [d.range, d.code, d.message]), whole.map(d => [d.range, d.code, d.message]));
});

test('the summary of a large log (the status bar asks for it after each edit) is made in slices too', { timeout: 120_000 }, async () => {
  const v = await edit();
  let done = false;
  const summary = server.conn.sendRequest('smtpLog/summary', { uri: BIG }).then(r => { done = true; return r as { totals: { connections: number } } | null; });
  let during = 0;
  while (!done) {
    await server.conn.sendRequest('textDocument/hover', { textDocument: { uri: SMALL }, position: { line: REPLY_LINE, character: REPLY_CHAR } });
    if (!done) during++;
  }
  // (the first hover may come before the summary starts: the others were answered between its slices)
  assert.ok(during >= 3, `${during} hovers answered while the summary was made`);
  const s = await summary;
  assert.ok(s && s.totals.connections > 0);
  // asked again for the same version: the same answer, from the cache
  assert.deepEqual(await server.conn.sendRequest('smtpLog/summary', { uri: BIG }), s);
  assert.equal(version, v);
});
