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
/** `workDoneToken`: the server reports how far it read with $/progress on it */
export interface AnalyzeFileParams { uri: string; maxSessions?: number; maxProblems?: number; workDoneToken?: string | number }
export interface AnalyzedItem {
  label: string; detail?: string; line: number;
  /** byte offset of `line` in the file: FileTranscriptRequest reads the session from there */
  offset?: number;
  severity?: 'error' | 'warning' | 'info'; children?: AnalyzedItem[];
}
export interface AnalyzeFileResult {
  uri: string;
  bytes: number;
  lineCount: number;
  /** format id (FileTranscriptRequest reads the file's lines as this format) */
  format: string;
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
  /** a gzip file: its items cannot be opened by offset */
  compressed?: boolean;
}

/**
 * Request: the trail of the message under the cursor (a log or a bounce), or of an id typed by the user:
 * hops across the workspace's files, servers and bounces, the text of the trail view with a link per
 * hop, and the proof of delivery statement.
 */
export const MessageTrailRequest = 'smtpLog/messageTrail';
export interface MessageTrailParams { uri?: string; position?: { line: number; character: number }; query?: string }
export interface MessageTrailHop {
  kind: string; time: string | null; host?: string; text: string; uri: string; line: number;
  deltaMs?: number; code?: number; enhanced?: string; reply?: string; verdict?: string;
}
export interface MessageTrailResult {
  /** what was looked for (the id under the cursor, or the query) */
  query: string;
  /** the trail view's text */
  text: string;
  /** per line of `text` that shows a hop: the file (URI) and 0-based line it stands on */
  links: { line: number; uri: string; targetLine: number }[];
  /** the proof of delivery statement(s), plain text */
  proof: string;
  /** each message found: status, total time, hops */
  trails: { messageId?: string; from?: string; to: string[]; status: string; totalMs?: number; hops: MessageTrailHop[]; proof: string }[];
  /** what the index skipped or could not follow */
  notes: string[];
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

/**
 * Request: the session that starts at `line` (byte `offset`) of a file on disk, as a transcript
 * document: the server reads the file from that offset (a bounded window, never the whole file), parses
 * it as `format`, and returns the session's lines with their line numbers in the file.
 */
export const FileTranscriptRequest = 'smtpLog/fileTranscript';
export interface FileTranscriptParams { uri: string; line: number; offset: number; format?: string }
export interface FileTranscriptResult extends SessionTranscriptResult {
  /** the session went on past the window read: its later lines are not in the transcript */
  cut?: boolean;
}

/**
 * Request: the summary of the workspace: every SMTP log and bounce the workspace index covers (its include
 * and exclude globs and byte cap; rotated and .gz files too), streamed by the server through one summary,
 * as the CLI's `smtp-log summary` over the same files. Without a disk (the web extension): the open SMTP
 * documents. `$/progress` on `workDoneToken` (else a progress the server creates); cancellable.
 */
export const WorkspaceSummaryRequest = 'smtpLog/workspaceSummary';
export interface WorkspaceSummaryParams { workDoneToken?: string | number }
export interface WorkspaceInput {
  uri: string;
  /** relative to its workspace folder */
  name: string;
  format: string;
  formatName: string;
  bytes: number;
  lines: number;
  /** what was skipped or cut in it (long lines, a bounce too large, truncated gzip data) */
  notes: string[];
}
export interface WorkspaceSummaryResult {
  summary: SummaryResult;
  /** 'disk': the workspace folders' files; 'open documents': no disk here (the web extension) */
  scope: 'disk' | 'open documents';
  /** the logs and bounces read (at most 1,000 listed; `readCount` says how many) */
  read: WorkspaceInput[];
  readCount: number;
  /** files not read or not summarised: over the byte cap, not an SMTP log, unreadable (at most 1,000 listed) */
  skipped: { uri: string; name: string; reason: string }[];
  skippedCount: number;
  /** the byte cap, the web extension, more files than listed ... in words */
  notes: string[];
}

/**
 * Request: the lines of the workspace's files (the same files as WorkspaceSummaryRequest) that a summary
 * filter counts, as a read-only view: a header `==> name <==` per file, then its matching lines unchanged;
 * `fileOf[i]`/`lines[i]` give the file (index in `files`) and 0-based line of the view's line i (-1: a header
 * or blank line). At most 50,000 lines (`cut`).
 */
export const WorkspaceFilterViewRequest = 'smtpLog/workspaceFilterView';
export interface WorkspaceFilterViewParams { filter: string; workDoneToken?: string | number }
export interface WorkspaceFilterViewResult extends Omit<import('./core/summary/sources').SourcesFilterView, 'read'> {
  scope: 'disk' | 'open documents';
  notes: string[];
}
