/**
 * Time between lines: the hover on a timestamp (time since the previous line of the same session and
 * since the session started) and the inlay hints that show the delay before each reply (off by default:
 * setting smtpLog.inlayHints.replyDelay). Times are read from the line's own timestamp token with the
 * records' parser (records/time.ts); a format that writes only the time of day (Exchange 5.5 transcripts
 * without a date) is read as seconds of the day, and a difference that crosses midnight wraps.
 */
import type { Hover, InlayHint } from 'vscode-languageserver-types';
import { headerOf, type LogModel, lineText } from '../parser/model';
import { LineKind } from '../scanner/tokens';
import { parseTimestamp, YearTracker } from '../records/time';
import { code } from './render';

/** how far back (lines) a hover looks for the previous line of the session: interleaved logs can be far apart */
const MAX_BACK = 20_000;
/** most inlay hints per request (the editor asks for the visible lines) */
const MAX_HINTS = 5000;

interface LineTime { ms: number; dayOnly: boolean; text: string; start: number; end: number; whole: boolean }

const TIME_OF_DAY = /(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?\s*([AaPp][Mm])?/;

/** The time a line writes (its own timestamp token), or undefined. `years` orders yearless syslog times. */
function lineTime(m: LogModel, l: number, years?: YearTracker): LineTime | undefined {
  if (!m.dialect || m.kind[l] === LineKind.Blank) return undefined;
  const text = lineText(m, l);
  const tok = m.dialect.tokens(text, headerOf(m, l)).find(t => t.kind === 'timestamp');
  if (!tok) return undefined;
  const raw = text.slice(tok.start, tok.end);
  const p = parseTimestamp(raw, years);
  if (p) {
    const ms = Date.parse(/(?:Z|[+-]\d{2}:\d{2})$/.test(p.iso) ? p.iso : p.iso + 'Z');
    // a syslog time has no year: shown as written (the year only orders the lines)
    if (Number.isFinite(ms)) return { ms, dayOnly: false, text: p.yearInferred ? raw : p.iso.replace('T', ' '), start: tok.start, end: tok.end, whole: !p.iso.includes('.') };
  }
  const d = TIME_OF_DAY.exec(raw);
  if (!d) return undefined;
  let h = +d[1];
  const ap = d[5]?.toUpperCase();
  if (ap === 'PM' && h < 12) h += 12;
  if (ap === 'AM' && h === 12) h = 0;
  const ms = ((h * 60 + +d[2]) * 60 + +d[3]) * 1000 + (d[4] ? Math.round(Number('0.' + d[4]) * 1000) : 0);
  return { ms, dayOnly: true, text: raw, start: tok.start, end: tok.end, whole: !d[4] };
}

/** A span between two lines in words; "under a second" when both write whole seconds and they are equal. */
function span(a: LineTime, b: LineTime): string {
  const d = diff(a, b);
  return d === 0 && a.whole && b.whole ? 'under a second (the log writes whole seconds)' : formatDuration(d);
}

/** b - a in ms; yearless syslog times are read in order by one tracker, day-only times wrap at midnight. */
function diff(a: LineTime, b: LineTime): number {
  let d = b.ms - a.ms;
  if (a.dayOnly && b.dayOnly && d < 0) d += 86_400_000;
  return d;
}

/** "0.25 s", "12 s", "3 min 5 s", "2 h 3 min", "1 d 4 h"; a negative span says "earlier". */
export function formatDuration(ms: number): string {
  const neg = ms < 0;
  let x = Math.abs(ms);
  let s: string;
  if (x < 1000) s = `${+(x / 1000).toFixed(3)} s`;
  else if (x < 60_000) s = `${+(x / 1000).toFixed(x < 10_000 ? 2 : 1)} s`;
  else if (x < 3_600_000) { x = Math.round(x / 1000); s = `${Math.floor(x / 60)} min${x % 60 ? ` ${x % 60} s` : ''}`; }
  else if (x < 86_400_000) { x = Math.round(x / 60_000); s = `${Math.floor(x / 60)} h${x % 60 ? ` ${x % 60} min` : ''}`; }
  else { x = Math.round(x / 3_600_000); s = `${Math.floor(x / 24)} d${x % 24 ? ` ${x % 24} h` : ''}`; }
  return neg ? `${s} earlier` : s;
}

/** The hover of a timestamp token on `line`: the time in full, and the time since the previous line and the start of its session. */
export function timeHover(m: LogModel, line: number, character: number): Hover | null {
  const s = m.session[line];
  const first = s >= 0 ? m.sessions.first[s] : -1;
  // one tracker read in file order, so a session across New Year (syslog writes no year) is not a year backwards
  const years = new YearTracker({ year: 2000, month: 12 });
  let prev = -1;
  if (s >= 0) {
    for (let l = line - 1, n = 0; l >= first && n < MAX_BACK; l--, n++) if (m.session[l] === s && lineTime(m, l)) { prev = l; break; }
  }
  const startT = first >= 0 && first !== line ? lineTime(m, first, years) : undefined;
  const prevT = prev >= 0 && prev !== first ? lineTime(m, prev, years) : prev === first ? startT : undefined;
  const here = lineTime(m, line, years);
  if (!here || character < here.start || character > here.end) return null;
  const parts = [`**${code(here.text)}**${here.dayOnly ? ' (the log writes no date)' : ''}`];
  if (prevT && prev >= 0 && prev !== first) parts.push(`${span(prevT, here)} since the previous line of this session (line ${prev + 1})`);
  if (startT) parts.push(`${span(startT, here)} since the session started (line ${first + 1})`);
  else if (s >= 0 && first === line) parts.push('The session starts here.');
  else if (s < 0) parts.push('This line belongs to no session.');
  return { contents: { kind: 'markdown', value: parts.join('\n\n') }, range: { start: { line, character: here.start }, end: { line, character: here.end } } };
}

/**
 * Inlay hints for lines startLine..endLine: before each reply (the reply code), the time since the command
 * it answers ("+0.25 s"), when both lines write a time.
 */
export function replyDelayHints(m: LogModel, startLine: number, endLine: number): { hints: InlayHint[]; limited: boolean } {
  const hints: InlayHint[] = [];
  const from = Math.max(0, startLine), to = Math.min(m.lineCount - 1, endLine);
  for (let l = from; l <= to; l++) {
    if (m.kind[l] !== LineKind.Reply) continue;
    const c = m.pair[l];
    if (c < 0 || c >= l) continue;
    if (hints.length >= MAX_HINTS) return { hints, limited: true };
    const years = new YearTracker({ year: 2000, month: 12 });
    const tc = lineTime(m, c, years);
    const tr = tc && lineTime(m, l, years);
    if (!tc || !tr) continue;
    const text = lineText(m, l);
    const codeTok = m.dialect!.tokens(text, headerOf(m, l)).find(t => t.kind === 'code' || t.kind === 'enhanced');
    const d = diff(tc, tr);
    hints.push({
      position: { line: l, character: codeTok ? codeTok.start : tr.end },
      label: `+${formatDuration(d)}`,
      kind: 1,
      paddingRight: true,
      tooltip: `The reply came ${formatDuration(d)} after the command it answers (line ${c + 1}).`,
    });
  }
  return { hints, limited: false };
}
