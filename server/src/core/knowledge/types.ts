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

/** A basic RFC 5321 (and extensions) reply code, e.g. 550. */
export interface BasicCodeEntry {
  code: number;                 // 3 digits
  cls: ReplyClass;
  meaning: string;              // one line, e.g. "Requested action not taken: mailbox unavailable"
  causes: string[];             // typical causes seen in logs
  checks: string[];             // what an admin checks first, most likely first
  commands?: string[];          // commands that produce it (RFC 5321 4.3.2), upper case verbs
  retry?: string;               // what the sending MTA does next
  actors: Actor[];              // who must act, most likely first
  sources: string[];            // e.g. "RFC 5321 §4.2.3"
  /** the bounce reason this code means on its own, when it is unambiguous */
  reason?: BounceReason;
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
}

/** Vendor / product knowledge matched by code and text together (Exchange, Gmail, postfix, DNSBLs...). */
export interface VendorRule {
  id: string;                   // unique, e.g. "exo.5.7.57" or "gmail.550-5.7.26"
  vendor: string;               // "Microsoft 365", "Gmail", "postfix", "Spamhaus", ...
  /** basic code(s) this applies to; empty = any */
  codes?: number[];
  /** enhanced code(s) this applies to; empty = any */
  enhanced?: string[];
  /** linear-time pattern tested against the reply text (no nested quantifiers) */
  pattern?: RegExp;
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
}

/** What the knowledge says about one reply: basic code + enhanced code + text. */
export interface Explanation {
  code?: number;
  enhanced?: string;
  /** the class the sender's MTA will act on (basic code's, or overridden by the text) */
  cls: ReplyClass;
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
}

/** Input to explainReply: any part may be missing. */
export interface ReplyInput {
  code?: number;
  enhanced?: string;
  text?: string;
  /** the command this reply answers, upper-case verb ("RCPT", "DATA", "<connect>", "<end of data>") */
  command?: string;
}

/** An SMTP command (verb) with its explanation. */
export interface CommandEntry {
  verb: string;                 // "RCPT"
  syntax: string;               // "RCPT TO:<forward-path> [params]"
  meaning: string;
  replies: { success: number[]; failure: number[] };
  sources: string[];
}
