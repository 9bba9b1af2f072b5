/** What a user sees in a bounce: hovers on the codes, one problem per failed recipient, the outline, folding. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lineOf, service } from '../helpers/log';

const FIX = path.join(__dirname, '../../../test/fixtures');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const doc = (text: string) => service.parse(text, 'smtp-ndr');

/** Hover markdown at `needle` (+1) on the first line containing `lineNeedle`, in a bounce. */
function hover(text: string, lineNeedle: string, needle: string, settings = {}): string | undefined {
  const line = lineOf(text, lineNeedle);
  const col = text.split(/\r\n|\r|\n/)[line].indexOf(needle);
  if (col < 0) throw new Error(`no ${needle} on line ${line}`);
  const h = service.doHover(doc(text), { line, character: col + 1 }, settings);
  return h ? (h.contents as { value: string }).value : undefined;
}

const PF = read('generated/postfix-dsn-5.1.1-user-unknown.eml');

test('hover on the Status: value explains the code with the bounce reason, hard bounce and what to do', () => {
  const h = hover(PF, 'Status: 5.1.1', '5.1.1')!;
  // the verdict first; the knowledge's most specific title (postfix's own wording) opens the meaning, the 5.1.1 meaning after it
  assert.match(h, /^\*\*550 5\.1\.1\*\* \*\*Refused for good\*\*/);
  assert.match(h, /\*\*Meaning:\*\* \*\*User unknown in virtual mailbox table/);
  assert.match(h, /5\.1\.1: Bad destination mailbox address/);
  assert.equal(h.match(/Bounce reason/g)?.length, 1, 'one bounce reason line');
  assert.match(h, /Bounce reason: userunknown\*\* \(Unknown recipient\), hard bounce/);
  assert.match(h, /Recipient `nosuch@b\.example\.test`: failed/);
  assert.match(h, /What the sender should do/);
  assert.match(h, /What the mail administrator checks/);
  assert.match(h, /Answers `RCPT TO` \(as the bounce reports it\)/);
  assert.match(h, /Reply: `550 5\.1\.1 <nosuch@b\.example\.test>: Recipient address rejected: User unknown in virtual mailbox table`/);
});

test('hover on the field names Status: and Diagnostic-Code: explains the outcome too', () => {
  assert.match(hover(PF, 'Status: 5.1.1', 'Status')!, /Bounce reason: userunknown/);
  const h = hover(PF, 'Diagnostic-Code: smtp; 550', 'Diagnostic')!;
  assert.match(h, /\*\*550 5\.1\.1\*\*/);
  assert.match(h, /Refused for good/);
});

test('hover on the reply inside Diagnostic-Code: and inside the human text', () => {
  assert.match(hover(PF, 'Diagnostic-Code: smtp; 550', '550')!, /\*\*550 5\.1\.1\*\*.*Bounce reason: userunknown/s);
  const h = hover(PF, 'said: 550 5.1.1', '550')!;
  assert.match(h, /\*\*550 5\.1\.1\*\*/);
  assert.match(h, /Answers `RCPT TO`/);
});

test('hover on other DSN fields says what the field is', () => {
  assert.match(hover(PF, 'Reporting-MTA:', 'Reporting')!, /the mail server that wrote this report/);
  assert.match(hover(PF, 'X-Postfix-Queue-ID:', 'Queue')!, /search the mail log for it/);
  assert.match(hover(PF, 'Remote-MTA:', 'Remote')!, /Recipient `nosuch@b\.example\.test`/);
});

test("hover on Exchange's #550 5.1.1 ... ## line and on a quoted-printable 'Remote Server returned' reply", () => {
  const ex = read('ndr/exchange2007-two-recipients.eml');
  const h = hover(ex, '#550 5.2.2 STOREDRV', '550')!;
  assert.match(h, /Bounce reason: mailboxfull/);
  assert.match(h, /Recipient `carol\.clark@example\.com`/);
  const eo = read('ndr/exchange-online-5.1.10.eml');
  const h2 = hover(eo, "Remote Server returned '550 5.1.10", '550')!;
  assert.match(h2, /\*\*550 5\.1\.10\*\*/);
  assert.match(h2, /Bounce reason: userunknown/);
  assert.match(h2, /RESOLVER\.ADR\.RecipientNotFound; Recipient not found by SMTP address lookup/);
});

