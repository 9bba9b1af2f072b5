/**
 * Generators of SMTP logs and bounces for the property layer (test/unit/property.test.ts) and the
 * stress script (test/bench/stress.ts). Each format is a header and line templates written after the
 * project's fixtures; a template takes fields (code, address, host, text ...) so fast-check can fill
 * them with hostile values (control characters, bidi overrides, brackets, very long runs) and the
 * stress script can fill them deterministically to any size.
 */
import fc from 'fast-check';

export interface Fields {
  /** running number of the line (ids, times) */
  i: number;
  code: number;
  enhanced: string;
  addr: string;
  host: string;
  text: string;
  /** a session / queue / process key; a small number so lines share sessions */
  key: number;
}

export interface FormatGen {
  id: string;
  /** language id the document is opened with */
  languageId: 'smtp-log' | 'smtp-ndr';
  header: string[];
  /** lines that make the format recognisable (written after the header, before generated lines) */
  lead: string[];
  lines: ((f: Fields) => string)[];
}

const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
const two = (n: number) => String(n % 60).padStart(2, '0');
const tm = (i: number) => `${String(8 + ((i / 3600) | 0) % 12).padStart(2, '0')}:${two((i / 60) | 0)}:${two(i)}`;
const reply = (f: Fields) => `${f.code} ${f.enhanced} ${f.text}`;

