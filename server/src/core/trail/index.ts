/**
 * The identity index of many files: ids (queue ids, message ids, addresses, next-hop ids) -> where they
 * occur (file, line, column) and which traces carry them. It holds no text: per file the traces' keys
 * and first line, per id its places, so its memory grows with the ids, not with the bytes read. The
 * language server keeps one for the workspace; the CLI builds one to find which files a trail needs.
 */
import { lineText } from '../parser/model';
import type { RecordContext } from '../records/fromModel';
import { aKey, mKey, qKey, xKey, type MessageTrace } from './trace';

/**
 * A copy of a short string that shares no memory with the text it was cut from: a regex capture or a
 * template over it is a slice that keeps the whole block of log text (megabytes) alive, and the index
 * keeps its ids for as long as the workspace is open. Hand-written: there is no portable "flatten".
 */
export function own(s: string): string {
  if (s.length > 512) s = s.slice(0, 512);
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}

/** The same key strings, shared by a file's traces and places (one copy of each id per file). */
class Interner {
  private readonly m = new Map<string, string>();
  get(s: string): string { let v = this.m.get(s); if (v === undefined) { v = own(s); this.m.set(v, v); } return v; }
}

/** What the index keeps of a trace: where it starts and the ids that join it to others. */
export interface TraceRef { path: string; line: number; keys: string[]; links: string[]; addresses: string[]; source: MessageTrace['source']; queueId?: string; time?: string | null; arrival?: string; recipients?: string[] }

export interface Occurrence { path: string; line: number; character: number; length: number }

/**
 * What one file contributes (built while it is read, then handed to the index at once). Once sealed it
 * holds, per id, its places (line, column, length) and the traces that carry it in two flat Int32Arrays:
 * a few bytes per place instead of an array object per id.
 */
export class FileIndex {
  readonly traces: TraceRef[] = [];
  /** while building: key -> flat [line, character, length] triples */
  private building: Map<string, number[]> | undefined = new Map();
  private strings: Interner | undefined = new Interner();
  /** sealed: key -> its number; places of key n are data[starts[n] .. starts[n + 1]); traces of key n are tdata[tstarts[n] .. tstarts[n + 1]) */
  private keyIds = new Map<string, number>();
  private data = new Int32Array(0);
  private starts = new Int32Array(1);
  private tdata = new Int32Array(0);
  private tstarts = new Int32Array(1);
  /** the largest number of places kept per file (a log of one sender's mail must not hold millions of places of one address) */
  constructor(readonly path: string, private readonly maxPlacesPerKey = 5000) {}
  private str(s: string): string { return this.strings ? this.strings.get(s) : own(s); }
  private place(key: string, line: number, character: number, length: number): void {
    if (!this.building) return;
    let p = this.building.get(key);
    if (!p) { p = []; this.building.set(this.str(key), p); }
    if (p.length >= this.maxPlacesPerKey * 3) return;
    const n = p.length;
    if (n && p[n - 3] === line && p[n - 2] === character) return;
    p.push(line, character, length);
  }
  addTrace(t: MessageTrace): void {
    const o = (x: string): string => this.str(x);
    const time = t.steps[0]?.time;
    this.traces.push({
      path: t.path, line: t.line, keys: t.keys.map(o), links: t.links.map(o), addresses: t.addresses.map(o), source: t.source,
      queueId: t.queueId === undefined ? undefined : own(t.queueId), time: time ? own(time) : null, arrival: t.arrival && own(t.arrival),
      recipients: t.source === 'bounce' ? t.to.map(own) : undefined,
    });
  }
  /** Pack what was built into the flat arrays (the index calls it when the file is handed over). */
  seal(): void {
    const b = this.building;
    if (!b) return;
    const ids = new Map<string, number>();
    const id = (k: string): number => { let n = ids.get(k); if (n === undefined) { n = ids.size; ids.set(k, n); } return n; };
    for (const k of b.keys()) id(k);
    const pairs: number[] = [];
    this.traces.forEach((t, i) => { for (const k of t.keys) pairs.push(id(k), i); for (const k of t.links) pairs.push(id(k), i); for (const k of t.addresses) pairs.push(id(k), i); });
    const n = ids.size;
    const starts = new Int32Array(n + 1), tstarts = new Int32Array(n + 1);
    for (const [k, p] of b) starts[ids.get(k)! + 1] = p.length;
    for (let i = 0; i < pairs.length; i += 2) tstarts[pairs[i] + 1]++;
    for (let i = 0; i < n; i++) { starts[i + 1] += starts[i]; tstarts[i + 1] += tstarts[i]; }
    const data = new Int32Array(starts[n]);
    for (const [k, p] of b) data.set(p, starts[ids.get(k)!]);
    const tdata = new Int32Array(tstarts[n]).fill(-1);
    const fill = tstarts.slice(0, n);
    for (let i = 0; i < pairs.length; i += 2) {
      const at = fill[pairs[i]]++;
      // a trace carries a key once
      if (at > tstarts[pairs[i]] && tdata[at - 1] === pairs[i + 1]) { fill[pairs[i]]--; continue; }
      tdata[at] = pairs[i + 1];
    }
    this.keyIds = ids; this.data = data; this.starts = starts; this.tdata = tdata; this.tstarts = tstarts;
    this.building = undefined; this.strings = undefined;
  }
  /** Every key of the file (places, trace ids, links, addresses). */
  keys(): IterableIterator<string> { this.seal(); return this.keyIds.keys(); }
  /** Flat [line, character, length] triples of a key in this file. */
  placesOf(k: string): Int32Array | undefined {
    this.seal();
    const n = this.keyIds.get(k);
    return n === undefined ? undefined : this.data.subarray(this.starts[n], this.starts[n + 1]);
  }
  /** The traces of this file that carry a key (as an id, a link or an address). */
  tracesOf(k: string): TraceRef[] {
    this.seal();
    const n = this.keyIds.get(k);
    if (n === undefined) return [];
    const out: TraceRef[] = [];
    for (let i = this.tstarts[n]; i < this.tstarts[n + 1]; i++) if (this.tdata[i] !== -1) out.push(this.traces[this.tdata[i]]);
    return out;
  }
  /** Places kept (for the index's statistics). */
  get placeCount(): number { this.seal(); return this.data.length / 3; }
  /** The places of a trace's ids on the lines of its session (`lines`: block lines, 0-based in the block). */
  addSessionPlaces(ctx: RecordContext, lines: number[], t: MessageTrace): void {
    const wanted = wantedOf(t);
    if (!wanted.length) return;
    for (const l of lines) {
      if (ctx.origin.paths[ctx.origin.file[l]] !== this.path) continue;
      const text = lineText(ctx.m, l);
      this.findOn(text.length > 8000 ? text.slice(0, 8000) : text, ctx.origin.line[l], wanted);
    }
  }
  /** The places of a bounce's ids in its text (a bounce is small: its first 256 KB are looked at). */
  addTextPlaces(text: string, t: MessageTrace): void {
    const wanted = wantedOf(t);
    if (!wanted.length) return;
    const end = Math.min(text.length, 256 * 1024);
    let line = 1;
    for (let s = 0; s < end;) {
      let e = text.indexOf('\n', s);
      if (e < 0 || e > end) e = end;
      this.findOn(text.slice(s, e), line, wanted);
      line++; s = e + 1;
    }
  }
  private findOn(text: string, line: number, wanted: { key: string; value: string }[]): void {
    let lower: string | undefined;
    for (const w of wanted) {
      const hay = w.key.startsWith('q:') ? text : (lower ??= text.toLowerCase());
      for (let p = hay.indexOf(w.value); p >= 0; p = hay.indexOf(w.value, p + w.value.length)) {
        if (isId(hay.charCodeAt(p - 1)) || isId(hay.charCodeAt(p + w.value.length))) continue;
        this.place(w.key, line, p, w.value.length);
      }
    }
  }
}

