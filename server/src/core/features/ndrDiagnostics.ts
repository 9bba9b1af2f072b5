/**
 * Problems in a bounce: one per failed recipient (error) and per delayed recipient (warning), on its
 * status (the DSN Status: value, or the reply in the text), naming recipient, code and reason.
 * Success notices, feedback reports and mails that are not bounces have none.
 */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { REASONS } from '../knowledge/reasons';
import type { NdrModel } from '../ndr/model';
import { endOf, type Lines, positionOf } from '../ndr/text';

export interface NdrDiagnosticsOptions {
  maxProblems: number;
  /** filled with the number of problems before the cut at maxProblems */
  counts?: { total: number };
}

export function ndrDiagnostics(ndr: NdrModel, d: Lines, opts: NdrDiagnosticsOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  let total = 0;
  for (const r of ndr.reports) {
    if (r.action !== 'failed' && r.action !== 'delayed') continue;
    if (r.reason === 'feedback' || r.reason === 'vacation' || r.reason === 'delivered') continue;
    total++;
    if (out.length >= opts.maxProblems) continue;
    const start = positionOf(d, r.anchor.start);
    let end = positionOf(d, Math.max(r.anchor.start, r.anchor.end));
    if (end.line !== start.line) end = { line: start.line, character: endOf(d, start.line) - d.lineStart[start.line] };
    const reply = r.reply?.code !== undefined ? `${r.reply.code}${r.reply.enhanced && r.reply.enhanced !== r.status ? ' ' + r.reply.enhanced : ''}` : undefined;
    const head = [r.status, reply && reply !== r.status ? `(reply ${reply})` : undefined].filter(Boolean).join(' ');
    const kind = r.action === 'delayed' ? 'delayed' : `${r.severity} bounce`;
    out.push({
      range: { start, end },
      severity: r.action === 'delayed' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
      code: r.status,
      source: 'smtp-ndr',
      message: `${r.recipient}: ${head} ${REASONS[r.reason].title} (${r.reason}, ${kind})${r.command ? `; answers ${r.command}` : ''}`.replace(/\s+/g, ' '),
    });
  }
  if (total > out.length) {
    out.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: 'smtp-ndr',
      message: `Only the first ${out.length} of ${total} failed recipients are listed (setting smtpLog.problems.max). The outline lists all of them.`,
    });
  }
  if (opts.counts) opts.counts.total = total;
  return out;
}
