/**
 * Why a message bounced: one bounce reason (Sisimai's vocabulary) with a hard / soft flag, decided by
 * the status code, the reply code and the reply TEXT together. The code alone misleads (5.1.1 used for
 * a rate limit, 5.7.1 "550 User Unknown", Microsoft's 5.1.10 RecipientNotFound against the registry's
 * null MX, 550 4.4.7 QUEUE.Expired), so the text is read first:
 *
 *   1. a vendor rule of the knowledge base that matches code and text and names a reason;
 *   2. this file's phrases for bounce wording (English and common non-English forms), strong ones first;
 *   3. the reason the knowledge base gives for the codes (when the tables carry one);
 *   4. the enhanced status code's subject/detail (RFC 3463 registry semantics), then the reply class.
 *
 * Then the context corrects it: a failure at MAIL FROM concerns the sender, not the recipient; a
 * message that failed with a temporary status ran out of retries (expired).
 * All patterns are literal alternations with bounded gaps: linear time on any input.
 *
 * Where this deliberately differs from Sisimai (measured on its public samples; the reasoning):
 * - "550 5.7.1 User Unknown", "550 ... User unknown" after DATA: userunknown (hard), where Sisimai
 *   says filtered. The remote server's own words say the address does not exist; we do not guess a
 *   recipient's filter from the status class or the domain.
 * - A failure with a temporary status and no specific cause (421 4.3.0, "5.4.312 Message expired,
 *   DNS query failed"): expired, where Sisimai says systemerror / networkerror. The report is final:
 *   the message ran out of retries; the last attempt's words stay in the "why". A specific cause met
 *   by the last attempt (mailbox full, unknown user) is the reason, as in Sisimai.
 * - Delivery to a program that failed: mailererror (Sisimai: systemerror).
 * - "Line limit exceeded": contenterror, a format problem (Sisimai: emailtoolarge).
 * - Sender ID "Purported Responsible Address" refusals: authfailure (Sisimai: rejected).
 * - Yahoo "[TSS04] ... unexpected volume or user complaints": badreputation (Sisimai: rejected).
 */
import { classOf, explainReply } from './index';
import type { BounceReason, Explanation } from './types';
import { rx } from './common';

export interface BounceInput {
  /** enhanced status code (DSN Status: or the reply's) */
  status?: string;
  /** basic reply code */
  code?: number;
  /** the diagnostic / reply text and whatever the bounce says about this recipient */
  text?: string;
  /** DSN action: failed, delayed, delivered, relayed, expanded */
  action?: string;
  /** the command the reply answered ("RCPT TO:<x>", "MAIL FROM", "DATA", "end of data") */
  command?: string;
  /** the recipient as written (a pipe "|program" means local delivery to a program) */
  recipient?: string;
  /** the host that answered (Remote-MTA, Reporting-MTA, "host X said:"), for host-aware rules */
  host?: string;
}

export type BounceSeverity = 'hard' | 'soft' | 'none';

export interface BounceVerdict {
  reason: BounceReason;
  severity: BounceSeverity;
  /** how it was decided, e.g. 'text "user unknown"', 'status 5.2.2' */
  why: string;
}

type Rule = [BounceReason, RegExp];

