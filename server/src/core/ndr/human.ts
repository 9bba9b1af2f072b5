/**
 * Recognisers for the human-readable text of bounces, one per family of writers: Exchange 2007+ /
 * Microsoft 365 ("Diagnostic information for administrators"), Exchange 5.5-2003 ("did not reach the
 * following recipient(s)"), postfix / qmail / Yahoo / sendmail (`<address>` blocks), exim and Mail.ru
 * (indented address blocks), Gmail ("Delivery to the following recipient failed permanently"),
 * Domino, GroupWise, IMail, InterScan, Lotus Notes. Each reads lines of the explanation (already cut
 * before the returned message) and returns one report per recipient it names, with the reply it
 * quotes and where that reply is in the document. Patterns are anchored and bounded.
 */
import type { BounceReason } from '../knowledge/types';
import type { NdrAction, NdrReply } from './model';
import { bestEnhanced, commandOf, findReply, normaliseCommand } from './reply';
import { type Span, squash, type TextView, type ViewLine, viewSpan } from './text';

export interface HumanReport {
  recipient: string;
  originalRecipient?: string;
  action?: NdrAction;
  /** what the text says about this recipient, lines joined */
  detail: string;
  reply?: NdrReply;
  replySpan?: Span;
  status?: string;
  command?: string;
  remoteMta?: string;
  recipientSpan: Span;
  block: Span;
  reasonHint?: BounceReason;
  reasonHintWhy?: string;
}

/** A reply code written in the human text (for hovers), with the report it belongs to. */
export interface HumanMention { span: Span; reply: NdrReply; report: number; command?: string }

/** The human-readable explanation of a bounce: lines of a view, cut before any returned message. */
export interface Region {
  view: TextView;
  lines: ViewLine[];
}

export interface HumanResult {
  /** which recogniser read it */
  family: string;
  reports: HumanReport[];
  mentions: HumanMention[];
}

type Recogniser = (r: Region, out: HumanResult) => void;

const ADDR_TOKEN = /[^\s<>()"',;:[\]]{1,64}@[^\s<>()"',;:[\]]{1,255}/;

function span(r: Region, line: number, from = 0, to?: number): Span {
  const l = r.lines[line];
  const e = to ?? l.text.length;
  return viewSpan(r.view, l.start + from, l.start + Math.max(from + 1, e));
}

function lineSpan(r: Region, first: number, last: number): Span {
  const a = r.lines[first], b = r.lines[last];
  return { start: viewSpan(r.view, a.start, a.start + 1).start, end: viewSpan(r.view, b.start, b.start + Math.max(1, b.text.length)).end };
}

/** Width of the leading blanks (a tab counts 8). */
function indentOf(t: string): number {
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 32) n++; else if (c === 9) n += 8; else break;
  }
  return n;
}

function isBlank(t: string): boolean { return t.trim() === ''; }

const DELAYED = /has been delayed|not yet been delivered|WARNING MESSAGE ONLY|THIS IS A WARNING ONLY|will be retried|still being retried|transient non-fatal|Delayed Mail|will keep trying|attempts will continue|temporary failure|delivery is delayed|could not be delivered yet/i;

/** failed / delayed, from the words of the explanation. */
export function regionAction(r: Region): NdrAction {
  for (const l of r.lines.slice(0, 400)) if (DELAYED.test(l.text)) return 'delayed';
  return 'failed';
}

const HOST = [
  /\bhost ([A-Za-z0-9._-]{1,255})\s?\[[0-9A-Fa-f.:]{2,45}\]/,
  /Server at ([A-Za-z0-9._-]{1,255})/i,
  /while talking to ([A-Za-z0-9._-]{1,255})/i,
  /^\s*([A-Za-z0-9._-]{1,255}) (?:does not like recipient|failed after I sent the message|does not like sender)/m,
  /\bby ([A-Za-z0-9._-]{3,255})\.? \[[0-9A-Fa-f.:]{2,45}\]/,
  /Remote(?:-MTA| server| system):\s*(?:dns;\s*)?([A-Za-z0-9._-]{3,255})/i,
];

function remoteOf(detail: string): string | undefined {
  for (const re of HOST) { const m = re.exec(detail); if (m) return m[1].replace(/\.$/, ''); }
  return undefined;
}

/**
 * A report from the lines that talk about one recipient: the detail text, the first reply in it (a
 * multi-line reply is joined), the command, the remote host, and mentions for every reply code line.
 */
