/**
 * Types of the SMTP knowledge base. The knowledge is data: tables of entries with a lookup, no
 * formatting (markdown is built in core/features). Every entry cites where its facts come from.
 */

/** What the first digit of a reply says about the request. */
export type ReplyClass = 'success' | 'intermediate' | 'transient' | 'permanent';

/** Who has to do something about a reply. */
export type Actor =
  | 'none'            // nothing to do (success)
  | 'sender'          // the person or application that sent the message
  | 'senderAdmin'     // the administrator of the sending side (our outbound server, relay, smart host)
  | 'recipientAdmin'  // the administrator of the receiving side
  | 'recipient'       // the recipient (mailbox full, forwarding, ...)
  | 'ourServer';      // the server that wrote this log (its configuration, queues, filters)

/**
 * Why a message bounced, in the vocabulary bounce processors share (Sisimai's reason names), so
 * reports from this tool line up with what mailing-list and ESP software already records.
 */
export type BounceReason =
  | 'userunknown' | 'hostunknown' | 'mailboxfull' | 'mesgtoobig' | 'filtered' | 'rejected' | 'blocked'
  | 'spamdetected' | 'virusdetected' | 'policyviolation' | 'expired' | 'suspend' | 'norelaying'
  | 'securityerror' | 'networkerror' | 'systemerror' | 'toomanyconn' | 'ratelimited' | 'authfailure'
  | 'badreputation' | 'requireptr' | 'notcompliantrfc' | 'syntaxerror' | 'contenterror' | 'exceedlimit'
  | 'mailererror' | 'hasmoved' | 'notaccept' | 'onhold' | 'delivered' | 'feedback' | 'vacation' | 'undefined';

/** How much the knowledge could say about a reply, from most to least specific. */
export type Specificity =
  | 'vendor'    // a vendor / product / text rule matched (Exchange token, Gmail text, postfix reject text ...)
  | 'enhanced'  // a registered enhanced status code other than X.0.0 explains it
  | 'basic'     // the basic code alone is unambiguous (421, 452, 535 ...)
  | 'class';    // only the class digit is known (a bare 550 / 554 / 451 with no known text)

/**
 * Commands a reply can answer, as explainReply receives them: upper-case verbs, plus
 * "<connect>" (the greeting) and "<end of data>" (the final "." or the last BDAT chunk).
 */
export type AnsweredCommand = string;

/** A basic RFC 5321 (and extensions) reply code, e.g. 550. */
export interface BasicCodeEntry {
  code: number;                 // 3 digits
  cls: ReplyClass;
  meaning: string;              // one line, e.g. "Requested action not taken: mailbox unavailable"
  /** a few sentences in plain words: what happened, from whose point of view */
  description?: string;
  causes: string[];             // typical causes seen in logs
  checks: string[];             // what an admin checks first, most likely first
  commands?: string[];          // commands that produce it (RFC 5321 4.3.2), upper case verbs
  retry?: string;               // what the sending MTA does next
  actors: Actor[];              // who must act, most likely first
  sources: string[];            // e.g. "RFC 5321 §4.2.3"
  /** the bounce reason this code means on its own, when it is unambiguous */
  reason?: BounceReason;
  /**
   * true when the code alone does not say what went wrong (550, 554, 451 ...): the enhanced code or
   * the text has to decide. Such a reply with nothing else known is explained at class level only.
   */
  ambiguous?: boolean;
  /** what the code means as the answer to one command (keys: verbs, "<connect>", "<end of data>") */
  byCommand?: Record<AnsweredCommand, string>;
  /** set for codes no RFC reply list defines (422, 430, 453 ...): where the code comes from */
  nonStandard?: string;
}

/** An enhanced status code (RFC 3463 / 5248 / 7372 / IANA registry), e.g. 5.1.1 or the X.1.1 template. */
export interface EnhancedCodeEntry {
  code: string;                 // "5.1.1" for a concrete code, "X.1.1" for a registry template
  meaning: string;              // registry title, e.g. "Bad destination mailbox address"
  description: string;          // one or two sentences
  causes: string[];
  checks: string[];
  actors: Actor[];
  sources: string[];
  /** the bounce reason this enhanced code means on its own, when it is unambiguous */
  reason?: BounceReason;
  /** basic codes the IANA registry associates with it */
  basicCodes?: number[];
  /** caveats shown with the entry (code collisions between the registry and vendors, deprecation) */
  notes?: string[];
}

