/**
 * Sessions show TLS and authentication where the log writes them, and the SPF / DKIM / DMARC verdicts
 * of the filters beside the MTA: in the outline detail, the hover of the session's first line or of the
 * fact's line, and the session / message records. Fixtures: generated postfix and swaks STARTTLS runs,
 * the Exchange protocol log and exim mainlog fixtures, and hand-written lines from the documented formats.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, lineOf, parse, service } from '../helpers/log';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { sessionSecurity, securityOfLine } from '../../server/src/core/parser/security';
import { LogStream, type LogRecord, type MessageRecord, type SessionRecord } from '../../server/src/core/smtpLanguageService';

const FIX = path.join(__dirname, '../../../test/fixtures');
const read = (rel: string) => readFileSync(path.join(FIX, rel), 'utf8');
const FILTERS = read('postfix/filters-tls-auth.log');
const plain = (h: string | undefined) => (h ?? '').replace(/\\(.)/g, '$1');

function hover(text: string, lineNeedle: string, col = 3): string | undefined {
  const h = service.doHover(parse(text), { line: lineOf(text, lineNeedle), character: col });
  return h ? plain((h.contents as { value: string }).value) : undefined;
}
/** each session of the outline (a message nested under its connection too), in order: its name without time and outcome, and its detail */
function details(text: string): string[] {
  const out: string[] = [];
  const walk = (syms: DocumentSymbol[]) => {
    for (const s of syms) {
      if (s.kind !== SymbolKind.Module && s.kind !== SymbolKind.Object) continue;
      out.push(`${s.name.replace(/ (?:[A-Z][a-z]{2} \d{1,2} |\d{4}-\d\d-\d\d )?\d\d:\d\d(?::\d\d)? - .*$/, '')} | ${s.detail}`);
      walk(s.children ?? []);
    }
  };
  walk(service.findDocumentSymbols(parse(text)).result);
  return out;
}
function records(name: string, text: string): LogRecord[] {
  const recs: LogRecord[] = [];
  const s = new LogStream({ onRecord: r => recs.push(r) });
  s.beginFile({ path: name, modified: new Date('2026-12-01T00:00:00Z') });
  s.write(Buffer.from(text));
  s.endFile();
  s.end();
  return recs;
}

test('postfix: TLS of the smtpd connection, SASL of the message, the filters\' verdicts joined to the message or connection', () => {
  // the messages nested under the connection that received them
  assert.deepEqual(details(FILTERS), [
    'mail.partner.example[198.51.100.7] (smtpd[2201]) | 1 s, 4 lines · TLSv1.3 (TLS_AES_256_GCM_SHA384) · SPF pass',
    '4F2A31C0D4 | 1 s, 8 lines · DKIM pass (partner.example) · DMARC pass',
    'laptop.corp.example[203.0.113.50] (smtpd[2301]) | 1 s, 3 lines · TLSv1.2 (ECDHE-RSA-AES256-GCM-SHA384) · AUTH',
    '5B3C42D1E5 | from=<carol@corp.example>, 2 s, 6 lines · AUTH PLAIN as carol@corp.example · DKIM signed (corp.example)',
    'unknown[192.0.2.200] (smtpd[2301]) | 1 s, 3 lines · AUTH failed LOGIN',
  ]);
  // the records say the same
  const recs = records('filters-tls-auth.log', FILTERS);
  const sessions = recs.filter(r => r['smtp.record'] === 'session') as SessionRecord[];
  const msgs = recs.filter(r => r['smtp.record'] === 'message') as MessageRecord[];
  assert.deepEqual(sessions.map(r => [r['smtp.tls'], r['smtp.tls_version'], r['smtp.tls_cipher'], r['smtp.auth'], r['smtp.spf']]), [
    [true, 'TLSv1.3', 'TLS_AES_256_GCM_SHA384', undefined, 'pass'],
    [true, 'TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384', 'yes', undefined],
    [undefined, undefined, undefined, 'failed', undefined],
  ]);
  const m1 = msgs.find(r => r['smtp.queue_id'] === '4F2A31C0D4')!;
  assert.deepEqual([m1['smtp.dkim'], m1['smtp.dmarc'], m1['smtp.auth']], ['pass', 'pass', undefined]);
  const m2 = msgs.find(r => r['smtp.queue_id'] === '5B3C42D1E5')!;
  assert.deepEqual([m2['smtp.auth'], m2['smtp.auth_user'], m2['smtp.dkim']], ['PLAIN', 'carol@corp.example', 'signed']);
});

