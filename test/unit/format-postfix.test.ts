import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dedent, hoverAt, lineOf, parse, service } from '../helpers/log';
import { LineKind } from '../../server/src/core/scanner/tokens';
import { SessionFlag } from '../../server/src/core/parser/model';
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';

const FIX = path.join(__dirname, '../../../test/fixtures');
const MAILLOG = readFileSync(path.join(FIX, 'generated/postfix-maillog.log'), 'utf8');
const DEBUG = readFileSync(path.join(FIX, 'generated/postfix-debug-peer.log'), 'utf8');
const RFC3339 = readFileSync(path.join(FIX, 'postfix/rfc3339-long-ids.log'), 'utf8');

const names = (t: string) => service.findDocumentSymbols(parse(t)).result.map(s => s.name);

test('a real Postfix maillog is detected as Postfix syslog', () => {
  const m = parse(MAILLOG).log;
  assert.equal(m.format, 'postfix');
  assert.equal(parse(RFC3339).log.format, 'postfix');
  assert.equal(parse(DEBUG).log.format, 'postfix');
});

test('every 4xx/5xx of the real maillog is a problem and no delivery that succeeded is one', () => {
  const lines = MAILLOG.split('\n');
  const diags = service.doValidation(parse(MAILLOG));
  const expected = lines.map((l, i) => [l, i] as const)
    .filter(([l]) => /NOQUEUE: reject: .*: [45]\d\d |status=(deferred|bounced)|: reject: RCPT/.test(l)).map(([, i]) => i);
  assert.deepEqual(diags.map(d => d.range.start.line), expected);
  for (const d of diags) assert.doesNotMatch(lines[d.range.start.line], /status=sent/);
  const relay = diags.find(d => d.range.start.line === lineOf(MAILLOG, 'Relay access denied'))!;
  assert.equal(relay.severity, 1);
  assert.equal(relay.code, '554 5.7.1');
  assert.match(relay.message, /RCPT TO:<someone@example\.org>$/);
  const grey = diags.find(d => d.range.start.line === lineOf(MAILLOG, 'NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 450 4.2.0'))!;
  assert.equal(grey.severity, 2);
});

test('the problem range is the code inside the remote reply of a bounced delivery', () => {
  const l = lineOf(MAILLOG, 'status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1');
  const d = service.doValidation(parse(MAILLOG)).find(x => x.range.start.line === l)!;
  const text = MAILLOG.split('\n')[l];
  assert.equal(text.slice(d.range.start.character, d.range.end.character), '550 5.1.1');
  assert.match(d.message, /RCPT TO:<nosuch@b\.example\.test> via 127\.0\.0\.1\[127\.0\.0\.1\]:2526$/);
});

test('a client-side bounce without a remote code shows the DSN code and what it concerns', () => {
  const l = lineOf(MAILLOG, 'status=bounced (message size 6573 exceeds size limit');
  const d = service.doValidation(parse(MAILLOG)).find(x => x.range.start.line === l)!;
  assert.equal(d.code, '5.3.4');
  assert.equal(d.severity, 1);
  assert.match(d.message, /delivery to <bob@b\.example\.test>/);
});

