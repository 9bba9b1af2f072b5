/**
 * Other mail servers' logs (courier, qmail / rblsmtpd, OpenSMTPD, ASSP, Domino, Oracle IMS ...):
 * no sessions to rebuild, but their SMTP replies get hovers and problems. A line counts only when
 * it is a mail server's line (a syslog program such as `courieresmtpd`, `qmail`, `rblsmtpd`,
 * `smtpd`, or a known marker such as `[SMTP Error]`, `after reply:`, `di="`) AND the code stands
 * where these servers write replies: after ": ", `msg="`, `=> `, `] `, `reply: ` or `di="`.
 * Each such line is a Status record, grouped by the client address it names.
 *
 * OpenSMTPD writes a 16-hex session id before each event: its SMTP sessions are rebuilt from it
 * ("smtp connected" .. "smtp disconnected"), with the failures it logs without a code:
 * `mda|mta delivery ... result=TempFail|PermFail stat=...` (Status 400 / 500, result=Ok 250) and
 * `relay|delivery: Expire for <evpid> ... stat=Envelope expired` (the bounce, 500). Deliveries and
 * expiries are keyed by the message (the msgid, the first 8 hex of the evpid).
 */
import { defineDialect } from './dialect';
import { EventKind, LineKind, type LineToken } from './tokens';
import { isDigit } from './chars';
import { replyTokens } from './lineTokens';
import { codeAt, containsAt, newSyslogParts, parseSyslog, syslogTokens, type SyslogParts } from './syslog';

interface OtherState { p: SyslogParts }

const PROGRAMS = ['courier', 'qmail', 'rblsmtpd', 'smtpd', 'smtp', 'opensmtpd', 'assp', 'mail'];
const OWN_DIALECT = ['postfix', 'exim', 'sendmail', 'sm-'];
const MARKERS = ['[SMTP Error] ', 'after reply: ', ' di="', 'SMTP Server', '  smtp: ', '] Attempt to deliver to unknown recipient ', ' found in DNS blacklist '];

/**
 * Refusals some servers log without a reply code (Domino "Authentication failed" / "authentication
 * failure using internet password", Kerio "Attempt to deliver to unknown recipient", "found in DNS
 * blacklist"): status records of class 5 whose text says what happened.
 */
const REFUSALS = ['uthentication failed', 'uthentication failure', 'Attempt to deliver to unknown recipient', 'found in DNS blacklist'];

/** Offset of a refusal written without a code in text[s..e), or -1. */
function refusalAt(text: string, s: number, e: number): number {
  for (const r of REFUSALS) {
    const i = containsAt(text, s, e, r);
    if (i >= 0) return r.startsWith('uthentication') ? i - 1 : i;
  }
  return -1;
}

function isMailProgram(text: string, p: SyslogParts): boolean {
  for (const w of OWN_DIALECT) if (containsAt(text, p.tagStart, p.progEnd, w) >= 0) return false;
  for (const w of PROGRAMS) if (containsAt(text, p.tagStart, p.progEnd, w) >= 0) return true;
  return false;
}

/** Is this a mail server's line? Sets p.msg to where its message starts. */
function mailLine(text: string, s: number, e: number, p: SyslogParts): boolean {
  if (parseSyslog(text, s, e, p) && isMailProgram(text, p)) return true;
  const lim = Math.min(e, s + 200);
  for (const mk of MARKERS) if (containsAt(text, s, lim, mk) >= 0) { p.msg = s; p.tagStart = p.tagEnd = p.hostStart = p.progEnd = s; return true; }
  return false;
}