test('hover: the session\'s first line and the fact\'s line show the facts in a section of their own', () => {
  const first = hover(FILTERS, 'connect from mail.partner.example')!;
  assert.match(first, /Security of this session/);
  assert.match(first, /TLS: `TLSv1\.3`, cipher `TLS_AES_256_GCM_SHA384` \(anonymous\) \(line 2\)/);
  assert.match(first, /SPF: `pass` for `partner\.example` \(line 3\)/);
  const tlsLine = hover(FILTERS, 'Anonymous TLS connection established from mail.partner')!;
  assert.match(tlsLine, /TLS: `TLSv1\.3`, cipher `TLS_AES_256_GCM_SHA384` \(anonymous\)\n/);
  assert.match(hover(FILTERS, 'DKIM verification successful')!, /Security of this message[\s\S]*DKIM: `pass` for `partner\.example`[\s\S]*DMARC: `pass` for `partner\.example` \(line 8\)/);
  assert.match(hover(FILTERS, 'SASL LOGIN authentication failed')!, /Authentication: \*\*failed\*\*, `LOGIN`/);
  // a line of the session that states no fact gets no such section
  assert.doesNotMatch(hover(FILTERS, 'message-id=<e7f1@partner.example>', 1) ?? '', /Security of/);
  // a TLS line outside any session (the smtp client's) states its own facts
  assert.match(hover(FILTERS, 'Untrusted TLS connection established to')!, /Security of this line[\s\S]*`TLSv1\.3`.*\(untrusted\)/);
});

test('an offered STARTTLS is not TLS; one answered 220 is, with the version when a line names it (swaks, Exchange)', () => {
  const offered = dedent(`
    === Trying 127.0.0.1:25...
    === Connected to 127.0.0.1.
    <-  220 mx.example ESMTP
     -> EHLO client.example
    <-  250-mx.example
    <-  250-STARTTLS
    <-  250 SIZE 10240000
     -> MAIL FROM:<a@example.com>
    <-  250 2.1.0 Ok
     -> QUIT
    <-  221 2.0.0 Bye
  `);
  const m = parse(offered).log;
  assert.equal(m.format, 'swaks');
  assert.deepEqual(sessionSecurity(m, 0), {});
  const swaks = read('generated/swaks-starttls.txt');
  const sec = sessionSecurity(parse(swaks).log, 0);
  assert.deepEqual([sec.tls?.version, sec.tls?.cipher], ['TLSv1.3', 'TLS_AES_256_GCM_SHA384']);
  const failed = sessionSecurity(parse(read('generated/swaks-auth-failure-535.txt')).log, 0);
  assert.deepEqual([failed.auth?.mechanism, failed.auth?.failed], ['PLAIN', true]);
  const recv = read('exchange/RECV2024030509-1.LOG');
  const ex = details(recv);
  assert.ok(ex.some(d => /TLSv1\.2 \(CALG_AES_256\)$/.test(d)), ex.join('\n'));
  assert.ok(ex.some(d => /AUTH failed LOGIN$/.test(d)), ex.join('\n'));
});

