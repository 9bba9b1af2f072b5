/**
 * The knowledge base's one entry point: lookups over the tables in this folder.
 * Hover, problems, NDR reasons and the CLI all go through these functions.
 *
 * Vendor rules are indexed by enhanced code (subject.detail), by enhanced-code range and by basic
 * code; rules keyed by text only are tested on every failure reply whose text holds one of their
 * literals (literalIndex.ts: the other regexes cannot match and do not run). Patterns are linear (checked by
 * test/unit/knowledgeInvariants) and run on at most TEXT_LIMIT characters of the reply text.
 */
import type {
  Actor, BasicCodeEntry, BounceReason, CommandEntry, EnhancedCodeEntry, Explanation, ReplyClass, ReplyInput, Specificity, VendorRule,
} from './types';
import { BASIC_CODES } from './basicCodes';
import { ENHANCED_CODES } from './enhancedCodes';
import { VENDOR_RULES } from './vendorRules';
import { COMMANDS } from './commands';
import { QUEUE_LIFETIME } from './common';
import { LiteralIndex } from './literalIndex';

export * from './types';
export { extensionsIn, EXTENSIONS, type ExtensionEntry, type OfferedExtension } from './extensions';

/** Reply text beyond this length is not searched by the text rules (real reply texts are far shorter). */
export const TEXT_LIMIT = 4096;

const CLASS_BY_DIGIT: Record<string, ReplyClass> = { '2': 'success', '3': 'intermediate', '4': 'transient', '5': 'permanent' };

/** Class of a basic code (250 -> success) or enhanced code (4.4.7 -> transient). */
export function classOf(code: number | string): ReplyClass | undefined {
  return CLASS_BY_DIGIT[String(code).charAt(0)];
}

// ------------------------------------------------------------------ plain tables

const basicTable = new Map<number, BasicCodeEntry>(BASIC_CODES.map(e => [e.code, e]));
const enhancedTable = new Map<string, EnhancedCodeEntry>(ENHANCED_CODES.map(e => [e.code, e]));
const commandTable = new Map<string, CommandEntry>();
for (const c of COMMANDS) {
  commandTable.set(c.verb, c);
  for (const a of c.aliases ?? []) commandTable.set(a, c);
}

export function lookupBasic(code: number): BasicCodeEntry | undefined { return basicTable.get(code); }

/** "5.1.1" -> the 5.1.1 entry when there is one, else the X.1.1 registry entry; "X.1.1" works too. */
export function lookupEnhanced(code: string): EnhancedCodeEntry | undefined {
  const c = code.trim();
  return enhancedTable.get(c) ?? enhancedTable.get('X' + c.slice(1));
}

export function lookupCommand(verb: string): CommandEntry | undefined { return commandTable.get(verb.toUpperCase()); }

// ------------------------------------------------------------------ enhanced codes as numbers

interface Enh { cls: string; subject: number; detail: number }

/** "5.7.606" -> {cls '5', subject 7, detail 606}; "X.7.1" keeps cls 'X'. Undefined when malformed. */
function parseEnhanced(s: string | undefined): Enh | undefined {
  if (!s) return undefined;
  const m = /^([245X])\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  return m ? { cls: m[1], subject: Number(m[2]), detail: Number(m[3]) } : undefined;
}

// ------------------------------------------------------------------ vendor rule index

interface Compiled {
  rule: VendorRule;
  order: number;
  score: number;
  classes: ReadonlySet<ReplyClass>;
  codes?: ReadonlySet<number>;
  enh?: Enh[];
  ranges?: Array<{ cls: string; subject: number; from: number; to: number }>;
}

const FAILURE: ReplyClass[] = ['transient', 'permanent'];
/** subject.detail of every registered enhanced code ("1.1", "7.26" ...) */
const REGISTRY = new Set(ENHANCED_CODES.filter(e => e.code.startsWith('X.')).map(e => e.code.slice(2)));

