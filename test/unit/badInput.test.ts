import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, service, lineOf } from '../helpers/log';

const GOOD = '<<< RCPT TO:<a@example.com>\n>>> 550 5.1.1 User unknown\n';

function allFeatures(text: string) {
  const doc = parse(text);
  const lines = Math.min(doc.log.lineCount, 50);
  for (let l = 0; l < lines; l++) for (const c of [0, 1, 5, 10, 100]) service.doHover(doc, { line: l, character: c });
  return { doc, diags: service.doValidation(doc), syms: service.findDocumentSymbols(doc).result, folds: service.getFoldingRanges(doc).result };
}

test('binary data: a clear note, no problems, no sessions', () => {
  let bin = '';
  for (let i = 0; i < 5000; i++) bin += String.fromCharCode((i * 7919) % 256);
  const r = allFeatures(bin);
  assert.equal(r.doc.log.format, 'binary');
  assert.match(r.doc.log.notes[0], /binary data/);
  assert.deepEqual(r.diags, []);
  assert.deepEqual(r.syms, []);
});

test('UTF-16 read as single bytes: decoded, the same problems as its UTF-8 form, and a note saying how to reopen it', () => {
  for (const [enc, order, bom] of [['utf16le', 'LE', '\ufeff'], ['utf16le', 'LE', ''], ['utf16be', 'BE', '\ufeff']] as const) {
    const src = bom + GOOD.repeat(20);
    const bytes = enc === 'utf16le' ? Buffer.from(src, 'utf16le') : Buffer.from(src, 'utf16le').swap16();
    for (const misread of [bytes.toString('latin1'), bytes.toString('utf8')]) {
      const r = allFeatures(misread);
      assert.match(r.doc.log.notes[0], new RegExp(`UTF-16 ${order}`));
      assert.equal(r.diags.length, 20, `${enc} ${bom ? 'with' : 'without'} BOM`);
      assert.deepEqual(r.diags.map(d => d.range), allFeatures(GOOD.repeat(20)).diags.map(d => d.range));
    }
  }
});

test('NUL bytes inside a log do not stop the analysis', () => {
  const t = '<<< HELO a\u0000b\n>>> 250 OK\n' + GOOD;
  const r = allFeatures(t);
  assert.equal(r.diags.length, 1);
});

test('a 1 MB line is skipped with a note; the rest is analyzed', () => {
  const t = GOOD + '>>> 250 ' + 'x'.repeat(1024 * 1024) + '\n' + GOOD;
  const r = allFeatures(t);
  assert.equal(r.diags.length, 2);
  assert.match(r.doc.log.notes.join(' '), /Line 3 is 1024 KB long; it was not analyzed/);
});

test('mixed CRLF / LF / lone CR line endings count lines as editors do', () => {
  const t = '<<< HELO a\r\n>>> 250 OK\n<<< RCPT TO:<b@example.com>\r>>> 550 5.1.1 no\r\n';
  const r = allFeatures(t);
  assert.equal(r.doc.log.lineCount, 5);
  assert.deepEqual(r.diags.map(d => [d.range.start.line, d.range.start.character]), [[3, 4]]);
  assert.equal(r.doc.log.pair[3], 2);
});

test('a log cut mid-line and a truncated session: no crash, no false problem, session incomplete', () => {
  const t = '4/2/01 8:12:30 AM : A connection was accepted from 192.0.2.44\n4/2/01 8:12:31 AM : <<< MAIL FROM:<a@example.com>\n4/2/01 8:12:31 AM : >>> 25';
  const r = allFeatures(t);
  assert.deepEqual(r.diags, []);
  assert.match(r.syms[0].name, /incomplete$/);
});

test('a .log that is not SMTP at all is plain text with no problems', () => {
  const t = '2024-01-01 10:00:00 INFO Starting web server on port 8080\n2024-01-01 10:00:01 ERROR 500 Internal Server Error GET /index.html\n'.repeat(50);
  const r = allFeatures(t);
  assert.equal(r.doc.log.format, 'plain');
  assert.deepEqual(r.diags, []);
  assert.deepEqual(r.syms, []);
  assert.deepEqual(r.folds, []);
});

test('empty document and positions outside the document', () => {
  const r = allFeatures('');
  assert.deepEqual(r.diags, []);
  assert.equal(service.doHover(parse(GOOD), { line: 99, character: 0 }), null);
  assert.equal(service.doHover(parse(GOOD), { line: -1, character: -5 }), null);
  assert.equal(lineOf(GOOD, '550'), 1);
});

// ---------------------------------------------------------------- the Windows logs (CSV and W3C)

const EX_HEAD = '\ufeff#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';
const exRow = (seq: number, ev: string, data: string) => `2024-03-05T10:00:00.${String(seq).padStart(3, '0')}Z,EX01\\Default Frontend EX01,08DC0000000000AA,${seq},192.0.2.10:25,203.0.113.5:5000,${ev},${data},\r\n`;

