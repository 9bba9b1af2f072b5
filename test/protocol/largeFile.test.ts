/**
 * Logs read from disk (VS Code passes no document above 50 MB to extensions): the analysis runs beside
 * the open documents, which keep answering; it reports $/progress and can be cancelled; its view groups
 * failures by kind then remote side and sessions by day and hour; an item opens its session's lines,
 * read from the file at their byte offset.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, ROOT, type ServerUnderTest } from '../helpers/lspServer';
import { writeGeneratedFile, expectedReplies, type GenCounts } from '../bench/generate';

// the shapes of server/src/protocol.ts (that file is not in the test project)
interface AnalyzedItem { label: string; line: number; offset?: number; children?: AnalyzedItem[] }
interface AnalyzeFileResult { format: string; sessions: AnalyzedItem[]; sessionCount: number; problems: AnalyzedItem[]; problemCount: number }
interface FileTranscriptResult { text: string; lines: number[]; title: string; cut?: boolean }

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-large-'));
const SAMPLE = fs.readFileSync(path.join(ROOT, 'samples/exchange-transcript.log'), 'utf8');
const open = 'file:///tmp/open-beside.log';
let server: ServerUnderTest;
let exchange: { file: string; uri: string; n: GenCounts };
let postfix: { file: string; uri: string; n: GenCounts };

before(async () => {
  server = await startServer([[open, 'smtp-log', SAMPLE]]);
  await server.diagnostics(open);
  const make = (kind: 'exchange' | 'postfix', mb: number) => {
    const file = path.join(DIR, `${kind}.log`);
    return { file, uri: pathToFileURL(file).toString(), n: writeGeneratedFile(kind, file, mb) };
  };
  exchange = make('exchange', 24);
  postfix = make('postfix', 4);
});

after(async () => { await server.stop(); fs.rmSync(DIR, { recursive: true, force: true }); });

/** Progress notifications of one work-done token. */
function progressOf(token: string): { kind: string; percentage?: number }[] {
  const seen: { kind: string; percentage?: number }[] = [];
  server.conn.onProgress({ __: undefined, _pr: undefined } as never, token, (v: { kind: string; percentage?: number }) => { seen.push(v); });
  return seen;
}

test('a hover on an open document is answered while a large file is analyzed, and progress is reported', async () => {
  const lines = SAMPLE.split('\n');
  const line = lines.findIndex(l => l.includes('550 5.1.1'));
  const progress = progressOf('t-hover');
  let analysisDone = false;
  const analysis = server.conn.sendRequest<AnalyzeFileResult>('smtpLog/analyzeFile', { uri: exchange.uri, workDoneToken: 't-hover' }).then(r => { analysisDone = true; return r; });
  // wait until the analysis has started reading, then ask the other document
  while (!progress.some(p => p.kind === 'report') && !analysisDone) await new Promise(r => setTimeout(r, 5));
  const h = await server.conn.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: open }, position: { line, character: lines[line].indexOf('550') + 1 } });
  assert.equal(analysisDone, false, 'the hover waited for the analysis to end');
  assert.match(h.contents.value, /550 5\.1\.1/);
  const r = await analysis;
  assert.equal(r.sessionCount, exchange.n.sessions);
  assert.equal(r.problemCount, expectedReplies(exchange.n));
  assert.equal(r.format, 'exchange-protocol');
  assert.equal(progress[0].kind, 'begin');
  assert.equal(progress[progress.length - 1].kind, 'end');
  const pct = progress.filter(p => p.kind === 'report').map(p => p.percentage!);
  assert.ok(pct.length >= 10, `${pct.length} progress reports`);
  assert.deepEqual(pct, [...pct].sort((a, b) => a - b), 'progress only goes forward');
});

