/** What a generator wrote: the records the engine should emit for it can be told from these. */
export interface GenCounts {
  bytes: number;
  lines: number;
  /** connections (smtpd connect..disconnect, transcript and protocol-log sessions): one session record each */
  sessions: number;
  /** queue ids: one message record each */
  messages: number;
  /** NOQUEUE rejects and refused RCPTs: one reply record each */
  rejects: number;
  /** deferred delivery attempts (a 4xx reply, or a connection that timed out): one reply record each */
  deferred: number;
  /** bounced delivery attempts (5xx): one reply record each */
  bounced: number;
}

const newCounts = (): GenCounts => ({ bytes: 0, lines: 0, sessions: 0, messages: 0, rejects: 0, deferred: 0, bounced: 0 });

/** Reply records the engine should emit for what a generator wrote. */
export function expectedReplies(c: GenCounts): number { return c.rejects + c.deferred + c.bounced; }

/** Chunks of text, each ending with a line break, to a sink; returns when about `targetBytes` were written. */
export type Sink = (chunk: string) => void;

/** Deterministic generator of large Exchange-style <<< / >>> transcript logs for the benchmark. */
export function generateTranscript(targetBytes: number, seed = 42): string {
  const parts: string[] = [];
  writeTranscript(c => parts.push(c), targetBytes, seed);
  return parts.join('');
}

export function writeTranscript(sink: Sink, targetBytes: number, seed = 42): GenCounts {
  const n = newCounts();
  let x = seed >>> 0;
  const rnd = (n: number) => { x = (x * 1664525 + 1013904223) >>> 0; return x % n; };
  let size = 0;
  let t = 8 * 3600;
  const ts = () => {
    const h = Math.floor(t / 3600) % 24, m = Math.floor(t / 60) % 60, s = t % 60;
    const h12 = h % 12 === 0 ? 12 : h % 12;
    return `4/2/01 ${h12}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'} : `;
  };
  while (size < targetBytes) {
    t += 1 + rnd(20);
    const ip = `192.0.2.${rnd(250) + 1}`;
    const lines: string[] = [];
    lines.push(`${ts()}A connection was accepted from ${ip}`);
    lines.push(`${ts()}>>> 220 mail.contoso.example Microsoft ESMTP MAIL Service ready`);
    lines.push(`${ts()}<<< EHLO host${rnd(1000)}.example.net`);
    lines.push(`${ts()}>>> 250-mail.contoso.example Hello [${ip}]`, '250-SIZE 10485760', '250-PIPELINING', '250 OK');
    lines.push(`${ts()}<<< MAIL FROM:<sender${rnd(5000)}@example.net>`);
    lines.push(`${ts()}>>> 250 2.1.0 Sender OK`);
    const rcpts = 1 + rnd(3);
    let accepted = 0;
    for (let r = 0; r < rcpts; r++) {
      lines.push(`${ts()}<<< RCPT TO:<user${rnd(20000)}@contoso.example>`);
      const v = rnd(20);
      if (v === 0) { lines.push(`${ts()}>>> 550 5.1.1 User unknown`); n.rejects++; }
      else if (v === 1) { lines.push(`${ts()}>>> 451 4.7.1 Greylisted, please try again later`); n.rejects++; }
      else { lines.push(`${ts()}>>> 250 2.1.5 Recipient OK`); accepted++; }
    }
    if (accepted) {
      lines.push(`${ts()}<<< DATA`, `${ts()}>>> 354 Start mail input; end with <CRLF>.<CRLF>`);
      lines.push(`${ts()}>>> 250 2.6.0 <${rnd(1e9)}@example.net> Queued mail for delivery`);
    }
    lines.push(`${ts()}<<< QUIT`, `${ts()}>>> 221 2.0.0 Service closing transmission channel`, '');
    const chunk = lines.join('\n') + '\n';
    sink(chunk);
    size += chunk.length;
    n.sessions++;
    n.lines += lines.length;
  }
  n.bytes = size;
  return n;
}

/** Deterministic generator of an Exchange 2016 SmtpReceive protocol log with ~32 interleaved sessions. */
export function generateExchangeReceive(targetBytes: number, seed = 7): string {
  const parts: string[] = [];
  writeExchangeReceive(c => parts.push(c), targetBytes, seed);
  return parts.join('');
}

