/**
 * SMTP replies inside free text ("host mx said: 550 5.1.1 <x>: User unknown", "#550 5.1.1 RESOLVER...##",
 * "Remote Server returned '554 5.7.1 ...'") and the command a bounce says the reply answered.
 * Hand-written scans and anchored patterns with bounded gaps only.
 */

export interface FoundReply {
  code?: number;
  enhanced?: string;
  /** index of the basic code (or of the enhanced code when there is none) in the string */
  at: number;
  /** index just past the code tokens ("550 5.1.1") */
  headEnd: number;
  /** the reply text from the code to the end of the string */
  text: string;
}

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }

const BEFORE_CODE = new Set([32, 9, 39, 34, 40, 91, 58, 59, 35, 60, 61, 62]); // blank ' " ( [ : ; # < = >
const AFTER_CODE = new Set([32, 9, 45, 39, 34, 41, 93, 44, 59, 58, 46, 62]);  // blank - ' " ) ] , ; : . >

/** Index of a basic reply code (2xx/4xx/5xx) standing on its own at or after `from`, or -1. */
export function basicCodeAt(s: string, from = 0): number {
  for (let i = from; i + 3 <= s.length; i++) {
    const a = s.charCodeAt(i);
    if (a !== 50 && a !== 52 && a !== 53) continue;
    if (!isDigit(s.charCodeAt(i + 1)) || !isDigit(s.charCodeAt(i + 2))) continue;
    if (i > 0 && !BEFORE_CODE.has(s.charCodeAt(i - 1))) continue;
    if (i + 3 < s.length) {
      const n = s.charCodeAt(i + 3);
      if (!AFTER_CODE.has(n)) continue;
      // "550.", "550:" only at the end or before a blank
      if ((n === 46 || n === 58) && i + 4 < s.length && s.charCodeAt(i + 4) !== 32) continue;
    }
    return i;
  }
  return -1;
}

/** An enhanced status code ("5.1.1", "4.7.650") at or after `from`: [index, length], or undefined. */
export function enhancedAt(s: string, from = 0): [number, number] | undefined {
  for (let i = from; i + 5 <= s.length; i++) {
    const a = s.charCodeAt(i);
    if ((a !== 50 && a !== 52 && a !== 53) || s.charCodeAt(i + 1) !== 46) continue;
    if (i > 0) { const b = s.charCodeAt(i - 1); if (isDigit(b) || b === 46 || (b | 32) === 118) continue; }
    let p = i + 2, n = 0;
    while (p < s.length && isDigit(s.charCodeAt(p)) && n < 4) { p++; n++; }
    if (n < 1 || n > 3 || s.charCodeAt(p) !== 46) continue;
    p++; n = 0;
    while (p < s.length && isDigit(s.charCodeAt(p)) && n < 4) { p++; n++; }
    if (n < 1 || n > 3) continue;
    if (p < s.length && s.charCodeAt(p) === 46 && isDigit(s.charCodeAt(p + 1))) continue; // an IP address
    return [i, p - i];
  }
  return undefined;
}

/**
 * The first failure reply (4xx/5xx) in a text, else the first reply at all: basic code, enhanced code
 * close after it (or anywhere when there is no basic code). A greeting or a vendor token in front of the
 * failure ("220-mx.example 421 4.2.1 ...") is not the reply.
 */