function makeReport(r: Region, out: HumanResult, recipient: string, recipientSpan: Span, detailLines: number[], extra: Partial<HumanReport> = {}): HumanReport {
  const texts = detailLines.map(i => r.lines[i].text);
  const detail = squash(texts.join('\n'));
  const idx = out.reports.length;
  let reply: NdrReply | undefined;
  let replySpan: Span | undefined;
  const replyParts: string[] = [];
  let replyCode: number | undefined;
  const firstMention = out.mentions.length;
  for (const i of detailLines) {
    const t = r.lines[i].text;
    if (/^\s*(?:<<<|>>>)/.test(t)) continue; // transcript lines: the log reader explains those
    const f = findReply(t);
    // an enhanced code inside the prose ("(#5.1.1)") is a status, not a reply
    if (!f || (f.code === undefined && f.at > indentOf(t) + 1)) { if (reply && replyParts.length && replyParts.length < 12) replyParts.push(t.trim()); continue; }
    const s = span(r, i, f.at, f.headEnd);
    if (!reply) {
      replyCode = f.code;
      replySpan = s;
      replyParts.push(f.text);
      reply = { code: f.code, enhanced: f.enhanced, text: '' };
    } else if (f.code !== undefined && f.code === replyCode && f.at <= 4) {
      replyParts.push(t.slice(f.headEnd).trim()); // continuation of a multi-line reply ("550-5.1.1 ...")
    } else if (replyParts.length < 12) replyParts.push(t.trim());
    out.mentions.push({ span: s, reply: { code: f.code, enhanced: f.enhanced, text: f.text }, report: idx });
  }
  if (reply) {
    // (no leading \s* in these patterns: tried at every blank of a long run, it was quadratic)
    reply.text = squash(replyParts.join(' ')).replace(/\(in reply to [^)]{1,60}\)\s*$/i, '').trimEnd().replace(/'\s*$/, '');
    // only this report's mentions (a loop over all of them made a bounce with many recipients quadratic)
    for (let k = firstMention; k < out.mentions.length; k++) if (out.mentions[k].report === idx) out.mentions[k].reply = reply;
  }
  const rep: HumanReport = {
    recipient, detail, reply, replySpan, recipientSpan,
    status: reply?.enhanced ?? bestEnhanced(detail),
    command: commandOf(texts.join('\n')) ?? commandOf(detail),
    remoteMta: remoteOf(texts.join('\n')),
    block: lineSpan(r, Math.min(...detailLines, lineIndexOfSpan(r, recipientSpan)), Math.max(...detailLines, lineIndexOfSpan(r, recipientSpan))),
    ...extra,
  };
  out.reports.push(rep);
  return rep;
}

function lineIndexOfSpan(r: Region, s: Span): number {
  // the region line whose document span contains s.start (views are monotonic)
  let lo = 0, hi = r.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (viewSpan(r.view, r.lines[mid].start, r.lines[mid].start + 1).start <= s.start) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function findLine(r: Region, re: RegExp, from = 0): number {
  for (let i = from; i < r.lines.length; i++) if (re.test(r.lines[i].text)) return i;
  return -1;
}

function unbracket(a: string): string {
  let s = a.trim();
  const mailto = /<mailto:([^>]{1,320})>/i.exec(s);
  if (mailto) return mailto[1];
  if (s.startsWith('<') && s.includes('>')) s = s.slice(1, s.indexOf('>'));
  return s.replace(/[:.,;]$/, '');
}

// ------------------------------------------------------------------ Exchange 2007+ / Microsoft 365

const EX_DIAG = /^\s*Diagnostic information for administrators:?/i;
const EX_USER = /^\s*Delivery has failed to these recipients or (?:distribution lists|groups):?/i;
const EX_STOP = /^\s*Original message headers:?\s*$/i;
const EX_RETURNED = /(?:^|\s)(?:Remote Server|Server)(?: at ([A-Za-z0-9._-]{1,255})(?: \([^)]{0,60}\))?)? returned '/i;

