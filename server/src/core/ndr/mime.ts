/**
 * A bounded, linear MIME reader over the ORIGINAL document text: header blocks (with folding),
 * multipart bodies (nested boundaries), embedded messages (message/rfc822, text/rfc822-headers),
 * and, for reading only, quoted-printable / base64 bodies and a few charsets. Everything is kept as
 * line numbers of the document; decoded text comes as a TextView that maps back to the document.
 *
 * Each nesting level scans its own lines once (at most MAX_DEPTH levels), so the cost is linear in
 * the size of the message. Malformed input (missing boundaries, missing blank lines, truncated
 * files) never throws: the reader records what it could not follow and carries on.
 */
import { endOf, isBlankLine, type Lines, sliceView, type Span, type TextView } from './text';

export interface HeaderField {
  /** the name as written ("Content-Type") and lower-cased */
  name: string;
  lname: string;
  /** the value unfolded (continuation lines joined with one space) */
  value: string;
  line: number;
  lastLine: number;
  /** document offsets: the name, and the value on the first line */
  nameStart: number;
  valueStart: number;
}

export interface MimeEntity {
  headers: HeaderField[];
  /** first header line (= bodyStart when the entity has no headers) */
  headerStart: number;
  bodyStart: number;
  /** line after the entity's last line (exclusive) */
  end: number;
  /** lower-cased "type/subtype"; text/plain when not given */
  type: string;
  params: Map<string, string>;
  /** lower-cased Content-Transfer-Encoding, '' when not given */
  encoding: string;
  /** parts of a multipart entity */
  children: MimeEntity[];
  /** the embedded message of message/rfc822, message/global and text/rfc822-headers */
  message?: MimeEntity;
  /** the boundary line that opens this part, -1 for a message */
  boundaryLine: number;
  depth: number;
  /** what the reader could not follow, in words */
  malformed?: string;
}

export const MAX_DEPTH = 8;
const MAX_ENTITIES = 2000;
const MAX_HEADER_LINES = 4000;
const MAX_VALUE = 16 * 1024;

const DSN_FIELD_NAMES = new Set(['reporting-mta', 'final-recipient', 'original-recipient', 'action', 'status', 'remote-mta',
  'diagnostic-code', 'arrival-date', 'original-envelope-id', 'received-from-mta', 'last-attempt-date']);

/** Parse a whole message (or a pasted part of one: text without headers is a body). */
export function parseMessage(d: Lines): MimeEntity {
  const budget = { entities: 0 };
  let first = 0;
  // leading blank lines, and an mbox "From " separator, before the headers
  while (first < d.lineCount - 1 && isBlankLine(d, first)) first++;
  if (first < d.lineCount && d.text.startsWith('From ', d.lineStart[first])) first++;
  if (headerNameEnd(d, first) < 0) first = 0;
  const top = parseEntity(d, first, d.lineCount, 0, -1, budget, false);
  // a pasted delivery-status block is a body, not a header block
  if (top.headers.length && DSN_FIELD_NAMES.has(top.headers[0].lname)) {
    return parseEntity(d, first, d.lineCount, 0, -1, budget, false, true);
  }
  return top;
}

/** The first value of a header field (lower-case name), or undefined. */
export function header(e: MimeEntity | undefined, lname: string): string | undefined {
  if (!e) return undefined;
  for (const h of e.headers) if (h.lname === lname) return h.value;
  return undefined;
}

export function headerField(e: MimeEntity | undefined, lname: string): HeaderField | undefined {
  return e?.headers.find(h => h.lname === lname);
}

