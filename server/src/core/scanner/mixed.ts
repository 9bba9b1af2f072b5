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

export interface MixedState { members: Dialect<unknown>[]; states: unknown[]; last: number; seg: number[] }

/** Formats that claim lines by loose content: tried last, and the bare-session one not at all. */
const LAST = ['exchange-transcript', 'other-mta'];
const EXCLUDED = ['mixed', 'telnet'];

/** The formats a mixed file is read with, in the order they are tried. */
function orderMembers(all: readonly Dialect<unknown>[]): Dialect<unknown>[] {
  const ms = all.filter(d => !EXCLUDED.includes(d.id));
  ms.sort((a, b) => (LAST.includes(a.id) ? 1 : 0) - (LAST.includes(b.id) ? 1 : 0));
  return ms;
}

const USEFUL: ReadonlySet<LineToken['kind']> = new Set(['code', 'enhanced', 'verb', 'direction', 'timestamp', 'session', 'note']);

/** Per member, how many of the lines it recognises on their own. */
export function lineCoverage(ms: readonly Dialect<unknown>[], lines: readonly string[]): { id: string; lines: number }[] {
  const counts = ms.map(() => 0);
  for (const l of lines) {
    if (!l.trim()) continue;
    for (let i = 0; i < ms.length; i++) if (ms[i].sniff([l]) >= 0.5) { counts[i]++; break; }
  }
  return ms.map((d, i) => ({ id: d.id, lines: counts[i] }));
}

/**
 * The mixed format over `all` (every other format; dialects.ts passes its list, so this file imports
 * none of them). Every line-based hook any member has is forwarded to the member that reads the line,
 * by construction (LINE_HOOKS): a line means the same inside a mixed file as alone.
 */
export function createMixedDialect(all: readonly Dialect<unknown>[]): Dialect<MixedState> {
  const ms = orderMembers(all);
  const members = (): Dialect<unknown>[] => ms;
  const memberFor = (line: string, header: string | undefined): Dialect<unknown> | undefined => {
    for (const d of ms) if (d.tokens(line, header).some(x => USEFUL.has(x.kind))) return d;
    return undefined;
  };
  const mixed: Dialect<MixedState> = {
    id: 'mixed',
    name: 'Mixed formats',

    sniff(lines) {
      const nonBlank = lines.filter(l => l.trim()).length;
      if (!nonBlank) return 0;
      const cover = lineCoverage(ms, lines);
      const need = Math.max(2, Math.ceil(nonBlank * 0.05));
      const fitting = cover.filter(c => c.lines >= need).length;
      if (fitting < 2) return 0;
      let best = 0;
      for (const d of ms) best = Math.max(best, d.sniff(lines));
      return Math.min(1, Math.max(best, 0.2) + 0.05);
    },

    createState() {
      return { members: ms, states: ms.map(d => d.createState()), last: 0, seg: ms.map(() => 0) };
    },

    classify(text, s, e, out, st) {
      const n = st.members.length;
      for (let k = 0; k < n; k++) {
        const i = k === 0 ? st.last : (k <= st.last ? k - 1 : k);
        const d = st.members[i];
        out.key = undefined; out.keyKept = false; out.message = false; out.parent = undefined; out.child = undefined;
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
      out.key = undefined; out.message = false; out.parent = undefined; out.child = undefined; out.kind = LineKind.Other;
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

    // a CSV export's header row is read by the format whose columns it declares
    columnsLine(text, s, e) {
      return ms.some(d => d.columnsLine?.(text, s, e) === true);
    },

    sessionLabel(first, message, header) {
      for (const d of members()) {
        const l = d.sessionLabel?.(first, message, header);
        if (l !== undefined) return l;
      }
      return undefined;
    },

  };
  // line-based questions go to the member that reads the line, for every hook a member has
  const target = mixed as unknown as Record<string, unknown>;
  for (const [hook, fallback] of LINE_HOOKS) {
    if (!ms.some(d => typeof (d as unknown as Record<string, unknown>)[hook] === 'function')) continue;
    target[hook] = (...args: unknown[]): unknown => {
      const line = hook === 'decodeText' ? args[1] as string | undefined : args[0] as string;
      const header = args[LINE_HOOK_HEADER[hook]] as string | undefined;
      const d = line === undefined ? undefined : memberFor(line, header);
      const fn = d && (d as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>)[hook];
      return fn ? fn.apply(d, args) : typeof fallback === 'function' ? (fallback as (...a: unknown[]) => unknown)(...args) : fallback;
    };
  }
  return mixed;
}

/**
 * The hooks of Dialect that concern one line, with what a line no member claims gets. A hook added to
 * Dialect must be listed here (a test checks that mixed has every hook any format has).
 */
const LINE_HOOKS: [string, unknown][] = [
  ['remoteOf', undefined],
  ['commandText', undefined],
  ['delivers', true],
  ['refused', 1],
  ['eventLabel', undefined],
  ['describe', undefined],
  ['sequence', NaN],
  ['decodeText', (text: string) => text],
  ['envelope', undefined],
];
/** where each hook takes the `#Fields:` header */
const LINE_HOOK_HEADER: Record<string, number> = { remoteOf: 1, commandText: 1, delivers: 1, refused: 1, eventLabel: 1, describe: 3, sequence: 1, decodeText: 2, envelope: 1 };
