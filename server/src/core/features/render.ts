/**
 * Markdown for explanations. Log text never goes into markdown as markdown: it is shown inside code
 * spans, so a log line cannot inject links, commands, images or HTML into a hover. Links come only
 * from the knowledge tables (https URLs, checked again here).
 */
import { actorLabel, type Explanation, outcomeOf, type ReplyClass, sideOf, type VendorRule } from '../knowledge';
import { cutText, visibleText } from '../visible';

const CLASS_DIGIT: Record<ReplyClass, number> = { success: 2, intermediate: 3, transient: 4, permanent: 5 };

export type HoverDetail = 'brief' | 'full';

/** Most characters of log text in one code span of a hover (a 60 KB reply reads as its start and a count). */
export const MAX_CODE_SPAN = 500;

/**
 * Text from a log as an inline code span (any backticks inside are fenced by a longer run). Line breaks
 * and tabs become spaces; controls and bidi characters are written out (`\x1b`, `<U+202E>`); long
 * text is cut and says so.
 */
export function code(text: string): string {
  const clean = visibleText(cutText(text.replace(/[\t\r\n]+/g, ' ').replace(/ {2,}/g, ' ').trim(), MAX_CODE_SPAN));
  if (!clean) return '` `';
  let longest = 0;
  for (const m of clean.match(/`+/g) ?? []) longest = Math.max(longest, m.length);
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/**
 * Our own prose never carries markup characters from outside, but escape it anyway: only what could
 * start markup (code, emphasis, links, HTML and autolinks, entities, a block at the start), so that
 * editors that show markdown as text (Neovim 0.7's hover) show no `\(` or `\_`.
 */
export function escapeProse(text: string): string {
  let out = visibleText(text, true).replace(/[\\`*\[\]~]/g, c => '\\' + c)
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?[A-Za-z0-9]{1,32};)/g, '\\&')
    // `_` emphasises only at a word's edge (GFM / CommonMark): virtual_mailbox_maps stays as it is
    .replace(/_/g, (c, i: number, all: string) => /[A-Za-z0-9]/.test(all[i - 1] ?? '') && /[A-Za-z0-9]/.test(all[i + 1] ?? '') ? c : '\\_');
  // what starts a block at the start of a line: a heading, a quote, a list item, a setext underline
  out = out.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return out;
}

export const CLASS_WORDS: Record<ReplyClass, string> = {
  success: 'success',
  intermediate: 'intermediate (the server waits for more)',
  transient: 'temporary failure: the sender keeps the message and retries',
  permanent: 'permanent failure: the message bounces',
};

/** One short word for a class, for problem messages and the CLI. */
export const CLASS_SHORT: Record<ReplyClass, string> = {
  success: 'success', intermediate: 'intermediate', transient: 'temporary', permanent: 'permanent',
};

/** "(permanent failure: the message bounces)" or, when the text overrides the code, both. */
export function classPhrase(e: Explanation): string {
  if (e.cls === e.codeClass) return CLASS_WORDS[e.cls];
  return `${CLASS_SHORT[e.codeClass]} code, but the text says ${CLASS_SHORT[e.cls]}`;
}