/** The same, to a sink; the sessions still open when the target size is reached are closed (a complete log). */
export function writeExchangeReceive(sink: Sink, targetBytes: number, seed = 7, closeOpen = false): GenCounts {
  const n = newCounts();
  let x = seed >>> 0;
  const rnd = (n: number) => { x = (x * 1664525 + 1013904223) >>> 0; return x % n; };
  const head = ['#Software: Microsoft Exchange Server', '#Version: 15.01.2507.035', '#Log-type: SMTP Receive Protocol Log',
    '#Date: 2024-03-04T08:00:00.000Z', '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context'];
  const first = head.join('\r\n') + '\r\n';
  sink(first);
  n.lines += head.length;
  let size = first.length;
  let ms = 0, next = 0;
  interface S { id: string; remote: string; seq: number; steps: [string, string][] }
  const open: S[] = [];
  const newSession = (): S => {
    const remote = `198.51.100.${rnd(250) + 1}:${40000 + rnd(20000)}`;
    const steps: [string, string][] = [['+', ''], ['>', '"220 ex01.contoso.example Microsoft ESMTP MAIL Service ready at Mon, 4 Mar 2024 08:00:00 +0000"'],
      ['<', `EHLO host${rnd(1000)}.example.net`], ['>', '250  ex01.contoso.example Hello [198.51.100.1] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS 8BITMIME BINARYMIME CHUNKING'],
      ['<', `MAIL FROM:<sender${rnd(5000)}@example.net>`], ['>', '250 2.1.0 Sender OK']];
    const rcpts = 1 + rnd(3);
    let ok = 0;
    for (let r = 0; r < rcpts; r++) {
      steps.push(['<', `RCPT TO:<user${rnd(20000)}@contoso.example>`]);
      const v = rnd(20);
      if (v === 0) { steps.push(['>', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup']); n.rejects++; }
      else if (v === 1) { steps.push(['>', '452 4.3.1 Insufficient system resources']); n.rejects++; }
      else { steps.push(['>', '250 2.1.5 Recipient OK']); ok++; }
    }
    if (ok) steps.push(['<', `BDAT ${1000 + rnd(90000)} LAST`], ['>', `250 2.6.0 <${rnd(1e9)}@example.net> [InternalId=${rnd(1e9)}, Hostname=EX01] Queued mail for delivery`]);
    steps.push(['<', 'QUIT'], ['>', '221 2.0.0 Service closing transmission channel'], ['-', '']);
    n.sessions++;
    return { id: '08DC3C1E' + (next++).toString(16).toUpperCase().padStart(8, '0'), remote, seq: 0, steps };
  };
  const T0 = Date.UTC(2024, 2, 4, 8);
  let buf: string[] = [], bufChars = 0;
  const row = (s: S): string => {
    const [ev, data] = s.steps[s.seq];
    ms += 1 + rnd(5);
    const t = new Date(T0 + ms).toISOString();
    return `${t},EX01\\Default Frontend EX01,${s.id},${s.seq},192.0.2.10:25,${s.remote},${ev},${data},\r\n`;
  };
  const out = (r: string): void => {
    buf.push(r); bufChars += r.length; size += r.length; n.lines++;
    if (bufChars >= 1 << 20) { sink(buf.join('')); buf = []; bufChars = 0; }
  };
  while (size < targetBytes) {
    while (open.length < 32) open.push(newSession());
    const i = rnd(open.length);
    const s = open[i];
    out(row(s));
    if (++s.seq === s.steps.length) open.splice(i, 1);
  }
  if (closeOpen) {
    // a session cut by the end of the file is still a session, but its rejects may not be written yet
    for (const s of open) while (s.seq < s.steps.length) { out(row(s)); s.seq++; }
  } else {
    // count only what was written
    for (const s of open) for (let k = s.seq; k < s.steps.length; k++) if (/^(550|452) /.test(s.steps[k][1])) n.rejects--;
    for (const s of open) if (s.seq === 0) n.sessions--;
  }
  if (bufChars) sink(buf.join(''));
  n.bytes = size;
  return n;
}

/**
 * Deterministic generator of a postfix maillog (classic syslog) as a busy MX writes it: ~24 smtpd
 * connections and queue ids in flight at once, their lines interleaved. Connections: delivered mail
 * (smtpd connect, `client=`, cleanup `message-id=`, qmgr `from=`, disconnect; local/virtual/smtp
 * `to=... status=sent`; qmgr `removed`), NOQUEUE rejects (relay denied, unknown user, greylisting,
 * DNSBL), lost connections; queue ids deferred (a remote 4xx, or a connection that timed out) and
 * delivered later, bounced (a remote 5xx) with the non-delivery notice as a queue id of its own, and
 * local submissions (pickup). Returns what it wrote, so a reader's record counts can be checked.
 */
export function writePostfix(sink: Sink, targetBytes: number, seed = 11): GenCounts {
  const n = newCounts();
  let x = seed >>> 0;
  const rnd = (k: number): number => { x = (x * 1664525 + 1013904223) >>> 0; return x % k; };
  const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  let ms = Date.UTC(2025, 0, 6, 0, 0, 0);
  let stamp = '', stampSec = -1;
  const ts = (): string => {
    const sec = Math.floor(ms / 1000);
    if (sec !== stampSec) {
      const d = new Date(sec * 1000);
      const p2 = (v: number): string => (v < 10 ? '0' : '') + v;
      stamp = `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} mx1 postfix/`;
      stampSec = sec;
    }
    return stamp;
  };
  let pid = 20000, qn = 0;
  const nextPid = (): number => (pid = pid >= 99990 ? 20000 : pid + 1 + rnd(7));
  const qid = (): string => { n.messages++; return (0x100 + rnd(0xf00)).toString(16).toUpperCase() + (qn++).toString(16).toUpperCase().padStart(8, '0'); };
  const QMGR = 1187, PICKUP = 1190;
  const CLIENTS = ['mail-oi1-f182.google.example', 'mx.example.net', 'smtp.mailer.example.org', 'out.newsletter.example.com', 'unknown'];
  const clientOf = (): string => `${CLIENTS[rnd(CLIENTS.length)]}[198.51.${100 + rnd(2)}.${1 + rnd(250)}]`;
  const user = (): string => `user${rnd(5000)}`;
  const delays = (): string => `delay=${rnd(3)}.${rnd(10)}${rnd(10)}, delays=0.0${rnd(10)}/0.0${rnd(10)}/0.${rnd(10)}/0.${rnd(10)}`;
  const msgid = (): string => `<${(rnd(1e9) + 1e9).toString(36)}.${rnd(1e6)}@${['example.net', 'mailer.example.org', 'mx1.example.com'][rnd(3)]}>`;
  /** a flow is the lines of one connection or queue id, in order; null = a pause (the flow waits a turn); a function starts other flows */
  type Step = string | null | (() => void);
  type Flow = Step[];
  const open: Flow[] = [];
  const pause = (k: number): null[] => new Array<null>(k).fill(null);
  const start = (...flows: Flow[]): (() => void) => () => { open.push(...flows); };
  const remoteId = (): string => (0x10000 + rnd(0xeffff)).toString(16).toUpperCase() + rnd(100000);

  /** the delivery lines of queue id `q` (after its arrival), then `removed` */
  const delivery = (q: string, from: string, rcpts: string[], sender: 'local' | 'smtp'): Flow => {
    const f: Flow = [null];
    for (const to of rcpts) {
      const local = to.endsWith('@mx1.example.com');
      const dom = to.split('@')[1];
      const v = rnd(100);
      if (!local && v < 6) {
        n.deferred++;
        f.push(`smtp[${nextPid()}]: ${q}: to=<${to}>, relay=mx.${dom}[203.0.113.${1 + rnd(250)}]:25, ${delays()}, dsn=4.7.1, status=deferred (host mx.${dom}[203.0.113.9] said: 451 4.7.1 Greylisted, please try again in 5 minutes (in reply to RCPT TO command))`);
        f.push(...pause(40 + rnd(200)));
      } else if (!local && v < 9) {
        n.deferred++;
        f.push(`smtp[${nextPid()}]: ${q}: to=<${to}>, relay=none, ${delays()}, dsn=4.4.1, status=deferred (connect to mx.${dom}[203.0.113.${1 + rnd(250)}]:25: Connection timed out)`);
        f.push(...pause(40 + rnd(200)));
      }
      if (!local && v >= 9 && v < 13) {
        n.bounced++;
        f.push(`smtp[${nextPid()}]: ${q}: to=<${to}>, relay=mx.${dom}[203.0.113.${1 + rnd(250)}]:25, ${delays()}, dsn=5.1.1, status=bounced (host mx.${dom}[203.0.113.7] said: 550 5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))`);
        const nq = qid();
        f.push(`bounce[${nextPid()}]: ${q}: sender non-delivery notification: ${nq}`, start([
          `cleanup[${nextPid()}]: ${nq}: message-id=<20250106.${nq}@mx1.example.com>`, `qmgr[${QMGR}]: ${nq}: from=<>, size=${2000 + rnd(3000)}, nrcpt=1 (queue active)`, null,
          sender === 'local' ? `local[${nextPid()}]: ${nq}: to=<${from}>, relay=local, ${delays()}, dsn=2.0.0, status=sent (delivered to mailbox)`
            : `smtp[${nextPid()}]: ${nq}: to=<${from}>, relay=mx.example.net[198.51.100.20]:25, ${delays()}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${remoteId()})`,
          `qmgr[${QMGR}]: ${nq}: removed`]));
      } else if (local) {
        f.push(`local[${nextPid()}]: ${q}: to=<${to}>, relay=local, ${delays()}, dsn=2.0.0, status=sent (delivered to mailbox)`);
      } else {
        f.push(`smtp[${nextPid()}]: ${q}: to=<${to}>, relay=mx.${dom}[203.0.113.${1 + rnd(250)}]:25, ${delays()}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${remoteId()})`);
      }
    }
    f.push(`qmgr[${QMGR}]: ${q}: removed`);
    return f;
  };

  const newFlow = (): Flow => {
    const v = rnd(100);
    if (v < 10) {
      // a local submission
      const q = qid(), from = `${user()}@mx1.example.com`;
      return [`pickup[${PICKUP}]: ${q}: uid=1000 from=<${from}>`, `cleanup[${nextPid()}]: ${q}: message-id=${msgid()}`,
        `qmgr[${QMGR}]: ${q}: from=<${from}>, size=${500 + rnd(90000)}, nrcpt=1 (queue active)`,
        start(delivery(q, from, [`${user()}@${['example.org', 'example.net'][rnd(2)]}`], 'local'))];
    }
    n.sessions++;
    const p = nextPid(), c = clientOf(), d = `smtpd[${p}]: `;
    if (v < 30) {
      const k = 1 + (rnd(4) === 0 ? 1 : 0);
      const f: Flow = [`${d}connect from ${c}`];
      for (let i = 0; i < k; i++) {
        n.rejects++;
        const to = `${user()}@${rnd(2) ? 'mx1.example.com' : 'example.org'}`, from = `${user()}@example.net`;
        const r = [
          `554 5.7.1 <${to}>: Relay access denied`,
          `550 5.1.1 <${to}>: Recipient address rejected: User unknown in local recipient table`,
          `450 4.2.0 <${to}>: Recipient address rejected: Greylisted, see https://postgrey.example.net/help/mx1.example.com.html`,
          `554 5.7.1 Service unavailable; Client host [198.51.100.${1 + rnd(250)}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.1`,
        ][rnd(4)];
        f.push(`${d}NOQUEUE: reject: RCPT from ${c}: ${r}; from=<${from}> to=<${to}> proto=ESMTP helo=<${c.split('[')[0]}>`);
      }
      f.push(`${d}disconnect from ${c} ehlo=1 mail=1 rcpt=0/${k} quit=1 commands=3/${3 + k}`);
      return f;
    }
    if (v < 36) return [`${d}connect from ${c}`, `${d}lost connection after EHLO from ${c}`, `${d}disconnect from ${c} ehlo=1 commands=1`];
    // received mail: the connection hands its queue id over to delivery after qmgr picked it up
    const q = qid(), from = `${user()}@example.net`;
    const k = 1 + (rnd(10) === 0 ? rnd(4) : 0);
    const rcpts: string[] = [];
    for (let i = 0; i < k; i++) rcpts.push(rnd(3) ? `${user()}@mx1.example.com` : `${user()}@${['example.org', 'example.net', 'mail.example.com'][rnd(3)]}`);
    return [`${d}connect from ${c}`, `${d}${q}: client=${c}`, `cleanup[${nextPid()}]: ${q}: message-id=${msgid()}`,
      `qmgr[${QMGR}]: ${q}: from=<${from}>, size=${500 + rnd(90000)}, nrcpt=${rcpts.length} (queue active)`, start(delivery(q, from, rcpts, 'smtp')),
      null, `${d}disconnect from ${c} ehlo=1 mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${4 + rcpts.length}`];
  };

  let buf: string[] = [], bufChars = 0, size = 0;
  while (size < targetBytes || open.length) {
    if (size < targetBytes) while (open.length < 24) open.push(newFlow());
    const i = rnd(open.length);
    const f = open[i];
    const line = f.shift();
    if (!f.length) open.splice(i, 1);
    if (typeof line === 'function') { line(); continue; }
    if (line === null || line === undefined) continue;
    ms += rnd(120);
    const l = ts() + line + '\n';
    buf.push(l); bufChars += l.length; size += l.length; n.lines++;
    if (bufChars >= 1 << 20) { sink(buf.join('')); buf = []; bufChars = 0; }
  }
  if (bufChars) sink(buf.join(''));
  n.bytes = size;
  return n;
}

/** Write a generated log of about `mb` MB to `file`; returns what was written. */
export function writeGeneratedFile(kind: 'postfix' | 'exchange' | 'transcript', file: string, mb: number): GenCounts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  const fd = fs.openSync(file, 'w');
  try {
    const sink: Sink = c => { fs.writeSync(fd, c); };
    const bytes = mb * 1024 * 1024;
    return kind === 'postfix' ? writePostfix(sink, bytes) : kind === 'exchange' ? writeExchangeReceive(sink, bytes, 7, true) : writeTranscript(sink, bytes);
  } finally {
    fs.closeSync(fd);
  }
}
