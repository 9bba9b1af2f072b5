/**
 * Issue 16: hostile and broken input. One reproducer per defect the fuzz campaign found. The time
 * growth of the superlinear paths is measured by `npm run stress` (ratios, never timed assertions);
 * here each path is checked for its result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSmtpLanguageService, isValidReplyCode, MAX_HOVER_CHARS, sniffLanguage, visibleText } from '../../server/src/core/smtpLanguageService';
import { identifierAt, MAX_IDENTIFIER } from '../../server/src/core/features/logReferences';
import { eximDialect, HOST, hostAt } from '../../server/src/core/scanner/exim';
import fc from 'fast-check';
import { trimBlanksEnd } from '../../server/src/core/scanner/dialects';
import { BOUNCES, NON_SMTP, plainFields } from '../helpers/generators';

const svc = createSmtpLanguageService();
const problems = (text: string, lang?: string) => svc.doValidation(svc.parse(text, lang)).filter(d => d.severity !== 3);

const EXIM = [
  '2024-05-06 11:02:11 H=mail.partner.example [198.51.100.7]:50211 I=[192.0.2.25]:25 F=<ann@partner.example> rejected RCPT <ghost@corp.example>: Unknown user',
  '2024-05-06 11:02:11 1sCUab-000Ab1-7Q <= ann@partner.example H=mail.partner.example [198.51.100.7]:50211 P=esmtps S=4120',
  '2024-05-06 11:02:13 1sCUab-000Ab1-7Q ** ed@elsewhere.example R=dnslookup T=remote_smtp H=mx.elsewhere.example [192.0.2.99]: SMTP error from remote mail server after RCPT TO:<ed@elsewhere.example>: 550 5.1.1 User unknown',
  '2024-05-06 11:02:13 1sCUab-000Ab1-7Q Completed',
].join('\n') + '\n';

test('a byte order mark before the first exim line keeps its problem', () => {
  assert.equal(problems(EXIM).length, 2);
  assert.deepEqual(problems('\ufeff' + EXIM).map(d => d.range.start.line), problems(EXIM).map(d => d.range.start.line));
  // the problem still stands on the text it names (offsets on the line as written, after the BOM)
  const withBom = problems('\ufeff' + EXIM)[0], without = problems(EXIM)[0];
  const at = (t: string, d: typeof withBom) => t.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
  assert.equal(at('\ufeff' + EXIM, withBom), at(EXIM, without));
  assert.ok(at(EXIM, without).length > 0);
});

test('a trailing space after a sendmail line keeps its problem', () => {
  const line = 'Feb 23 21:18:47 batman sm-mta[93301]: s1NKIkZa093301: [76.72.174.70]: EXPN root [rejected]';
  const text = `${line}\n${line.replace('EXPN root', 'VRFY bob')}\n`;
  assert.equal(problems(text).length, 2);
  assert.equal(problems(text.replace(/\n/g, ' \n')).length, 2);
  assert.equal(problems(text.replace(/\n/g, '\t\r\n')).length, 2);
});

test('a Python REPL session is no SMTP log: not sniffed, and no problem when opened as one', () => {
  assert.equal(sniffLanguage(NON_SMTP['python-repl']), undefined);
  assert.deepEqual(problems(NON_SMTP['python-repl']), []);
  // without its banner too (a pasted part of a session)
  const noBanner = NON_SMTP['python-repl'].split('\n').slice(2).join('\n');
  assert.equal(sniffLanguage(noBanner), undefined);
  assert.deepEqual(problems(noBanner), []);
  for (const [name, text] of Object.entries(NON_SMTP)) {
    assert.equal(sniffLanguage(text), undefined, name);
    assert.deepEqual(problems(text).map(d => d.message), [], name);
  }
});

test('control characters and bidi overrides from a log are shown visibly in problems, outline and hovers', () => {
  const evil = '\u001b]0;owned\u0007\u001b[2J\u202eevil\u2066x\u2069\u200f';
  const text = `<<< RCPT TO:<a@example.com>\n>>> 550 5.1.1 User ${evil} unknown\n<<< HELO ${evil}\n>>> 250 OK\n`;
  const doc = svc.parse(text);
  const strings: string[] = [];
  for (const d of svc.doValidation(doc)) strings.push(d.message);
  const walk = (s: any[]) => { for (const x of s) { strings.push(x.name, x.detail ?? ''); walk(x.children ?? []); } };
  walk(svc.findDocumentSymbols(doc).result);
  for (let c = 0; c < 40; c += 2) { const h = svc.doHover(doc, { line: 1, character: c }); if (h) strings.push((h.contents as any).value); }
  assert.ok(strings.some(s => s.includes('<U+202E>')), 'the override is named');
  assert.ok(strings.some(s => s.includes('\\x1b')), 'the escape is named');
  for (const s of strings) assert.doesNotMatch(s, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/, JSON.stringify(s));
  assert.equal(visibleText('a\u001b[31mb\u202ec\u0000d\te'), 'a\\x1b[31mb<U+202E>c\\x00d\te');
  assert.equal(visibleText('line\nnext', true), 'line\nnext');
});

test('a 60 KB reply gives a hover of readable length that says it was cut', () => {
  const text = `<<< RCPT TO:<a@example.com>\n>>> 550 5.1.1 ${'word '.repeat(12000)}\n`;
  const h = svc.doHover(svc.parse(text), { line: 1, character: 5 });
  const v = (h!.contents as { value: string }).value;
  assert.ok(v.length <= MAX_HOVER_CHARS + 200, `${v.length} characters`);
  assert.match(v, /characters\)/);
});

test('a DSN with 5,000 failed recipients: the outline says that some are not listed', () => {
  const dsn = BOUNCES.find(b => b.id === 'ndr-dsn')!;
  const doc = svc.parse(dsn.build(Array.from({ length: 5000 }, (_, i) => ({ ...plainFields(i), code: 550, enhanced: '5.1.1' }))), 'smtp-ndr');
  const root = svc.findDocumentSymbols(doc).result[0];
  const notes = root.children!.filter(c => c.name.startsWith('…'));
  assert.ok(notes.length >= 1, 'a note child');
  assert.match(notes.map(n => `${n.name} ${n.detail}`).join(' '), /not (listed|read)/);
  assert.ok(doc.log.notes.some(n => /Only the first/.test(n)), 'the server announces the cut');
  // a smaller outline limit is said too
  const small = svc.findDocumentSymbols(doc, { maxOutlineItems: 100 }).result[0];
  assert.ok(small.children!.some(c => /more recipients not listed/.test(c.name)));
});

test('hover and references with a malformed position answer nothing instead of throwing', () => {
  const doc = svc.parse(EXIM);
  for (const pos of [null, undefined, { line: -1, character: 0 }, { line: 0, character: NaN }, { line: 1.5, character: 0 }, { line: '0', character: 0 }] as any[]) {
    assert.equal(svc.doHover(doc, pos), null);
    assert.deepEqual(svc.findReferences(doc, 'file:///x', pos).result, []);
  }
  assert.equal(svc.sessionTranscript(doc, NaN), undefined);
});

test('references on a long run of brackets: bounded identifier, answers', () => {
  const run = '['.repeat(1 << 20);
  assert.equal(identifierAt(run, 500000), undefined);
  assert.equal(identifierAt(']'.repeat(1 << 20), 10), undefined);
  assert.deepEqual(identifierAt('x [192.0.2.1]:25 y', 5), { text: '[192.0.2.1]:25', start: 2 });
  assert.deepEqual(identifierAt('<bob@example.com>.', 5), { text: 'bob@example.com', start: 1 });
  assert.deepEqual(identifierAt('to=<a@b.example>,', 6)?.text, 'a@b.example');
  const long = 'a'.repeat(MAX_IDENTIFIER + 10);
  assert.equal(identifierAt(`x ${long} y`, 5), undefined);
  const doc = svc.parse(`220 mx ESMTP\n550 ${run}\n`);
  assert.ok(Array.isArray(svc.findReferences(doc, 'file:///x', { line: 1, character: 9 }).result));
});

test('exim: the AUTH failure and reasons read the same without the backtracking regexes', () => {
  const auth = '2022-06-29 16:04:19 dovecot_login authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 Incorrect authentication data (set_id=abuse@test.com)';
  assert.equal(eximDialect.statusContext!(auth), 'AUTH (dovecot_login) from ([1.2.3.5]) [1.2.3.4]:55379');
  const rej = '2024-05-06 11:02:11 H=mail.partner.example [198.51.100.7]:50211 F=<a@b> rejected RCPT <ghost@corp.example>: Unknown user';
  const text = eximDialect.tokens(rej).find(t => t.kind === 'text')!;
  assert.equal(rej.slice(text.start, text.end), 'Unknown user');
  const long = `2024-05-06 11:02:13 1sCUab-000Ab1-7Q ** ${'a'.repeat(16000)}@example.com R=dnslookup: SMTP error from remote mail server after RCPT TO:<x@y>: 550 5.1.1 no`;
  assert.equal(eximDialect.statusContext!(long), 'RCPT TO:<x@y>');
  const repeated = `2024-05-06 11:02:11 H=h [1.2.3.4]:5 ${'rejected '.repeat(5000)}x`;
  assert.equal(eximDialect.tokens(repeated).filter(t => t.kind === 'text').length, 0);
});

test('reply codes a server can send', () => {
  for (const c of ['250', '550', 421, '554', '252']) assert.ok(isValidReplyCode(c), String(c));
  for (const c of ['999', '000', '199', '600', '5500', '55', 'abc', '', 170]) assert.ok(!isValidReplyCode(c), String(c));
});

test('runs of blanks: detection trims them in one pass, and the lines still read', () => {
  assert.equal(trimBlanksEnd('abc \t \t'), 'abc');
  assert.equal(trimBlanksEnd('\t'.repeat(100000)), '');
  const line = `Feb 23 21:18:47 batman sm-mta[93301]: s1NKIkZa093301: [76.72.174.70]: EXPN root${'\t'.repeat(60000)}x [rejected]`;
  assert.ok(Array.isArray(svc.doValidation(svc.parse(`${line}\n${line}\n`))));
});

test('folding: a multi-line reply interleaved with other lines folds nothing and answers', () => {
  // an Exchange protocol log whose 550- continuation rows of one session alternate with another session's rows
  const head = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';
  const row = (sid: string, seq: number, ev: string, data: string) => `2024-03-04T08:00:00.000Z,EX01\\Default,${sid},${seq},10.0.0.1:25,198.51.100.1:40000,${ev},${data},`;
  const rows = [row('08DC0000000000A1', 0, '+', ''), row('08DC0000000000B2', 0, '+', ''), row('08DC0000000000A1', 1, '<', 'RCPT TO:<a@b.example>')];
  for (let i = 0; i < 2000; i++) { rows.push(row('08DC0000000000A1', 2 + i, '>', `550-5.7.1 part ${i}`)); rows.push(row('08DC0000000000B2', 1 + i, '*', 'noise')); }
  rows.push(row('08DC0000000000A1', 3000, '>', '550 5.7.1 end'));
  const doc = svc.parse(head + rows.join('\n') + '\n');
  const f = svc.getFoldingRanges(doc).result;
  assert.ok(Array.isArray(f));
  for (const r of f) assert.ok(r.endLine >= r.startLine);
});

test('exim: hostAt finds what the H= pattern finds, in linear time', () => {
  const alphabet = fc.constantFrom('H', '=', 'H=', 'a', 'b', ' ', '(', ')', '[', ']', ':', '1', '25', '\t', '_', '\u00a0', '[1.2.3.4]', ' (helo) ', ' [');
  fc.assert(fc.property(fc.array(alphabet, { maxLength: 40 }), parts => {
    const line = parts.join('');
    assert.equal(hostAt(line), HOST.exec(line)?.[1], JSON.stringify(line));
  }), { numRuns: 3000, seed: 16 });
  assert.equal(hostAt('x H=mail.example (helo.example) [192.0.2.1]:25 P=esmtp'), 'mail.example (helo.example) [192.0.2.1]:25');
  assert.equal(hostAt('H=' + 'H='.repeat(30000)), undefined);
});

test('a log outline cut at its item limit ends with a note saying so', () => {
  const text = Array.from({ length: 50 }, (_, i) => `4/2/01 8:02:1${i % 10} AM : A connection was accepted from 192.0.2.${i}\n4/2/01 8:02:11 AM : >>> 220 mx ready\n4/2/01 8:02:11 AM : <<< QUIT\n4/2/01 8:02:11 AM : >>> 221 bye`).join('\n') + '\n';
  const r = svc.findDocumentSymbols(svc.parse(text), { maxOutlineItems: 20 });
  assert.ok(r.limited);
  assert.match(r.result[r.result.length - 1].name, /outline stops at 20 items/);
  assert.ok(!svc.findDocumentSymbols(svc.parse(text)).result.some(s => s.name.startsWith('…')));
});

test('a delivery-status part over 1 MB (long lines, fewer than 20,000) is cut with a note too', () => {
  const dsn = BOUNCES.find(b => b.id === 'ndr-dsn')!;
  const doc = svc.parse(dsn.build(Array.from({ length: 3000 }, (_, i) => ({ ...plainFields(i), code: 550, enhanced: '5.1.1', text: 'x'.repeat(500) }))), 'smtp-ndr');
  assert.ok(doc.ndr!.reports.length < 3000);
  assert.ok(doc.log.notes.some(n => /Only the first 20,000 lines or 1 MB of the delivery-status part/.test(n)), JSON.stringify(doc.log.notes));
  const root = svc.findDocumentSymbols(doc).result[0];
  assert.ok(root.children!.some(c => c.name.startsWith('… not read')));
});
