/** Hover on a reply code, enhanced code, command verb or direction marker of an SMTP log. */
import type { Hover } from 'vscode-languageserver-types';
import { explainReply, lookupCommand } from '../knowledge';
import { headerOf, type LogModel, lineText, SessionFlag } from '../parser/model';
import { answeredBy, commandText, replyHead, replyInfo, timeOf, tokensOf } from '../parser/queries';
import { LineKind, type LineToken } from '../scanner/tokens';
import { code, escapeProse, type HoverDetail, renderExplanation } from './render';

export function logHover(m: LogModel, line: number, character: number, detail: HoverDetail): Hover | null {
  if (line < 0 || line >= m.lineCount) return null;
  const toks = tokensOf(m, line);
  const tok = toks.find(t => character >= t.start && character <= t.end && t.kind !== 'text' && t.kind !== 'args' && t.kind !== 'address');
  if (!tok) return null;
  const range = { start: { line, character: tok.start }, end: { line, character: tok.end } };
  const k = m.kind[line];
  if ((tok.kind === 'code' || tok.kind === 'enhanced') && (k === LineKind.Reply || k === LineKind.ReplyMore || k === LineKind.Status)) {
    const value = replyHoverMarkdown(m, line, detail, tok.start);
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
    if (detail === 'full') {
      parts.push(`Success replies: ${entry.replies.success.join(', ') || '-'}; failure replies: ${entry.replies.failure.join(', ') || '-'}`);
      parts.push(`*Sources: ${escapeProse(entry.sources.join('; '))}*`);
    }
    return { contents: { kind: 'markdown', value: parts.join('\n\n') }, range };
  }
  if (tok.kind === 'direction' || tok.kind === 'note') {
    const value = directionHover(m, line, tok);
    return value ? { contents: { kind: 'markdown', value }, range } : null;
  }
  return null;
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

/** The explanation of the reply that `line` belongs to (`at`: the reply under the cursor on lines with several), with the command it answers. */
export function replyHoverMarkdown(m: LogModel, line: number, detail: HoverDetail, at?: number): string | undefined {
  const ri = replyInfo(m, line, at);
  if (!ri) return undefined;
  const a = answeredBy(m, ri.lastLine, at);
  const e = explainReply({ code: ri.codeWritten ? ri.code : undefined, enhanced: ri.enhanced, text: ri.text, command: a.kind === 'command' ? a.verb : a.kind === 'endOfData' ? '<end of data>' : a.kind === 'greeting' ? '<connect>' : undefined });
  return renderExplanation(e, detail, { reply: `${replyHead(ri)} ${ri.text}`, answers: answersText(m, ri.lastLine, at) });
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
