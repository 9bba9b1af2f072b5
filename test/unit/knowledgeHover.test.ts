/** What the knowledge looks like to a user: reply hovers (full and brief) and problem messages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedent, hoverAt, lineOf, parse, service } from '../helpers/log';

const POSTFIX = dedent(`
  Nov 24 12:57:28 mx-a postfix/smtpd[4711]: connect from unknown[192.0.2.5]
  Nov 24 12:57:29 mx-a postfix/smtpd[4711]: NOQUEUE: reject: RCPT from unknown[192.0.2.5]: 554 5.7.1 <bob@example.net>: Relay access denied; from=<alice@example.org> to=<bob@example.net> proto=ESMTP helo=<client.example.org>
  Nov 24 12:57:30 mx-a postfix/smtpd[4711]: disconnect from unknown[192.0.2.5] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4
`);

const TRANSCRIPT = dedent(`
  <<< EHLO mail.example.org
  >>> 250 mx.example.net Hello
  <<< MAIL FROM:<alice@example.org>
  >>> 421 4.7.0 [TS03] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes
`);

/**
 * Lines the markdown takes in a hover about 100 characters wide (VS Code's default hover box in a
 * normal window): link targets and markup do not show; a list item starts a line.
 */
function renderedLines(md: string): number {
  let n = 0;
  for (const line of md.split('\n')) {
    if (!line.trim() || line === '---') continue;
    const shown = line.replace(/\]\([^)]*\)/g, ']').replace(/[*`\\[\]]/g, '');
    n += Math.max(1, Math.ceil(shown.length / 100));
  }
  return n;
}

/** The part of a full hover before its "More" section. */
const leadOf = (h: string) => h.split('\n\n---\n\n')[0];

test('full hover on a postfix reject: the verdict, who acts and the first checks lead; meaning and sources follow; the rest under More', () => {
  const h = hoverAt(POSTFIX, 'Relay access denied', '554')!;
  assert.match(h, /^\*\*554 5\.7\.1\*\* \*\*Refused for good\*\*, on the sending side: not retried, the message bounces to the sender\. \*\*Who acts:\*\* the sending side's mail administrator, then the recipient's mail administrator\./);
  assert.match(h, /\*\*Check first\*\*\n1\. Whether the client should authenticate.*\n2\. postconf mydestination relay_domains/);
  assert.match(h, /Reply: `554 5\.7\.1 <bob@example\.net>: Relay access denied`\. Concerns `RCPT TO:<bob@example\.net>`/);
  assert.match(h, /\*\*Meaning:\*\* \*\*Relay access denied: this server does not accept mail for that domain/);
  const order = ['Who acts', 'Check first', 'Reply:', 'Meaning:', '*Sources:', '**More**', '**postfix:**', 'Then check', 'Typical causes', '**Retry:**', 'Bounce reason:', 'More sources'].map(x => h.indexOf(x));
  assert.ok(order.every((x, i) => x >= 0 && (i === 0 || x > order[i - 1])), `sections in order: ${order.join(', ')}`);
  assert.match(h, /\*\*Bounce reason:\*\* `norelaying`/);
  assert.match(h, /relay_domains/, 'postfix parameters named in the checks (an underscore inside a word needs no escape)');
  assert.doesNotMatch(h, /\\[().-]|[A-Za-z]\\_[A-Za-z]/, 'no escape a markdown renderer does not need (Neovim 0.7 shows them)');
  assert.match(h, /\[Postfix postconf\(5\): smtpd_relay_restrictions\]\(https:\/\/www\.postfix\.org\/postconf\.5\.html#smtpd_relay_restrictions\)/);
  // a specific rule matched: the generic "relay denied, block list, access rule" note on 554 at RCPT says nothing more
  assert.doesNotMatch(h, /As the answer to RCPT/);
});

test('a full hover fits the default hover box before its More section: at most 15 lines, who acts and the checks in the first 6', () => {
  const cases: Array<[string, string, string]> = [
    [POSTFIX, 'Relay access denied', '554'],
    [TRANSCRIPT, '>>> 421', '421'],
    ['<<< RCPT TO:<bob@contoso.example>\n>>> 550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/ and follow the directions. (AS16012609)\n', '>>> 550', '550'],
    ['<<< RCPT TO:<bob@example.net>\n>>> 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1\n', '>>> 554', '554'],
    ['<<< RCPT TO:<bob@example.net>\n>>> 451 4.2.0 Greylisted, please try again later\n', '>>> 451', '451'],
    ['<<< RCPT TO:<bob@example.net>\n>>> 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in virtual mailbox table\n', '>>> 550', '550'],
  ];
  for (const [text, line, tok] of cases) {
    const h = hoverAt(text, line, tok)!;
    const lead = leadOf(h);
    assert.ok(renderedLines(lead) <= 15, `${tok}: ${renderedLines(lead)} lines before More:\n${lead}`);
    assert.ok(h.length > lead.length, `${tok}: the long tail is under More`);
    const check = lead.indexOf('**Check first**');
    if (check >= 0) assert.ok(renderedLines(lead.slice(0, check)) <= 6, `${tok}: the checks start within the first 6 lines`);
  }
});

test('brief hover: the meaning and what it answers, nothing else', () => {
  const h = hoverAt(POSTFIX, 'Relay access denied', '554', { hoverDetail: 'brief' })!;
  const paragraphs = h.split('\n\n');
  assert.equal(paragraphs.length, 2, h);
  assert.match(paragraphs[0], /Relay access denied/);
  assert.match(paragraphs[1], /RCPT TO:<bob@example\.net>/);
});

test('when the text contradicts the code the verdict says so and explains the retry consequence', () => {
  const h = hoverAt(TRANSCRIPT, '>>> 421', '421')!;
  assert.match(h, /^\*\*421 4\.7\.0\*\* \*\*Refused\*\*, on the sending side: the code is temporary, so the sending server retries, but the text says retrying will not help\./);
  assert.match(h, /\*\*Note:\*\* The text says retrying will NOT succeed/);
  assert.match(h, /\*\*Retry:\*\* The code is temporary, so the sending server keeps the message queued and retries/);
  assert.match(leadOf(h), /\*\*Where to act:\*\* \[senders\.yahooinc\.com\]\(https:\/\/senders\.yahooinc\.com\/\)/);
});

test('a greeting refusal is explained as a greeting refusal', () => {
  const t = dedent(`
    4/2/01 8:07:03 AM : A connection was accepted from 203.0.113.99
    4/2/01 8:07:03 AM : >>> 554 mx.example.net no SMTP service here
  `);
  const h = hoverAt(t, '>>> 554', '554')!;
  assert.match(h, /The server refuses to talk to this client/);
  assert.match(h, /\*\*Who acts:\*\* the sending side's mail administrator/);
  assert.match(h, /The server's greeting when the connection opened/);
  assert.match(h, /may answer the connection with 554/);
}); 

test('a bare 550 with an uninformative text says that only the class is known and what decides it', () => {
  const t = '<<< RCPT TO:<bob@example.net>\n>>> 550 Requested action not taken: mailbox unavailable\n';
  const h = hoverAt(t, '>>> 550', '550')!;
  assert.match(h, /\*\*Note:\*\* 550 alone is ambiguous/);
  assert.match(h, /\*\*As the answer to RCPT:\*\* This recipient is refused/);
});

test('Microsoft banned-IP reply: the range rule, the delist portal and the AS number kept in the reply line', () => {
  const t = '<<< RCPT TO:<bob@contoso.example>\n>>> 550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/ and follow the directions. (AS16012609)\n';
  const h = hoverAt(t, '>>> 550', '5.7.606')!;
  assert.match(h, /Access denied, banned sending IP: the IP is on Microsoft's block list/);
  assert.match(h, /\[sender\.office\.com\]\(https:\/\/sender\.office\.com\/\)/);
  assert.match(h, /Reply in full: `550 5\.7\.606 .*\(AS16012609\)`/);
  assert.match(h, /\*\*Bounce reason:\*\* `blocked`/);
});

test('log text that a rule matches still only appears inside a code span', () => {
  const evil = '<<< RCPT TO:<x@example.com>\n>>> 550 5.1.1 User unknown [x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>\n';
  const h = hoverAt(evil, '>>> 550', '550')!;
  assert.match(h, /does not exist/);
  const outside = h.replace(/(`+)[\s\S]*?\1/g, '');
  assert.doesNotMatch(outside, /\]\(command:|<img|onerror/);
  for (const link of outside.matchAll(/\]\(([^)]*)\)/g)) assert.match(link[1], /^https:\/\//, 'only https links from the knowledge tables');
});

