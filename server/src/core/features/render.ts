/**
 * Markdown for explanations. Log text never goes into markdown as markdown: it is shown inside code
 * spans, so a log line cannot inject links, commands, images or HTML into a hover. Links come only
 * from the knowledge tables (https URLs, checked again here).
 */
import { actorLabel, type Explanation, type ReplyClass } from '../knowledge';

const CLASS_DIGIT: Record<ReplyClass, number> = { success: 2, intermediate: 3, transient: 4, permanent: 5 };

export type HoverDetail = 'brief' | 'full';

/** Text from a log as an inline code span (any backticks inside are fenced by a longer run). */
export function code(text: string): string {
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
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
  let out = text.replace(/[\\`*\[\]~]/g, c => '\\' + c)
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
  /** extra markdown lines appended (NDR reasons, ...) */
  extra?: string[];
  /** whose side "sender" and "recipient" are in this log (plain prose from the feature, escaped here) */
  perspective?: string;
}

const COMMAND_WORDS: Record<string, string> = { '<connect>': 'the greeting', '<end of data>': 'the end of the message data' };

/** The hover body for one reply. */
export function renderExplanation(e: Explanation, detail: HoverDetail, ctx: ExplanationContext = {}): string {
  // a status record that writes no code (exim's "rejected RCPT ...: Unknown user") is named by its class
  const head = [e.code, e.enhanced].filter(x => x !== undefined).join(' ') || `${CLASS_DIGIT[e.cls]}xx`;
  const out: string[] = [];
  out.push(`**${escapeProse(head)}** ${escapeProse(e.title)} (${escapeProse(classPhrase(e))})`);
  if (ctx.answers) out.push(ctx.answers);
  if (detail === 'brief') {
    if (ctx.extra) out.push(...ctx.extra);
    return out.join('\n\n');
  }
  if (ctx.reply) out.push(`Reply: ${code(ctx.reply)}`);
  const meaning: string[] = [];
  if (e.basic) meaning.push(`- ${escapeProse(String(e.basic.code))}: ${escapeProse(e.basic.meaning)}`);
  if (e.enhancedEntry) meaning.push(`- ${escapeProse(e.enhanced ?? e.enhancedEntry.code)}: ${escapeProse(e.enhancedEntry.meaning)}. ${escapeProse(e.enhancedEntry.description)}`);
  const top = e.vendor[0];
  if (top) {
    meaning.push(`- ${escapeProse(top.vendor)}: ${escapeProse(top.title)}. ${escapeProse(top.description)}`);
  } else if (e.basic?.description && e.cls !== 'success') {
    meaning.push(`- ${escapeProse(e.basic.description)}`);
  }
  if (meaning.length) out.push(`**Meaning**\n${meaning.join('\n')}`);
  if (e.command && e.commandNote) out.push(`**As the answer to ${escapeProse(COMMAND_WORDS[e.command] ?? e.command)}:** ${escapeProse(e.commandNote)}`);
  for (const n of e.notes) out.push(`**Note:** ${escapeProse(n)}`);
  out.push(`**Retry:** ${escapeProse(e.retry)}`);
  if (e.cls === 'transient' || e.cls === 'permanent') {
    out.push(`**Who acts:** ${escapeProse(e.actors.map(actorLabel).join(', then '))}`);
    if (ctx.perspective) out.push(`*${escapeProse(ctx.perspective)}*`);
    if (e.reason) out.push(`**Bounce reason:** \`${e.reason}\``);
    if (e.causes.length) out.push(`**Typical causes**\n${e.causes.slice(0, 5).map(c => `- ${escapeProse(c)}`).join('\n')}`);
    if (e.checks.length) out.push(`**Check first**\n${e.checks.slice(0, 7).map((c, i) => `${i + 1}. ${escapeProse(c)}`).join('\n')}`);
  } else if (e.cls === 'intermediate' && e.checks.length) {
    out.push(`**If the session stops here**\n${e.checks.slice(0, 4).map((c, i) => `${i + 1}. ${escapeProse(c)}`).join('\n')}`);
  } else if (e.checks.length && e.vendor.length) {
    out.push(`**Next:** ${escapeProse(e.checks[0])}`);
  }
  if (e.links.length) out.push(`**Where to act:** ${e.links.map(renderLink).join(', ')}`);
  if (ctx.extra) out.push(...ctx.extra);
  if (e.sources.length) out.push(`*Sources: ${e.sources.slice(0, 6).map(renderSource).join('; ')}*`);
  return out.join('\n\n');
}
