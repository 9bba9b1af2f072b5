/**
 * Semantic tokens: what the TextMate grammars colour, for editors that have no TextMate grammar
 * (Neovim, Helix, Zed, Sublime LSP). Directions by side (received / sent), verbs, reply and enhanced
 * codes by class, timestamps, addresses, session and queue ids. The manifest maps every type to the
 * grammar's own scope (`semanticTokenScopes`), so VS Code's colours stay the same.
 *
 * Encoding: the LSP's relative 5-integer form (line delta, start delta, length, type, modifiers).
 */
import { type LogModel, lineText, SessionFlag } from '../parser/model';
import { tokensOf } from '../parser/queries';
import { LineKind, type LineToken } from '../scanner/tokens';
import { runAll, type Steps } from '../steps';

/** The legend: standard types where one fits (editors colour them by default), our own for reply classes. */
export const SEMANTIC_TOKEN_TYPES = [
  'comment',           // timestamp
  'keyword',           // direction: received by the server that wrote the log (<<<, <, <-, C: in a server log)
  'type',              // direction: sent by the server that wrote the log (>>>, >, ->)
  'function',          // command verb
  'string',            // address
  'variable',          // session / process / queue id
  'replySuccess',      // 2xx and 2.x.x
  'replyIntermediate', // 3xx
  'replyTransient',    // 4xx and 4.x.x
  'replyPermanent',    // 5xx and 5.x.x
] as const;
export const SEMANTIC_TOKEN_MODIFIERS: string[] = [];

export type SemanticTokenType = typeof SEMANTIC_TOKEN_TYPES[number];
const T = Object.fromEntries(SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i])) as Record<SemanticTokenType, number>;
const CLASS_TYPE: Record<string, number> = { '2': T.replySuccess, '3': T.replyIntermediate, '4': T.replyTransient, '5': T.replyPermanent };

/**
 * A full request covers at most this many lines (about 0.3 s on a 2-core machine; each edit asks again).
 * Beyond them VS Code keeps the TextMate colours, and range requests (the visible lines) still get tokens.
 */
export const SEMANTIC_TOKENS_MAX_LINES = 50_000;

function typeOf(m: LogModel, line: number, text: string, tok: LineToken): number | undefined {
  switch (tok.kind) {
    case 'timestamp': return T.comment;
    case 'verb': return T.function;
    case 'address': return T.string;
    case 'session': return T.variable;
    case 'direction': {
      const k = m.kind[line];
      const s = m.session[line];
      const outbound = s >= 0 && (m.sessions.flags[s] & SessionFlag.Outbound) !== 0;
      const commandSide = k === LineKind.Command || k === LineKind.Echo;
      const replySide = k === LineKind.Reply || k === LineKind.ReplyMore;
      if (!commandSide && !replySide) return text.charAt(tok.start) === '>' ? T.type : T.keyword;
      return commandSide !== outbound ? T.keyword : T.type;
    }
    case 'code':
    case 'enhanced': {
      const digit = text.charAt(tok.start);
      return CLASS_TYPE[digit] ?? CLASS_TYPE[String(Math.floor(m.code[line] / 100))];
    }
    default: return undefined;
  }
}

/**
 * The encoded tokens of lines [startLine, endLine] (all lines when omitted, up to SEMANTIC_TOKENS_MAX_LINES).
 * Tokens never overlap and come in order (an address inside a command's arguments is its own token).
 */
export function logSemanticTokens(m: LogModel, startLine = 0, endLine = m.lineCount - 1): { data: number[]; limited: boolean } {
  return runAll(startLogSemanticTokens(m, startLine, endLine));
}

/** A line's tokens weigh this many lines of a step (see Steps): they are read and typed one by one. */
const LINE_WEIGHT = 4;

/** logSemanticTokens in steps of lines: the same data. */
export function startLogSemanticTokens(m: LogModel, startLine = 0, endLine = m.lineCount - 1): Steps<{ data: number[]; limited: boolean }> {
  const data: number[] = [];
  let last = Math.min(endLine, m.lineCount - 1);
  let limited = false;
  if (last - startLine + 1 > SEMANTIC_TOKENS_MAX_LINES) { last = startLine + SEMANTIC_TOKENS_MAX_LINES - 1; limited = true; }
  let prevLine = 0, prevChar = 0;
  const first = Math.max(0, startLine);
  let line = first;
  let result: { data: number[]; limited: boolean } | undefined;
  const step = (n: number): { data: number[]; limited: boolean } | undefined => {
  if (result) return result;
  for (let w = Math.max(1, n); line <= last && w > 0; line++, w -= LINE_WEIGHT) {
    const toks = tokensOf(m, line);
    if (toks.length === 0) continue;
    const text = lineText(m, line);
    const typed: [number, number, number][] = [];
    for (const tok of toks) {
      const t = typeOf(m, line, text, tok);
      if (t !== undefined && tok.end > tok.start) typed.push([tok.start, tok.end, t]);
    }
    typed.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let end = 0;
    for (const [s, e, t] of typed) {
      if (s < end) continue; // overlapping (a token inside another): the outer one wins
      data.push(line - prevLine, line === prevLine ? s - prevChar : s, e - s, t, 0);
      prevLine = line; prevChar = s; end = e;
    }
  }
  if (line <= last) return undefined;
  return result = { data, limited };
  };
  const total = Math.max(0, last - first + 1) + 1;
  return { step, get done() { return result ? total : line - first; }, total };
}