/** Offset of a reply code written where these servers write them, or -1. */
export function markedReplyAt(text: string, s: number, e: number): number {
  for (let i = s + 2; i < e - 3; i++) {
    const a = text.charCodeAt(i);
    if (a < 50 || a > 53 || !isDigit(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i + 2))) continue;
    const after = i + 3 < e ? text.charCodeAt(i + 3) : 32;
    if (after !== 32 && after !== 45) continue;
    // the reply goes on with text, not a number ("550 User unknown", "451 4.3.0 ...", "535 5.7.8")
    const next = i + 4 < e ? text.charCodeAt(i + 4) : 0;
    if (next === 0 || next === 32) continue;
    const b1 = text.charCodeAt(i - 1), b2 = text.charCodeAt(i - 2);
    if ((b1 === 32 && (b2 === 58 || b2 === 93 || b2 === 62)) || (b1 === 34 && b2 === 61)) {
      // "]: 550" would be a port (":25: ") only if digits precede the colon
      if (b2 === 58 && isDigit(text.charCodeAt(i - 3))) continue;
      return i;
    }
  }
  return -1;
}

function keyOf(text: string, m: number, e: number): string | undefined {
  // Oracle IMS: tr="TCP|server|port|client|port": the client
  const tr = containsAt(text, m, e, ' tr="TCP|');
  if (tr >= 0) {
    let q = tr + 9, bars = 0;
    while (q < e && bars < 2) { const c = text.charCodeAt(q); if (c === 124) bars++; else if (c === 34) break; q++; }
    let r = q;
    while (r < e && text.charCodeAt(r) !== 124 && text.charCodeAt(r) !== 34) r++;
    if (bars === 2 && r > q) return text.slice(q, r);
  }
  const sess = containsAt(text, m, Math.min(e, m + 120), 'session ');
  if (sess >= 0) {
    let q = sess + 8; while (q < e && text.charCodeAt(q) !== 32 && text.charCodeAt(q) !== 58) q++;
    if (q > sess + 8) return text.slice(sess + 8, q);
  }
  // the first IPv4 address on the line
  for (let i = m; i < e - 6; i++) {
    if (!isDigit(text.charCodeAt(i)) || (i > m && (isDigit(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 46))) continue;
    let q = i, dots = 0;
    while (q < e && (isDigit(text.charCodeAt(q)) || text.charCodeAt(q) === 46)) { if (text.charCodeAt(q) === 46) dots++; q++; }
    if (dots === 3 && q - i >= 7) return text.slice(i, q);
    i = q;
  }
  return undefined;
}


/** Is text[m..] an OpenSMTPD event: "<16 hex> smtp|mta|mda ..."? */
function osmtpdAt(text: string, m: number, e: number): boolean {
  if (m + 21 > e || text.charCodeAt(m + 16) !== 32) return false;
  for (let i = m; i < m + 16; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c) && !(c >= 97 && c <= 102)) return false;
  }
  return text.startsWith('smtp ', m + 17) || text.startsWith('mta ', m + 17) || text.startsWith('mda ', m + 17);
}

/** OpenSMTPD "relay: Expire for <evpid>: ..." / "delivery: Expire for ...": offset of the evpid, or -1. */
function osmtpdExpireAt(text: string, m: number, e: number): number {
  const x = text.startsWith('relay: Expire for ', m) ? m + 18 : text.startsWith('delivery: Expire for ', m) ? m + 21 : -1;
  return x >= 0 && x + 8 <= e ? x : -1;
}

/** Offset of "<key>=" (a space or the start before it) in text[s..e), or -1. */
function fieldAt(text: string, s: number, e: number, key: string): number {
  for (let i = containsAt(text, s, e, key); i >= 0; i = containsAt(text, i + 1, e, key)) {
    if (i === s || text.charCodeAt(i - 1) === 32) return i + key.length;
  }
  return -1;
}

/** OpenSMTPD "result=Ok|TempFail|PermFail|Loop" (quoted or not) of a delivery line: 250 / 400 / 500, or 0. */
function osmtpdResult(text: string, m: number, e: number): number {
  let v = fieldAt(text, m, e, 'result=');
  if (v < 0) return 0;
  if (text.charCodeAt(v) === 34) v++;
  if (text.startsWith('Ok', v)) return 250;
  if (text.startsWith('TempFail', v)) return 400;
  if (text.startsWith('PermFail', v) || text.startsWith('Loop', v)) return 500;
  return 0;
}

