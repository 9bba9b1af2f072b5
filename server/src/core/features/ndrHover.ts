/**
 * Hover in a bounce: the reply codes (DSN Status: and Diagnostic-Code:, the reply quoted in the
 * explanation, Exchange's `#550 5.1.1 ... ##`) get the same explanation as in logs plus the bounce
 * reason, hard or soft, and what the sender and the administrator should do. DSN field names say
 * what the field is. Transcript lines (`>>> RCPT TO`, `<<< 550 ...`) are explained by the log reader.
 */
import type { Hover, Range } from 'vscode-languageserver-types';
import { explainReply } from '../knowledge';
import { REASONS } from '../knowledge/reasons';
import { espLine } from '../knowledge/esp';
import type { LogModel } from '../parser/model';
import { LineKind } from '../scanner/tokens';
import type { NdrModel, NdrReport, ReplyMention } from '../ndr/model';
import { commandVerb } from '../ndr/reply';
import { endOf, type Lines, positionOf, type Span } from '../ndr/text';
import { logHover } from './logHover';
import { code, escapeProse, type HoverDetail, renderExplanation } from './render';

const FIELD_HELP: Record<string, string> = {
  'reporting-mta': 'the mail server that wrote this report',
  'received-from-mta': 'the server the reporting server received the message from',
  'arrival-date': 'when the reporting server received the message',
  'original-envelope-id': 'the envelope id the sender gave (ENVID, RFC 3461)',
  'dsn-gateway': 'the gateway that translated a foreign report into this DSN',
  'final-recipient': 'the recipient address the reporting server tried to deliver to',
  'original-recipient': 'the recipient as the sender originally wrote it (ORCPT), before aliases or forwarding',
  'x-actual-recipient': 'the address (or program) the recipient was finally expanded to',
  action: 'what happened to this recipient: failed, delayed, delivered, relayed or expanded',
  status: 'the enhanced status code (RFC 3463) of the outcome for this recipient',
  'remote-mta': 'the remote server that gave the reply below',
  'diagnostic-code': "the remote server's reply (or the local error), verbatim",
  'last-attempt-date': 'the last delivery attempt',
  'will-retry-until': 'the sending server keeps retrying until this time (delayed reports)',
  'final-log-id': 'the id of this delivery in the reporting server\'s logs: give it to its administrator',
  'x-postfix-queue-id': 'the postfix queue id of the message: search the mail log for it',
  'x-postfix-sender': 'the envelope sender of the returned message',
  'feedback-type': 'the kind of feedback (abuse = the recipient marked the message as spam)',
  'original-rcpt-to': 'the recipient who complained',
  'source-ip': 'the IP address the reported message came from',
};

function rangeOf(d: Lines, s: Span): Range {
  const start = positionOf(d, s.start);
  let end = positionOf(d, Math.max(s.start, s.end));
  if (end.line !== start.line) end = { line: start.line, character: endOf(d, start.line) - d.lineStart[start.line] };
  return { start, end };
}

const contains = (s: Span, off: number) => off >= s.start && off <= s.end;

export function ndrHover(ndr: NdrModel, log: LogModel, line: number, character: number, detail: HoverDetail): Hover | null {
  if (line < 0 || line >= log.lineCount) return null;
  const off = log.lineStart[line] + character;
  const m = ndr.replies.find(r => contains(r.span, off) && positionOf(log, r.span.start).line === line);
  if (m) return { contents: { kind: 'markdown', value: mentionMarkdown(ndr, m, detail) }, range: rangeOf(log, m.span) };
  const f = ndr.fields.find(x => contains(x.span, off) && positionOf(log, x.span.start).line === line);
  if (f) {
    // Status: / Diagnostic-Code: explain the outcome like the code itself
    if ((f.lname === 'status' || f.lname === 'diagnostic-code') && f.report >= 0) {
      const target = ndr.replies.find(r => r.report === f.report && r.where === (f.lname === 'status' ? 'status' : 'diagnostic'))
        ?? ndr.replies.find(r => r.report === f.report);
      if (target) return { contents: { kind: 'markdown', value: mentionMarkdown(ndr, target, detail) }, range: rangeOf(log, f.span) };
    }
    const help = FIELD_HELP[f.lname];
    const parts = [`**${escapeProse(f.lname.replace(/(^|-)([a-z])/g, (_x, a: string, b: string) => a + b.toUpperCase()))}**${help ? ': ' + escapeProse(help) : ''}`, `Value: ${code(f.value)}`];
    if (f.report >= 0) parts.push(reportLine(ndr.reports[f.report]));
    return { contents: { kind: 'markdown', value: parts.join('\n\n') }, range: rangeOf(log, f.span) };
  }
  // the returned message's Authentication-Results: its verdicts, in words
  const ar = ndr.original?.authResults;
  if (ar && line >= ar.line && line <= ar.lastLine) {
    const rows = ([['SPF', ar.spf], ['DKIM', ar.dkim], ['DMARC', ar.dmarc]] as const).filter(([, v]) => v)
      .map(([n, v]) => `- ${n}: ${code(v!.result)}${v!.domain ? ` for ${code(v!.domain)}` : ''}`);
    const head = `**Authentication-Results** of the returned message${ar.server ? `, written by ${code(ar.server)}` : ''}: what the last server that checked it found.`;
    const fail = [ar.spf, ar.dkim, ar.dmarc].some(v => v && /^(?:fail|softfail|permerror)$/.test(v.result));
    const note = fail ? 'A failed check is a common reason for a rejection as spam or policy (5.7.x): the sending domain\'s SPF record, DKIM signature or DMARC alignment needs fixing.' : '';
    return { contents: { kind: 'markdown', value: [head, rows.join('\n') || 'No SPF, DKIM or DMARC verdict in it.', note].filter(Boolean).join('\n\n') }, range: { start: { line, character: 0 }, end: { line, character: endOf(log, line) - log.lineStart[line] } } };
  }
  // transcript lines inside the bounce: the log reader knows commands and replies
  const k = log.kind[line];
  if (k === LineKind.Reply || k === LineKind.ReplyMore || k === LineKind.Command) {
    const h = logHover(log, line, character, detail);
    if (h && typeof h.contents === 'object' && 'value' in h.contents && /^`(?:>>>|<<<)`/.test(h.contents.value)) {
      const sent = h.contents.value.startsWith('`>>>`');
      h.contents = { kind: 'markdown', value: sent
        ? '`>>>` **sent** by the server that wrote this bounce, in its session with the remote server (quoted in the report).'
        : '`<<<` **received** by the server that wrote this bounce from the remote server (quoted in the report).' };
    }
    return h;
  }
  return null;
}