function compile(rule: VendorRule, order: number): Compiled {
  const enh = rule.enhanced?.length ? rule.enhanced.map(e => parseEnhanced(e)).filter((e): e is Enh => !!e) : undefined;
  const ranges = rule.enhancedRange?.length ? rule.enhancedRange.map(([a, b]) => {
    const x = parseEnhanced(a), y = parseEnhanced(b);
    if (!x || !y || x.cls !== y.cls || x.subject !== y.subject) throw new Error(`vendor rule ${rule.id}: bad range ${a}-${b}`);
    return { cls: x.cls, subject: x.subject, from: x.detail, to: y.detail };
  }) : undefined;
  const codes = rule.codes?.length ? new Set(rule.codes) : undefined;
  let classes: ReplyClass[];
  if (rule.classes?.length) classes = rule.classes;
  else if (codes || enh || ranges) {
    const digits = new Set<string>();
    for (const c of codes ?? []) digits.add(String(c).charAt(0));
    for (const e of [...(enh ?? []), ...(ranges ?? [])]) { if (e.cls === 'X') { digits.add('4'); digits.add('5'); } else digits.add(e.cls); }
    classes = [...digits].map(d => CLASS_BY_DIGIT[d]).filter((c): c is ReplyClass => !!c);
  } else classes = FAILURE;
  const score = (rule.priority ?? 0) * 100 + (rule.pattern ? 10 : 0) + (enh ? 6 : ranges ? 5 : 0)
    + (codes ? 1 : 0) + (rule.commands?.length ? 1 : 0) + (rule.hosts ? 50 : 0);
  return { rule, order, score, classes: new Set(classes), codes, enh, ranges };
}

const compiled = VENDOR_RULES.map(compile);
/**
 * which rules' patterns may match a reply text (their literals occur in it): the others' regexes are
 * not run. Built at the first explanation (start-up allocates nothing for it).
 */
let literals: LiteralIndex | undefined;

/**
 * Build what the first explanation needs (the literal index, ~15 ms once) now: the problems pass calls it
 * once it is done, so that the first hover of a log without failures does not wait for it.
 */
export function prepareRules(): void {
  literals ??= new LiteralIndex(compiled.map(c => c.rule.pattern));
}
const byEnhanced = new Map<string, Compiled[]>();   // "7.1" -> rules naming X.7.1 / 4.7.1 / 5.7.1
const withRanges: Compiled[] = [];
const byCode = new Map<number, Compiled[]>();
const byCodeClass = new Map<ReplyClass, Compiled[]>(); // rules keyed by basic code, for replies that write no basic code
const textOnly: Compiled[] = [];
const push = <K>(m: Map<K, Compiled[]>, k: K, c: Compiled) => { const a = m.get(k); if (a) a.push(c); else m.set(k, [c]); };
for (const c of compiled) {
  if (c.enh || c.ranges) {
    for (const e of c.enh ?? []) push(byEnhanced, `${e.subject}.${e.detail}`, c);
    if (c.ranges) withRanges.push(c);
  } else if (c.codes) {
    for (const k of c.codes) push(byCode, k, c);
    for (const cl of c.classes) push(byCodeClass, cl, c);
  } else textOnly.push(c);
}

interface MatchContext {
  code?: number;
  cls: ReplyClass;
  enh?: Enh;
  text: string;
  command?: string;
  host?: string;
  /** owners of host-aware rules that matched everything but the host */
  otherHosts?: string[];
  /** may[order] = 1 when the rule's pattern may match the text (literals.candidates) */
  may?: Uint8Array;
}

function enhMatches(c: Compiled, e: Enh): boolean {
  for (const x of c.enh ?? []) if (x.subject === e.subject && x.detail === e.detail && (x.cls === 'X' || x.cls === e.cls)) return true;
  for (const r of c.ranges ?? []) if (r.subject === e.subject && e.detail >= r.from && e.detail <= r.to && (r.cls === 'X' || r.cls === e.cls)) return true;
  return false;
}