function parseEntity(d: Lines, start: number, end: number, depth: number, boundaryLine: number,
  budget: { entities: number }, headersOnly: boolean, noHeaders = false): MimeEntity {
  budget.entities++;
  const { headers, bodyStart } = noHeaders ? { headers: [], bodyStart: start } : readHeaders(d, start, end);
  const ct = parseParams(headerValueOf(headers, 'content-type') ?? '');
  const e: MimeEntity = {
    headers, headerStart: start, bodyStart: headersOnly ? end : bodyStart, end,
    type: ct.value.toLowerCase() || 'text/plain', params: ct.params,
    encoding: (headerValueOf(headers, 'content-transfer-encoding') ?? '').trim().toLowerCase(),
    children: [], boundaryLine, depth,
  };
  if (!e.type.includes('/')) e.type = 'text/plain';
  if (depth >= MAX_DEPTH || budget.entities >= MAX_ENTITIES) {
    if (e.type.startsWith('multipart/') || isMessageType(e.type)) e.malformed = 'nested too deeply: not read further';
    return e;
  }
  if (e.type.startsWith('multipart/')) splitMultipart(d, e, budget);
  else if (isMessageType(e.type) && (e.encoding === '' || e.encoding === '7bit' || e.encoding === '8bit' || e.encoding === 'binary')) {
    e.message = parseEntity(d, e.bodyStart, end, depth + 1, -1, budget, e.type === 'text/rfc822-headers');
  }
  return e;
}

export function isMessageType(t: string): boolean {
  return t === 'message/rfc822' || t === 'message/global' || t === 'text/rfc822-headers' || t === 'message/global-headers';
}

function headerValueOf(hs: HeaderField[], lname: string): string | undefined {
  for (const h of hs) if (h.lname === lname) return h.value;
  return undefined;
}

/** Offset of the ':' ending a header name on line l, or -1 when the line is not a header line. */
function headerNameEnd(d: Lines, l: number): number {
  if (l >= d.lineCount) return -1;
  let s = d.lineStart[l];
  const e = endOf(d, l);
  if (s === 0 && d.text.charCodeAt(0) === 0xfeff) s = 1;   // a byte order mark before the first header
  let p = s;
  while (p < e) {
    const c = d.text.charCodeAt(p);
    if (c === 58) return p > s ? p : -1;
    if (c <= 32 || c >= 127) return -1;
    p++;
  }
  return -1;
}

function readHeaders(d: Lines, start: number, end: number): { headers: HeaderField[]; bodyStart: number } {
  const headers: HeaderField[] = [];
  let l = start;
  let cur: HeaderField | undefined;
  const limit = Math.min(end, start + MAX_HEADER_LINES);
  for (; l < limit; l++) {
    const s = d.lineStart[l], e = endOf(d, l);
    if (isBlankLine(d, l)) {
      // a line of blanks ends the header block (some writers put spaces on it)
      return { headers, bodyStart: l + 1 };
    }
    const c = d.text.charCodeAt(s);
    if ((c === 32 || c === 9) && cur) {
      if (cur.value.length < MAX_VALUE) cur.value += ' ' + d.text.slice(s, Math.min(e, s + MAX_VALUE)).trim();
      cur.lastLine = l;
      continue;
    }
    const colon = headerNameEnd(d, l);
    if (colon < 0) return { headers, bodyStart: l }; // not a header: the body starts without a blank line
    let v = colon + 1;
    while (v < e && (d.text.charCodeAt(v) === 32 || d.text.charCodeAt(v) === 9)) v++;
    const name = d.text.slice(s === 0 && d.text.charCodeAt(0) === 0xfeff ? 1 : s, colon);
    cur = { name, lname: name.toLowerCase(), value: d.text.slice(v, Math.min(e, v + MAX_VALUE)).trim(), line: l, lastLine: l, nameStart: s, valueStart: v };
    headers.push(cur);
  }
  return { headers, bodyStart: l };
}

/** "type/subtype; a=b; c=\"d\"" -> value and lower-cased parameter names. */
export function parseParams(v: string): { value: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const parts: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < v.length && i < MAX_VALUE; i++) {
    const c = v[i];
    if (c === '"') { quoted = !quoted; cur += c; continue; }
    if (c === '\\' && quoted && i + 1 < v.length) { cur += v[++i]; continue; }
    if (c === ';' && !quoted) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    let val = p.slice(eq + 1).trim();
    if (val.startsWith('"')) val = val.slice(1, val.endsWith('"') && val.length > 1 ? -1 : undefined);
    params.set(p.slice(0, eq).trim().toLowerCase(), val);
  }
  return { value: parts[0].trim(), params };
}