/** One line about a report: recipient, action, status, reason, hard or soft. */
export function reportLine(r: NdrReport): string {
  return `Recipient ${code(r.recipient)}: ${escapeProse(r.action)}, status ${code(r.status ?? '-')}${r.statusInferred ? ' (inferred)' : ''}, reason **${escapeProse(r.reason)}** (${escapeProse(severityWords(r))})`;
}

function severityWords(r: NdrReport): string {
  if (r.severity === 'none') return 'not a failure';
  if (r.action === 'delayed') return 'soft: delayed, the sending server keeps trying';
  return r.severity === 'hard' ? 'hard bounce: this address will not work as written' : 'soft bounce: the same address may work later or after a fix';
}

function answers(command: string | undefined): string | undefined {
  if (!command) return undefined;
  if (command === 'end of data') return 'Answers the end of the message data: the verdict on the message itself (as the bounce reports it).';
  if (command === 'connect') return 'The remote server answered the connection itself (its greeting), before any command.';
  return `Answers ${code(command)} (as the bounce reports it).`;
}

function mentionMarkdown(ndr: NdrModel, m: ReplyMention, detail: HoverDetail): string {
  const rep = m.report >= 0 ? ndr.reports[m.report] : undefined;
  const reply = m.reply;
  const text = reply.text;
  // the host that answered: host-aware rules apply only to their own hosts
  const host = rep?.remoteMta ?? ndr.reportingMta;
  let e;
  if (m.where === 'status') {
    const status = reply.enhanced;
    const sameClass = reply.code !== undefined && status !== undefined && String(reply.code).charAt(0) === status.charAt(0);
    e = explainReply({ enhanced: status, code: sameClass ? reply.code : undefined, text, command: commandVerb(m.command ?? rep?.command), host });
  } else {
    e = explainReply({ code: reply.code, enhanced: reply.enhanced, text, command: commandVerb(m.command ?? rep?.command), host });
  }
  const extra: string[] = [];
  if (e.hostOwner && host) extra.push(`*Explained as ${escapeProse(e.hostOwner)}'s reply: it came from ${code(host)}, a ${escapeProse(e.hostOwner)} host.*`);
  else if (e.otherHosts) extra.push(`*This wording means something specific from ${escapeProse(e.otherHosts.join(', '))} hosts; ${host ? `it came from ${code(host)}` : 'the bounce does not name the host that answered'}, so this is the generic explanation.*`);
  const lead: string[] = [];
  if (rep) {
    const info = REASONS[rep.reason];
    lead.push(`**Bounce reason: ${escapeProse(rep.reason)}** (${escapeProse(info.title)}), ${escapeProse(severityWords(rep))}.`);
    extra.push(`**${escapeProse(rep.reason)}:** ${escapeProse(info.meaning)}`);
    extra.push(`Recipient ${code(rep.recipient)}: ${escapeProse(rep.action)}${rep.remoteMta ? `, reported by ${code(rep.remoteMta)}` : ''}. Decided from: ${code(rep.reasonWhy)}`);
    if (rep.esp) extra.push(`**As sending services class it:** ${escapeProse(espLine(rep.esp))}`);
    if (detail === 'full') {
      extra.push(`**What the sender should do:** ${escapeProse(info.sender)}`);
      extra.push(`**What the mail administrator checks:** ${escapeProse(info.admin)}`);
      if (rep.statusWritten) extra.push(`*The report writes the vague status ${code(rep.statusWritten)}; the diagnostic's ${code(rep.status ?? '')} is the specific one, and the one used here.*`);
      if (rep.statusInferred) extra.push(`*The report gives no status for this recipient; ${escapeProse(rep.status ?? '')} is inferred.*`);
    }
  }
  // on Status: the reply shown is the diagnostic of the report (what the remote server said)
  const shown = m.where === 'status' ? rep?.diagnostic : text;
  // the report's own reason (decided from code, text and context) replaces the explanation's bare one
  return renderExplanation(rep ? { ...e, reason: undefined } : e, detail, { reply: shown, answers: answers(m.command ?? rep?.command), lead, extra });
}
