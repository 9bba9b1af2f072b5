/**
 * Text from a log shown to a person (outline names, problem messages, hovers, the CLI's output) must
 * read as what the file holds: a terminal escape sequence or a Unicode bidi override in a log line
 * must not clear a screen, set a window title, hide a link or reorder what the Problems panel shows
 * (the "Trojan Source" trick). These helpers show such characters visibly instead: `\x1b`, `<U+202E>`.
 */

/**
 * C0 and C1 controls (tab and, when kept, line feed excepted), DEL, bidi controls and marks, zero-width
 * characters, line and paragraph separators, the byte order mark, interlinear annotation marks.
 */
const INVISIBLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const INVISIBLE_KEEP_NEWLINES = new RegExp(INVISIBLE.source.replace('\\u000a-\\u001f', '\\u000b-\\u001f'), 'g');

function show(c: string): string {
  const n = c.charCodeAt(0);
  if (n < 0x20 || (n >= 0x7f && n <= 0x9f)) return `\\x${n.toString(16).padStart(2, '0')}`;
  return `<U+${n.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * `text` with every control, bidi and invisible formatting character written out visibly
 * (`\x1b`, `\x00`, `<U+202E>`, `<U+FEFF>`). Tabs stay. Line feeds are shown too unless `keepNewlines`
 * (markdown and multi-line CLI output keep their own line breaks).
 */
export function visibleText(text: string, keepNewlines = false): string {
  // printable ASCII and tabs (nearly every outline name and problem message): nothing to rewrite, and a
  // loop over char codes costs far less than the regex's class and look-behind at every character
  let plain = true;
  for (let i = 0; i < text.length && plain; i++) { const c = text.charCodeAt(i); plain = c < 0x20 ? c === 9 : c < 0x7f; }
  if (plain) return text;
  const re = keepNewlines ? INVISIBLE_KEEP_NEWLINES : INVISIBLE;
  re.lastIndex = 0;
  return re.test(text) ? text.replace(re, show) : text;
}

/** Does the text hold a character visibleText would rewrite? */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
}

/**
 * `text` cut to at most `max` characters (counted before visibleText), saying how much was cut:
 * "… (+61,976 characters)". Never splits a surrogate pair.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}… (+${(text.length - end).toLocaleString('en-US')} characters)`;
}

/** A reply code a server can send: three digits, the first 2-5, the second 0-5 (RFC 5321 section 4.2). */
export function isValidReplyCode(code: string | number): boolean {
  const s = typeof code === 'number' ? String(code) : code.trim();
  return /^[2-5][0-5]\d$/.test(s);
}
