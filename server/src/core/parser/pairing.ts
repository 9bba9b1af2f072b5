/**
 * Reply pairing: which command each reply answers, within one session. Replies pair with commands in
 * order, not by adjacency (pipelining); continuation lines (`250-...`) belong to the reply that ends
 * them; the reply after `354` answers the end of the message data; a reply to an AUTH whose client
 * lines the log hides (334 challenges) and PRDR's per-recipient replies answer the command they follow.
 */
import { PAIR_GREETING, PAIR_NONE } from './model';

export interface Active {
  queue: number[];       // command lines waiting for their reply, oldest first
  head: number;          // index of the oldest waiting command in queue
  more: number[];        // continuation lines of the reply being read
  echo: number;          // an IO echo line not yet known to duplicate a command
  awaitEod: number;      // DATA line whose 354 came: the next reply answers the end of data
  /**
   * AUTH line whose last reply was 334: a reply that comes while no command waits answers it too
   * (logs that hide the client's SASL lines, as Exchange's protocol log does).
   */
  challenged: number;
  /** the "." whose reply was 353 (PRDR): the per-recipient replies and the final one that follow answer it */
  prdr: number;
  replies: number;
  quitSeen: boolean;
  /** a 221 / 421 closed the session: the client's QUIT that may still follow belongs to it */
  closedByReply: boolean;
}

export function newActive(): Active {
  return { queue: [], head: 0, more: [], echo: -1, awaitEod: -1, challenged: -1, prdr: -1, replies: 0, quitSeen: false, closedByReply: false };
}

/** What pairing reads and writes: the text of a line, and the pair of each line. */
export interface PairingContext {
  line(l: number): string;
  readonly pair: Int32Array;
}

/** Pair the reply that ends at line `i` (its code `code`; `self`: a row that is its own command) within the session `act`. */
export function pairReply(act: Active, i: number, code: number, self: boolean, ctx: PairingContext): void {
  const { pair } = ctx;
  for (const m of act.more) pair[m] = i;
  act.more.length = 0;
  if (self) {
    // a command and its reply on one row: it answers itself
    pair[i] = i;
  } else {
    const cmd = act.head < act.queue.length ? act.queue[act.head] : -1;
    if (act.awaitEod >= 0 && (cmd < 0 || isDot(ctx.line(cmd)))) {
      if (cmd >= 0) act.head++;
      pair[i] = cmd >= 0 ? cmd : act.awaitEod;
      if (cmd >= 0) pair[cmd] = i;
      act.awaitEod = -1;
    } else if (cmd >= 0) {
      act.head++;
      pair[i] = cmd;
      pair[cmd] = i;
      if (code === 354) act.awaitEod = cmd;
      act.challenged = code === 334 ? cmd : -1;
    } else if (act.prdr >= 0) {
      pair[i] = act.prdr;
    } else if (act.challenged >= 0) {
      // the verdict (235 / 535) or the next challenge of an AUTH whose client lines are not logged
      pair[i] = act.challenged;
      pair[act.challenged] = i;
      if (code !== 334) act.challenged = -1;
    } else {
      pair[i] = act.replies === 0 ? PAIR_GREETING : PAIR_NONE;
    }
  }
  if (code === 353 && pair[i] >= 0) act.prdr = pair[i];
  if (act.head > 64 && act.head * 2 > act.queue.length) { act.queue = act.queue.slice(act.head); act.head = 0; }
  act.replies++;
}

export function isDot(line: string): boolean {
  const t = line.trimEnd();
  // also a "." written together with the next commands (">>> .\r\nmail from:<a@b>")
  return t.endsWith(' .') || t.endsWith('>.') || t === '.' || t.includes(' .\\r\\n');
}

/** Does the IO echo line `echo` carry the same command as the command at text[cs, ce)? */
export function sameCommand(echo: string, text: string, cs: number, ce: number): boolean {
  const bar = echo.indexOf('|');
  if (bar < 0) return false;
  let body = echo.slice(bar + 1);
  if (body.endsWith('|')) body = body.slice(0, -1);
  return body.trim().toUpperCase() === text.slice(cs, ce).trim().toUpperCase();
}
