/**
 * Postfix syslog (maillog): `Nov 24 12:57:28 mx postfix/smtpd[12948]: ...`, also with RFC 3339
 * timestamps, `postfix/submission/smtpd` names and long queue ids. Interleaved: each line goes to
 *  - its message (key = queue id, a message session) when it carries one (`38AD420C5BC: ...`);
 *    `removed` closes the message; `to=<..>, ..., dsn=, status=sent|deferred|bounced (...)` lines
 *    are Status records (250 for sent, else the remote's code from `said: 550 ...`, else the class);
 *  - its smtpd connection (key = host + program[pid]) from `connect from` to `disconnect from`;
 *    `NOQUEUE: reject: RCPT from ...: 554 5.7.1 ...` is a Status record of that connection;
 *  - postscreen connections by client [ip]:port;
 *  - debug_peer_list transcripts: `< host[ip]: MAIL FROM:<..>` / `> host[ip]: 250 ...` are the
 *    commands and replies of the smtpd connection (`<` = received, `>` = sent by this process), and
 *    of the smtp client's connection (a new one at each greeting).
 */
import { defineDialect } from './dialect';
import { Dir, EventKind, LineKind, type LineFacts, type LineToken } from './tokens';
import { isDigit, ownKey, replyCodeAt, startsWithCI } from './chars';
import { commandTokens, replyTokens } from './lineTokens';
import { codeAt, containsAt, daemonStart, enhancedAfterColon, equalsAt, LineSearch, WHOLE_TEXT, newSyslogParts, parseSyslog, replyAfterColon, syslogTokens, type SyslogParts } from './syslog';

interface ClientConn { gen: number; starttls: boolean; key: string }
interface PostfixState {
  p: SyslogParts;
  /** the searches of the line being classified */
  lf: LineSearch;
  /**
   * open connection sessions (smtpd pid keys, postscreen client keys), each to its key as first seen:
   * the keys handed to the parser are those strings, so its own lookups of them are by reference
   */
  conns: Map<string, Conn>;
  /** open message sessions (queue ids), the same way */
  msgs: Map<string, string>;
  /** smtpd connections whose commands and replies are in the log (debug_peer_list) */
  peers: Set<string>;
  /** smtp/lmtp client processes seen in debug transcripts: connection generation */
  clients: Map<string, ClientConn>;
  /**
   * smtpd processes whose "connect from" is not in the log (a grep for rejects, a log cut short): the
   * session of their current client. One process serves one client at a time, so a reject from
   * another client is another connection.
   */
  unconnected: Map<string, string>;
  /**
   * client ip -> the smtpd connection it has open (policyd-spf names the client by its ip only): kept
   * once the log has shown a policyd-spf line (made then from the open connections), not before
   */
  ips: Map<string, string>;
  ipsKept: boolean;
}

const more = { more: false };

/**
 * An open connection: its key as first seen (the string handed to the parser), and where the message
 * of its "connect from" line is (the client's ip, read when policyd-spf lines need it), else -1.
 */
interface Conn { key: string; at: number; end: number }

/** The open connection of a key (a new connection: this one). */
function openConn(conns: Map<string, Conn>, key: string): Conn {
  let c = conns.get(key);
  if (c === undefined) { const k = ownKey(key); conns.set(k, c = { key: k, at: -1, end: 0 }); }
  return c;
}

/**
 * A line of a mail filter that logs beside postfix: opendkim and opendmarc write the queue id
 * ("opendkim[812]: 4F2A31C0D4: DKIM verification successful"), policyd-spf the client's ip
 * ("client-ip=192.0.2.1"). The line joins the message or the smtpd connection it is about (its
 * verdicts are facts of that session) and starts none; it stays a line the parser does not interpret.
 */
