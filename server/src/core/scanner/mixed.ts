/**
 * Files that mix formats (logs of several servers concatenated, a transcript pasted into a maillog,
 * unknown lines between known ones): each line is classified by the format that recognises it.
 * Chosen when the first lines fit two or more formats line by line. The format of the previous
 * recognised line is tried first (runs of one format cost one classifier call per line); lines no
 * format recognises stay plain text. Sessions of formats that have no session keys are keyed per
 * format and per connection here, so they do not mix with the keyed ones.
 */
import type { Dialect } from './dialect';
import { EventKind, LineKind, type LineToken } from './tokens';
import { DIALECTS } from './dialects';

interface MixedState { members: Dialect<unknown>[]; states: unknown[]; last: number; seg: number[] }

/** Formats that claim lines by loose content: tried last, and the bare-session one not at all. */
const LAST = ['exchange-transcript', 'other-mta'];
const EXCLUDED = ['mixed', 'telnet'];

let cached: Dialect<unknown>[] | undefined;
let cachedFrom: readonly Dialect<unknown>[] | undefined;
function members(): Dialect<unknown>[] {
  if (cached && cachedFrom === DIALECTS) return cached;
  const ms = DIALECTS.filter(d => !EXCLUDED.includes(d.id));
  ms.sort((a, b) => (LAST.includes(a.id) ? 1 : 0) - (LAST.includes(b.id) ? 1 : 0));
  cached = ms; cachedFrom = DIALECTS;
  return ms;
}

const USEFUL: ReadonlySet<LineToken['kind']> = new Set(['code', 'enhanced', 'verb', 'direction', 'timestamp', 'session', 'note']);

/** Per member, how many of the lines it recognises on their own. */
export function lineCoverage(lines: readonly string[]): { id: string; lines: number }[] {
  const ms = members();
  const counts = ms.map(() => 0);
  for (const l of lines) {
    if (!l.trim()) continue;
    for (let i = 0; i < ms.length; i++) if (ms[i].sniff([l]) >= 0.5) { counts[i]++; break; }
  }
  return ms.map((d, i) => ({ id: d.id, lines: counts[i] }));
}

export const mixedDialect: Dialect<MixedState> = {
  id: 'mixed',
  name: 'Mixed formats',

  sniff(lines) {
    const ms = members();
    const nonBlank = lines.filter(l => l.trim()).length;
    if (!nonBlank) return 0;
    const cover = lineCoverage(lines);
    const need = Math.max(2, Math.ceil(nonBlank * 0.05));
    const fitting = cover.filter(c => c.lines >= need).length;
    if (fitting < 2) return 0;
    let best = 0;
    for (const d of ms) best = Math.max(best, d.sniff(lines));
    return Math.min(1, Math.max(best, 0.2) + 0.05);
  },

  createState() {
    const ms = members();
    return { members: ms, states: ms.map(d => d.createState()), last: 0, seg: ms.map(() => 0) };
  },

  classify(text, s, e, out, st) {
    const n = st.members.length;
    for (let k = 0; k < n; k++) {
      const i = k === 0 ? st.last : (k <= st.last ? k - 1 : k);
      const d = st.members[i];
      out.key = undefined; out.message = false;
      d.classify(text, s, e, out, st.states[i]);
      if (out.kind === LineKind.Blank) return;
      // recognised: an interpreted line, or a plain line the format puts into one of its sessions
      if (out.kind === LineKind.Other && out.key === undefined) continue;
      st.last = i;
      if (out.key === undefined && out.kind !== LineKind.Other) {
        // a format without session keys: one key per connection of that format
        if (out.kind === LineKind.Event && out.event === EventKind.Connect) st.seg[i]++;
        out.key = `${d.id}#${st.seg[i]}`;
      }
      return;
    }
    out.key = undefined; out.message = false; out.kind = LineKind.Other;
  },

  tokens(line, header) {
    const d = memberFor(line, header);
    return d ? d.tokens(line, header) : [];
  },

  statusContext(line, at, header) {
    for (const d of members()) {
      if (!d.tokens(line, header).some(x => x.kind === 'code' || x.kind === 'enhanced' || x.kind === 'text')) continue;
      const c = d.statusContext?.(line, at, header);
      if (c !== undefined) return c;
    }
    return undefined;
  },

  sessionLabel(first, message, header) {
    for (const d of members()) {
      const l = d.sessionLabel?.(first, message, header);
      if (l !== undefined) return l;
    }
    return undefined;
  },

  // line-based questions go to the member that reads the line
  remoteOf: (line, header) => memberFor(line, header)?.remoteOf?.(line, header),
  commandText: (line, header) => memberFor(line, header)?.commandText?.(line, header),
  delivers: (line, header) => memberFor(line, header)?.delivers?.(line, header) ?? true,
  refused: (line, header) => memberFor(line, header)?.refused?.(line, header) ?? 1,
  eventLabel: (line, header) => memberFor(line, header)?.eventLabel?.(line, header),
  describe: (line, tok, outbound, header) => memberFor(line, header)?.describe?.(line, tok, outbound, header),
};

/** The first member whose tokens of the line say something (a code, a verb, a time ...). */
function memberFor(line: string, header: string | undefined): Dialect<unknown> | undefined {
  for (const d of members()) if (d.tokens(line, header).some(x => USEFUL.has(x.kind))) return d;
  return undefined;
}
