/**
 * The knowledge base's one entry point: lookups over the tables in this folder.
 * Hover, problems, NDR reasons and the CLI all go through these functions.
 */
import type { Actor, BasicCodeEntry, CommandEntry, EnhancedCodeEntry, Explanation, ReplyClass, ReplyInput, VendorRule } from './types';
import { BASIC_CODES } from './basicCodes';
import { ENHANCED_CODES } from './enhancedCodes';
import { VENDOR_RULES } from './vendorRules';
import { COMMANDS } from './commands';

export * from './types';

const CLASS_BY_DIGIT: Record<string, ReplyClass> = { '2': 'success', '3': 'intermediate', '4': 'transient', '5': 'permanent' };

/** Class of a basic code (250 -> success) or enhanced code (4.4.7 -> transient). */
export function classOf(code: number | string): ReplyClass | undefined {
  return CLASS_BY_DIGIT[String(code).charAt(0)];
}

const basicTable = new Map<number, BasicCodeEntry>(BASIC_CODES.map(e => [e.code, e]));
const enhancedTable = new Map<string, EnhancedCodeEntry>(ENHANCED_CODES.map(e => [e.code, e]));
const vendorRules: readonly VendorRule[] = VENDOR_RULES;
const commandTable = new Map<string, CommandEntry>(COMMANDS.map(e => [e.verb, e]));

export function lookupBasic(code: number): BasicCodeEntry | undefined { return basicTable.get(code); }
export function lookupEnhanced(code: string): EnhancedCodeEntry | undefined {
  return enhancedTable.get(code) ?? enhancedTable.get('X' + code.slice(1));
}
export function lookupCommand(verb: string): CommandEntry | undefined { return commandTable.get(verb.toUpperCase()); }

const RETRY: Record<ReplyClass, string> = {
  success: 'Nothing to retry: the request was accepted.',
  intermediate: 'The client continues the exchange (sends the message body or the next authentication step).',
  transient: 'Temporary: the sending server keeps the message in its queue and retries; it bounces only when the queue lifetime runs out (postfix 5 days, Exchange 2 days by default).',
  permanent: 'Permanent: the sending server does not retry this request unchanged; the message (for this recipient) bounces back to the sender with a non-delivery report.',
};

/** Explain a reply from its basic code, enhanced code and text; never throws. */
export function explainReply(input: ReplyInput): Explanation {
  const basic = input.code !== undefined ? basicTable.get(input.code) : undefined;
  const enhancedEntry = input.enhanced ? lookupEnhanced(input.enhanced) : undefined;
  const text = input.text ?? '';
  const vendor = vendorRules.filter(r =>
    (!r.codes || r.codes.length === 0 || (input.code !== undefined && r.codes.includes(input.code))) &&
    (!r.enhanced || r.enhanced.length === 0 || (input.enhanced !== undefined && r.enhanced.includes(input.enhanced))) &&
    (!r.pattern || r.pattern.test(text)));
  const notes: string[] = [];
  let cls: ReplyClass = (input.code !== undefined ? classOf(input.code) : undefined)
    ?? (input.enhanced ? classOf(input.enhanced) : undefined) ?? 'success';
  if (input.code !== undefined && input.enhanced) {
    const ec = classOf(input.enhanced);
    if (ec && ec !== cls && cls !== 'intermediate') {
      notes.push(`The basic code ${input.code} says ${cls} but the enhanced code ${input.enhanced} says ${ec}; RFC 3463 requires them to agree. The sending server acts on the basic code (${cls}).`);
    }
  }
  for (const r of vendor) if (r.overrideClass && r.overrideNote) notes.push(r.overrideNote);
  const top = vendor[0];
  const title = top?.title ?? enhancedEntry?.meaning ?? basic?.meaning ?? genericTitle(cls);
  const actors: Actor[] = uniq([...(top?.actors ?? []), ...(enhancedEntry?.actors ?? []), ...(basic?.actors ?? [])]);
  return {
    code: input.code,
    enhanced: input.enhanced,
    cls,
    title,
    basic,
    enhancedEntry,
    vendor,
    actors: actors.length ? actors : (cls === 'success' || cls === 'intermediate' ? ['none'] : ['recipientAdmin']),
    causes: uniq([...vendor.flatMap(v => v.causes), ...(enhancedEntry?.causes ?? []), ...(basic?.causes ?? [])]),
    checks: uniq([...vendor.flatMap(v => v.checks), ...(enhancedEntry?.checks ?? []), ...(basic?.checks ?? [])]),
    retry: RETRY[cls],
    notes,
    sources: uniq([...vendor.flatMap(v => v.sources), ...(enhancedEntry?.sources ?? []), ...(basic?.sources ?? [])]),
    specific: !!(basic || enhancedEntry || vendor.length),
  };
}

function genericTitle(cls: ReplyClass): string {
  switch (cls) {
    case 'success': return 'Success';
    case 'intermediate': return 'Intermediate reply: the server waits for more input';
    case 'transient': return 'Temporary failure';
    case 'permanent': return 'Permanent failure';
  }
}

function uniq<T>(xs: T[]): T[] { return [...new Set(xs)]; }

const ACTOR_LABELS: Record<Actor, string> = {
  none: 'nobody',
  sender: 'the sender',
  senderAdmin: "the sending side's mail administrator",
  recipientAdmin: "the recipient's mail administrator",
  recipient: 'the recipient',
  ourServer: 'the administrator of the server that wrote this log',
};

/** Words for an actor, for hovers and reports. */
export function actorLabel(a: Actor): string { return ACTOR_LABELS[a]; }