const exchange: Recogniser = (r, out) => {
  const d = findLine(r, EX_DIAG);
  const u = findLine(r, EX_USER);
  if (d < 0 && u < 0) return;
  // what the user part says about each recipient
  const explain = new Map<string, number[]>();
  if (u >= 0) {
    let cur: string | undefined;
    for (let i = u + 1; i < r.lines.length && i !== d; i++) {
      const t = r.lines[i].text;
      if (EX_DIAG.test(t) || /^_{5,}/.test(t)) break;
      const m = /^\s*(?:[^<]{0,80}<mailto:([^>]{1,320})>|<?([^\s<>@]{1,64}@[^\s<>]{1,255}?)>?)\s*$/.exec(t);
      if (m) { cur = (m[1] ?? m[2]).toLowerCase(); explain.set(cur, [i]); continue; }
      if (cur && !isBlank(t)) explain.get(cur)!.push(i);
      else if (isBlank(t) && cur && explain.get(cur)!.length > 1) cur = undefined;
    }
  }
  if (d < 0) {
    for (const [addr, lines] of explain) makeReport(r, out, addr, span(r, lines[0]), lines.slice(1).length ? lines.slice(1) : lines);
    return;
  }
  let generating: string | undefined;
  let cur: { addr: string; line: number } | undefined;
  const done = new Set<string>();
  for (let i = d + 1; i < r.lines.length; i++) {
    const t = r.lines[i].text;
    if (EX_STOP.test(t)) break;
    const g = /^\s*Generating server:\s*(\S{1,255})/i.exec(t);
    if (g) { generating = g[1]; continue; }
    const a = /^\s*<?([^\s<>@]{1,64}@[^\s<>]{1,255}?)>?\s*$/.exec(t);
    if (a) { cur = { addr: a[1], line: i }; continue; }
    if (!cur || done.has(cur.addr.toLowerCase())) continue;
    const ts = t.trim();
    const lines: number[] = [i];
    if (ts.startsWith('#') || EX_RETURNED.test(t) || /^\s*Reported error:/i.test(t)) {
      // a quoted reply may run over several lines until its closing quote
      if (EX_RETURNED.test(t) && !/'\s*$/.test(t)) {
        for (let j = i + 1; j < r.lines.length && j < i + 8; j++) { lines.push(j); if (/'\s*$/.test(r.lines[j].text) || isBlank(r.lines[j].text)) break; }
      }
      const remote = EX_RETURNED.exec(t)?.[1];
      const ex = explain.get(cur.addr.toLowerCase()) ?? [];
      const rep = makeReport(r, out, cur.addr, span(r, cur.line), lines, { remoteMta: remote ?? generating });
      if (ex.length > 1) rep.detail = squash(rep.detail + ' ' + ex.slice(1).map(x => r.lines[x].text).join(' '));
      if (rep.reply) rep.reply.text = rep.reply.text.replace(/\s*##.*$/, '');
      done.add(cur.addr.toLowerCase());
      i = lines[lines.length - 1];
    }
  }
  // recipients named in the user part but not in the diagnostic part
  for (const [addr, lines] of explain) {
    if (done.has(addr)) continue;
    makeReport(r, out, addr, span(r, lines[0]), lines.length > 1 ? lines.slice(1) : lines, { remoteMta: generating });
  }
};

// ------------------------------------------------------------------ Exchange 5.5 / 2000 / 2003

/** Internet Mail Service hex codes (KB Q279428) -> enhanced status. */
const IMS: Record<string, string> = {
  '000C05A6': '5.1.1', '000D06B5': '5.1.1', '000B099C': '5.4.4', '000B09AA': '5.7.1', '000B09B6': '5.0.0', '00010256': '5.5.3', '00120270': '5.4.6',
  '000C0595': '5.1.4', '00050311': '5.6.0', '000502CC': '5.6.0', '000B0981': '5.5.1',
};

const exchange2003: Recogniser = (r, out) => {
  const s = findLine(r, /did not reach the following recipient\(s\)/i);
  if (s < 0) return;
  const ENTRY = /^(\S.{0,300}?) on (?:[A-Za-z]{3}, )?\d{1,2}[ /][A-Za-z0-9]{1,9}[ /]\d{2,4}\b/;
  for (let i = s + 1; i < r.lines.length; i++) {
    const t = r.lines[i].text;
    const m = ENTRY.exec(t);
    if (!m) continue;
    const detail: number[] = [];
    let j = i + 1;
    for (; j < r.lines.length; j++) {
      const tj = r.lines[j].text;
      if (isBlank(tj) || ENTRY.test(tj)) break;
      detail.push(j);
    }
    const text = detail.map(x => r.lines[x].text).join(' ');
    const hex = /\((0[0-9A-F]{7})\)/.exec(text)?.[1];
    const status = /#([245]\.\d{1,3}\.\d{1,3})/.exec(text)?.[1] ?? (hex ? IMS[hex] : undefined);
    const rep = makeReport(r, out, unbracket(m[1]), span(r, i, 0, m[1].length), detail.length ? detail : [i]);
    if (status) rep.status = status;
    rep.remoteMta = /<([A-Za-z0-9._-]{1,255}) #\d/.exec(text)?.[1] ?? /MSEXCH:[A-Za-z]{2,20}:[^:\s]{1,64}:[^:\s]{1,64}:([^:\s]{1,64})/.exec(text)?.[1];
    i = j - 1;
  }
};

// ------------------------------------------------------------------ Gmail (before 2015) and similar

const gmail: Recogniser = (r, out) => {
  const s = findLine(r, /^\s*Delivery to the following recipients? (?:failed permanently|has been delayed|failed|was delayed)/i);
  if (s < 0) return;
  const action: NdrAction = /delayed/i.test(r.lines[s].text) ? 'delayed' : 'failed';
  const rcpts: number[] = [];
  let i = s + 1;
  for (; i < r.lines.length; i++) {
    const t = r.lines[i].text;
    if (isBlank(t)) { if (rcpts.length) break; continue; }
    if (ADDR_TOKEN.test(t) && indentOf(t) > 0) rcpts.push(i); else break;
  }
  const tech = findLine(r, /^\s*Technical details of (?:permanent|temporary) failure/i, i);
  const detail: number[] = [];
  // without "Technical details" (IIS / Exchange SMTP service) the rest is boilerplate and disclaimers
  for (let j = tech >= 0 ? tech + 1 : r.lines.length; j < r.lines.length; j++) {
    const t = r.lines[j].text;
    if (/^\s*(?:Message will be retried|THIS IS A WARNING|YOU DO NOT NEED)/i.test(t)) continue;
    if (!isBlank(t)) detail.push(j);
  }
  for (const l of rcpts) {
    const t = r.lines[l].text;
    const m = ADDR_TOKEN.exec(t)!;
    makeReport(r, out, unbracket(m[0]), span(r, l, m.index, m.index + m[0].length), detail.length ? detail : [l], { action });
  }
};

// ------------------------------------------------------------------ exim and Mail.ru: indented blocks

const EXIM_INTRO = /address\(es\) failed|has not yet been delivered to|not yet been delivered is|could not be delivered to (?:one or more|all) of its|following address(?:es)? failed|permanent error\. The following/i;

function eximAddress(t: string): string | undefined {
  const m = /^(?: {1,3}|\t)(\S[^\s]{0,320})\s*$/.exec(t) ?? /^(?: {1,3}|\t)(<[^<>]{1,320}>|\S{1,320}@\S{1,255}?)(?::|\s+\(.{0,100}\))?\s*$/.exec(t);
  if (!m) return undefined;
  const a = m[1].replace(/:$/, '');
  if (!a.includes('@') && !a.startsWith('|') && !a.startsWith('/')) return undefined;
  return unbracket(a);
}

const exim: Recogniser = (r, out) => {
  const s = findLine(r, EXIM_INTRO);
  if (s < 0) return;
  const seen = new Set<string>();
  for (let i = s; i < r.lines.length; i++) {
    const addr = eximAddress(r.lines[i].text);
    if (!addr) continue;
    const at = i;
    const detail: number[] = [];
    let j = i + 1;
    for (; j < r.lines.length; j++) {
      const t = r.lines[j].text;
      if (isBlank(t) || indentOf(t) < 4 || eximAddress(t)) break;
      detail.push(j);
    }
    i = j - 1;
    if (seen.has(addr.toLowerCase())) continue;  // Mail.ru repeats the list in a second language
    seen.add(addr.toLowerCase());
    const col = r.lines[at].text.indexOf(addr);
    const orig = /\((?:ultimately )?generated from ([^)\s]{1,320})\)/.exec(detail.map(x => r.lines[x].text).join(' '))?.[1];
    makeReport(r, out, addr, span(r, at, Math.max(0, col), col >= 0 ? col + addr.length : undefined), detail.length ? detail : [at], orig ? { originalRecipient: orig } : {});
  }
};

// ------------------------------------------------------------------ postfix, qmail, Yahoo, sendmail: "<address>" blocks

const ANGLE = /^<([^<>\s]{1,320})>(.{0,2000})$/;

const angleBlocks: Recogniser = (r, out) => {
  const seen = new Set<string>();
  for (let i = 0; i < r.lines.length; i++) {
    const m = ANGLE.exec(r.lines[i].text);
    if (!m || !(m[1].includes('@') || m[1].startsWith('|') || m[1].startsWith('/'))) continue;
    const detail: number[] = [];
    let rest = m[2];
    const orig = /^\s*\(expanded from <?([^<>)\s]{1,320})>?\)/.exec(rest);
    if (orig) rest = rest.slice(orig[0].length);
    if (rest.replace(/^\s*:?\s*/, '').trim()) detail.push(i);
    let j = i + 1;
    for (; j < r.lines.length; j++) {
      const t = r.lines[j].text;
      if (isBlank(t) || ANGLE.test(t) || /^\s*-{3,}/.test(t)) break;
      detail.push(j);
    }
    const key = m[1].toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      const extra: Partial<HumanReport> = {};
      const exp = orig?.[1] ?? detail.map(x => /\(expanded from:? <?([^<>)\s]{1,320})>?\)/.exec(r.lines[x].text)?.[1]).find(Boolean);
      if (exp) extra.originalRecipient = exp;
      makeReport(r, out, m[1], span(r, i, 1, 1 + m[1].length), detail.length ? detail : [i], extra);
    }
    i = j - 1;
  }
};

