/**
 * Long work on the server's only thread, cut into slices of about SLICE_MS: between two slices the
 * event loop runs, so other requests are answered (a hover on another document, a $/cancelRequest, an
 * edit that makes the work stale), as json-language-features' runner does with its yields.
 */
import type { Steps } from './core/smtpLanguageService';

/** Milliseconds of work before the event loop gets its turn. */
export const SLICE_MS = 4;
/** Lines per step between two looks at the clock (a step of the parse or the problems is well under a ms). */
const STEP_LINES = 2048;

export interface Clock {
  now(): number;
  /** lets the event loop run (I/O first: incoming messages), then resolves */
  yieldNow(): Promise<void>;
}

/**
 * Runs `work` to its end in slices; at each slice boundary, `wanted` says whether to go on. The result,
 * or undefined when the work was dropped; `slices` counts the slices run.
 */
export async function runInSlices<T>(work: Steps<T>, wanted: () => boolean, clock: Clock): Promise<{ result?: T; slices: number }> {
  let slices = 1;
  let t0 = clock.now();
  for (;;) {
    const r = work.step(STEP_LINES);
    if (r !== undefined) return { result: r, slices };
    if (clock.now() - t0 >= SLICE_MS) {
      await clock.yieldNow();
      if (!wanted()) return { slices };
      slices++;
      t0 = clock.now();
    }
  }
}