export const FORMATS: FormatGen[] = [
  {
    id: 'exchange-transcript', languageId: 'smtp-log', header: [],
    lead: ['4/2/01 8:02:10 AM : A connection was accepted from 192.0.2.44', '4/2/01 8:02:10 AM : >>> 220 mail.contoso.example Microsoft ESMTP MAIL Service ready'],
    lines: [
      f => `4/2/01 8:02:11 AM : A connection was accepted from ${f.host}`,
      f => `4/2/01 8:02:11 AM : <<< EHLO ${f.host}`,
      f => `4/2/01 8:02:11 AM : >>> 250-${f.host} Hello`,
      () => '250-PIPELINING',
      f => `4/2/01 8:02:11 AM : >>> 250 ${f.text}`,
      f => `4/2/01 8:02:12 AM : <<< MAIL FROM:<${f.addr}>`,
      f => `4/2/01 8:02:12 AM : <<< RCPT TO:<${f.addr}>`,
      f => `4/2/01 8:02:12 AM : >>> ${reply(f)}`,
      () => '4/2/01 8:02:13 AM : <<< QUIT',
    ],
  },
  {
    id: 'exchange-protocol', languageId: 'smtp-log',
    header: ['#Software: Microsoft Exchange Server', '#Version: 15.01.2507.035', '#Log-type: SMTP Receive Protocol Log', '#Date: 2024-03-04T08:00:00.000Z',
      '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context'],
    lead: [],
    lines: [
      f => `2024-03-04T08:00:00.000Z,EX01\\Default,08DC3C1E${hex(f.key, 8)},${f.i},10.0.0.1:25,198.51.100.1:40000,+,,`,
      f => `2024-03-04T08:00:00.001Z,EX01\\Default,08DC3C1E${hex(f.key, 8)},${f.i},10.0.0.1:25,198.51.100.1:40000,<,RCPT TO:<${f.addr}>,`,
      f => `2024-03-04T08:00:00.002Z,EX01\\Default,08DC3C1E${hex(f.key, 8)},${f.i},10.0.0.1:25,198.51.100.1:40000,>,"${reply(f)}",`,
      f => `2024-03-04T08:00:00.003Z,EX01\\Default,08DC3C1E${hex(f.key, 8)},${f.i},10.0.0.1:25,198.51.100.1:40000,*,,${f.text}`,
      f => `2024-03-04T08:00:00.004Z,EX01\\Default,08DC3C1E${hex(f.key, 8)},${f.i},10.0.0.1:25,198.51.100.1:40000,-,,`,
    ],
  },
  {
    id: 'iis-smtp', languageId: 'smtp-log',
    header: ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Date: 2024-03-05 08:00:02',
      '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)'],
    lead: [],
    lines: [
      f => `2024-03-05 ${tm(f.i)} 198.51.100.${f.key % 250} ${f.host} SMTPSVC1 MAILGW01 192.0.2.10 0 EHLO - +${f.host} 250 0 262 20 0 SMTP - - - -`,
      f => `2024-03-05 ${tm(f.i)} 198.51.100.${f.key % 250} ${f.host} SMTPSVC1 MAILGW01 192.0.2.10 0 MAIL - +FROM:<${f.addr}> 250 0 40 20 0 SMTP - - - -`,
      f => `2024-03-05 ${tm(f.i)} 198.51.100.${f.key % 250} ${f.host} SMTPSVC1 MAILGW01 192.0.2.10 0 RCPT - +TO:<${f.addr}> ${f.code} 0 40 20 0 SMTP - - - -`,
      f => `2024-03-05 ${tm(f.i)} 198.51.100.${f.key % 250} ${f.host} SMTPSVC1 MAILGW01 192.0.2.10 0 QUIT - ${f.host} 240 0 40 20 0 SMTP - - - -`,
    ],
  },
  {
    id: 'exchange-msgtrk', languageId: 'smtp-log',
    header: ['#Software: Microsoft Exchange Server', '#Version: 15.2.1118.7', '#Log-type: Message Tracking Log', '#Date: 2024-03-05T09:00:00.000Z',
      '#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version'],
    lead: [],
    lines: [
      f => `2024-03-05T09:14:02.110Z,192.0.2.10,EX01,192.0.2.10,EX01,,,STOREDRIVER,RECEIVE,${7301444 + f.key},<d4f2aa${f.key}@EX01.corp.example.com>,2e3f4a5b-6c7d-8e9f-0a1b-2c3d4e5f6a7b,${f.addr},,3120,1,,,Offer,anna.berg@example.com,anna.berg@example.com,,Originating,,,,,Email,0f7a40,15.02.1118.007`,
      f => `2024-03-05T09:20:11.219Z,,,192.0.2.10,EX01,,,ROUTING,FAIL,${7301444 + f.key},<d4f2aa${f.key}@EX01.corp.example.com>,1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f,${f.addr},${reply(f)},6120,1,,,Budget,anna.berg@example.com,anna.berg@example.com,,Originating,,,,,Email,0f7a31,15.02.1118.007`,
    ],
  },
  {
    id: 'postfix', languageId: 'smtp-log', header: [], lead: [],
    lines: [
      f => `Nov 24 ${tm(f.i)} mx-a postfix/smtpd[${f.key}]: connect from ${f.host}[127.0.0.1]`,
      f => `Nov 24 ${tm(f.i)} mx-a postfix/smtpd[${f.key}]: NOQUEUE: reject: RCPT from ${f.host}[127.0.0.1]: ${reply(f)}; from=<s@example.net> to=<${f.addr}> proto=ESMTP helo=<${f.host}>`,
      f => `Nov 24 ${tm(f.i)} mx-a postfix/smtp[${f.key}]: D40DC${hex(f.key, 5)}: to=<${f.addr}>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.01, delays=0/0/0/0.01, dsn=${f.enhanced}, status=bounced (host ${f.host}[127.0.0.1] said: ${reply(f)} (in reply to RCPT TO command))`,
      f => `Nov 24 ${tm(f.i)} mx-a postfix/smtpd[${f.key}]: disconnect from ${f.host}[127.0.0.1] commands=0/0`,
    ],
  },
  {
    id: 'sendmail', languageId: 'smtp-log', header: [], lead: [],
    lines: [
      f => `Mar  4 ${tm(f.i)} relay sm-mta[${f.key}]: 424DFLqA${String(f.key).padStart(6, '0')}: from=<${f.addr}>, size=4211, class=0, nrcpts=2, msgid=<e7f1@partner.example>, proto=ESMTPS, daemon=MTA, relay=${f.host} [198.51.100.40]`,
      f => `Mar  4 ${tm(f.i)} relay sm-mta[${f.key}]: 424DFLqA${String(f.key).padStart(6, '0')}: ruleset=check_rcpt, arg1=<${f.addr}>, relay=${f.host} [198.51.100.40], reject=${reply(f)}`,
      f => `Mar  4 ${tm(f.i)} relay sm-mta[${f.key}]: 424DFLqA${String(f.key).padStart(6, '0')}: to=<${f.addr}>, delay=00:00:02, xdelay=00:00:01, mailer=esmtp, pri=34211, relay=${f.host}. [192.0.2.20], dsn=${f.enhanced}, stat=Deferred: ${reply(f)}`,
    ],
  },
  {
    id: 'exim', languageId: 'smtp-log', header: [], lead: [],
    lines: [
      f => `2024-05-06 ${tm(f.i)} SMTP connection from ${f.host} [198.51.100.7]:${50000 + f.key} I=[192.0.2.25]:25 (TCP/IP connection count = 1)`,
      f => `2024-05-06 ${tm(f.i)} H=${f.host} [198.51.100.7]:${50000 + f.key} I=[192.0.2.25]:25 F=<ann@partner.example> rejected RCPT <${f.addr}>: ${f.text}`,
      f => `2024-05-06 ${tm(f.i)} 1sCUab-${hex(f.key, 6)}-7Q <= ${f.addr} H=${f.host} [198.51.100.7]:50211 P=esmtps S=4120`,
      f => `2024-05-06 ${tm(f.i)} 1sCUab-${hex(f.key, 6)}-7Q ** ${f.addr} R=dnslookup T=remote_smtp H=${f.host} [192.0.2.99]: SMTP error from remote mail server after RCPT TO:<${f.addr}>: ${reply(f)}`,
      f => `2024-05-06 ${tm(f.i)} 1sCUab-${hex(f.key, 6)}-7Q Completed`,
    ],
  },
  {
    id: 'swaks', languageId: 'smtp-log', header: [], lead: ['=== Trying 127.0.0.1:2526...', '=== Connected to 127.0.0.1.'],
    lines: [
      f => `<-  220 ${f.host} ESMTP`,
      f => ` -> EHLO ${f.host}`,
      f => `<-  250-${f.host}`,
      f => ` -> RCPT TO:<${f.addr}>`,
      f => `<** ${reply(f)}`,
      f => `<-  ${reply(f)}`,
      () => ' -> QUIT',
    ],
  },
  {
    id: 'smtplib', languageId: 'smtp-log', header: [], lead: ["connect: to ('127.0.0.1', 44787) None"],
    lines: [
      f => `reply: b'220 ${f.host} ESMTP ready\\r\\n'`,
      f => `send: 'ehlo ${f.host}\\r\\n'`,
      f => `reply: b'250-${f.host}\\r\\n'`,
      f => `send: 'rcpt TO:<${f.addr}>\\r\\n'`,
      f => `reply: b'${reply(f)}\\r\\n'`,
      f => `reply: retcode (${f.code}); Msg: b'${f.enhanced} ${f.text}'`,
    ],
  },
  {
    id: 'client-log', languageId: 'smtp-log', header: [], lead: [],
    lines: [
      f => `[2024-05-06 11:20:01] INFO  [Yp7Qx${f.key}] Connection established to 192.0.2.25:587`,
      f => `[2024-05-06 11:20:01] DEBUG [Yp7Qx${f.key}] S: 220 ${f.host} ESMTP ready`,
      f => `[2024-05-06 11:20:01] DEBUG [Yp7Qx${f.key}] C: RCPT TO:<${f.addr}>`,
      f => `[2024-05-06 11:20:01] DEBUG [Yp7Qx${f.key}] S: 250-${f.host}`,
      f => `[2024-05-06 11:20:02] DEBUG [Yp7Qx${f.key}] S: ${reply(f)}`,
    ],
  },
  {
    id: 'telnet', languageId: 'smtp-log', header: [], lead: ['$ telnet mx.example.test 25', 'Trying 192.0.2.25...', 'Connected to mx.example.test.', "Escape character is '^]'."],
    lines: [
      f => `220 ${f.host} ESMTP Postfix`,
      f => `EHLO ${f.host}`,
      f => `250-${f.host}`,
      f => `RCPT TO:<${f.addr}>`,
      f => reply(f),
    ],
  },
];

