/** Hover on a reply code, enhanced code, command verb or direction marker of an SMTP log. */
import type { Hover } from 'vscode-languageserver-types';
import { timeHover } from './logTime';
import { classOf, explainReply, type Explanation, extensionsIn, lookupCommand } from '../knowledge';
import { headerOf, type LogModel, lineText, SessionFlag } from '../parser/model';
import { type Answered, answeredBy, commandText, replyHead, replyAnchor, replyInfo, type ReplyInfo, timeOf, tokensOf } from '../parser/queries';
import { LineKind, type LineToken } from '../scanner/tokens';
import { code, escapeProse, type HoverDetail, renderExplanation } from './render';
import { securityLines, securityOfLine, sessionSecurity } from '../parser/security';

export function logHover(m: LogModel, line: number, character: number, detail: HoverDetail): Hover | null {
  const h = tokenHover(m, line, character, detail);
  const sec = line >= 0 && line < m.lineCount ? securityHover(m, line) : undefined;
  if (!sec) return h;
  if (!h) return { contents: { kind: 'markdown', value: sec }, range: { start: { line, character: 0 }, end: { line, character: lineText(m, line).length } } };
  const v = (h.contents as { value: string }).value;
  return { ...h, contents: { kind: 'markdown', value: `${v}\n\n---\n\n${sec}` } };
}

/**
 * On the first line of a session and on the lines its security facts come from: the session's TLS,
 * authentication and SPF / DKIM / DMARC verdicts, each with its line (a section of its own).
 */
function securityHover(m: LogModel, line: number): string | undefined {
  const s = m.session[line];
  // a line outside sessions (sendmail's STARTTLS=server before the queue id, postfix smtp's TLS line): its own facts
  const sec = s >= 0 ? sessionSecurity(m, s) : m.kind[line] === LineKind.Blank ? undefined : securityOfLine(lineText(m, line), line);
  if (!sec) return undefined;
  const at = securityLines(sec);
  if (!at.length || (s >= 0 && line !== m.sessions.first[s] && !at.includes(line))) return undefined;
  const where = (l: number) => (l === line ? '' : ` (line ${l + 1})`);
  const rows: string[] = [];
  if (sec.tls) rows.push(`- TLS: ${sec.tls.version ? code(sec.tls.version) : 'started'}${sec.tls.cipher ? `, cipher ${code(sec.tls.cipher)}` : ''}${sec.tls.note ? ` (${escapeProse(sec.tls.note)})` : ''}${where(sec.tls.line)}`);
  if (sec.auth) rows.push(`- Authentication: ${sec.auth.failed ? '**failed**' : 'succeeded'}${sec.auth.mechanism ? `, ${code(sec.auth.mechanism)}` : ''}${sec.auth.user ? ` as ${code(sec.auth.user)}` : ''}${where(sec.auth.line)}`);
  for (const [name, v] of [['SPF', sec.spf], ['DKIM', sec.dkim], ['DMARC', sec.dmarc]] as const) {
    if (v) rows.push(`- ${name}: ${code(v.result)}${v.domain ? ` for ${code(v.domain)}` : ''}${where(v.line)}`);
  }
  const whose = s < 0 ? 'this line' : m.sessions.flags[s] & SessionFlag.Message ? 'this message' : 'this session';
  return `**Security of ${whose}** (as the log writes it)\n${rows.join('\n')}`;
}

