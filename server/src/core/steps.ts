/**
 * Work done in steps: a caller (the language server) runs a slice of a long parse or validation, answers
 * other requests, then runs the next slice, or drops the work when it is no longer wanted. The core has
 * no timer: the caller decides how much a slice is and when it yields.
 */
export interface Steps<T> {
  /** does the next `lines` lines of the work (at least one): the result once the last is done, else undefined */
  step(lines: number): T | undefined;
  /**
   * progress, in the work's own unit (characters of the text for a parse, lines for the problems): it grows
   * with each step and reaches `total` when the work is done
   */
  readonly done: number;
  readonly total: number;
}

/** Work that was done at once (a small text, an append, a format with nothing to parse). */
export function doneSteps<T>(result: T, total = 0): Steps<T> {
  return { step: () => result, done: total, total };
}

/** Runs work to its end in one go (the synchronous callers: the CLI, tests, small documents). */
export function runAll<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.step(Number.MAX_SAFE_INTEGER);
    if (r !== undefined) return r;
  }
}

/** The same work with its result mapped once it is done. */
export function mapSteps<T, U>(steps: Steps<T>, f: (t: T) => U): Steps<U> {
  let out: { v: U } | undefined;
  return {
    step(lines) {
      if (out) return out.v;
      const r = steps.step(lines);
      if (r === undefined) return undefined;
      out = { v: f(r) };
      return out.v;
    },
    get done() { return steps.done; },
    get total() { return steps.total; },
  };
}
