/**
 * Custom messages between the client and the server, declared once. The one server file the
 * client may import (types and method names only).
 */

/** Request: the start line of every session in a document, for next/previous session. */
export const SessionStartsRequest = 'smtpLog/sessionStarts';
export interface SessionStartsParams { uri: string }
export type SessionStartsResult = number[];

/** Request: the lines of one session as a transcript document. */
export const SessionTranscriptRequest = 'smtpLog/sessionTranscript';
export interface SessionTranscriptParams { uri: string; line: number }
export interface SessionTranscriptResult {
  /** text of the session's lines, in order */
  text: string;
  /** original line of each transcript line */
  lines: number[];
  title: string;
}

/**
 * Request: analyze a log straight from disk. VS Code never passes documents above 50 MB to extensions,
 * so for those the client asks the server (which can read files) for the sessions and problems and
 * shows them in a view. `uri` is a file: URI.
 */
export const AnalyzeFileRequest = 'smtpLog/analyzeFile';
export interface AnalyzeFileParams { uri: string; maxSessions?: number; maxProblems?: number }
export interface AnalyzedItem { label: string; detail?: string; line: number; severity?: 'error' | 'warning' | 'info'; children?: AnalyzedItem[] }
export interface AnalyzeFileResult {
  uri: string;
  bytes: number;
  lineCount: number;
  formatName: string;
  /** sessions (grouped by hour when there are many), as the Outline would show them */
  sessions: AnalyzedItem[];
  sessionCount: number;
  /** failed replies, in line order */
  problems: AnalyzedItem[];
  problemCount: number;
  /** what was skipped or cut, in words a user understands */
  notes: string[];
  ms: number;
}

/**
 * Request: the summary of an open SMTP document (totals, events over time stacked by outcome, top failure
 * reasons, codes, domains, hosts, senders, recipients), from its streamed records. Each item carries a
 * `filter` the client sends back with FilterViewRequest to open the lines it counts.
 */
export const SummaryRequest = 'smtpLog/summary';
export interface SummaryParams { uri: string }
export type SummaryResult = import('./core/summary/summary').LogSummary;

/**
 * Request: the lines of an open document a summary filter counts ("failures", "code:550 5.1.1",
 * "domain:example.org", "outcome:bounced@FROM/TO" ...), as a read-only view like the session transcript:
 * `lines[i]` is the original line of the view's line i. An invalid filter is an InvalidParams error.
 */
export const FilterViewRequest = 'smtpLog/filterView';
export interface FilterViewParams { uri: string; filter: string }
export interface FilterViewResult {
  text: string;
  lines: number[];
  title: string;
  /** matching records */
  count: number;
  /** more lines matched than the view holds (50,000) */
  cut: boolean;
}
