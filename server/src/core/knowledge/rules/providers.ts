/**
 * Mailbox providers and mail-security gateways other than Microsoft and Google: Yahoo/AOL, Apple
 * iCloud, Amazon SES, Mimecast, Proofpoint, Barracuda, Cisco Secure Email, Trend Micro, Orange /
 * La Poste, GMX / WEB.DE / IONOS, T-Online, Comcast, AT&T.
 */
import type { VendorRule } from '../types';
import { CHECK, SRC, rx } from '../common';

const YAHOO = 'Yahoo / AOL';
const Y_PM = 'https://senders.yahooinc.com/';
const MIME = 'Mimecast';

export const PROVIDER_RULES: readonly VendorRule[] = [
  // ================================================================ Yahoo / AOL
  {
    id: 'yahoo.permanently-deferred', vendor: YAHOO, pattern: /permanently deferred|retrying will NOT succeed/i, priority: 2,
    examples: [
      '553 5.7.2 [TSS09] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes',
      '421 4.7.0 [TS03] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes',
    ],
    title: 'Yahoo: all messages from this IP will be permanently deferred; retrying will not succeed ([TSS09]/[TSS11]/[TS03])',
    description: 'Yahoo blocks the sending IP for a long time because of its reputation (complaints, spam traps, poor authentication). Sometimes sent with a 4xx code, but the text is explicit: retries will not get through, so the message will sit in the queue until it expires.',
    causes: ['complaints or spam from the IP', 'a compromised account sending spam', 'missing SPF/DKIM/DMARC'],
    checks: ['Yahoo Sender Hub: request review once the cause is fixed', CHECK.compromise, CHECK.spf, CHECK.dkim, CHECK.dmarc, CHECK.queues],
    actors: ['senderAdmin'], reason: 'blocked', links: [Y_PM],
    classes: ['transient', 'permanent'], overrideClass: 'permanent',
    overrideNote: 'The text says retrying will NOT succeed, so treat this as permanent even where the code is 4xx: the sending server would only keep retrying until the queue lifetime ends. Fix the reputation problem, then resend.',
    sources: [SRC.yahoo, SRC.sisimai('lib/Sisimai/Rhost/YahooInc.pm')],
  },
  {
    id: 'yahoo.tss04.volume-complaints', vendor: YAHOO, pattern: /temporarily deferred due to (?:unexpected volume|user complaints)|\[TSS?0[124]\]/i, priority: 1,
    examples: [
      '421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
    ],
    title: 'Yahoo: messages from this IP temporarily deferred (unexpected volume or user complaints) [TSS04]',
    description: 'Yahoo slows down mail from the IP because of a volume spike or user complaints; also returned to domains with poor authentication. The sending server retries; if deferrals persist, reputation must improve.',
    causes: ['sudden volume increase', 'users marking the mail as spam', 'weak authentication (no DKIM/DMARC)'],
    checks: [CHECK.sendRate, 'Yahoo complaint feedback loop and Sender Hub', CHECK.dkim, CHECK.dmarc, CHECK.compromise],
    actors: ['senderAdmin'], reason: 'badreputation', links: [Y_PM], sources: [SRC.yahoo, SRC.sisimai('lib/Sisimai/Rhost/YahooInc.pm')],
  },
  {
    id: 'yahoo.bl21-bl23', vendor: YAHOO, pattern: /\[BL2[0-9]\]|not accepted from IP addresses on Spamhaus|ip is in Spamhaus's list/i, priority: 1,
    examples: [
      '553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.10, because the ip is in Spamhaus\'s list; see http://postmaster.yahoo.com/550-bl23.html',
    ],
    title: 'Yahoo: connections not accepted from IPs on Spamhaus lists [BL21]/[BL23]',
    description: 'Yahoo refuses the sending IP because it is listed at Spamhaus (XBL for [BL23]). Delist at Spamhaus after cleaning the cause; Yahoo follows.',
    causes: ['the IP is on a Spamhaus list (infected host, spam source, dynamic range)'],
    checks: ['check.spamhaus.org for the IP and the removal procedure', CHECK.compromise, CHECK.sendingIp],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://check.spamhaus.org/'], sources: [SRC.yahoo, SRC.spamhaus],
  },
  {
    id: 'yahoo.unauthenticated', vendor: YAHOO, pattern: /Yahoo requires all senders to authenticate/i, priority: 1,
    examples: [
      '550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.',
    ],
    title: 'Yahoo: blocked because the sender is unauthenticated (needs SPF or DKIM)',
    description: 'Yahoo requires every sender to pass SPF or DKIM (bulk senders: both, plus DMARC).',
    causes: ['no SPF/DKIM for the sending domain, or not covering this server'], checks: [CHECK.spf, CHECK.dkim, CHECK.dmarc],
    actors: ['senderAdmin'], reason: 'authfailure', links: [Y_PM], sources: [SRC.yahoo],
  },
  {
    id: 'yahoo.policy-ph01', vendor: YAHOO, pattern: /not accepted for policy reasons|\[PH0\d\]/i, priority: 1,
    examples: ['554 Message not allowed - [PH01] Email not accepted for policy reasons. Please visit https://postmaster.yahooinc.com/error-codes'],
    title: 'Yahoo: message not accepted for policy reasons [PH01]',
    description: 'Yahoo refused the message for policy reasons (content, reputation, links). Check the message content, links and the sending domain\'s reputation.',
    causes: ['content or links Yahoo considers abusive', 'reputation of the sending domain'], checks: ['The links and content of the message', CHECK.blocklists, CHECK.dmarc],
    actors: ['senderAdmin', 'sender'], reason: 'policyviolation', links: [Y_PM], sources: [SRC.yahoo],
  },
  {
    id: 'yahoo.unresolvable-from', vendor: YAHOO, pattern: /unresolvable RFC\.?5321 (?:from )?domain/i, priority: 1,
    examples: ['451 Message temporarily deferred due to unresolvable RFC.5321 from domain'],
    title: 'Yahoo: deferred because the MAIL FROM domain does not resolve',
    description: 'The envelope sender domain has no DNS records Yahoo can resolve.',
    causes: ['envelope sender domain without DNS (internal domain, typo, expired)'], checks: [CHECK.senderAddress],
    actors: ['senderAdmin'], reason: 'rejected', sources: [SRC.yahoo],
  },
  {
    id: 'yahoo.no-account', vendor: YAHOO, pattern: /dd This user doesn't have a|\bdd \S{1,100} is no longer valid|Requested mail action aborted, mailbox not found/i, priority: 1,
    examples: ['554 delivery error: dd This user doesn\'t have a yahoo.com account (bob@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com'],
    classes: ['permanent'],
    title: 'Yahoo/AOL: the user does not have an account (or it is no longer valid)',
    description: 'The address does not exist at Yahoo/AOL, or the account was closed. Remove it from your lists.',
    causes: ['typo', 'closed or expired account'], checks: [CHECK.recipientAddress], actors: ['sender'], reason: 'userunknown', sources: [SRC.yahoo, SRC.sisimai('lib/Sisimai/Rhost/YahooInc.pm')],
  },
  {
    id: 'yahoo.mailbox-disabled', vendor: YAHOO, pattern: /this mailbox is disabled|\(554\.30\)/i, priority: 1,
    examples: ['554 delivery error: dd Sorry your message to pat@example.com cannot be delivered. This mailbox is disabled (554.30). - mta7.mail.example.com'],
    title: 'Yahoo/AOL: this mailbox is disabled', description: 'The account exists but is disabled and accepts no mail.',
    causes: ['inactive or disabled account'], checks: ['Remove the address or reach the person another way'], actors: ['sender'], reason: 'suspend', sources: [SRC.yahoo],
  },
  {
    id: 'yahoo.max-per-connection', vendor: YAHOO, pattern: /max message per connection reached/i, priority: 1,
    examples: ['421 Max message per connection reached, closing transmission channel'],
    title: 'Yahoo: maximum messages per connection reached', description: 'Yahoo closes the connection after a number of messages; the sending server opens a new connection and continues.',
    causes: ['many messages over one connection'], checks: [CHECK.retryLater, 'Messages-per-connection setting of the sending MTA'], actors: ['senderAdmin'], reason: 'toomanyconn', sources: [SRC.yahoo],
  },
  {
    id: 'yahoo.headers-rfc', vendor: YAHOO, pattern: /headers are not RFC compliant/i, priority: 1,
    examples: ['554 Message not allowed - Headers are not RFC compliant'],
    title: 'Yahoo: headers are not RFC compliant', description: 'The message headers break RFC 5322 (missing or duplicate From/Date/Message-ID, bad syntax).',
    causes: ['an application building headers by hand'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'notcompliantrfc', sources: [SRC.yahoo],
  },
  // ================================================================ Apple iCloud
  {
    id: 'apple.local-policy', vendor: 'Apple iCloud Mail', pattern: /\[(?:CS0\d|HM0\d|HME\d|GL0\d)\]|rejected due to local policy/i, priority: 1,
    examples: ['550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137'],
    title: 'iCloud Mail: message rejected due to local policy ([CS01]/[HM08] ...)',
    description: 'iCloud refused the message by its policies (content, sender reputation, authentication). [HME1] means both SPF and DKIM failed.',
    causes: ['spam-like content or links', 'sender reputation', 'SPF/DKIM failure ([HME1])'],
    checks: ['Apple\'s postmaster page (best practices, mitigation request)', CHECK.spf, CHECK.dkim, CHECK.dmarc, CHECK.blocklists],
    actors: ['senderAdmin'], reason: 'policyviolation', links: ['https://support.apple.com/en-us/102322'], sources: [SRC.apple, SRC.sisimai('lib/Sisimai/Rhost/Apple.pm')],
  },
  {
    id: 'apple.excessive-volume', vendor: 'Apple iCloud Mail', pattern: /deferred due to excessive volume/i, priority: 1,
    examples: ['421 4.7.0 Mail from 192.0.2.9 deferred due to excessive volume'],
    title: 'iCloud Mail: deferred because of excessive volume', description: 'Too much mail to this recipient or from this sender; iCloud defers it and the sending server retries.',
    causes: ['volume spike'], checks: [CHECK.sendRate, CHECK.retryLater], actors: ['senderAdmin'], reason: 'ratelimited', sources: [SRC.apple],
  },
  {
    id: 'apple.no-longer-on-server', vendor: 'Apple iCloud Mail', pattern: /recipient no longer on server/i, priority: 1,
    examples: ['550 5.1.1 <bob@icloud.com>: recipient no longer on server'],
    title: 'iCloud Mail: recipient no longer on server', description: 'The iCloud address existed but is no longer in use.',
    causes: ['closed iCloud account'], checks: [CHECK.recipientAddress], actors: ['sender'], reason: 'hasmoved', sources: [SRC.apple],
  },
  {
    id: 'apple.inactive', vendor: 'Apple iCloud Mail', pattern: /inactive email address|unknown or illegal alias/i, priority: 1,
    examples: ['550 5.1.1 <bob@icloud.com>: inactive email address'],
    title: 'iCloud Mail: inactive address or unknown alias', description: 'The address (or Hide My Email alias) does not exist or is inactive.',
    causes: ['deleted alias or account'], checks: [CHECK.recipientAddress], actors: ['sender'], reason: 'userunknown', sources: [SRC.apple],
  },
  // ================================================================ Amazon SES (sending side)
  {
    id: 'ses.not-verified', vendor: 'Amazon SES', pattern: /Email address is not verified|identities failed the check/i, priority: 1,
    examples: ['554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: sender@example.com'],
    title: 'Amazon SES: the sender (or, in the sandbox, the recipient) address is not verified',
    description: 'SES only sends from verified identities, and in the sandbox only to verified recipients. Verify the domain/address in the right region, or request production access.',
    causes: ['unverified sending domain/address in this region', 'account still in the SES sandbox'], checks: ['SES console: verified identities in the region used; sandbox status'],
    actors: ['senderAdmin'], reason: 'rejected', sources: [SRC.ses],
  },
  {
    id: 'ses.throttling', vendor: 'Amazon SES', pattern: /Throttling failure|Maximum sending rate exceeded|Daily message quota exceeded/i, priority: 1,
    examples: ['454 Throttling failure: Maximum sending rate exceeded.'],
    title: 'Amazon SES: sending rate or daily quota exceeded',
    description: 'The account sends faster than its per-second rate or has used its 24-hour quota. Slow down or request a higher quota.',
    causes: ['sending faster than the SES rate', 'daily quota used up'], checks: ['SES console: sending statistics and quotas', CHECK.sendRate],
    actors: ['senderAdmin'], reason: 'ratelimited', sources: [SRC.ses],
  },
  {
    id: 'ses.paused', vendor: 'Amazon SES', pattern: /sending (?:paused|suspended) for this account|account is (?:paused|suspended)/i, priority: 1,
    examples: ['554 Sending paused for this account. For more information, please check the AWS Management Console.'],
    title: 'Amazon SES: sending is paused for the account', description: 'AWS paused sending (high bounce or complaint rates, policy review). See the SES console / AWS notices.',
    causes: ['bounce or complaint rate too high', 'AWS review'], checks: ['SES console: account dashboard and reputation metrics', 'Clean the recipient lists (remove bouncing addresses)'],
    actors: ['senderAdmin'], reason: 'rejected', sources: [SRC.ses],
  },
  {
    id: 'ses.suppressed', vendor: 'Amazon SES', pattern: /suppressed sending to this address|on the (?:account-level )?suppression list/i, priority: 1,
    examples: ['550 5.1.1 Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.'],
    title: 'Amazon SES: address on the suppression list (it bounced as invalid recently)',
    description: 'SES did not even try: the address bounced hard (or complained) recently and is on the suppression list.',
    causes: ['earlier hard bounce or complaint for the address'], checks: ['Remove the address from your lists, or from the suppression list if it is valid again'],
    actors: ['sender', 'senderAdmin'], reason: 'userunknown', sources: [SRC.ses],
  },
  {
    id: 'ses.auth', vendor: 'Amazon SES', codes: [535], pattern: /Authentication Credentials Invalid/i, priority: 1,
    examples: ['535 Authentication Credentials Invalid'],
    title: 'Amazon SES: SMTP credentials invalid', description: 'The SMTP user name/password are wrong. SES SMTP credentials are derived from IAM keys and are region-specific; plain IAM secret keys do not work.',
    causes: ['IAM access keys used instead of SMTP credentials', 'credentials for another region'], checks: ['Create SMTP credentials in the SES console for the region of the endpoint', CHECK.authConfig],
    actors: ['senderAdmin'], reason: 'authfailure', sources: [SRC.ses],
  },
  {
    id: 'ses.transaction-failed', vendor: 'Amazon SES', pattern: /Transaction failed: (?:Duplicate header|Illegal header|Missing final|Illegal address|Local address contains control or whitespace)/i, priority: 1,
    examples: ['554 Transaction failed: Duplicate header \'Subject\'.'],
    title: 'Amazon SES: transaction failed because of a malformed header or address',
    description: 'SES refused the message because of a duplicate/illegal header or an invalid address.',
    causes: ['application building headers or addresses incorrectly'], checks: [CHECK.clientSoftware], actors: ['senderAdmin'], reason: 'notcompliantrfc', sources: [SRC.ses],
  },
  // ================================================================ Mimecast
  {
    id: 'mimecast.spf-dkim-dmarc', vendor: MIME, pattern: /(?:SPF|DKIM|DMARC) Sender Invalid - envelope rejected/i, priority: 1,
    examples: ['550 DMARC Sender Invalid - envelope rejected'],
    title: 'Mimecast: SPF / DKIM / DMARC check failed (envelope rejected)',
    description: 'Mimecast\'s DNS Authentication policy rejected the message: the sending IP is not in the SPF record, or the DKIM signature is broken, or DMARC failed.',
    causes: ['SPF missing the sending server', 'broken DKIM key or signature'], checks: [CHECK.spf, CHECK.dkim, CHECK.dmarc, 'Recipient admin: the DNS Authentication policy in Mimecast'],
    actors: ['senderAdmin', 'recipientAdmin'], reason: 'authfailure', sources: [SRC.mimecast],
  },
  {
    id: 'mimecast.reputation', vendor: MIME, pattern: /Local CT IP Reputation|Internal resources are temporarily unavailable/i, priority: 1,
    examples: ['451 Internal resources are temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451'],
    title: 'Mimecast: IP reputation check or greylisting',
    description: '"Internal resources are temporarily unavailable" is Mimecast\'s greylisting / reputation deferral: the sender must retry (from 1 minute up to 12 hours). "Local CT IP Reputation - (Reject)" is a rejection for poor IP reputation.',
    causes: ['greylisting of a new sender', 'poor reputation of the sending IP'], checks: [CHECK.greylist, 'Recipient admin: Auto Allow / Permitted Senders policy in Mimecast', CHECK.blocklists],
    actors: ['senderAdmin', 'recipientAdmin'], reason: 'badreputation', sources: [SRC.mimecast],
  },
  {
    id: 'mimecast.blocked-sender', vendor: MIME, pattern: /Sender address blocked|envelope blocked|Administrative prohibition envelope blocked|blocked senders|block policy for (?:header|envelope) from/i, priority: 1,
    examples: ['550 Administrative prohibition - envelope blocked'],
    title: 'Mimecast: the sender is blocked by a Blocked Senders policy (or a user\'s own block list)',
    description: 'The recipient organisation (or a user through Managed Senders) blocks this sender address, domain or IP, or an SPF hard fail is set to reject.',
    causes: ['a Blocked Senders policy or personal block entry'], checks: ['Recipient admin: Blocked Senders policies and the user\'s Managed Senders list in Mimecast'],
    actors: ['recipientAdmin'], reason: 'rejected', sources: [SRC.mimecast],
  },
  {
    id: 'mimecast.ip-temp-blacklisted', vendor: MIME, pattern: /IP temporarily blacklisted|Recipient temporarily unavailable/i, priority: 1,
    examples: ['421 IP temporarily blacklisted - https://community.mimecast.com/docs/DOC-1369#421'],
    title: 'Mimecast: the IP is temporarily blocked (too many invalid connections)',
    description: 'Mimecast put the sending IP on a short-term block after too many invalid connections (e.g. many unknown recipients), or recipient validation did not answer.',
    causes: ['many invalid recipients from the IP', 'recipient validation backend not answering'], checks: [CHECK.retryLater, 'Clean the recipient list'], actors: ['senderAdmin'], reason: 'blocked', sources: [SRC.mimecast],
  },
  {
    id: 'mimecast.open-relay', vendor: MIME, pattern: /Open relay not allowed|hostname is not authori[sz]ed|account (?:in|out)bounds disabled/i, priority: 1,
    examples: ['550 Open relay not allowed - https://community.mimecast.com/docs/DOC-1369#550'],
    title: 'Mimecast: relay refused (sender and recipient external, or the connecting IP is not authorised)',
    description: 'Neither the sender nor the recipient domain belongs to the Mimecast customer behind this IP, or the IP is not an authorised outbound address, or inbound/outbound is disabled for the account.',
    causes: ['an unauthorised IP relaying through Mimecast', 'outbound IP not registered with Mimecast'], checks: ['Mimecast Authorized Outbound addresses; the connector sending to Mimecast', CHECK.relayRights],
    actors: ['senderAdmin'], reason: 'norelaying', sources: [SRC.mimecast],
  },
  {
    id: 'mimecast.security-policy', vendor: MIME, pattern: /rejected due to security policies|Message bounced due to Content Examination Policy|Anti-Spoofing policy|Host network not allowed/i, priority: 1,
    examples: ['550 Rejected by header based Anti-Spoofing policy: bob@example.com'],
    title: 'Mimecast: rejected by a security, content-examination, anti-spoofing or geographic policy',
    description: 'A virus signature or a spam score above the maximum, a Content Examination policy, an Anti-Spoofing policy (mail from outside claiming the recipient\'s own domain), or a geographic restriction refused the message.',
    causes: ['virus or high spam score', 'content rule match', 'sender using the recipient\'s own domain from outside (spoofing protection)', 'country-based restriction'],
    checks: ['Recipient admin: Mimecast message logs (rejected), the matching policy', CHECK.antivirus], actors: ['recipientAdmin', 'sender'], reason: 'policyviolation', sources: [SRC.mimecast],
  },
  {
    id: 'mimecast.tls-route', vendor: MIME, pattern: /this route requires (?:encryption|TLS version|high-strength ciphers)/i, priority: 1,
    examples: ['451 This route requires encryption - https://community.mimecast.com/docs/DOC-1369#451'],
    title: 'Mimecast: this route requires TLS (or a newer TLS version / stronger ciphers)',
    description: 'A Secure Receipt/Delivery policy requires TLS 1.2+ with strong ciphers on this route; the session did not meet it.',
    causes: ['sending without TLS', 'TLS 1.0/1.1 or weak ciphers', 'a proxy intercepting TLS'], checks: [CHECK.tlsCert, CHECK.firewallSmtp], actors: ['senderAdmin'], reason: 'securityerror', sources: [SRC.mimecast],
  },
  {
    id: 'mimecast.message-ended-early', vendor: MIME, pattern: /message ended early/i, priority: 1,
    examples: ['451 Message ended early - https://community.mimecast.com/docs/DOC-1369#451'],
    title: 'Mimecast: the message ended early (incorrectly terminated)',
    description: 'The data stream was cut or malformed: traces of a removed virus, firewall problems on the sender\'s side, or a security device rewriting the content. Mimecast specifically points to Cisco "SMTP fixup"/MailGuard.',
    causes: ['a firewall doing SMTP inspection (Cisco fixup/MailGuard) on the sending side', 'an antivirus product that stripped content badly'], checks: [CHECK.firewallSmtp, CHECK.antivirus],
    actors: ['senderAdmin'], reason: 'networkerror', sources: [SRC.mimecast, SRC.ciscoFixup],
  },
  {
    id: 'mimecast.too-many-recipients', vendor: MIME, codes: [452], pattern: /too many recipients/i, priority: 1,
    hosts: /(?:^|\.)mimecast(?:-offshore)?\.com$/i, hostOwner: 'Mimecast',
    examples: ['@eu-smtp-inbound-1.mimecast.com 452 Too many recipients'],
    title: 'Mimecast: more than 100 recipients per message (send the rest in a new transaction)',
    description: 'Mimecast accepts 100 RCPT TO per message; the sending server must deliver the first batch and send the rest separately. SMTP fixup/ESMTP inspection on Cisco PIX/ASA is known not to respect this and should be disabled.',
    causes: ['a message to over 100 recipients', 'a firewall not honouring the 452'], checks: [CHECK.firewallSmtp, CHECK.recipientLimits], actors: ['senderAdmin'], reason: 'toomanyconn', sources: [SRC.mimecast],
  },
  {
    id: 'mimecast.busy', vendor: MIME, pattern: /unable to process (?:connection|command|an email) at this time|account service is temporarily unavailable|exceeding outbound thread limit/i, priority: 1,
    examples: ['451 Unable to process connection at this time - https://community.mimecast.com/docs/DOC-1369#451'],
    title: 'Mimecast: temporarily unable to process (load or concurrency limit)',
    description: 'Mimecast is under load or the account has too many concurrent connections; the sender retries.',
    causes: ['load at Mimecast', 'too many concurrent connections for the account'], checks: [CHECK.retryLater, CHECK.sendRate], actors: ['senderAdmin'], reason: 'toomanyconn', sources: [SRC.mimecast],
  },
  {
    id: 'mimecast.invalid-recipient', vendor: MIME, pattern: /Invalid Recipient - https?:\/\/community\.mimecast|journal message past expiration/i, priority: 1, classes: ['permanent'],
    examples: ['550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550'],
    title: 'Mimecast: invalid recipient (recipient validation failed)',
    description: 'Known-recipient, LDAP or SMTP call-forward validation did not find the recipient.',
    causes: ['address does not exist at the organisation'], checks: [CHECK.recipientAddress], actors: ['sender'], reason: 'userunknown', sources: [SRC.mimecast],
  },
  // ================================================================ other gateways and reputation services
  {
    id: 'proofpoint.blocked', vendor: 'Proofpoint', pattern: /ipcheck\.proofpoint\.com|proofpoint\.com\/dnsbl-lookup|Proofpoint Dynamic Reputation/i, priority: 1,
    examples: ['554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.9'],
    title: 'Proofpoint blocks the sending IP (Proofpoint Dynamic Reputation)',
    description: 'The recipient\'s Proofpoint gateway refused the sending IP because of its reputation. Look the IP up and request removal at Proofpoint once the cause is fixed.',
    causes: ['spam or virus traffic from the IP', 'a shared or new IP with bad history'], checks: ['ipcheck.proofpoint.com for the IP (and the removal request form)', CHECK.compromise, CHECK.blocklists],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://ipcheck.proofpoint.com/'], sources: [SRC.proofpoint],
  },
  {
    id: 'barracuda.ess', vendor: 'Barracuda Email Security', pattern: /permanent failure for one or more recipients|Barracuda(?:Central| Networks| Email| ESS)/i, priority: 1,
    examples: ['550 permanent failure for one or more recipients (bob@example.com:blocked)'],
    title: 'Barracuda Email Security refused the message',
    description: 'A Barracuda gateway refused the message; the word after the recipient in "(recipient:reason)" says why (blocked, spam, virus, policy). Barracuda may check IPs from the Received headers, so the listed IP can be the original submitter rather than the last hop.',
    causes: ['the IP on the Barracuda Reputation Block List', 'spam score or virus', 'a policy at the recipient'],
    checks: ['barracudacentral.org lookup and removal request for the IP', 'The reason word in the text (blocked/spam/virus/policy)', CHECK.blocklists],
    actors: ['senderAdmin', 'recipientAdmin'], reason: 'blocked', links: ['https://www.barracudacentral.org/lookups'], sources: [SRC.barracuda],
  },
  {
    id: 'cisco.poor-reputation', vendor: 'Cisco Secure Email (IronPort)', pattern: /rejected due to the sending MTA's poor reputation|talosintelligence\.com|senderbase/i, priority: 1,
    examples: [
      '554 Your access to this mail system has been rejected due to the sending MTA\'s poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.',
    ],
    title: 'Cisco Secure Email: rejected because of the sending MTA\'s poor reputation (Talos)',
    description: 'The recipient\'s Cisco (IronPort) gateway refused the connection by its Host Access Table because the sending IP\'s Talos/SenderBase reputation score is too low.',
    causes: ['poor Talos reputation of the sending IP'], checks: ['talosintelligence.com reputation lookup for the IP; open a Talos ticket once fixed', CHECK.compromise, CHECK.blocklists],
    actors: ['senderAdmin'], reason: 'badreputation', links: ['https://talosintelligence.com/reputation_center'], sources: [SRC.talos, 'Cisco Secure Email Gateway AsyncOS User Guide: Host Access Table (HAT) default reject responses https://www.cisco.com/c/en/us/support/security/email-security-appliance/products-user-guide-list.html'],
  },
  {
    id: 'cisco.recipients-this-hour', vendor: 'Cisco Secure Email (IronPort)', pattern: /too many recipients received this hour/i, priority: 1,
    examples: ['452 4.3.0 bob@example.com... Too many recipients received this hour'],
    title: 'Cisco Secure Email: too many recipients received this hour (rate limit)',
    description: 'A Host Access Table mail-flow policy limits recipients per hour for the sending IP; the sender retries later.',
    causes: ['volume from one IP above the recipient\'s hourly limit'], checks: [CHECK.sendRate, CHECK.retryLater], actors: ['senderAdmin'], reason: 'ratelimited', sources: [SRC.talos],
  },
  {
    id: 'trendmicro.ers', vendor: 'Trend Micro Email Reputation', pattern: /ers\.trendmicro\.com|Trend Micro Email Reputation|mail-abuse\.com/i, priority: 1,
    examples: [
      '550 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using Trend Micro Email Reputation database. Please see http://www.mail-abuse.com/cgi-bin/lookup?192.0.2.9',
    ],
    title: 'Trend Micro Email Reputation Services blocks the sending IP',
    description: 'The recipient uses Trend Micro ERS (formerly MAPS) and the sending IP is listed.',
    causes: ['spam or botnet traffic from the IP', 'a dynamic IP range'], checks: ['Look up the IP at Trend Micro ERS and request removal', CHECK.compromise],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://servicecentral.trendmicro.com/en-US/ers/'], sources: [SRC.trendmicro],
  },
  // ================================================================ European / US ISPs
  {
    id: 'orange.user-unknown', vendor: 'Orange / La Poste', pattern: /\b(?:OFR|LPN)\d{0,3}[_-]?41[68]\b|adresse d.au moins un destinataire invalide/i, priority: 1,
    examples: ['550 5.1.1 <bob@orange.example>: Recipient address rejected: User unknown OFR_416'],
    title: 'Orange / La Poste: invalid recipient (OFR_416 / LPN416)',
    description: 'The Orange/Wanadoo or La Poste address does not exist.', causes: ['typo or closed account'], checks: [CHECK.recipientAddress],
    actors: ['sender'], reason: 'userunknown', sources: [SRC.orange, SRC.sisimai('lib/Sisimai/Rhost/FrancePTT.pm')],
  },
  {
    id: 'orange.overquota', vendor: 'Orange / La Poste', pattern: /\b(?:OFR|LPN)\d{0,3}[_-]?417\b|boite du destinataire pleine/i, priority: 1,
    examples: ['552 5.2.2 Boite du destinataire pleine. OFR_417'],
    title: 'Orange / La Poste: recipient mailbox full (OFR_417)', description: 'The recipient\'s mailbox is over quota.',
    causes: ['recipient over quota'], checks: ['Tell the recipient by another channel'], actors: ['recipient'], reason: 'mailboxfull', sources: [SRC.orange],
  },
  {
    id: 'orange.blocked', vendor: 'Orange / La Poste', pattern: /\b(?:OFR|LPN|OUK)\d{0,3}[_-]?(?:102|103|506|513|999)\b|Adresse IP source bloquee|Mail rejete/i, priority: 1,
    examples: ['550 5.5.0 Service refuse. Veuillez essayer plus tard. service refused, please try later. OFR006_102 Ref http://postmaster.orange.fr'],
    title: 'Orange / La Poste: sending IP blocked or mail rejected as spam (OFR_102/506/999)',
    description: 'Orange refused the sending IP (blocked for spamming issues) or the message as spam. Request delisting through the Orange postmaster site after fixing the cause.',
    causes: ['spam from the IP', 'poor reputation'], checks: ['Orange postmaster contact form', CHECK.compromise, CHECK.blocklists],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://postmaster.orange.fr/'], sources: [SRC.orange],
  },
  {
    id: 'orange.too-many-connections', vendor: 'Orange / La Poste', pattern: /\b(?:OFR|LPN)\d{0,3}[_-]?10[45]\b|trop de connexions/i, priority: 1,
    examples: ['421 4.7.1 Trop de connexions, veuillez reessayer plus tard. OFR_104'],
    title: 'Orange / La Poste: too many connections, slow down (OFR_104)', description: 'Orange limits concurrent connections per IP; the sender retries.',
    causes: ['too many parallel connections'], checks: [CHECK.sendRate], actors: ['senderAdmin'], reason: 'toomanyconn', sources: [SRC.orange],
  },
  {
    id: 'orange.suspended', vendor: 'Orange / La Poste', pattern: /\b(?:OFR|LPN)\d{0,3}[_-]?42[06]\b|compte du destinataire est bloque|destinataire archivee/i, priority: 1,
    examples: ['550 5.2.1 Le compte du destinataire est bloque. OFR_420'],
    title: 'Orange / La Poste: recipient account blocked or archived', description: 'The recipient account is blocked or archived.',
    causes: ['recipient account disabled'], checks: ['Reach the recipient another way'], actors: ['sender'], reason: 'suspend', sources: [SRC.orange],
  },
  {
    id: 'gmx.nemesis-blocked', vendor: 'GMX / WEB.DE / IONOS (1&1)', pattern: /Nemesis ESMTP Service not available|IP address is (?:black|block) ?listed|postmaster\.(?:gmx|web\.de|1and1|ionos)/i, priority: 1,
    examples: [
      '554-mx.example.net (mxgmx001) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is block listed. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0301',
    ],
    title: 'GMX / WEB.DE / IONOS: no SMTP service for this IP (IP address is block listed)',
    description: 'The 1&1/IONOS mail platform (GMX, WEB.DE, IONOS) refuses the sending IP; the URL in the reply explains the exact reason (block list, missing PTR, policy).',
    causes: ['IP on a block list used by the platform', 'missing or generic reverse DNS', 'poor reputation'],
    checks: ['The explanation URL in the reply (postmaster.gmx.net / postmaster.web.de / postmaster.1and1.com)', CHECK.ptr, CHECK.blocklists],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://postmaster.gmx.net/'], sources: [SRC.gmx],
  },
  {
    id: 'gmx.policy-restrictions', vendor: 'GMX / WEB.DE / IONOS (1&1)', pattern: /reject due to policy restrictions/i, priority: 1,
    examples: ['554 Transaction failed. Reject due to policy restrictions.'],
    title: 'GMX / WEB.DE: rejected due to policy restrictions',
    description: 'The platform refused the message by policy (authentication, reputation, content). The explanation URL names the case.',
    causes: ['missing DKIM/SPF alignment', 'reputation of the sending IP or domain'], checks: ['The explanation URL in the reply', CHECK.dkim, CHECK.ptr],
    actors: ['senderAdmin'], reason: 'policyviolation', links: ['https://postmaster.gmx.net/'], sources: [SRC.gmx],
  },
  {
    id: 'tonline.bl', vendor: 'Deutsche Telekom (T-Online)', pattern: /tosa@rx\.t-online\.de|t-online\.de.{0,60}\(BL\)/i, priority: 1,
    examples: ['554 IP=192.0.2.10 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)'],
    title: 'T-Online refuses the sending IP (contact tosa@rx.t-online.de)',
    description: 'Deutsche Telekom\'s mail servers refuse the IP (often: no valid reverse DNS, no website/imprint for the domain, or reputation). The reply asks to contact tosa@rx.t-online.de.',
    causes: ['sending IP without proper PTR', 'reputation', 'new IP not yet accepted'], checks: [CHECK.ptr, 'Write to tosa@rx.t-online.de with the IP and the reply', CHECK.blocklists],
    actors: ['senderAdmin'], reason: 'blocked', sources: ['Deutsche Telekom postmaster information https://postmaster.t-online.de/'],
  },
  {
    id: 'comcast.block', vendor: 'Comcast (Xfinity)', pattern: /postmaster\.comcast\.net|Comcast block for spam|\b(?:BL|RL)0000\d{2}\b/i, priority: 1,
    examples: [
      '554 resimta-ch2-12v.sys.comcast.net resimta-ch2-12v.sys.comcast.net 192.0.2.9 found on one or more DNSBLs, see http://postmaster.comcast.net/smtp-error-codes.php#BL000001',
    ],
    title: 'Comcast refuses or throttles the sending IP (BL/RL code)',
    description: 'Comcast blocks (BL codes) or rate limits (RL codes) the IP; the postmaster page for the code says what to fix.',
    causes: ['IP on a block list used by Comcast', 'reputation or volume'], checks: ['postmaster.comcast.net error code page', CHECK.blocklists, CHECK.sendRate],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://postmaster.comcast.net/'], sources: ['Comcast postmaster: SMTP error codes https://postmaster.comcast.net/smtp-error-codes.php'],
  },
  {
    id: 'att.attrbl', vendor: 'AT&T', pattern: /abuse_rbl@abuse-att\.net|DNSBL:ATTRBL/i, priority: 1,
    examples: ['553 5.3.0 flpd576 DNSBL:ATTRBL 521< 192.0.2.10 >_is_blocked.For assistance forward this email to abuse_rbl@abuse-att.net'],
    title: 'AT&T blocks the sending IP (ATTRBL)',
    description: 'AT&T\'s own block list refuses the IP; forward the error to abuse_rbl@abuse-att.net to request delisting.',
    causes: ['reputation of the IP at AT&T'], checks: ['Mail the full error to abuse_rbl@abuse-att.net', CHECK.compromise], actors: ['senderAdmin'], reason: 'blocked', sources: ['AT&T postmaster https://www.att.com/support/article/email-support/KM1011364/'],
  },
  // ================================================================ GoDaddy (secureserver.net): IB codes
  ...godaddy([
    ['IB401', 'securityerror', 'Authentication is not allowed on the inbound servers: the mail client uses the wrong outgoing server', '535 Authentication not allowed on IBSMTP Servers. IB401'],
    ['IB50[12]', 'notcompliantrfc', 'The From: address is blank or an IP address', '550 alice@example.com Blank From: addresses are not allowed. Provide a valid From. IB501'],
    ['IB506', 'rejected', 'The From: domain has no valid MX or address records', '550 example.com From: Domain is invalid. Provide a valid From: IB506'],
    ['IB508', 'authfailure', 'The sender domain\'s SPF record does not authorise the sending server', '550 alice@example.com Invalid SPF record. Inspect your SPF settings, and try again. IB508'],
    ['IB108', 'requireptr', 'The sending IP has no reverse DNS (or its lookup failed)', '421 Temporarily rejected. Reverse DNS for this IP failed. IB108'],
    ['IB212', 'spamdetected', 'The content was judged to be spam', '552 This message has been rejected due to content judged to be spam by the internet community. IB212'],
    ['IB705', 'virusdetected', 'The message was judged to carry a virus', '552 Virus infected message rejected. IB705'],
    ['IB(?:007|605)', 'toomanyconn', 'Too many sessions from the IP, or too many recipients in one message', '421 Connection refused, too many sessions from This IP. Lower the number of concurrent sessions. IB007'],
    ['IB(?:101|504|510|607)', 'ratelimited', 'The IP sent too many messages or recipients in the hour or session', '550 This IP has sent too many messages this hour. IB504'],
    ['IB11[0-3]', 'blocked', 'The IP is blocked for an hour or the day for spam or invalid recipients', '554 This IP has been temporarily blocked for attempting to mail too many invalid recipients. IB112'],
    // IB103 (Cloudmark CSI) and IB104-106 (Spamhaus) are explained by the block-list rules, which name the list
  ]),
  // ================================================================ Spectrum / Charter: AUP# codes
  ...spectrum([
    ['1000|12[0-4]\\d|1250', 'blocked', 'The sending IP is blocked (suspicious activity, Cloudmark CSI or Spamhaus)', '554 5.7.1 Your IP address has been blocked due to suspicious activity. AUP#In-1000'],
    ['10[1-7]\\d|1080|1500|1520', 'rejected', 'The sending account is blocked, limited, or sends as an address it may not use', '550 5.1.0 Your email was rejected for attempting to send as a different email address than you signed in under. AUP#Out-1500'],
    ['1090', 'systemerror', 'Spectrum could not process the message; try later', '451 4.3.0 The email you are trying to send can not be processed. AUP#In-1090'],
    ['11[0-4]\\d|1150', 'requireptr', 'The sending IP has no full-circle reverse DNS', '550 5.7.1 The IP address you are trying to connect from has an issue with the Domain Name System. AUP#In-1100'],
    ['11[6-8]\\d|1190|1560', 'policyviolation', 'The message goes against the domain\'s security policy, or had too many invalid recipients', '550 5.7.1 The email you tried to send goes against your domain\'s security policies. AUP#In-1160'],
    ['1260', 'networkerror', 'Spectrum does not accept mail over IPv6', '550 5.7.1 Spectrum does not process IPV6 addresses. AUP#In-1260'],
    ['13[0-3]\\d|1340', 'toomanyconn', 'Too many concurrent or total connections from the sender', '421 4.7.0 Too many connections. AUP#In-1310'],
    ['13[5-9]\\d|14\\d\\d|1540|1550|1580', 'ratelimited', 'Too many messages or recipients in a period or a session', '452 4.5.3 Your emails were deferred for attempting to send too many in a single session. AUP#Out-1540'],
    ['1530', 'mesgtoobig', 'The message is larger than 20 MB', '552 5.3.4 Your email was rejected because it is larger than the maximum size of 20MB. AUP#Out-1530'],
  ]),
  // ================================================================ Tencent (QQ Mail): host-aware wording
  {
    id: 'tencent.frequency-limited', vendor: 'Tencent QQ Mail', pattern: /(?:ip|domain|sender|connection) frequency limited/i, priority: 1,
    examples: ['451 Ip frequency limited [http://service.mail.qq.com/detail/122/172]'],
    title: 'QQ Mail limits how often this IP, domain or sender may connect or send',
    description: 'Tencent throttles senders by IP, domain, sender address or connection frequency; the sender retries, slower.',
    causes: ['too many messages or connections to QQ Mail in a short time'], checks: [CHECK.sendRate, CHECK.retryLater], actors: ['senderAdmin'],
    reason: 'toomanyconn', sources: ['Tencent QQ Mail sender help https://service.mail.qq.com/detail/122/172', SRC.sisimai('lib/Sisimai/Rhost/Tencent.pm')],
  },
  {
    id: 'tencent.mailbox-unavailable', vendor: 'Tencent QQ Mail', pattern: /mailbox unavailable or access deni?e?n?ied/i, priority: 1,
    hosts: /(?:^|\.)qq\.com$/i, hostOwner: 'Tencent QQ Mail',
    examples: ['@mx3.qq.com 550 Mailbox unavailable or access denied [http://service.mail.qq.com/detail/122/166]'],
    title: 'QQ Mail: "Mailbox unavailable or access denied" is its rate limit on the sender',
    description: 'From QQ Mail this wording does not mean the mailbox is missing: Tencent\'s help page explains it as a limit on the sender (frequency or reputation). From another server the same words get the generic explanation.',
    causes: ['sending too much to QQ Mail in a short time', 'the sender\'s reputation at Tencent'], checks: [CHECK.sendRate, CHECK.retryLater], actors: ['senderAdmin'],
    reason: 'ratelimited', sources: ['Tencent QQ Mail sender help https://service.mail.qq.com/detail/122/166', SRC.sisimai('lib/Sisimai/Rhost/Tencent.pm')],
  },
];

type CodeRule = [code: string, reason: VendorRule['reason'] & string, title: string, example: string];

/** GoDaddy's inbound and outbound servers end their refusals with an IB code (GoDaddy help "What does my email bounceback mean?"). */
function godaddy(rows: CodeRule[]): VendorRule[] {
  return rows.map(([c, reason, title, example]) => ({
    id: `godaddy.${c.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`, vendor: 'GoDaddy (secureserver.net)', pattern: new RegExp(`\\b(?:${c})\\b`), priority: 1,
    examples: [example], title: `GoDaddy ${/IB\d{3}/.exec(example)?.[0] ?? c}: ${title}`,
    description: `${title}. GoDaddy ends its refusals with an IB code that names the cause.`,
    causes: [title.toLowerCase()], checks: ['GoDaddy help: "What does my email bounceback mean?" for the IB code', CHECK.retryLater], actors: ['senderAdmin'],
    reason, sources: ['GoDaddy help https://www.godaddy.com/help/what-does-my-email-bounceback-mean-3568', SRC.sisimai('lib/Sisimai/Rhost/GoDaddy.pm')],
  }));
}

/** Spectrum (Charter) refusals carry "AUP#In-nnnn" / "AUP#Out-nnnn" codes (Spectrum "Understanding email error codes"). */
function spectrum(rows: CodeRule[]): VendorRule[] {
  return rows.map(([c, reason, title, example], i) => ({
    id: `spectrum.aup-${reason}-${i}`, vendor: 'Spectrum / Charter', pattern: rx([`AUP#[-A-Za-z]{0,4}(?:${c})\\b`]), priority: 2,
    examples: [example], title: `Spectrum AUP code: ${title}`,
    description: `${title}. The AUP# code at the end of Spectrum's reply names the cause; the words before it are often generic.`,
    causes: [title.toLowerCase()], checks: ['Spectrum "Understanding email error codes" for the AUP number', CHECK.retryLater], actors: ['senderAdmin'],
    reason, sources: ['Spectrum https://www.spectrum.net/support/internet/understanding-email-error-codes', SRC.sisimai('lib/Sisimai/Rhost/Spectrum.pm')],
  }));
}