/** The stat= value of an OpenSMTPD delivery or expiry line (quotes dropped): [start, end) or undefined. */
function osmtpdStat(line: string, m: number): [number, number] | undefined {
  const v = fieldAt(line, m, line.length, 'stat=');
  if (v < 0) return undefined;
  if (line.charCodeAt(v) === 34) {
    const q = line.indexOf('"', v + 1);
    return [v + 1, q > 0 ? q : line.length];
  }
  return [v, line.length];
}

export const otherMtaDialect = defineDialect<OtherState>({
  id: 'other-mta',
  name: 'Mail server log (replies only)',

  sniff(lines) {
    const p = newSyslogParts();
    let mail = 0, replies = 0, nonBlank = 0;
    for (const l of lines) {
      if (!l.trim()) continue;
      nonBlank++;
      if (!mailLine(l, 0, l.length, p)) continue;
      mail++;
      if (markedReplyAt(l, p.msg, l.length) >= 0 || refusalAt(l, p.msg, l.length) >= 0) replies++;
      else if (osmtpdExpireAt(l, p.msg, l.length) >= 0 || (osmtpdAt(l, p.msg, l.length) && osmtpdResult(l, p.msg, l.length))) replies++;
    }
    if (!replies) return 0;
    return Math.min(0.7, 0.2 + (mail / nonBlank) * 0.5);
  },

  createState: () => ({ p: newSyslogParts() }),

  classifyLine(text, s, e, out, st) {
    const p = st.p;
    if (!mailLine(text, s, e, p)) return;
    const m = p.msg;
    const x = osmtpdExpireAt(text, m, e);
    if (x >= 0) {
      // the bounce: OpenSMTPD gave up on the envelope
      out.kind = LineKind.Status; out.code = 500; out.key = text.slice(x, x + 8); out.message = true;
      return;
    }
    if (osmtpdAt(text, m, e)) {
      const r = m + 17;
      const res = text.startsWith('delivery ', r + 4) ? osmtpdResult(text, r, e) : 0;
      const ev = res ? fieldAt(text, r, e, 'evpid=') : -1;
      if (ev >= 0 && ev + 8 <= e) { out.key = text.slice(ev, ev + 8); out.message = true; }
      else out.key = text.slice(m, m + 16);
      if (res) { out.kind = LineKind.Status; out.code = res; return; }
      // the message is accepted (queued): what the session achieved
      if (text.startsWith('smtp message msgid=', r)) { out.kind = LineKind.Status; out.code = 250; return; }
      if (text.startsWith('smtp connected ', r)) { out.kind = LineKind.Event; out.event = EventKind.Connect; return; }
      if (text.startsWith('smtp disconnected', r)) { out.kind = LineKind.Event; out.event = EventKind.Disconnect; return; }
      const c = markedReplyAt(text, r, e);
      if (c >= 0) { out.kind = LineKind.Status; out.code = codeAt(text, c); out.payload = c; }
      return;
    }
    const c = markedReplyAt(text, p.msg, e);
    if (c >= 0) { out.kind = LineKind.Status; out.code = codeAt(text, c); out.payload = c; }
    else {
      const r = refusalAt(text, p.msg, e);
      if (r < 0) return;
      out.kind = LineKind.Status; out.code = 500; out.payload = r; // no code written: class 5 only
    }
    out.key = keyOf(text, p.msg, e) ?? text.slice(p.tagStart, p.tagEnd);
  },

  tokens(line) {
    const p = newSyslogParts();
    const e = line.length;
    if (!mailLine(line, 0, e, p)) return [];
    const toks: LineToken[] = p.tagEnd > p.tagStart ? syslogTokens(line, p) : [];
    if (!toks.length) {
      const ts = /^\[?(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?|\d\d-\d\d-\d{4} \d\d:\d\d:\d\d|[A-Z][a-z]{2}-\d\d-\d\d \d\d:\d\d:\d\d|\d\d\/[A-Z][a-z]{2}\/\d{4} \d\d:\d\d:\d\d)/.exec(line);
      if (ts) toks.push({ kind: 'timestamp', start: ts[0].startsWith('[') ? 1 : 0, end: ts[0].length });
    }
    const osm = osmtpdAt(line, p.msg, e);
    if (osm) toks.push({ kind: 'session', start: p.msg, end: p.msg + 16 });
    if (osmtpdExpireAt(line, p.msg, e) >= 0 || (osm && osmtpdResult(line, p.msg + 17, e))) {
      const st = osmtpdStat(line, p.msg);
      if (st) toks.push({ kind: 'text', start: st[0], end: st[1] });
      return toks;
    }
    const c = markedReplyAt(line, p.msg, e);
    if (c >= 0) {
      let end = e;
      if (line.charCodeAt(c - 1) === 34) { const q = line.indexOf('"', c); if (q > 0) end = q; }
      toks.push(...replyTokens(line, c, end));
    } else {
      const r = refusalAt(line, p.msg, e);
      if (r >= 0) toks.push({ kind: 'text', start: r, end: e });
    }
    return toks;
  },

  statusContext(line) {
    const quoted = /"((?:MAIL FROM|RCPT TO|DATA|EHLO|HELO|AUTH|STARTTLS)[^"]*?)\s*" =>/.exec(line)?.[1];
    if (quoted) return quoted;
    // OpenSMTPD
    const accepted = /\bsmtp message msgid=([0-9a-f]{8}) .*?\bnrcpt=(\d{1,6})/.exec(line);
    if (accepted) return `message ${accepted[1]} accepted for ${accepted[2]} recipient${accepted[2] === '1' ? '' : 's'} (its deliveries are under its msgid)`;
    const failed = /\bsmtp failed-command command="([^"]{1,300})"/.exec(line)?.[1];
    if (failed) return failed;
    const osm = /\b(mda|mta) delivery evpid=\S+ from=<[^>]*> to=<([^>]*)>/.exec(line);
    if (osm) {
      const relay = osm[1] === 'mta' ? / relay="?([^",\s]{1,255})/.exec(line)?.[1] : undefined;
      return `delivery to <${osm[2]}>${osm[1] === 'mda' ? ' (local delivery agent)' : relay ? ` via ${relay}` : ''}`;
    }
    const exp = /\b(relay|delivery): Expire for \S+: from=<[^>]*>, to=<([^>]*)>/.exec(line);
    if (exp) return `the message to <${exp[2]}> (expired in the queue: returned to its sender)`;
    const to = /\bto=<([^>]*)>|unknown recipient <([^>]*)>/.exec(line);
    if (to) return `RCPT TO:<${to[1] ?? to[2]}>`;
    if (/ found in DNS blacklist /.test(line)) return 'the connection';
    if (/\bcmd: AUTH\b|authentication/i.test(line)) return 'AUTH';
    return undefined;
  },

  sessionLabel(first, message) {
    const p = newSyslogParts();
    if (!mailLine(first, 0, first.length, p)) return undefined;
    if (message) {
      const id = /\b(?:evpid=|Expire for )([0-9a-f]{8})/.exec(first)?.[1];
      const to = /\bto=<([^>]{0,200})>/.exec(first)?.[1];
      if (id) return `message ${id}${to !== undefined ? ` to <${to}>` : ''}`;
    }
    if (osmtpdAt(first, p.msg, first.length)) {
      const id = first.slice(p.msg, p.msg + 16);
      const conn = /\bsmtp connected address=(\S{1,100}) host=(\S{1,255})/.exec(first);
      if (conn) return `${id} from ${conn[1]}${conn[2] !== conn[1] ? ` (${conn[2]})` : ''}`;
      const kind = /^[0-9a-f]{16} (\w{3,4})/.exec(first.slice(p.msg))?.[1];
      return `${id}${kind ? ` (${kind})` : ''}`;
    }
    const k = keyOf(first, p.msg, first.length);
    const prog = p.tagEnd > p.tagStart ? first.slice(p.tagStart, p.progEnd) : undefined;
    return [k, prog && `(${prog})`].filter(Boolean).join(' ') || undefined;
  },
});
