/**
 * Sendmail syslog: `Feb 23 07:57:28 mx sm-mta[6519]: s1N7vR47006519: to=<bob@x>, delay=00:00:01,
 * mailer=esmtp, relay=mx.x. [192.0.2.1], dsn=5.1.1, stat=User unknown` (also `sendmail[pid]`,
 * `sm-msp-queue`, and the process titles fail2ban shows, `sm-acceptingconnections`). Lines with a
 * queue id go to that message (a message session); others (check_relay rejects, connection
 * notes) to the process that handled the connection. `stat=Sent` is a delivery (250); `stat=` of a
 * failure, `reject=550 5.7.1 ...` and `dsn=5.x.x` are Status records with the written code or the class.
 */
import { defineDialect } from './dialect';
import { LineKind, type LineToken } from './tokens';
import { isDigit, ownKey, replyCodeAt, startsWithCI } from './chars';
import { replyTokens } from './lineTokens';
import { codeAt, LineSearch, WHOLE_TEXT, newSyslogParts, parseSyslog, syslogTokens, type SyslogParts } from './syslog';

interface SendmailState {
  p: SyslogParts;
  /** processes (host prog[pid]) that have a connection session: a refusal logged before any queue id */
  conns: Set<string>;
  /** the searches of the line being classified */
  lf: LineSearch;
}
const more = { more: false };

function isSendmail(text: string, p: SyslogParts): boolean {
  return text.startsWith('sm-', p.tagStart) || text.startsWith('sendmail', p.tagStart);
}

/** Length of a sendmail queue id at p ("s1N7vR47006519: "), or 0. */
export function sendmailQueueIdLength(text: string, p: number, e: number): number {
  let i = p, digits = 0;
  while (i < e && i - p < 24) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (!((c | 32) >= 97 && (c | 32) <= 122)) break;
    i++;
  }
  const n = i - p;
  return n >= 8 && digits >= 3 && text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 32 ? n : 0;
}

/** Where the reply code of a `reject=` / `stat=Deferred: 451 ...` / `reply=` value starts, or -1. */
function writtenCode(text: string, m: number, e: number, find: LineSearch = WHOLE_TEXT): number {
  const rj = find.at(text, m, e, 'reject=');
  if (rj >= 0 && replyCodeAt(text, rj + 7, e, more)) return rj + 7;
  const rp = find.at(text, m, e, 'reply=');
  if (rp >= 0 && replyCodeAt(text, rp + 6, e, more)) return rp + 6;
  const st = find.at(text, m, e, 'stat=');
  if (st >= 0) {
    let v = st + 5;
    const colon = find.at(text, v, Math.min(e, v + 40), ': ');
    if (colon >= 0) v = colon + 2;
    if (replyCodeAt(text, v, e, more)) return v;
  }
  return -1;
}

/** Code of a Status record, or 0 when the line is none. */
function statusCode(text: string, m: number, e: number, find: LineSearch = WHOLE_TEXT): number {
  const w = writtenCode(text, m, e, find);
  if (w >= 0) return codeAt(text, w);
  const st = find.at(text, m, e, 'stat=');
  const dsn = find.at(text, m, e, 'dsn=');
  if (st >= 0) {
    if (text.startsWith('Sent', st + 5)) return 250;
    if (dsn >= 0 && isDigit(text.charCodeAt(dsn + 4)) && text.charCodeAt(dsn + 5) === 46) {
      const c = text.charCodeAt(dsn + 4) - 48;
      if (c >= 2 && c <= 5) return c === 2 ? 250 : c * 100;
    }
    return startsWithCI(text, st + 5, e, 'deferred') ? 400 : 500;
  }
  if (find.at(text, m, e, 'reject=') >= 0) return 500;
  return refusalCode(text, m, e, find);
}

/**
 * Refusals sendmail logs in words, without the code it sent (class 5): a failed AUTH, a recipient
 * "... No such user here" / "... User unknown", a VRFY / EXPN "[rejected]", commands refused after
 * pre-greeting traffic. 0 when the line is none of these.
 */