/** Bounces: each builds a whole document from a list of recipients' fields. */
export interface BounceGen { id: string; build(recipients: Fields[]): string }

export const BOUNCES: BounceGen[] = [
  {
    id: 'ndr-postfix-text',
    build: rs => ['From: MAILER-DAEMON@mx.example', 'Subject: Undelivered Mail Returned to Sender', '',
      'This is the mail system at host mx.example.', '', "I'm sorry to have to inform you that your message could not",
      'be delivered to one or more recipients.', '',
      ...rs.map(f => `<${f.addr}>: host ${f.host}[192.0.2.1] said: ${reply(f)} (in reply to RCPT TO command)`), ''].join('\n'),
  },
  {
    id: 'ndr-dsn',
    build: rs => ['From: MAILER-DAEMON@mx.example', 'Subject: Undelivered Mail Returned to Sender', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"', '', '--B1', 'Content-Type: text/plain', '',
      'Your message could not be delivered.', '', '--B1', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example', '',
      ...rs.flatMap(f => [`Final-Recipient: rfc822; ${f.addr}`, 'Action: failed', `Status: ${f.enhanced}`, `Diagnostic-Code: smtp; ${reply(f)}`, '']),
      '--B1--', ''].join('\n'),
  },
  {
    id: 'ndr-exchange',
    build: rs => ['From: postmaster@contoso.example', 'Subject: Undeliverable: hello', '', 'Delivery has failed to these recipients or groups:', '',
      ...rs.map(f => `${f.addr}`), '', 'Diagnostic information for administrators:', '', 'Generating server: ex01.contoso.example', '',
      ...rs.map(f => `${f.addr}`).flatMap(a => [a, `#${''}550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##`]), ''].join('\n'),
  },
];