function ruleMatches(c: Compiled, x: MatchContext): boolean {
  if (!c.classes.has(x.cls)) return false;
  if (c.codes) {
    if (x.code !== undefined) { if (!c.codes.has(x.code)) return false; }
    else if (!c.rule.pattern) return false;
  }
  if (c.enh || c.ranges) {
    if (!x.enh || !enhMatches(c, x.enh)) return false;
  }
  if (c.rule.commands?.length && x.command && !c.rule.commands.includes(x.command)) return false;
  if (c.rule.pattern) { if (x.may && !x.may[c.order]) return false; c.rule.pattern.lastIndex = 0; if (!c.rule.pattern.test(x.text)) return false; }
  if (c.rule.hosts && !(x.host && c.rule.hosts.test(x.host))) { x.otherHosts?.push(c.rule.hostOwner ?? c.rule.vendor); return false; }
  return true;
}

/**
 * A vendor-only enhanced code (5.7.606, 4.7.650, 5.7.509: not in the IANA registry) is as decisive as
 * a specific text: a rule that matched it outranks every text rule below priority 2.
 */
const VENDOR_CODE_BONUS = 150;

/** Every vendor rule that matches, most specific first, with its score. */
function matchRules(x: MatchContext): Array<{ rule: VendorRule; score: number }> {
  const out: Compiled[] = [];
  const vendorCode = !!x.enh && !REGISTRY.has(`${x.enh.subject}.${x.enh.detail}`);
  const score = (c: Compiled) => c.score + (vendorCode && (c.enh || c.ranges) ? VENDOR_CODE_BONUS : 0);
  const seen = new Set<Compiled>();
  prepareRules();
  x.may = literals!.candidates(x.text);
  const consider = (list: readonly Compiled[] | undefined) => {
    if (!list) return;
    for (const c of list) {
      // a pattern the text cannot match (none of its literals occurs): the rule does not match
      if (c.rule.pattern && !x.may![c.order]) continue;
      if (seen.has(c)) continue;
      seen.add(c);
      if (ruleMatches(c, x)) out.push(c);
    }
  };
  if (x.enh) { consider(byEnhanced.get(`${x.enh.subject}.${x.enh.detail}`)); consider(withRanges); }
  consider(x.code !== undefined ? byCode.get(x.code) : byCodeClass.get(x.cls));
  consider(textOnly);
  out.sort((a, b) => score(b) - score(a) || a.order - b.order);
  return out.map(c => ({ rule: c.rule, score: score(c) }));
}

// ------------------------------------------------------------------ the command a reply answers

const IN_REPLY_TO = /\bin reply to (MAIL FROM|RCPT TO|end of DATA|DATA|HELO|EHLO|STARTTLS|AUTH|BDAT|XFORWARD|XCLIENT|QUIT|RSET) command/i;
const EXIM_AFTER = /\bafter (?:pipelined )?(MAIL FROM|RCPT TO|end of data|DATA|initial connection|HELO|EHLO|STARTTLS|AUTH|QUIT)\b/i;
const WHILE_SENDING = /\bwhile (?:sending|receiving the initial server greeting|performing the (?:EHLO|HELO) handshake)\s?(MAIL FROM|RCPT TO|end of data|message body|DATA)?/i;

function verbOfPhrase(p: string): string {
  const u = p.toUpperCase();
  if (u === 'MAIL FROM') return 'MAIL';
  if (u === 'RCPT TO') return 'RCPT';
  if (u === 'END OF DATA' || u === 'MESSAGE BODY') return '<end of data>';
  if (u === 'INITIAL CONNECTION') return '<connect>';
  return u;
}

/** The command a reply answers when the text says so (postfix "in reply to RCPT TO command", exim "after RCPT TO"). */
export function commandInText(text: string): string | undefined {
  const t = text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text;
  const m = IN_REPLY_TO.exec(t) ?? EXIM_AFTER.exec(t);
  if (m) return verbOfPhrase(m[1]);
  const w = WHILE_SENDING.exec(t);
  if (w) return w[1] ? verbOfPhrase(w[1]) : /greeting/i.test(w[0]) ? '<connect>' : 'EHLO';
  return undefined;
}

// ------------------------------------------------------------------ explanation