// ------------------------------------------------------------------ smaller families

const domino: Recogniser = (r, out) => {
  const s = findLine(r, /was not delivered to:\s*$/i);
  if (s < 0) return;
  const a = findLine(r, /\S/, s + 1);
  const b = findLine(r, /^\s*because:\s*$/i, s + 1);
  if (a < 0) return;
  const detail: number[] = [];
  if (b >= 0) for (let j = b + 1; j < r.lines.length; j++) { const t = r.lines[j].text; if (isBlank(t)) { if (detail.length) break; continue; } detail.push(j); }
  const t = r.lines[a].text;
  makeReport(r, out, unbracket(t.trim()), span(r, a, indentOf(t)), detail.length ? detail : [a]);
};

const groupwise: Recogniser = (r, out) => {
  const s = findLine(r, /undeliverable to the following:?\s*$/i);
  if (s < 0) return;
  for (let i = s + 1; i < r.lines.length; i++) {
    const t = r.lines[i].text;
    if (isBlank(t)) { if (out.reports.length) break; continue; }
    const m = /^\s*(\S{1,320}@\S{1,255})\s*(?:\((.{0,300})\))?\s*$/.exec(t);
    if (m) makeReport(r, out, unbracket(m[1]), span(r, i, t.indexOf(m[1]), t.indexOf(m[1]) + m[1].length), [i]);
  }
};

