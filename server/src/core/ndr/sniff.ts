/**
 * Is this text a bounce (NDR / DSN / delay warning / feedback report)? Looks at the header block and
 * at the first lines of the body for wording that only delivery reports use. Ordinary mail and
 * auto-replies are not claimed; a mail that forwards a bounce is (the user wants it read).
 * Bounded: at most the first 64 KB, anchored patterns only.
 */

const HEAD_LIMIT = 64 * 1024;

const MULTIPART_REPORT = /^content-type:[^\n]{0,200}multipart\/report/im;
const REPORT_TYPE = /report-type="?(?:delivery-status|feedback-report)/i;
const FROM_DAEMON = /^from:[^\n]{0,200}(?:mailer-daemon|postmaster|mail delivery (?:sub)?system|mail administrator|system administrator|mail delivery service)/im;
const SUBJECT_BOUNCE = /^subject:[^\n]{0,80}(?:undeliver|undelivered|delivery status notification|failure notice|delivery fail|returned mail|mail delivery failed|non remis|unzustellbar|nicht zustellbar|onbestelbaar|non recapitabile|no entregado|no se puede entregar|delivery notification|message status - undeliverable|delayed mail|warning: message [^\n]{0,80} delayed|could not be delivered|delivery problem|mail failure|rejected:|delivery report)/im;

/** Phrases only bounce writers use, at the start of a line. */
const BODY = new RegExp('^[ \\t>]{0,8}(?:' + [
  'This is the mail system at host',
  'Hi\\. This is the qmail-send program',
  'This message was created automatically by mail delivery software',
  'Delivery has failed to these recipients or',
  'Diagnostic information for administrators',
  'Your message[^\\n]{0,80}did not reach the following recipient',
  'did not reach the following recipient\\(s\\)',
  'Delivery to the following recipients? (?:failed|has been delayed|was delayed)',
  '-{3,} ?The following addresses had (?:permanent fatal|transient non-fatal) errors',
  '-{3,} ?Transcript of session follows',
  "Remote Server returned '",
  "I'm afraid I wasn't able to deliver your message",
  'Sorry, we were unable to deliver your message',
  'The following address\\(es\\) failed',
  'A message that you sent could not be delivered',
  'A message that you sent has not yet been delivered',
  "Your message (?:wasn't|couldn't be|could not be|was not) delivered",
  'Message delivery to [^\\n]{1,200} (?:failed|was delayed)',
  '#[45]\\d\\d[ -][45]\\.\\d{1,3}\\.\\d{1,3} [^\\n]{0,300}##',
  'The original message was received at',
  'Your message cannot be delivered to the following recipients',
  'The message that you sent was undeliverable to the following',
  'Final-Recipient: ?rfc822;',
  'Sent <<< RCPT TO:',
  "Failed to deliver to '",
  'Could not be delivered to: <',
  'Unable to deliver message to: <',
  'This is the MAILER-DAEMON, please DO NOT REPLY',
  'Message could not be delivered to mobile',
  '-{5,}server message$',
].join('|') + ')', 'im');

/** An Amazon SES notification (bounce or complaint) delivered by mail, also inside an SNS envelope. */
const SES_NOTIFICATION = /\\?"(?:notificationType|eventType)\\?"\s*:\s*\\?"(?:Bounce|Complaint)\\?"/;

/** True when the head of a document is a delivery report (or a forwarded one). */
export function looksLikeBounce(head: string): boolean {
  const h = head.length > HEAD_LIMIT ? head.slice(0, HEAD_LIMIT) : head;
  const hb = headerBlock(h);
  if (hb) {
    if (MULTIPART_REPORT.test(hb) && REPORT_TYPE.test(hb)) return true;
    if (/^x-failed-recipients:/im.test(hb)) return true;
    if (/^content-type:\s{0,4}message\/(?:global-)?delivery-status/im.test(hb)) return true;
    if (FROM_DAEMON.test(hb) && SUBJECT_BOUNCE.test(hb)) return true;
  }
  return BODY.test(h) || SES_NOTIFICATION.test(h);
}

/** The header block at the start (CRLF turned into LF), or '' when the text does not start with headers. */
function headerBlock(h: string): string {
  const m = /^(?:[ \t]*\r?\n){0,5}(?:From [^\n]{0,200}\n)?/.exec(h);
  let p = m ? m[0].length : 0;
  const start = p;
  let lines = 0;
  while (p < h.length && lines < 400) {
    const nl = h.indexOf('\n', p);
    const e = nl < 0 ? h.length : nl;
    const line = h.slice(p, e).replace(/\r$/, '');
    if (!line.trim()) break;
    if (!/^[ \t]/.test(line) && !/^[!-9;-~]{1,80}:/.test(line)) return lines ? h.slice(start, p).replace(/\r\n/g, '\n') : '';
    lines++;
    p = e + 1;
  }
  return h.slice(start, p).replace(/\r\n/g, '\n');
}
