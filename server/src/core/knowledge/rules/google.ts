/**
 * Gmail / Google Workspace replies (support.google.com/a/answer/3726730 and the sender guidelines).
 * Gmail splits long replies into "550-5.7.1 ..." lines and ends them with "- gsmtp"; "gcdp" marks a
 * rule the recipient's Workspace administrator wrote.
 */
import type { VendorRule } from '../types';
import { CHECK, SRC, rx } from '../common';

const V = 'Gmail / Google Workspace';
const PM = 'https://postmaster.google.com/';
const GUIDE = 'https://support.google.com/mail/answer/81126';
/** Google's mail hosts: gmail-smtp-in.l.google.com, aspmx.l.google.com, *.googlemail.com, smtp.gmail.com */
const GOOGLE_HOSTS = /(?:^|\.)(?:google|googlemail|gmail)\.com$/i;

type G = Omit<VendorRule, 'vendor' | 'sources'> & { sources?: string[] };
const g = (r: G): VendorRule => ({ ...r, vendor: V, sources: [SRC.google, ...(r.sources ?? [])] });

const REPUTATION_CHECKS = [
  'Google Postmaster Tools for the sending domain and IP (reputation, spam rate: keep it under 0.3%)',
  CHECK.compromise, CHECK.sendRate, CHECK.spf, CHECK.dkim, CHECK.dmarc,
];