const imail: Recogniser = (r, out) => {
  const s = findLine(r, /^\s*undeliverable to \S{1,320}@/i);
  if (s < 0) return;
  const t = r.lines[s].text;
  const m = /undeliverable to (\S{1,320}@\S{1,255})/i.exec(t)!;
  const b = findLine(r, /generated response:/i, s);
  const detail: number[] = [];
  if (b >= 0) for (let j = b + 1; j < r.lines.length && !isBlank(r.lines[j].text); j++) detail.push(j);
  makeReport(r, out, unbracket(m[1]), span(r, s, m.index + 16, m.index + 16 + m[1].length), detail.length ? detail : [s]);
};

const interscan: Recogniser = (r, out) => {
  for (let i = 0; i < r.lines.length; i++) {
    const m = /^\s*Sent <<< (RCPT TO:\s?<([^<>\s]{1,320})>)/i.exec(r.lines[i].text);
    if (!m) continue;
    const next = i + 1 < r.lines.length && /^\s*Received >>> /i.test(r.lines[i + 1].text) ? [i + 1] : [i];
    makeReport(r, out, m[2], span(r, i, r.lines[i].text.indexOf(m[2]), r.lines[i].text.indexOf(m[2]) + m[2].length), next, { command: 'RCPT TO:<' + m[2] + '>' });
  }
};

const notes: Recogniser = (r, out) => {
  const s = findLine(r, /^-{3,}\s*Failure Reasons\s*-{3,}/i);
  if (s < 0) return;
  const lines: number[] = [];
  for (let j = s + 1; j < r.lines.length && !/^-{3,}/.test(r.lines[j].text); j++) if (!isBlank(r.lines[j].text)) lines.push(j);
  const a = lines.find(x => ADDR_TOKEN.test(r.lines[x].text));
  if (a === undefined) return;
  const m = ADDR_TOKEN.exec(r.lines[a].text)!;
  const detail = lines.filter(x => x !== a);
  makeReport(r, out, m[0], span(r, a, m.index, m.index + m[0].length), detail.length ? detail : [a]);
};

/** CommuniGate Pro: "Failed to deliver to '<a@b>'" and the module's report under it. */
const communigate: Recogniser = (r, out) => {
  for (let i = 0; i < r.lines.length; i++) {
    const m = /^\s*Failed to deliver to '<?([^'<>\s]{1,320})>?'/i.exec(r.lines[i].text);
    if (!m) continue;
    const detail: number[] = [];
    let j = i + 1;
    for (; j < r.lines.length && !isBlank(r.lines[j].text); j++) detail.push(j);
    const col = r.lines[i].text.indexOf(m[1]);
    makeReport(r, out, m[1], span(r, i, col, col + m[1].length), detail.length ? detail : [i]);
    i = j - 1;
  }
};

