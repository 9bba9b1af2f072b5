/** `smtp-log corpus <folder>`: how the analyzer does on a folder of real files. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSmtpLanguageService } from '../core/smtpLanguageService';
import { LineKind } from '../core/scanner/tokens';
import { replyHead, replyInfo } from '../core/parser/queries';
import { explainLogReply } from '../core/features/logHover';
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
    let replies = 0, explained = 0;
    const unexplained = new Map<string, number>();
    for (let l = 0; l < m.lineCount; l++) {
      const k = m.kind[l];
      if (k !== LineKind.Reply && k !== LineKind.Status) continue;
      if (k === LineKind.Reply) replies++;
      const ri = replyInfo(m, l);
      // a status record that writes no code, enhanced code or text (exim "=>") carries no reply to explain
      if (!ri || (k === LineKind.Status && !ri.codeWritten && !ri.enhanced && !ri.text)) continue;
      explained++;
      if (explainLogReply(m, ri).specificity === 'class') {
        const key = replyHead(ri);
        unexplained.set(key, (unexplained.get(key) ?? 0) + 1);
      }
    }
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
  return [...rows.map(fmt), '',
    `${totals.files} files, ${totals.recognised} recognised, ${totals.sessions} sessions, ${totals.replies} replies, ${totals.problems} problems, ${totals.unexplained} of ${totals.explained} replies and status records explained at class level only`, '',
    ndrCorpusReport(folder, walk(folder))].join('\n');
}