/** Vendor / product knowledge matched by code and text together (Exchange, Gmail, postfix, DNSBLs...). */
export interface VendorRule {
  id: string;                   // unique, e.g. "exo.5.7.57" or "gmail.550-5.7.26"
  vendor: string;               // "Microsoft 365", "Gmail", "postfix", "Spamhaus", ...
  /** basic code(s) this applies to; empty = any */
  codes?: number[];
  /** enhanced code(s) this applies to ("5.7.1", or "X.7.1" for both classes); empty = any */
  enhanced?: string[];
  /**
   * enhanced code ranges this applies to, inclusive, same class and subject on both ends:
   * [["5.7.606", "5.7.649"]] (Microsoft's banned-IP range). Matched by number, not by text.
   */
  enhancedRange?: Array<[string, string]>;
  /** linear-time pattern tested against the reply text (no nested quantifiers) */
  pattern?: RegExp;
  /**
   * classes the rule applies to. Default: the classes of its codes / enhanced codes, or 4xx and
   * 5xx when it has neither (a text rule never explains a success reply unless it says so).
   */
  classes?: ReplyClass[];
  /** only when the reply answers one of these (verbs, "<connect>", "<end of data>"); unknown = allowed */
  commands?: AnsweredCommand[];
  /** raises the rule above others that match the same reply (default 0) */
  priority?: number;
  /** caveats shown with the rule (e.g. "5.1.10 here is Microsoft's code, not the registry's null MX") */
  notes?: string[];
  /** where to act: delisting portals, postmaster sites, documentation (https URLs) */
  links?: string[];
  title: string;                // one line
  description: string;
  causes: string[];
  checks: string[];
  actors: Actor[];
  /** when set, this rule's class overrides the code's (the text wins), and the hover says why */
  overrideClass?: ReplyClass;
  overrideNote?: string;
  sources: string[];
  /** the bounce reason a reply matching this rule means (the text decides: 5.1.1 used for a rate limit is ratelimited) */
  reason?: BounceReason;
  /**
   * real replies this rule explains, as written (addresses and IPs anonymised): "550 5.1.1 text",
   * "- 4.4.1 text" for a status record that writes no basic code. A test checks that the rule is the
   * top explanation of each of them (see parseExample in index.ts).
   */
  examples?: string[];
  /**
   * the rule applies only to replies from these hosts (the bounce's Remote-MTA / Reporting-MTA, a log's
   * "host X said:"): a provider's wording means what the provider says only when the provider answered.
   * Without a host, or from another host, the reply gets the generic explanation.
   */
  hosts?: RegExp;
  /** whose hosts those are, for the hover ("Google", "Microsoft Outlook.com") */
  hostOwner?: string;
}

/** What the knowledge says about one reply: basic code + enhanced code + text. */
export interface Explanation {
  code?: number;
  enhanced?: string;
  /**
   * the class the reply really has: the code's, or the class the text states when it contradicts
   * the code (a 4xx saying "retrying will NOT succeed" is permanent; a 5xx rate limit is transient)
   */
  cls: ReplyClass;
  /** the class written in the code, which is what the sending MTA acts on; differs from cls when the text wins */
  codeClass: ReplyClass;
  /** one line: the most specific meaning known */
  title: string;
  basic?: BasicCodeEntry;
  enhancedEntry?: EnhancedCodeEntry;
  vendor: VendorRule[];
  actors: Actor[];
  causes: string[];
  checks: string[];
  retry: string;
  /** contradictions and caveats, e.g. "550 with 4.4.7: the enhanced class wins" */
  notes: string[];
  sources: string[];
  /** false when nothing more specific than the class digit is known */
  specific: boolean;
  /** how specific the explanation is (see Specificity) */
  specificity: Specificity;
  /** the bounce reason: the text-matched rule's, else the enhanced code's, else the basic code's */
  reason?: BounceReason;
  /** the command the reply answers, as given or as read from the text ("in reply to RCPT TO command") */
  command?: AnsweredCommand;
  /** what this code means as an answer to that command (e.g. 554 as a greeting: the client is refused) */
  commandNote?: string;
  /** where to act (delisting portals, postmaster pages), from the matched rules */
  links: string[];
  /** the answering host when it was given */
  host?: string;
  /** the top rule applies because of the answering host (its owner, e.g. "Google") */
  hostOwner?: string;
  /** owners whose host-aware rules match this text but not this host (or no host was given): the generic explanation applies */
  otherHosts?: string[];
}

/** Input to explainReply: any part may be missing. */
export interface ReplyInput {
  code?: number;
  enhanced?: string;
  text?: string;
  /** the command this reply answers, upper-case verb ("RCPT", "DATA", "<connect>", "<end of data>") */
  command?: string;
  /**
   * the class when no code is written (a status record that gives only a word, e.g. exim
   * "rejected RCPT <x>: relay not permitted"); ignored when code or enhanced is given
   */
  fallbackClass?: ReplyClass;
  /** the host that answered (Remote-MTA, Reporting-MTA, "host X said:"), for host-aware rules */
  host?: string;
}

/** An SMTP command (verb) with its explanation. */
export interface CommandEntry {
  verb: string;                 // "RCPT"
  syntax: string;               // "RCPT TO:<forward-path> [params]"
  meaning: string;
  replies: { success: number[]; failure: number[] };
  sources: string[];
  /** the EHLO keyword that advertises it, for extension verbs ("STARTTLS", "XCLIENT") */
  extension?: string;
  /** what an admin should know when it shows up in a log (problems it points to, who sends it) */
  notes?: string[];
  /** other spellings that mean the same command ("X-LINK2STATE" for "XLINK2STATE") */
  aliases?: string[];
}