function refusalCode(text: string, m: number, e: number, find: LineSearch = WHOLE_TEXT): number {
  if (find.at(text, m, Math.min(e, m + 40), 'AUTH failure (') >= 0) return 500;
  if (e - m > 11 && text.endsWith('[rejected]', e) && (find.at(text, m, e, ' EXPN ') >= 0 || find.at(text, m, e, ' VRFY ') >= 0
    || find.at(text, m, e, ' expn ') >= 0 || find.at(text, m, e, ' vrfy ') >= 0)) return 500;
  if (find.at(text, m, e, '>... No such user') >= 0 || find.at(text, m, e, '>... User unknown') >= 0) return 500;
  if (find.at(text, m, Math.min(e, m + 40), 'rejecting commands from ') >= 0) return 500;
  const w = wordsAt(text, m, e, find);
  if (w >= 0) return find.at(text, w, e, 'Too many recipients') >= 0 ? 400 : 500;
  return 0;
}

/**
 * Failures sendmail logs in words after the queue id, without stat= or a code: the return of a
 * message after Timeout.queuereturn ("qid: DSN: Cannot send message for 5 days", also "sender
 * notify: Cannot send message for ..."), and the recipients it deferred above MaxRecipientsPerMessage
 * ("qid: Too many recipients", 452 to the client). Where the words start, or -1.
 */
function wordsAt(text: string, m: number, e: number, find: LineSearch = WHOLE_TEXT): number {
  const qn = sendmailQueueIdLength(text, m, e);
  if (!qn) return -1;
  const q = m + qn + 2;
  if (e - q === 19 && text.startsWith('Too many recipients', q)) return m; // with the queue id: sendmail's own line
  // "qid: qid2: DSN: Cannot send ..." (qid2: the bounce it creates)
  const lim = Math.min(e, q + 60);
  const c = find.at(text, q, lim, 'Cannot send message for ');
  if (c >= 0 && (find.at(text, q, c, 'DSN: ') >= 0 || find.at(text, q, c, 'sender notify: ') >= 0 || find.at(text, q, c, 'return to sender: ') >= 0)) return c;
  return -1;
}

const sniffParts = newSyslogParts();

