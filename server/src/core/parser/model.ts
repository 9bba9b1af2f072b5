/**
 * The parsed model of an SMTP log. Per-line facts live in typed arrays (struct of arrays), so a
 * 50 MB log costs a few bytes per line above its text; everything else (labels, tokens, outcomes)
 * is derived on demand from the line text.
 */

export { LineKind, type LineKindValue } from '../scanner/tokens';
import { LineKind } from '../scanner/tokens';
import type { Dialect } from '../scanner/dialect';

/** Special values of `pair` for reply lines. */
export const PAIR_NONE = -1;      // reply answers nothing we saw (log started mid-session)
export const PAIR_GREETING = -2;  // the server's greeting after the connection opened

/** Session flags. */
export const SessionFlag = {
  Closed: 1,     // QUIT / 221 seen
  Outbound: 2,   // the logging server was the client (its commands are sent, replies received)
  Message: 4,    // the session is a message (queue id, message id), not a connection
} as const;

export class SessionTable {
  count = 0;
  first: Int32Array<ArrayBuffer> = new Int32Array(16);
  last: Int32Array<ArrayBuffer> = new Int32Array(16);
  flags = new Uint8Array(16);
  /**
   * The connection session a message session was received in (postfix smtpd `client=`, exim `<=`
   * with `H=`), else -1. Only the outline reads it: the sessions stay separate everywhere else.
   * Empty until the first link (formats that never link sessions pay nothing for it): read it with
   * parentOf.
   */
  parent: Int32Array<ArrayBuffer> = new Int32Array(0);

  add(line: number): number {
    if (this.count === this.first.length) {
      this.first = grow(this.first); this.last = grow(this.last);
      if (this.parent.length) this.parent = grow(this.parent, -1);
      const f = new Uint8Array(this.flags.length * 2); f.set(this.flags); this.flags = f;
    }
    const s = this.count++;
    this.first[s] = line; this.last[s] = line; this.flags[s] = 0;
    return s;
  }

  /** The session `s` was received in, or -1. */
  parentOf(s: number): number {
    return s < this.parent.length ? this.parent[s] : -1;
  }

  /** Links session `s` to the session it was received in. */
  setParent(s: number, p: number): void {
    if (this.parent.length === 0) this.parent = new Int32Array(this.first.length).fill(-1);
    this.parent[s] = p;
  }

  /** Drop the spare capacity once parsing is over. */
  trim(): void {
    this.first = this.first.slice(0, this.count);
    this.last = this.last.slice(0, this.count);
    this.flags = this.flags.slice(0, this.count);
    if (this.parent.length) this.parent = this.parent.slice(0, this.count);
  }
}

function grow(a: Int32Array, fill = 0): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  if (fill) b.fill(fill, a.length);
  b.set(a);
  return b;
}

/**
 * The text of a model that grew by appends, in two flat pieces: `head` (the text as it was when it was
 * last parsed from the top, ending with a line break) and `tail` (every line appended since). No line
 * crosses from one to the other. An editor's text after an append is its old text and the appended
 * lines joined (a V8 cons string); the first character read from it makes V8 copy the whole text into
 * one new string, which costs as much as the text is long (130-280 ms for 45 MB on a 2-core VM, where
 * fresh memory is slow to touch): reading through the pieces never makes that copy.
 */
export interface TextPieces { readonly head: string; readonly tail: string }