// ---- deterministic fields (stress) ----------------------------------------------------------------

const CODES = [250, 250, 250, 550, 451, 554, 421, 252, 530, 452];
const ENH: Record<number, string> = { 250: '2.1.5', 550: '5.1.1', 451: '4.7.1', 554: '5.7.1', 421: '4.4.2', 252: '2.0.0', 530: '5.7.0', 452: '4.2.2' };

export function plainFields(i: number, sessions = 50): Fields {
  const code = CODES[i % CODES.length];
  return { i, code, enhanced: ENH[code], addr: `user${i}@example.com`, host: `host${i % 97}.example.net`, text: code < 400 ? 'OK' : 'Recipient address rejected: User unknown', key: 1 + (i % sessions) };
}

/** A document of `n` generated lines of a format (header and lead lines come first). */
export function formatDoc(g: FormatGen, n: number, field: (i: number) => Fields = plainFields): string {
  const out = [...g.header, ...g.lead];
  for (let i = 0; i < n; i++) out.push(g.lines[i % g.lines.length](field(i)));
  return out.join('\n') + '\n';
}

// ---- fast-check arbitraries (property layer) ------------------------------------------------------

/** Characters that must never reach a user-visible string as themselves. */
export const HOSTILE = ['\u001b[31m', '\u001b]0;title\u0007', '\u001b]8;;https://evil.example\u0007', '\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u200e', '\u200f', '\u061c', '\u0000', '\u0007', '\u0008', '\u007f', '\u009b', '\u2028', '\u2029', '\ufeff'];

const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const hostile = fc.constantFrom(...HOSTILE);
const textPart = fc.oneof({ weight: 5, arbitrary: word }, { weight: 2, arbitrary: hostile },
  { weight: 1, arbitrary: fc.constantFrom('[', ']', '<', '>', '`', '*', '#', ':', '"', '\\', '|', '(', ')', '550', '5.1.1', 'rejected', '=>', 'H=', '  ') });
export const textArb = fc.array(textPart, { minLength: 0, maxLength: 12 }).map(p => p.join(' ').replace(/[\r\n]/g, ' '));