test('outline: smtpd connections from connect to disconnect, each message under the connection that received it', () => {
  const syms = service.findDocumentSymbols(parse(MAILLOG)).result;
  const n = syms.map(s => s.name);
  assert.ok(n.includes('localhost[127.0.0.1] (smtpd[12948]) Nov 24 12:57:28 - 554 5.7.1 rejected'), n.join('\n'));
  // a connection that handed over a message says so (its disconnect counters: data=1), with the message under it
  const under = (id: string) => syms.find(s => s.children!.some(c => c.name.startsWith(id + ' ')));
  const conn = under('38AD420C5BC')!;
  assert.equal(conn.name, 'localhost[127.0.0.1] (smtpd[12948]) Nov 24 12:57:28 - delivered');
  const msg = conn.children!.find(c => c.name.startsWith('38AD420C5BC'))!;
  assert.equal(msg.name, '38AD420C5BC Nov 24 12:57:28 - delivered');
  assert.equal(msg.detail, 'from=<sender@example.net>, < 1 s, 5 lines');
  // its delivery and its removal from the queue under it
  assert.deepEqual(msg.children!.map(c => `${c.name} => ${c.detail}`), [
    'delivery to <bob@b.example.test> via virtual => 2.0.0 delivered to maildir',
    'removed => the message left the queue',
  ]);
  assert.equal(under('D40DC20C5D0')!.children!.find(c => c.name.startsWith('D40DC20C5D0'))!.name, 'D40DC20C5D0 Nov 24 12:57:28 - 550 5.1.1 rejected');
  // the message stays deferred (the duration runs from client= to its last line)
  const deferred = under('04C3320C5F5')!.children!.find(c => c.name.startsWith('04C3320C5F5'))!;
  assert.equal(deferred.name, '04C3320C5F5 Nov 24 12:57:29 - 4.4.1 deferred');
  assert.match(deferred.detail!, /^from=<dave@a\.example\.test>, 2 s, \d+ lines$/);
  // the greylisted message was deferred, then sent on the retry
  assert.ok(under('0F66520C334')!.children!.some(c => c.name === '0F66520C334 Nov 24 12:57:29 - delivered'));
  // the port probe: connect, lost connection, disconnect
  assert.equal(n[0], 'localhost[127.0.0.1] (smtpd[12946]) Nov 24 12:57:28 - no message');
  // the notices postfix sent about a message are under it, named by what they are
  const bounced = under('D40DC20C5D0')!.children!.find(c => c.name.startsWith('D40DC20C5D0'))!;
  assert.deepEqual(bounced.children!.map(c => c.name).filter(x => x.startsWith('bounce')), [
    'bounce to the sender: D6CE020C312 Nov 24 12:57:28 - delivered',
    'bounce to the postmaster: D8A3420C5DE Nov 24 12:57:28 - delivered',
  ]);
  // every entry encloses what is under it
  const inside = (p: DocumentSymbol): void => { for (const c of p.children ?? []) { assert.ok(c.range.start.line >= p.range.start.line && c.range.end.line <= p.range.end.line, `${c.name} inside ${p.name}`); inside(c); } };
  syms.forEach(inside);
});

/** All entries of an outline, depth first. */
function flat(syms: DocumentSymbol[]): DocumentSymbol[] { return syms.flatMap(s => [s, ...flat(s.children ?? [])]); }

test('postfix sessions appear once: a message under its connection, not beside it (generated maillogs)', () => {
  for (const [file, top, messages] of [['postfix-maillog.log', 32, 24], ['postfix-maillog-mx-a.log', 10, 17], ['postfix-maillog-mx-b.log', 22, 7]] as const) {
    const text = readFileSync(path.join(FIX, 'generated', file), 'utf8');
    const doc = parse(text);
    const m = doc.log;
    const syms = service.findDocumentSymbols(doc).result;
    const all = flat(syms);
    // each session is one entry: 55 sessions were 55 top-level entries, now 32 (connections, and messages whose
    // connection is not in the file, such as the notices postfix wrote itself)
    const sessionEntries = all.filter(s => s.kind === SymbolKind.Module || s.kind === SymbolKind.Object);
    assert.equal(sessionEntries.length, m.sessions.count, file);
    assert.equal(syms.length, top, `${file}: top-level entries`);
    assert.equal(all.filter(s => s.kind === SymbolKind.Object).length, messages, `${file}: messages`);
    // a message whose "client=" line its connection wrote is under that connection
    for (const l of text.split('\n').map((x, i) => [x, i] as const).filter(([x]) => /smtpd\[\d+\]: [0-9A-F]+: client=/.test(x)).map(([, i]) => i)) {
      const conn = syms.find(s => s.children!.some(c => c.selectionRange.start.line === l));
      assert.ok(conn && /\(smtpd\[\d+\]\)/.test(conn.name), `${file} line ${l + 1}`);
    }
  }
});

test('a message session holds every line of its queue id and ends at "removed"', () => {
  const doc = parse(MAILLOG);
  const m = doc.log;
  const first = lineOf(MAILLOG, '38AD420C5BC: client=');
  const s = m.session[first];
  assert.ok(m.sessions.flags[s] & SessionFlag.Message);
  const mine = MAILLOG.split('\n').map((l, i) => [l, i] as const).filter(([l]) => l.includes('38AD420C5BC:')).map(([, i]) => i);
  for (const i of mine) assert.equal(m.session[i], s, `line ${i + 1}`);
  assert.equal(m.sessions.last[s], lineOf(MAILLOG, '38AD420C5BC: removed'));
  assert.ok(m.sessions.flags[s] & SessionFlag.Closed);
  // the smtpd lines around it belong to the connection, not to the message
  assert.notEqual(m.session[lineOf(MAILLOG, 'connect from', first - 1)], s);
});

