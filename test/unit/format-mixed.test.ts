import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, hoverAt, lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { DIALECTS, mixedDialect } from '../../server/src/core/scanner/dialects';

const FIX = path.join(__dirname, '../../../test/fixtures');
const POSTFIX = readFileSync(path.join(FIX, 'generated/postfix-maillog-mx-a.log'), 'utf8');
const SWAKS = readFileSync(path.join(FIX, 'generated/swaks-pipelining.txt'), 'utf8');
const EXIM = readFileSync(path.join(FIX, 'exim/mainlog.log'), 'utf8');
const MIX = POSTFIX + SWAKS + EXIM;

test('concatenated logs of several formats are read line by line', () => {
  assert.equal(parse(MIX).log.format, 'mixed');
  const syms = service.findDocumentSymbols(parse(MIX)).result;
  const names = syms.map(s => s.name);
  // each part's messages under the connection that received them, as in the part alone
  const under = (conn: string) => syms.find(s => s.name.startsWith(conn))?.children?.map(c => c.name) ?? [];
  assert.ok(under('localhost[127.0.0.1] (smtpd[12946]) Nov 24 12:57:28 - delivered').includes('BEC9720C5D0 Nov 24 12:57:28 - delivered'), names.join('\n'));
  assert.ok(names.includes('to 127.0.0.1:2526 - delivered, 2 recipients refused (550 5.1.1)'));
  assert.ok(under('mail.partner.example [198.51.100.7]:50211').includes('1sCUab-000Ab1-7Q 2024-05-06 11:02:11 - delivered, 1 recipient refused (550 5.1.1)'));
});

test('problems of each part are the problems the part has alone, on the same lines', () => {
  const alone = (t: string, offset: number) => service.doValidation(parse(t)).map(d => [d.range.start.line + offset, d.code]);
  const pLines = POSTFIX.split('\n').length - 1, sLines = SWAKS.split('\n').length - 1;
  const expected = [...alone(POSTFIX, 0), ...alone(SWAKS, pLines), ...alone(EXIM, pLines + sLines)];
  assert.deepEqual(service.doValidation(parse(MIX)).map(d => [d.range.start.line, d.code]), expected);
});

test('a swaks reply in the mixed file still pairs with its pipelined RCPT', () => {
  const h = hoverAt(MIX, '<** 550 5.1.1', '550')!;
  assert.match(h, /Answers `RCPT TO:<nosuch@b\.example\.test>`/);
});

test('unknown lines inside a known format stay plain text without problems', () => {
  const t = dedent(`
    Nov 24 12:57:28 mx-b postfix/smtpd[12948]: connect from localhost[127.0.0.1]
    some note somebody typed: 550 is bad
    Nov 24 12:57:28 mx-b postfix/smtpd[12948]: NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 554 5.7.1 <x@example.org>: Relay access denied; from=<a@example.net> to=<x@example.org> proto=ESMTP helo=<c.example.net>
    Nov 24 12:57:28 mx-b postfix/smtpd[12948]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4
  `);
  const doc = parse(t);
  assert.equal(doc.log.format, 'postfix');
  assert.equal(doc.log.kind[1], LineKind.Other);
  assert.deepEqual(service.doValidation(doc).map(d => d.range.start.line), [2]);
});

test('a format nobody knows stays plain text with no problems', () => {
  const t = dedent(`
    id,status,detail
    1,550,mailbox full
    2,250,ok
    3,451,try later
  `);
  const doc = parse(t);
  assert.equal(doc.log.format, 'plain');
  assert.deepEqual(service.doValidation(doc), []);
});

test('unknown lines between two formats belong to neither', () => {
  const t = POSTFIX.split('\n').slice(0, 12).join('\n') + '\n-- cut here --\n' + SWAKS;
  const m = parse(t).log;
  assert.equal(m.format, 'mixed');
  const cut = lineOf(t, '-- cut here --');
  assert.equal(m.kind[cut], LineKind.Other);
  assert.equal(m.session[cut], -1);
});

test('mixed: every line hook any format has is forwarded, and a line means the same inside a mixed file as alone', () => {
  const hooks = new Set<string>();
  for (const d of DIALECTS) if (d !== mixedDialect) for (const [k, v] of Object.entries(d)) if (typeof v === 'function' && !['sniff', 'createState', 'classify', 'tokens'].includes(k)) hooks.add(k);
  for (const h of hooks) assert.equal(typeof (mixedDialect as unknown as Record<string, unknown>)[h], 'function', `mixed forwards ${h}`);
  // an exim mainlog followed by IIS rows: the IIS reply text is decoded ("+" -> " ") as in an IIS log alone
  const iis = readFileSync(path.join(__dirname, '../../../test/fixtures/iis/ex240305.log'), 'utf8');
  const exim = readFileSync(path.join(__dirname, '../../../test/fixtures/exim/mainlog.log'), 'utf8');
  const alone = service.doValidation(parse(iis)).map(d => d.message);
  const mixed = service.parse(exim + iis, 'smtp-log', { format: 'mixed' });
  assert.equal(mixed.log.format, 'mixed');
  const inMixed = service.doValidation(mixed).map(d => d.message);
  const tss = inMixed.find(m => m.includes('TSS04'));
  assert.ok(tss, 'the IIS 421 is a problem in the mixed file');
  assert.doesNotMatch(tss, /\+Messages\+from/);
  for (const m of alone) assert.ok(inMixed.includes(m), `same problem in the mixed file: ${m}`);
});
