/** Entry point of the parser: guards against bad input, picks the format, parses. */
import { detectDialect, DIALECTS, sampleLines } from '../scanner/dialects';
import type { LogModel } from './model';
import { tolerant } from '../scanner/tolerant';
import { misreadUtf16, utf16Note } from '../detect/encoding';
import { startParseWithDialect, startResumeParse } from './sessionParser';
import { runAll, type Steps } from '../steps';

export interface ParseOptions {
  /** force a format id instead of detecting it */
  format?: string;
  /**
   * the text was decoded from bytes and checked by the caller (the streaming reader looks at the head
   * of each file once): no second look for UTF-16 read as single bytes or binary data per block
   */
  decoded?: boolean;
  /**
   * the model of an earlier version of the same document: when the text is that version with lines
   * appended (a log written while it is open), the parse goes on from where that one ended and gives
   * the same model as a parse from the top
   */
  previous?: LogModel;
  /**
   * with `previous`: the characters the text has after previous's text, when the caller knows them (an
   * editor's change appended them). The two texts are then not compared, and the model reads its text in
   * pieces (LogModel.pieces), so the appended lines are parsed without V8 copying the whole text.
   */
  appended?: string;
}

/** Characters of the head that decide the format, UTF-16 and binary data (sampleLines' default window). */
const HEAD_CHARS = 256 * 1024;

export function parseLog(text: string, options: ParseOptions = {}): LogModel {
  return runAll(startParseLog(text, options));
}

/**
 * parseLog in steps of lines: a server parses a large log a slice at a time and answers other requests
 * between slices (or drops the parse when a newer version came). The model is the one parseLog gives.
 */
export function startParseLog(text: string, options: ParseOptions = {}): Steps<LogModel> {
  // an append to a text whose whole head was already read: the same head gives the same decisions
  if (options.previous?.dialect && !options.format && options.previous.text.length > HEAD_CHARS) {
    const m = startResumeParse(options.previous, text, options.appended);
    if (m) return m;
  }
  const notes: string[] = [];
  const u16 = options.decoded ? undefined : misreadUtf16(text);
  if (u16) { notes.push(utf16Note(u16.order)); text = u16.text; }
  const binary = options.decoded ? undefined : binaryVerdict(text);
  if (binary) {
    notes.push(binary);
    return startParseWithDialect(text, undefined, 'binary', 'binary data', notes);
  }
  const dialect = options.format
    ? DIALECTS.find(d => d.id === options.format)
    : detectDialect(sampleLines(text));
  // same format read from the same head (no UTF-16 or binary note): parse the appended lines only
  if (options.previous && dialect && !u16 && options.previous.format === dialect.id) {
    const m = startResumeParse(options.previous, text);
    if (m) return m;
  }
  if (!dialect) {
    if (text.trim().length) notes.push('No SMTP log format was recognised in the first lines: the file is shown as plain text.');
    return startParseWithDialect(text, undefined, 'plain', 'plain text', notes);
  }
  return startParseWithDialect(text, tolerant(dialect), dialect.id, dialect.name, notes);
}

/** A message when the start of the text is binary data (or UTF-16 read as UTF-8), else undefined. */
export function binaryVerdict(text: string): string | undefined {
  const n = Math.min(text.length, 8192);
  if (n === 0) return undefined;
  let control = 0, nulOdd = 0, nulEven = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) { if (i & 1) nulOdd++; else nulEven++; }
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 0xfffd) control++;
  }
  if ((nulOdd > n * 0.3 && nulEven < n * 0.05) || (nulEven > n * 0.3 && nulOdd < n * 0.05)) {
    return 'This file looks like UTF-16 text read as UTF-8 (every other byte is NUL): reopen it with the encoding "UTF-16 LE" (or BE) to analyze it.';
  }
  if (control > n * 0.1) {
    return `This file looks like binary data (${Math.round((control / n) * 100)}% control bytes in its first ${n} characters): it is not analyzed.`;
  }
  return undefined;
}