function splitMultipart(d: Lines, e: MimeEntity, budget: { entities: number }): void {
  const boundary = e.params.get('boundary');
  if (!boundary) { e.malformed = 'multipart without a boundary parameter: read as one text'; return; }
  const b = '--' + boundary;
  const opens: number[] = [];
  let closed = -1;
  const t = d.text;
  for (let l = e.bodyStart; l < e.end; l++) {
    const s = d.lineStart[l];
    if (t.charCodeAt(s) !== 45 || t.charCodeAt(s + 1) !== 45 || !t.startsWith(b, s)) continue;
    const le = endOf(d, l);
    let p = s + b.length;
    let close = false;
    if (t.charCodeAt(p) === 45 && t.charCodeAt(p + 1) === 45) { close = true; p += 2; }
    while (p < le && (t.charCodeAt(p) === 32 || t.charCodeAt(p) === 9)) p++;
    if (p !== le) continue;                     // a longer boundary that starts with ours
    if (close) { closed = l; break; }
    opens.push(l);
  }
  if (!opens.length) { e.malformed = `boundary "${boundary.slice(0, 70)}" not found: read as one text`; return; }
  const stop = closed >= 0 ? closed : e.end;
  if (closed < 0) e.malformed = 'closing boundary missing (truncated message?)';
  for (let i = 0; i < opens.length; i++) {
    const ps = opens[i] + 1;
    const pe = i + 1 < opens.length ? opens[i + 1] : stop;
    if (budget.entities >= MAX_ENTITIES) { e.malformed = 'too many parts: the rest was not read'; break; }
    e.children.push(parseEntity(d, ps, Math.max(ps, pe), e.depth + 1, opens[i], budget, false));
  }
}

/** Every entity of the tree in document order (embedded messages included when `intoMessages`). */
export function walk(e: MimeEntity, intoMessages: boolean, out: MimeEntity[] = []): MimeEntity[] {
  out.push(e);
  for (const c of e.children) walk(c, intoMessages, out);
  if (e.message && intoMessages) walk(e.message, intoMessages, out);
  return out;
}

// ------------------------------------------------------------------ decoding for reading

/** The body of an entity as text, transfer-decoded, at most `maxChars` characters of the document. */
/** Most characters read from one part (the reader says when a part is longer). */
export const MAX_VIEW_CHARS = 1 << 20;

export function bodyView(d: Lines, e: MimeEntity, maxChars = MAX_VIEW_CHARS): TextView {
  const start = e.bodyStart < d.lineCount ? d.lineStart[e.bodyStart] : d.text.length;
  let end = e.end < d.lineCount ? d.lineStart[e.end] : d.text.length;
  if (end < start) end = start;
  if (end - start > maxChars) end = start + maxChars;
  const charset = (e.params.get('charset') ?? '').toLowerCase();
  if (e.encoding === 'quoted-printable') return qpView(d.text, start, end, charset);
  if (e.encoding === 'base64') {
    const hl = e.headers.find(h => h.lname === 'content-transfer-encoding') ?? e.headers[0];
    const anchor: Span = hl ? { start: hl.nameStart, end: endOf(d, hl.line) } : { start, end: start };
    return base64View(d.text, start, end, charset, anchor);
  }
  if (charsetFamily(charset) === 'other') return rawView(d.text, start, end, charset) ?? sliceView(d.text, start, end);
  return sliceView(d.text, start, end);
}

/**
 * A 7bit / 8bit body in a legacy charset (ISO-2022-JP escapes, or bytes the reader kept as Latin-1):
 * decoded, each character at the offset of the byte that starts it. Undefined when there is nothing
 * to decode or the text holds characters that are not bytes (already decoded by the editor).
 */
function rawView(text: string, start: number, end: number, charset: string): TextView | undefined {
  let coded = false;
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c > 255) return undefined;
    if (c === 27 || c >= 128) coded = true;
  }
  if (!coded || !decoderFor(charset)) return undefined;
  const bytes: number[] = [], borig: number[] = [];
  for (let p = start; p < end; p++) { bytes.push(text.charCodeAt(p)); borig.push(p); }
  const out = new Builder();
  decodeBytes(bytes, borig, charset, out);
  const origin = Int32Array.from(out.origin);
  return { text: out.text(), at: i => (i < origin.length ? origin[i] : end), exact: true };
}