export function findReply(s: string, from = 0): FoundReply | undefined {
  let c = basicCodeAt(s, from);
  if (c >= 0 && s.charCodeAt(c) === 50) {
    for (let k = c + 3, n = 0; n < 8; n++) {
      const f = basicCodeAt(s, k);
      if (f < 0) break;
      if (s.charCodeAt(f) !== 50) { c = f; break; }
      k = f + 3;
    }
  }
  if (c >= 0) {
    let p = c + 3;
    // "550-5.1.1", "550 5.1.1", "554 554 5.7.0"
    let q = p;
    while (q < s.length && (s.charCodeAt(q) === 32 || s.charCodeAt(q) === 45 || s.charCodeAt(q) === 9)) q++;
    if (s.startsWith(s.slice(c, c + 3), q) && !isDigit(s.charCodeAt(q + 3))) { q += 3; while (q < s.length && s.charCodeAt(q) === 32) q++; }
    const en = enhancedAt(s, q);
    let enhanced: string | undefined;
    if (en && en[0] === q) { enhanced = s.slice(en[0], en[0] + en[1]); p = en[0] + en[1]; }
    else if (en && en[0] - c < 40 && s.charAt(en[0] - 1) === "'") { enhanced = s.slice(en[0], en[0] + en[1]); } // 550-'5.7.1 ...'
    return { code: Number(s.slice(c, c + 3)), enhanced, at: c, headEnd: p, text: s.slice(c).trim() };
  }
  const en = enhancedAt(s, from);
  if (en) return { enhanced: s.slice(en[0], en[0] + en[1]), at: en[0], headEnd: en[0] + en[1], text: s.slice(en[0]).trim() };
  return undefined;
}

/** The most specific enhanced code of a text: the first one that is not X.0.0 (or the first at all). */
export function bestEnhanced(s: string): string | undefined {
  let first: string | undefined;
  for (let i = 0, n = 0; i < s.length && n < 8; n++) {
    const en = enhancedAt(s, i);
    if (!en) break;
    const code = s.slice(en[0], en[0] + en[1]);
    if (!code.endsWith('.0.0')) return code;
    first ??= code;
    i = en[0] + en[1];
  }
  return first;
}

/**
 * The SMTP command a bounce says the reply answered, normalised: "RCPT TO:<x>", "MAIL FROM:<x>", "DATA",
 * "end of data", "connect", "HELO" ... or undefined.
 */
export function commandOf(text: string): string | undefined {
  let m = /in reply to ([A-Za-z][A-Za-z ]{0,30}?) command/i.exec(text);
  if (m) return normaliseCommand(m[1]);
  m = /\bafter ((?:RCPT TO|MAIL FROM):\s?<[^<>\s]{0,320}>|end of data|pipelined DATA|DATA|initial connection|HELO|EHLO|RCPT|MAIL|connect)/i.exec(text);
  if (m) return normaliseCommand(m[1]);
  m = /\[(RCPT_TO|MAIL_FROM|DATA|CONNECT)\]/.exec(text);
  if (m) return normaliseCommand(m[1].replace('_', ' '));
  if (/does not like recipient/i.test(text)) return 'RCPT TO';
  if (/failed after I sent the message/i.test(text)) return 'end of data';
  if (/does not like sender/i.test(text)) return 'MAIL FROM';
  m = /^\s*(?:>>>|Sent <<<)\s*((?:RCPT TO|MAIL FROM):\s?<[^<>\s]{0,320}>|DATA|HELO|EHLO)/im.exec(text);
  if (m) return normaliseCommand(m[1]);
  return undefined;
}

export function normaliseCommand(c: string): string {
  const t = c.trim();
  const u = t.toUpperCase();
  if (u === 'END OF DATA' || u === 'END OF DATA COMMAND') return 'end of data';
  if (u === 'PIPELINED DATA') return 'DATA';
  if (u === 'INITIAL CONNECTION' || u === 'CONNECT') return 'connect';
  if (u === 'RCPT' || u === 'RCPT TO') return 'RCPT TO';
  if (u === 'MAIL' || u === 'MAIL FROM') return 'MAIL FROM';
  if (/^(RCPT TO|MAIL FROM):/i.test(t)) return t.slice(0, 9).toUpperCase() + t.slice(9).replace(/^\s+/, '');
  return u;
}

/** The verb of a normalised command ("RCPT", "MAIL", "DATA", "<end of data>", "<connect>"). */
export function commandVerb(c: string | undefined): string | undefined {
  if (!c) return undefined;
  if (c === 'end of data') return '<end of data>';
  if (c === 'connect') return '<connect>';
  return c.split(/[\s:]/)[0].toUpperCase();
}
