import type { BasicCodeEntry } from './types';

/** RFC 5321 / 4954 / 7504 / 3207 basic reply codes. */
export const BASIC_CODES: readonly BasicCodeEntry[] = [
  { code: 250, cls: 'success', meaning: 'Requested mail action okay, completed', causes: [], checks: [], commands: ['HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'NOOP', 'BDAT'], actors: ['none'], sources: ['RFC 5321 §4.2.2'] },
  { code: 550, cls: 'permanent', meaning: 'Requested action not taken: mailbox unavailable', causes: ['unknown recipient', 'relay denied', 'policy or spam rejection'], checks: ['read the enhanced code and text'], commands: ['RCPT', 'MAIL', 'DATA'], actors: ['recipientAdmin'], sources: ['RFC 5321 §4.2.2'] },
];