function filterLine(text: string, s: number, e: number, out: LineFacts, st: PostfixState): void {
  const p = st.p;
  if (!parseSyslog(text, s, e, p)) return;
  const ds = daemonStart(text, p.tagStart, p.progEnd);
  if (equalsAt(text, ds, p.progEnd, 'opendkim') || equalsAt(text, ds, p.progEnd, 'opendmarc')) {
    const qn = queueIdLength(text, p.msg, e);
    if (!qn) return;
    const key = st.msgs.get(text.slice(p.msg, p.msg + qn));
    if (key !== undefined) { out.key = key; out.message = true; }
  } else if (text.startsWith('policyd-spf', ds)) {
    const i = containsAt(text, p.msg, e, 'client-ip=');
    if (i < 0) return;
    let j = i + 10;
    while (j < e && text.charCodeAt(j) !== 59 && text.charCodeAt(j) !== 32) j++;
    if (!st.ipsKept) {
      // the first policyd-spf line: the ips of the open connections, in the order they connected
      st.ipsKept = true;
      for (const c of st.conns.values()) if (c.at >= 0 && clientAddr(text, c.at, c.end, addr)) st.ips.set(text.slice(addr.s + 1, addr.ip), c.key);
    }
    const key = st.ips.get(text.slice(i + 10, j));
    if (key !== undefined) { const c = st.conns.get(key); if (c !== undefined) out.key = c.key; }
  }
}

/** Length of a postfix queue id at p followed by ": ", or 0. Short: upper-case hex; long: alnum with a digit. */
export function queueIdLength(text: string, p: number, e: number): number {
  let i = p, hex = true, digit = false, upper = false;
  while (i < e && i - p < 24) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) digit = true;
    else if (c >= 65 && c <= 90) { upper = true; if (c > 70) hex = false; }
    else if (c >= 97 && c <= 122) hex = false;
    else break;
    i++;
  }
  const n = i - p;
  if (n < 5 || text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) return 0;
  if (hex) return n >= 6 && (digit || upper) ? n : 0;
  return n >= 10 && digit && upper ? n : 0;
}

/** Code of a Status record from `status=WORD (detail)`: the written reply code, else the class. */
function deliveryCode(text: string, st: number, e: number): number {
  const w = st + 7;
  const written = replyAfterColon(text, w, e);
  if (written >= 0) return codeAt(text, written);
  const paren = text.charCodeAt(w) === 115 && text.startsWith('sent (', w) ? w + 6 : -1;
  if (paren > 0 && replyCodeAt(text, paren, e, more)) return codeAt(text, paren);
  if (startsWithCI(text, w, e, 'sent') || startsWithCI(text, w, e, 'deliverable')) return 250;
  if (startsWithCI(text, w, e, 'deferred') || startsWithCI(text, w, e, 'softbounce')) return 400;
  return 500; // bounced, expired, undeliverable
}

/** Code of a reject record: the first ": NNN" after the verb, else ": N.N.N" (class * 100), else 0. */
function rejectCode(text: string, r: number, e: number): number {
  const c = replyAfterColon(text, r, e);
  if (c >= 0) return codeAt(text, c);
  const en = enhancedAfterColon(text, r, e);
  return en >= 0 ? (text.charCodeAt(en) - 48) * 100 : 0;
}