function tokenHover(m: LogModel, line: number, character: number, detail: HoverDetail): Hover | null {
  if (line < 0 || line >= m.lineCount) return null;
  const toks = tokensOf(m, line);
  const k = m.kind[line];
  const on = (t: LineToken) => character >= t.start && character <= t.end;
  // a status record that writes no code is explained from the text that stands for it
  const anchor = k === LineKind.Status ? replyAnchor(m, line, toks) : undefined;
  const tok = toks.find(t => on(t) && t.kind !== 'text' && t.kind !== 'args' && t.kind !== 'address') ?? (anchor?.kind === 'text' && on(anchor) ? anchor : undefined);
  if (!tok) return null;
  const range = { start: { line, character: tok.start }, end: { line, character: tok.end } };
  if ((tok.kind === 'code' || tok.kind === 'enhanced' || tok === anchor) && (k === LineKind.Reply || k === LineKind.ReplyMore || k === LineKind.Status)) {
    const value = replyHoverMarkdown(m, line, detail, tok.start);
    return value ? { contents: { kind: 'markdown', value }, range } : null;
  }
  if ((tok.kind === 'code' || tok.kind === 'enhanced') && k === LineKind.Other) {
    const value = quotedReplyHover(lineText(m, line), toks, detail);
    return value ? { contents: { kind: 'markdown', value }, range } : null;
  }
  if (tok.kind === 'verb') {
    const text = lineText(m, line);
    const verb = text.slice(tok.start, tok.end).toUpperCase();
    const entry = lookupCommand(verb);
    if (!entry) return null;
    const parts = [`**${escapeProse(entry.verb)}** ${escapeProse(entry.meaning)}`, `Syntax: ${code(entry.syntax)}`];
    if (k === LineKind.Command) {
      const r = m.pair[line];
      if (r >= 0) {
        const ri = replyInfo(m, r);
        if (ri) parts.push(`Answered on line ${r + 1}: ${code(`${ri.code}${ri.enhanced ? ' ' + ri.enhanced : ''} ${ri.text}`)}`);
      } else parts.push('No reply to this command appears in the log.');
    }
    if (entry.extension) parts.push(`An extension: the server offers it with ${code(entry.extension)} in its EHLO reply.`);
    if (detail === 'full') {
      for (const n of entry.notes ?? []) parts.push(escapeProse(n));
      parts.push(`Success replies: ${entry.replies.success.join(', ') || '-'}; failure replies: ${entry.replies.failure.join(', ') || '-'}`);
      parts.push(`*Sources: ${escapeProse(entry.sources.join('; '))}*`);
    }
    return { contents: { kind: 'markdown', value: parts.join('\n\n') }, range };
  }
  if (tok.kind === 'timestamp') return timeHover(m, line, character);
  if (tok.kind === 'direction' || tok.kind === 'note') {
    const value = directionHover(m, line, tok);
    return value ? { contents: { kind: 'markdown', value }, range } : null;
  }
  return null;
}

/**
 * A reply quoted on a line that is no record of its own (postfix debug_peer "send attr reason = host
 * ... said: 550 ..."): explained from its code, enhanced code and text. It is no problem of its own:
 * the record that reports the failure has it.
 */
