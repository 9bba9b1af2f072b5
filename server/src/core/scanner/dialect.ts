import type { LineFacts, LineToken } from './tokens';

/**
 * A log format. The classifier runs once per line on the hot path: hand-written, linear, no
 * allocation. Tokens are computed on demand for a single line (hovers, problems, CLI).
 */
export interface Dialect<State = unknown> {
  readonly id: string;
  readonly name: string;
  /** how well the first lines of a document fit this format, 0 (not at all) .. 1 (certain) */
  sniff(lines: readonly string[]): number;
  createState(): State;
  classify(text: string, s: number, e: number, out: LineFacts, state: State): void;
  tokens(line: string): LineToken[];
  /**
   * For Status lines: what the status answers or concerns, in words, e.g. "RCPT TO:<bob@example.com>"
   * or "delivery to <bob@example.com> via mx.example.com[192.0.2.1]".
   */
  statusContext?(line: string): string | undefined;
  /**
   * Interleaved formats: the name of a session from its first line (client host, queue id ...),
   * used in the outline instead of the transcript heuristics.
   */
  sessionLabel?(firstLine: string, message: boolean): string | undefined;
}
