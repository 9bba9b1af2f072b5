/**
 * Amazon SES bounce / complaint / delivery notifications as they arrive by mail (an SNS e-mail
 * subscription or a forwarded event): a JSON object with "notificationType" (or "eventType") and
 * per-recipient entries, possibly wrapped in an SNS envelope whose "Message" is the JSON as a string.
 * Field names follow the SES developer guide ("Amazon SNS notification contents for Amazon SES").
 */

export interface SesRecipient {
  address: string;
  action?: string;
  status?: string;
  diagnostic?: string;
}

export interface SesNotification {
  type: 'Bounce' | 'Complaint' | 'Delivery';
  /** Bounce: Permanent | Transient | Undetermined */
  bounceType?: string;
  /** Bounce: General, NoEmail, Suppressed, OnAccountSuppressionList, MailboxFull, MessageTooLarge, ContentRejected, AttachmentRejected */
  bounceSubType?: string;
  /** Complaint: abuse, fraud, virus, not-spam ... (from the ARF report, when there was one) */
  complaintFeedbackType?: string;
  reportingMta?: string;
  remoteMta?: string;
  recipients: SesRecipient[];
}

const MAX = 256 * 1024;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v as Json : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The notification in a text, or undefined when the text holds none. Never throws. */
export function readSesNotification(text: string): SesNotification | undefined {
  if (!/"(?:notificationType|eventType)"\s*:/.test(text.slice(0, MAX)) && !/"Type"\s*:\s*"Notification"/.test(text.slice(0, MAX))) return undefined;
  const a = text.indexOf('{'), b = text.lastIndexOf('}');
  if (a < 0 || b <= a || b - a > MAX) return undefined;
  let root: Json | undefined;
  try { root = obj(JSON.parse(text.slice(a, b + 1))); } catch { return undefined; }
  // an SNS envelope carries the notification as a JSON string
  if (root && str(root.Message) && !root.notificationType && !root.eventType) {
    try { root = obj(JSON.parse(root.Message as string)); } catch { return undefined; }
  }
  if (!root) return undefined;
  const type = str(root.notificationType) ?? str(root.eventType);
  if (type === 'Bounce') {
    const b = obj(root.bounce) ?? {};
    return {
      type, bounceType: str(b.bounceType), bounceSubType: str(b.bounceSubType), reportingMta: host(str(b.reportingMTA)), remoteMta: str(b.remoteMtaIp),
      recipients: arr(b.bouncedRecipients).map(obj).filter((r): r is Json => !!r && !!str(r.emailAddress)).map(r => ({
        address: address(str(r.emailAddress)!), action: str(r.action), status: str(r.status), diagnostic: str(r.diagnosticCode),
      })),
    };
  }
  if (type === 'Complaint') {
    const c = obj(root.complaint) ?? {};
    return {
      type, complaintFeedbackType: str(c.complaintFeedbackType),
      recipients: arr(c.complainedRecipients).map(obj).filter((r): r is Json => !!r && !!str(r.emailAddress)).map(r => ({ address: address(str(r.emailAddress)!) })),
    };
  }
  if (type === 'Delivery') {
    const d = obj(root.delivery) ?? {};
    return {
      type, reportingMta: host(str(d.reportingMTA)), remoteMta: str(d.remoteMtaIp),
      recipients: arr(d.recipients).map(str).filter((r): r is string => !!r).map(r => ({ address: address(r), action: 'delivered', diagnostic: str(d.smtpResponse) })),
    };
  }
  return undefined;
}

function address(a: string): string {
  const m = /<([^<>\s]{1,320})>/.exec(a);
  return (m ? m[1] : a).trim();
}

function host(v: string | undefined): string | undefined {
  return v ? v.replace(/^dns;\s*/i, '').split(/\s/)[0] : undefined;
}
