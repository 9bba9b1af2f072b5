/**
 * One line per real reply text (worded as the vendors document them, addresses and IPs anonymised):
 * the facts a hover must give. Columns: reply as written, title, class the reply really has, who
 * acts first, bounce reason, something the checks must mention, and what explained it (a rule id,
 * or the specificity level).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Actor, type BounceReason, explainReply, type Explanation, type ReplyClass } from '../../server/src/core/knowledge';

type Row = [reply: string, title: RegExp, cls: ReplyClass, actor: Actor, reason: BounceReason | null, check: RegExp | null, by: string];

/** "550 5.1.1 text", "550-5.7.1 text", "- 5.1.1 text" (status record: no basic code), "-- text" (text only). */
function parseReply(s: string): { code?: number; enhanced?: string; text: string } {
  const m = /^(\d{3}|-)(?:[ -]|$)(?:([245]\.\d{1,3}\.\d{1,3})(?: |$))?(.*)$/.exec(s)!;
  return { code: m[1] === '-' ? undefined : Number(m[1]), enhanced: m[2], text: m[3] };
}

const P: ReplyClass = 'permanent';
const T: ReplyClass = 'transient';

const ROWS: Row[] = [
  // ------------------------------------------------------------------ Microsoft 365 / Exchange Online
  ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', /Recipient not found by SMTP address lookup/, P, 'sender', 'userunknown', /Get-Recipient/, 'exo.5.1.10.recipient-not-found'],
  ['550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', /Recipient not found in the directory/, P, 'sender', 'userunknown', /X500/, 'ex.resolver.adr.recipnotfound'],
  ['550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found', /RecipNotFound/, P, 'sender', 'userunknown', /autocomplete/, 'ex.resolver.adr.recipnotfound'],
  ['550 5.1.1 Bad destination mailbox address', /does not exist at the destination/, P, 'sender', 'userunknown', /autocomplete/, 'exo.5.1.1.bad-destination'],
  ['550 4.4.7 QUEUE.Expired; message expired', /expired in the queue/, P, 'senderAdmin', 'expired', /last error/, 'ms.4.4.7.expired'],
  ['432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded', /throttled/, T, 'recipientAdmin', 'ratelimited', /retr/i, 'exo.4.3.2.thread-limit'],
  ['451 4.4.316 Connection refused [Message=Socket error code 10061]', /could not connect/, T, 'recipientAdmin', 'networkerror', /port 25/, 'exo.4.4.316'],
  ['550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/ and follow the directions. (AS16012609)', /banned sending IP/, P, 'senderAdmin', 'blocked', /sender\.office\.com/, 'exo.5.7.606-649.banned-ip'],
  ['550 5.7.649 Access denied, banned sending IP [192.0.2.10]', /banned sending IP/, P, 'senderAdmin', 'blocked', /compromise/i, 'exo.5.7.606-649.banned-ip'],
  ['451 4.7.500 Server busy. Please try again later from [192.0.2.10]. (AS761)', /temporarily restricted/, T, 'senderAdmin', 'blocked', /AS\(xxxx\)/, 'exo.4.7.500-699'],
  ['451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775)', /rate-limits the sending IP/, T, 'senderAdmin', 'badreputation', /SNDS/, 'olc.4.7.650'],
  ['550 5.7.1 Unfortunately, messages from [192.0.2.10] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list (S3150).', /S3140\/S3150/, P, 'senderAdmin', 'blocked', /mitigation/, 'olc.block-list-s3150'],
  ['550 5.7.509 Access denied, sending domain [example.com] does not pass DMARC verification and has a DMARC policy of reject.', /fails DMARC/, P, 'senderAdmin', 'authfailure', /DMARC record/, 'exo.5.7.509.dmarc'],
  ['530 5.7.57 Client not authenticated to send mail. [BN8PR03CA0001.namprd03.prod.outlook.com]', /smtp\.office365\.com/, P, 'senderAdmin', 'securityerror', /587/, 'exo.5.7.57'],
  ['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', /SMTP AUTH is blocked/, P, 'senderAdmin', 'securityerror', /SmtpClientAuthenticationDisabled/, 'exo.5.7.139.smtp-auth'],
  ['550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)', /external \(automatic\) forwarding/, P, 'senderAdmin', 'policyviolation', /forwarding rule/, 'exo.5.7.520.external-forwarding'],
  ['550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.', /tenant is banned/, P, 'senderAdmin', 'blocked', /support case/, 'exo.5.7.700-749.tenant-ban'],
  ['550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains.', /unregistered domains/, P, 'senderAdmin', 'rejected', /verify every domain/, 'exo.5.7.750.unregistered-domains'],
  ['554 5.4.14 Hop count exceeded - possible mail loop ATTR34', /Routing loop/, P, 'recipientAdmin', 'networkerror', /targetAddress|ExternalEmailAddress/, 'ms.routing-loop'],
  ['550 5.4.1 Recipient address rejected: Access denied. AS(201806281)', /Directory Based Edge Blocking/, P, 'sender', 'userunknown', /synchronisation/, 'exo.5.4.1.dbeb'],
  ['550 5.4.1 Relay Access Denied', /does not accept mail for this domain/, P, 'recipientAdmin', 'norelaying', /Get-AcceptedDomain/, 'exo.5.4.1.relay-access-denied'],
  ['550 5.7.64 TenantAttribution; Relay Access Denied', /inbound connector/, P, 'senderAdmin', 'norelaying', /TlsSenderCertificateName/, 'exo.5.7.64.tenant-attribution'],
  ['550 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds, which cannot be sent via DATA', /Bare LF|bare line feeds/i, P, 'senderAdmin', 'contenterror', /CRLF/, 'text.bare-lf'],
  ['554 5.2.252 SendAsDenied; alice@example.com not allowed to send as sales@example.com', /send as/i, P, 'senderAdmin', 'rejected', /Send As/, 'exo.5.2.252.send-as-denied'],
  ['550 5.2.2 Submission quota exceeded', /Submission quota exceeded/, P, 'senderAdmin', 'ratelimited', /compromise/i, 'exo.5.2.2.submission-quota'],
  ['550 5.7.900 Delivery not authorized, message refused: external mail to this address is not accepted', /mail flow \(transport\) rule/, P, 'recipientAdmin', 'policyviolation', /Get-TransportRule/, 'ms.5.7.900-999.transport-rule'],
  ['550 5.7.1 Delivery not authorized, message refused', /may not send to this recipient/, P, 'recipientAdmin', 'rejected', /AcceptMessagesOnly/, 'ms.5.7.1.delivery-not-authorized'],
  ['550 5.7.1 Unable to relay', /Unable to relay/, P, 'senderAdmin', 'norelaying', /Receive connector/, 'ms.5.7.1.unable-to-relay'],
  ['530 5.7.1 Client was not authenticated', /requires authentication/, P, 'recipientAdmin', 'securityerror', /connector/, 'ms.5.7.1.client-not-authenticated'],
  ['550 5.7.3 Cannot achieve Exchange Server authentication', /X-EXPS/, P, 'senderAdmin', 'securityerror', /fixup smtp/, 'ex.5.7.3.exchange-auth'],
  ['535 5.7.3 Authentication unsuccessful', /client login to Exchange failed/, P, 'sender', 'authfailure', /4625/, 'ex.535.5.7.3.auth-unsuccessful'],
  ['452 4.3.1 Insufficient system resources (UsedDiskSpace[C:\\Program Files\\Microsoft\\Exchange Server\\V15\\TransportRoles\\data\\Queue])', /back pressure/, T, 'recipientAdmin', 'systemerror', /15004/, 'ex.4.3.1.back-pressure'],
  ['421 4.3.2 Service not available, closing transmission channel', /components are offline/, T, 'recipientAdmin', 'notaccept', /Get-ServerComponentState/, 'ex.4.3.2.service-not-available'],
  ['451 4.7.0 Temporary server error. Please try again later. PRX4', /could not proxy the session/, T, 'recipientAdmin', 'systemerror', /Receive connector|hosts file/, 'ex.proxy-prx'],
  ['421 4.3.2 The maximum number of concurrent server connections has exceeded a limit, closing transmission channel', /connection limit/, T, 'recipientAdmin', 'toomanyconn', /MaxInboundConnection/, 'ex.max-connections'],
  ['451 4.4.0 Error encountered while communicating with primary target IP address: "Failed to connect. Winsock error code: 10060, Win32 error code: 10060." Attempted failover to alternate host, but that did not succeed.', /Winsock 10060/, T, 'senderAdmin', 'networkerror', /Test-NetConnection/, 'ex.queue.winsock-10060'],
  ['554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain', /Nonexistent domain/, P, 'sender', 'hostunknown', /ExternalDNS/, 'ex.smtpsend.dns.nonexistent'],
  ['550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient', /too large/, P, 'sender', 'mesgtoobig', /MaxReceiveSize|Max\*Size/, 'ex.resolver.rst.sizelimit'],
  ['550 5.7.1 RESOLVER.RST.AuthRequired; authentication required', /only authenticated/, P, 'recipientAdmin', 'rejected', /delivery restrictions/, 'ex.resolver.rst.authrequired'],
  ['552 5.2.2 STOREDRV.Deliver: mailbox full', /Mailbox full/, P, 'recipient', 'mailboxfull', /quota/, 'ex.storedrv.mailbox-full'],
  ['550 5.7.1 Message rejected due to unacceptable attachments', /attachment filtering/, P, 'sender', 'policyviolation', /share/, 'ex.attachment-filter'],
  ['550 5.4.312 Message expired, DNS query failed', /could not deliver to the outside server/, P, 'recipientAdmin', 'expired', /DNS/, 'exo.5.4.300-399.expired'],
  ['550 5.7.1 TRANSPORT.RULES.RejectMessage; the message was rejected by organization policy', /transport\) rule/, P, 'recipientAdmin', 'policyviolation', /Get-TransportRule/, 'ex.transport-rules-reject'],
  ['554 5.6.0 M2MCVT.StorageError; Content conversion: Corrupt content', /convert the message content/, P, 'senderAdmin', 'contenterror', /plain text/, 'ex.content-conversion'],
  ['240 QUIT', /Not an SMTP reply/, 'success', 'none', null, null, 'basic'],
  ['421 4.4.1 Connection timed out. Total session duration: 00:10:00.1234567', /idle or too-long session/, T, 'senderAdmin', 'networkerror', /ConnectionInactivityTimeout/, 'ex.idle-session'],
  ['421 4.4.2 Message submission rate for this client has exceeded the configured limit', /MessageRateLimit/, T, 'senderAdmin', 'ratelimited', /throttling policy/, 'ex.submission-rate'],
  ['550 5.7.1 Client does not have permissions to send as this sender', /may not send as this sender/, P, 'senderAdmin', 'rejected', /Send As/, 'ex.send-as-permission'],
  ['550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 : User unknown', /does not exist/, P, 'sender', 'userunknown', /address/, 'text.user-unknown'],
  ['550 5.7.350 Remote server returned message detected as spam -> 554 5.7.1 Blocked by SpamAssassin', /spam/, P, 'recipientAdmin', 'spamdetected', /spam-filter/, 'filter.spam'],
  ['550 5.7.351 Remote server returned an error -> 554 go away', /passes on the refusal of a remote server/, P, 'recipientAdmin', null, /after "->"/, 'exo.remote-server-returned'],
  // ------------------------------------------------------------------ Gmail / Google Workspace
  ['550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient\'s email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp', /does not exist/, P, 'sender', 'userunknown', /typos/, 'gmail.5.1.1.no-such-user'],
  ['421-4.7.28 [192.0.2.10 15] Gmail has detected an unusual rate of mail originating from your IP address. To protect our users from spam, mail has been temporarily rate limited. - gsmtp', /unusual rate of mail/, T, 'senderAdmin', 'ratelimited', /Postmaster Tools|gradually/, 'gmail.4.7.28.rate'],
  ['550-5.7.26 Unauthenticated email from example.com is not accepted due to domain\'s DMARC policy. Please contact the administrator of example.com domain. - gsmtp', /DMARC policy/, P, 'senderAdmin', 'authfailure', /DMARC record/, 'gmail.dmarc-policy'],
  ['550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp', /not \(properly\) authenticated/, P, 'senderAdmin', 'authfailure', /SPF record/, 'gmail.auth-rate-limit'],
  ['550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM. - gsmtp', /not \(properly\) authenticated/, P, 'senderAdmin', 'authfailure', /SPF record/, 'gmail.auth-rate-limit'],
  ['421-4.7.0 [192.0.2.10 15] Our system has detected an unusual rate of 421-4.7.0 unsolicited mail originating from your IP address. To protect our 421-4.7.0 users from spam, mail sent from your IP address has been temporarily 421-4.7.0 blocked.', /unusual rate of unsolicited mail/, T, 'senderAdmin', 'blocked', /Postmaster Tools/, 'gmail.unusual-rate-unsolicited'],
  ['550-5.7.1 [192.0.2.10 12] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp', /likely unsolicited/, P, 'senderAdmin', 'spamdetected', /Postmaster Tools/, 'gmail.likely-unsolicited'],
  ['452-4.2.2 The recipient\'s inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp', /out of storage/, T, 'recipient', 'mailboxfull', /another channel/, 'gmail.mailbox-full'],
  ['552-5.2.2 The recipient\'s inbox is out of storage space and inactive. - gsmtp', /out of storage/, P, 'recipient', 'mailboxfull', /another channel/, 'gmail.mailbox-full'],
  ['450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. - gsmtp', /receiving mail too quickly/, T, 'sender', 'ratelimited', /floods/, 'gmail.450.4.2.1.too-fast'],
  ['550-5.7.25 [192.0.2.10] The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP. - gsmtp', /PTR/, P, 'senderAdmin', 'requireptr', /reverse DNS/, 'gmail.ptr'],
  ['530-5.7.0 Must issue a STARTTLS command first. - gsmtp', /STARTTLS first/, P, 'senderAdmin', 'securityerror', /STARTTLS/, 'text.starttls-first'],
  ['535-5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials - gsmtp', /not accepted/, P, 'sender', 'authfailure', /app password/, 'gmail.bad-credentials'],
  ['534-5.7.9 Application-specific password required. - gsmtp', /app password/, P, 'sender', 'securityerror', /OAuth/, 'gmail.app-password'],
  ['550 5.4.5 Daily user sending limit exceeded. - gsmtp', /daily sending limit/, T, 'sender', 'ratelimited', /bulk-mail service/, 'gmail.5.4.5.daily-limit'],
  ['552-5.7.0 This message was blocked because its content presents a potential security issue. - gsmtp', /security risk/, P, 'sender', 'virusdetected', /share link/, 'gmail.552.5.7.0.attachment'],
  ['553-5.1.2 We weren\'t able to find the recipient domain. Please check for any spelling errors. - gsmtp', /recipient domain could not be found/, P, 'sender', 'hostunknown', /address/, 'gmail.553.5.1.2.domain'],
  ['550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent. - gcdp a1si - gsmtp', /administrator's policy/, P, 'recipientAdmin', 'policyviolation', /Workspace administrator/, 'gmail.policy-prohibited'],
  ['421-4.7.0 TLS required for RCPT domain, closing connection. - gsmtp', /TLS required/, T, 'senderAdmin', 'securityerror', /certificate/, 'gmail.421.4.7.0.tls-required'],
  ['554-5.6.0 Mail message is malformed. Not accepted. - gsmtp', /RFC 5322/, P, 'senderAdmin', 'notcompliantrfc', /headers/, 'gmail.rfc5322'],
  ['550-5.7.1 Messages missing a valid Message-ID header are not accepted. - gsmtp', /RFC 5322/, P, 'senderAdmin', 'notcompliantrfc', /Message-ID/, 'gmail.rfc5322'],
  // ------------------------------------------------------------------ Yahoo / AOL, Apple, SES, gateways, ISPs
  ['421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes', /unexpected volume or user complaints/, T, 'senderAdmin', 'badreputation', /complaint/, 'yahoo.tss04.volume-complaints'],
  ['553 5.7.2 [TSS09] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes', /permanently deferred/, P, 'senderAdmin', 'blocked', /Sender Hub/, 'yahoo.permanently-deferred'],
  ['421 4.7.0 [TS03] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes', /permanently deferred/, P, 'senderAdmin', 'blocked', /queue/, 'yahoo.permanently-deferred'],
  ['553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.10, because the ip is in Spamhaus\'s list; see http://postmaster.yahoo.com/550-bl23.html', /Spamhaus/, P, 'senderAdmin', 'blocked', /check\.spamhaus\.org/, 'yahoo.bl21-bl23'],
  ['554 delivery error: dd This user doesn\'t have a yahoo.com account (bob@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com', /does not have an account/, P, 'sender', 'userunknown', /address/, 'yahoo.no-account'],
  ['550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.', /unauthenticated/, P, 'senderAdmin', 'authfailure', /SPF/, 'yahoo.unauthenticated'],
  ['554 Message not allowed - [PH01] Email not accepted for policy reasons. Please visit https://postmaster.yahooinc.com/error-codes', /policy reasons/, P, 'senderAdmin', 'policyviolation', /links/, 'yahoo.policy-ph01'],
  ['550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137', /iCloud/, P, 'senderAdmin', 'policyviolation', /postmaster/, 'apple.local-policy'],
  ['552 5.2.2 <bob@icloud.com>: user is over quota', /full/, P, 'recipient', 'mailboxfull', /quota/, 'exim.mailbox-quota'],
  ['554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: sender@example.com', /not verified/, P, 'senderAdmin', 'rejected', /sandbox/, 'ses.not-verified'],
  ['454 Throttling failure: Maximum sending rate exceeded.', /sending rate or daily quota/, T, 'senderAdmin', 'ratelimited', /quota/, 'ses.throttling'],
  ['550 Rejected by header based Anti-Spoofing policy: bob@example.com', /Mimecast/, P, 'recipientAdmin', 'policyviolation', /Mimecast/, 'mimecast.security-policy'],
  ['451 Internal resources are temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451', /greylisting/, T, 'senderAdmin', 'badreputation', /greylisting|retries/, 'mimecast.reputation'],
  ['554 Your access to this mail system has been rejected due to the sending MTA\'s poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.', /Talos/, P, 'senderAdmin', 'badreputation', /talosintelligence/, 'cisco.poor-reputation'],
  ['550 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using Barracuda Reputation; http://www.barracudacentral.org/reputation.cgi?r=1&ip=192.0.2.10', /Barracuda Reputation Block List/, P, 'senderAdmin', 'blocked', /barracudacentral/, 'dnsbl.barracuda'],
  ['550 5.5.0 Service refuse. Veuillez essayer plus tard. service refused, please try later. OFR006_102 Ref http://postmaster.orange.fr', /Orange/, P, 'senderAdmin', 'blocked', /postmaster/, 'orange.blocked'],
  ['554 IP=192.0.2.10 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)', /T-Online/, P, 'senderAdmin', 'blocked', /tosa@rx\.t-online\.de/, 'tonline.bl'],
  ['553 5.3.0 flpd576 DNSBL:ATTRBL 521< 192.0.2.10 >_is_blocked.For assistance forward this email to abuse_rbl@abuse-att.net', /AT&T/, P, 'senderAdmin', 'blocked', /abuse_rbl/, 'att.attrbl'],
  ['554-mx.example.net (mxgmx001) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is block listed. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0301', /block listed/, P, 'senderAdmin', 'blocked', /explanation URL/, 'gmx.nemesis-blocked'],
  // ------------------------------------------------------------------ postfix
  ['554 5.7.1 <bob@example.net>: Relay access denied', /Relay access denied/, P, 'senderAdmin', 'norelaying', /relay_domains/, 'postfix.relay-access-denied'],
  ['454 4.7.1 <bob@example.net>: Relay access denied', /Relay access denied/, T, 'senderAdmin', 'norelaying', /authenticate/, 'postfix.relay-access-denied'],
  ['550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table', /local recipient table/, P, 'sender', 'userunknown', /local_recipient_maps/, 'postfix.unknown-local-recipient'],
  ['550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table', /virtual mailbox table/, P, 'sender', 'userunknown', /postmap -q/, 'postfix.unknown-virtual-mailbox'],
  ['550 5.1.1 <bob@example.com>: Recipient address rejected: undeliverable address: host mx.example.com[192.0.2.20] said: 550 5.1.1 unknown user', /verification failed/, P, 'sender', 'userunknown', /verify/, 'postfix.unverified-recipient'],
  ['450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.10]', /reverse DNS/, T, 'senderAdmin', 'requireptr', /PTR/, 'postfix.client-unknown-hostname'],
  ['504 5.5.2 <WIN-ABC123>: Helo command rejected: need fully-qualified hostname', /fully-qualified host name/, P, 'senderAdmin', 'blocked', /HELO/, 'postfix.helo-non-fqdn'],
  ['450 4.1.8 <scanner@corp.local>: Sender address rejected: Domain not found', /sender's domain has no DNS/, T, 'senderAdmin', 'rejected', /resolvable domain/, 'postfix.sender-domain-not-found'],
  ['552 5.3.4 Message size exceeds fixed limit', /message_size_limit/, P, 'sender', 'mesgtoobig', /size/, 'postfix.message-file-too-big'],
  ['421 4.7.0 mx.example.com Error: too many connections from 192.0.2.10', /rate limit of the receiving server/, T, 'senderAdmin', 'toomanyconn', /smtpd_client/, 'postfix.anvil-limits'],
  ['450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see https://postgrey.schweikert.ch/help/example.com.html', /Greylisted/, T, 'none', null, /retr/, 'greylisting'],
  ['451 4.3.5 Server configuration problem', /configuration or lookup problem/, T, 'recipientAdmin', 'systemerror', /postfix check/, 'postfix.server-config'],
  ['421 4.4.2 mx.example.com Error: timeout exceeded', /idle too long/, T, 'senderAdmin', 'networkerror', /firewall/, 'postfix.timeout-exceeded'],
  ['421 4.7.0 mx.example.com Error: too many errors', /too many errors|bad commands/, T, 'senderAdmin', 'syntaxerror', /refused commands/, 'postfix.too-many-errors'],
  ['454 4.7.0 TLS not available due to local problem', /own TLS setup is broken/, T, 'recipientAdmin', 'securityerror', /smtpd_tls_cert_file/, 'postfix.tls-not-available'],
  ['554 5.5.1 Error: no valid recipients', /No valid recipients/, P, 'sender', 'syntaxerror', /RCPT TO replies/, 'postfix.no-valid-recipients'],
  ['451 4.7.1 <bob@example.com>: Recipient address rejected: Service unavailable - try again later', /milter or an access rule/, T, 'recipientAdmin', 'systemerror', /milter/, 'postfix.milter-tempfail'],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.10', /Spamhaus/, P, 'senderAdmin', 'blocked', /check\.spamhaus\.org/, 'dnsbl.spamhaus.zen'],
  ['554 5.7.1 Service unavailable; Helo command [mail.example.com] blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/dbl?domain=example.com', /Spamhaus DBL/, P, 'senderAdmin', 'blocked', /HELO name/, 'dnsbl.spamhaus.dbl'],
  ['550 5.7.1 <bob@example.com>... Rejected: IP in SpamHaus PBL, see http://www.spamhaus.org/query/bl?ip=192.0.2.10', /Spamhaus PBL/, P, 'senderAdmin', 'blocked', /relay/, 'dnsbl.spamhaus.pbl'],
  ['550 5.7.1 Service unavailable; client [192.0.2.10] blocked using bl.spamcop.net', /SpamCop/, P, 'senderAdmin', 'blocked', /expires/, 'dnsbl.spamcop'],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using dnsbl.sorbs.net', /SORBS/, P, 'recipientAdmin', 'blocked', /remove dnsbl\.sorbs\.net/, 'dnsbl.sorbs'],
  ['550 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using dnsbl-2.uceprotect.net', /UCEPROTECT/, P, 'senderAdmin', 'blocked', /level/, 'dnsbl.uceprotect'],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using bl.example.org', /block list named in the text/, P, 'senderAdmin', 'blocked', /removal procedure/, 'dnsbl.generic-zone'],
  ['- 4.4.1 connect to mx.example.com[192.0.2.20]:25: Connection timed out', /timed out/, T, 'senderAdmin', 'networkerror', /port 25/, 'mta.connection-timed-out'],
  ['- 4.4.1 connect to mx.example.com[192.0.2.20]:25: Connection refused', /refused the TCP connection/, T, 'recipientAdmin', 'networkerror', /port 25/, 'mta.connection-refused'],
  ['- 5.4.4 Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found', /not found/, P, 'sender', 'hostunknown', /resolv/, 'postfix.host-not-found'],
  ['- 4.4.2 lost connection with mx.example.com[192.0.2.20] while sending end of data -- message may be sent more than once', /connection was lost/, T, 'senderAdmin', 'networkerror', /inspection/, 'mta.lost-connection'],
  ['- 4.4.2 reply: read error from mx.example.com.', /connection was lost/, T, 'senderAdmin', 'networkerror', /inspection/, 'mta.lost-connection'],
  ['- 4.7.5 TLS error on connection to mx.example.com [192.0.2.20] (SSL_connect): error:0A000086:SSL routines::certificate verify failed', /TLS certificate verification failed/, T, 'recipientAdmin', 'securityerror', /certificate/, 'exim.tls-certificate'],
  ['- 5.4.6 mail forwarding loop for bob@example.com', /loop/, P, 'recipientAdmin', 'networkerror', /forward/, 'mta.forwarding-loop'],
  // ------------------------------------------------------------------ exim, sendmail, qmail, content filters
  ['550 relay not permitted', /Relay not permitted/, P, 'senderAdmin', 'norelaying', /relay_from_hosts/, 'exim.relay-not-permitted'],
  ['550 Unrouteable address', /Unrouteable address/, P, 'sender', 'userunknown', /exim -bt/, 'exim.unrouteable'],
  ['550 Sender verify failed', /Sender verify failed/, P, 'senderAdmin', 'rejected', /MAIL FROM:<>/, 'exim.sender-verify'],
  ['535 Incorrect authentication data', /SMTP AUTH failed/, P, 'sender', 'authfailure', /fail2ban/, 'exim.incorrect-auth'],
  ['451 Temporary local problem - please try later', /Temporary local problem/, T, 'recipientAdmin', 'systemerror', /paniclog/, 'exim.temporary-local-problem'],
  ['550 Administrative prohibition', /Administrative prohibition/, P, 'recipientAdmin', 'rejected', /rejectlog/, 'exim.administrative-prohibition'],
  ['554 SMTP synchronization error', /talked out of turn/, P, 'senderAdmin', 'syntaxerror', /script|Whether the source/, 'postfix.pipelining'],
  ['550 Your message has been rejected but is being kept for evaluation. If it was a legitimate message, it may still be delivered to the target recipient(s).', /Fake reject/, P, 'recipientAdmin', 'filtered', /quarantine/, 'exim.fakereject'],
  ['550 5.7.1 <bob@example.net>... Relaying denied. Proper authentication required.', /Relaying denied/, P, 'senderAdmin', 'norelaying', /authenticate/, 'sendmail.relaying-denied'],
  ['553 5.1.8 <bob@example.com>... Domain of sender address alice@corp.lan does not exist', /sender's domain has no DNS/, P, 'senderAdmin', 'rejected', /resolvable/, 'postfix.sender-domain-not-found'],
  ['421 4.3.2 Connection rate limit exceeded.', /rate limit/, T, 'senderAdmin', 'toomanyconn', /ClientRate/, 'postfix.anvil-limits'],
  ['550 sorry, no mailbox here by that name. (#5.1.1)', /no mailbox here by that name/, P, 'sender', 'userunknown', /address/, 'qmail.no-mailbox'],
  ['553 sorry, that domain isn\'t in my list of allowed rcpthosts (#5.7.1)', /rcpthosts/, P, 'senderAdmin', 'norelaying', /RELAYCLIENT/, 'qmail.rcpthosts'],
  ['554 5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Test-Signature', /virus or malware/, P, 'sender', 'virusdetected', /Scan the sending computer/, 'filter.virus'],
  ['554 5.7.0 Reject, id=12345-02 - BANNED: invoice.pdf.exe', /banned content/, P, 'sender', 'policyviolation', /share link/, 'filter.amavis-banned'],
  ['550 5.7.1 Rejected: hits=7.5 required=5.0', /spam/, P, 'recipientAdmin', 'spamdetected', /spam-filter/, 'filter.spam'],
  ['550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown', /does not exist/, P, 'sender', 'userunknown', /address exactly as sent/, 'text.user-unknown'],
  ['550 User <bob> unknown', /does not exist/, P, 'sender', 'userunknown', /address/, 'text.user-unknown'],
  ['552 5.2.2 <bob@example.com> Quota exceeded (mailbox for user is full)', /full/, P, 'recipient', 'mailboxfull', /quota/, 'exim.mailbox-quota'],
  ['535 5.7.8 Error: authentication failed: Connection lost to authentication server', /backend unavailable/, T, 'recipientAdmin', 'systemerror', /saslauthd|Dovecot auth/, 'text.auth-backend-down'],
  ['503 5.5.1 Error: need MAIL command', /wrong order/, P, 'senderAdmin', 'syntaxerror', /first 4xx\/5xx/, 'text.bad-sequence'],
  ['550 5.1.1 User bob (bob@example.com) not listed in public Name & Address Book', /Domino Directory/, P, 'sender', 'userunknown', /person document/, 'domino.not-listed'],
  ['554 5.7.1 <bob@example.com>: Recipient address rejected: Nonexistent user', /does not exist/, P, 'sender', 'userunknown', /address/, 'text.user-unknown'],
  ['550 ** No mail box available for this user **', /does not exist/, P, 'sender', 'userunknown', /address/, 'text.user-unknown'],
  ['551 <bob@example.com> is a deactivated mailbox', /disabled or suspended/, P, 'recipient', 'suspend', /another way/, 'text.mailbox-disabled'],
  ['552 Sorry, the user\'s maildir has overdrawn his diskspace quota, please try again later.', /full/, P, 'recipient', 'mailboxfull', /quota/, 'text.mailbox-full'],
  ['553-you are trying to use me [server-1.example.net] as a relay, but I have not been configured to let you [192.0.2.10, mx.example.org] do this.', /Relaying refused/, P, 'senderAdmin', 'norelaying', /relay/, 'text.relay-denied'],
  ['421 4.3.0 Upstream error, please check https://developers.cloudflare.com/email-routing/postmaster for possible reasons why.', /Cloudflare Email Routing/, T, 'recipientAdmin', 'systemerror', /DKIM/, 'cloudflare.email-routing'],
  ['550 5.7.1 <bob@example.com>: Recipient address rejected: Mailing list is members-only', /postfix restriction/, P, 'recipientAdmin', 'rejected', /smtpd_recipient_restrictions/, 'postfix.recipient-rejected'],
  ['- 2.0.0 Sent (ok 1700000000 qp 1234 mx.example.net)', /sendmail handed the message/, 'success', 'none', 'delivered', /queue id/, 'success.sendmail-sent'],
  // ------------------------------------------------------------------ the text wins over the code
  ['550 5.1.1 Recipient rate limit exceeded, slow down and try again later', /Rate limit reported with a permanent code/, T, 'senderAdmin', 'ratelimited', /lower rate/, 'text.rate-limit-5xx'],
  ['451 4.7.1 Your IP is permanently blocked, do not retry', /permanent, although the code is temporary/, P, 'senderAdmin', null, /queue/, 'text.permanent-in-4xx'],
  ['421 4.7.0 Too many messages from your IP, slow down', /Rate limit/, T, 'senderAdmin', 'ratelimited', /sending rate/, 'text.rate-limit-4xx'],
  // ------------------------------------------------------------------ localised texts
  ['550 5.1.1 <bob@example.de>: Benutzer unbekannt', /does not exist \(German text\)/, P, 'sender', 'userunknown', /address/, 'i18n.de.user-unknown'],
  ['552 5.2.2 Postfach voll', /full \(German text\)/, P, 'recipient', 'mailboxfull', /quota/, 'i18n.de.mailbox-full'],
  ['550 5.1.1 <bob@example.fr>: utilisateur inconnu', /does not exist \(French text\)/, P, 'sender', 'userunknown', /address/, 'i18n.fr.user-unknown'],
  ['552 5.2.2 boîte pleine', /full \(French text\)/, P, 'recipient', 'mailboxfull', /quota/, 'i18n.fr.mailbox-full'],
  ['550 5.1.1 ユーザーが存在しません', /does not exist \(Japanese text\)/, P, 'sender', 'userunknown', /address/, 'i18n.ja.user-unknown'],
  ['550 5.1.1 宛先不明', /does not exist \(Japanese text\)/, P, 'sender', 'userunknown', /address/, 'i18n.ja.user-unknown'],
  ['550 5.1.1 usuario desconocido', /does not exist \(Spanish text\)/, P, 'sender', 'userunknown', /address/, 'i18n.es.user-unknown'],
  ['552 5.2.2 buzón lleno', /full \(Spanish text\)/, P, 'recipient', 'mailboxfull', /quota/, 'i18n.es.mailbox-full'],
  ['550 5.1.1 utente sconosciuto', /does not exist \(Italian text\)/, P, 'sender', 'userunknown', /address/, 'i18n.it.user-unknown'],
  ['550 5.1.1 用户不存在', /does not exist \(Chinese text\)/, P, 'sender', 'userunknown', /address/, 'i18n.zh.user-unknown'],
  // ------------------------------------------------------------------ codes alone
  ['550 5.1.10', /null MX/, P, 'sender', 'notaccept', /null MX/, 'enhanced'],
  ['556 5.1.10 Recipient address has null MX', /null MX/, P, 'sender', 'notaccept', /MX 0 \./, 'text.does-not-accept-mail'],
  ['535 5.7.8', /Authentication credentials invalid/, P, 'sender', 'authfailure', /user name/, 'enhanced'],
  ['452 4.5.3', /Too many recipients/, T, 'sender', 'toomanyconn', /Recipient limits/, 'enhanced'],
  ['421', /Service not available/, T, 'senderAdmin', null, /sending rate/, 'basic'],
  ['452', /insufficient system storage/, T, 'recipientAdmin', null, /Recipient limits/, 'basic'],
  ['535', /Authentication credentials invalid/, P, 'sender', 'authfailure', /password/, 'basic'],
  ['550 Requested action not taken: mailbox unavailable', /mailbox unavailable/, P, 'recipientAdmin', null, /ambiguous/, 'class'],
  ['554', /Transaction failed/, P, 'recipientAdmin', null, /ambiguous/, 'class'],
  ['451 4.3.0 Mailbox temporarily locked', /locked or busy/, T, 'recipientAdmin', 'systemerror', /lock/, 'text.mailbox-locked'],
];

function by(e: Explanation): string { return e.specificity === 'vendor' ? e.vendor[0].id : e.specificity; }

for (const [reply, title, cls, actor, reason, check, expectBy] of ROWS) {
  test(`explains ${reply.slice(0, 90)}`, () => {
    const e = explainReply(parseReply(reply));
    assert.equal(by(e), expectBy, `explained by ${by(e)}: ${e.title}`);
    assert.match(e.title, title);
    assert.equal(e.cls, cls, 'class');
    assert.equal(e.actors[0], actor, `who acts: ${e.actors.join(', ')}`);
    assert.equal(e.reason ?? null, reason, 'bounce reason');
    if (check) assert.match(e.checks.slice(0, 7).join('\n'), check, 'checks');
    assert.ok(e.sources.length > 0, 'sources');
  });
}

test('the text overriding the code is said in a note, and the code class is kept apart', () => {
  const e = explainReply(parseReply('421 4.7.0 [TS03] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed.'));
  assert.equal(e.codeClass, 'transient');
  assert.equal(e.cls, 'permanent');
  assert.ok(e.notes.some(n => /retrying will NOT succeed/i.test(n)), e.notes.join('\n'));
  assert.match(e.retry, /keeps the message queued and retries/);
  const r = explainReply(parseReply('550 5.1.1 Recipient rate limit exceeded, slow down and try again later'));
  assert.equal(r.codeClass, 'permanent');
  assert.match(r.notes.join('\n'), /5\.1\.1, is misleading/);
});

test('550 4.4.7 says that the classes disagree and what that means', () => {
  const e = explainReply(parseReply('550 4.4.7 QUEUE.Expired; message expired'));
  assert.match(e.notes.join('\n'), /basic code 550 says permanent but the enhanced code 4\.4\.7 says transient/);
  assert.match(e.notes.join('\n'), /failures were temporary \(4\.4\.7\), the outcome is final \(550\)/);
});

test('5.1.10 without Microsoft text keeps the registry meaning and warns about the collision', () => {
  const e = explainReply(parseReply('550 5.1.10'));
  assert.match(e.title, /null MX/);
  assert.match(e.notes.join('\n'), /Exchange Online sends 5\.1\.10 for "Recipient not found"/);
  const ms = explainReply(parseReply('550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'));
  assert.match(ms.notes.join('\n'), /not the IANA registry's 5\.1\.10/);
});

test('Gmail 4.2.1 is a rate limit, not the registry\'s "mailbox disabled"', () => {
  const e = explainReply(parseReply('450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. - gsmtp'));
  assert.equal(e.reason, 'ratelimited');
  assert.doesNotMatch(e.title, /disabled/);
});

test('the command a reply answers is read from postfix and exim texts and adds what the code means there', () => {
  const p = explainReply({ code: 550, enhanced: '5.7.1', text: 'host mx.example.com[192.0.2.20] said: 550 5.7.1 blocked (in reply to end of DATA command)' });
  assert.equal(p.command, '<end of data>');
  assert.match(p.commandNote ?? '', /content was refused/);
  const x = explainReply({ code: 554, text: 'SMTP error from remote mail server after initial connection: 554 no thanks' });
  assert.equal(x.command, '<connect>');
  assert.match(x.commandNote ?? '', /refuses this client outright/);
});

test('a status record without a code takes its class from the record, and success replies need nobody', () => {
  assert.equal(explainReply({ text: 'Unrouteable address', fallbackClass: 'permanent' }).cls, 'permanent');
  assert.equal(explainReply({ text: 'Unrouteable address', fallbackClass: 'permanent' }).reason, 'userunknown');
  const ok = explainReply(parseReply('250 2.0.0 Ok: queued as 4Ld6Yy0c0Vz9sWx'));
  assert.deepEqual(ok.actors, ['none']);
  assert.equal(ok.vendor[0]?.id, 'success.queued-as');
  assert.match(ok.checks[0], /queue id/);
});

test('a vendor rule outranks the generic text it also matches, and links go to the delisting portal', () => {
  const e = explainReply(parseReply('550 5.7.606 Access denied, banned sending IP [192.0.2.10]'));
  assert.deepEqual(e.links, ['https://sender.office.com/']);
  const z = explainReply(parseReply('554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org'));
  assert.equal(z.vendor[0].id, 'dnsbl.spamhaus.zen');
  assert.ok(z.vendor.some(v => v.id === 'dnsbl.generic-zone'), 'the generic rule matched too, ranked lower');
});