/** Messages accepted according to the counters of a "disconnect from" line (data=N[/M], bdat=N[/M]). */
export function acceptedMessages(text: string, m: number, e: number, find: LineSearch = WHOLE_TEXT): number {
  let d = find.at(text, m, e, ' data=');
  if (d < 0) d = find.at(text, m, e, ' bdat=');
  if (d < 0) return 0;
  let n = 0;
  for (let i = d + 6; i < e && isDigit(text.charCodeAt(i)); i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/** Offset after "host[ip]: " / "host[ip]:port: " of a debug-peer line whose marker is at m, or -1. */
function peerPayload(text: string, m: number, e: number): number {
  const b = containsAt(text, m + 2, Math.min(e, m + 300), ']');
  if (b < 0) return -1;
  let q = b + 1;
  if (text.charCodeAt(q) === 58 && isDigit(text.charCodeAt(q + 1))) { q++; while (q < e && isDigit(text.charCodeAt(q))) q++; }
  if (text.charCodeAt(q) !== 58) return -1;
  return text.charCodeAt(q + 1) === 32 ? q + 2 : q + 1;
}

/** "[ip]:port" key part of a postscreen line: start and end, or -1. */
function clientAddr(text: string, r: number, e: number, out: { s: number; e: number; ip: number }, find: LineSearch = WHOLE_TEXT): boolean {
  const b = find.at(text, r, e, '[');
  if (b < 0) return false;
  const c = find.at(text, b, e, ']');
  if (c < 0) return false;
  let q = c + 1;
  if (text.charCodeAt(q) === 58) { q++; while (q < e && isDigit(text.charCodeAt(q))) q++; }
  out.s = b; out.e = q; out.ip = c;
  return true;
}
const addr = { s: 0, e: 0, ip: 0 };
const sniffParts = newSyslogParts();

function isPostfix(text: string, p: SyslogParts): boolean {
  return containsAt(text, p.tagStart, p.progEnd, 'postfix') >= 0;
}

export const postfixDialect = defineDialect<PostfixState>({
  id: 'postfix',
  name: 'Postfix syslog',

  sniffLine: l => (parsePostfix(l, 0, l.length, sniffParts) ? 1 : 0),

  createState: () => ({ p: newSyslogParts(), lf: new LineSearch(), conns: new Map(), msgs: new Map(), peers: new Set(), clients: new Map(), unconnected: new Map(), ips: new Map(), ipsKept: false }),

  classifyLine(text, s, e, out, st) {
    classifyPostfix(text, s, e, out, st);
    // every key is one the state keeps (or a string made for it), never a slice of the line
    out.keyKept = out.key !== undefined;
  },

  tokens(line) {
    const p = newSyslogParts();
    if (!parsePostfix(line, 0, line.length, p)) return [];
    const toks = syslogTokens(line, p);
    const e = line.length;
    let m = p.msg;
    const qn = queueIdLength(line, m, e);
    if (qn) { toks.push({ kind: 'session', start: m, end: m + qn }); m += qn + 2; }
    else if (line.startsWith('NOQUEUE: ', m)) m += 9;
    const c = line.charCodeAt(p.msg);
    if ((c === 60 || c === 62) && line.charCodeAt(p.msg + 1) === 32) {
      const pl = peerPayload(line, p.msg, e);
      if (pl > 0) {
        toks.push({ kind: 'direction', start: p.msg, end: p.msg + 1 });
        if (replyCodeAt(line, pl, e, more)) toks.push(...replyTokens(line, pl, e));
        else toks.push(...commandTokens(line, pl, e));
        return toks;
      }
    }
    const stt = line.indexOf(' status=', m);
    if ((line.startsWith('to=', m) || line.startsWith('from=', m)) && stt > 0) {
      deliveryTokens(line, m, stt + 8, toks);
      return toks;
    }
    // debug_peer_level >= 2: "send attr reason = host mx[ip] said: 550 ..." quotes the remote's reply
    // (a line of no kind of its own: the status=bounced line has the problem; the code still gets a hover)
    const quoted = line.startsWith('send attr reason = ', m) || line.startsWith('recv attr reason = ', m);
    const rj = line.startsWith('reject: ', m) ? m + 8 : line.startsWith('milter-reject: ', m) ? m + 15 : line.startsWith('proxy-reject: ', m) ? m + 14
      : line.startsWith('host ', m) ? m : qn || quoted ? line.indexOf(' said: ', m) : -1;
    if (rj >= 0) {
      const code = replyAfterColon(line, rj, e);
      if (code >= 0) { toks.push(...replyTokens(line, code, textEnd(line, code, e))); return toks; }
      const en = enhancedAfterColon(line, rj, e);
      if (en >= 0) {
        const sp = line.indexOf(' ', en);
        toks.push({ kind: 'enhanced', start: en, end: sp < 0 ? e : sp });
        if (sp > 0) toks.push({ kind: 'text', start: sp + 1, end: textEnd(line, sp + 1, e) });
        return toks;
      }
    }
    if (m < e) toks.push({ kind: 'event', start: m, end: e });
    return toks;
  },

  statusContext(line) {
    const acc = /\bdisconnect from \S+ .*?\b(?:data|bdat)=(\d+)/.exec(line);
    if (acc) return `${acc[1]} message${acc[1] === '1' ? '' : 's'} accepted in this connection (the queue id lines tell what became of ${acc[1] === '1' ? 'it' : 'them'})`;
    const to = /\bto=<([^>]*)>/.exec(line)?.[1];
    const from = /\bfrom=<([^>]*)>/.exec(line)?.[1];
    const reject = /\breject: (RCPT|MAIL|DATA|END-OF-MESSAGE|CONNECT|VRFY|ETRN|BDAT|HELO|EHLO|header|body)\b/.exec(line)?.[1];
    if (reject) {
      switch (reject) {
        case 'RCPT': return to !== undefined ? `RCPT TO:<${to}>` : 'RCPT TO';
        case 'MAIL': return from !== undefined ? `MAIL FROM:<${from}>` : 'MAIL FROM';
        case 'VRFY': return to !== undefined ? `VRFY ${to}` : 'VRFY';
        case 'CONNECT': return 'the connection';
        case 'DATA': case 'BDAT': return reject;
        case 'END-OF-MESSAGE': return 'the end of the message data';
        default: return `the message ${reject} (content check)`;
      }
    }
    const relay = /\brelay=([^,\s]+)/.exec(line)?.[1];
    const via = relay && relay !== 'none' ? ` via ${relay}` : '';
    const inReply = /\(in reply to (RCPT TO|MAIL FROM|end of DATA|DATA|HELO|EHLO|XFORWARD|XCLIENT|STARTTLS|AUTH|BDAT|QUIT|RSET)[^)]*command\)/.exec(line)?.[1];
    if (inReply === 'RCPT TO' && to !== undefined) return `RCPT TO:<${to}>${via}`;
    if (inReply === 'end of DATA') return `the end of the message data${to !== undefined ? ` for <${to}>` : ''}${via}`;
    if (inReply) return `${inReply}${to !== undefined ? ` (delivery to <${to}>)` : ''}${via}`;
    if (to !== undefined) return `delivery to <${to}>${via}`;
    if (/status=expired/.test(line)) return `message from <${from ?? ''}> expired in the queue`;
    return undefined;
  },

  sessionLabel(first, message) {
    const p = newSyslogParts();
    if (!parsePostfix(first, 0, first.length, p)) return undefined;
    const m = p.msg;
    if (message) {
      const qn = queueIdLength(first, m, first.length);
      if (!qn) return undefined;
      const id = first.slice(m, m + qn);
      const client = /^client=([^,\s]+)/.exec(first.slice(m + qn + 2))?.[1];
      if (client) return `${id} from ${client}`;
      const from = /\bfrom=<([^>]*)>/.exec(first)?.[1];
      // a message submitted on this host (the sendmail command): pickup took it
      const pickup = first.slice(daemonStart(first, p.tagStart, p.progEnd), p.progEnd) === 'pickup' ? ' (pickup)' : '';
      return from !== undefined ? `${id} from=<${from}>${pickup}` : id + pickup;
    }
    const host = /(?:from|to) ((?:[^\s\[\]]*)\[[^\]]*\](?::\d+)?)/.exec(first.slice(m))?.[1]
      ?? /^[<>] ([^\s\[\]]*\[[^\]]*\](?::\d+)?)/.exec(first.slice(m))?.[1];
    const prog = first.slice(daemonStart(first, p.tagStart, p.progEnd), p.tagEnd);
    const outbound = /^(?:smtp|lmtp)\[/.test(prog);
    return host ? `${outbound ? 'to ' : ''}${host}${prog ? ` (${prog})` : ''}` : prog || undefined;
  },

  // outline entries for the steps of a message that are neither deliveries nor replies
  eventLabel(line) {
    const p = newSyslogParts();
    if (!parsePostfix(line, 0, line.length, p)) return undefined;
    const qn = queueIdLength(line, p.msg, line.length);
    if (!qn) return undefined;
    const r = p.msg + qn + 2;
    if (line.startsWith('removed', r)) return { name: 'removed', detail: 'the message left the queue' };
    const n = /^(sender|postmaster) (non-delivery|delivery status|delay) notification: ([0-9A-Za-z]+)/.exec(line.slice(r, r + 80));
    if (n) {
      const what = n[2] === 'non-delivery' ? 'bounce' : n[2] === 'delay' ? 'delay notice' : 'delivery status notice';
      return { name: `${what} to the ${n[1]}: ${n[3]}`, detail: `${n[2]} notification to the ${n[1]}, queued as ${n[3]}` };
    }
    return undefined;
  },
});