export const GOOGLE_RULES: readonly VendorRule[] = [
  // ---------------------------------------------------------------- 421 / 451 / 452 / 454 temporary
  g({
    id: 'gmail.421.4.3.0.temporary', codes: [421, 451], enhanced: ['4.3.0', '4.7.0'], pattern: /temporary system problem|temporarily rejected (?:this )?message|mail server temporarily rejected/i,
    examples: ['421 4.3.0 Temporary System Problem. Try again later.'],
    title: 'Gmail: temporary system problem, try again later',
    description: 'A transient problem on Google\'s side. The sending server retries; nothing to fix unless it persists for hours.',
    causes: ['temporary condition at Google'], checks: [CHECK.retryLater, CHECK.queues], actors: ['recipientAdmin'], reason: 'systemerror',
  }),
  g({
    id: 'gmail.421.4.4.5.busy', codes: [421], enhanced: ['4.4.5'], pattern: /server busy/i,
    examples: ['421 4.4.5 Server busy, try again later.'],
    title: 'Gmail: server busy, try again later', description: 'Google\'s server is busy. The sending server retries.',
    causes: ['load at Google'], checks: [CHECK.retryLater], actors: ['recipientAdmin'], reason: 'systemerror',
  }),
  g({
    id: 'gmail.451.4.3.0.multiple-domains', codes: [451], enhanced: ['4.3.0'], pattern: /multiple destination domains per transaction/i, priority: 1,
    examples: ['451 4.3.0 Multiple destination domains per transaction is unsupported. Please try again.'],
    title: 'Gmail: multiple destination domains per transaction are not supported',
    description: 'The client put recipients of several domains into one transaction to Google\'s servers; it must send one transaction per destination domain.',
    causes: ['a sending program batching recipients of different domains'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'systemerror',
  }),
  g({
    id: 'gmail.421.4.7.0.whitelist', codes: [421], enhanced: ['4.7.0'], pattern: /IP not in whitelist for RCPT domain/i, priority: 1,
    examples: ['421 4.7.0 IP not in whitelist for RCPT domain, closing connection.'],
    title: 'Gmail: the sending IP is not on the recipient domain\'s allow list',
    description: 'The recipient Workspace domain only accepts mail from listed IPs (inbound gateway / IP allowlist settings) and this IP is not one of them.',
    causes: ['the recipient domain routes mail through a gateway and restricts direct delivery'], checks: ['Recipient admin: Workspace inbound gateway / allowlist settings', CHECK.mxTarget],
    actors: ['recipientAdmin'], reason: 'blocked', sources: ['Google Workspace Admin Help: Allowlists, denylists, and approved senders https://support.google.com/a/answer/60752'],
  }),
  g({
    id: 'gmail.unusual-rate-unsolicited', codes: [421, 550], enhanced: ['4.7.0', '5.7.1', '5.7.28'], pattern: /unusual rate of unsolicited mail/i, priority: 1,
    examples: [
      '421-4.7.0 [192.0.2.10 15] Our system has detected an unusual rate of 421-4.7.0 unsolicited mail originating from your IP address. To protect our 421-4.7.0 users from spam, mail sent from your IP address has been temporarily 421-4.7.0 blocked.',
    ],
    title: 'Gmail: unusual rate of unsolicited mail from your IP; mail from it is blocked',
    description: 'Gmail saw an unusual rate of spam from the sending IP and temporarily (421) or permanently (550) blocks it. The IP\'s reputation must recover: stop the spam source and follow the bulk sender guidelines.',
    causes: ['a compromised account or server sending spam through this IP', 'a newsletter with many complaints', 'a shared IP used by other spammers'],
    checks: REPUTATION_CHECKS, actors: ['senderAdmin'], reason: 'blocked', links: [PM, GUIDE], sources: [SRC.googleGuidelines],
  }),
  g({
    id: 'gmail.421.4.7.0.tls-required', codes: [421], enhanced: ['4.7.0'], pattern: /TLS required for RCPT domain/i, priority: 1,
    examples: ['421-4.7.0 TLS required for RCPT domain, closing connection. - gsmtp'],
    title: 'Gmail: TLS required for the recipient domain',
    description: 'The recipient Workspace domain requires TLS for incoming mail and the sending server did not use STARTTLS (or the handshake failed).',
    causes: ['STARTTLS disabled or failing on the sending server', 'a firewall stripping STARTTLS'], checks: [CHECK.tlsCert, CHECK.firewallSmtp],
    actors: ['senderAdmin'], reason: 'securityerror', sources: ['Gmail Help: Email encryption in transit https://support.google.com/mail/answer/6330403'],
  }),
  g({
    id: 'gmail.421.4.7.0.dos-helo', codes: [421], enhanced: ['4.7.0'], pattern: /try again later, closing connection/i, priority: 1,
    hosts: GOOGLE_HOSTS, hostOwner: 'Google',
    examples: ['@gmail-smtp-in.l.google.com 421 4.7.0 Try again later, closing connection. (EHLO)'],
    title: 'Gmail: try again later, closing connection (denial-of-service protection at HELO)',
    description: 'Usually the SMTP relay service protecting itself against too many connections at the HELO stage.',
    causes: ['too many connections from the sending IP'], checks: [CHECK.sendRate, CHECK.retryLater], actors: ['senderAdmin'], reason: 'toomanyconn',
  }),
  g({
    id: 'gmail.low-reputation', codes: [421, 550], enhanced: ['4.7.0', '5.7.1'], pattern: /very low reputation of the sending (?:IP address|domain)|low reputation of the sending/i, priority: 1,
    examples: ['550 5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending IP address.'],
    title: 'Gmail: very low reputation of the sending IP or domain',
    description: 'Gmail rate limits (421) or blocks (550) because the sending IP or domain has a very low reputation.',
    causes: ['spam complaints', 'sending to many invalid addresses', 'compromised accounts', 'missing authentication'],
    checks: REPUTATION_CHECKS, actors: ['senderAdmin'], reason: 'badreputation', links: [PM, GUIDE], sources: [SRC.googleBlocked],
  }),
  g({
    id: 'gmail.ptr', codes: [421, 550], enhanced: ['4.7.0', '4.7.23', '5.7.25', '5.7.1'], pattern: /(?:does not|doesn't) have a PTR record|PTR record's forward|does not match the IP address of the hostname|IPv6 sending guidelines/i, priority: 1,
    examples: [
      '550-5.7.25 [192.0.2.10] The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP. - gsmtp',
    ],
    title: 'Gmail: the sending IP has no valid PTR (reverse DNS) record',
    description: 'Gmail requires a PTR record for the sending IP whose name resolves back to the same IP (and, over IPv6, authentication). Missing or mismatching reverse DNS gets rate limited (421) or refused (550).',
    causes: ['no PTR on the sending IP (set by the ISP or cloud provider)', 'PTR name not resolving back to the IP', 'mail leaving through an unexpected IP'],
    checks: [CHECK.ptr, CHECK.sendingIp, CHECK.heloName], actors: ['senderAdmin'], reason: 'requireptr', links: [GUIDE], sources: [SRC.googleGuidelines],
  }),
  g({
    id: 'gmail.421.4.7.0.content', codes: [421], enhanced: ['4.7.0'], pattern: /nature of the content or the links/i, priority: 1,
    examples: ['421 4.7.0 This message is suspicious due to the nature of the content or the links within.'],
    title: 'Gmail: message looks suspicious because of its content or links',
    description: 'The content or the links (URL domains, shorteners) look like spam or phishing; Gmail rate limits it.',
    causes: ['links to domains with bad reputation', 'URL shorteners', 'spam-like content'], checks: ['The links in the message against domain block lists (Spamhaus DBL, SURBL)', ...REPUTATION_CHECKS.slice(0, 1)],
    actors: ['sender', 'senderAdmin'], reason: 'spamdetected', sources: [SRC.googleBlocked],
  }),
  g({
    id: 'gmail.421.4.7.0.connection-expired', codes: [421], enhanced: ['4.7.0'], pattern: /connection expired/i, priority: 1,
    examples: ['421 4.7.0 Connection expired, try reconnecting.'],
    title: 'Gmail: connection expired, try reconnecting', description: 'The session was open too long; the client should reconnect.',
    causes: ['a long-lived or idle SMTP session'], checks: [CHECK.retryLater], actors: ['senderAdmin'], reason: 'expired',
  }),
  g({
    id: 'gmail.auth-rate-limit', codes: [421, 451, 550], enhanced: ['4.7.26', '4.7.27', '4.7.30', '4.7.32', '5.7.26', '5.7.27', '5.7.30', '5.7.1'], pattern: rx([
      'senders to authenticate',
      'aligned with either the authenticated SPF or DKIM',
      'unauthenticated email (?:is not accepted|from)',
      'rate limited because it is unauthenticated',
      'does not have authentication information',
      'mail is unauthenticated',
      'authenticate with at least one of SPF or DKIM',
    ]), priority: 1,
    examples: [
      '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp',
      '550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM. - gsmtp',
    ],
    title: 'Gmail: mail rate limited or blocked because it is not (properly) authenticated',
    description: 'Gmail requires every sender to pass SPF or DKIM, and bulk senders to pass SPF and DKIM with the From: domain aligned (DMARC). 4.7.26: neither SPF nor DKIM passed; 4.7.27: SPF did not pass; 4.7.30: DKIM did not pass; 4.7.32: From: not aligned with the SPF or DKIM domain. 421 defers, 550 blocks.',
    causes: ['no SPF record or one missing the sending IP', 'messages not DKIM-signed, or signed with another domain', 'a new sending service (CRM, newsletter tool) not set up for the domain'],
    checks: [CHECK.spf, CHECK.dkim, CHECK.dmarc, 'The Authentication-Results header of a test message to a Gmail address'],
    actors: ['senderAdmin'], reason: 'authfailure', links: [GUIDE], sources: [SRC.googleGuidelines],
  }),
  g({
    id: 'gmail.4.7.29.tls', codes: [421, 550], enhanced: ['4.7.29', '5.7.29'], priority: 1,
    examples: [
      '421 4.7.29 Your email has been rate limited because this message wasn\'t sent over a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections.',
    ],
    title: 'Gmail: bulk senders must use TLS',
    description: 'Gmail rate limited (421) or blocked (550) the message because it was not sent over a TLS connection; bulk senders must use TLS.',
    causes: ['STARTTLS not used by the sending server'], checks: [CHECK.tlsCert, CHECK.firewallSmtp], actors: ['senderAdmin'], reason: 'securityerror', sources: [SRC.googleGuidelines],
  }),
  g({
    id: 'gmail.dmarc-policy', codes: [451, 550], enhanced: ['4.7.26', '5.7.26'], pattern: /DMARC policy|fails to pass (?:authentication|SPF) checks|hard fail policy/i, priority: 2,
    examples: [
      '550-5.7.26 Unauthenticated email from example.com is not accepted due to domain\'s DMARC policy. Please contact the administrator of example.com domain. - gsmtp',
    ],
    title: 'Gmail: rejected by the sending domain\'s DMARC policy (or an SPF hard fail)',
    description: 'The message did not pass DMARC for the From: domain and that domain publishes p=reject (451 when temporary DNS failures prevented authentication), or the envelope domain\'s SPF ends in -all and the sending IP is not listed.',
    causes: ['the sending service is not in SPF and does not DKIM-sign with the From: domain', 'forwarding broke SPF and DKIM', 'spoofing of the domain'],
    checks: [CHECK.dmarc, CHECK.spf, CHECK.dkim], actors: ['senderAdmin'], reason: 'authfailure', links: [GUIDE], sources: [SRC.googleGuidelines, 'Gmail Help: DMARC rejection https://support.google.com/mail/?p=DmarcRejection'],
  }),
  g({
    id: 'gmail.4.7.24.spf-suspicious', codes: [451, 550], enhanced: ['4.7.24', '5.7.24'], pattern: /SPF record of the sending domain/i, priority: 1,
    examples: ['451 4.7.24 The SPF record of the sending domain has one or more suspicious entries.'],
    title: 'Gmail: the SPF record of the sending domain has suspicious entries',
    description: 'The SPF record contains entries Gmail considers suspicious (e.g. overly broad ranges); mail is rate limited or refused.',
    causes: ['SPF record authorising huge IP ranges or +all'], checks: [CHECK.spf], actors: ['senderAdmin'], reason: 'authfailure', sources: [SRC.googleGuidelines],
  }),
  g({
    id: 'gmail.4.7.28.rate', codes: [421, 550], enhanced: ['4.7.28', '5.7.28'], pattern: /unusual rate of mail|same Message-ID/i,
    examples: [
      '421-4.7.28 [192.0.2.10 15] Gmail has detected an unusual rate of mail originating from your IP address. To protect our users from spam, mail has been temporarily rate limited. - gsmtp',
    ],
    title: 'Gmail: unusual rate of mail from your IP, netblock, DKIM or SPF domain: temporarily rate limited',
    description: 'Gmail saw a sudden volume from the sending IP, its /24 netblock, the DKIM domain or the SPF domain (or many messages with the same Message-ID) and slows it down. 421 is temporary: the sending server retries. Not the IANA meaning of 4.7.28 alone ("mail flood"), but the same idea.',
    causes: ['a volume spike (newsletter, campaign, compromised account)', 'a new IP or domain without sending history', 'reused Message-ID values from a buggy application'],
    checks: ['Ramp up volume gradually; spread campaigns over time', ...REPUTATION_CHECKS.slice(0, 3)],
    actors: ['senderAdmin'], reason: 'ratelimited', links: [PM, 'https://support.google.com/mail/?p=UnsolicitedRateLimitError'], sources: [SRC.googleGuidelines],
  }),
  g({
    id: 'gmail.450.4.2.1.too-fast', codes: [450, 550], enhanced: ['4.2.1', '5.2.1'], pattern: /receiving mail (?:too quickly|at a rate)|peak SMTP relay limit/i, priority: 1,
    examples: ['450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. - gsmtp'],
    title: 'Gmail: the recipient is receiving mail too quickly (per-recipient rate limit)',
    description: 'Gmail defers mail to this recipient because it receives messages at a rate that prevents further delivery right now. Not a disabled mailbox (the registry meaning of X.2.1): the sending server retries and delivery works later. "Peak SMTP relay limit exceeded for customer" is the same for the Workspace SMTP relay.',
    causes: ['many messages to one Gmail user in a short time (notifications, loops)', 'SMTP relay peak limit of the Workspace customer'],
    checks: [CHECK.retryLater, 'Whether an automated system or a forwarding loop floods this recipient', CHECK.sendRate],
    actors: ['sender', 'senderAdmin'], reason: 'ratelimited', sources: ['Gmail Help: receiving limits https://support.google.com/mail/answer/22839', SRC.googleRelay],
  }),
  g({
    id: 'gmail.451.4.4.2.timeout', codes: [451, 421], enhanced: ['4.4.2'], pattern: /timeout - closing connection/i,
    examples: ['451 4.4.2 Timeout - closing connection.'],
    title: 'Gmail: timeout, closing connection', description: 'The client was too slow (or the connection stalled). The sending server retries.',
    causes: ['slow or stalled connection', 'a firewall or proxy holding the session'], checks: [CHECK.firewallSmtp, CHECK.router, CHECK.retryLater], actors: ['senderAdmin'], reason: 'networkerror',
  }),
  g({
    id: 'gmail.protocol-violation', codes: [451, 454, 523, 525], enhanced: ['4.5.0', '5.7.10'], pattern: /SMTP protocol violation/i,
    examples: ['451 4.5.0 SMTP protocol violation, see RFC 2821'],
    title: 'Gmail: SMTP protocol violation (e.g. commands pipelined after STARTTLS)',
    description: 'The client broke the protocol, typically by pipelining commands right after STARTTLS (RFC 3207 forbids it) or sending data out of order.',
    causes: ['a client library pipelining after STARTTLS', 'a proxy or firewall altering the session'], checks: [CHECK.clientSoftware, CHECK.firewallSmtp], actors: ['senderAdmin'], reason: 'syntaxerror', sources: [SRC.rfc3207('4.2')],
  }),
  g({
    id: 'gmail.mailbox-full', codes: [452, 552, 550], enhanced: ['4.2.2', '5.2.2', '5.7.1'], pattern: /inbox is out of storage space|account that you tried to reach is over quota|email quota exceeded/i, priority: 1,
    examples: [
      '452-4.2.2 The recipient\'s inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp',
      '552-5.2.2 The recipient\'s inbox is out of storage space and inactive. - gsmtp',
    ],
    title: 'Gmail: the recipient\'s inbox is out of storage (over quota)',
    description: 'The recipient\'s Google storage is full. 452 4.2.2 is temporary (the sending server retries until the recipient frees space); 552 5.2.2 means the account is also inactive and it bounces.',
    causes: ['Google storage (Gmail, Drive, Photos) of the recipient full', 'an abandoned account'], checks: ['Tell the recipient by another channel; resend after they free space'],
    actors: ['recipient'], reason: 'mailboxfull', sources: ['Gmail Help: OverQuota https://support.google.com/mail/?p=OverQuotaTemp'],
  }),
  g({
    id: 'gmail.too-many-recipients', codes: [452, 550], enhanced: ['4.5.3', '5.5.3'], pattern: /your message has too many recipients|too many recipients for this sender|domain policy size per transaction/i, priority: 1,
    examples: ['452 4.5.3 Your message has too many recipients.'],
    title: 'Gmail: too many recipients in this transaction (send the rest in another transaction)',
    description: 'Gmail takes a limited number of recipients per transaction (and per domain policy size); the sending server must send the remaining recipients in a new transaction. 550 5.5.3 "too many recipients for this sender" is a sending limit of the account.',
    causes: ['many recipients in one message', 'domain policies too large for one transaction'], checks: [CHECK.recipientLimits, 'Gmail sending limits for the account (for 5.5.3)'],
    actors: ['senderAdmin'], reason: 'toomanyconn', sources: [SRC.googleLimits],
  }),
  g({
    id: 'gmail.454.4.7.0.login-attempts', codes: [454], enhanced: ['4.7.0'], pattern: /too many login attempts/i, priority: 1,
    examples: ['454 4.7.0 Too many login attempts, please try again later.'],
    title: 'Gmail: too many login attempts, try again later', description: 'Google throttles SMTP AUTH for this account or IP after repeated attempts.',
    causes: ['a client retrying with a wrong password', 'password guessing from the IP'], checks: [CHECK.authConfig, CHECK.retryLater], actors: ['sender'], reason: 'securityerror',
    sources: ['Gmail Help: Add Gmail to another email client https://support.google.com/mail/answer/7126229'],
  }),
  g({
    id: 'gmail.454.4.7.0.auth-temporary', codes: [454], enhanced: ['4.7.0'], pattern: /cannot authenticate due to (?:a )?temporary system problem/i, priority: 1,
    examples: ['454 4.7.0 Cannot authenticate due to temporary system problem. Try again later.'],
    title: 'Gmail: cannot authenticate due to a temporary system problem', description: 'Authentication could not be checked right now; retry later.',
    causes: ['temporary problem at Google'], checks: [CHECK.retryLater], actors: ['recipientAdmin'], reason: 'systemerror',
  }),
  g({
    id: 'gmail.starttls-repeated', codes: [454, 503], enhanced: ['5.5.1', '4.5.0'], pattern: /STARTTLS may not be repeated/i, priority: 1,
    examples: ['503 5.5.1 STARTTLS may not be repeated.'],
    title: 'Gmail: STARTTLS may not be repeated', description: 'The client sent STARTTLS again inside an already encrypted session.',
    causes: ['a client library bug'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'syntaxerror',
  }),
  g({
    id: 'gmail.syntax-decode', codes: [501, 555], enhanced: ['5.5.2', '5.7.11'], pattern: /cannot decode response|no parameters allowed/i,
    examples: ['555 5.5.2 Syntax error, no parameters allowed'],
    title: 'Gmail: syntax error (cannot decode the response / no parameters allowed)',
    description: 'The client sent a malformed command or an AUTH response Gmail cannot decode (bad base64), or parameters where none are allowed.',
    causes: ['malformed AUTH response', 'invalid command syntax'], checks: [CHECK.clientSoftware, CHECK.authConfig], actors: ['senderAdmin'], reason: 'syntaxerror',
  }),
  g({
    id: 'gmail.helo-invalid', codes: [501], enhanced: ['5.5.4'], pattern: /HELO\/EHLO argument|empty HELO/i, priority: 1,
    examples: ['501 5.5.4 HELO/EHLO argument is invalid.'],
    title: 'Gmail: the HELO/EHLO argument is invalid or empty',
    description: 'The client introduced itself with an empty or invalid name.',
    causes: ['misconfigured HELO name on the sending server or device'], checks: [CHECK.heloName], actors: ['senderAdmin'], reason: 'syntaxerror',
    sources: ['Gmail Help: HELO https://support.google.com/mail/?p=helo'],
  }),
  g({
    id: 'gmail.sequence', codes: [502, 503], enhanced: ['5.5.1'], pattern: /too many unrecognized commands, goodbye|EHLO\/HELO first|No DATA after BDAT/i,
    examples: ['503 5.5.1 EHLO/HELO first.'],
    title: 'Gmail: command out of sequence or not recognised',
    description: 'The client sent a command Gmail does not know, or at the wrong time (MAIL before EHLO, RCPT before MAIL, DATA after BDAT). Too many unrecognised commands end the session.',
    causes: ['a client or script not following SMTP', 'a knock-on error after an earlier refusal'], checks: ['The earlier replies of the session', CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'syntaxerror',
  }),
  g({
    id: 'gmail.identity-change', codes: [503], enhanced: ['5.7.0'], pattern: /no identity changes permitted/i, priority: 1,
    examples: ['503 5.7.0 No identity changes permitted.'],
    title: 'Gmail: no identity changes permitted', description: 'The client tried to authenticate again (as someone else) in the same session.',
    causes: ['a second AUTH in the session'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'securityerror',
  }),
  g({
    id: 'gmail.auth-type', codes: [504], enhanced: ['5.7.4'], pattern: /unrecognized authentication type|XOAUTH is no longer supported/i, priority: 1,
    examples: ['504 5.7.4 Unrecognized authentication type.'],
    title: 'Gmail: authentication mechanism not supported', description: 'The client used an AUTH mechanism Gmail does not offer (or the retired XOAUTH).',
    causes: ['outdated client'], checks: [CHECK.authConfig, 'Use XOAUTH2 or an app password with PLAIN'], actors: ['senderAdmin'], reason: 'securityerror',
  }),
  g({
    id: 'gmail.app-password', codes: [534, 535], enhanced: ['5.7.9', '5.7.14', '5.7.1'], pattern: /application-specific password|log in (?:with|through) your web browser/i, priority: 1,
    examples: ['534-5.7.9 Application-specific password required. - gsmtp'],
    title: 'Gmail: an app password (or a browser sign-in) is required',
    description: 'The account uses 2-step verification or Google blocked the sign-in as suspicious: the client must use an app password or OAuth, or the user must sign in once through the web browser.',
    causes: ['2-step verification without an app password', 'sign-in from a new location blocked'], checks: ['Create an app password or switch the client to OAuth; sign in through the browser once', CHECK.authConfig],
    actors: ['sender'], reason: 'securityerror', sources: ['Google Account Help: Sign in with app passwords https://support.google.com/accounts/answer/185833'],
  }),
  g({
    id: 'gmail.bad-credentials', codes: [535], enhanced: ['5.7.8', '5.7.1'], pattern: /username and password not accepted/i, priority: 1,
    examples: ['535-5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials - gsmtp'],
    title: 'Gmail: username and password not accepted', description: 'Wrong credentials for smtp.gmail.com (or the normal password where an app password is required).',
    causes: ['wrong password', 'app password required'], checks: [CHECK.authConfig, 'Use an app password or OAuth'], actors: ['sender'], reason: 'authfailure',
  }),
  g({
    id: 'gmail.5.1.1.no-such-user', codes: [550], enhanced: ['5.1.1'], pattern: /email account that you tried to reach does not exist|NoSuchUser/i, priority: 1,
    examples: [
      '550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient\'s email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp',
    ],
    title: 'Gmail: the email account you tried to reach does not exist',
    description: 'No Gmail/Workspace account with this address. Check for typos or extra spaces; resending unchanged fails again.',
    causes: ['typo', 'deleted or never-existing account'], checks: [CHECK.recipientAddress], actors: ['sender'], reason: 'userunknown',
    sources: ['Gmail Help: NoSuchUser https://support.google.com/mail/?p=NoSuchUser'],
  }),
  g({
    id: 'gmail.5.2.1.disabled', codes: [550], enhanced: ['5.2.1'], pattern: /account that you tried to reach is (?:disabled|inactive)/i, priority: 1,
    examples: ['550 5.2.1 The email account that you tried to reach is disabled.'],
    title: 'Gmail: the email account you tried to reach is disabled or inactive',
    description: 'The account exists but is disabled (or inactive for a long time) and accepts no mail.',
    causes: ['account disabled or abandoned'], checks: ['Remove the address or reach the person another way'], actors: ['sender'], reason: 'suspend',
    sources: ['Gmail Help: DisabledUser https://support.google.com/mail/?p=DisabledUser'],
  }),
  g({
    id: 'gmail.5.4.5.daily-limit', codes: [550], enhanced: ['5.4.5', '5.7.1'], pattern: /daily (?:sending quota|user sending limit|SMTP relay (?:sending )?limit)|this mail has been rate limited/i, priority: 1,
    examples: ['550 5.4.5 Daily user sending limit exceeded. - gsmtp'],
    title: 'Gmail / Workspace: daily sending limit exceeded',
    description: 'The sending account (or the Workspace SMTP relay customer) reached its daily limit. The limit resets within 24 hours; the message bounced and must be resent later.',
    causes: ['bulk mail from a Gmail/Workspace account', 'a compromised account sending spam'], checks: [CHECK.compromise, 'Gmail/Workspace sending limits; use a bulk-mail service for newsletters'],
    actors: ['sender', 'senderAdmin'], reason: 'ratelimited', sources: [SRC.googleLimits, SRC.googleRelay],
    overrideClass: 'transient', overrideNote: 'The code is permanent but a daily sending limit is temporary: the message bounced, and the same message sent again after the limit resets (within 24 hours) will go through.',
  }),
  g({
    id: 'gmail.relay-denied', codes: [550], enhanced: ['5.7.0', '5.7.1'], pattern: /mail relay denied|invalid credentials for relay|mail sending denied/i, priority: 1,
    examples: ['550 5.7.0 Mail relay denied.'],
    title: 'Google Workspace SMTP relay: relay denied (IP or sending domain not registered)',
    description: 'The SMTP relay service does not recognise the sending device: its IP is not in the Workspace SMTP relay settings, the envelope domain is not one of the customer\'s domains, or the sender account is disabled/not registered.',
    causes: ['sending IP not registered in the SMTP relay settings', 'HELO/MAIL FROM domain not registered in the Workspace account', 'sender account disabled or unknown'],
    checks: ['Workspace Admin console: Gmail > Routing > SMTP relay service (allowed IPs, authentication requirement)', CHECK.senderAddress, CHECK.heloName],
    actors: ['senderAdmin'], reason: 'norelaying', sources: [SRC.googleRelay],
  }),
  g({
    id: 'gmail.not-authorized-direct', codes: [550], enhanced: ['5.7.1'], pattern: /not authorized to send email directly to our servers/i, priority: 1,
    examples: [
      '550 5.7.1 The IP you\'re using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead.',
    ],
    title: 'Gmail: the IP may not send directly to Gmail (use your provider\'s SMTP relay)',
    description: 'The sending IP (typically a residential/dynamic address) is not allowed to deliver directly; mail must go through the ISP\'s or another relay.',
    causes: ['a server on a residential/dynamic IP delivering directly'], checks: [CHECK.sendingIp, 'Relay through the ISP\'s smart host or a mail service'],
    actors: ['senderAdmin'], reason: 'blocked', sources: ['Gmail Help: NotAuthorizedError https://support.google.com/mail/?p=NotAuthorizedError'],
  }),
  g({
    id: 'gmail.likely-unsolicited', codes: [550, 421], enhanced: ['5.7.1', '4.7.0'], pattern: /likely unsolicited mail|likely suspicious/i, priority: 1,
    examples: [
      '550-5.7.1 [192.0.2.10 12] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp',
    ],
    title: 'Gmail: the message is likely unsolicited (spam) and was blocked',
    description: 'Gmail\'s filters classified this message as spam. Content, links, sender reputation and authentication all count.',
    causes: ['spam-like content or links', 'poor sender reputation', 'missing SPF/DKIM/DMARC'], checks: REPUTATION_CHECKS,
    actors: ['senderAdmin', 'sender'], reason: 'spamdetected', links: [PM, GUIDE], sources: [SRC.googleBlocked],
  }),
  g({
    id: 'gmail.rfc5322', codes: [550, 554], enhanced: ['5.7.1', '5.6.0'], pattern: rx([
      'not RFC 5322 compliant',
      'missing a valid (?:address in the From|Message-ID)',
      'multiple addresses in From',
      'unicode character in a disallowed header',
      'encoded-word syntax is not permitted',
      'message is malformed',
    ]), priority: 1,
    examples: ['554-5.6.0 Mail message is malformed. Not accepted. - gsmtp', '550-5.7.1 Messages missing a valid Message-ID header are not accepted. - gsmtp'],
    title: 'Gmail: the message is not RFC 5322 compliant (From:, Message-ID or header format)',
    description: 'Gmail refuses messages with a missing or invalid From:, several From: addresses, duplicate headers, a missing Message-ID, Unicode in headers that do not allow it, or otherwise malformed structure.',
    causes: ['an application or script building headers by hand', 'a gateway that duplicates or rewrites headers'], checks: [CHECK.clientSoftware, 'The headers of the message (From, Message-ID, Date, duplicates)'],
    actors: ['senderAdmin'], reason: 'notcompliantrfc', sources: [SRC.googleGuidelines, SRC.rfc5322('3.6')],
  }),
  g({
    id: 'gmail.policy-prohibited', codes: [550], enhanced: ['5.7.1'], pattern: /has a policy that prohibited|violates .{1,120}email policy|\bgcdp\b/i, priority: 1,
    examples: ['550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent. - gcdp a1si - gsmtp'],
    title: 'Google Workspace: a domain administrator\'s policy prohibited this mail',
    description: 'A content or compliance rule written by the administrator of the recipient (or sender) Workspace domain refused the message ("gcdp" marks such custom domain policies).',
    causes: ['a Workspace content compliance / routing rule'], checks: ['Ask the Workspace administrator which rule matched'], actors: ['recipientAdmin', 'senderAdmin'], reason: 'policyviolation',
    sources: ['Google Workspace Admin Help: content compliance https://support.google.com/a/answer/172179'],
  }),
  g({
    id: 'gmail.size', codes: [552], enhanced: ['5.2.3', '5.3.4'], pattern: /exceeded Google's message (?:size|header size) limits|exceeds Google's (?:limit|message size|header)|bytes per individual header/i, priority: 1,
    examples: ['552 5.3.4 Your message exceeded Google\'s message size limits.'],
    title: 'Gmail: message, attachment count or header exceeds Google\'s limits',
    description: 'The message is larger than Gmail accepts (25 MB for received attachments after encoding, about 50 MB messages), has too many attachments, or a header is too large.',
    causes: ['large attachments (base64 adds about a third)', 'too many attachments', 'huge headers from a loop or a gateway'], checks: [CHECK.messageSize, 'Share large files via a link'],
    actors: ['sender'], reason: 'mesgtoobig', sources: ['Gmail Help: MaxSizeError https://support.google.com/mail/?p=MaxSizeError'],
  }),
  g({
    id: 'gmail.552.5.7.0.attachment', codes: [552], enhanced: ['5.7.0'], pattern: /illegal attachment|potential security issue/i, priority: 1,
    examples: ['552-5.7.0 This message was blocked because its content presents a potential security issue. - gsmtp'],
    title: 'Gmail: blocked because an attachment or the content is a potential security risk',
    description: 'Gmail blocks executable attachments, archives containing them, documents with malicious macros and known malware.',
    causes: ['blocked file types (.exe, .js, .bat ...) even inside archives', 'malicious content'], checks: [CHECK.antivirus, 'Send the file through a share link'],
    actors: ['sender'], reason: 'virusdetected', sources: ['Gmail Help: file types blocked in Gmail https://support.google.com/mail/?p=BlockedMessage'],
  }),
  g({
    id: 'gmail.553.5.1.2.domain', codes: [553], enhanced: ['5.1.2'], pattern: /find the recipient domain/i, priority: 1,
    examples: ['553-5.1.2 We weren\'t able to find the recipient domain. Please check for any spelling errors. - gsmtp'],
    title: 'Gmail: the recipient domain could not be found', description: 'The domain of the recipient address does not exist (check spelling, stray spaces or punctuation).',
    causes: ['typo in the domain'], checks: [CHECK.recipientAddress], actors: ['sender'], reason: 'hostunknown', sources: ['Gmail Help: BadRcptDomain https://support.google.com/mail/?p=BadRcptDomain'],
  }),
  g({
    id: 'gmail.553.invalid-address', codes: [553], enhanced: ['5.1.3', '5.1.7'], pattern: /not a valid RFC[ -]?5321 address/i, priority: 1,
    examples: ['553 5.1.3 The recipient address <bob@@example.com> is not a valid RFC 5321 address.'],
    title: 'Gmail: the address is not a valid RFC 5321 address', description: 'The sender (5.1.7) or recipient (5.1.3) address is syntactically invalid.',
    causes: ['malformed address'], checks: [CHECK.recipientAddress, CHECK.senderAddress], actors: ['sender', 'senderAdmin'], reason: 'syntaxerror',
  }),
  g({
    id: 'gmail.hops', codes: [554], enhanced: ['5.4.6', '5.6.0'], pattern: /exceeded 50 hops/i, priority: 1,
    examples: ['554 5.4.6 Message exceeded 50 hops, this may indicate a mail loop.'],
    title: 'Gmail: message exceeded 50 hops (mail loop)', description: 'The message passed more than 50 servers: a forwarding loop.',
    causes: ['forwarding loop between Gmail and another system'], checks: [CHECK.mailLoop], actors: ['recipientAdmin', 'senderAdmin'], reason: 'networkerror',
  }),
  g({
    id: 'gmail.unauthenticated-commands', codes: [554], enhanced: ['5.7.0'], pattern: /too many unauthenticated commands/i, priority: 1,
    examples: ['554 5.7.0 Too many unauthenticated commands.'],
    title: 'Gmail: too many unauthenticated commands', description: 'The client sent too many commands without authenticating; the session is closed.',
    causes: ['a client probing or misconfigured to skip AUTH'], checks: [CHECK.authConfig, CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'securityerror',
  }),
];