test('a queue id used again after "removed" is a new message', () => {
  const t = dedent(`
    Jan  2 10:00:00 mx postfix/pickup[10]: 4A1B2C3D4E: uid=0 from=<root>
    Jan  2 10:00:01 mx postfix/local[11]: 4A1B2C3D4E: to=<root@mx.example>, relay=local, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (delivered to mailbox)
    Jan  2 10:00:01 mx postfix/qmgr[12]: 4A1B2C3D4E: removed
    Jan  9 10:00:00 mx postfix/pickup[10]: 4A1B2C3D4E: uid=0 from=<root>
  `);
  const m = parse(t).log;
  assert.notEqual(m.session[0], m.session[3]);
  assert.deepEqual(names(t), ['4A1B2C3D4E from=<root> (pickup) Jan 2 10:00:00 - delivered', '4A1B2C3D4E from=<root> (pickup) Jan 9 10:00:00 - in queue']);
  // the delivery and the removal of the first one under it; its duration from pickup to removal
  const first = service.findDocumentSymbols(parse(t)).result[0];
  assert.deepEqual(first.children!.map(c => c.name), ['delivery to <root@mx.example> via local', 'removed']);
  assert.equal(first.detail, '1 s, 3 lines');
});

test('hover on a remote reply inside a status=deferred line explains it and names the recipient', () => {
  const h = hoverAt(MAILLOG, 'said: 450 4.2.0', '450 4.2.0 <greylist')!;
  assert.match(h, /temporary/i);
  assert.match(h, /Concerns `RCPT TO:<greylist@b\.example\.test> via 127\.0\.0\.1\[127\.0\.0\.1\]:2526`/);
  assert.match(h, /Nov 24 12:57:29/);
});

test('hover on dsn= of a delivery explains the enhanced code', () => {
  const h = hoverAt(MAILLOG, 'dsn=4.4.1, status=deferred', '4.4.1')!;
  assert.match(h, /4\.4\.1/);
  assert.match(h, /temporary/i);
});

test('RFC 3339 timestamps, long queue ids, lmtp/smtp deliveries and postscreen', () => {
  const n = names(RFC3339);
  assert.deepEqual(n, [
    '[203.0.113.50]:40112 (postscreen[812]) 2024-03-05 09:14:02 - 550 5.7.1 rejected',
    '[198.51.100.23]:51544 (postscreen[812]) 2024-03-05 09:14:02 - no message',
    'relay.partner.example[198.51.100.23] (smtpd[2301]) 2024-03-05 09:14:09 - delivered',
    'unknown[192.0.2.200] (smtpd[2301]) 2024-03-05 09:20:44 - 454 4.7.1 deferred',
  ]);
  // the message under the connection that received it
  const conn = service.findDocumentSymbols(parse(RFC3339)).result[2];
  assert.deepEqual(conn.children!.map(c => c.name), [
    '4TqGxF1Zr7z9sWx 2024-03-05 09:14:09 - delivered, 1 recipient refused (550 5.7.1)',
    '1 message accepted in this connection (the queue id lines tell what became of it)',
  ]);
  const d = service.doValidation(parse(RFC3339));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code]), [
    [lineOf(RFC3339, 'blocked using zen'), '550 5.7.1'],
    [lineOf(RFC3339, 'Message rejected as spam'), '550 5.7.1'],
    [lineOf(RFC3339, 'Relay access denied'), '454 4.7.1'],
  ]);
  assert.match(d[1].message, /the end of the message data for <jo@elsewhere\.example> via mx\.elsewhere\.example/);
});

