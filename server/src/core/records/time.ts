/**
 * Timestamps as logs write them, turned into ISO 8601. What the log writes is kept: an offset when it
 * gives one (RFC 3339 syslog, Exchange's `Z`), none when it writes local time (classic syslog, exim,
 * transcripts), so a database reads it in its own time zone. Classic syslog writes no year: a
 * `YearTracker` infers it from a reference date (the file's modification time, else today) and counts
 * the rollovers (December -> January) as lines go by; the records say so (`smtp.year_inferred`).
 * Hand-written matching: this runs once per record on the export's hot path, on text of a known shape.
 */

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

const p2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** Tracks the year of yearless (syslog) timestamps in one stream of lines. */
export class YearTracker {
  private year: number;
  private lastMonth = 0;
  private started = false;
  /** `reference`: a date at or after the first line (the file's modification time, or now) */
  constructor(private readonly reference: { year: number; month: number }) { this.year = reference.year; }

  yearFor(month: number): number {
    if (!this.started) {
      this.started = true;
      // the file was last written at the reference date: a first month later than that is last year's
      this.year = month > this.reference.month ? this.reference.year - 1 : this.reference.year;
    } else if (this.lastMonth - month >= 6) {
      this.year++; // December -> January
    } else if (month - this.lastMonth >= 6) {
      return this.year - 1; // an older line asked for again (a session's first line): last year's, no rollover
    }
    this.lastMonth = month;
    return this.year;
  }
}

export interface ParsedTime { iso: string; yearInferred: boolean }

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|[+-]\d{2}:?\d{2})?/;
const SYSLOG = /^([A-Z][a-z]{2})\s{1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,6}))?\s*([AaPp][Mm])?/;
const CLF = /^\[?(\d{1,2})\/([A-Z][a-z]{2})\/(\d{4})[: ](\d{2}):(\d{2}):(\d{2})(?:\s*([+-]\d{4}))?/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?/;

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, off: string | undefined): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  let iso = `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}`;
  if (frac) iso += '.' + frac.slice(0, 6);
  if (off) iso += off === 'Z' ? 'Z' : off.length === 5 ? `${off.slice(0, 3)}:${off.slice(3)}` : off;
  return iso;
}

/** The fields of a timestamp as matchTimestamp reads them (one object, filled again at each call). */
interface TimeFields { y: number; mo: number; d: number; h: number; mi: number; s: number; frac: string | undefined; off: string | undefined; inferred: boolean }
const F: TimeFields = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, frac: undefined, off: undefined, inferred: false };

/**
 * Reads a timestamp of one of the known shapes into F; false when it is none (or names no month). The
 * first characters rule out the shapes that cannot match (a regex that fails still costs its run).
 */
function matchTimestamp(raw: string, years: YearTracker | undefined): boolean {
  const t = raw.length > 64 ? raw.slice(0, 64).trim() : raw.trim();
  const c = t.charCodeAt(0);
  const digit = c >= 48 && c <= 57;
  if (!digit && c !== 91 && !(c >= 65 && c <= 90)) return false;
  const set = (y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, off: string | undefined, inferred: boolean): true => {
    F.y = y; F.mo = mo; F.d = d; F.h = h; F.mi = mi; F.s = s; F.frac = frac; F.off = off; F.inferred = inferred;
    return true;
  };
  let m = digit && t.charCodeAt(4) === 45 ? ISO.exec(t) : null;
  if (m) return set(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), m[7], m[8], false);
  m = !digit && c !== 91 ? SYSLOG.exec(t) : null;
  if (m) {
    const mo = MONTHS[m[1].toLowerCase()];
    if (!mo) return false;
    const y = years ? years.yearFor(mo) : new Date().getUTCFullYear();
    return set(y, mo, +m[2], +m[3], +m[4], +m[5], m[6], undefined, true);
  }
  m = digit ? US.exec(t) : null;
  if (m) {
    let y = +m[3];
    if (m[3].length === 2) y += y < 70 ? 2000 : 1900;
    let h = +m[4];
    const ap = m[8]?.toUpperCase();
    if (ap === 'PM' && h < 12) h += 12;
    if (ap === 'AM' && h === 12) h = 0;
    return set(y, +m[1], +m[2], h, +m[5], +(m[6] ?? 0), m[7], undefined, false);
  }
  m = digit || c === 91 ? CLF.exec(t) : null;
  if (m) {
    const mo = MONTHS[m[2].toLowerCase()];
    return !!mo && set(+m[3], mo, +m[1], +m[4], +m[5], +m[6], undefined, m[7], false);
  }
  m = digit ? DOTTED.exec(t) : null;
  if (m) return set(+m[3], +m[2], +m[1], +m[4], +m[5], +(m[6] ?? 0), undefined, undefined, false);
  return false;
}

/** The ISO form of a timestamp as a log writes it, or undefined when it is not one of the known shapes. */
export function parseTimestamp(raw: string, years?: YearTracker): ParsedTime | undefined {
  if (!matchTimestamp(raw, years)) return undefined;
  const iso = build(F.y, F.mo, F.d, F.h, F.mi, F.s, F.frac, F.off);
  return iso ? { iso, yearInferred: F.inferred } : undefined;
}

/**
 * The time parseTimestamp reads, as milliseconds since the epoch with the written time read as UTC
 * (an offset, when written, applied), without building the ISO text: the outline reads two per session.
 * `out.fractions` tells whether the time writes fractions of a second. Undefined exactly where
 * parseTimestamp gives undefined (the year tracker is asked the same way); NaN for a year outside
 * 1000-9999, where the ISO text is not four digits of year and the caller reads parseTimestamp's.
 */
export function timestampMs(raw: string, years: YearTracker | undefined, out: { fractions: boolean }): number | undefined {
  return matchTimestamp(raw, years) ? msOf(F.y, F.mo, F.d, F.h, F.mi, F.s, F.frac, F.off, out) : undefined;
}

/** What build() checks, then the milliseconds of the ISO text it would write (fractions: milliseconds, finer digits dropped). */
function msOf(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, off: string | undefined, out: { fractions: boolean }): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  if (y < 1000 || y > 9999) return NaN;
  let t = Date.UTC(y, mo - 1, d, h, mi, s);
  out.fractions = !!frac;
  if (frac) {
    const k = Math.min(3, frac.length);
    t += Number(frac.slice(0, k)) * 10 ** (3 - k);
  }
  if (off && off !== 'Z') t -= (off.charCodeAt(0) === 43 ? 1 : -1) * (Number(off.slice(1, 3)) * 60 + Number(off.slice(off.length - 2))) * 60000;
  return t;
}

const ZONED = /(?:Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds between two ISO strings written by parseTimestamp (same zone assumption when they carry none), or undefined. */
export function isoDiffMs(a: string | null | undefined, b: string | null | undefined): number | undefined {
  if (!a || !b) return undefined;
  const ta = Date.parse(ZONED.test(a) ? a : a + 'Z');
  const tb = Date.parse(ZONED.test(b) ? b : b + 'Z');
  return Number.isFinite(ta) && Number.isFinite(tb) ? tb - ta : undefined;
}