const RETRY: Record<ReplyClass, string> = {
  success: 'Nothing to retry: the request was accepted.',
  intermediate: 'The client continues the exchange (sends the message body or the next authentication step).',
  transient: `Temporary: the sending server keeps the message in its queue and retries; it bounces only when the queue lifetime runs out (${QUEUE_LIFETIME}).`,
  permanent: 'Permanent: the sending server does not retry this request unchanged; the message (for this recipient) bounces back to the sender with a non-delivery report.',
};
const RETRY_TEXT_SAYS_PERMANENT = 'The code is temporary, so the sending server keeps the message queued and retries until its queue lifetime runs out, but the text says retrying will not help: fix the cause, or remove the message from the queue and tell the sender, instead of waiting days for the bounce.';
const RETRY_TEXT_SAYS_TRANSIENT = 'The code is permanent, so the sending server did not retry: the message bounced. The condition the text describes is temporary, so sending the message again later (after the cause is gone, at a lower rate) should work.';

const CLASS_NOTE: Partial<Record<number, string>> = {
  550: '550 alone is ambiguous (unknown user, relay refused, block list, spam or policy): nothing more specific is known about this reply. The enhanced code and the full text decide; the receiving server\'s logs say which check refused it.',
  554: '554 alone is ambiguous (block list at the greeting, content refused after the data, no valid recipients): nothing more specific is known about this reply. The command it answers and the full text decide.',
  451: '451 alone only says the receiver had a local problem and the sender will retry; nothing more specific is known. The receiving server\'s logs at that time say what failed.',
  450: '450 alone only says the request was refused for now (often greylisting); nothing more specific is known. It normally clears on retry.',
};

/**
 * A rule's example as explainReply input: "550 5.1.1 text", "550-5.7.1 text", "- 4.4.1 text" (a status
 * record with no basic code), "-- text" (text only), "5xx text" (a status word of that class, no code);
 * "@host 550 ..." when the reply came from that host.
 */
export function parseExample(s: string): ReplyInput {
  // "@mx.example.com 550 ..." : the reply came from that host
  const h = /^@(\S{1,255}) (.*)$/.exec(s);
  if (h) return { ...parseExample(h[2]), host: h[1] };
  // "5xx Failed": a status record that writes neither code, only a word of its class (message trace exports)
  const w = /^([245])xx (.*)$/.exec(s);
  if (w) return { text: w[2], fallbackClass: w[1] === '2' ? 'success' : w[1] === '4' ? 'transient' : 'permanent' };
  const m = /^(\d{3}|-)(?:[ -]|$)(?:([245]\.\d{1,3}\.\d{1,3})(?: |$))?(.*)$/.exec(s);
  if (!m) return { text: s };
  return { code: m[1] === '-' ? undefined : Number(m[1]), enhanced: m[2], text: m[3] };
}