function wantedOf(t: MessageTrace): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const k of [...t.keys, ...t.links, ...t.addresses]) {
    if (k.startsWith('i:')) continue;
    const value = k.slice(2);
    if (value.length >= 3) out.push({ key: k, value });
  }
  return out;
}

/** Characters that continue an identifier (a queue id must not match inside a longer one). */
function isId(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 45;
}

/** The keys an identifier a user points at may stand for. */
export function keysForIdentifier(id: string): string[] {
  const v = id.replace(/^<|>$/g, '');
  if (v.includes('@')) return [mKey(v), aKey(v)];
  if (/^[0-9A-Fa-f]{16}$/.test(v)) return [qKey(v), xKey(v)];
  return /^[0-9A-Za-z][0-9A-Za-z-]{3,63}$/.test(v) ? [qKey(v)] : [];
}

export interface IndexStats { files: number; keys: number; places: number; traces: number }

export class TrailIndex {
  private readonly files = new Map<string, FileIndex>();
  /**
   * key -> the path of the file that has it, or the paths when several do (most ids live in one file: a
   * string, not a Set, keeps the index near the size of its ids)
   */
  private readonly byKey = new Map<string, string | string[]>();

  private pathsOf(k: string): readonly string[] {
    const v = this.byKey.get(k);
    return v === undefined ? [] : typeof v === 'string' ? [v] : v;
  }

  setFile(f: FileIndex): void {
    this.removeFile(f.path);
    f.seal();
    this.files.set(f.path, f);
    const add = (k: string): void => {
      const v = this.byKey.get(k);
      if (v === undefined) this.byKey.set(k, f.path);
      else if (typeof v === 'string') { if (v !== f.path) this.byKey.set(k, [v, f.path]); }
      else if (!v.includes(f.path)) v.push(f.path);
    };
    for (const k of f.keys()) add(k);
  }