const ADDRESS = /[^\s<>()"'\[\],;:]{1,128}@[^\s<>()"'\[\],;:]{1,255}/g;

const G = '[^\\n]{0,40}'; // a bounded gap inside a phrase
const W = '[^\\n]{0,30}'; // a shorter gap: the subject word and its verb stay close


/** Strong phrases: each says one thing. Checked in this order; the first match wins. */
const STRONG: Rule[] = [
  ['mailboxfull', rx([
    'mailbox (?:is )?full', 'mailbox full', 'mailbox is over (?:its )?quota', 'over ?quota', 'quota (?:exceeded|exceeds|full)', 'exceeded (?:the )?(?:storage|quota)',
    'exceeds (?:its |the )?(?:quota|allowed size|storage)', 'not enough (?:storage|disk) space in', 'insufficient (?:storage|disk) space in (?:the )?(?:user|recipient|mailbox)',
    "user'?s? mailbox (?:is )?full", 'full mailbox', 'inbox (?:is )?full', 'inbox is out of storage', 'out of storage', 'QuotaExceeded', 'disk quota',
    'mailbox size limit', 'mailbox exceeds', 'user has exceeded', 'storage (?:limit|allocation) exceeded', 'disk ?space quota', 'overdrawn',
    'not (?:have )?enough (?:storage |disk )?space', 'mailbox (?:has )?exceeded',
    'Postfach (?:ist )?voll', 'Speicherplatz', 'bo[iî]te (?:aux lettres )?(?:est )?pleine', 'quota d[ée]pass[ée]', 'buz[oó]n (?:est[aá] )?lleno',
    'caixa (?:postal )?(?:est[aá] )?cheia', 'casella (?:di posta )?piena', 'mailbox is vol', 'переполнен', 'недостаточно места', '容量', 'いっぱい', '已满', '已滿',
  ])],
  ['mesgtoobig', rx([
    'message (?:is )?too (?:large|big)', 'message size exceeds', 'message length exceeds', 'size exceeds', 'exceeds (?:the )?(?:maximum |fixed )?(?:message )?size',
    'exceeds size limit', 'size limit exceeded', 'too large for', 'message too large', 'mail size', 'RecipSizeLimit', 'SendSizeLimit', 'file too large',
    'message exceeds (?:the )?(?:maximum|size)', 'larger than (?:the )?(?:maximum|allowed)',
  ])],
  ['exceedlimit', rx([
    'too many recipients', 'recipient limit', 'maximum (?:number of )?recipients', 'RecipLimit', 'header (?:size )?exceeds', 'too many (?:attachments|hops in header)',
  ])],
  ['virusdetected', rx([
    '\\bvirus\\b', 'viruses? (?:found|detected)', 'malware', 'infected', 'potential security issue', 'trojan', '\\bworm\\b', 'dangerous attachment', 'unsafe (?:attachment|content)',
  ])],
  ['rejected', rx([
    'sender address rejected', 'sender verify failed', 'domain of sender address', `sender${G}(?:domain|address)${G}(?:not found|unknown|does not exist|invalid)`,
    'unknown sender', 'sender (?:is )?(?:denied|blocked|not allowed)', 'bad sender', 'envelope sender',
  ])],
  ['hasmoved', rx(['has (?:been )?moved', 'address has changed', 'changed (?:his|her|their) (?:e-?mail )?address', 'mailbox has moved', 'no forwarding address'])],
  ['suspend', rx([
    `account${G}(?:disabled|suspended|deactivated|locked|inactive|expired|frozen)`, `mailbox${G}(?:disabled|suspended|inactive|deactivated|frozen|locked)`,
    `(?:user|recipient)${G}(?:disabled|suspended|inactive|deactivated)`, 'deactivated mailbox', 'no longer active', 'account has been closed',
    '\\(554\\.30\\)', 'recipient was unavailable to take delivery', 'temporarily disabled',
  ])],
  ['hostunknown', rx([
    'host unknown', 'unknown host', 'host not found', 'domain not found', 'no such domain', 'unrouteable', 'unroutable', 'host or domain name not found',
    'NonExistentDomain', 'nonexistent domain', 'non-existent domain', 'domain does not exist', 'domain (?:name )?(?:is )?(?:invalid|unknown)', 'unknown domain',
    'name or service not known', 'no mx (?:record|host)', 'bad destination system address', 'could not be resolved', 'unable to route', 'unresolvable',
  ])],
  ['userunknown', rx([
    'user unknown', 'unknown user', 'unknown recipient', 'recipient unknown', 'unknown (?:local[- ]?part|mailbox|address|e-?mail)', 'no such (?:user|mailbox|recipient|address|person|account)',
    `(?:user|mailbox|recipient|account)${W}(?:does not|doesn't|did not) exist`, `(?:user|mailbox|recipient|account)${W}not (?:found|known|exist)`,
    'non-?existent (?:user|mailbox|recipient|address|account)', 'no mail ?box available', "(?:e-?mail )?address (?:does not|doesn't) exist", 'not listed in (?:the )?(?:public )?(?:Name ?& ?Address Book|address book)',
    // "見つかりません" / "存在しません" written in ISO-2022-JP whose escape bytes were lost
    '8\\+\\$D\\$\\+\\$j\\$\\^\\$;\\$s', 'B8:_\\$7\\$\\^\\$;\\$s',
    'RecipNotFound', 'RecipientNotFound', 'ExRecipNotFound', 'recipient name is not recognized', "(?:address|recipient) (?:wasn't|was not|couldn't be|could not be) found",
    'email account that you tried to reach does not exist', "doesn't have a [^\\n]{0,40} account", 'does not have a [^\\n]{0,40} account', 'no mailbox here by that name',
    'not listed in (?:the )?(?:Domino )?Directory', 'not a valid (?:user|mailbox|recipient)', 'invalid (?:recipient|mailbox|user)', 'bad destination mailbox', 'unknown user account',
    'recipient address rejected: (?:access denied|user unknown|unknown user|invalid user)', 'user not found', 'unknown address', 'address (?:is )?(?:no longer )?invalid',
    'not our customer', 'there is no one at this address', 'no valid recipients', 'is not a known user', 'mailbox not (?:found|present)', 'no mailbox (?:found|available)', 'badrcptto',
    'unbekannt', 'existiert nicht', 'gibt es nicht', "n'existe pas", 'inconnu', 'introuvable', 'no existe', 'desconocido', 'não existe', 'desconhecido', 'inesistente',
    'sconosciuto', 'address unknown', 'bestaat niet', 'onbekend', 'nie istnieje', 'не существует', 'не найден', 'нет такого', '存在しません', '存在しない', '見つかりません', '不存在',
  ])],
  ['notaccept', rx(['does not accept (?:e-?)?mail', 'null MX', 'not accepting (?:e-?)?mail', 'accepts no mail', 'no SMTP service'])],
  ['norelaying', rx([
    'configured to relay', 'use me as a relay', 'as a relay, but', 'relay through this server without',
    'relay(?:ing)? (?:access )?denied', 'relaying (?:is )?(?:not )?(?:allowed|permitted|prohibited)', 'unable to relay', 'not permitted to relay', 'relay not permitted',
    'we do not relay', 'rcpthosts', 'not a gateway', `relaying${G}denied`, 'cannot relay', 'relay prohibited',
  ])],
  ['authfailure', rx([
    '\\bSPF\\b', '\\bDKIM\\b', '\\bDMARC\\b', 'sender is unauthenticated', 'unauthenticated (?:e-?)?mail', 'authentication level', 'sender policy framework',
    'Purported Responsible Address', 'authentication (?:information|checks)', 'fails? to pass authentication', 'unverif[a-z]{0,6} sending IP', 'not (?:pass|passed) (?:authentication|sender authentication)',
  ])],
  ['requireptr', rx([
    'reverse DNS', '\\bPTR\\b', 'reverse (?:hostname|lookup|DNS|address)', '\\brDNS\\b', 'IP name lookup failed', 'cannot find your (?:reverse )?hostname',
    'does not resolve to', 'no reverse', 'unresolvable (?:IP|client)',
  ])],
  ['spamdetected', rx(['blacklisted (?:url|link)', '\\buribl\\b', '\\bsurbl\\b', 'spam score', '\\bspamassassin\\b'])],
  ['blocked', rx(['blocked using', 'block ?list', 'black ?list', 'deny ?list', '\\bDNSBL\\b', '\\bRBL\\b', 'spamhaus', 'barracuda', 'spamcop', 'sorbs', 'uceprotect', '\\bpsbl\\b'])],
  ['badreputation', rx(['reputation'])],
  ['toomanyconn', rx(['too many (?:connections|concurrent|sessions)', 'connection limit', 'max(?:imum)? connections'])],
  ['ratelimited', rx([
    'rate limit', 'rate-limit', 'ratelimit', 'too many messages', 'sending rate', 'receiving mail (?:at a rate|too quickly)', 'unusual rate', 'throttl',
    'too much mail', `exceeded${G}(?:daily|hourly|sending) (?:limit|quota)`, 'daily (?:sending )?limit', 'unexpected volume', 'too fast', 'slow down',
  ])],
  ['spamdetected', rx([
    '\\bspam\\b', '\\bjunk\\b', '\\bUCE\\b', '\\bUBE\\b', 'unsolicited', 'bulk (?:e-?)?mail', 'message looks suspicious', 'content filter(?:ing)? (?:rejected|blocked)',
  ])],
  ['blocked', rx([
    'client host rejected', 'sender IP',
    'your IP', 'banned', 'blocked', 'not allowed to send', 'refused to talk', 'connection (?:refused|rejected) (?:by|due to) policy',
  ])],
  ['policyviolation', rx([
    'policy violation', `violat${G}policy`, 'message content rejected', 'header error', 'policy reasons', 'not allowed by (?:the )?policy', 'prohibited', 'content policy', 'delivery not authorized',
    'message not allowed', 'attachment (?:type )?(?:not allowed|blocked|prohibited)', 'restricted (?:group|distribution list)',
  ])],
  ['securityerror', rx([
    'authentication required', 'must issue a STARTTLS', 'TLS (?:is )?required', 'encryption required', 'not authenticated', 'requires authentication',
    'certificate', 'STARTTLS', 'credentials', 'authentication (?:failed|unsuccessful)', 'AuthRequired',
  ])],
  ['notcompliantrfc', rx(['without (?:a )?(?:To|From|Date|Message-ID):? (?:field|header)', 'RFC ?5322', 'RFC ?2822', 'RFC ?822\\b', 'not (?:RFC[- ]?)?compliant', 'duplicate header', 'multiple (?:From|Date|Message-ID|Subject)', 'missing (?:a |the )?(?:From|Date|Message-ID) header'])],
  ['contenterror', rx(['content rejected', 'message content', 'invalid characters', 'bare LF', 'line (?:limit exceeded|too long)', 'malformed (?:message|header|mime)', 'improper use of 8-bit'])],
  ['filtered', rx(['filtered', 'content filter', 'recipient preferences', 'not unique', 'several matches', 'ambiguous', 'refused by (?:the )?recipient', "recipient'?s? filter", 'not accepted by the recipient'])],
  ['rejected', rx([`sender${G}(?:rejected|denied|refused|not allowed|invalid|unknown|blocked)`, `MAIL FROM${G}rejected`, 'sender domain', 'sender address'])],
  ['expired', rx([
    'expired', 'queue lifetime', 'retry timeout exceeded', 'too long in (?:the )?queue', 'in the queue too long', 'delivery time', 'retries exhausted',
    'could not be delivered (?:within|for)', 'maximum time', 'has been delayed for', 'unable to deliver in',
  ])],
  ['networkerror', rx([
    'connection (?:timed out|refused|dropped|reset|closed|lost)', 'timed out', 'timeout', 'could not connect', 'unable to connect', 'no route to host',
    'network (?:is )?unreachable', 'lost connection', 'could not initiate SMTP conversation', 'did not accept our requests to connect', 'connection was dropped',
    'host is unreachable', 'hop count exceeded', 'mail loop', 'loop detected', 'too many hops', 'routing loop', 'MxLoopback', 'loops back to myself',
    'Socket error', 'dns (?:error|failure|lookup failed)', 'name service error',
  ])],
  ['systemerror', rx([
    'system error', 'local error', 'internal (?:server )?error', 'configuration error', 'config(?:uration)? error', 'insufficient system (?:storage|resources)',
    'disk full', 'write error', 'temporary (?:local )?problem', 'server (?:is )?busy', 'resources temporarily', 'not available', 'try again later',
    'service (?:currently |temporarily )?unavailable',
  ])],
  ['syntaxerror', rx(['syntax error', 'command unrecognized', 'unrecognized command', 'bad sequence', 'command not (?:recognized|implemented)', 'invalid command'])],
  ['mailererror', rx(['procmail', 'mailer error', '\\bpipe to\\b', 'command died', 'program exited', 'exit (?:code|status) \\d', 'unix mailer', 'maildrop'])],
];

/** Weak phrases: generic wording that only decides when nothing stronger matched. */
const WEAK: Rule[] = [
  ['mailboxfull', rx(['\\bquota\\b'])],
  ['userunknown', rx(['mailbox unavailable', 'address rejected', 'recipient (?:address )?rejected', 'invalid address', 'unknown or illegal alias', 'not a local address'])],
  ['blocked', rx(['access denied', 'rejected for policy', 'refused'])],
  ['filtered', rx(['rejected by the (?:server|recipient)', 'message rejected'])],
];

/** RFC 3463 subject/detail -> reason (registry semantics; vendor codes are left to the text). */
const BY_STATUS: Record<string, BounceReason> = {
  '1.0': 'userunknown', '1.1': 'userunknown', '1.2': 'hostunknown', '1.3': 'userunknown', '1.4': 'filtered', '1.6': 'hasmoved', '1.7': 'rejected', '1.8': 'rejected',
  '1.9': 'systemerror', '1.10': 'notaccept',
  '2.0': 'filtered', '2.1': 'suspend', '2.2': 'mailboxfull', '2.3': 'mesgtoobig', '2.4': 'filtered',
  '3.0': 'systemerror', '3.1': 'systemerror', '3.2': 'notaccept', '3.3': 'systemerror', '3.4': 'mesgtoobig', '3.5': 'systemerror',
  '4.0': 'networkerror', '4.1': 'networkerror', '4.2': 'networkerror', '4.3': 'systemerror', '4.4': 'hostunknown', '4.5': 'systemerror', '4.6': 'networkerror',
  '4.7': 'expired',
  '5.0': 'syntaxerror', '5.1': 'syntaxerror', '5.2': 'syntaxerror', '5.3': 'exceedlimit', '5.4': 'syntaxerror', '5.5': 'syntaxerror', '5.6': 'syntaxerror',
  '6.0': 'contenterror', '6.1': 'contenterror', '6.2': 'contenterror', '6.3': 'contenterror', '6.5': 'contenterror', '6.6': 'contenterror', '6.7': 'contenterror',
  '6.8': 'contenterror', '6.9': 'contenterror',
  '7.0': 'securityerror', '7.1': 'blocked', '7.2': 'policyviolation', '7.3': 'securityerror', '7.4': 'securityerror', '7.5': 'securityerror', '7.6': 'securityerror',
  '7.7': 'securityerror', '7.8': 'securityerror', '7.9': 'securityerror', '7.10': 'securityerror', '7.11': 'securityerror', '7.12': 'securityerror',
  '7.13': 'suspend', '7.14': 'securityerror', '7.15': 'policyviolation', '7.16': 'mesgtoobig', '7.17': 'hasmoved', '7.18': 'hasmoved', '7.20': 'authfailure',
  '7.21': 'authfailure', '7.22': 'authfailure', '7.23': 'authfailure', '7.24': 'authfailure', '7.25': 'requireptr', '7.26': 'authfailure', '7.27': 'notaccept',
  '7.28': 'ratelimited', '7.29': 'authfailure', '7.30': 'securityerror',
};

const HARD = new Set<BounceReason>(['userunknown', 'hostunknown', 'hasmoved']);
const NOT_A_FAILURE = new Set<BounceReason>(['delivered', 'feedback', 'vacation']);
/** reasons that only say the last attempt failed: a message that failed with a temporary status ran out of time */
const LAST_ATTEMPT_ONLY = new Set<BounceReason>(['networkerror', 'systemerror', 'toomanyconn', 'onhold', 'undefined']);

/** The reason a bounce report means, with hard/soft, from everything known about it. Never throws. */
export function classifyBounce(i: BounceInput): BounceVerdict {
  const action = (i.action ?? '').toLowerCase();
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return { reason: 'delivered', severity: 'none', why: `action ${action}` };
  // addresses out of the text: "spam@..." or "quota@..." must not decide anything
  // and the "550-" prefixes of continuation lines inside a folded multi-line reply
  const text = (i.text ?? '').slice(0, 8192).replace(ADDRESS, ' <@> ').replace(/(^|\s)[245]\d\d-(?=\S)/g, '$1').replace(/\s+/g, ' ');
  const status = i.status && /^[245]\.\d{1,3}\.\d{1,3}$/.test(i.status) ? i.status : undefined;
  let reason: BounceReason | undefined;
  let why = '';

  // 1. the knowledge base: a vendor rule matching code and text, or a reason on the explanation
  let e: Explanation | undefined;
  if (i.code !== undefined || status || text) {
    // a text with no code is read in the class of the report (a failure), never as a success reply
    const fallbackClass = action === 'delayed' ? 'transient' : 'permanent';
    try { e = explainReply({ code: i.code, enhanced: status, text, host: i.host, fallbackClass }); } catch { e = undefined; }
  }
  // a rule below priority 0 only names a generic prefix ("Recipient address rejected:"): the words after
  // it and a specific status decide first
  // the report failed: a rule for success wording ("delivered") cannot be its reason
  const ranked = e?.vendor.filter(v => v.reason && v.reason !== 'delivered') ?? [];
  const vendor = ranked.find(v => (v.priority ?? 0) >= 0);
  const generic = ranked.find(v => (v.priority ?? 0) < 0);
  const byRule = (v: NonNullable<typeof vendor>) => {
    reason = v.reason;
    const m = v.pattern?.exec(text);
    why = `${m ? `text "${m[0].trim()}": ` : ''}${v.vendor}: ${v.title}`;
  };
  if (vendor?.reason) byRule(vendor);

  // 2. the wording (a failed delivery to a program is the program's failure, whatever the MTA wrote)
  if (!reason && i.recipient?.trim().startsWith('|')) { reason = 'mailererror'; why = 'delivery to a program (pipe) failed'; }
  if (!reason) {
    for (const [r, re] of STRONG) { const m = re.exec(text); if (m) { reason = r; why = `text "${m[0].trim()}"`; break; } }
  }
  if (!reason && status && !/\.0$/.test(status) && e?.enhancedEntry?.reason) {
    reason = e.enhancedEntry.reason; why = `status ${status}`;
  }
  if (!reason && generic?.reason) byRule(generic);
  if (!reason) {
    for (const [r, re] of WEAK) { const m = re.exec(text); if (m) { reason = r; why = `text "${m[0].trim()}"`; break; } }
  }

  // 3. what the knowledge tables say about the codes
  if (!reason && e) {
    const fromTables = e.reason ?? e.enhancedEntry?.reason ?? e.basic?.reason;
    if (fromTables && fromTables !== 'undefined') { reason = fromTables; why = `code ${[i.code, status].filter(Boolean).join(' ')}`; }
  }

  // 4. the enhanced status code's registry meaning
  if (!reason && status && !status.endsWith('.0.0')) {
    const r = BY_STATUS[status.slice(2)];
    if (r) { reason = r; why = `status ${status}`; }
  }
  const cls = (status ? classOf(status) : undefined) ?? (i.code !== undefined ? classOf(i.code) : undefined);
  if (!reason) {
    const failed = action === 'failed' || action === 'delayed' || cls === 'permanent' || cls === 'transient';
    reason = failed ? 'onhold' : 'undefined';
    why = failed ? 'the bounce names no cause' : 'nothing in the report says why';
  }

  // context
  const verb = (i.command ?? '').toUpperCase();
  if (verb.startsWith('MAIL') && (reason === 'userunknown' || reason === 'hostunknown')) {
    reason = 'rejected'; why += '; answered MAIL FROM, so it is the sender that was refused';
  }
  // gave up after retries, but the text names what the last attempt met (a full mailbox, an unknown
  // user): that cause is the reason, as for any other failure
  if (reason === 'expired' && !status?.endsWith('.4.7')) {
    for (const [r, re] of STRONG) {
      if (r === 'expired' || LAST_ATTEMPT_ONLY.has(r)) continue;
      const m = re.exec(text);
      if (m) { why = `text "${m[0].trim()}" (the last attempt's cause; ${why})`; reason = r; break; }
    }
  }
  if (action === 'failed' && cls === 'transient' && LAST_ATTEMPT_ONLY.has(reason)) {
    why = `failed with a temporary status ${status ?? i.code}: the retries ran out (last attempt: ${reason === 'onhold' || reason === 'undefined' ? 'no cause given' : reason}, ${why})`;
    reason = 'expired';
  }
  return { reason, severity: severityOf(reason, action, cls), why };
}

export function severityOf(reason: BounceReason, action?: string, cls?: string): BounceSeverity {
  if (NOT_A_FAILURE.has(reason)) return 'none';
  if (action === 'delayed') return 'soft';
  if (HARD.has(reason)) return 'hard';
  if (reason === 'notaccept' && cls !== 'transient') return 'hard';
  return 'soft';
}

export interface ReasonInfo {
  title: string;
  /** what happened, one sentence */
  meaning: string;
  /** what the person who sent the message should do */
  sender: string;
  /** what a mail administrator checks */
  admin: string;
  /** the status a report without one is given */
  status: string;
}

export const REASONS: Record<BounceReason, ReasonInfo> = {
  userunknown: { title: 'Unknown recipient', status: '5.1.1', meaning: 'The recipient address does not exist at the receiving system (typo, deleted or renamed mailbox).', sender: 'Check the address for typos and confirm it with the recipient by another channel; remove it from lists if it stays unknown.', admin: "If the address should exist, check the receiving side's recipient directory (aliases, virtual mailbox maps, Exchange recipients / accepted domains) and stale autocomplete entries." },
  hostunknown: { title: 'Unknown domain', status: '5.1.2', meaning: 'The domain of the recipient address does not exist or has no mail server (no MX or A record).', sender: 'Check the part after the @ for typos (gmial.com, .con).', admin: 'Look the domain up (dig MX / A); if it is right, the owner must fix its DNS.' },
  mailboxfull: { title: 'Mailbox full', status: '5.2.2', meaning: "The recipient's mailbox is over its storage quota.", sender: 'Tell the recipient by another channel, or resend later; large attachments make it worse.', admin: "The recipient's administrator raises the quota or the user cleans up the mailbox." },
  mesgtoobig: { title: 'Message too large', status: '5.3.4', meaning: 'The message is larger than a size limit on the way (the receiving server, a connector, the mailbox).', sender: 'Send smaller attachments, or a link to the file instead.', admin: 'Compare the message size with the size limits (postfix message_size_limit, Exchange connector / organisation limits); base64 adds about a third.' },
  exceedlimit: { title: 'Limit exceeded', status: '5.2.3', meaning: 'The message exceeds a limit other than size: too many recipients, headers too long, too many attachments.', sender: 'Split the recipients into smaller batches and resend.', admin: 'Check the recipient-per-message and header limits of the sending and receiving side.' },
  filtered: { title: "Refused by the recipient's filter", status: '5.7.1', meaning: 'A filter or rule on the receiving side refused the message for this recipient.', sender: 'Ask the recipient (by another channel) to allow your address or domain.', admin: "Only the receiving side's administrator can change the rule; check what in the message triggers it." },
  rejected: { title: 'Sender refused', status: '5.1.8', meaning: 'The receiving server refused the sender address (envelope MAIL FROM): unknown, unresolvable or not allowed domain.', sender: 'Send from an address of a domain that exists and can receive replies.', admin: 'Check that the envelope sender domain resolves (MX/A) and is not rewritten to an internal name.' },
  blocked: { title: 'Sending server blocked', status: '5.7.1', meaning: "The receiving side blocks the sending server's IP address or domain (block list, policy).", sender: 'Tell your mail administrator; resending will not help until the block is lifted.', admin: 'Look the sending IP up in the named block list (Spamhaus, Barracuda, Microsoft S3150 ...), fix the cause (compromised account, open relay), then request delisting.' },
  spamdetected: { title: 'Refused as spam', status: '5.7.1', meaning: "The receiving side's spam filter judged the message to be spam.", sender: 'Remove spam-like content (link shorteners, all-caps, bare links, large images) and resend; avoid resending unchanged.', admin: 'Check SPF, DKIM, DMARC and the sending IP reputation; look at which URLs or content scored.' },
  virusdetected: { title: 'Virus or unsafe content', status: '5.7.1', meaning: 'The receiving side found malware or a dangerous attachment type in the message.', sender: 'Scan the attachment; send it in another form (link, archive the recipient allows).', admin: 'Check the sending client for infection; see which attachment types the recipient blocks.' },
  policyviolation: { title: 'Refused by policy', status: '5.7.1', meaning: 'A policy of the receiving organisation refused the message (restricted group, content or attachment policy).', sender: 'Ask the recipient or their administrator whether you may send to this address.', admin: 'The rule is on the receiving side; the bounce text often names it.' },
  expired: { title: 'Expired in the queue', status: '5.4.7', meaning: 'The sending server kept retrying until its queue lifetime ran out (postfix 5 days, Exchange 2 days by default).', sender: 'Resend later; if it keeps happening, tell your administrator which domain is affected.', admin: 'Read the last error of the retries (connection, DNS, greylisting, remote 4xx) and check the destination MX from the sending server.' },
  suspend: { title: 'Mailbox disabled or suspended', status: '5.2.1', meaning: 'The recipient mailbox exists but is disabled, suspended or inactive.', sender: 'Reach the recipient by another channel; the account may have been closed.', admin: "Only the receiving side can re-enable the mailbox." },
  norelaying: { title: 'Relaying denied', status: '5.7.1', meaning: 'The server that was asked to deliver does not accept mail for that domain from this sender (relay refused).', sender: 'Tell your administrator; your mail client may be using the wrong outgoing server or no authentication.', admin: 'Check the MX of the recipient domain (it may point at a server that does not host it), accepted domains, and that clients authenticate before relaying.' },
  securityerror: { title: 'Security requirement not met', status: '5.7.0', meaning: 'The receiving side requires authentication or encryption (TLS) that the sending side did not provide.', sender: 'Check the account settings of your mail program (authentication, port 587 with STARTTLS).', admin: 'Check SMTP AUTH and TLS on the connector/relay that delivered it, and certificates.' },
  networkerror: { title: 'Network or routing error', status: '5.4.0', meaning: 'The sending server could not talk to the receiving server (connection refused, timed out, dropped, DNS, mail loop).', sender: 'Resend later; if it persists, tell your administrator.', admin: 'Test the connection to the destination MX on port 25 from the sending server (firewall, DNS, the remote server down) and look for forwarding loops.' },
  systemerror: { title: 'Receiving system error', status: '5.3.0', meaning: 'The receiving mail system reported an error of its own (configuration, storage, internal error).', sender: 'Resend later; the problem is on the receiving side.', admin: "The receiving side's administrator must look at its logs; the bounce names the server." },
  toomanyconn: { title: 'Too many connections', status: '4.7.0', meaning: 'The receiving server refused because the sending server opened too many connections.', sender: 'Nothing to do: the sending server retries.', admin: 'Lower the concurrency to that destination (postfix smtp_destination_concurrency_limit).' },
  ratelimited: { title: 'Rate limited', status: '4.7.0', meaning: 'The sender, server or domain sent more mail than the receiving side allows in a period.', sender: 'Send fewer messages at once; wait before resending.', admin: 'Lower the sending rate to that provider and follow its bulk-sender guidelines; check for a compromised account.' },
  authfailure: { title: 'Sender authentication failed (SPF / DKIM / DMARC)', status: '5.7.26', meaning: "The message did not pass the receiving side's sender authentication (SPF, DKIM or DMARC).", sender: 'Tell your administrator; this is a configuration problem of your domain or mail service.', admin: "Check the sending domain's SPF record includes the sending IP, DKIM signing, and DMARC alignment of the From: domain." },
  badreputation: { title: 'Poor sender reputation', status: '5.7.1', meaning: 'The receiving side refuses or throttles mail because the sending IP or domain has a poor reputation.', sender: 'Tell your administrator; send only to people who asked for your mail.', admin: "Check the IP's reputation (Microsoft SNDS, Google Postmaster Tools), complaint rates, and request mitigation from the provider." },
  requireptr: { title: 'Reverse DNS (PTR) required', status: '5.7.25', meaning: "The sending server's IP address has no (matching) reverse DNS name.", sender: 'Tell your administrator.', admin: 'Give the sending IP a PTR record that resolves back to the same IP (ask the IP owner / ISP).' },
  notcompliantrfc: { title: 'Message does not follow RFC 5322', status: '5.6.0', meaning: 'The receiving side refused a malformed message (missing or duplicate headers, bad From:).', sender: 'Tell the people who run the sending application.', admin: 'Check the headers the application writes (one From:, Date:, Message-ID:).' },
  syntaxerror: { title: 'SMTP protocol error', status: '5.5.2', meaning: 'The receiving server did not understand a command of the sending server.', sender: 'Tell your administrator.', admin: 'Check the sending software or any SMTP-inspecting firewall between the servers.' },
  contenterror: { title: 'Content or format error', status: '5.6.0', meaning: 'The receiving side refused the message because of its format (headers, encoding, line length, bare LF).', sender: 'Tell the people who run the sending application.', admin: 'Check the encoding and line endings the application produces.' },
  mailererror: { title: 'Local delivery program failed', status: '5.3.0', meaning: 'Delivery to a program on the receiving server (procmail, a pipe, a filter) failed.', sender: 'Nothing you can change; tell the recipient.', admin: "The recipient's delivery program (.forward, procmail, pipe) returned an error: see its logs." },
  hasmoved: { title: 'Mailbox has moved', status: '5.1.6', meaning: 'The recipient address is no longer used and no forwarding is set.', sender: 'Ask the recipient for the new address and update your contacts.', admin: 'Nothing to do on the sending side.' },
  notaccept: { title: 'Domain accepts no mail', status: '5.1.10', meaning: 'The recipient domain does not accept mail at all (null MX, no mail service).', sender: 'Check the address: this domain receives no mail.', admin: 'Nothing to do on the sending side; the domain publishes that it takes no mail.' },
  onhold: { title: 'Cause not given', status: '5.0.0', meaning: 'The bounce says delivery failed but not why.', sender: 'Check the address; if it is right, ask the recipient by another channel.', admin: 'Look up the message in the logs of the server that wrote this report.' },
  delivered: { title: 'Delivered', status: '2.0.0', meaning: 'This recipient was delivered (or relayed / expanded): the report is a success notice.', sender: 'Nothing to do.', admin: 'Nothing to do.' },
  feedback: { title: 'Feedback (abuse) report', status: '2.0.0', meaning: 'A mailbox provider reports that a recipient marked the message as spam (ARF feedback loop).', sender: 'Stop sending to this recipient.', admin: 'Unsubscribe the complaining recipient and review how the list was collected.' },
  vacation: { title: 'Automatic reply', status: '2.0.0', meaning: 'An out-of-office or auto-reply, not a bounce: the message was delivered.', sender: 'Nothing to do.', admin: 'Nothing to do.' },
  undefined: { title: 'Unknown reason', status: '5.0.0', meaning: 'Nothing in the report says why delivery failed.', sender: 'Check the address and resend once.', admin: 'Look up the message in the logs of the server that wrote this report.' },
};

/** The status a report gets when none is written: from the reason, in the class of the action. */
export function inferredStatus(reason: BounceReason, transient: boolean): string {
  const s = REASONS[reason].status;
  return transient && s.startsWith('5') ? '4' + s.slice(1) : s;
}
