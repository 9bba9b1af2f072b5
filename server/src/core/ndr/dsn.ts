/**
 * The machine-readable part of a DSN (RFC 3464 message/delivery-status): a per-message block, then
 * one block per recipient, separated by blank lines. Field names are case-insensitive, values may be
 * folded over lines. Writers that forget the blank lines, repeat fields or add comments are read too.
 */
import { type Span, type TextView, type ViewLine, viewLines, viewSpan } from './text';

export interface DsnField {
  name: string;
  lname: string;
  /** unfolded value */
  value: string;
  /** view indexes: name start, value start on the first line, end of the last line */
  nameAt: number;
  valueAt: number;
  endAt: number;
  /** the lines of the field in the view */
  lines: ViewLine[];
}

export interface DsnBody {
  message: DsnField[];
  recipients: DsnField[][];
}

/** a field name, then the colon; some writers put blanks before it ("Action : failed") or use underscores */
const FIELD = /^([A-Za-z][A-Za-z0-9_-]{0,62})[ \t]{0,4}:[ \t]*/;
const RECIPIENT_FIELDS = new Set(['original-recipient', 'final-recipient', 'action', 'status', 'remote-mta', 'diagnostic-code',
  'last-attempt-date', 'final-log-id', 'will-retry-until', 'x-actual-recipient']);
const MAX_VALUE = 8192;

/** Read the fields of a delivery-status body (or of DSN text pasted elsewhere). */
export function parseDsn(v: TextView, lines: ViewLine[] = viewLines(v)): DsnBody {
  const blocks: DsnField[][] = [];
  let block: DsnField[] = [];
  const close = () => { if (block.length) blocks.push(block); block = []; };
  for (const ln of lines) {
    const t = ln.text;
    if (!t.trim()) { close(); continue; }
    const c = t.charCodeAt(0);
    if ((c === 32 || c === 9) && block.length) {
      const f = block[block.length - 1];
      if (f.value.length < MAX_VALUE) f.value += (f.value ? ' ' : '') + t.trim();
      f.endAt = ln.start + t.length;
      f.lines.push(ln);
      continue;
    }
    const m = FIELD.exec(t);
    if (!m) { close(); continue; }
    block.push({ name: m[1], lname: m[1].toLowerCase().replace(/_/g, '-'), value: t.slice(m[0].length, m[0].length + MAX_VALUE).trim(), nameAt: ln.start, valueAt: ln.start + m[0].length, endAt: ln.start + t.length, lines: [ln] });
  }
  close();

  const message: DsnField[] = [];
  const recipients: DsnField[][] = [];
  let first = true;
  for (const b of blocks) {
    let group: DsnField[] = [];
    const flush = () => { if (isRecipientGroup(group)) recipients.push(group); group = []; };
    for (const f of b) {
      if (first && !recipients.length && !group.length && !RECIPIENT_FIELDS.has(f.lname)) { message.push(f); continue; }
      // a field the group already has starts the next recipient (writers that leave out the blank line)
      if (group.some(g => g.lname === f.lname)) flush();
      group.push(f);
    }
    flush();
    first = false;
  }
  return { message, recipients };
}

function isRecipientGroup(g: DsnField[]): boolean {
  let action = false, status = false;
  for (const f of g) {
    if (f.lname === 'final-recipient' || f.lname === 'original-recipient' || f.lname === 'x-actual-recipient') return true;
    if (f.lname === 'action') action = true;
    if (f.lname === 'status') status = true;
  }
  return action && status;
}

export function field(fs: DsnField[], lname: string): DsnField | undefined {
  for (const f of fs) if (f.lname === lname) return f;
  return undefined;
}

/** "rfc822; <a@b>" -> "a@b"; "dns; mx.example.com (...)" -> "mx.example.com". */
export function typedValue(v: string): { type?: string; value: string } {
  const semi = v.indexOf(';');
  let type: string | undefined;
  let rest = v;
  if (semi > 0 && semi < 24 && /^[A-Za-z0-9/-]+$/.test(v.slice(0, semi).trim())) { type = v.slice(0, semi).trim(); rest = v.slice(semi + 1); }
  rest = rest.trim();
  return { type, value: rest };
}

export function addressValue(v: string): string {
  let a = typedValue(v).value;
  if (a.startsWith('<')) { const e = a.indexOf('>'); a = a.slice(1, e > 0 ? e : undefined); }
  return a.trim();
}

export function hostValue(v: string): string {
  return typedValue(v).value.split(/[\s(]/)[0].replace(/\.$/, '');
}

/** Document span of a field's value on its first line (for problems and hovers). */
export function valueSpan(v: TextView, f: DsnField): Span {
  const first = f.lines[0];
  let e = first.start + first.text.length;
  while (e > f.valueAt && /\s/.test(v.text.charAt(e - 1))) e--;
  return viewSpan(v, f.valueAt, Math.max(f.valueAt + 1, e));
}

export function nameSpan(v: TextView, f: DsnField): Span {
  return viewSpan(v, f.nameAt, f.nameAt + f.name.length);
}
