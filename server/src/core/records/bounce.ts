/** Bounce records: one per recipient report of a bounce (DSN / NDR), from the same reader the editor uses. */
import { parseQuotedTranscript } from '../ndr/transcriptLines';
import { parseNdr } from '../ndr/parse';
import { lineOfOffset } from '../ndr/text';
import { setEsp } from './esp';
import { utf8Length } from '../detect/encoding';
import { fileKey, recordId } from './id';
import { parseTimestamp, type YearTracker } from './time';
import { SCHEMA_VERSION, type BounceRecord } from './schema';

/** Records of the reports of one bounce document (text as a whole: bounces are small). */
export function bounceRecords(text: string, path: string, years?: YearTracker): BounceRecord[] {
  const log = parseQuotedTranscript(text);
  if (log.format === 'binary') return [];
  const ndr = parseNdr(log);
  const out: BounceRecord[] = [];
  const when = ndr.reports.length ? dateOf(ndr.date ?? ndr.arrivalDate, years) : null;
  const ascii = !/[^\x00-\x7f]/.test(text);
  for (const r of ndr.reports) {
    const line = lineOfOffset(log, r.anchor.start);
    const ls = log.lineStart[line];
    const lineStr = text.slice(ls, Math.max(ls, log.lineStart[line + 1] - 1));
    const offset = ascii ? ls : utf8Length(text, 0, ls);
    const failed = r.action === 'failed';
    const rec: BounceRecord = {
      '@timestamp': dateOf(r.lastAttempt, years) ?? when,
      'event.id': recordId('bounce', fileKey(path), offset, lineStr + '\u0000' + r.recipient),
      'event.dataset': 'smtp.bounce',
      'event.outcome': failed ? 'failure' : r.action === 'delayed' ? 'unknown' : 'success',
      'smtp.record': 'bounce',
      'smtp.schema': SCHEMA_VERSION,
      'smtp.format': `ndr-${ndr.layout}`,
      'log.file.path': path,
      'log.file.line': line + 1,
      'log.offset': offset,
      'email.to.address': [r.recipient],
      'bounce.action': r.action,
      'bounce.reason': r.reason,
      'bounce.severity': r.severity,
    };
    setEsp(rec, r.esp);
    if (r.status) rec['smtp.enhanced_code'] = r.status;
    if (r.reply?.code) rec['smtp.code'] = r.reply.code;
    if (r.reply?.text || r.diagnostic) rec['smtp.reply_text'] = (r.reply?.text ?? r.diagnostic)!;
    if (r.remoteMta) rec['smtp.remote_mta'] = r.remoteMta;
    if (r.command) rec['smtp.command'] = r.command;
    if (ndr.reportingMta) rec['host.name'] = ndr.reportingMta;
    if (ndr.original?.messageId) rec['email.message_id'] = ndr.original.messageId.replace(/^<|>$/g, '');
    if (ndr.original?.from) rec['email.from.address'] = ndr.original.from;
    if (ndr.original?.subject) rec['email.subject'] = ndr.original.subject;
    out.push(rec);
  }
  return out;
}

/** RFC 5322 dates ("Mon, 23 Nov 2026 17:01:03 +0100") and ISO dates to ISO 8601. */
function dateOf(d: string | undefined, years?: YearTracker): string | null {
  if (!d) return null;
  const m = /(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|GMT|UTC|Z)?/.exec(d.slice(0, 200));
  if (m) {
    const mon = 'JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(m[2]) / 3 + 1;
    if (mon < 1) return null;
    const off = !m[7] || m[7] === 'GMT' || m[7] === 'UTC' || m[7] === 'Z' ? (m[7] ? 'Z' : '') : `${m[7].slice(0, 3)}:${m[7].slice(3)}`;
    const p2 = (n: string | number): string => String(n).padStart(2, '0');
    return `${m[3]}-${p2(mon)}-${p2(m[1])}T${p2(m[4])}:${m[5]}:${m[6] ?? '00'}${off}`;
  }
  return parseTimestamp(d, years)?.iso ?? null;
}