/** A parsed SMTP log. */
export interface LogModel {
  /**
   * The whole text. After an append (`pieces` set) it is read only through lineText, lineEnd, codeAt,
   * textSlice and textPieces, never directly: see TextPieces.
   */
  readonly text: string;
  /** after an append to a long text: the text in two pieces (see TextPieces); else undefined */
  readonly pieces?: TextPieces;
  /** id of the detected format, e.g. "exchange-transcript"; "plain" when nothing was recognised */
  readonly format: string;
  readonly formatName: string;
  /** the format's scanner, for tokens of single lines (undefined for plain text and binary data) */
  readonly dialect: Dialect<unknown> | undefined;
  readonly lineCount: number;
  /** lineStart[i] = offset of line i; lineStart[lineCount] = text.length + 1 */
  readonly lineStart: Uint32Array;
  readonly kind: Uint8Array;
  /** reply code of Reply / ReplyMore lines, else 0 */
  readonly code: Uint16Array;
  /** session of each line, -1 for none */
  readonly session: Int32Array;
  /**
   * Reply line: the command line it answers (or PAIR_NONE / PAIR_GREETING);
   * ReplyMore line: the Reply line that ends its reply;
   * Command line: the Reply line that answers it (PAIR_NONE if none).
   * Empty when no line of the log is a Command, Reply or ReplyMore (syslog formats without a debug
   * transcript: 4 bytes per line saved), else one entry per line: read it on such lines only.
   */
  readonly pair: Int32Array;
  readonly sessions: SessionTable;
  /**
   * Header lines that declare columns (`#Fields:` of W3C-style logs), in order: the one before a
   * line is the layout of that line.
   */
  readonly fieldsLines: Int32Array;
  /** what the analyzer skipped or cut, in words a user understands (binary data, huge lines, ...) */
  readonly notes: string[];
  /**
   * Sessions the parser would still add lines to when the text ended: keyed sessions that own their
   * key, or the last session of a format whose sessions follow each other when it was not closed. The
   * streaming reader carries these into its next block.
   */
  readonly openSessions?: Int32Array;
}

type Text = Pick<LogModel, 'text' | 'pieces'>;

/** The character code at offset i of the model's text (NaN past its end), read through its pieces. */
export function codeAt(m: Text, i: number): number {
  const p = m.pieces;
  if (!p) return m.text.charCodeAt(i);
  const h = p.head.length;
  return i < h ? p.head.charCodeAt(i) : p.tail.charCodeAt(i - h);
}

/** The model's text from s to e, read through its pieces. */
export function textSlice(m: Text, s: number, e: number): string {
  const p = m.pieces;
  if (!p) return m.text.slice(s, e);
  const h = p.head.length;
  if (s >= h) return p.tail.slice(s - h, e - h);
  if (e <= h) return p.head.slice(s, e);
  return p.head.slice(s) + p.tail.slice(0, e - h);
}

/** The flat pieces of the model's text with the offset each starts at (one piece unless it grew by appends). */
export function textPieces(m: Text): { text: string; base: number }[] {
  const p = m.pieces;
  return p ? [{ text: p.head, base: 0 }, { text: p.tail, base: p.head.length }] : [{ text: m.text, base: 0 }];
}

/** Offset just past the last character of line i (before its CR/LF). */
export function lineEnd(m: Pick<LogModel, 'text' | 'pieces' | 'lineStart'>, i: number): number {
  let e = m.lineStart[i + 1] - 1;
  if (e > m.lineStart[i] && codeAt(m, e - 1) === 13 && codeAt(m, e) === 10) e--;
  return Math.min(e, m.text.length);
}

export function lineText(m: Pick<LogModel, 'text' | 'pieces' | 'lineStart'>, i: number): string {
  return textSlice(m, m.lineStart[i], lineEnd(m, i));
}

/** The `#Fields:` line in force at line i (the last one before it), or undefined. */
export function headerOf(m: Pick<LogModel, 'text' | 'pieces' | 'lineStart' | 'fieldsLines'>, i: number): string | undefined {
  const f = m.fieldsLines;
  let lo = 0, hi = f.length - 1, at = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (f[mid] < i) { at = mid; lo = mid + 1; } else hi = mid - 1; }
  return at >= 0 ? lineText(m, f[at]) : undefined;
}

/** First line of the reply that ends at `replyLine` (walks back over its continuation lines). */
export function replyFirstLine(m: LogModel, replyLine: number): number {
  let l = replyLine;
  while (l > 0 && m.kind[l - 1] === LineKind.ReplyMore && m.pair[l - 1] === replyLine) l--;
  return l;
}
