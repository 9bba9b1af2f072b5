/**
 * `smtp-log`: the command-line shell over the core. Same engine as the language server.
 *
 *   smtp-log analyze <file...>     sessions, outcomes and problems of each file
 *   smtp-log explain <code> [enhanced] [text]   what a reply means
 *   smtp-log corpus <folder>       per file: format, sessions, replies, problems, unexplained codes
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSmtpLanguageService } from '../core/smtpLanguageService';
import { explainReply, actorLabel } from '../core/knowledge';
import { corpusReport } from './corpus';

const USAGE = `smtp-log: reads SMTP logs and bounce messages

usage:
  smtp-log analyze <file...>                 sessions with outcome, and every failed reply
  smtp-log explain <code> [enhanced] [text] [--command VERB]
                                             what a reply means, e.g. smtp-log explain 550 5.1.1 "User unknown"
  smtp-log corpus <folder>                   per file: format, sessions, replies, problems, unexplained codes
`;

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') { process.stdout.write(USAGE); return cmd ? 0 : 1; }
  if (cmd === 'analyze') return analyze(rest);
  if (cmd === 'explain') return explain(rest);
  if (cmd === 'corpus') { if (!rest[0]) { process.stderr.write(USAGE); return 1; } process.stdout.write(corpusReport(rest[0])); return 0; }
  process.stderr.write(`smtp-log: unknown command "${cmd}"\n\n${USAGE}`);
  return 1;
}

function analyze(files: string[]): number {
  if (!files.length) { process.stderr.write(USAGE); return 1; }
  const svc = createSmtpLanguageService();
  let failed = 0;
  for (const f of files) {
    let text: string;
    try { text = fs.readFileSync(f, 'utf8'); } catch (e) { process.stderr.write(`smtp-log: cannot read ${f}: ${(e as Error).message}\n`); failed++; continue; }
    const doc = svc.parse(text, /\.(eml|msg)$/i.test(f) ? 'smtp-ndr' : 'smtp-log');
    process.stdout.write(`${path.basename(f)}: ${doc.log.formatName}, ${doc.log.lineCount} lines, ${doc.log.sessions.count} sessions\n`);
    for (const n of doc.log.notes) process.stdout.write(`  note: ${n}\n`);
    for (const s of svc.findDocumentSymbols(doc).result) process.stdout.write(`  line ${s.range.start.line + 1}: ${s.name}\n`);
    for (const d of svc.doValidation(doc)) process.stdout.write(`  ${d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info'} line ${d.range.start.line + 1}: ${d.message}\n`);
  }
  return failed ? 2 : 0;
}

/**
 * `smtp-log explain <code> [enhanced] [text...] [--command VERB]`, or `smtp-log explain <enhanced> [text...]`:
 * everything the knowledge base says about one reply, as plain text.
 */
function explain(args: string[]): number {
  const rest = [...args];
  let command: string | undefined;
  const ci = rest.findIndex(a => a === '--command' || a === '-c');
  if (ci >= 0) { command = rest[ci + 1]?.toUpperCase(); rest.splice(ci, 2); }
  let code: number | undefined;
  if (/^\d{3}$/.test(rest[0] ?? '')) code = Number(rest.shift());
  const enhanced = /^[245]\.\d{1,3}\.\d{1,3}$/.test(rest[0] ?? '') ? rest.shift() : undefined;
  if (code === undefined && !enhanced) { process.stderr.write(USAGE); return 1; }
  const text = rest.join(' ');
  const e = explainReply({ code, enhanced, text, command });
  const lines = [`${[e.code, e.enhanced].filter(Boolean).join(' ')}: ${e.title}`];
  lines.push(`class: ${e.cls}${e.cls !== e.codeClass ? ` (the code says ${e.codeClass}; the text wins)` : ''}`);
  lines.push(`explained by: ${e.specificity === 'vendor' ? `text rule ${e.vendor.map(v => v.id).slice(0, 3).join(', ')}` : e.specificity === 'enhanced' ? 'the enhanced code' : e.specificity === 'basic' ? 'the basic code' : 'the class digit only'}`);
  if (e.basic) lines.push(`meaning ${e.basic.code}: ${e.basic.meaning}`);
  if (e.enhancedEntry) lines.push(`meaning ${e.enhanced}: ${e.enhancedEntry.meaning}. ${e.enhancedEntry.description}`);
  for (const v of e.vendor.slice(0, 1)) lines.push(`${v.vendor}: ${v.title}. ${v.description}`);
  if (e.command && e.commandNote) lines.push(`as the answer to ${e.command}: ${e.commandNote}`);
  lines.push(`retry: ${e.retry}`);
  if (e.notes.length) lines.push(...e.notes.map(n => `note: ${n}`));
  if (e.cls === 'transient' || e.cls === 'permanent') {
    lines.push(`who acts: ${e.actors.map(actorLabel).join(', then ')}`);
    if (e.reason) lines.push(`bounce reason: ${e.reason}`);
    lines.push(...e.causes.slice(0, 5).map(c => `cause: ${c}`));
    lines.push(...e.checks.slice(0, 7).map((c, i) => `check ${i + 1}: ${c}`));
  }
  if (e.links.length) lines.push(`where to act: ${e.links.join(' ')}`);
  if (e.sources.length) lines.push(...e.sources.map(s => `source: ${s}`));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

// `smtp-log analyze big.log | head`: the reader went away; stop quietly instead of throwing EPIPE
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
process.exitCode = main(process.argv.slice(2));