class Builder {
  units: number[] = [];
  origin: number[] = [];
  push(u: number, o: number): void { this.units.push(u); this.origin.push(o); }
  text(): string {
    let s = '';
    for (let i = 0; i < this.units.length; i += 8192) s += String.fromCharCode(...this.units.slice(i, i + 8192));
    return s;
  }
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function qpView(text: string, start: number, end: number, charset: string): TextView {
  const out = new Builder();
  const bytes: number[] = [], borig: number[] = [];
  const flush = () => { if (bytes.length) { decodeBytes(bytes, borig, charset, out); bytes.length = 0; borig.length = 0; } };
  let p = start;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 61) {
      const h = hexVal(text.charCodeAt(p + 1)), l = hexVal(text.charCodeAt(p + 2));
      if (p + 2 < end && h >= 0 && l >= 0) { bytes.push(h * 16 + l); borig.push(p); p += 3; continue; }
      let q = p + 1;
      while (q < end && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
      if (q >= end) { p = q; continue; }
      const n = text.charCodeAt(q);
      if (n === 13 && text.charCodeAt(q + 1) === 10) { p = q + 2; continue; }   // soft line break
      if (n === 10 || n === 13) { p = q + 1; continue; }
      bytes.push(61); borig.push(p); p++;
      continue;
    }
    if (c < 128) { bytes.push(c); borig.push(p); p++; continue; }
    flush();                                   // a character the editor already decoded
    out.push(c, p); p++;
  }
  flush();
  const s = out.text();
  const origin = Int32Array.from(out.origin);
  return { text: s, at: i => (i < origin.length ? origin[i] : end), exact: true };
}

const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((ch, i) => { B64[ch.charCodeAt(0)] = i; });

/** base64 characters of s[start, end) as bytes (anything else is skipped). */
export function base64Bytes(s: string, start: number, end: number): number[] {
  const out: number[] = [];
  let acc = 0, n = 0;
  for (let p = start; p < end; p++) {
    const c = s.charCodeAt(p);
    if (c === 61) break;
    const v = c < 128 ? B64[c] : -1;
    if (v < 0) continue;
    acc = (acc << 6) | v; n += 6;
    if (n >= 8) { n -= 8; out.push((acc >> n) & 255); }
  }
  return out;
}

function base64View(text: string, start: number, end: number, charset: string, anchor: Span): TextView {
  const bytes = base64Bytes(text, start, end);
  const out = new Builder();
  decodeBytes(bytes, new Array<number>(bytes.length).fill(anchor.start), charset, out);
  return { text: out.text(), at: () => anchor.start, exact: false, anchor };
}

// windows-1252 0x80..0x9f
const CP1252 = [0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178];

function charsetFamily(cs: string): 'utf8' | 'latin' | 'other' {
  if (!cs || cs === 'utf-8' || cs === 'utf8' || cs === 'us-ascii' || cs === 'ascii') return 'utf8';
  // only these are Latin-1 byte for byte (windows-1251 is Cyrillic, iso-8859-2 Central European ...)
  if (cs === 'iso-8859-1' || cs === 'iso_8859-1' || cs === 'latin1' || cs === 'windows-1252' || cs === 'cp1252') return 'latin';
  return 'other';
}

/** The WHATWG TextDecoder of the runtime (Node, browsers, web workers), typed here: the core has no DOM or Node types. */
interface Decoder { decode(input?: Uint8Array, options?: { stream?: boolean }): string }
type DecoderCtor = new (label: string, options?: { fatal?: boolean }) => Decoder;
const TEXT_DECODER = (globalThis as unknown as { TextDecoder?: DecoderCtor }).TextDecoder;

