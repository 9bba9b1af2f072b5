/**
 * A prefilter for the vendor rules' text patterns: every failure reply used to run all ~400 rule
 * regexes (most of the time of the problems of a large log). From each pattern's source we read
 * literals that every match must contain (for /user unknown|no such user/i: "user unknown" or "no such
 * user"); a reply text that contains none of a rule's literals cannot match it, so its regex is not run.
 * The literals of all rules sit in one hash table keyed by their first three characters, so one pass
 * over the text finds every rule that may match. Patterns the reader does not fully understand (an
 * alternative without a literal of 3 characters, \u escapes, the u flag) are always run: the filter
 * only ever skips a regex that could not have matched (test/unit/literalIndex.test.ts checks it).
 *
 * Hand-written rather than a library: it has to follow exactly what V8's regex engine requires of a
 * match (case folding of the i flag included), and it runs once per failure reply.
 */

/** Shortest literal worth indexing (shorter ones would make most texts candidates). */
const MIN_LITERAL = 3;

/**
 * The character as the i flag of a non-unicode regex compares it (ECMA-262 Canonicalize): its upper
 * case when that is one code unit and does not turn a non-ASCII character into an ASCII one. Two
 * characters match under /i exactly when their canonical forms are equal.
 */
const canonCache = new Uint16Array(65536);
function canon(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  let r = canonCache[c];
  if (r === 0) {
    const u = String.fromCharCode(c).toUpperCase();
    r = u.length === 1 && u.charCodeAt(0) >= 128 ? u.charCodeAt(0) : c;
    canonCache[c] = r;
  }
  return r;
}

const CLASS_ESCAPES = 'dDsSwWnrtfv';
const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);

const SIZE = 4096;
const hash3 = (a: number, b: number, c: number) => (Math.imul(a, 961) + Math.imul(b, 31) + c) & (SIZE - 1);

/**
 * Literals one of which every match of `re` contains, canonicalised (see canon), or undefined when the
 * pattern's source cannot promise one (then the regex always runs).
 */
export function requiredLiterals(re: RegExp): string[] | undefined {
  if (/[uv]/.test(re.flags)) return undefined;
  const src = re.source;
  let i = 0;
  let unknown = false;
  const run: number[] = [];

  const BAR = 124, CLOSE = 41;

  /** Alternatives up to ')' or the end: the literals of each (undefined: none). */
  const disjunction = (): Array<string[] | undefined> => {
    const out: Array<string[] | undefined> = [alternative()];
    while (i < src.length && src.charCodeAt(i) === BAR) { i++; out.push(alternative()); }
    return out;
  };

  /** A quantifier at i, consumed: its minimum count, or -1 when there is none. */
  const quantifier = (): number => {
    const c = src.charCodeAt(i);
    let min = -1;
    if (c === 63 || c === 42) { min = 0; i++; }                    // ? *
    else if (c === 43) { min = 1; i++; }                           // +
    else if (c === 123) {                                          // {n} {n,} {n,m}
      const q = /^\{(\d+)(?:,(\d*))?\}/.exec(src.slice(i, i + 24));
      if (!q) return -1;
      min = Number(q[1]); i += q[0].length;
    }
    if (min >= 0 && src.charCodeAt(i) === 63) i++; // lazy
    return min;
  };

  /** One alternative: the best requirement among its literal runs and its required groups. */
  const alternative = (): string[] | undefined => {
    const found: string[][] = [];
    // the run's canonical characters, made a string once it ends (few allocations: this runs at start-up)
    run.length = 0;
    const end = () => { if (run.length) found.push([String.fromCharCode.apply(null, run)]); run.length = 0; };
    while (i < src.length && src.charCodeAt(i) !== BAR && src.charCodeAt(i) !== CLOSE) {
      const c = src.charCodeAt(i);
      let literal = -1;                                  // the character the atom matches, -1: not one character
      let group: string[] | undefined | null = null;     // null: the atom is no group
      if (c === 92) {                                    // backslash
        const n = src.charCodeAt(i + 1);
        i += 2;
        if (n === 98 || n === 66) { end(); continue; }   // \b \B: zero-width
        if (isAlnum(n)) {
          // \d \s \w (and capitals), \n \r \t \f \v: a class or a control character; \u \x \c \k \1: not read
          if (!CLASS_ESCAPES.includes(String.fromCharCode(n))) { unknown = true; return undefined; }
        } else literal = n;
      } else if (c === 91) {                             // [ class ]
        i++;
        if (src.charCodeAt(i) === 94) i++;
        if (src.charCodeAt(i) === 93) i++;
        while (i < src.length && src.charCodeAt(i) !== 93) i += src.charCodeAt(i) === 92 ? 2 : 1;
        i++;
      } else if (c === 40) {                             // ( group )
        end(); // the run before the group ends (the group's own alternatives use the same buffer)
        i++;
        let look = false;
        if (src.startsWith('?:', i)) i += 2;
        else if (src.startsWith('?=', i) || src.startsWith('?!', i)) { i += 2; look = true; }
        else if (src.startsWith('?<=', i) || src.startsWith('?<!', i)) { i += 3; look = true; }
        else if (src.startsWith('?<', i)) { const g = src.indexOf('>', i); if (g < 0) { unknown = true; return undefined; } i = g + 1; }
        const inner = disjunction();
        if (src.charCodeAt(i) !== CLOSE) { unknown = true; return undefined; }
        i++;
        // a lookaround consumes nothing: what it requires is not read as required here
        if (look) { end(); quantifier(); continue; }
        group = inner.every(a => a !== undefined) ? inner.flat() as string[] : undefined;
      } else if (c === 46 || c === 94 || c === 36) {     // . ^ $
        i++;
      } else if (c === 42 || c === 43 || c === 63 || (c === 123 && /^\{\d+(?:,\d*)?\}/.test(src.slice(i, i + 24)))) {
        unknown = true; return undefined;                // a quantifier with nothing before it: not a source we read
      } else {
        i++;
        literal = c;
      }
      const min = quantifier();
      if (group !== null) {
        end();
        if (min !== 0 && group) found.push(group);
      } else if (literal < 0) end();
      else if (min < 0) run.push(canon(literal));
      else { if (min > 0) run.push(canon(literal)); end(); }
    }
    end();
    // the requirement whose shortest literal is longest (fewest texts pass the filter)
    let best: string[] | undefined, bestLen = MIN_LITERAL - 1;
    for (const f of found) {
      let shortest = Infinity;
      for (const x of f) if (x.length < shortest) shortest = x.length;
      if (shortest > bestLen) { best = f; bestLen = shortest; }
    }
    return best;
  };

  const alts = disjunction();
  if (unknown || i !== src.length || alts.some(a => a === undefined)) return undefined;
  return [...new Set((alts as string[][]).flat())];
}

