import { LineKind, type LineFacts, type LineToken } from './tokens';

/** What a format says about one of its own fields (an event column, an event id ...), for a hover. */
export interface FieldNote {
  /** the field as written in the log (shown as code) */
  head: string;
  /** a few words shown in bold: "received", "connect", "message delivery failed" */
  what: string;
  /** plain prose (no markup) */
  text: string;
}

/**
 * A log format. The classifier runs once per line on the hot path: hand-written, linear, no
 * allocation. Tokens are computed on demand for a single line (hovers, problems, CLI).
 *
 * Formats that declare their columns (`#Fields:` of W3C-style logs) get the declaration in force
 * for the line as `header` in every line-based method; without it they assume their default layout.
 */
export interface Dialect<State = unknown> {
  readonly id: string;
  readonly name: string;
  /** how well the first lines of a document fit this format, 0 (not at all) .. 1 (certain) */
  sniff(lines: readonly string[]): number;
  createState(): State;
  classify(text: string, s: number, e: number, out: LineFacts, state: State): void;
  tokens(line: string, header?: string): LineToken[];
  /**
   * For Status lines: what the status answers or concerns, in words, e.g. "RCPT TO:<bob@example.com>"
   * or "delivery to <bob@example.com> via mx.example.com[192.0.2.1]". `at` is a character of the line
   * (a hover position) when the line carries several replies.
   */
  statusContext?(line: string, at?: number, header?: string): string | undefined;
  /**
   * Interleaved formats: the name of a session from its first line (client host, queue id ...),
   * used in the outline instead of the transcript heuristics.
   */
  sessionLabel?(firstLine: string, message: boolean, header?: string): string | undefined;
  /** The remote host (or endpoint) a line names, when the format writes it in a fixed field. */
  remoteOf?(line: string, header?: string): string | undefined;
  /** The command of a Command line (or of a line that is command and reply) in words, when the log encodes it. */
  commandText?(line: string, header?: string): string | undefined;
  /** Reply text as the server sent it, when the log encodes it (IIS writes "+" for spaces); `line` is the line it is on. */
  decodeText?(text: string, line?: string, header?: string): string;
  /** Rows that carry a per-session sequence number (Exchange protocol logs): its value, else NaN. */
  sequence?(line: string, header?: string): number;
  /** Whether a 2xx Status line reports that the message reached its destination or the next hop (default: yes). */
  delivers?(line: string, header?: string): boolean;
  /** How many recipients a 5xx Status line of a message refuses (default 1; a report about a failure: 0). */
  refused?(line: string, header?: string): number;
  /**
   * The envelope a line of a message names, for formats that write it in columns (message tracking):
   * sender, recipients, Message-ID, the format's own id of the message. Syslog formats need not: their
   * `from=<>`, `to=<>`, `message-id=<>` are read from the line by the records.
   */
  envelope?(line: string, header?: string): { from?: string; to?: string[]; messageId?: string; id?: string } | undefined;
  /**
   * A Header line that declares the columns of the rows after it without `#Fields:` (the first row of
   * a CSV export: `"Received","SenderAddress",...`): rows get it as `header`, like a `#Fields:` line.
   */
  columnsLine?(text: string, s: number, e: number): boolean;
  /** An outline entry for an Event line that is a step of a message (message tracking events). */
  eventLabel?(line: string, header?: string): { name: string; detail: string } | undefined;
  /**
   * Hover text for a 'direction' or 'note' token of a line. `outbound`: the line's session was
   * opened by the server that wrote the log.
   */
  describe?(line: string, tok: LineToken, outbound: boolean, header?: string): FieldNote | undefined;
}

/** How a format declares itself: its hooks, plus the two parts every format has in its own way. */
export interface DialectSpec<State> extends Omit<Dialect<State>, 'classify' | 'sniff'> {
  /**
   * Sniffing line by line: how one non-blank line of the first lines fits, 0 (not at all) or 1 (a line
   * of this format). The score is the shared one of scoreLines. Give `sniff` instead when the format
   * needs to see the lines together.
   */
  sniffLine?(line: string): number;
  sniff?(lines: readonly string[]): number;
  /**
   * Classify one line that is not blank. `out` arrives reset: kind Other, code 0, no direction, no
   * event, payload at `s`, no session key, no parent or child.
   */
  classifyLine(text: string, s: number, e: number, out: LineFacts, state: State): void;
}

/**
 * A format from its declaration: the reset of the line facts and the blank-line check are done here
 * once, for every format, so a new format writes only what is its own. Hand-written classifiers stay
 * on the hot path: one call per line, no allocation.
 */
export function defineDialect<State>(spec: DialectSpec<State>): Dialect<State> {
  const { sniffLine, classifyLine } = spec;
  if (!spec.sniff && !sniffLine) throw new Error(`format ${spec.id} declares neither sniff nor sniffLine`);
  const d: Dialect<State> = {
    ...spec,
    sniff: spec.sniff ?? (lines => scoreLines(lines, sniffLine!)),
    classify(text, s, e, out, st) {
      out.code = 0; out.dir = 0; out.event = 0; out.payload = s; out.kind = LineKind.Other; out.key = undefined; out.parent = undefined; out.child = undefined;
      let p = s;
      while (p < e && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
      if (p === e) { out.kind = LineKind.Blank; return; }
      classifyLine(text, s, e, out, st);
    },
  };
  delete (d as Partial<DialectSpec<State>>).sniffLine;
  delete (d as Partial<DialectSpec<State>>).classifyLine;
  return d;
}

/**
 * The shared line-scoring sniff: no fitting line scores 0; otherwise 0.3 plus 0.7 times the share of
 * non-blank lines that fit, so a file that is all this format scores 1 and a few lines of it in other
 * text still count a little (the mixed format takes over when two formats both fit).
 */
export function scoreLines(lines: readonly string[], fits: (line: string) => number): number {
  let hits = 0, nonBlank = 0;
  for (const l of lines) {
    if (!l.trim()) continue;
    nonBlank++;
    if (fits(l) > 0) hits++;
  }
  return hits ? Math.min(1, 0.3 + (hits / nonBlank) * 0.7) : 0;
}
