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
