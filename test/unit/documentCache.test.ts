/**
 * The server's cache of parsed documents and a log that grows while it is open: the appends the editor
 * reported since the last parse are handed to the parser, which then reads the text in pieces instead of
 * the editor's joined string; an edit in between makes the next parse compare the texts instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendedLines, DocumentCache, endAfter, type TextEnd } from '../../server/src/documentCache';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createSmtpLanguageService } from '../../server/src/core/smtpLanguageService';
import { FORMATS, formatDoc } from '../helpers/generators';

const svc = createSmtpLanguageService();
const clock = { now: () => performance.now(), yieldNow: () => new Promise<void>(r => setImmediate(r)) };
const g = FORMATS.find(f => f.id === 'postfix')!;
const more = (n: number) => formatDoc({ ...g, header: [], lead: [] }, 20).replace(/user(\d+)@/g, `late${n}x$1@`);

function arrays(m: ReturnType<typeof svc.parse>['log']) {
  return [m.lineCount, Array.from(m.kind), Array.from(m.code), Array.from(m.session), Array.from(m.pair), m.sessions.count];
}

test('appends reported one by one reach the parser together; an edit between them is noticed', async () => {
  const logged: string[] = [];
  const cache = new DocumentCache(svc, () => undefined, clock, m => logged.push(m), e => { throw e; });
  const uri = 'file:///grow.log';
  let text = formatDoc(g, Math.ceil(1.2e6 / (formatDoc(g, 100).length / 100)));
  assert.ok(text.length > 1 << 20);
  const v1 = await cache.get(uri, 1, 'smtp-log', text);
  assert.ok(v1 && !v1.log.pieces);
  // two appends before anything asked for the model: the parse of version 3 goes on from version 1
  const a = more(2), b = more(3);
  cache.changed(uri, 2, { after: 1, version: 2, text: a });
  cache.changed(uri, 3, { after: 2, version: 3, text: b });
  text += a + b;
  const v3 = await cache.get(uri, 3, 'smtp-log', text);
  assert.ok(v3?.log.pieces, 'read in pieces');
  assert.equal(v3.log.pieces.tail, a + b);
  assert.deepEqual(arrays(v3.log), arrays(svc.parse(text).log));
  assert.ok(!logged.some(l => /parsing version 3/.test(l)), 'not parsed from the top');
  // an edit that is not an append (version 4), then an append: the texts are compared, the model is right
  cache.changed(uri, 4, undefined);
  const c = more(5);
  cache.changed(uri, 5, { after: 4, version: 5, text: c });
  const edited = text.replace('user7@', 'userX@') + c;
  const v5 = await cache.get(uri, 5, 'smtp-log', edited);
  assert.ok(v5 && !v5.log.pieces, 'the appended text since version 3 is not known');
  assert.deepEqual(arrays(v5.log), arrays(svc.parse(edited).log));
});

test('the server tells appends from other edits, and knows how a grown text ends without reading it', () => {
  let doc = TextDocument.create('file:///g.log', 'smtp-log', 1, 'one\r\ntwo\n');
  let end: TextEnd | undefined = { lines: doc.lineCount, emptyLast: true };
  const at = (line: number, character = 0) => ({ start: { line, character }, end: { line, character } });
  // lines ending with LF, CRLF and a lone CR inside the appended text
  for (const added of ['three\n', 'four\r\nfive\n', 'six\rseven\n\n', 'eight\n']) {
    const known: TextEnd = end!;
    assert.equal(appendedLines([{ range: at(doc.lineCount - 1), text: added }], () => known), added);
    // not appends: the same text inserted a line higher, or not ending with a line break
    assert.equal(appendedLines([{ range: at(doc.lineCount - 2), text: added }], () => known), undefined);
    assert.equal(appendedLines([{ range: at(doc.lineCount - 1), text: added.trimEnd() }], () => known), undefined);
    doc = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, doc.getText() + added);
    end = endAfter(known, added);
    assert.deepEqual(end, { lines: doc.lineCount, emptyLast: true }, JSON.stringify(doc.getText()));
  }
  // a text that ended with a carriage return: an appended line feed may end no new line, so the end is not known
  assert.equal(endAfter({ lines: 3, emptyLast: true }, '\nnine\n'), undefined);
  // a text that does not end with a line break gets no append
  assert.equal(appendedLines([{ range: at(2), text: 'x\n' }], () => ({ lines: 3, emptyLast: false })), undefined);
});