/**
 * The rules (by position) whose pattern may match a text: the rules without literals always, the
 * others when the text contains one of their literals.
 */
export class LiteralIndex {
  private readonly head = new Int32Array(SIZE).fill(-1);
  /** the literals, canonical characters one after the other: literal k is chars[start[k] .. start[k + 1]) */
  private readonly chars: Uint16Array;
  private readonly start: Int32Array;
  private readonly next: Int32Array;
  private readonly owner: Int32Array;
  /** 1 for the rules whose pattern always runs (no literal requirement, or no pattern at all) */
  readonly always: Uint8Array;

  constructor(patterns: ReadonlyArray<RegExp | undefined>) {
    this.always = new Uint8Array(patterns.length);
    const lits: string[] = [], owners: number[] = [];
    patterns.forEach((re, r) => {
      const found = re ? requiredLiterals(re) : undefined;
      if (!found) { this.always[r] = 1; return; }
      for (const s of found) { lits.push(s); owners.push(r); }
    });
    const all = lits.join('');
    this.chars = new Uint16Array(all.length);
    for (let k = 0; k < all.length; k++) this.chars[k] = all.charCodeAt(k);
    this.start = new Int32Array(lits.length + 1);
    this.next = new Int32Array(lits.length).fill(-1);
    this.owner = Int32Array.from(owners);
    for (let id = 0, p = 0; id < lits.length; id++) {
      this.start[id] = p;
      const h = hash3(this.chars[p], this.chars[p + 1], this.chars[p + 2]);
      this.next[id] = this.head[h]; this.head[h] = id;
      p += lits[id].length;
    }
    this.start[lits.length] = all.length;
  }

  /** may[r] = 1 when rule r's pattern may match `text` (its regex has to decide). */
  candidates(text: string): Uint8Array {
    const may = this.always.slice();
    const n = text.length;
    if (n < MIN_LITERAL) return may;
    // the canonical characters of the text, computed once
    const t = new Uint16Array(n);
    for (let k = 0; k < n; k++) t[k] = canon(text.charCodeAt(k));
    for (let p = 0; p + MIN_LITERAL <= n; p++) {
      for (let id = this.head[hash3(t[p], t[p + 1], t[p + 2])]; id >= 0; id = this.next[id]) {
        const r = this.owner[id];
        if (may[r]) continue;
        const a = this.start[id], len = this.start[id + 1] - a;
        if (p + len > n) continue;
        let k = 0;
        while (k < len && t[p + k] === this.chars[a + k]) k++;
        if (k === len) may[r] = 1;
      }
    }
    return may;
  }
}