/** A decoder for a MIME charset label (ISO-2022-JP, Shift_JIS, EUC-JP, windows-1251, KOI8-R, GB2312, Big5 ...), or undefined. */
export function decoderFor(charset: string): Decoder | undefined {
  if (!TEXT_DECODER || !charset) return undefined;
  const label = charset.trim().toLowerCase().replace(/^x-(?=sjis|euc-jp)/, '').replace(/^sjis$/, 'shift_jis').replace(/^cp932$/, 'shift_jis');
  try { return new TEXT_DECODER(label); } catch { return undefined; }
}

/** Above this many bytes a legacy-charset text is decoded in one call and its characters placed at the first byte. */
const STREAM_LIMIT = 1 << 16;

/** Bytes in a charset to UTF-16 (with the document offset of each character). Unknown charsets keep ASCII only. */
export function decodeBytes(bytes: number[], borig: number[], charset: string, out: { push(u: number, o: number): void }): void {
  const fam = charsetFamily(charset);
  const n = bytes.length;
  if (fam === 'latin') {
    const w1252 = charset.startsWith('windows-') || charset === 'cp1252';
    for (let i = 0; i < n; i++) { const b = bytes[i]; out.push(w1252 && b >= 0x80 && b < 0xa0 ? CP1252[b - 0x80] : b, borig[i]); }
    return;
  }
  if (fam === 'other') {
    const dec = decoderFor(charset);
    if (!dec) {
      for (let i = 0; i < n; i++) out.push(bytes[i] < 128 ? bytes[i] : 0xfffd, borig[i]);
      return;
    }
    if (n > STREAM_LIMIT) {
      const s = dec.decode(Uint8Array.from(bytes));
      for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i), borig[0] ?? 0);
      return;
    }
    // byte by byte, so that every character keeps the offset of the byte that starts it
    let from = 0;
    const one = new Uint8Array(1);
    for (let i = 0; i < n; i++) {
      one[0] = bytes[i];
      const s = dec.decode(one, { stream: true });
      for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k), borig[from]);
      if (s.length) from = i + 1;
    }
    const rest = dec.decode();
    for (let k = 0; k < rest.length; k++) out.push(rest.charCodeAt(k), borig[Math.min(from, n - 1)] ?? 0);
    return;
  }
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x80) { out.push(b, borig[i]); continue; }
    let need = 0, cp = 0;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; } else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; } else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; } else { out.push(0xfffd, borig[i]); continue; }
    let ok = i + need < n;
    for (let k = 1; ok && k <= need; k++) { const cb = bytes[i + k]; if ((cb & 0xc0) !== 0x80) ok = false; else cp = (cp << 6) | (cb & 0x3f); }
    if (!ok) { out.push(0xfffd, borig[i]); continue; }
    if (cp >= 0x10000) { cp -= 0x10000; out.push(0xd800 + (cp >> 10), borig[i]); out.push(0xdc00 + (cp & 0x3ff), borig[i]); } else out.push(cp, borig[i]);
    i += need;
  }
}

/** Decode RFC 2047 encoded words in a header value ("=?UTF-8?B?...?=") for display. */
export function decodeWords(v: string): string {
  if (!v.includes('=?')) return v;
  const EW = /=\?([^?\s]{1,40})\?([bBqQ])\?([^?\s]{0,1000})\?=(?:[ \t]+(?==\?))?/g;
  return v.replace(EW, (_m, cs: string, enc: string, data: string) => {
    let bytes: number[];
    if (enc === 'b' || enc === 'B') bytes = base64Bytes(data, 0, data.length);
    else {
      bytes = [];
      for (let i = 0; i < data.length; i++) {
        const c = data.charCodeAt(i);
        if (c === 95) bytes.push(32);
        else if (c === 61 && hexVal(data.charCodeAt(i + 1)) >= 0 && hexVal(data.charCodeAt(i + 2)) >= 0) { bytes.push(hexVal(data.charCodeAt(i + 1)) * 16 + hexVal(data.charCodeAt(i + 2))); i += 2; } else bytes.push(c & 255);
      }
    }
    const b = new Builder();
    decodeBytes(bytes, new Array<number>(bytes.length).fill(0), (cs.split('*')[0] ?? '').toLowerCase(), b);
    return b.text();
  });
}
