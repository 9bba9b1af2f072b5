/**
 * A bounce reason in the vocabularies of the services senders use, so that a report can be matched
 * with what an ESP dashboard or a bounce webhook shows:
 *
 * - Amazon SES: bounce type (Permanent / Transient / Undetermined) and subtype (General, NoEmail,
 *   Suppressed, MailboxFull, MessageTooLarge, ContentRejected, AttachmentRejected), SES developer
 *   guide, "Amazon SNS notification contents for Amazon SES";
 * - SendGrid: bounce classification (Invalid Address, Mailbox Unavailable, Content, Reputation,
 *   Frequency or Volume Too High, Technical Failure, Unclassified), SendGrid Bounces API;
 * - Postmark: bounce type (HardBounce, SoftBounce, Transient, DnsError, SpamNotification, Blocked,
 *   VirusNotification, DMARCPolicy, AddressChange, AutoResponder, SpamComplaint, Unknown ...), Postmark
 *   Bounce API;
 * - KumoMTA: bounce classification (InvalidRecipient, QuotaIssues, SpamBlock, SpamContent,
 *   VirusRelated, ... Uncategorized), KumoMTA PreDefinedBounceClass.
 *
 * The mapping is ours: each service decides with its own rules, so this is the class a report of this
 * reason normally gets there, not a guarantee.
 */
import type { BounceReason } from './types';

export interface EspClassification {
  ses: { bounceType: 'Permanent' | 'Transient' | 'Undetermined'; bounceSubType: string };
  sendgrid: string;
  postmark: string;
  kumomta: string;
}

type Row = [sesSubType: string, sendgrid: string, postmark: string, kumomta: string];

const ROWS: Record<BounceReason, Row> = {
  userunknown: ['NoEmail', 'Invalid Address', 'HardBounce', 'InvalidRecipient'],
  hostunknown: ['General', 'Invalid Address', 'HardBounce', 'BadDomain'],
  hasmoved: ['NoEmail', 'Invalid Address', 'AddressChange', 'InvalidRecipient'],
  notaccept: ['General', 'Invalid Address', 'HardBounce', 'BadDomain'],
  mailboxfull: ['MailboxFull', 'Mailbox Unavailable', 'SoftBounce', 'QuotaIssues'],
  suspend: ['General', 'Mailbox Unavailable', 'SoftBounce', 'InactiveMailbox'],
  mesgtoobig: ['MessageTooLarge', 'Content', 'SoftBounce', 'ContentRelated'],
  exceedlimit: ['General', 'Content', 'SoftBounce', 'TooManyRecipients'],
  filtered: ['ContentRejected', 'Content', 'Blocked', 'PolicyRelated'],
  spamdetected: ['ContentRejected', 'Content', 'SpamNotification', 'SpamContent'],
  virusdetected: ['AttachmentRejected', 'Content', 'VirusNotification', 'VirusRelated'],
  policyviolation: ['ContentRejected', 'Content', 'Blocked', 'PolicyRelated'],
  contenterror: ['ContentRejected', 'Content', 'SoftBounce', 'ContentRelated'],
  notcompliantrfc: ['ContentRejected', 'Content', 'SoftBounce', 'ContentRelated'],
  blocked: ['General', 'Reputation', 'Blocked', 'SpamBlock'],
  badreputation: ['General', 'Reputation', 'Blocked', 'SpamBlock'],
  requireptr: ['General', 'Reputation', 'Blocked', 'BadConfiguration'],
  authfailure: ['General', 'Technical Failure', 'DMARCPolicy', 'AuthenticationFailed'],
  securityerror: ['General', 'Technical Failure', 'SoftBounce', 'AuthenticationFailed'],
  rejected: ['General', 'Technical Failure', 'Blocked', 'InvalidSender'],
  norelaying: ['General', 'Technical Failure', 'SoftBounce', 'RelayDenied'],
  ratelimited: ['General', 'Frequency or Volume Too High', 'SoftBounce', 'TransientFailure'],
  toomanyconn: ['General', 'Frequency or Volume Too High', 'SoftBounce', 'TransientFailure'],
  expired: ['General', 'Technical Failure', 'SoftBounce', 'MessageExpired'],
  networkerror: ['General', 'Technical Failure', 'SoftBounce', 'BadConnection'],
  systemerror: ['General', 'Technical Failure', 'SoftBounce', 'BadConfiguration'],
  syntaxerror: ['General', 'Technical Failure', 'SoftBounce', 'ProtocolErrors'],
  mailererror: ['General', 'Technical Failure', 'SoftBounce', 'BadConfiguration'],
  onhold: ['Undetermined', 'Unclassified', 'Unknown', 'Uncategorized'],
  undefined: ['Undetermined', 'Unclassified', 'Unknown', 'Uncategorized'],
  delivered: ['', '', '', ''],
  feedback: ['', '', 'SpamComplaint', 'Uncategorized'],
  vacation: ['', '', 'AutoResponder', 'AutoReply'],
};

/**
 * The classes a report of this reason gets in each vocabulary; undefined for what no ESP counts as a
 * bounce (a delivery). `severity` decides SES's bounce type and, for Postmark, hard or soft where the
 * reason alone does not; `delayed` is a delay warning (Postmark "Transient", KumoMTA "TransientFailure").
 */
export function espClasses(reason: BounceReason, severity: 'hard' | 'soft' | 'none', delayed = false): EspClassification | undefined {
  if (reason === 'delivered') return undefined;
  const [sub, sendgrid, postmark, kumomta] = ROWS[reason];
  const undetermined = reason === 'onhold' || reason === 'undefined';
  const bounceType = undetermined ? 'Undetermined' : severity === 'hard' ? 'Permanent' : 'Transient';
  const pm = delayed && severity !== 'none' ? 'Transient' : postmark === 'SoftBounce' && severity === 'hard' ? 'HardBounce' : postmark;
  return {
    ses: severity === 'none' ? { bounceType: 'Undetermined', bounceSubType: reason === 'feedback' ? 'Complaint' : 'Undetermined' } : { bounceType, bounceSubType: undetermined ? 'Undetermined' : sub },
    sendgrid: severity === 'none' ? 'Unclassified' : sendgrid,
    postmark: pm,
    kumomta: delayed && severity !== 'none' ? 'TransientFailure' : kumomta,
  };
}

/** One line for a hover or a CLI record: "SES Permanent/NoEmail · SendGrid Invalid Address · Postmark HardBounce · KumoMTA InvalidRecipient". */
export function espLine(c: EspClassification): string {
  return `SES ${c.ses.bounceType}/${c.ses.bounceSubType} · SendGrid ${c.sendgrid} · Postmark ${c.postmark} · KumoMTA ${c.kumomta}`;
}
