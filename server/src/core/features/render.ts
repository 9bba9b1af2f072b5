/**
 * Markdown for explanations. Log text never goes into markdown as markdown: it is shown inside code
 * spans, so a log line cannot inject links, commands, images or HTML into a hover.
 */
import { actorLabel, type Explanation, type ReplyClass } from '../knowledge';

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

/** Our own prose never carries markup characters from outside, but escape it anyway. */
export function escapeProse(text: string): string {
  return text.replace(/[\\`*_{}\[\]()#+!<>|~]/g, c => '\\' + c);
}

export const CLASS_WORDS: Record<ReplyClass, string> = {
  success: 'success',
  intermediate: 'intermediate (the server waits for more)',
  transient: 'temporary failure: the sender keeps the message and retries',
  permanent: 'permanent failure: the message bounces',
};

export interface ExplanationContext {
  /** the reply as written, e.g. "550 5.1.1 User unknown" (log text: escaped) */
  reply?: string;
  /** "answers `RCPT TO:<bob@example.com>` at 8:05:42 AM (line 12)" (already markdown) */
  answers?: string;
  /** extra markdown lines appended (NDR reasons, ...) */
  extra?: string[];
}

/** The hover body for one reply. */
export function renderExplanation(e: Explanation, detail: HoverDetail, ctx: ExplanationContext = {}): string {
  const head = [e.code, e.enhanced].filter(x => x !== undefined).join(' ');
  const out: string[] = [];
  out.push(`**${escapeProse(head)}** ${escapeProse(e.title)} (${CLASS_WORDS[e.cls]})`);
  if (ctx.answers) out.push(ctx.answers);
  if (detail === 'brief') {
    if (ctx.extra) out.push(...ctx.extra);
    return out.join('\n\n');
  }
  if (ctx.reply) out.push(`Reply: ${code(ctx.reply)}`);
  const meaning: string[] = [];
  if (e.basic) meaning.push(`- ${escapeProse(String(e.basic.code))}: ${escapeProse(e.basic.meaning)}`);
  if (e.enhancedEntry) meaning.push(`- ${escapeProse(e.enhanced ?? e.enhancedEntry.code)}: ${escapeProse(e.enhancedEntry.meaning)}. ${escapeProse(e.enhancedEntry.description)}`);
  for (const v of e.vendor.slice(0, 2)) meaning.push(`- ${escapeProse(v.vendor)}: ${escapeProse(v.title)}. ${escapeProse(v.description)}`);
  if (meaning.length) out.push(`**Meaning**\n${meaning.join('\n')}`);
  for (const n of e.notes) out.push(`**Note:** ${escapeProse(n)}`);
  out.push(`**Retry:** ${escapeProse(e.retry)}`);
  if (e.cls === 'transient' || e.cls === 'permanent') {
    out.push(`**Who acts:** ${escapeProse(e.actors.map(actorLabel).join(', then '))}`);
    if (e.causes.length) out.push(`**Typical causes**\n${e.causes.slice(0, 5).map(c => `- ${escapeProse(c)}`).join('\n')}`);
    if (e.checks.length) out.push(`**Check first**\n${e.checks.slice(0, 7).map((c, i) => `${i + 1}. ${escapeProse(c)}`).join('\n')}`);
  }
  if (ctx.extra) out.push(...ctx.extra);
  if (e.sources.length) out.push(`*Sources: ${escapeProse(e.sources.join('; '))}*`);
  return out.join('\n\n');
}