const URL_AT_END = /\s(https:\/\/[^\s()<>\[\]`"']{3,300})$/;
const SAFE_URL = /^https:\/\/[^\s()<>\[\]`"']{3,300}$/;

/** "RFC 5321 §4.2.2 (SMTP) https://..." -> a markdown link; other sources stay escaped text. */
export function renderSource(s: string): string {
  const m = URL_AT_END.exec(s);
  if (!m) return escapeProse(s);
  const label = s.slice(0, m.index).trim();
  return `[${escapeProse(label)}](${m[1]})`;
}

/** A link from the knowledge tables, shown by host and path. */
export function renderLink(url: string): string {
  if (!SAFE_URL.test(url)) return escapeProse(url);
  const label = url.replace(/^https:\/\//, '').replace(/\/$/, '');
  return `[${escapeProse(label)}](${url})`;
}

export interface ExplanationContext {
  /** the reply as written, e.g. "550 5.1.1 User unknown" (log text: escaped) */
  reply?: string;
  /** "answers `RCPT TO:<bob@example.com>` at 8:05:42 AM (line 12)" (already markdown) */
  answers?: string;
  /** markdown the reader needs before the meaning (a bounce's reason, the extensions an EHLO reply offers) */
  lead?: string[];
  /** markdown for the "More" section (details of a bounce report, the host a rule was chosen by, ...) */
  extra?: string[];
  /** whose side "sender" and "recipient" are in this log (plain prose from the feature, escaped here) */
  perspective?: string;
}

const COMMAND_WORDS: Record<string, string> = { '<connect>': 'the greeting', '<end of data>': 'the end of the message data' };

/** Checks shown before the meaning; the rest are under "More". */
export const LEAD_CHECKS = 2;
/** Sources linked before "More"; the others are under it. */
const LEAD_SOURCES = 1;
/** Log text shown in the lead's reply line (the reply is on the log line anyway; "More" has it up to MAX_CODE_SPAN). */
const LEAD_REPLY = 160;
/** The line that starts the long tail of a full hover. */
export const MORE_HEADING = '**More**';

/**
 * The hover body for one reply. A full hover leads with what the reader acts on, in the order they
 * need it, so that it fits the editor's default hover box (about 15 lines) without scrolling:
 * the verdict (what happened, whether it is retried, whose side), who acts and the first checks,
 * the reply and the command it answers, then the meaning and its first sources. Everything else
 * (the longer description, the retry in detail, notes, causes, further checks, other sources) follows under a rule, as "More".
 */
export function renderExplanation(e: Explanation, detail: HoverDetail, ctx: ExplanationContext = {}): string {
  // a status record that writes no code (exim's "rejected RCPT ...: Unknown user") is named by its class
  const head = [e.code, e.enhanced].filter(x => x !== undefined).join(' ') || `${CLASS_DIGIT[e.cls]}xx`;
  const out: string[] = [];
  if (detail === 'brief') {
    out.push(`**${escapeProse(head)}** ${escapeProse(e.title)} (${escapeProse(classPhrase(e))})`);
    if (ctx.answers) out.push(ctx.answers);
    if (ctx.lead) out.push(...ctx.lead);
    if (ctx.extra) out.push(...ctx.extra);
    return out.join('\n\n');
  }
  const failure = e.cls === 'transient' || e.cls === 'permanent';
  // 1. the verdict: what happened, whose side, whether it is retried; then who acts. The meaning comes
  // after the checks: in the editor the problem message above the hover already names it
  const side = sideOf(e);
  const outcome = outcomeOf(e);
  const actors = failure ? e.actors.filter(a => a !== 'none').map(actorLabel) : [];
  const verdict = failure || e.cls === 'intermediate'
    ? `**${escapeProse(outcome.what)}**${side ? `, ${escapeProse(side)}` : ''}: ${escapeProse(outcome.retry)}.`
    : `**${escapeProse(outcome.what)}:** ${escapeProse(sentence(e.title))}`;
  out.push(`**${escapeProse(head)}** ${verdict}${actors.length ? ` **Who acts:** ${escapeProse(actors.join(', then '))}.` : ''}`);
  // 2. what to do first
  if (failure && e.checks.length) {
    out.push(`**Check first**\n${e.checks.slice(0, LEAD_CHECKS).map((c, i) => `${i + 1}. ${escapeProse(c)}`).join('\n')}`);
  } else if (e.cls === 'intermediate' && e.checks.length) {
    out.push(`**If the session stops here**\n${e.checks.slice(0, LEAD_CHECKS).map((c, i) => `${i + 1}. ${escapeProse(c)}`).join('\n')}`);
  } else if (e.checks.length && e.vendor.length) {
    out.push(`**Next:** ${escapeProse(e.checks[0])}`);
  }
  if (e.links.length) out.push(`**Where to act:** ${e.links.map(renderLink).join(', ')}`);
  if (ctx.lead) out.push(...ctx.lead);
  // 3. the reply and the command it answers
  const replyLine = [ctx.reply ? `Reply: ${code(cutText(ctx.reply.replace(/\s+/g, ' ').trim(), LEAD_REPLY))}.` : '', ctx.answers ?? ''].filter(Boolean).join(' ');
  if (replyLine) out.push(replyLine);
  // 4. the meaning: the most specific knowledge first, the codes' registry titles after it
  const top = e.vendor[0];
  const meaning: string[] = [];
  if (failure || e.cls === 'intermediate') meaning.push(`**${escapeProse(sentence(e.title))}**`);
  // the longer description of the most specific knowledge is the first thing under More
  const described = top ? `**${escapeProse(top.vendor)}:** ${escapeProse(top.description)}`
    : e.enhancedEntry && e.specificity === 'enhanced' ? `**${escapeProse(e.enhanced ?? e.enhancedEntry.code)}:** ${escapeProse(e.enhancedEntry.description)}`
      : e.basic?.description && e.cls !== 'success' ? `**${escapeProse(String(e.basic.code))}:** ${escapeProse(e.basic.description)}` : undefined;
  const codes: string[] = [];
  // a code whose meaning is the title already shown is not repeated
  if (e.basic && e.basic.meaning !== e.title) codes.push(`${escapeProse(String(e.basic.code))}: ${escapeProse(e.basic.meaning)}`);
  // a rule that names the enhanced code redefines it (Microsoft's 5.1.10): the registry title is labelled as such
  if (e.enhancedEntry && e.enhancedEntry.meaning !== e.title) codes.push(`${escapeProse(e.enhanced ?? e.enhancedEntry.code)}${top && redefines(top, e.enhanced) ? ' in the registry' : ''}: ${escapeProse(e.enhancedEntry.meaning)}`);
  if (codes.length) meaning.push(codes.join('; ') + '.');
  if (meaning.length) out.push(`**Meaning:** ${meaning.join(' ')}`);
  if (e.sources.length) out.push(`*Sources: ${e.sources.slice(0, LEAD_SOURCES).map(renderSource).join('; ')}*`);
  // 5. more: everything else, for whoever scrolls
  const more: string[] = [];
  if (described) more.push(described);
  for (const n of e.notes) more.push(`**Note:** ${escapeProse(n)}`);
  if (failure && e.checks.length > LEAD_CHECKS) {
    more.push(`**Then check**\n${e.checks.slice(LEAD_CHECKS, 7).map((c, i) => `${i + 1 + LEAD_CHECKS}. ${escapeProse(c)}`).join('\n')}`);
  } else if (e.cls === 'intermediate' && e.checks.length > LEAD_CHECKS) {
    more.push(`**Then check**\n${e.checks.slice(LEAD_CHECKS, 4).map((c, i) => `${i + 1 + LEAD_CHECKS}. ${escapeProse(c)}`).join('\n')}`);
  }
  if (failure && e.causes.length) more.push(`**Typical causes**\n${e.causes.slice(0, 5).map(c => `- ${escapeProse(c)}`).join('\n')}`);
  if (failure || e.cls === 'intermediate') more.push(`**Retry:** ${escapeProse(e.retry)}`);
  // what the code means as the answer to this command, when no rule says more (a generic "relay denied,
  // block list" next to a Spamhaus rule would list what does not apply)
  if (e.command && e.commandNote && !top) more.push(`**As the answer to ${escapeProse(COMMAND_WORDS[e.command] ?? e.command)}:** ${escapeProse(e.commandNote)}`);
  if (failure && ctx.perspective) more.push(`*${escapeProse(ctx.perspective)}*`);
  if (failure && e.reason) more.push(`**Bounce reason:** \`${e.reason}\``);
  if (ctx.reply && ctx.reply.replace(/\s+/g, ' ').trim().length > LEAD_REPLY) more.push(`Reply in full: ${code(ctx.reply)}`);
  if (ctx.extra) more.push(...ctx.extra);
  if (e.sources.length > LEAD_SOURCES) more.push(`*More sources: ${e.sources.slice(LEAD_SOURCES, 8).map(renderSource).join('; ')}*`);
  if (more.length) out.push('---', MORE_HEADING, ...more);
  return out.join('\n\n');
}

/** True when the rule names this enhanced code itself (it says what the code means at that vendor). */
function redefines(rule: VendorRule, enhanced: string | undefined): boolean {
  if (!enhanced) return false;
  const tail = enhanced.slice(1);
  return (rule.enhanced ?? []).some(x => x.slice(1) === tail);
}

/** A title as a sentence: with a final full stop unless it ends with one (or another mark) already. */
function sentence(t: string): string {
  return /[.!?]$/.test(t) ? t : t + '.';
}