/** Explain a reply from its basic code, enhanced code and text; never throws. */
export function explainReply(input: ReplyInput): Explanation {
  const code = input.code !== undefined && Number.isInteger(input.code) && input.code >= 100 && input.code <= 599 ? input.code : undefined;
  const enhancedText = input.enhanced?.trim() || undefined;
  const enh = parseEnhanced(enhancedText);
  const enhanced = enh && enh.cls !== 'X' ? enhancedText : undefined;
  const basic = code !== undefined ? basicTable.get(code) : undefined;
  const enhancedEntry = enhanced ? lookupEnhanced(enhanced) : undefined;
  const text = normaliseText(input.text ?? '');
  const command = input.command || commandInText(text) || undefined;

  const codeClass: ReplyClass = (code !== undefined ? classOf(code) : undefined)
    ?? (enhanced ? classOf(enhanced) : undefined) ?? input.fallbackClass ?? 'success';
  const host = input.host?.trim().toLowerCase().replace(/\.$/, '') || undefined;
  const otherHosts: string[] = [];
  const matched = matchRules({ code, cls: codeClass, enh: enhanced ? enh : undefined, text, command, host, otherHosts });
  const vendor = matched.map(m => m.rule);
  const top = vendor[0];
  // other matches add causes and checks only when they are as specific as the top rule (a generic
  // "access denied" text rule says nothing useful next to Microsoft's banned-IP code) and say the same
  // thing: the same bounce reason (a "relay refused" rule's checks do not belong in a block list's hover)
  const rest = matched.slice(1).filter(m => matched[0].score - m.score < 100 && consistent(top, m.rule.reason)).map(m => m.rule);

  const notes: string[] = [];
  if (code !== undefined && enhanced) {
    const ec = classOf(enhanced);
    if (ec && ec !== codeClass && codeClass !== 'intermediate') {
      notes.push(`The basic code ${code} says ${codeClass} but the enhanced code ${enhanced} says ${ec}; RFC 3463 requires them to agree. The sending server acts on the basic code (${codeClass}).`);
    }
  }
  let cls = codeClass;
  // a rule may override the class only if nothing more specific matched (a generic "try later" does not
  // turn a provider's block into a temporary failure)
  const topPriority = top?.priority ?? 0;
  const overriding = vendor.find(v => v.overrideClass && v.overrideClass !== codeClass && (v.priority ?? 0) >= topPriority);
  if (overriding?.overrideClass) {
    cls = overriding.overrideClass;
    notes.push(overriding.overrideNote ?? `The text contradicts the code: this reply is really ${cls}.`);
  }
  for (const v of [top, ...rest]) for (const n of v?.notes ?? []) notes.push(n);
  if (!top && enhancedEntry?.notes) notes.push(...enhancedEntry.notes);
  if (basic?.nonStandard) notes.push(`${basic.code} is not a standard reply code: ${basic.nonStandard}.`);

  const enhancedSpecific = !!enhancedEntry && !/^[X245]\.0\.0$/.test(enhancedEntry.code);
  const specificity: Specificity = top ? 'vendor' : enhancedSpecific ? 'enhanced' : basic && !basic.ambiguous ? 'basic' : 'class';
  if (specificity === 'class' && code !== undefined && CLASS_NOTE[code]) notes.push(CLASS_NOTE[code]!);

  const settled = cls === 'success' || cls === 'intermediate';
  // the basic code's own causes and checks: only when nothing more specific is known, or they say the same
  const basicGeneric = top ? !consistent(top, basic?.reason) : !!basic?.ambiguous && specificity === 'enhanced';
  // an "other ..." enhanced code (X.s.0) adds nothing next to a matching text rule; a specific rule
  // replaces the code's causes and checks unless the code means the same thing (5.1.10 is "null MX" in
  // the registry and "recipient not found" at Microsoft: the registry's null MX causes do not apply)
  const enhancedUseful = enhancedSpecific && !(top && (/\.0$/.test(enhancedEntry!.code) || !consistent(top, enhancedEntry!.reason)));
  const preferBasic = settled || !enhancedSpecific;
  const title = top?.title
    ?? (preferBasic ? basic?.meaning ?? enhancedEntry?.meaning : enhancedEntry?.meaning ?? basic?.meaning)
    ?? genericTitle(cls);

  let actors: Actor[] = top ? [...top.actors] : enhancedSpecific && !settled ? [...enhancedEntry!.actors] : [...(basic?.actors ?? [])];
  if (!actors.length) actors = enhancedEntry?.actors.length ? [...enhancedEntry.actors] : [];
  if (settled) actors = ['none'];
  // a specific rule without a reason (greylisting, PRDR, "permanent in a 4xx") means: no bounce reason applies
  const reason: BounceReason | undefined = top && !top.reason && (top.priority ?? 0) >= 1 ? undefined
    : vendor.find(v => v.reason)?.reason ?? enhancedEntry?.reason ?? basic?.reason;

  let retry = RETRY[cls];
  if (codeClass === 'transient' && cls === 'permanent') retry = RETRY_TEXT_SAYS_PERMANENT;
  else if (codeClass === 'permanent' && cls === 'transient') retry = RETRY_TEXT_SAYS_TRANSIENT;
  else if (cls === codeClass && basic?.retry) retry = basic.retry;

  return {
    code,
    enhanced,
    cls,
    codeClass,
    title,
    basic,
    enhancedEntry,
    vendor,
    actors: actors.length ? uniq(actors) : (settled ? ['none'] : ['recipientAdmin']),
    // the top rule speaks first, then the enhanced code, then the other matching rules, then the basic code
    // (an ambiguous basic code's own causes and checks only help when nothing more specific is known)
    // a rule that gives its own causes (checks) replaces the codes' (their general advice names other
    // products: Outlook autocomplete under a postfix virtual-mailbox rule); the codes fill in only when it gives none
    causes: settled ? [] : uniq([...(top?.causes ?? []), ...(enhancedUseful && !top?.causes.length ? enhancedEntry!.causes : []), ...rest.flatMap(v => v.causes), ...(basicGeneric || top?.causes.length ? [] : basic?.causes ?? [])]),
    checks: uniq([...(top?.checks ?? []), ...((enhancedUseful || !top) && !top?.checks.length ? enhancedEntry?.checks ?? [] : []), ...rest.flatMap(v => v.checks), ...(basicGeneric || top?.checks.length ? [] : basic?.checks ?? [])]),
    retry,
    notes: uniq(notes),
    sources: uniq([...(top?.sources ?? []), ...rest.flatMap(v => v.sources), ...(enhancedEntry?.sources ?? []), ...(basic?.sources ?? [])]),
    specific: specificity !== 'class',
    specificity,
    reason: settled && reason !== 'delivered' ? undefined : reason,
    command,
    commandNote: command && basic?.byCommand ? basic.byCommand[command] : undefined,
    links: uniq([top, ...rest].flatMap(v => v?.links ?? [])),
    host,
    hostOwner: top?.hosts ? top.hostOwner ?? top.vendor : undefined,
    otherHosts: otherHosts.length ? uniq(otherHosts) : undefined,
  };
}