/** Every feature on every line and many columns, and the transcript of every line: nothing may throw. */
function everything(text: string) {
  const r = allFeatures(text);
  const lines = Math.min(r.doc.log.lineCount, 60);
  for (let l = 0; l < lines; l++) {
    for (let c = 0; c < 200; c += 7) { service.doHover(r.doc, { line: l, character: c }); service.findReferences(r.doc, 'file:///x', { line: l, character: c }); }
    service.sessionTranscript(r.doc, l);
  }
  return r;
}

test('Exchange protocol log: unterminated quotes, truncated rows, a 60 KB data field, NUL bytes, LF and CRLF mixed', () => {
  const t = EX_HEAD + exRow(0, '+', '') + exRow(1, '<', 'RCPT TO:<a@example.com>') + exRow(2, '>', '"550 5.1.1 unterminated, quote')
    + exRow(3, '>', '"' + 'x,"'.repeat(20000)) + exRow(4, '<', 'MAIL\u0000FROM:<b@example.com>').replace('\r\n', '\n')
    + '2024-03-05T10:00:00.005Z,EX01\\Default Frontend EX01,08DC0000000000AA,5,192.0.2.10:25,203.0.';
  const r = everything(t);
  assert.equal(r.doc.log.format, 'exchange-protocol');
  // the unterminated quote still reads as the reply it is; nothing else is a problem
  assert.deepEqual(r.diags.map(d => d.code), ['550 5.1.1']);
});

test('Exchange protocol log: a header alone, a BOM alone, rows with far too many or too few fields', () => {
  for (const t of [EX_HEAD, '\ufeff', EX_HEAD + 'a,'.repeat(5000) + '\r\n' + '2024-03-05T10:00:00.000Z,x\r\n' + ',,,,,,,,\r\n']) {
    const r = everything(t);
    assert.deepEqual(r.diags, []);
    assert.deepEqual(r.syms, []);
  }
});

test('IIS W3C log: rows shorter than #Fields, a non-numeric status, an empty #Fields, a 60 KB query', () => {
  const head = '#Software: Microsoft Internet Information Services 6.0\n#Fields: date time c-ip cs-username s-sitename cs-method cs-uri-query sc-status\n';
  const t = head + '2024-03-05 10:00:00 192.0.2.5 a.example.net SMTPSVC1 RCPT +TO:<x@example.com> 550\n'
    + '2024-03-05 10:00:01 192.0.2.5 a.example.net SMTPSVC1 MAIL\n'
    + '2024-03-05 10:00:02 192.0.2.5 a.example.net SMTPSVC1 DATA <id@example.net> abc\n'
    + '2024-03-05 10:00:03 192.0.2.5 a.example.net SMTPSVC1 RCPT ' + '+'.repeat(60000) + ' 250\n'
    + '#Fields:\n2024-03-05 10:00:04 192.0.2.5 a.example.net SMTPSVC1 QUIT a.example.net 240\n';
  const r = everything(t);
  assert.equal(r.doc.log.format, 'iis-smtp');
  assert.deepEqual(r.diags.map(d => [d.range.start.line, d.code]), [[2, '550']]);
});

test('message tracking log: unbalanced braces, 5000 empty statuses, a status of semicolons only, 1000 recipients', () => {
  const head = '#Software: Microsoft Exchange Server\n#Log-type: Message Tracking Log\n';
  const row = (ev: string, rcpts: string, status: string) => ['2024-03-05T10:00:00.000Z', '', '', '', '', '', '', 'SMTP', ev, '1', '<m@example.com>', 'g', rcpts, status,
    ...Array.from({ length: 16 }, () => '')].join(',') + '\n';
  const many = Array.from({ length: 1000 }, (_, i) => `r${i}@example.com`).join(';');
  const t = head + row('FAIL', 'a@example.com', '{[{LED=550 5.1.1 x') + row('DEFER', 'b@example.com', ';'.repeat(5000)) + row('FAIL', many, '550 5.1.1 x;'.repeat(1000))
    + row('RECEIVE', 'c@example.com', '[{{{{{{{{;;;;}}') + row('DELIVER', '', '');
  const r = everything(t);
  assert.equal(r.doc.log.format, 'exchange-msgtrk');
  assert.deepEqual(r.diags.map(d => [d.range.start.line, d.code]), [[2, '550 5.1.1'], [3, '4xx'], [4, '550 5.1.1']]);
  // the hover on the 1000th recipient's status names that recipient
  const line = r.doc.log.text.split('\n')[4];
  const col = line.lastIndexOf('550');
  const h = service.doHover(r.doc, { line: 4, character: col + 1 })!;
  assert.match((h.contents as { value: string }).value, /r999@example\.com/);
});
