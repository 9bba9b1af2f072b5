import type { CommandEntry } from './types';

/** SMTP commands (RFC 5321 and extensions). */
export const COMMANDS: readonly CommandEntry[] = [
  { verb: 'RCPT', syntax: 'RCPT TO:<forward-path> [parameters]', meaning: 'Names one recipient of the message.', replies: { success: [250, 251], failure: [550, 551, 552, 553, 450, 451, 452, 503, 455, 555] }, sources: ['RFC 5321 §4.1.1.3'] },
];