/**
 * The reply text as the rules see it: at most TEXT_LIMIT characters, continuation markers of a
 * flattened multi-line reply ("... unusual rate of 421-4.7.0 unsolicited mail ...") and literal
 * "\n" sequences removed, runs of spaces collapsed. Linear.
 */
function normaliseText(raw: string): string {
  const t = raw.length > TEXT_LIMIT ? raw.slice(0, TEXT_LIMIT) : raw;
  return t.replace(/\\n/g, ' ').replace(/\s[245]\d\d[- ][245]\.\d{1,3}\.\d{1,3}(?=\s)/g, ' ').replace(/\s[245]\d\d-(?=\S)/g, ' ').replace(/\s{2,}/g, ' ');
}

/**
 * Whether what a less specific source (another rule, the enhanced or basic code) says about causes and
 * checks applies next to the top rule: only when both name the same bounce reason. A top rule with no
 * reason (greylisting, a protocol note) speaks alone.
 */
function consistent(top: VendorRule | undefined, reason: BounceReason | undefined): boolean {
  return !top || (top.reason !== undefined && reason === top.reason);
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

/**
 * The verdict in a few words: what happened to the request and whether the sender retries, as the
 * hover and `smtp-log explain` lead with it ("Refused for good" / "not retried, the message bounces").
 */
export function outcomeOf(e: Pick<Explanation, 'cls' | 'codeClass'>): { what: string; retry: string } {
  if (e.codeClass === 'transient' && e.cls === 'permanent') return { what: 'Refused', retry: 'the code is temporary, so the sending server retries, but the text says retrying will not help' };
  if (e.codeClass === 'permanent' && e.cls === 'transient') return { what: 'Refused', retry: 'the message bounced (a permanent code), but the condition is temporary: sending again later should work' };
  switch (e.cls) {
    case 'success': return { what: 'Accepted', retry: 'nothing to retry' };
    case 'intermediate': return { what: 'Accepted so far', retry: 'the server waits for the next step' };
    case 'transient': return { what: 'Refused for now', retry: 'the sending server keeps the message and retries' };
    case 'permanent': return { what: 'Refused for good', retry: 'not retried, the message bounces to the sender' };
  }
}

const SIDES: Record<Actor, string | undefined> = {
  none: undefined,
  sender: "on the sender's side",
  senderAdmin: 'on the sending side',
  recipientAdmin: 'on the receiving side',
  recipient: "on the recipient's side",
  ourServer: 'on the server that wrote this log',
};

/** Whose side the problem is on ("on the receiving side"), from who acts first; undefined for a success. */
export function sideOf(e: Pick<Explanation, 'cls' | 'actors'>): string | undefined {
  if (e.cls === 'success' || e.cls === 'intermediate') return undefined;
  return SIDES[e.actors[0] ?? 'none'];
}