export const sendmailDialect = defineDialect<SendmailState>({
  id: 'sendmail',
  name: 'Sendmail syslog',

  sniffLine: l => (parseSyslog(l, 0, l.length, sniffParts) && isSendmail(l, sniffParts) ? 1 : 0),

  createState: () => ({ p: newSyslogParts(), conns: new Set(), lf: new LineSearch() }),

  classifyLine(text, s, e, out, st) {
    const p = st.p;
    if (!parseSyslog(text, s, e, p) || !isSendmail(text, p)) return;
    const m = p.msg;
    const qn = sendmailQueueIdLength(text, m, e);
    st.lf.line(m, e);
    const c = statusCode(text, m, e, st.lf);
    if (c) { out.kind = LineKind.Status; out.code = c; }
    if (qn) {
      out.key = text.slice(m, m + qn); out.message = true;
      // the message's arrival ("from=<...>") in a process that has a connection session: received there
      if (st.conns.size > 0 && text.startsWith('from=', m + qn + 2)) {
        const conn = text.slice(p.hostStart, p.tagEnd);
        if (st.conns.has(conn)) out.parent = conn;
      }
    } else if (c) {
      out.key = text.slice(p.hostStart, p.tagEnd); // a reject before any queue id: the connection's process
      // sendmail logs no disconnect: remember the recent processes only (memory stays bounded)
      if (st.conns.size >= 4096) st.conns.clear();
      if (!st.conns.has(out.key)) st.conns.add(ownKey(out.key));
    }
  },

  tokens(line) {
    const p = newSyslogParts();
    if (!parseSyslog(line, 0, line.length, p) || !isSendmail(line, p)) return [];
    const toks = syslogTokens(line, p);
    const e = line.length, m = p.msg;
    const qn = sendmailQueueIdLength(line, m, e);
    if (qn) toks.push({ kind: 'session', start: m, end: m + qn });
    const w = writtenCode(line, m, e);
    if (w >= 0) {
      toks.push(...replyTokens(line, w, valueEnd(line, w)));
    } else {
      const st = line.indexOf('stat=', m);
      if (st >= 0) toks.push({ kind: 'text', start: st + 5, end: valueEnd(line, st + 5) });
      // a refusal in words: its text is the reason
      else if (refusalCode(line, m, e)) {
        const w = wordsAt(line, m, e);
        toks.push({ kind: 'text', start: w >= 0 ? w : m + (qn ? qn + 2 : 0), end: e });
      }
    }
    // dsn= gets the hover of the record as well as reply= (after the reply's own tokens: the first
    // enhanced token is the one the record's head shows)
    const dsn = /\bdsn=([245]\.\d{1,3}\.\d{1,3})/.exec(line);
    if (dsn && !toks.some(t => t.kind === 'enhanced' && t.start === dsn.index + 4)) toks.push({ kind: 'enhanced', start: dsn.index + 4, end: dsn.index + 4 + dsn[1].length });
    addAddresses(line, m, toks);
    return toks;
  },

  statusContext(line) {
    const rs = /\bruleset=(check_\w+), arg1=(<[^>]*>|[^,\s]*)/.exec(line);
    const relay = /\brelay=([^,]+?)(?:, |$)/.exec(line)?.[1];
    if (rs) {
      const arg = rs[2].startsWith('<') ? rs[2] : `<${rs[2]}>`;
      if (rs[1] === 'check_rcpt') return `RCPT TO:${arg}`;
      if (rs[1] === 'check_mail') return `MAIL FROM:${arg}`;
      if (rs[1] === 'check_relay') return `the connection${relay ? ` from ${relay}` : ''}`;
      return `${rs[1]} ${arg}`;
    }
    if (/Milter: data/.test(line)) return 'the end of the message data (milter)';
    const auth = /AUTH failure \(([^)]*)\)/.exec(line)?.[1];
    if (auth) return `AUTH ${auth.toUpperCase()}${relay ? ` from ${relay}` : ''}`;
    const probe = /\b(EXPN|VRFY|expn|vrfy) (\S+) \[rejected\]$/.exec(line);
    if (probe) return `${probe[1].toUpperCase()} ${probe[2]}`;
    const unknown = /(<[^<>\s]*>)\.\.\. (?:No such user|User unknown)/.exec(line)?.[1];
    if (unknown) return `RCPT TO:${unknown}`;
    if (/rejecting commands from /.test(line)) return 'the commands sent before the greeting (the connection)';
    if (/: Too many recipients$/.test(line)) return 'RCPT TO (the recipients above MaxRecipientsPerMessage)';
    const back = /: (?:DSN|sender notify|return to sender): Cannot send message for /.exec(line);
    if (back) return 'the message (returned to its sender after the queue timeout)';
    const to = /\bto=([^,]+)/.exec(line)?.[1];
    if (to) {
      const mailer = /\bmailer=([\w-]+)/.exec(line)?.[1];
      return `delivery to ${to}${mailer === 'local' ? ' (local mailer)' : relay ? ` via ${relay}` : ''}`;
    }
    const from = /\bfrom=(<[^>]*>)/.exec(line)?.[1];
    return from ? `the message from ${from}` : undefined;
  },

  sessionLabel(first, message) {
    const p = newSyslogParts();
    if (!parseSyslog(first, 0, first.length, p) || !isSendmail(first, p)) return undefined;
    const relay = /\brelay=([^,]+?)(?: \(may be forged\))?(?:, |$)/.exec(first)?.[1];
    if (message) {
      const qn = sendmailQueueIdLength(first, p.msg, first.length);
      const id = first.slice(p.msg, p.msg + qn);
      const from = /\bfrom=(<[^>]*>)/.exec(first)?.[1];
      return `${id}${from ? ` from=${from}` : ''}${relay ? ` from ${relay}` : ''}`;
    }
    return `${relay ?? first.slice(p.tagStart, p.tagEnd)}`;
  },
});

/** End of a `key=value` value: the next ", key=" or the end of the line. */
function valueEnd(line: string, s: number): number {
  const r = /, [a-z][a-z0-9_]*=/g;
  r.lastIndex = s;
  const m = r.exec(line);
  return m ? m.index : line.length;
}

function addAddresses(line: string, s: number, toks: LineToken[]): void {
  const re = /<[^<>\s]*@[^<>\s]*>/g;
  re.lastIndex = s;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (!toks.some(t => t.kind === 'address' && t.start === m!.index)) toks.push({ kind: 'address', start: m.index, end: m.index + m[0].length });
  }
}