test('exim X= / A= and CV=, sendmail STARTTLS= / AUTH=, Exchange X-ANONYMOUSTLS, Authentication-Results', () => {
  const exim = '2026-11-24 13:20:01 1sCUaz-000Ab1-7Q <= carol@corp.example H=(laptop) [203.0.113.50]:50123 I=[192.0.2.25]:587 P=esmtpsa X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no A=dovecot_plain:carol S=1200 id=x1@corp.example';
  assert.deepEqual(securityOfLine(exim, 0), {
    tls: { line: 0, version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', note: 'certificate not verified' },
    auth: { line: 0, mechanism: 'dovecot_plain', user: 'carol' },
  });
  // X= and A= of a delivery (=>) describe how the message left, not how it came in
  assert.equal(securityOfLine('2026-11-24 13:20:05 1sCUaz-000Ab1-7Q => dan@elsewhere.example R=smarthost T=remote_smtp H=relay.example [192.0.2.5] X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=yes A=plain C="250 OK"', 1), undefined);
  const eximMsgs = records('mainlog.log', read('exim/mainlog.log')).filter(r => r['smtp.record'] === 'message') as MessageRecord[];
  assert.equal(eximMsgs.find(r => r['smtp.queue_id'] === '1sCUab-000Ab1-7Q')?.['smtp.tls_version'], 'TLSv1.3');
  const sm = dedent(`
    Mar  4 08:15:21 relay sm-mta[5230]: STARTTLS=server, relay=out.partner.example [198.51.100.40], version=TLSv1.3, verify=NO, cipher=TLS_AES_256_GCM_SHA384, bits=256/256
    Mar  4 08:15:21 relay sm-mta[5230]: AUTH=server, relay=out.partner.example [198.51.100.40], authid=ann, mech=PLAIN, bits=0
    Mar  4 08:15:22 relay sm-mta[5230]: 424DFLqA005230: from=<ann@partner.example>, size=4211, class=0, nrcpts=1, msgid=<e7f1@partner.example>, proto=ESMTPSA, daemon=MTA, relay=out.partner.example [198.51.100.40]
  `);
  assert.equal(parse(sm).log.format, 'sendmail');
  assert.match(hover(sm, 'STARTTLS=server')!, /TLS: `TLSv1\.3`, cipher `TLS_AES_256_GCM_SHA384` \(server, verify=NO\)/);
  assert.match(hover(sm, 'AUTH=server')!, /Authentication: succeeded, `PLAIN` as `ann`/);
  assert.deepEqual(securityOfLine('2024-03-05T09:14:02.192Z,EX01\\Default Frontend EX01,08DC3CF1A2B40009,5,192.0.2.10:25,192.0.2.11:41622,*,,"TLS protocol SP_PROT_TLS1_3_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits"', 4)?.tls,
    { line: 4, version: 'TLSv1.3', cipher: 'CALG_AES_256' });
  const anon = dedent(`
    2024-03-05T09:20:00.001Z,EX01\\Default Frontend EX01,08DC3CF1A2B4000A,0,192.0.2.10:25,192.0.2.11:41700,+,,
    2024-03-05T09:20:00.002Z,EX01\\Default Frontend EX01,08DC3CF1A2B4000A,1,192.0.2.10:25,192.0.2.11:41700,>,"220 EX01.corp.example.com Microsoft ESMTP MAIL Service ready",
    2024-03-05T09:20:00.003Z,EX01\\Default Frontend EX01,08DC3CF1A2B4000A,2,192.0.2.10:25,192.0.2.11:41700,<,EHLO EX02.corp.example.com,
    2024-03-05T09:20:00.004Z,EX01\\Default Frontend EX01,08DC3CF1A2B4000A,3,192.0.2.10:25,192.0.2.11:41700,>,250  EX01.corp.example.com Hello [192.0.2.11] STARTTLS X-ANONYMOUSTLS,
    2024-03-05T09:20:00.005Z,EX01\\Default Frontend EX01,08DC3CF1A2B4000A,4,192.0.2.10:25,192.0.2.11:41700,<,X-ANONYMOUSTLS,
    2024-03-05T09:20:00.006Z,EX01\\Default Frontend EX01,08DC3CF1A2B4000A,5,192.0.2.10:25,192.0.2.11:41700,>,220 2.0.0 SMTP server ready,
  `);
  const am = parse(anon).log;
  assert.equal(am.format, 'exchange-protocol');
  assert.match(sessionSecurity(am, 0).tls?.note ?? '', /X-AnonymousTLS/);
  const ar = 'Nov 24 13:30:00 mx amavis[900]: (00900-01) Authentication-Results: mx.corp.example; spf=fail smtp.mailfrom=ann@partner.example; dkim=pass header.d=partner.example; dmarc=fail header.from=partner.example';
  const f = securityOfLine(ar, 0)!;
  assert.deepEqual([f.spf?.result, f.spf?.domain, f.dkim?.result, f.dkim?.domain, f.dmarc?.result], ['fail', 'partner.example', 'pass', 'partner.example', 'fail']);
  // lines that only mention the words state nothing
  assert.equal(securityOfLine('Nov 24 13:30:00 mx postfix/smtpd[1]: warning: TLS library problem: error:0A000126', 0), undefined);
});

test('bounce: the returned message\'s Authentication-Results (folded) are read: outline detail and hover', () => {
  const base = read('generated/postfix-dsn-relay-denied-5.7.1.eml');
  const at = base.indexOf('Return-Path: <carol@a.example.test>');
  assert.ok(at > 0);
  const ar = 'Authentication-Results: mx-a.example.test;\n\tspf=softfail smtp.mailfrom=carol@a.example.test;\n\tdkim=none;\n\tdmarc=fail (p=reject) header.from=a.example.test\n';
  const text = base.slice(0, at) + ar + base.slice(at);
  const doc = service.parse(text, 'smtp-ndr');
  const syms = service.findDocumentSymbols(doc).result;
  const returned = syms.find(s => s.name.startsWith('Returned message'))!;
  assert.match(returned.detail!, /SPF softfail · DKIM none · DMARC fail$/);
  const line = lineOf(text, 'dmarc=fail (p=reject)');
  const h = service.doHover(doc, { line, character: 3 });
  const v = plain((h!.contents as { value: string }).value);
  assert.match(v, /Authentication-Results\*\* of the returned message, written by `mx-a\.example\.test`/);
  assert.match(v, /SPF: `softfail` for `a\.example\.test`\n- DKIM: `none`\n- DMARC: `fail` for `a\.example\.test`/);
  assert.match(v, /DMARC alignment/);
  // without the header nothing is claimed
  const plainDoc = service.parse(base, 'smtp-ndr');
  assert.doesNotMatch(service.findDocumentSymbols(plainDoc).result.find(s => s.name.startsWith('Returned message'))!.detail!, /SPF|DKIM|DMARC/);
});