function classifyPostfix(text: string, s: number, e: number, out: LineFacts, st: PostfixState): void {
  const p = st.p;
  if (!parsePostfix(text, s, e, p)) { filterLine(text, s, e, out, st); return; }
  const m = p.msg;
  st.lf.line(m, e);
  const find = st.lf;
  const ds = daemonStart(text, p.tagStart, p.progEnd);
  const dlen = p.progEnd - ds;
  const smtpd = dlen === 5 && text.startsWith('smtpd', ds);
  const client = dlen === 4 && (text.startsWith('smtp', ds) || text.startsWith('lmtp', ds));
  const postscreen = dlen === 10 && text.startsWith('postscreen', ds);

  // a message line: "QUEUEID: ..."
  const qn = queueIdLength(text, m, e);
  if (qn) {
    const id = text.slice(m, m + qn);
    const r = m + qn + 2;
    out.message = true;
    let key = st.msgs.get(id);
    if (text.startsWith('removed', r)) {
      if (key !== undefined) { st.msgs.delete(key); out.key = key; out.kind = LineKind.Event; out.event = EventKind.Disconnect; }
      else out.message = false;
      return;
    }
    if (key === undefined) { key = ownKey(id); st.msgs.set(key, key); }
    out.key = key;
    // "QUEUEID: client=..." written by the smtpd process of an open connection: received there
    if (smtpd && text.startsWith('client=', r)) {
      const conn = st.conns.get(text.slice(p.hostStart, p.tagEnd));
      if (conn !== undefined) out.parent = conn.key;
    }
    const c0 = text.charCodeAt(r);
    if (c0 === 116 /* t */ || c0 === 102 /* f */) {
      if (text.startsWith('to=', r) || text.startsWith('from=', r)) {
        const stt = find.at(text, r, e, 'status=');
        if (stt > 0) { out.kind = LineKind.Status; out.code = deliveryCode(text, stt, e); }
      }
      return;
    }
    // "sender non-delivery notification: NEWID": the notice this message caused
    if ((c0 === 115 /* s */ && text.startsWith('sender ', r)) || (c0 === 112 /* p */ && text.startsWith('postmaster ', r))) {
      const nt = containsAt(text, r, Math.min(e, r + 60), ' notification: ');
      if (nt > 0) {
        const id = nt + 15;
        let q = id;
        while (q < e && q - id <= 24 && (isDigit(text.charCodeAt(q)) || ((text.charCodeAt(q) | 32) >= 97 && (text.charCodeAt(q) | 32) <= 122))) q++;
        if (q === e && q - id >= 5) out.child = text.slice(id, e);
        return;
      }
    }
    if (c0 === 114 /* r */ || c0 === 109 /* m */ || c0 === 112 /* p */) {
      const rj = text.startsWith('reject: ', r) ? r + 8 : text.startsWith('milter-reject: ', r) ? r + 15 : text.startsWith('proxy-reject: ', r) ? r + 14 : -1;
      if (rj > 0) { const c = rejectCode(text, rj, e); if (c) { out.kind = LineKind.Status; out.code = c; } }
      return;
    }
    // "host mx[ip] said: 450 ...", "SASL authentication failed; server mx[ip] said: 535 ..."
    const said = c0 === 104 && text.startsWith('host ', r) ? r : find.at(text, r, e, ' said: ');
    if (said >= 0) {
      const c = replyAfterColon(text, said, e);
      if (c >= 0) { out.kind = LineKind.Status; out.code = codeAt(text, c); }
    }
    return;
  }

  const pid = text.slice(p.hostStart, p.tagEnd);
  const conns = st.conns;
  // NOQUEUE: reject: RCPT from ...: 554 5.7.1 ...
  if (text.startsWith('NOQUEUE: ', m)) {
    const r = m + 9;
    const rj = text.startsWith('reject: ', r) ? r + 8 : text.startsWith('milter-reject: ', r) ? r + 15 : -1;
    if (rj < 0) return;
    const c = rejectCode(text, rj, e);
    if (!c) return;
    out.kind = LineKind.Status; out.code = c;
    let key = pid;
    if (postscreen && clientAddr(text, rj, e, addr, find)) key = pid + ' ' + text.slice(addr.s, addr.e);
    else if (!conns.has(pid) && clientAddr(text, rj, e, addr, find)) {
      key = pid + ' ' + text.slice(addr.s, addr.e);
      st.unconnected.set(pid, key);
    }
    out.key = openConn(conns, key).key;
    return;
  }

  if (smtpd) {
    if (text.startsWith('connect from ', m)) {
      const conn = openConn(conns, pid);
      conn.at = m; conn.end = e;
      out.kind = LineKind.Event; out.event = EventKind.Connect; out.key = conn.key;
      if (st.ipsKept && clientAddr(text, m, e, addr, find)) st.ips.set(text.slice(addr.s + 1, addr.ip), conn.key);
      if (st.unconnected.size) {
        const other = st.unconnected.get(pid);
        if (other !== undefined) { conns.delete(other); st.unconnected.delete(pid); }
      }
      return;
    }
    if (text.startsWith('disconnect from ', m)) {
      if (st.ipsKept && clientAddr(text, m, e, addr, find)) { const ip = text.slice(addr.s + 1, addr.ip); if (st.ips.get(ip) === pid) st.ips.delete(ip); }
      const other = st.unconnected.size ? st.unconnected.get(pid) : undefined;
      const otherKey = other !== undefined ? conns.get(other)?.key : undefined;
      if (otherKey !== undefined) {
        conns.delete(otherKey);
        st.unconnected.delete(pid);
        out.kind = LineKind.Event; out.event = EventKind.Disconnect; out.key = otherKey;
        return;
      }
      const key = conns.get(pid)?.key;
      if (key !== undefined) {
        conns.delete(key);
        out.event = EventKind.Disconnect; out.key = key;
        // "data=1" / "data=2/3": messages were accepted in this connection (their lines go to the queue ids)
        // (not when the transcript is in the log: its replies after DATA already tell)
        if (!(st.peers.size && st.peers.delete(pid)) && acceptedMessages(text, m, e, find) > 0) { out.kind = LineKind.Status; out.code = 250; }
        else out.kind = LineKind.Event;
      }
      return;
    }
    const c = text.charCodeAt(m);
    if ((c === 60 || c === 62) && text.charCodeAt(m + 1) === 32) {
      if (peerLine(text, m, e, out, c === 60 ? Dir.Received : Dir.Sent)) { out.key = openConn(conns, pid).key; st.peers.add(pid); }
      return;
    }
    const conn = conns.get(pid);
    if (conn !== undefined) out.key = conn.key;
    else if (st.unconnected.size) { const other = st.unconnected.get(pid); if (other !== undefined) out.key = conns.get(other)?.key ?? other; }
    return;
  }

  if (client) {
    const c = text.charCodeAt(m);
    let conn = st.clients.get(pid);
    if ((c === 60 || c === 62) && text.charCodeAt(m + 1) === 32) {
      if (!peerLine(text, m, e, out, c === 60 ? Dir.Received : Dir.Sent)) return;
      if (!conn) { conn = { gen: 0, starttls: false, key: '' }; st.clients.set(pid, conn); }
      const gen = conn.gen;
      if (out.kind === LineKind.Command) conn.starttls = startsWithCI(text, out.payload, e, 'starttls');
      else if (out.code === 220 && !conn.starttls) conn.gen++;
      else if (conn.gen === 0) conn.gen = 1;
      if (conn.gen !== gen || !conn.key) conn.key = pid + '#' + conn.gen;
      out.key = conn.key;
      return;
    }
    if (conn && conn.gen > 0) out.key = conn.key;
    return;
  }

  if (postscreen && clientAddr(text, m, e, addr, find)) {
    const key = pid + ' ' + text.slice(addr.s, addr.e);
    if (text.startsWith('CONNECT from ', m)) {
      out.kind = LineKind.Event; out.event = EventKind.Connect; out.key = openConn(conns, key).key;
    } else if (text.startsWith('DISCONNECT ', m) || text.startsWith('PASS ', m)) {
      const k = conns.get(key)?.key;
      if (k !== undefined) { conns.delete(k); out.kind = LineKind.Event; out.event = EventKind.Disconnect; out.key = k; }
    } else { const k = conns.get(key)?.key; if (k !== undefined) out.key = k; }
  }
}