test('an analysis the client cancels stops with RequestCancelled', async () => {
  const { CancellationTokenSource } = await import('vscode-jsonrpc');
  const src = new CancellationTokenSource();
  const progress = progressOf('t-cancel');
  const p = server.conn.sendRequest('smtpLog/analyzeFile', { uri: exchange.uri, workDoneToken: 't-cancel' }, src.token);
  while (!progress.some(x => x.kind === 'report')) await new Promise(r => setTimeout(r, 5));
  src.cancel();
  await assert.rejects(p, (e: { code?: number }) => e.code === -32800);
  // the server goes on: the open document still answers
  const sym: unknown[] = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: open } });
  assert.ok(sym.length > 0);
});

test('the view groups failures by reply and reason, then by remote domain, and sessions by day and hour', async () => {
  const r = await server.conn.sendRequest<AnalyzeFileResult>('smtpLog/analyzeFile', { uri: postfix.uri });
  assert.equal(r.problemCount, expectedReplies(postfix.n));
  const total = (items: AnalyzedItem[]) => items.reduce((s, g) => s + Number(/\((\d+)\)$/.exec(g.label)?.[1]), 0);
  // every failure is in one group; a group's peers add up to it; groups come largest first
  assert.equal(total(r.problems), r.problemCount);
  const counts = r.problems.map(g => Number(/\((\d+)\)$/.exec(g.label)![1]));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
  for (const g of r.problems) {
    assert.match(g.label, /^(?:[45]\d\d|[45]\.\d{1,3}\.\d{1,3})\b/, g.label);
    assert.equal(total(g.children!.filter(c => /\(\d+\)$/.test(c.label))), Number(/\((\d+)\)$/.exec(g.label)![1]), g.label);
    for (const peer of g.children!) assert.match(peer.label, /^[\w.-]+ \(\d+\)$|more domains/, peer.label);
  }
  // hours carry their date, and add up to every session and message
  for (const h of r.sessions) assert.match(h.label, /^\d{4}-\d\d-\d\d \d\d:00 \(\d+\)$/, h.label);
  assert.equal(total(r.sessions), r.sessionCount);
});

test('an item opens its session, read from the file at its offset, with the line numbers of the file', async () => {
  const r = await server.conn.sendRequest<AnalyzeFileResult>('smtpLog/analyzeFile', { uri: exchange.uri });
  const fileLines = fs.readFileSync(exchange.file, 'utf8').split(/\r?\n/);
  // a session of the middle of the file (sessions interleave in Exchange protocol logs)
  const hour = r.sessions[Math.floor(r.sessions.length / 2)];
  const item = hour.children!.find(c => c.offset !== undefined)!;
  assert.ok(item, 'session items carry their byte offset');
  assert.equal(Buffer.from(fs.readFileSync(exchange.file).subarray(item.offset!, item.offset! + 200)).toString('utf8').split(/\r?\n/)[0], fileLines[item.line]);
  const t = await server.conn.sendRequest<FileTranscriptResult>('smtpLog/fileTranscript', { uri: exchange.uri, line: item.line, offset: item.offset, format: r.format });
  assert.ok(t && t.lines.length >= 4, 'the session has its lines');
  assert.equal(t.lines[0], item.line);
  const sessionId = fileLines[item.line].split(',')[2];
  const shown = t.text.replace(/\n$/, '').split('\n');
  assert.equal(shown.length, t.lines.length);
  shown.forEach((l, i) => {
    assert.equal(l, fileLines[t.lines[i]], `transcript line ${i} is line ${t.lines[i] + 1} of the file`);
    assert.equal(l.split(',')[2], sessionId, 'only the lines of that session');
  });
  // the whole session, up to its end
  assert.ok(fileLines.filter(l => l.split(',')[2] === sessionId).length === t.lines.length);
  // a failure line opens the session it is in
  const failure = r.problems[0].children![0].children![0];
  const ft = await server.conn.sendRequest<FileTranscriptResult>('smtpLog/fileTranscript', { uri: exchange.uri, line: failure.line, offset: failure.offset, format: r.format });
  assert.ok(ft.lines.includes(failure.line));
});
