import type { EnhancedCodeEntry } from './types';
import { CHECK, SRC } from './common';

const r3463 = (sec: string) => [SRC.rfc3463(sec), SRC.iana];

/**
 * RFC 3463 / 5248 / 7372 and IANA-registered enhanced status codes (registry of 2024-12-06:
 * every code X.0.0 .. X.7.30). "X.s.d" entries hold the registry meaning for every class; concrete
 * "c.s.d" entries refine it where the class changes what the code means in practice (2.x success
 * replies, 4.7.1 temporary policy deferrals ...). Vendor codes outside the registry (5.7.606,
 * 4.7.650 ...) live in the vendor rules.
 */
export const ENHANCED_CODES: readonly EnhancedCodeEntry[] = [
  // ------------------------------------------------------------ X.0.x other
  {
    code: 'X.0.0', meaning: 'Other undefined status',
    description: 'Only the class is known: the server gave no detail. The text is all there is to go on.',
    causes: ['the server does not map this condition to a specific code'], checks: [CHECK.protocolLog],
    actors: ['recipientAdmin'], sources: r3463('3.1'), basicCodes: [],
  },
  // ------------------------------------------------------------ X.1.x addressing
  {
    code: 'X.1.0', meaning: 'Other address status',
    description: 'Something about an address (sender or recipient) caused this, without more detail. Exchange uses 5.1.0 "Sender denied" when a reply to an old or saved message carries a legacyExchangeDN that no longer resolves.',
    causes: ['an address could not be resolved or is refused', 'Exchange: reply to a saved/offline message whose recipient DN is stale'],
    checks: [CHECK.recipientAddress, CHECK.senderAddress], actors: ['sender'], sources: [...r3463('3.2'), SRC.msExoNdr],
  },
  {
    code: 'X.1.1', meaning: 'Bad destination mailbox address',
    description: 'The mailbox named in the address does not exist: the part left of the "@" is unknown at the destination. Resending unchanged will fail the same way.',
    causes: ['typo in the recipient address', 'the mailbox was deleted, renamed or never existed', 'a stale autocomplete/X.500 entry after a mailbox was re-created (Exchange)', 'recipient table on the receiving server incomplete (postfix virtual/local maps, Exchange accepted domain set to authoritative)'],
    checks: [CHECK.recipientAddress, 'Exchange: clear the Outlook autocomplete entry, or add the old LegacyExchangeDN as an X500 proxy address of the re-created mailbox', CHECK.virtualMaps],
    actors: ['sender', 'recipientAdmin'], reason: 'userunknown', basicCodes: [451, 550], sources: [...r3463('3.2'), SRC.msExoNdr],
  },
  {
    code: 'X.1.2', meaning: 'Bad destination system address',
    description: 'The destination domain (right of the "@") does not exist or cannot accept mail.',
    causes: ['typo in the recipient domain', 'the domain expired or lost its DNS', 'no MX and no A record for the domain'],
    checks: [CHECK.recipientAddress, CHECK.dnsMx], actors: ['sender', 'recipientAdmin'], reason: 'hostunknown', sources: r3463('3.2'),
  },
  {
    code: 'X.1.3', meaning: 'Bad destination mailbox address syntax',
    description: 'The recipient address is syntactically invalid (illegal characters, missing domain, spaces, quotes).',
    causes: ['malformed recipient address', 'an application inserting display names or spaces into RCPT TO'],
    checks: [CHECK.recipientAddress, CHECK.clientSoftware], actors: ['sender'], reason: 'userunknown', basicCodes: [501], sources: r3463('3.2'),
  },
  {
    code: 'X.1.4', meaning: 'Destination mailbox address ambiguous',
    description: 'The address matches more than one recipient at the destination (e.g. two directory objects share the proxy address).',
    causes: ['duplicate proxy addresses in the directory', 'a fuzzy address mapping matched several mailboxes'],
    checks: ['Search the directory for every object holding this address (Exchange: Get-Recipient -Filter "EmailAddresses -eq \'smtp:...\'")'], actors: ['recipientAdmin'], reason: 'userunknown', sources: r3463('3.2'),
  },
  {
    code: 'X.1.5', meaning: 'Destination address valid',
    description: 'The recipient address is valid (250 2.1.5 on RCPT, or a positive delivery report).',
    causes: [], checks: [], actors: ['none'], reason: 'delivered', basicCodes: [250], sources: r3463('3.2'),
  },
  {
    code: 'X.1.6', meaning: 'Destination mailbox has moved, no forwarding address',
    description: 'The address was valid once but no longer takes mail, and no new address is known.',
    causes: ['the person left or changed address', 'the mailbox was retired'],
    checks: [CHECK.recipientAddress, 'Remove or update the address in the sender\'s lists'], actors: ['sender'], reason: 'hasmoved', sources: r3463('3.2'),
  },
  {
    code: 'X.1.7', meaning: "Bad sender's mailbox address syntax",
    description: 'The sender (MAIL FROM) address is syntactically invalid, or not allowed for this sender.',
    causes: ['malformed envelope sender from an application or script', 'a sender address the authenticated user may not use'],
    checks: [CHECK.senderAddress, CHECK.clientSoftware], actors: ['senderAdmin', 'sender'], reason: 'rejected', sources: r3463('3.2'),
  },
  {
    code: 'X.1.8', meaning: "Bad sender's system address",
    description: 'The sender\'s domain does not exist or cannot take return mail (no MX/A record), so bounces could not be delivered and the receiver refuses the message.',
    causes: ['the envelope sender domain does not resolve (typo, internal-only domain such as .local or .lan, expired domain)', 'a temporary DNS failure while checking the sender domain (4.1.8)'],
    checks: [CHECK.senderAddress, 'Applications and devices that send with an internal domain (server.local, localhost.localdomain): give them a real, resolvable sender domain', CHECK.dnsMx],
    actors: ['senderAdmin', 'sender'], reason: 'rejected', basicCodes: [451, 501], sources: r3463('3.2'),
  },
  {
    code: 'X.1.9', meaning: 'Message relayed to non-compliant mailer',
    description: 'The address was valid, but the message was relayed to a system that cannot report further status.',
    causes: ['delivery to a gateway without DSN support'], checks: [], actors: ['none'], reason: 'mailererror', sources: [SRC.rfc3886('3.3'), SRC.iana],
  },
  {
    code: 'X.1.10', meaning: 'Recipient address has null MX',
    description: 'In the IANA registry: the recipient domain publishes a null MX ("MX 0 ."), i.e. it never accepts mail. Microsoft uses 5.1.10 for something else: "Recipient not found by SMTP address lookup" (RESOLVER.ADR.RecipientNotFound); the text says which one applies.',
    causes: ['the recipient domain declares it takes no mail (null MX)', 'Microsoft 365: the recipient address does not exist in the target tenant'],
    checks: [CHECK.nullMx, CHECK.recipientAddress], actors: ['sender'], reason: 'notaccept', basicCodes: [556],
    notes: ['Code collision: the registry defines 5.1.10 as "recipient address has null MX" (RFC 7505), while Exchange Online sends 5.1.10 for "Recipient not found" (RESOLVER.ADR.RecipientNotFound). A reply from *.protection.outlook.com or with a RESOLVER token means recipient not found.'],
    sources: [SRC.rfc7505('4.2'), SRC.iana, SRC.msExoNdr],
  },
  // ------------------------------------------------------------ X.2.x mailbox
  {
    code: 'X.2.0', meaning: 'Other or undefined mailbox status',
    description: 'The mailbox exists, but something about it caused this (no more detail). Exchange uses 5.2.0 for "RESOLVER.ADR.BadPrimary" (bad primary address) and similar mailbox-object problems.',
    causes: ['mailbox configuration problem at the destination'], checks: [CHECK.quota, 'The mailbox object\'s state at the destination'],
    actors: ['recipientAdmin', 'recipient'], sources: r3463('3.3'),
  },
  {
    code: 'X.2.1', meaning: 'Mailbox disabled, not accepting messages',
    description: 'The mailbox exists but does not accept messages: disabled, suspended or inactive. Permanent if it will never be re-enabled (5.2.1), temporary otherwise (4.2.1). Gmail uses 450 4.2.1 for "receiving mail too quickly" (a per-recipient rate limit) and 550 5.2.1 for inactive accounts.',
    causes: ['the account is disabled, suspended or inactive', 'Gmail 4.2.1: the recipient is receiving mail at too high a rate', 'Exchange 5.2.1: Content Filter agent quarantined the message'],
    checks: ['Ask the recipient (by another channel) whether the address is still in use', CHECK.sendRate], actors: ['recipient', 'recipientAdmin'], reason: 'suspend', sources: [...r3463('3.3'), SRC.google],
  },
  {
    code: 'X.2.2', meaning: 'Mailbox full',
    description: 'The recipient\'s mailbox is over its quota or the storage behind it is full. The recipient can free space. RFC 3463 intends it as a persistent transient failure, but many servers send it with 552 (permanent). Exchange Online also uses 5.2.2 for "Submission quota exceeded" (a sending rate limit on the sender): the text decides.',
    causes: ['the recipient mailbox is over quota', 'an abandoned mailbox filling up', 'Exchange Online: the sender exceeded the submission (sending) quota'],
    checks: [CHECK.quota, 'Tell the recipient by another channel; resend after they free space', 'If the text says "submission quota": the sending account\'s volume, possible compromise'],
    actors: ['recipient', 'recipientAdmin'], reason: 'mailboxfull', basicCodes: [552], sources: [...r3463('3.3'), SRC.msExoNdr],
  },
  {
    code: 'X.2.3', meaning: 'Message length exceeds administrative limit',
    description: 'The message is bigger than the per-mailbox (per-recipient) size limit, which is lower than the system-wide limit.',
    causes: ['large attachment over the recipient\'s receive size limit (Exchange RESOLVER.RST.RecipSizeLimit, MaxReceiveSize)'],
    checks: [CHECK.messageSize, 'Send a link to a file share instead of the attachment'], actors: ['sender', 'recipientAdmin'], reason: 'mesgtoobig', basicCodes: [552], sources: r3463('3.3'),
  },
  {
    code: 'X.2.4', meaning: 'Mailing list expansion problem',
    description: 'The address is a mailing list or distribution group that could not be expanded (a broken member, a loop, a directory error).',
    causes: ['a distribution group with invalid members', 'list server error'],
    checks: ['The group\'s members and the list server\'s logs'], actors: ['recipientAdmin'], reason: 'filtered', basicCodes: [450, 452], sources: r3463('3.3'),
  },
  // ------------------------------------------------------------ X.3.x mail system
  {
    code: 'X.3.0', meaning: 'Other or undefined mail system status',
    description: 'The destination system normally accepts mail, but something about it caused this. Gmail: "Temporary System Problem" (4.3.0); Exchange: 5.3.0 "Too many related errors" (message moved to the poison queue).',
    causes: ['a problem on the destination server (crash, poison message, backend failure)'],
    checks: [CHECK.retryLater, CHECK.exchangeServices, CHECK.queues], actors: ['recipientAdmin'], reason: 'systemerror', basicCodes: [221, 250, 421, 451, 550, 554], sources: r3463('3.4'),
  },
  {
    code: 'X.3.1', meaning: 'Mail system full',
    description: 'The destination system\'s storage is full; individual users cannot free it. Exchange: 4.3.1 "Insufficient system resources" (back pressure: low disk space on the queue database volume or low memory).',
    causes: ['queue or mailbox storage full on the receiving server', 'Exchange back pressure (disk or memory)'],
    checks: [CHECK.diskSpace, CHECK.exchangeServices], actors: ['recipientAdmin'], reason: 'systemerror', basicCodes: [452], sources: [...r3463('3.4'), SRC.msBackPressure],
  },
  {
    code: 'X.3.2', meaning: 'System not accepting network messages',
    description: 'The host is not taking mail right now: imminent shutdown, excessive load, maintenance. Exchange: 4.3.2 "Service not available/active" (components inactive, a custom connector in the wrong transport service, a broken transport agent); Exchange Online: 432 4.3.2 "STOREDRV.Deliver; recipient thread limit exceeded".',
    causes: ['receiving server in maintenance or overloaded', 'Exchange: ServerWideOffline or other components inactive after maintenance or an update', 'Exchange Online: recipient mailbox throttled'],
    checks: [CHECK.exchangeServices, CHECK.retryLater, CHECK.lastChange], actors: ['recipientAdmin'], reason: 'notaccept', basicCodes: [453, 521], sources: [...r3463('3.4'), SRC.msExNdr],
  },
  {
    code: 'X.3.3', meaning: 'System not capable of selected features',
    description: 'The destination does not support a feature the message requires (e.g. a gateway cannot map an extension onto the next system). Exchange: 5.3.3 "Unrecognized command" when an internal connector lacks Exchange Server authentication.',
    causes: ['a required extension is not supported by the next hop', 'Exchange: internal mail arriving on a connector without Exchange Server authentication'],
    checks: [CHECK.connectors, CHECK.firewallSmtp], actors: ['recipientAdmin'], reason: 'systemerror', sources: [...r3463('3.4'), SRC.msExNdr],
  },
  {
    code: 'X.3.4', meaning: 'Message too big for system',
    description: 'The message exceeds the per-message size limit of the system (not just one mailbox).',
    causes: ['attachment larger than the receiving organisation\'s limit (postfix message_size_limit, Exchange MaxMessageSize on connector/organisation)', 'base64 encoding grew the message past the limit'],
    checks: [CHECK.messageSize, 'Send a link instead of the attachment'], actors: ['sender', 'recipientAdmin'], reason: 'mesgtoobig', basicCodes: [552, 554], sources: r3463('3.4'),
  },
  {
    code: 'X.3.5', meaning: 'System incorrectly configured',
    description: 'The system is not configured to accept this message. Exchange: 5.3.5 when a Receive connector\'s FQDN equals another server\'s and a loop is detected.',
    causes: ['misconfiguration on the destination (loops to itself, wrong connector FQDN)'],
    checks: [CHECK.connectors, CHECK.mxTarget], actors: ['recipientAdmin'], reason: 'systemerror', sources: [...r3463('3.4'), SRC.msExNdr],
  },
  {
    code: 'X.3.6', meaning: 'Requested priority was changed',
    description: 'MT-PRIORITY: the message was accepted but at a different priority than requested.',
    causes: ['the server lowered the MT-PRIORITY of the message'], checks: [], actors: ['none'], basicCodes: [250], sources: [SRC.rfc6710('9'), SRC.iana],
  },
  // ------------------------------------------------------------ X.4.x network and routing
  {
    code: 'X.4.0', meaning: 'Other or undefined network or routing status',
    description: 'Something went wrong with networking or routing, without more detail.',
    causes: ['network or routing problem between the servers'], checks: [CHECK.dnsMx, CHECK.firewallPort25, CHECK.router], actors: ['senderAdmin', 'recipientAdmin'], reason: 'networkerror', sources: r3463('3.5'),
  },
  {
    code: 'X.4.1', meaning: 'No answer from host',
    description: 'The outbound connection was not answered: refused, timed out, or the host is down. Reported by the sending side (there is no remote reply).',
    causes: ['the destination server is down or its port 25 is filtered', 'outbound port 25 blocked by a firewall or the ISP', 'the MX points to a wrong or old IP'],
    checks: [CHECK.firewallPort25, CHECK.dnsMx, CHECK.router, CHECK.lastChange, CHECK.queues], actors: ['senderAdmin', 'recipientAdmin'], reason: 'expired', basicCodes: [451], sources: r3463('3.5'),
  },
  {
    code: 'X.4.2', meaning: 'Bad connection',
    description: 'The connection was established but dropped before the transaction completed (timeout, reset, poor link quality). Often a firewall or IPS cutting the session, or a TLS problem.',
    causes: ['connection reset or timed out mid-session', 'a firewall/IPS doing SMTP inspection that drops the session', 'TLS negotiation failure', 'the remote server dropped the connection because of load'],
    checks: [CHECK.firewallSmtp, CHECK.router, CHECK.tlsCert, CHECK.protocolLog, CHECK.lastChange], actors: ['senderAdmin', 'recipientAdmin'], reason: 'networkerror', basicCodes: [421], sources: r3463('3.5'),
  },
  {
    code: 'X.4.3', meaning: 'Directory server failure',
    description: 'A directory service (typically DNS, also LDAP/AD) needed to route the message was unavailable. Normally transient.',
    causes: ['DNS servers of the sending side unreachable or timing out', 'the destination domain\'s name servers not answering', 'LDAP/AD lookup failure on the receiving side'],
    checks: [CHECK.dnsMx, 'The DNS servers configured on the mail server (Exchange: Get-TransportService | fl *DNS*; postfix: /etc/resolv.conf inside the chroot)'], actors: ['senderAdmin', 'recipientAdmin'], reason: 'systemerror', basicCodes: [451, 550], sources: r3463('3.5'),
  },
  {
    code: 'X.4.4', meaning: 'Unable to route',
    description: 'The mail system could not determine the next hop: the destination domain has no MX/A record, or (Exchange) no connector matches the address space. Exchange: SMTPSEND.DNS.NonExistentDomain, SMTPSEND.DNS.MxLoopback, ROUTING.NoNextHop.',
    causes: ['the recipient domain does not exist in DNS or has no mail records', 'the MX points back to the sending server (loopback)', 'no Send connector / transport for the address space'],
    checks: [CHECK.dnsMx, CHECK.recipientAddress, CHECK.connectors], actors: ['senderAdmin', 'sender'], reason: 'hostunknown', sources: [...r3463('3.5'), SRC.msExNdr],
  },
  {
    code: 'X.4.5', meaning: 'Mail system congestion',
    description: 'The mail system was too congested to deliver the message now. Transient.',
    causes: ['the receiving side is overloaded', 'too many concurrent connections to one destination'], checks: [CHECK.retryLater, CHECK.sendRate, CHECK.queues],
    actors: ['recipientAdmin', 'senderAdmin'], reason: 'systemerror', basicCodes: [451], sources: r3463('3.5'),
  },
  {
    code: 'X.4.6', meaning: 'Routing loop detected',
    description: 'The message was forwarded too many times (too many Received headers): a forwarding or routing loop. Exchange cuts a loop after 20 hops (5.4.6 on-premises, 5.4.14 Exchange Online); Gmail after 50.',
    causes: ['forwarding rules that point at each other', 'an MX or smart host that routes back to the sender', 'hybrid/connector misconfiguration (targetAddress pointing back)'],
    checks: [CHECK.mailLoop, CHECK.mxTarget, CHECK.connectors], actors: ['recipientAdmin', 'senderAdmin'], reason: 'networkerror', sources: [...r3463('3.5'), SRC.msExoNdr],
  },
  {
    code: 'X.4.7', meaning: 'Delivery time expired',
    description: 'The message stayed in a queue too long without successful delivery and was returned. The real cause is whatever made the earlier attempts fail temporarily (look for the last 4xx or connection error before the expiry).',
    causes: ['the destination was unreachable or kept answering 4xx for the whole retry period', 'a queue held by a stopped service', 'Exchange: Send connector DNS vs. smart-host routing wrong, HELO FQDN mismatch, SPF problems at the destination'],
    checks: ['The last error logged for this message before it expired (the queue\'s "last error", postfix "delays=" and status=deferred lines)', CHECK.queues, CHECK.dnsMx, CHECK.firewallPort25, CHECK.connectors],
    actors: ['senderAdmin', 'recipientAdmin'], reason: 'expired', sources: [...r3463('3.5'), SRC.msQueue],
  },
  // ------------------------------------------------------------ X.5.x protocol
  {
    code: 'X.5.0', meaning: 'Other or undefined protocol status',
    description: 'A protocol problem with no more specific code (often used for "no recipients" or generic refusals).',
    causes: ['protocol-level refusal'], checks: [CHECK.protocolLog], actors: ['senderAdmin'], basicCodes: [220, 250, 251, 252, 253, 451, 452, 454, 458, 459, 501, 502, 503, 554], sources: r3463('3.6'),
  },
  {
    code: 'X.5.1', meaning: 'Invalid command',
    description: 'A command was out of sequence or not supported. In pipelined sessions often the knock-on of an earlier refusal (e.g. "554 5.5.1 Error: no valid recipients" after every RCPT was refused).',
    causes: ['command out of sequence', 'DATA with no valid recipients', 'an unsupported command'],
    checks: ['The earlier refusals in the same session', CHECK.protocolLog, CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'syntaxerror', basicCodes: [430, 500, 501, 503, 530, 550, 554, 555], sources: r3463('3.6'),
  },
  {
    code: 'X.5.2', meaning: 'Syntax error',
    description: 'A command could not be interpreted: wrong syntax or unknown command. Postfix also uses 5.5.2 for HELO and address format rejects ("need fully-qualified hostname", "Invalid name").',
    causes: ['malformed command', 'HELO name not a valid FQDN (postfix reject_invalid_helo_hostname / reject_non_fqdn_helo_hostname)'],
    checks: [CHECK.heloName, CHECK.protocolLog, CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'syntaxerror', basicCodes: [500, 501, 502, 550, 555], sources: r3463('3.6'),
  },
  {
    code: 'X.5.3', meaning: 'Too many recipients',
    description: 'More recipients than the server accepts per message or transaction. A correct sender splits the message and sends the rest in another transaction (Exchange Online: more than 200 envelope recipients for one domain).',
    causes: ['recipient limit per message or per transaction reached (Exchange RESOLVER.ADR.RecipLimit, postfix smtpd_recipient_limit)', 'a mass mailing sent as one message'],
    checks: [CHECK.recipientLimits, 'Split the recipients (distribution group, mailing software)'], actors: ['sender', 'senderAdmin'], reason: 'toomanyconn', basicCodes: [451, 452], sources: [...r3463('3.6'), SRC.msExoNdr],
  },
  {
    code: 'X.5.4', meaning: 'Invalid command arguments',
    description: 'The command is valid but its arguments are out of range or name unknown features (e.g. an unsupported AUTH mechanism, Gmail "HELO/EHLO argument is invalid").',
    causes: ['unsupported parameter or mechanism', 'invalid HELO argument'], checks: [CHECK.clientSoftware, CHECK.heloName], actors: ['senderAdmin'], reason: 'syntaxerror', basicCodes: [451, 501, 502, 503, 504, 550, 555], sources: r3463('3.6'),
  },
  {
    code: 'X.5.5', meaning: 'Wrong protocol version',
    description: 'A protocol version mismatch the two sides could not resolve.',
    causes: ['incompatible protocol versions'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'systemerror', sources: r3463('3.6'),
  },
  {
    code: 'X.5.6', meaning: 'Authentication exchange line is too long',
    description: 'An AUTH response (base64) was longer than the server accepts for the mechanism.',
    causes: ['oversized AUTH response (e.g. a large Kerberos/GSSAPI or OAuth token)'], checks: [CHECK.authConfig], actors: ['senderAdmin'], reason: 'securityerror', basicCodes: [500], sources: [SRC.rfc4954('6'), SRC.iana],
  },
  // ------------------------------------------------------------ X.6.x content / media
  {
    code: 'X.6.0', meaning: 'Other or undefined media error',
    description: 'Something about the content made the message undeliverable, without more detail (Gmail 554 5.6.0 "Mail message is malformed").',
    causes: ['malformed MIME structure or headers', 'content that a gateway cannot process'], checks: [CHECK.clientSoftware, CHECK.antivirus], actors: ['sender', 'senderAdmin'], reason: 'contenterror', sources: r3463('3.7'),
  },
  {
    code: 'X.6.1', meaning: 'Media not supported',
    description: 'The media type of the message is not supported by the delivery protocol or the next system.',
    causes: ['an attachment type or encoding the next hop refuses (blocked file types)'], checks: ['The attachment types in the message and the receiver\'s attachment policy'], actors: ['sender'], reason: 'contenterror', sources: r3463('3.7'),
  },
  {
    code: 'X.6.2', meaning: 'Conversion required and prohibited',
    description: 'The content must be converted to be delivered, but conversion is forbidden by the message or the sending policy.',
    causes: ['8-bit content to a 7-bit-only hop with conversion prohibited'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'contenterror', sources: r3463('3.7'),
  },
  {
    code: 'X.6.3', meaning: 'Conversion required but not supported',
    description: 'The content must be converted (e.g. 8-bit to 7-bit) and the gateway cannot do it.',
    causes: ['8BITMIME/BINARYMIME content towards a hop that does not support it'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'contenterror', basicCodes: [554], sources: r3463('3.7'),
  },
  {
    code: 'X.6.4', meaning: 'Conversion with loss performed',
    description: 'Delivered, but a conversion lost some data (a warning), or refused when the sender prohibited lossy conversion.',
    causes: ['lossy content conversion on the path'], checks: [], actors: ['none'], basicCodes: [250], sources: r3463('3.7'),
  },
  {
    code: 'X.6.5', meaning: 'Conversion failed',
    description: 'A required conversion was attempted and failed (Exchange: TNEF/RTF or character set conversion of a message; old IMS "conversion to Internet format failed").',
    causes: ['content conversion error (TNEF/winmail.dat, character sets, corrupted attachments)'], checks: [CHECK.antivirus, 'Send as HTML or plain text instead of Rich Text (TNEF)'], actors: ['senderAdmin'], reason: 'contenterror', sources: r3463('3.7'),
  },
  {
    code: 'X.6.6', meaning: 'Message content not available',
    description: 'BURL: the message content could not be fetched from the IMAP server it points to.',
    causes: ['the BURL/IMAP URL could not be resolved'], checks: ['The IMAP server and the URL authorization used by the submission server'], actors: ['senderAdmin'], reason: 'contenterror', basicCodes: [554], sources: [SRC.rfc4468('6'), SRC.iana],
  },
  {
    code: 'X.6.7', meaning: 'Non-ASCII addresses not permitted for that sender/recipient',
    description: 'An internationalised (UTF-8) address was used where the server or the other party does not support SMTPUTF8.',
    causes: ['UTF-8 address towards a server without SMTPUTF8'], checks: ['Whether both servers advertise SMTPUTF8; use an ASCII alias'], actors: ['sender', 'senderAdmin'], reason: 'contenterror', basicCodes: [550, 553], sources: [SRC.rfc6531('3.7.4.2'), SRC.iana],
  },
  {
    code: 'X.6.8', meaning: 'UTF-8 string reply is required, but not permitted by the SMTP client',
    description: 'The reply would have to contain a UTF-8 string (e.g. to show a mailbox name) but the client did not ask for SMTPUTF8.',
    causes: ['VRFY/EXPN of an internationalised mailbox without SMTPUTF8'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'contenterror', basicCodes: [252, 550, 553], sources: [SRC.rfc6531('3.7.4.2'), SRC.iana],
  },
  {
    code: 'X.6.9', meaning: 'UTF-8 header message cannot be transferred to one or more recipients',
    description: 'A message with UTF-8 headers cannot go to a recipient whose server lacks SMTPUTF8 (downgrade failed); reported after the end of data.',
    causes: ['internationalised headers towards a non-SMTPUTF8 server'], checks: ['Whether the destination supports SMTPUTF8'], actors: ['sender', 'recipientAdmin'], reason: 'contenterror', basicCodes: [550], sources: [SRC.rfc6531('3.7.7'), SRC.iana],
  },
  {
    code: 'X.6.10', meaning: 'Duplicate of X.6.8 (deprecated)',
    description: 'Registered by mistake as a duplicate of X.6.8; deprecated. Treat it like X.6.8.',
    causes: ['a server still emitting the deprecated code'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'contenterror',
    notes: ['The IANA registry marks X.6.10 as a deprecated duplicate of X.6.8.'], sources: [SRC.rfc6531(), SRC.iana],
  },
  // ------------------------------------------------------------ X.7.x security / policy
  {
    code: 'X.7.0', meaning: 'Other or undefined security status',
    description: 'Something related to security or policy caused this, or the server will not say more for security reasons. Common texts: "Authentication required", "Must issue a STARTTLS command first", "Too many unauthenticated commands" (Gmail), "TLS required", "Mail relay denied".',
    causes: ['authentication or TLS required', 'a security or policy rule without a specific code'],
    checks: [CHECK.authConfig, CHECK.tlsCert, CHECK.spamFilterLogs], actors: ['senderAdmin', 'recipientAdmin'], reason: 'securityerror',
    basicCodes: [220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550], sources: r3463('3.8'),
  },
  {
    code: 'X.7.1', meaning: 'Delivery not authorized, message refused',
    description: 'The sender is not allowed to send to this destination: per-host or per-recipient filtering. The catch-all for policy refusals: relay denied, IP on a block list, spam verdict, restricted recipient or distribution group, mail-flow rule. The text says which; 4.7.1 is a temporary form (greylisting, temporary blocks, rate limits).',
    causes: [
      'relay refused: the client is not authenticated and the recipient domain is not local to the server',
      'the sending IP is on a block list or has bad reputation',
      'a spam/content filter or mail-flow (transport) rule rejected the message',
      'the recipient (group, mailbox) accepts mail only from certain or authenticated senders',
    ],
    checks: ['The text: it names the policy (relay, block list, spam, restriction)', CHECK.relayRights, CHECK.blocklists, CHECK.spamFilterLogs, CHECK.lastChange],
    actors: ['recipientAdmin', 'senderAdmin', 'sender'], basicCodes: [451, 454, 502, 503, 533, 550, 551], sources: r3463('3.8'),
  },
  {
    code: 'X.7.2', meaning: 'Mailing list expansion prohibited',
    description: 'The sender may not send to this mailing list / distribution group.',
    causes: ['the list only accepts posts from members or moderators'], checks: ['The list\'s posting policy; ask its owner'], actors: ['recipientAdmin', 'sender'], reason: 'rejected', basicCodes: [550], sources: r3463('3.8'),
  },
  {
    code: 'X.7.3', meaning: 'Security conversion required but not possible',
    description: 'A conversion between secure messaging protocols was required and impossible. Exchange uses 5.7.3 differently: "Cannot achieve Exchange Server authentication" / "Not Authorized" (the X-EXPS verb stripped by a firewall, or internal mail on a connector without Exchange Server authentication), and logs failed client logins as "535 5.7.3 Authentication unsuccessful".',
    causes: ['Exchange: a firewall doing SMTP inspection strips X-EXPS between Exchange servers', 'Exchange: internal traffic hits a Receive connector without Exchange Server authentication', 'Exchange: a client login failed (535 5.7.3)'],
    checks: [CHECK.firewallSmtp, CHECK.connectors, CHECK.authConfig], actors: ['senderAdmin', 'recipientAdmin'], reason: 'securityerror', sources: [...r3463('3.8'), SRC.msExNdr],
  },
  {
    code: 'X.7.4', meaning: 'Security features not supported',
    description: 'The message or session uses a security feature the delivery protocol cannot support (e.g. an unknown AUTH type: Gmail 504 5.7.4 "Unrecognized authentication type").',
    causes: ['an unsupported AUTH mechanism or security feature'], checks: [CHECK.authConfig], actors: ['senderAdmin'], reason: 'securityerror', basicCodes: [504], sources: r3463('3.8'),
  },
  {
    code: 'X.7.5', meaning: 'Cryptographic failure',
    description: 'A system authorised to validate or decrypt the message could not (key unavailable or invalid). Exchange Online uses 4.7.5/5.7.5 for "Remote certificate failed MTA-STS validation".',
    causes: ['missing or invalid key or certificate', 'Exchange Online: the destination certificate fails its MTA-STS policy'], checks: [CHECK.tlsCert], actors: ['recipientAdmin'], reason: 'securityerror', sources: [...r3463('3.8'), SRC.msExoNdr],
  },
  {
    code: 'X.7.6', meaning: 'Cryptographic algorithm not supported',
    description: 'The required algorithm is not supported by the system that had to validate or decrypt the message.',
    causes: ['unsupported cipher or signature algorithm'], checks: [CHECK.tlsCert], actors: ['senderAdmin', 'recipientAdmin'], reason: 'securityerror', sources: r3463('3.8'),
  },
  {
    code: 'X.7.7', meaning: 'Message integrity failure',
    description: 'The message was corrupted or altered so it could not be validated (signature broken).',
    causes: ['a gateway changed a signed message (footer, disclaimer, re-encoding)'], checks: [CHECK.dkim, CHECK.antivirus], actors: ['senderAdmin'], reason: 'securityerror', sources: r3463('3.8'),
  },
  {
    code: 'X.7.8', meaning: 'Authentication credentials invalid',
    description: 'AUTH failed because the credentials are wrong or insufficient; the client should ask the user again.',
    causes: ['wrong user name or password', 'expired password, MFA without an app password', 'password-guessing attempts'],
    checks: [CHECK.authConfig, 'Many failures from one IP: a password-guessing attack (block it)'], actors: ['sender', 'senderAdmin'], reason: 'authfailure', basicCodes: [535, 554], sources: [SRC.rfc4954('6'), SRC.iana],
  },
  {
    code: 'X.7.9', meaning: 'Authentication mechanism is too weak',
    description: 'The mechanism chosen is weaker than the server allows for this user; use a stronger one (or an app password / OAuth where the provider requires it).',
    causes: ['PLAIN/LOGIN refused by policy', 'Gmail: app password or browser sign-in required'], checks: [CHECK.authConfig], actors: ['sender', 'senderAdmin'], reason: 'securityerror', basicCodes: [534], sources: [SRC.rfc4954('6'), SRC.iana],
  },
  {
    code: 'X.7.10', meaning: 'Encryption needed',
    description: 'A strong privacy layer (TLS) is needed to use the requested authentication mechanism; start TLS first or pick a stronger mechanism.',
    causes: ['plaintext AUTH without TLS'], checks: [CHECK.authConfig], actors: ['senderAdmin', 'sender'], reason: 'securityerror', basicCodes: [523], sources: [SRC.rfc5248('2.4'), SRC.iana],
  },
  {
    code: 'X.7.11', meaning: 'Encryption required for requested authentication mechanism',
    description: 'The selected AUTH mechanism may only be used over an encrypted connection.',
    causes: ['AUTH PLAIN/LOGIN before STARTTLS'], checks: [CHECK.authConfig], actors: ['senderAdmin', 'sender'], reason: 'securityerror', basicCodes: [524, 538], sources: [SRC.rfc4954('6'), SRC.iana],
  },
  {
    code: 'X.7.12', meaning: 'A password transition is needed',
    description: 'The user must authenticate once with PLAIN (over TLS) so the server can convert the password for the selected mechanism. Exchange Online uses 5.7.12 for something else: "Sender was not authenticated by organization" (the recipient accepts only internal senders).',
    causes: ['password transition needed', 'Exchange Online: recipient set to reject mail from outside its organisation'],
    checks: [CHECK.authConfig, 'Exchange Online: the recipient\'s "Require that all senders are authenticated" setting (only its admin can change it)'], actors: ['sender', 'recipientAdmin'], reason: 'securityerror', basicCodes: [422, 432],
    notes: ['Exchange Online reuses 5.7.12 for "Sender was not authenticated by organization"; the text tells which applies.'], sources: [SRC.rfc4954('6'), SRC.iana, SRC.msExoNdr],
  },
  {
    code: 'X.7.13', meaning: 'User account disabled',
    description: 'The account authenticated correctly but is disabled (abuse, non-payment, break-in). Permanent until an administrator re-enables it. Exchange Online also uses 5.7.13 for "Sender was not authenticated for public folder".',
    causes: ['account disabled by its administrator', 'Exchange Online: public folder accepting only internal senders'], checks: ['The account state in the directory or hosting panel', CHECK.compromise], actors: ['senderAdmin', 'recipientAdmin'], reason: 'suspend', basicCodes: [525], sources: [SRC.rfc5248('2.4'), SRC.iana, SRC.msExoNdr],
  },
  {
    code: 'X.7.14', meaning: 'Trust relationship required',
    description: 'The submission server needs a configured trust relationship with a third-party server to access the message content (BURL). Gmail uses 534 5.7.14 for "Please log in through your web browser" (account sign-in needed).',
    causes: ['missing trust configuration for BURL', 'Gmail: web sign-in required before SMTP AUTH'], checks: [CHECK.authConfig], actors: ['senderAdmin', 'sender'], reason: 'securityerror', basicCodes: [535, 554], sources: [SRC.rfc5248('2.4'), SRC.iana, SRC.google],
  },
  {
    code: 'X.7.15', meaning: 'Priority level is too low',
    description: 'MT-PRIORITY: the message\'s priority is below what the server accepts now (it may be in a mode that only takes higher priorities).',
    causes: ['server accepting only higher-priority mail'], checks: [CHECK.retryLater], actors: ['senderAdmin'], reason: 'securityerror', basicCodes: [450, 550], sources: [SRC.rfc6710('9'), SRC.iana],
  },
  {
    code: 'X.7.16', meaning: 'Message is too big for the specified priority',
    description: 'MT-PRIORITY: the message exceeds the size accepted at its priority.',
    causes: ['size limit tied to the requested priority'], checks: [CHECK.messageSize], actors: ['sender'], reason: 'mesgtoobig', basicCodes: [552], sources: [SRC.rfc6710('9'), SRC.iana],
  },
  {
    code: 'X.7.17', meaning: 'Mailbox owner has changed',
    description: 'RRVS: the recipient mailbox has not been continuously owned since the date the sender required; the message is not delivered to the new owner.',
    causes: ['the address was reassigned to another person'], checks: [CHECK.recipientAddress], actors: ['sender'], reason: 'hasmoved', sources: [SRC.rfc7293('3'), SRC.iana],
  },
  {
    code: 'X.7.18', meaning: 'Domain owner has changed',
    description: 'RRVS: the recipient domain changed owner since the date the sender required.',
    causes: ['the recipient domain was re-registered by someone else'], checks: [CHECK.recipientAddress], actors: ['sender'], reason: 'hasmoved', sources: [SRC.rfc7293('3'), SRC.iana],
  },
  {
    code: 'X.7.19', meaning: 'RRVS test cannot be completed',
    description: 'RRVS: the receiver cannot evaluate the requested test because it did not record the needed timestamp; the sender decides whether to resend without RRVS.',
    causes: ['the receiver keeps no ownership history'], checks: ['Decide whether to resend without the RRVS requirement'], actors: ['sender'], reason: 'securityerror', sources: [SRC.rfc7293('3'), SRC.iana],
  },
  {
    code: 'X.7.20', meaning: 'No passing DKIM signature found',
    description: 'The message carried no DKIM signature that verified, and the receiver requires one.',
    causes: ['the message is not DKIM-signed', 'the signature broke in transit (footer added, content re-encoded by a gateway)', 'the selector\'s public key is missing from DNS'],
    checks: [CHECK.dkim, CHECK.lastChange], actors: ['senderAdmin'], reason: 'authfailure', basicCodes: [550], sources: [SRC.rfc7372('3.1'), SRC.iana],
  },
  {
    code: 'X.7.21', meaning: 'No acceptable DKIM signature found',
    description: 'At least one DKIM signature verified, but none is acceptable under the receiver\'s policy (wrong signing domain, weak key, missing signed headers).',
    causes: ['signed by a third-party domain only', 'a weak (e.g. 512-bit) or deprecated key'], checks: [CHECK.dkim], actors: ['senderAdmin'], reason: 'authfailure', basicCodes: [550], sources: [SRC.rfc7372('3.1'), SRC.iana],
  },
  {
    code: 'X.7.22', meaning: 'No valid author-matched DKIM signature found',
    description: 'Signatures verified, but none is from the domain in the From: header (no aligned signature).',
    causes: ['a relay or ESP signs with its own domain instead of the From: domain'], checks: [CHECK.dkim, CHECK.dmarc], actors: ['senderAdmin'], reason: 'authfailure', basicCodes: [550], sources: [SRC.rfc7372('3.1'), SRC.iana],
  },
  {
    code: 'X.7.23', meaning: 'SPF validation failed',
    description: 'The SPF check of the envelope sender returned "fail": the sending IP is not allowed by the domain\'s SPF record, and the receiver rejects on fail.',
    causes: ['a new sending server, cloud relay or scanner not in the SPF record', 'mail forwarded by a third party (forwarding breaks SPF)', 'someone spoofing the domain'],
    checks: [CHECK.spf, CHECK.sendingIp, CHECK.lastChange], actors: ['senderAdmin'], reason: 'authfailure', basicCodes: [550], sources: [SRC.rfc7372('3.2'), SRC.rfc7208('8.4'), SRC.iana],
  },
  {
    code: 'X.7.24', meaning: 'SPF validation error',
    description: 'The SPF evaluation itself failed: temperror (DNS timeout, 4.7.24) or permerror (broken record: syntax error, more than 10 DNS lookups, several SPF records, 5.7.24).',
    causes: ['the SPF record has a syntax error or needs more than 10 DNS lookups', 'two SPF (v=spf1) TXT records for one domain', 'the domain\'s DNS servers timing out'],
    checks: [CHECK.spf, CHECK.dnsMx], actors: ['senderAdmin'], reason: 'authfailure', basicCodes: [451, 550], sources: [SRC.rfc7372('3.2'), SRC.rfc7208('8.6'), SRC.iana],
  },
  {
    code: 'X.7.25', meaning: 'Reverse DNS validation failed',
    description: 'The sending IP failed a reverse-DNS check: no PTR record, or the PTR name does not resolve back to the IP.',
    causes: ['no PTR for the public sending IP (the ISP or cloud provider sets it)', 'PTR name does not resolve back (forward-confirmed rDNS fails)', 'mail leaves through an unexpected IP after a NAT or ISP change'],
    checks: [CHECK.ptr, CHECK.sendingIp, CHECK.heloName], actors: ['senderAdmin'], reason: 'requireptr', basicCodes: [550], sources: [SRC.rfc7372('3.3'), SRC.iana],
  },
  {
    code: 'X.7.26', meaning: 'Multiple authentication checks failed',
    description: 'More than one authentication check failed (in practice: the DMARC evaluation, SPF and DKIM both unaligned or failing). Gmail uses 550 5.7.26 for unauthenticated mail and DMARC rejections.',
    causes: ['neither SPF nor DKIM passes (aligned) for the From: domain, and its DMARC policy is reject/quarantine', 'a new sending service not set up for SPF/DKIM', 'forwarded mail that broke both checks'],
    checks: [CHECK.dmarc, CHECK.spf, CHECK.dkim], actors: ['senderAdmin'], reason: 'authfailure', basicCodes: [550], sources: [SRC.rfc7372('3.4'), SRC.iana, SRC.google],
  },
  {
    code: 'X.7.27', meaning: 'Sender address has null MX',
    description: 'The envelope sender\'s domain publishes a null MX, so it cannot receive bounces; the receiver refuses mail from it.',
    causes: ['a sender domain that declares it takes no mail (null MX)'], checks: [CHECK.senderAddress, CHECK.dnsMx], actors: ['senderAdmin'], reason: 'rejected', basicCodes: [550], sources: [SRC.rfc7505('4.3'), SRC.iana],
  },
  {
    code: 'X.7.28', meaning: 'Mail flood detected',
    description: 'The receiver saw an unusual volume of mail (a flood) and refused this message. Gmail sends 421 4.7.28 for its rate limits on unusual volume from an IP, netblock, DKIM or SPF domain.',
    causes: ['a burst of mail from the sending IP or domain', 'a compromised account or newsletter sending too fast', 'Gmail: an unusual rate of mail or reused Message-IDs'],
    checks: [CHECK.sendRate, CHECK.compromise, CHECK.postmasterPage], actors: ['senderAdmin'], reason: 'ratelimited', sources: [SRC.iana, SRC.google],
  },
  {
    code: 'X.7.29', meaning: 'ARC validation failure',
    description: 'The Authenticated Received Chain (ARC) headers on the message failed validation.',
    causes: ['an intermediary (forwarder, list) added broken ARC sets', 'the message changed after ARC sealing'], checks: ['The ARC-Seal / ARC-Message-Signature headers and the intermediaries that added them'], actors: ['senderAdmin'], reason: 'authfailure', sources: [SRC.rfc8617('5.2'), SRC.iana],
  },
  {
    code: 'X.7.30', meaning: 'REQUIRETLS support required',
    description: 'The message demands REQUIRETLS (TLS on every hop) and the next hop does not support it, so it cannot be forwarded.',
    causes: ['the next hop does not advertise REQUIRETLS'], checks: [CHECK.tlsCert, 'Whether every hop advertises REQUIRETLS'], actors: ['senderAdmin', 'recipientAdmin'], reason: 'securityerror', sources: [SRC.rfc8689('5'), SRC.iana],
  },

  // ------------------------------------------------------------ concrete refinements
  {
    code: '2.0.0', meaning: 'Success',
    description: 'The request succeeded (no further detail).', causes: [], checks: [], actors: ['none'], reason: 'delivered', sources: r3463('3.1'),
  },
  {
    code: '2.1.0', meaning: 'Sender address accepted',
    description: 'The envelope sender (MAIL FROM) is accepted.', causes: [], checks: [], actors: ['none'], sources: r3463('3.2'),
  },
  {
    code: '2.3.0', meaning: 'Mail system status OK',
    description: 'A success reply about the mail system, e.g. "221 2.3.0 Bye" or a queued message.', causes: [], checks: [], actors: ['none'], sources: r3463('3.4'),
  },
  {
    code: '2.5.0', meaning: 'Protocol step OK',
    description: 'A protocol step succeeded (e.g. "250 2.5.0 Ok" to RSET, waiting for more BDAT/BURL data).', causes: [], checks: [], actors: ['none'], sources: r3463('3.6'),
  },
  {
    code: '2.6.0', meaning: 'Message accepted (content OK)',
    description: 'The message content was accepted; Exchange answers the end of data with "250 2.6.0 <message-id> Queued mail for delivery".',
    causes: [], checks: ['The message id / queue id in the text, to follow the message on the next server'], actors: ['none'], reason: 'delivered', sources: r3463('3.7'),
  },
  {
    code: '2.7.0', meaning: 'Security step OK',
    description: 'A security step succeeded: "235 2.7.0 Authentication successful", or "220 2.7.0 Ready to start TLS" (Exchange uses 2.0.0 for the latter).', causes: [], checks: [], actors: ['none'], sources: [SRC.rfc3463('3.8'), SRC.rfc4954('6')],
  },
  {
    code: '4.1.1', meaning: 'Bad destination mailbox address (temporary)',
    description: 'The recipient could not be verified right now (e.g. the recipient lookup or callout to the backend failed), or the server defers unknown recipients on purpose (postfix soft_bounce, unknown_*_recipient_reject_code 450). A permanent unknown user would be 5.1.1.',
    causes: ['recipient verification temporarily failed', 'the receiver defers unknown recipients while testing (soft_bounce)'],
    checks: [CHECK.retryLater, CHECK.virtualMaps, CHECK.recipientAddress], actors: ['recipientAdmin'], reason: 'userunknown', sources: r3463('3.2'),
  },
  {
    code: '4.2.2', meaning: 'Mailbox full (temporary)',
    description: 'The recipient\'s mailbox is over quota now; the sending server retries and delivery works once the recipient frees space (Gmail 452 4.2.2 "The recipient\'s inbox is out of storage space").',
    causes: ['recipient over quota'], checks: [CHECK.quota, 'Tell the recipient by another channel'], actors: ['recipient'], reason: 'mailboxfull', sources: [...r3463('3.3'), SRC.google],
  },
  {
    code: '4.4.7', meaning: 'Delivery time expired (message delayed or expired in the queue)',
    description: 'Temporary form: the message has been waiting in a queue longer than usual (a delay notice), or (Exchange "QUEUE.Expired; message expired", often written as 550 4.4.7) it expired and was returned. The cause is what made the earlier attempts fail.',
    causes: ['the destination was unreachable or deferring for the whole retry period', 'Exchange: Send connector routing, HELO FQDN vs. MX mismatch, Mailbox Transport Delivery service down, TNEF/RTF problems, SPF problems at the destination'],
    checks: ['The last error logged for this message before it expired', CHECK.queues, CHECK.dnsMx, CHECK.firewallPort25, CHECK.connectors, CHECK.exchangeServices],
    actors: ['senderAdmin', 'recipientAdmin'], reason: 'expired', sources: [...r3463('3.5'), SRC.msExoNdr, SRC.msExNdr],
  },
  {
    code: '4.7.1', meaning: 'Delivery temporarily not authorized (temporary policy refusal)',
    description: 'A temporary policy refusal: greylisting, a temporary block of the sending IP or domain, a rate limit, a DNS lookup needed by a policy check that failed for now, or postfix refusing to relay with a temporary code (defer_unauth_destination, soft_bounce).',
    causes: ['greylisting', 'temporary reputation or rate-limit block', 'policy lookup (DNS, policy service) failed temporarily', 'postfix relay refusal with a temporary code (454 4.7.1 Relay access denied)'],
    checks: [CHECK.greylist, CHECK.retryLater, CHECK.relayRights, CHECK.blocklists], actors: ['recipientAdmin', 'senderAdmin'], sources: r3463('3.8'),
  },
];
