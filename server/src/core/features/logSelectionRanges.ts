/**
 * Selection ranges (Expand Selection): the identifier under the cursor -> the line -> the reply with
 * the command it answers (a multi-line reply whole) -> the session -> the document.
 */
import type { Position, Range, SelectionRange } from 'vscode-languageserver-types';
import { type LogModel, lineEnd, lineText, replyFirstLine } from '../parser/model';
import { LineKind } from '../scanner/tokens';
import { identifierAt } from './logReferences';

const lines = (m: LogModel, a: number, b: number): Range => ({ start: { line: a, character: 0 }, end: { line: b, character: lineEnd(m, b) - m.lineStart[b] } });

/** [first, last] line of the exchange `line` belongs to: a command and its reply, or a reply and its command. */
function exchangeOf(m: LogModel, line: number): [number, number] | undefined {
  const k = m.kind[line];
  let replyLast = -1, command = -1;
  if (k === LineKind.Reply) { replyLast = line; command = m.pair[line]; }
  else if (k === LineKind.ReplyMore) { replyLast = m.pair[line]; if (replyLast >= 0) command = m.pair[replyLast]; }
  else if (k === LineKind.Command) { replyLast = m.pair[line]; command = line; }
  if (replyLast < 0 || replyLast >= m.lineCount) return undefined;
  let first = replyFirstLine(m, replyLast);
  if (command >= 0 && command < first && m.session[command] === m.session[replyLast]) first = command;
  return [Math.min(first, line), Math.max(replyLast, line)];
}

export function logSelectionRanges(m: LogModel, positions: Position[]): SelectionRange[] {
  return positions.map(pos => {
    const line = Math.max(0, Math.min(pos.line, m.lineCount - 1));
    const chain: Range[] = [];
    const text = lineText(m, line);
    const id = identifierAt(text, pos.character);
    if (id) chain.push({ start: { line, character: id.start }, end: { line, character: id.start + id.text.length } });
    chain.push(lines(m, line, line));
    const ex = exchangeOf(m, line);
    if (ex) chain.push(lines(m, ex[0], ex[1]));
    const s = m.session[line];
    if (s >= 0) chain.push(lines(m, Math.min(m.sessions.first[s], ex?.[0] ?? line), Math.max(m.sessions.last[s], ex?.[1] ?? line)));
    chain.push(lines(m, 0, m.lineCount - 1));
    // each range contains the one before; equal neighbours collapse into one
    let parent: SelectionRange | undefined;
    const distinct = chain.filter((r, i) => i === 0 || !sameRange(r, chain[i - 1]));
    for (let i = distinct.length - 1; i >= 0; i--) parent = { range: distinct[i], parent };
    return parent!;
  });
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
