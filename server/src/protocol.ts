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