/** OpenSMTPD and others: "a@b: 421 4.7.0 ..." at the start of a line. */
const addressColon: Recogniser = (r, out) => {
  // OpenSMTPD writes "a@b: Network error on destination MXs" without a code under its own intro
  const opensmtpd = findLine(r, /This is the MAILER-DAEMON, please DO NOT REPLY|An error has occurred while attempting to deliver a message for/i) >= 0;
  for (let i = 0; i < r.lines.length; i++) {
    const m = /^([^\s<>:'"()]{1,64}@[^\s<>:'"()]{1,255}): (.{1,2000})$/.exec(r.lines[i].text);
    if (!m || (!findReply(m[2]) && !opensmtpd)) continue;
    const detail = [i];
    let j = i + 1;
    for (; j < r.lines.length && /^[ \t]+\S/.test(r.lines[j].text) && !/^\s*(?:Please|You|The message|Below)/.test(r.lines[j].text); j++) detail.push(j);
    makeReport(r, out, m[1], span(r, i, 0, m[1].length), detail);
    i = j - 1;
  }
};

// ------------------------------------------------------------------ labelled recipients of smaller writers

/** Lines after line i up to a blank one (or `max` lines), skipping the lines `skip` matches. */
function following(r: Region, i: number, max = 8, stop?: RegExp): number[] {
  const out: number[] = [];
  for (let j = i + 1; j < r.lines.length && out.length < max; j++) {
    const t = r.lines[j].text;
    if (isBlank(t)) { if (out.length) break; continue; }
    if (stop?.test(t)) break;
    out.push(j);
  }
  return out;
}

const LABEL = /^\s*(?:Could not be delivered to|Unable to deliver message to|Delivery to the following recipient failed|Failed recipient|Recipient address|Recipient|Undeliverable address|Address):?\s+<?([^\s<>()"',;:[\]]{1,64}@[^\s<>()"',;:[\]]{1,255}?)>?\s*$/i;

/**
 * A label and an address on one line, the reason under it: KDDI and other Japanese carriers ("Could not
 * be delivered to: <a@b>" / "As their mailbox is full."), MailFoundry ("Unable to deliver message to:
 * <a@b>" / "Delivery failed for the following reason:" / "Server ... failed with: 550 ...").
 */
const labelled: Recogniser = (r, out) => {
  const seen = new Set<string>();
  for (let i = 0; i < r.lines.length; i++) {
    const m = LABEL.exec(r.lines[i].text);
    if (!m || seen.has(m[1].toLowerCase())) continue;
    seen.add(m[1].toLowerCase());
    let detail = following(r, i, 8, LABEL);
    // "Delivery failed for the following reason:" and the like only introduce the reason
    if (detail.length === 1 && /:\s*$/.test(r.lines[detail[0]].text)) detail = [...detail, ...following(r, detail[0], 6, LABEL)];
    const col = r.lines[i].text.indexOf(m[1]);
    makeReport(r, out, m[1], span(r, i, col, col + m[1].length), detail.length ? detail : [i]);
  }
};

/**
 * m-FILTER (Digital Arts): the address alone on a line, then "-------server message" with the reply
 * and "-------SMTP command" with the command.
 */
const mfilter: Recogniser = (r, out) => {
  const sm = findLine(r, /^-{5,}\s*server message\s*$/i);
  if (sm < 0) return;
  const reply = following(r, sm, 4, /^-{5,}/);
  const cl = findLine(r, /^-{5,}\s*SMTP command\s*$/i);
  const cmd = cl >= 0 ? following(r, cl, 1, /^-{5,}/).map(x => r.lines[x].text.trim())[0] : undefined;
  for (let i = 0; i < sm; i++) {
    const m = /^\s*<?([^\s<>()"',;:[\]]{1,64}@[^\s<>()"',;:[\]]{1,255}?)>?\s*$/.exec(r.lines[i].text);
    if (!m) continue;
    const col = r.lines[i].text.indexOf(m[1]);
    makeReport(r, out, m[1], span(r, i, col, col + m[1].length), reply.length ? reply : [i], cmd ? { command: normaliseCommand(cmd) } : {});
  }
};

/**
 * Apache James and Verizon (vtext): "Error message below:" (or "Error: ") with the reply, then
 * "Message details:" naming the envelope ("  RCPT TO: a@b"); Verizon picture mail names the recipient
 * as "To: a@b" under "Original Message:".
 */
const messageDetails: Recogniser = (r, out) => {
  const details = findLine(r, /^\s*(?:Message details|Original Message):\s*$/i);
  if (details < 0) return;
  const em = findLine(r, /^\s*(?:Error message below:|Error:\s)/i);
  let reply: number[] = [];
  if (em >= 0 && em < details) {
    reply = /^\s*Error:\s\S/i.test(r.lines[em].text) ? [em] : following(r, em, 6, /^\s*(?:Message details|Original Message):/i);
  }
  for (let i = details + 1; i < r.lines.length && i < details + 40; i++) {
    const m = /^\s*(?:RCPT TO|To):\s*<?([^\s<>()"',;:[\]]{1,64}@[^\s<>()"',;:[\]]{1,255}?)>?\s*$/i.exec(r.lines[i].text);
    if (!m) continue;
    const col = r.lines[i].text.indexOf(m[1]);
    // Verizon's picture-mail gateway says "No valid recipients for this MM" for a number that does not exist
    const mm = reply.some(x => /No valid recipients for this MM/i.test(r.lines[x].text));
    makeReport(r, out, m[1], span(r, i, col, col + m[1].length), reply.length ? reply : [i],
      mm ? { reasonHint: 'userunknown', reasonHintWhy: 'Verizon: "No valid recipients for this MM" (the number has no picture-mail account)' } : {});
  }
};

/**
 * Zoho Mail: "a@b Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 ..." per recipient, or
 * "[Status: Error, Address: <a@b>, ResponseCode 421, , Host not reachable.]".
 */
const zoho: Recogniser = (r, out) => {
  for (let i = 0; i < r.lines.length; i++) {
    const t = r.lines[i].text;
    const m = /^\s*([^\s<>()"',;:[\]]{1,64}@[^\s<>()"',;:[\]]{1,255}) [^\n]{0,200}ERROR_CODE ?:/.exec(t)
      ?? /^\s*\[Status: [^,\n]{0,40}, Address: <([^<>\s]{1,320})>/.exec(t);
    if (!m) continue;
    const col = t.indexOf(m[1]);
    const detail = [i];
    // a quoted-printable soft break already joined; a plain continuation line is indented or starts lower-case
    if (i + 1 < r.lines.length && /^\s*\d?\s?<[^<>\s]{1,320}>\.{3}/.test(r.lines[i + 1].text)) detail.push(i + 1);
    const rep = makeReport(r, out, m[1], span(r, i, col, col + m[1].length), detail);
    // "ERROR_CODE :550, ERROR_CODE :5.1.1 ..." is Zoho's way of writing "550 5.1.1 ..."
    const z = /ERROR_CODE ?:\s?([245]\d\d)\s?,\s?ERROR_CODE ?:\s?(?:([245]\.\d{1,3}\.\d{1,3})\s)?([^\n]{0,400})/.exec(rep.detail);
    if (z) {
      rep.reply = { code: Number(z[1]), enhanced: z[2], text: `${z[1]}${z[2] ? ' ' + z[2] : ''} ${z[3]}`.trim() };
      rep.status = z[2] ?? rep.status;
    }
  }
};

/**
 * fml (mailing-list manager): the list refuses or reports a post; the address in angle brackets on a
 * line of its report ("You are not a member of this mailing list <a@b>.").
 */
const fml: Recogniser = (r, out) => {
  const s = findLine(r, /not a member of this (?:mailing )?list|NOT MEMBER article from|reject (?:mail|spammers)|has detected a loop condition|Duplicated Message-ID|Loop Back Warning|fml system error|Security alert:/i);
  if (s < 0) return;
  const m = /<([^<>\s]{1,64}@[^<>\s]{1,255})>/.exec(r.lines[s].text);
  if (!m) return;
  const col = r.lines[s].text.indexOf(m[1]);
  const detail = [s, ...following(r, s, 4)];
  const text = detail.map(x => r.lines[x].text).join(' ');
  const hint: BounceReason = /loop|Duplicated Message-ID|system error/i.test(text) ? 'systemerror' : /Security alert/i.test(text) ? 'securityerror' : 'rejected';
  makeReport(r, out, m[1], span(r, s, col, col + m[1].length), detail, { reasonHint: hint, reasonHintWhy: `fml: ${squash(r.lines[s].text).slice(0, 120)}` });
};

/** An address alone on a line: bare, in quotes or angle brackets, with an optional colon or a [reason] / (reason) after it. */
const ADDR_LINE = /^\s*(?:"|<)?([^\s<>()"',;:[\]]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})(?:"|>)?:?(?:\s{1,20}[[(]([^\])]{1,300})[\])])?\s*$/;

/**
 * The last resort for writers without a recogniser of their own: each address alone on a line is a
 * recipient, and the lines under it (or the [reason] after it) say why. GMX ("\"a@b\":" then "SMTP
 * error from remote server after RCPT command:"), McAfee ("<a@b>   (User unknown a@b)"), "a@b [User
 * unknown]" writers, Biglobe (the addresses, then one "Non-delivered information" section for all).
 */
const FAILURE_WORDS = /could ?n[o']t be delivered|undeliver|delivery (?:problem|error|fail|status)|not (?:be )?delivered|failed|failure|returned mail|permanent|rejected|unknown|error/i;

const addressBlocks: Recogniser = (r, out) => {
  // an address on its own line is a signature in an ordinary reply: only a text that reports a failure counts
  if (!r.lines.slice(0, 80).some(l => FAILURE_WORDS.test(l.text))) return;
  const at: number[] = [];
  for (let i = 0; i < r.lines.length; i++) if (ADDR_LINE.test(r.lines[i].text)) at.push(i);
  if (!at.length || at.length > 1000) return;
  const seen = new Set<string>();
  const pending: HumanReport[] = [];
  for (let k = 0; k < at.length; k++) {
    const i = at[k];
    const m = ADDR_LINE.exec(r.lines[i].text)!;
    if (seen.has(m[1].toLowerCase())) continue;
    seen.add(m[1].toLowerCase());
    const detail: number[] = m[2] ? [i] : [];
    for (let j = i + 1; j < r.lines.length && j < (at[k + 1] ?? r.lines.length) && detail.length < 8; j++) {
      if (isBlank(r.lines[j].text)) { if (detail.length) break; if (j > i + 1) break; continue; }
      detail.push(j);
    }
    const col = r.lines[i].text.indexOf(m[1]);
    const rep = makeReport(r, out, m[1], span(r, i, col, col + m[1].length), detail.length ? detail : [i]);
    if (!detail.length) pending.push(rep);
  }
  // one explanation for all: the lines after the last address
  if (pending.length) {
    const last = at[at.length - 1];
    const shared: string[] = [];
    for (let j = last + 1; j < r.lines.length && shared.length < 10; j++) {
      const t = r.lines[j].text.trim();
      if (t && !/^-{3,}[^-]{0,60}-{3,}$/.test(t)) shared.push(t);
    }
    const text = squash(shared.join(' '));
    for (const rep of pending) if (text) { rep.detail = text; rep.status ??= bestEnhanced(text); const f = findReply(text); if (f?.code) rep.reply = { code: f.code, enhanced: f.enhanced, text: f.text }; }
  }
};

/** In the order they are tried; the first that finds a recipient wins. */
const RECOGNISERS: [string, Recogniser][] = [
  ['exchange', exchange], ['exchange2003', exchange2003], ['gmail', gmail], ['zoho', zoho], ['exim', exim], ['domino', domino], ['groupwise', groupwise],
  ['imail', imail], ['interscan', interscan], ['notes', notes], ['communigate', communigate], ['angle', angleBlocks], ['addressColon', addressColon],
  ['mfilter', mfilter], ['details', messageDetails], ['labelled', labelled], ['fml', fml], ['addresses', addressBlocks],
];

/** Read the recipients a bounce's explanation names. */
export function readHuman(r: Region): HumanResult {
  for (const [family, fn] of RECOGNISERS) {
    const out: HumanResult = { family, reports: [], mentions: [] };
    try { fn(r, out); } catch { continue; }
    // the generic readers may miss recipients written another way in the same list
    if (out.reports.length && (family === 'angle' || family === 'addressColon')) {
      const more: HumanResult = { family, reports: [], mentions: [] };
      try { addressBlocks(r, more); } catch { more.reports = []; }
      const have = new Set(out.reports.map(x => x.recipient.toLowerCase()));
      const base = out.reports.length;
      const keep = more.reports.map((x, i) => [x, i] as const).filter(([x]) => !have.has(x.recipient.toLowerCase()));
      keep.forEach(([x, i], k) => {
        out.reports.push(x);
        for (const m of more.mentions) if (m.report === i) out.mentions.push({ ...m, report: base + k });
      });
      // in document order, the mentions following their reports
      const order = out.reports.map((_, i) => i).sort((a, b) => out.reports[a].recipientSpan.start - out.reports[b].recipientSpan.start);
      const where = new Map(order.map((old, now) => [old, now]));
      out.reports = order.map(i => out.reports[i]);
      for (const m of out.mentions) m.report = where.get(m.report) ?? m.report;
    }
    if (out.reports.length) {
      const action = regionAction(r);
      for (const rep of out.reports) rep.action ??= action;
      attachTranscript(r, out);
      return out;
    }
  }
  return { family: 'none', reports: [], mentions: [] };
}

/**
 * sendmail's "Transcript of session follows": `>>> RCPT TO:<x>` / `<<< 550 ...`. A reply after a
 * recipient's RCPT belongs to that recipient; one after DATA to every recipient without a reply yet.
 */
function attachTranscript(r: Region, out: HumanResult): void {
  let cmd: string | undefined;
  for (const l of r.lines) {
    const c = /^\s*>>> (.{1,400})$/.exec(l.text);
    if (c) { cmd = c[1].trim(); continue; }
    const rr = /^\s*<<< (.{1,2000})$/.exec(l.text);
    if (!rr || !cmd) continue;
    const f = findReply(rr[1]);
    if (!f || (f.code ?? 0) < 400) continue;
    const rcpt = /^RCPT TO:\s?<([^<>]{1,320})>/i.exec(cmd)?.[1]?.toLowerCase();
    for (const rep of out.reports) {
      if (rcpt ? rep.recipient.toLowerCase() !== rcpt : !!rep.reply) continue;
      rep.command ??= normaliseCommand(/^(?:RCPT TO|MAIL FROM):/i.test(cmd) ? cmd : cmd.split(/\s/)[0]);
      if (!rep.reply) { rep.reply = { code: f.code, enhanced: f.enhanced, text: f.text }; rep.status ??= f.enhanced; }
    }
  }
}

/** Reply codes at the start of lines that no report claimed (sendmail's summary lines, pasted replies). */
export function looseMentions(r: Region, taken: Set<number>, out: HumanMention[]): void {
  for (const l of r.lines) {
    if (/^\s*(?:<<<|>>>)/.test(l.text)) continue;
    const p = indentOf(l.text);
    const f = findReply(l.text, 0);
    if (!f || f.at > p + 1 || f.code === undefined) continue;
    const s = viewSpan(r.view, l.start + f.at, l.start + f.headEnd);
    if (taken.has(s.start)) continue;
    out.push({ span: s, reply: { code: f.code, enhanced: f.enhanced, text: f.text }, report: -1 });
  }
}