export const fieldsArb: fc.Arbitrary<Fields> = fc.record({
  i: fc.nat(5000),
  code: fc.oneof(fc.constantFrom(220, 221, 250, 251, 334, 354, 421, 450, 451, 452, 500, 501, 503, 530, 535, 550, 552, 553, 554), fc.integer({ min: 100, max: 999 })),
  enhanced: fc.oneof(fc.constantFrom('5.1.1', '4.7.1', '2.0.0', '5.7.1', '4.4.7'), fc.tuple(fc.integer({ min: 2, max: 5 }), fc.nat(9), fc.nat(20)).map(([a, b, c]) => `${a}.${b}.${c}`)),
  addr: fc.oneof({ weight: 4, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}@${b}.example`) }, { weight: 1, arbitrary: textArb.map(t => t.replace(/ /g, '') + '@x.example') }),
  host: fc.oneof({ weight: 4, arbitrary: word.map(w => `${w}.example.net`) }, { weight: 1, arbitrary: hostile.map(h => `h${h}.example`) }),
  text: textArb,
  key: fc.integer({ min: 1, max: 6 }),
});

/** A generated log of one format: its header and lead lines, then 1-40 generated lines. */
export function logArb(g: FormatGen): fc.Arbitrary<string> {
  return fc.array(fc.tuple(fc.nat(g.lines.length - 1), fieldsArb), { minLength: 1, maxLength: 40 })
    .map(ls => [...g.header, ...g.lead, ...ls.map(([t, f]) => g.lines[t](f))].join('\n') + '\n');
}

/** A generated log with every template of the format once, in order (a complete session, hostile fields). */
export function fullLogArb(g: FormatGen): fc.Arbitrary<string> {
  return fc.array(fieldsArb, { minLength: g.lines.length, maxLength: g.lines.length })
    .map(fs => [...g.header, ...g.lead, ...fs.map((f, t) => g.lines[t](f))].join('\n') + '\n');
}

export function bounceArb(b: BounceGen): fc.Arbitrary<string> {
  return fc.array(fieldsArb, { minLength: 1, maxLength: 12 }).map(rs => b.build(rs));
}

// ---- documents that are not SMTP: no problem may appear in them ----------------------------------

export const NON_SMTP: Record<string, string> = {
  'python-repl': ['Python 3.11.4 (main, Jun  7 2023, 00:00:00) [GCC 12.2.0] on linux', 'Type "help", "copyright", "credits" or "license" for more information.',
    '>>> import re', '>>> re.match(r"\\d+", "550 rejected")', "<re.Match object; span=(0, 3), match='550'>", '>>> 250 + 300', '550', '>>> print("421 too busy")', '421 too busy',
    '>>> x = [1, 2, 3]', '>>> x', '[1, 2, 3]', '>>> exit()', ''].join('\n'),
  'typescript': ['import * as fs from "node:fs";', '', '// reply codes', 'const CODES = [250, 421, 550];', 'export function f(x: number): string {',
    "  if (x >= 500) return '550 permanent';", "  return `${x} ok`;", '}', ''].join('\n'),
  'json-log': Array.from({ length: 30 }, (_, i) => JSON.stringify({ ts: `2024-03-05T09:00:${String(i).padStart(2, '0')}Z`, level: i % 5 ? 'info' : 'error', status: i % 3 ? 200 : 550, msg: `request ${i} done`, path: '/api/mail' })).join('\n') + '\n',
  'nginx-access': Array.from({ length: 30 }, (_, i) => `192.0.2.${i} - - [05/Mar/2024:09:00:${String(i).padStart(2, '0')} +0000] "GET /index.html HTTP/1.1" ${[200, 404, 500, 503][i % 4]} 612 "-" "Mozilla/5.0"`).join('\n') + '\n',
  'apache-error': Array.from({ length: 20 }, (_, i) => `[Tue Mar 05 09:00:${String(i).padStart(2, '0')}.123456 2024] [core:error] [pid ${1000 + i}] [client 192.0.2.${i}:5123] AH00126: Invalid URI in request GET /a HTTP/1.1`).join('\n') + '\n',
  'csv': ['id,code,status,email', ...Array.from({ length: 30 }, (_, i) => `${i},${[250, 550, 421][i % 3]},${i % 2 ? 'ok' : 'failed'},u${i}@example.com`)].join('\n') + '\n',
  'plain-mail': ['From: Ann <ann@example.com>', 'To: Bo <bo@example.com>', 'Subject: the 550 figures', 'Date: Tue, 5 Mar 2024 09:00:00 +0000', '',
    'Hi Bo,', '', 'the server said 550 for 3 of the 421 recipients last week; can you check?', '', 'Ann', ''].join('\n'),
  'shell-session': ['$ ls -la', 'total 8', 'drwxr-xr-x 2 ann ann 4096 Mar  5 09:00 .', '$ curl -sI https://example.com', 'HTTP/2 200', 'content-type: text/html', '$ echo 550', '550', ''].join('\n'),
  'markdown': ['# Reply codes', '', '- 250: OK', '- 550: mailbox unavailable', '', '```', 'MAIL FROM:<a@b>', '```', ''].join('\n'),
};