test('problem messages name the most specific meaning, the class and who acts first', () => {
  const diags = service.doValidation(parse(POSTFIX));
  assert.equal(diags.length, 1);
  assert.equal(diags[0].range.start.line, lineOf(POSTFIX, 'Relay access denied'));
  assert.equal(diags[0].message,
    "554 5.7.1 Relay access denied: this server does not accept mail for that domain from this client (permanent; sender's admin acts); RCPT TO:<bob@example.net>");
  const t = service.doValidation(parse(TRANSCRIPT));
  assert.match(t[0].message, /^421 4\.7\.0 Yahoo: all messages from this IP will be permanently deferred.* \(temporary code, text says permanent; sender's admin acts\); answers MAIL FROM:<alice@example\.org>$/);
});

test('an exim reject that writes no code is a permanent problem with the exim explanation', () => {
  const t = '2024-03-21 09:18:51 H=mx.example.org [192.0.2.21]:43030 I=[198.51.100.2]:25 F=<alice@example.org> rejected RCPT <bob@example.net>: relay not permitted\n';
  const d = service.doValidation(parse(t));
  assert.equal(d.length, 1);
  assert.match(d[0].message, /^5xx Relay not permitted \(exim ACL\).* \(permanent; sender's admin acts\)/);
});

test('the reply to EHLO lists the extensions offered, the size limit in MB, and a missing STARTTLS', () => {
  const t = dedent(`
    <<< EHLO client.example.org
    >>> 250-mx.example.net Hello [192.0.2.5]
    >>> 250-SIZE 36700160
    >>> 250-PIPELINING
    >>> 250-AUTH LOGIN PLAIN
    >>> 250-X-EXPS GSSAPI NTLM
    >>> 250 8BITMIME
  `);
  const h = hoverAt(t, '250 8BITMIME', '250')!;
  assert.match(h, /\*\*Extensions offered\*\*/);
  assert.match(h, /- SIZE `36700160` \(35\.0 MB\): the largest message/);
  assert.match(h, /- AUTH `LOGIN PLAIN`: SMTP authentication/);
  assert.match(h, /- X-EXPS: Exchange Server authentication \(the server is Exchange\)/);
  assert.match(h, /\*\*No STARTTLS offered:\*\*/);
  const withTls = t.replace('250-PIPELINING', '250-STARTTLS');
  assert.doesNotMatch(hoverAt(withTls, '250 8BITMIME', '250')!, /No STARTTLS offered/);
});

test('354 says what to look at when a session stops right after it', () => {
  const t = '<<< DATA\n>>> 354 Start mail input; end with <CRLF>.<CRLF>\n';
  const h = hoverAt(t, '>>> 354', '354')!;
  assert.match(h, /\*\*If the session stops here\*\*\n1\. If the session ends or stalls right after 354/);
  assert.match(h, /fixup smtp/);
});

test('the hover says whose side the sender and recipient are in this log', () => {
  const inbound = hoverAt(TRANSCRIPT, '>>> 421', '421')!;
  assert.match(inbound, /This server sent the reply: "the recipient's mail administrator" is the administrator of the server that wrote this log/);
  const swaks = dedent(`
    === Trying mx.example.net:25...
    === Connected to mx.example.net.
    <-  220 mx.example.net ESMTP
     -> EHLO client.example.org
    <-  250 mx.example.net
     -> MAIL FROM:<alice@example.org>
    <-  250 2.1.0 Ok
     -> RCPT TO:<bob@example.net>
    <** 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in local recipient table
  `);
  const out = hoverAt(swaks, '<** 550', '550')!;
  assert.match(out, /the server \(or tool\) that wrote the log was the client/);
});
