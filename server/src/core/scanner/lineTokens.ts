/** Token helpers shared by the dialects: the parts of a command line and of a reply line. */
import type { LineToken } from './tokens';

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?=$|[\s;,:)\]])/;
const ADDRESS = /<[^<>\s]{0,320}>/g;

/** Tokens of a reply starting at p: code, enhanced code, text, addresses. */
export function replyTokens(line: string, p: number, e: number): LineToken[] {
  const toks: LineToken[] = [{ kind: 'code', start: p, end: p + 3 }];
  let q = p + 4;
  while (q < e && (line.charCodeAt(q) === 32 || line.charCodeAt(q) === 9)) q++;
  const m = ENHANCED.exec(line.slice(q, Math.min(e, q + 12)));
  if (m) { toks.push({ kind: 'enhanced', start: q, end: q + m[0].length }); q += m[0].length; }
  if (q < e) toks.push({ kind: 'text', start: q, end: e });
  addAddresses(line, q, e, toks);
  return toks;
}

/** Tokens of a command starting at p: verb (MAIL FROM / RCPT TO count as one verb), args, addresses. */
export function commandTokens(line: string, p: number, e: number): LineToken[] {
  const toks: LineToken[] = [];
  let v = p;
  while (v < e && isVerbChar(line.charCodeAt(v))) v++;
  if (v === p) return toks;
  // "MAIL FROM:" / "RCPT TO:" : the verb token is the first word; args start after it
  toks.push({ kind: 'verb', start: p, end: v });
  let a = v;
  while (a < e && line.charCodeAt(a) === 32) a++;
  if (a < e) toks.push({ kind: 'args', start: a, end: e });
  addAddresses(line, a, e, toks);
  return toks;
}

/** A-Z a-z 0-9 . - _ (a character test, not a regex per character: this runs for every command the outline reads) */
function isVerbChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95;
}

function addAddresses(line: string, s: number, e: number, toks: LineToken[]): void {
  const seg = line.slice(s, e);
  ADDRESS.lastIndex = 0;
  for (let m = ADDRESS.exec(seg); m; m = ADDRESS.exec(seg)) {
    if (m[0].includes('@') || m[0] === '<>') toks.push({ kind: 'address', start: s + m.index, end: s + m.index + m[0].length });
  }
}

/** The first word of a command, upper-cased ("MAIL", "RCPT", "."), from a command line's payload. */
export function verbOf(payload: string): string {
  // the usual case without a regex: the text starts with the verb (the outline asks for every command)
  const c = payload.charCodeAt(0);
  if ((c | 32) >= 97 && (c | 32) <= 122) {
    let e = 1;
    while (e < payload.length && isVerbWordChar(payload.charCodeAt(e))) e++;
    return payload.slice(0, e).toUpperCase();
  }
  const m = /^\s*([A-Za-z][A-Za-z0-9\-_]*|\.)/.exec(payload);
  return m ? m[1].toUpperCase() : '';
}

/** A-Z a-z 0-9 - _ (the characters after a verb's first letter) */
function isVerbWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}