test('debug_peer transcripts: commands and replies of smtpd and of the smtp client are paired', () => {
  const m = parse(DEBUG).log;
  // smtpd (server side): "<" received command, ">" sent reply
  const rcpt = lineOf(DEBUG, 'postfix/smtpd[13499]: < localhost[127.0.0.1]: RCPT TO:<nosuch@b.example.test>');
  assert.equal(m.kind[rcpt], LineKind.Command);
  const r = m.pair[rcpt];
  assert.match(DEBUG.split('\n')[r], /> localhost\[127\.0\.0\.1\]: 550 5\.1\.1 <nosuch@b\.example\.test>/);
  // smtp (client side): ">" sent command, "<" received reply; pipelined MAIL/RCPT/DATA
  const mail = lineOf(DEBUG, 'postfix/smtp[13507]: > 127.0.0.1[127.0.0.1]:2526: MAIL FROM:<alice@a.example.test>');
  assert.match(DEBUG.split('\n')[m.pair[mail]], /< 127\.0\.0\.1\[127\.0\.0\.1\]:2526: 250 2\.1\.0 Ok/);
  assert.ok(m.sessions.flags[m.session[mail]] & SessionFlag.Outbound);
  const dot = lineOf(DEBUG, 'postfix/smtp[13507]: > 127.0.0.1[127.0.0.1]:2526: .');
  assert.match(DEBUG.split('\n')[m.pair[dot]], /250 2\.0\.0 Ok: queued as/);
  // each greeting the client reads opens a new outbound connection
  const n = names(DEBUG);
  assert.ok(n.includes('to 127.0.0.1[127.0.0.1]:2526 (smtp[13507]) Nov 24 12:57:36 - delivered'), n.join('\n'));
  assert.ok(n.includes('to 127.0.0.1[127.0.0.1]:2526 (smtp[13507]) Nov 24 12:57:36 - 550 5.1.1 rejected'));
  // the internal chatter after "221 Bye" opens no session of its own
  assert.ok(!n.some(x => /^smtpd\[/.test(x)), n.join('\n'));
});

test('hover on the debug marker says sent or received', () => {
  assert.match(hoverAt(DEBUG, 'smtp[13507]: > 127.0.0.1[127.0.0.1]:2526: EHLO', '> 127')!, /sent/);
  assert.match(hoverAt(DEBUG, 'smtp[13507]: < 127.0.0.1[127.0.0.1]:2526: 220', '< 127')!, /received/);
});

test('other syslog programs and plain text are not taken for Postfix', () => {
  const t = dedent(`
    Nov 24 12:57:28 host sshd[811]: Accepted publickey for root from 192.0.2.1 port 50000 ssh2
    Nov 24 12:57:29 host CRON[900]: (root) CMD (run-parts /etc/cron.hourly)
    The delivery said: 550 but this is prose.
  `);
  assert.notEqual(parse(t).log.format, 'postfix');
  assert.deepEqual(service.doValidation(parse(t)), []);
});

test('reject_warning (test mode) is not a failure; milter and header rejects are', () => {
  const t = dedent(`
    Jan  2 10:00:00 mx postfix/smtpd[20]: connect from a.example[192.0.2.5]
    Jan  2 10:00:01 mx postfix/smtpd[20]: NOQUEUE: reject_warning: RCPT from a.example[192.0.2.5]: 550 5.7.1 <x@mx.example>: would be rejected; from=<s@a.example> to=<x@mx.example> proto=ESMTP helo=<a.example>
    Jan  2 10:00:02 mx postfix/smtpd[20]: 3F2A11C0: client=a.example[192.0.2.5]
    Jan  2 10:00:03 mx postfix/cleanup[21]: 3F2A11C0: milter-reject: END-OF-MESSAGE from a.example[192.0.2.5]: 5.7.1 Spam detected; from=<s@a.example> to=<y@mx.example> proto=ESMTP helo=<a.example>
    Jan  2 10:00:03 mx postfix/smtpd[20]: disconnect from a.example[192.0.2.5] ehlo=1 mail=1 rcpt=1 data=0/1 quit=1 commands=4/5
  `);
  const d = service.doValidation(parse(t));
  assert.deepEqual(d.map(x => [x.range.start.line, x.code, x.severity]), [[3, '5.7.1', 1]]);
  assert.match(d[0].message, /end of the message data/);
});

test('rejects of one smtpd process without its "connect from" line are one session per client', () => {
  const t = dedent(`
    Mar  5 10:00:00 mx postfix/smtpd[812]: NOQUEUE: reject: RCPT from a.example.net[192.0.2.65]: 554 5.7.1 <x@example.com>: Relay access denied; from=<s@example.net> to=<x@example.com> proto=ESMTP helo=<a>
    Mar  5 10:00:01 mx postfix/smtpd[812]: NOQUEUE: reject: RCPT from a.example.net[192.0.2.65]: 554 5.7.1 <y@example.com>: Relay access denied; from=<s@example.net> to=<y@example.com> proto=ESMTP helo=<a>
    Mar  5 10:05:00 mx postfix/smtpd[812]: NOQUEUE: reject: RCPT from b.example.net[192.0.2.66]: 450 4.7.1 <z@example.com>: Recipient address rejected: Greylisted; from=<t@example.net> to=<z@example.com> proto=ESMTP helo=<b>
    Mar  5 10:05:02 mx postfix/smtpd[812]: disconnect from b.example.net[192.0.2.66] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4
    Mar  5 10:06:00 mx postfix/smtpd[812]: connect from c.example.net[192.0.2.67]
    Mar  5 10:06:01 mx postfix/smtpd[812]: NOQUEUE: reject: RCPT from c.example.net[192.0.2.67]: 550 5.1.1 <w@example.com>: Recipient address rejected: User unknown in local recipient table; from=<u@example.net> to=<w@example.com> proto=ESMTP helo=<c>
    Mar  5 10:06:02 mx postfix/smtpd[812]: disconnect from c.example.net[192.0.2.67] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4
  `);
  assert.deepEqual(names(t), [
    'a.example.net[192.0.2.65] (smtpd[812]) Mar 5 10:00:00 - 554 5.7.1 rejected',
    'b.example.net[192.0.2.66] (smtpd[812]) Mar 5 10:05:00 - 450 4.7.1 deferred',
    'c.example.net[192.0.2.67] (smtpd[812]) Mar 5 10:06:00 - 550 5.1.1 rejected',
  ]);
  const m = parse(t).log;
  // the disconnect closes the session of the client it names
  assert.equal(m.session[3], m.session[2]);
  assert.equal(m.session[6], m.session[4]);
});

test('session transcript of a message (queue id) and of a connection (smtpd pid), read again as postfix', () => {
  const doc = parse(MAILLOG);
  for (const needle of ['D40DC20C5D0: client=', 'NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 554 5.7.1']) {
    const l = lineOf(MAILLOG, needle);
    const t = service.sessionTranscript(doc, l)!;
    const s = doc.log.session[l];
    assert.deepEqual(t.lines, MAILLOG.split('\n').map((_, i) => i).filter(i => doc.log.session[i] === s));
    const again = parse(t.text);
    assert.equal(again.log.format, 'postfix');
    assert.equal(again.log.sessions.count, 1);
    const entry = flat(service.findDocumentSymbols(doc).result).find(x => x.selectionRange.start.line === doc.log.sessions.first[s] && / - /.test(x.name))!;
    assert.equal(service.findDocumentSymbols(again).result[0].name.split(' - ')[1], entry.name.split(' - ')[1]);
    assert.deepEqual(service.doValidation(again).map(d => t.lines[d.range.start.line]),
      service.doValidation(doc).map(d => d.range.start.line).filter(x => doc.log.session[x] === s));
  }
});

test('host-aware rules in a log: a Gmail wording is explained as Google\'s only when a Google host said it', () => {
  const line = (host: string) => `Dec  1 10:00:00 mx postfix/smtp[9]: ABCDE12345: to=<a@b.example>, relay=${host}[192.0.2.5]:25, delay=1, delays=0/0/0/1, dsn=4.7.0, status=deferred (host ${host}[192.0.2.5] said: 421 4.7.0 Try again later, closing connection. (EHLO))`;
  const hg = hoverAt(line('gmail-smtp-in.l.google.com'), 'said:', '421') ?? '';
  const ho = hoverAt(line('mx.example.net'), 'said:', '421') ?? '';
  assert.match(hg, /Explained as Google's reply: it came from `gmail-smtp-in\.l\.google\.com`/);
  assert.match(hg, /denial-of-service protection/);
  assert.match(ho, /means something specific from Google hosts; it came from `mx\.example\.net`, so this is the generic explanation/);
  assert.doesNotMatch(ho, /denial-of-service protection/);
});
