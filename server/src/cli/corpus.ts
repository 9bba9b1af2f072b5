/** `smtp-log corpus <folder>`: how the analyzer does on a folder of real files. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSmtpLanguageService, visibleText } from '../core/smtpLanguageService';
import { ndrCorpusReport } from './ndrCorpus';

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile() && !/\.md$/i.test(e.name) && e.name !== 'expected.tsv') out.push(p);
  }
  return out.sort();
}

export function corpusReport(folder: string): string {
  const svc = createSmtpLanguageService();
  const rows: string[][] = [['file', 'format', 'sessions', 'replies', 'problems', 'class-only (unexplained) replies and status records']];
  const totals = { files: 0, recognised: 0, sessions: 0, replies: 0, problems: 0, explained: 0, unexplained: 0 };
  for (const f of walk(folder)) {
    const text = fs.readFileSync(f, 'utf8');
    const doc = svc.parse(text);
    const m = doc.log;
    const { replies, explained, classOnly: unexplained } = svc.replyCensus(doc);
    const problems = svc.doValidation(doc, { maxProblems: 1e9 }).length;
    totals.files++; if (m.format !== 'plain' && m.format !== 'binary') totals.recognised++;
    totals.sessions += m.sessions.count; totals.replies += replies; totals.problems += problems;
    totals.explained += explained;
    totals.unexplained += [...unexplained.values()].reduce((a, b) => a + b, 0);
    rows.push([path.relative(folder, f), m.format, String(m.sessions.count), String(replies), String(problems),
      [...unexplained].map(([k, n]) => `${k} x${n}`).join(', ') || '-']);
  }
  const widths = rows[0].map((_, i) => Math.min(60, Math.max(...rows.map(r => r[i].length))));
  const fmt = (r: string[]) => r.map((c, i) => i === r.length - 1 ? c : c.padEnd(widths[i])).join('  ');
  // file names, recipients and reasons come from the files: shown visibly, never as raw control characters
  return visibleText([...rows.map(fmt), '',
    `${totals.files} files, ${totals.recognised} recognised, ${totals.sessions} sessions, ${totals.replies} replies, ${totals.problems} problems, ${totals.unexplained} of ${totals.explained} replies and status records explained at class level only`, '',
    ndrCorpusReport(folder, walk(folder))].join('\n'), true);
}