test('hover on a reply of the transcript quoted in a sendmail bounce names the command it answers', () => {
  const sm = read('ndr/sendmail.eml');
  const h = hover(sm, '<<< 550 5.1.1', '550')!;
  assert.match(h, /Answers `RCPT To:<leo@example\.com>`/);
  assert.match(hover(sm, '<<< 503 5.0.0', '503')!, /Answers `DATA`/);
  assert.match(hover(sm, '>>> RCPT To:', '>>>')!, /sent\*\* by the server that wrote this bounce/);
});

test("hover on a reply in exim's text names the command from \"SMTP error ... after RCPT TO:<x>\"", () => {
  const ex = read('ndr/exim.eml');
  const h = hover(ex, '550 5.1.1 <grace@example.net>: Recipient address rejected', '550')!;
  assert.match(h, /Answers `RCPT TO:<grace@example\.net>`/);
  assert.match(h, /reported by `mx1\.example\.net`/);
  assert.match(hover(ex, '552 5.3.4 Message size exceeds', '552')!, /Answers the end of the message data/);
});

test('the brief hover keeps the reason line but drops the advice', () => {
  const h = hover(PF, 'Status: 5.1.1', '5.1.1', { hoverDetail: 'brief' })!;
  assert.match(h, /Bounce reason: userunknown/);
  assert.doesNotMatch(h, /What the sender should do/);
});