function quotedReplyHover(text: string, toks: LineToken[], detail: HoverDetail): string | undefined {
  const c = toks.find(t => t.kind === 'code');
  if (!c) return undefined;
  const en = toks.find(t => t.kind === 'enhanced');
  const tx = toks.find(t => t.kind === 'text');
  const reply = text.slice(c.start, tx ? tx.end : en ? en.end : c.end);
  const command = /\(in reply to (RCPT TO|MAIL FROM|DATA|end of DATA|HELO|EHLO|STARTTLS|AUTH)\b/i.exec(text)?.[1];
  const e = explainReply({
    code: Number(text.slice(c.start, c.end)),
    enhanced: en ? text.slice(en.start, en.end) : undefined,
    text: tx ? text.slice(tx.start, tx.end) : '',
    command: command ? (/^end of DATA$/i.test(command) ? '<end of data>' : command.split(' ')[0].toUpperCase()) : undefined,
  });
  return renderExplanation(e, detail, { reply, answers: 'A reply quoted in a debug line: the delivery status line of the same message reports it as the problem.' });
}

/**
 * A direction marker (`<<<` / `>>>`, `<` / `>`, the event column of an Exchange protocol log) or a
 * field the format explains itself (an event id, IIS' 240 on QUIT): who sent the line, or what the
 * field means.
 */
function directionHover(m: LogModel, line: number, tok: LineToken): string | undefined {
  const text = lineText(m, line);
  const s = m.session[line];
  const outbound = s >= 0 && !!(m.sessions.flags[s] & SessionFlag.Outbound);
  const note = m.dialect?.describe?.(text, tok, outbound, headerOf(m, line));
  if (note) return `${code(note.head)} **${escapeProse(note.what)}** ${escapeProse(note.text)}`;
  if (tok.kind !== 'direction') return undefined;
  const marker = text.slice(tok.start, tok.end);
  const sent = marker.includes('>');
  const k = m.kind[line];
  const role = k === LineKind.Command ? 'a command' : k === LineKind.Reply || k === LineKind.ReplyMore ? 'a reply' : 'data';
  return sent
    ? `${code(marker)} **sent** by the server that wrote this log: ${role}${outbound ? ' (outbound session: this server is the client)' : ''}.`
    : `${code(marker)} **received** by the server that wrote this log: ${role}${outbound ? ' from the remote server (outbound session)' : ''}.`;
}

/** The command a reply answers, in explainReply's words ("RCPT", "<connect>", "<end of data>"). */
export function answeredCommand(a: Answered): string | undefined {
  switch (a.kind) {
    case 'command': return a.verb ? a.verb.toUpperCase() : undefined;
    case 'endOfData': return '<end of data>';
    case 'greeting': return '<connect>';
    case 'status': return a.text ? commandOfStatusContext(a.text) : undefined;
    default: return undefined;
  }
}

/** A status record's context ("RCPT TO:<x> via host", "the end of the message data", "the connection") as a command. */
function commandOfStatusContext(t: string): string | undefined {
  if (/^RCPT TO\b/i.test(t)) return 'RCPT';
  if (/^MAIL FROM\b/i.test(t)) return 'MAIL';
  if (/^the end of the message data/i.test(t)) return '<end of data>';
  if (/^the connection\b/i.test(t)) return '<connect>';
  const v = /^(DATA|BDAT|HELO|EHLO|VRFY|ETRN|STARTTLS|AUTH|XFORWARD|XCLIENT|QUIT|RSET)\b/i.exec(t);
  return v ? v[1].toUpperCase() : undefined;
}

/**
 * Logs repeat the same replies thousands of times: explanations are kept by their input (code,
 * enhanced code, command, text), a bounded map that is simply emptied when full. The explanations
 * are shared, so callers treat them as read-only.
 */
const explained = new Map<string, Explanation>();
const EXPLAINED_MAX = 4096;

/** What the knowledge says about the reply (or status record) `ri`: the one call hovers, problems and the CLI share. */
export function explainLogReply(m: LogModel, ri: ReplyInfo, at?: number): Explanation {
  const a = answeredBy(m, ri.lastLine, at);
  const input = {
    code: ri.codeWritten ? ri.code : undefined,
    enhanced: ri.enhanced,
    text: ri.text,
    command: answeredCommand(a),
    fallbackClass: ri.codeWritten ? undefined : classOf(ri.code),
    host: answeringHost(m, ri),
  };
  const key = `${input.code ?? ''}|${input.enhanced ?? ''}|${input.command ?? ''}|${input.fallbackClass ?? ''}|${input.host ?? ''}|${input.text}`;
  let e = explained.get(key);
  if (!e) {
    e = explainReply(input);
    if (explained.size >= EXPLAINED_MAX) explained.clear();
    explained.set(key, e);
  }
  return e;
}

const SAID_BY = /\bhost ([A-Za-z0-9][A-Za-z0-9.-]{0,253})\[[^\]]{1,64}\] said:|\brelay=([A-Za-z0-9][A-Za-z0-9.-]{0,253})\[|\bH=([A-Za-z0-9][A-Za-z0-9.-]{0,253}) \[/;

/**
 * The host that answered, when a status record names it (postfix "host mx.example[192.0.2.1] said:",
 * relay=, exim H=), so host-aware rules (a Gmail wording from Google) can apply.
 */
function answeringHost(m: LogModel, ri: ReplyInfo): string | undefined {
  if (m.kind[ri.lastLine] !== LineKind.Status) return undefined;
  const line = lineText(m, ri.lastLine);
  const h = SAID_BY.exec(line.length > 4000 ? line.slice(0, 4000) : line);
  return h ? h[1] ?? h[2] ?? h[3] : undefined;
}

/** The explanation of the reply that `line` belongs to (`at`: the reply under the cursor on lines with several), with the command it answers. */
export function replyHoverMarkdown(m: LogModel, line: number, detail: HoverDetail, at?: number): string | undefined {
  const ri = replyInfo(m, line, at);
  if (!ri) return undefined;
  const e = explainLogReply(m, ri, at);
  const lead = e.command === 'EHLO' && e.cls === 'success' ? extensionLines(ri.text) : [];
  const extra: string[] = [];
  const host = answeringHost(m, ri);
  if (e.hostOwner && host) extra.push(`*Explained as ${escapeProse(e.hostOwner)}'s reply: it came from ${code(host)}, a ${escapeProse(e.hostOwner)} host.*`);
  else if (e.otherHosts) extra.push(`*This wording means something specific from ${escapeProse(e.otherHosts.join(', '))} hosts; ${host ? `it came from ${code(host)}` : 'the log does not name the host that answered'}, so this is the generic explanation.*`);
  return renderExplanation(e, detail, { reply: `${replyHead(ri)} ${ri.text}`, answers: answersText(m, ri.lastLine, at), perspective: perspective(m, ri), lead, extra });
}

/** Whose side "sender" and "recipient" are in this log, when the log says it. */
function perspective(m: LogModel, ri: ReplyInfo): string | undefined {
  const s = m.session[ri.lastLine];
  if (s >= 0 && (m.sessions.flags[s] & SessionFlag.Outbound)) {
    return 'In this session the server (or tool) that wrote the log was the client: "the sending side" is this server, and the reply came from the remote server.';
  }
  if (m.kind[ri.lastLine] !== LineKind.Reply) return undefined;
  const d = tokensOf(m, ri.lastLine).find(t => t.kind === 'direction');
  if (d && lineText(m, ri.lastLine).charAt(d.start) === '>') {
    return 'This server sent the reply: "the recipient\'s mail administrator" is the administrator of the server that wrote this log.';
  }
  return undefined;
}

/** The extensions an EHLO reply offers, one line each, and what a missing STARTTLS means. */
function extensionLines(text: string): string[] {
  const offered = extensionsIn(text);
  if (offered.length === 0) return [];
  const lines = offered.map(x => {
    const mb = x.keyword === 'SIZE' && /^\d{1,12}$/.test(x.args) && Number(x.args) > 0 ? ` (${(Number(x.args) / 1048576).toFixed(1)} MB)` : '';
    return `- ${escapeProse(x.keyword)}${x.args ? ' ' + code(x.args) : ''}${mb}: ${escapeProse(x.meaning)}`;
  });
  const out = [`**Extensions offered**\n${lines.join('\n')}`];
  if (!offered.some(x => x.keyword === 'STARTTLS')) {
    out.push('**No STARTTLS offered:** normal in the EHLO reply that follows STARTTLS (the session is already encrypted). Otherwise mail to this server travels unencrypted, or a firewall doing SMTP inspection strips STARTTLS from the reply.');
  }
  return out;
}

/** "Answers `RCPT TO:<bob@example.com>` at 8:05:42 AM (line 12)." */
export function answersText(m: LogModel, replyLine: number, cursor?: number): string {
  const a = answeredBy(m, replyLine, cursor);
  const at = (l: number) => { const t = timeOf(m, l); return `${t ? ` at ${code(t)}` : ''} (line ${l + 1})`; };
  switch (a.kind) {
    case 'command': return `Answers ${code(a.text)}${at(a.line)}.`;
    case 'endOfData': return `Answers the end of the message data (the "." after ${code(commandText(m, a.line))}${at(a.line)}): the verdict on the message itself.`;
    case 'greeting': return 'The server\'s greeting when the connection opened.';
    case 'status': return a.text ? `Concerns ${code(a.text)}${((t) => t ? ` at ${code(t)}` : '')(timeOf(m, replyLine))}.` : '';
    default: return 'The command it answers is not in the log (the log starts in the middle of the session).';
  }
}