function parsePostfix(text: string, s: number, e: number, p: SyslogParts): boolean {
  if (parseSyslog(text, s, e, p)) return isPostfix(text, p);
  // quoted without the syslog prefix: "postfix/smtp[8909]: ..." or only the message part
  let q = s;
  while (q < e && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
  if (text.startsWith('postfix', q)) {
    const c = containsAt(text, q, Math.min(e, q + 80), ': ');
    if (c < 0) return false;
    let progEnd = c;
    if (text.charCodeAt(c - 1) === 93) { const b = containsAt(text, q, c, '['); if (b < 0) return false; progEnd = b; }
    p.hostStart = q; p.tagStart = q; p.progEnd = progEnd; p.tagEnd = c; p.msg = c + 2;
    return true;
  }
  const qn = queueIdLength(text, q, e);
  const r = qn ? q + qn + 2 : text.startsWith('NOQUEUE: ', q) ? q + 9 : -1;
  if (r < 0) return false;
  if (!(text.startsWith('to=<', r) || text.startsWith('from=<', r) || text.startsWith('client=', r) || text.startsWith('message-id=', r)
    || text.startsWith('removed', r) || text.startsWith('reject: ', r) || text.startsWith('milter-reject: ', r) || text.startsWith('proxy-reject: ', r)
    || text.startsWith('host ', r) || text.startsWith('SASL ', r))) return false;
  p.hostStart = q; p.tagStart = q; p.progEnd = q; p.tagEnd = q; p.msg = q;
  return true;
}

/** A debug-peer line: Command or Reply by content. */
function peerLine(text: string, m: number, e: number, out: LineFacts, dir: typeof Dir.Received | typeof Dir.Sent): boolean {
  const pl = peerPayload(text, m, e);
  if (pl < 0) return false;
  out.dir = dir; out.payload = pl;
  const code = replyCodeAt(text, pl, e, more);
  if (code) { out.code = code; out.kind = more.more ? LineKind.ReplyMore : LineKind.Reply; }
  else out.kind = LineKind.Command;
  return true;
}

/** End of a reply text: before " (in reply to ...)" and before "; from=<" of reject records. */
function textEnd(line: string, s: number, e: number): number {
  const ir = line.indexOf(' (in reply to ', s);
  if (ir > 0 && ir < e) return ir;
  const semi = line.indexOf('; from=<', s);
  if (semi > 0 && semi < e) return semi;
  const semi2 = line.indexOf('; to=<', s);
  if (semi2 > 0 && semi2 < e) return semi2;
  return e;
}

function deliveryTokens(line: string, m: number, w: number, toks: LineToken[]): void {
  // the detail is in parentheses up to the end of the line
  const e = line.endsWith(')') ? line.length - 1 : line.length;
  const addrRe = /<[^<>\s]*>/g;
  const head = line.slice(m, w);
  for (let a = addrRe.exec(head); a; a = addrRe.exec(head)) {
    if (a[0].includes('@')) { toks.push({ kind: 'address', start: m + a.index, end: m + a.index + a[0].length }); break; }
  }
  const dsn = /\bdsn=([245]\.\d{1,3}\.\d{1,3})/.exec(head);
  const paren = line.indexOf('(', w);
  const code = replyAfterColon(line, w, e);
  const sentCode = paren > 0 && paren === line.indexOf(' ', w) + 1 && replyCodeAt(line, paren + 1, e, more) ? paren + 1 : -1;
  const at = code >= 0 ? code : sentCode;
  if (at >= 0) {
    toks.push(...replyTokens(line, at, textEnd(line, at, e)));
  } else if (paren > 0) {
    toks.push({ kind: 'text', start: paren + 1, end: textEnd(line, paren + 1, e) });
  }
  if (dsn) toks.push({ kind: 'enhanced', start: m + dsn.index + 4, end: m + dsn.index + 4 + dsn[1].length });
}