test('text of the bounce in a hover cannot inject links, commands or HTML', () => {
  const evil = PF.replace('Recipient address\n    rejected: User unknown in virtual mailbox table',
    '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> `x`\n    rejected');
  assert.notEqual(evil, PF);
  const h = hover(evil, 'Status: 5.1.1', '5.1.1')!;
  const outside = h.replace(/(`+)[\s\S]*?\1/g, '');
  assert.doesNotMatch(outside, /\]\(command:|<img|onerror/);
});

test('problems: one error per failed recipient on its Status: value, naming recipient, code and reason', () => {
  const ex = read('ndr/exchange2007-two-recipients.eml');
  const d = service.doValidation(doc(ex));
  assert.deepEqual(d.map(x => [x.severity, x.range.start.line, x.code, x.source]), [
    [1, lineOf(ex, 'Status: 5.1.1'), '5.1.1', 'smtp-ndr'],
    [1, lineOf(ex, 'Status: 5.2.2'), '5.2.2', 'smtp-ndr'],
  ]);
  assert.equal(d[0].message, 'bob.baker@example.com: 5.1.1 (reply 550) Unknown recipient (userunknown, hard bounce)');
  assert.equal(ex.split('\n')[d[1].range.start.line].slice(d[1].range.start.character, d[1].range.end.character), '5.2.2');
});

test('problems: a delayed recipient is a warning; a bounce read from text points at the reply', () => {
  const dl = read('generated/postfix-dsn-delayed-4.4.1.eml');
  assert.deepEqual(service.doValidation(doc(dl)).map(x => [x.severity, x.code]), [[2, '4.4.1']]);
  const q = read('ndr/qmail.txt');
  const d = service.doValidation(doc(q));
  assert.deepEqual(d.map(x => [x.range.start.line, x.message]), [
    [lineOf(q, 'Remote host said: 550'), 'dave@example.com: 5.1.1 (reply 550) Unknown recipient (userunknown, hard bounce); answers RCPT TO'],
    [lineOf(q, 'Remote host said: 552'), 'erin@example.com: 5.3.4 (reply 552) Message too large (mesgtoobig, soft bounce); answers end of data'],
  ]);
});

test('problems: a report read from a base64 part points at the part header (its text has no place in the document)', () => {
  const b = read('ndr/base64-dsn.eml');
  const d = service.doValidation(doc(b));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code]), [[lineOf(b, 'Content-Transfer-Encoding: base64'), '5.1.2']]);
  assert.match(hover(b, 'Content-Transfer-Encoding: base64', 'Content')!, /Bounce reason: hostunknown/);
});

test('no problems for a success notice, a feedback report, an auto-reply or an ordinary mail', () => {
  for (const f of ['generated/postfix-dsn-success-expanded.eml', 'ndr/arf-feedback.eml', 'ndr/autoreply.eml', 'ndr/plain-mail.eml']) {
    assert.deepEqual(service.doValidation(doc(read(f))), [], f);
  }
});

test('outline: the report with each recipient (status, reason, hard/soft), then the returned message', () => {
  const ex = read('ndr/exchange2007-two-recipients.eml');
  const s = service.findDocumentSymbols(doc(ex)).result;
  assert.deepEqual(s.map(x => x.name), ['Bounce: 2 failed', 'Returned message: Minutes of the board meeting']);
  assert.equal(s[0].detail, 'Exchange 2007-2019 - Undeliverable: Minutes of the board meeting');
  assert.deepEqual(s[0].children!.map(c => [c.name, c.detail]), [
    ['bob.baker@example.com', 'failed 5.1.1 userunknown (hard)'],
    ['carol.clark@example.com', 'failed 5.2.2 mailboxfull (soft)'],
  ]);
  assert.equal(s[0].children![0].selectionRange.start.line, lineOf(ex, 'Status: 5.1.1'));
  assert.equal(s[1].range.start.line, lineOf(ex, 'Received: from ws12.example.com', lineOf(ex, 'Content-Type: message/rfc822')));
  const bb = service.findDocumentSymbols(doc(read('generated/postfix-dsn-bounce-of-bounce.eml'))).result;
  assert.match(bb[1].detail!, /itself a bounce/);
  assert.deepEqual(service.findDocumentSymbols(doc(read('ndr/plain-mail.eml'))).result, []);
});

test('folding: the header block, every MIME part, the returned message and its headers', () => {
  const ex = read('ndr/exchange2007-two-recipients.eml');
  const f = service.getFoldingRanges(doc(ex)).result;
  const starts = new Map(f.map(r => [r.startLine, r.endLine]));
  assert.equal(starts.get(0), lineOf(ex, 'Subject: Undeliverable:'));
  const rfc = lineOf(ex, 'Content-Type: message/rfc822');
  assert.equal(starts.get(rfc - 1), lineOf(ex, 'Please find the minutes attached.'));   // the part, from its boundary line; trailing blank lines stay visible
  const hdr = lineOf(ex, 'Received: from ws12.example.com', rfc);
  assert.equal(starts.get(hdr), lineOf(ex, 'Content-Type: text/plain; charset="us-ascii"', rfc));
  assert.equal(starts.get(lineOf(ex, 'Content-Type: message/delivery-status') - 1), lineOf(ex, 'Diagnostic-Code: smtp;550 5.2.2'));
  // ranges never start twice on one line
  assert.equal(new Set(f.map(r => r.startLine)).size, f.length);
});

test('folding: a returned message pasted into the text folds from its marker line; the limit keeps outer ranges', () => {
  const q = read('ndr/qmail.txt');
  const f = service.getFoldingRanges(doc(q)).result;
  assert.ok(f.some(r => r.startLine === lineOf(q, '--- Below this line') && r.endLine === lineOf(q, 'Shall we meet')));
  const one = service.getFoldingRanges(doc(q), 1);
  assert.equal(one.result.length, 1);
  assert.equal(one.limited, true);
});

test('CRLF documents: positions are the same as in the editor', () => {
  const eo = read('ndr/exchange-online-5.1.10.eml');
  assert.ok(eo.includes('\r\n'));
  const d = service.doValidation(doc(eo));
  const l = eo.split(/\r\n/)[d[0].range.start.line];
  assert.equal(l.slice(d[0].range.start.character, d[0].range.end.character), '5.1.10');
});