  removeFile(path: string): void {
    const f = this.files.get(path);
    if (!f) return;
    this.files.delete(path);
    const drop = (k: string): void => {
      const v = this.byKey.get(k);
      if (v === undefined) return;
      if (typeof v === 'string') { if (v === path) this.byKey.delete(k); return; }
      const rest = v.filter(x => x !== path);
      if (!rest.length) this.byKey.delete(k); else this.byKey.set(k, rest.length === 1 ? rest[0] : rest);
    };
    for (const k of f.keys()) drop(k);
  }

  has(path: string): boolean { return this.files.has(path); }
  get paths(): string[] { return [...this.files.keys()]; }

  stats(): IndexStats {
    let places = 0, traces = 0;
    for (const f of this.files.values()) { traces += f.traces.length; places += f.placeCount; }
    return { files: this.files.size, keys: this.byKey.size, places, traces };
  }

  /** Every place of the keys, file by file (files in path order, lines in order), at most `max`. */
  occurrences(keys: string[], max = 10000): { result: Occurrence[]; limited: boolean } {
    const out: Occurrence[] = [];
    const paths = new Set<string>();
    for (const k of keys) for (const p of this.pathsOf(k)) paths.add(p);
    for (const path of [...paths].sort()) {
      const f = this.files.get(path)!;
      const rows: [number, number, number][] = [];
      for (const k of keys) { const p = f.placesOf(k); if (p) for (let i = 0; i < p.length; i += 3) rows.push([p[i], p[i + 1], p[i + 2]]); }
      rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let last = '';
      for (const [line, character, length] of rows) {
        const id = `${line}:${character}`;
        if (id === last) continue;
        last = id;
        if (out.length >= max) return { result: out, limited: true };
        out.push({ path, line, character, length });
      }
    }
    return { result: out, limited: false };
  }

  /** Where the id is defined: the first line of the traces whose own ids (not links) include it. */
  definitions(keys: string[]): { path: string; line: number }[] {
    const out: { path: string; line: number }[] = [];
    for (const k of keys) for (const path of this.pathsOf(k)) {
      for (const t of this.files.get(path)!.tracesOf(k)) if (t.keys.includes(k) && t.source !== 'bounce') out.push({ path: t.path, line: t.line });
    }
    return out;
  }

  /** Keys whose value contains `query` (case-insensitive), at most `max`. */
  search(query: string, max = 200): string[] {
    const q = query.toLowerCase();
    const out: string[] = [];
    if (q.length < 3) return out;
    for (const k of this.byKey.keys()) {
      if (k.startsWith('i:')) continue;
      if (k.slice(2).toLowerCase().includes(q)) { out.push(k); if (out.length >= max) break; }
    }
    return out;
  }

  /** The traces that carry the seed keys, and every trace joined to them by a shared id (queue id, message id, next-hop id), transitively. */
  component(seed: string[], start: TraceRef[] = [], maxTraces = 2000): { traces: TraceRef[]; limited: boolean } {
    const seen = new Set<TraceRef>(start);
    const doneKeys = new Set<string>();
    const queue = [...seed];
    for (const t of start) queue.push(...t.keys, ...t.links);
    let limited = false;
    while (queue.length) {
      const k = queue.shift()!;
      if (doneKeys.has(k)) continue;
      doneKeys.add(k);
      for (const path of this.pathsOf(k)) {
        for (const t of this.files.get(path)!.tracesOf(k)) {
          if (seen.has(t)) continue;
          const hit = t.keys.includes(k) || t.links.includes(k);
          if (!hit) continue;
          if (seen.size >= maxTraces) { limited = true; break; }
          seen.add(t);
          for (const x of t.keys) if (!doneKeys.has(x)) queue.push(x);
          for (const x of t.links) if (!doneKeys.has(x)) queue.push(x);
        }
      }
    }
    return { traces: [...seen], limited };
  }

  /** The traces that carry an address (a sender or recipient), newest first, at most `max`. */
  withAddress(address: string, max = 50): { traces: TraceRef[]; limited: boolean } {
    const k = aKey(address);
    const out: TraceRef[] = [];
    for (const path of this.pathsOf(k)) for (const t of this.files.get(path)!.tracesOf(k)) if (t.addresses.includes(k)) out.push(t);
    out.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
    return { traces: out.slice(0, max), limited: out.length > max };
  }

  /** Bounces that no id joins to a log: match them by recipient and arrival time (within `slackMs`) to a message. */
  byRecipientAndTime(address: string, time: string, slackMs = 5 * 60_000): TraceRef[] {
    const k = aKey(address);
    const out: TraceRef[] = [];
    const t0 = Date.parse(time.replace(/(?:Z|[+-]\d\d:\d\d)$/, '') + 'Z');
    for (const path of this.pathsOf(k)) for (const t of this.files.get(path)!.tracesOf(k)) {
      if (t.source === 'bounce' || !t.addresses.includes(k) || !t.time) continue;
      const t1 = Date.parse(t.time.replace(/(?:Z|[+-]\d\d:\d\d)$/, '') + 'Z');
      if (Number.isFinite(t0) && Number.isFinite(t1) && Math.abs(t1 - t0) <= slackMs) out.push(t);
    }
    return out;
  }
}
