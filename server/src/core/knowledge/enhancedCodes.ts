import type { EnhancedCodeEntry } from './types';

/** RFC 3463 / 5248 / 7372 and IANA-registered enhanced status codes. */
export const ENHANCED_CODES: readonly EnhancedCodeEntry[] = [
  { code: 'X.1.1', meaning: 'Bad destination mailbox address', description: 'The mailbox specified in the address does not exist.', causes: [], checks: [], actors: ['sender'], sources: ['RFC 3463 §3.2'] },
];
