/**
 * The bounce table of `smtp-log corpus <folder>`: for every bounce-like file (content that reads as
 * a delivery report, or a .eml/.msg name), the layout detected and one row per report: recipient,
 * action, status, reason, hard/soft. Then totals, and the files that gave no report or no reason,
 * with what the analyzer saw instead (an auto-reply, a feedback report, a bounce that names no cause).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSmtpLanguageService, sniffLanguage } from '../core/smtpLanguageService';

/** Files the NDR table covers: content that sniffs as a bounce, or a mail file name. */
export function isNdrLike(file: string, text: string): boolean {
  return /\.(?:eml|msg)$/i.test(file) || sniffLanguage(text.slice(0, 64 * 1024)) === 'smtp-ndr';
}

/**
 * A mail file as text: UTF-8 when it is valid UTF-8, else byte for byte (Latin-1), so that 8bit parts in
 * a legacy charset (Shift_JIS, EUC-JP, KOI8-R ...) reach the MIME reader as bytes it can decode.
 */
export function readMail(file: string): string {
  const buf = fs.readFileSync(file);
  const utf8 = buf.toString('utf8');
  return utf8.includes('\uFFFD') ? buf.toString('latin1') : utf8;
}

/** One line of a folder's `expected.tsv`: the verdict written down for one recipient of one bounce. */
export interface Expectation { file: string; recipient: string; reason: string; severity: string }

/** `file<TAB>recipient<TAB>reason<TAB>hard|soft|none` lines; `#` starts a comment. */
export function readExpectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [file, recipient, reason, severity] = line.split('\t').map(c => c.trim());
    if (file && recipient && reason) out.push({ file: file.replace(/\\/g, '/'), recipient: recipient.toLowerCase(), reason, severity: severity ?? '' });
  }
  return out;
}

export interface Verdict { recipient: string; action: string; reason: string; severity: string }
export interface Agreement { expected: number; found: number; reason: number; severity: number; failedAsDelivered: number; misses: string[] }

/** How the analyzer's verdicts (per file: the layout and its reports) agree with the expectations, per mail system and in total. */
export function agreement(expect: Expectation[], actual: Map<string, { layout: string; reports: Verdict[] }>): Map<string, Agreement> {
  const out = new Map<string, Agreement>();
  const row = (k: string) => { let a = out.get(k); if (!a) out.set(k, a = { expected: 0, found: 0, reason: 0, severity: 0, failedAsDelivered: 0, misses: [] }); return a; };
  for (const e of expect) {
    const got = actual.get(e.file);
    const r = got?.reports.find(x => x.recipient.toLowerCase() === e.recipient);
    for (const a of [row(got?.layout ?? '(file not read)'), row('all')]) {
      a.expected++;
      if (!r) { a.misses.push(`${e.file}: ${e.recipient} not found`); continue; }
      a.found++;
      if (r.reason === e.reason) a.reason++; else a.misses.push(`${e.file}: ${e.recipient} ${r.reason}, expected ${e.reason}`);
      if (!e.severity || r.severity === e.severity) a.severity++; else a.misses.push(`${e.file}: ${e.recipient} ${r.severity}, expected ${e.severity}`);
      if (e.severity !== 'none' && (r.action === 'delivered' || r.severity === 'none')) a.failedAsDelivered++;
    }
  }
  return out;
}

function agreementSection(folder: string, verdicts: Map<string, { layout: string; reports: Verdict[] }>): string[] {
  const file = path.join(folder, 'expected.tsv');
  if (!fs.existsSync(file)) return [];
  const by = agreement(readExpectations(fs.readFileSync(file, 'utf8')), verdicts);
  const pct = (n: number, d: number) => (d ? `${n}/${d} (${Math.round((100 * n) / d)}%)` : '-');
  const rows: string[][] = [['mail system', 'recipients found', 'reason agrees', 'hard/soft agrees', 'failed reported as delivered']];
  for (const [k, a] of [...by].sort((x, y) => (x[0] === 'all' ? 1 : y[0] === 'all' ? -1 : y[1].expected - x[1].expected))) {
    rows.push([k, pct(a.found, a.expected), pct(a.reason, a.expected), pct(a.severity, a.expected), String(a.failedAsDelivered)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  const misses = by.get('all')?.misses ?? [];
  return ['', 'Agreement with expected.tsv (the verdicts written down for this folder), per mail system', '',
    ...rows.map(r => r.map((c, i) => c.padEnd(widths[i])).join('  ')), '',
    `disagreements: ${misses.length}${misses.length ? '\n  ' + misses.join('\n  ') : ''}`];
}

export function ndrCorpusReport(folder: string, files: string[]): string {
  const svc = createSmtpLanguageService();
  const rows: string[][] = [['file', 'layout', 'recipient', 'action', 'status', 'reason', 'hard/soft', 'as ESPs class it (SES · SendGrid · Postmark · KumoMTA)']];
  const noReport: string[] = [];
  const noCause: string[] = [];
  const undefinedReason: string[] = [];
  const reasons = new Map<string, number>();
  // per mail system (the layout that wrote the bounce): files, reports, reasons, hard/soft, unexplained
  const systems = new Map<string, { name: string; files: number; reports: number; hard: number; soft: number; none: number; unexplained: number; noReport: number; reasons: Map<string, number> }>();
  const system = (id: string, name: string) => {
    let x = systems.get(id);
    if (!x) systems.set(id, x = { name, files: 0, reports: 0, hard: 0, soft: 0, none: 0, unexplained: 0, noReport: 0, reasons: new Map() });
    return x;
  };
  const t = { files: 0, reports: 0, hard: 0, soft: 0, none: 0, inferred: 0, fromText: 0 };
  const verdicts = new Map<string, { layout: string; reports: Verdict[] }>();
  for (const f of files) {
    let text: string;
    try { text = readMail(f); } catch { continue; }
    if (!isNdrLike(f, text)) continue;
    const name = path.relative(folder, f);
    const doc = svc.parse(text, 'smtp-ndr');
    const ndr = doc.ndr;
    t.files++;
    const sys = system(ndr?.layout ?? 'binary', ndr?.layoutName ?? 'binary data');
    verdicts.set(name.replace(/\\/g, '/'), { layout: ndr?.layout ?? 'binary', reports: ndr?.reports ?? [] });
    sys.files++;
    if (!ndr || !ndr.reports.length) {
      if (ndr?.kind !== 'autoreply') sys.noReport++;
      const why = !ndr ? 'binary data' : ndr.kind === 'autoreply' ? 'an automatic reply (out of office), not a bounce' : 'no delivery report in it';
      noReport.push(`${name}: ${why}`);
      rows.push([name, ndr?.layout ?? 'binary', '-', '-', '-', '-', '-', '-']);
      continue;
    }
    ndr.reports.forEach((r, i) => {
      t.reports++;
      t[r.severity]++;
      if (r.statusInferred) t.inferred++;
      if (r.source === 'text') t.fromText++;
      reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
      sys.reports++; sys[r.severity]++;
      sys.reasons.set(r.reason, (sys.reasons.get(r.reason) ?? 0) + 1);
      if (r.reason === 'onhold' || r.reason === 'undefined') sys.unexplained++;
      if (r.reason === 'undefined') undefinedReason.push(`${name}: ${r.recipient}: ${r.reasonWhy}`);
      if (r.reason === 'onhold') noCause.push(`${name}: ${r.recipient}: ${r.reasonWhy}`);
      if (r.reason === 'feedback') noCause.push(`${name}: ${r.recipient}: feedback report, not a bounce (${r.reasonWhy})`);
      rows.push([i === 0 ? name : '', i === 0 ? ndr.layout : '', r.recipient, r.action, `${r.status ?? '-'}${r.statusInferred ? '?' : ''}`, r.reason, r.severity,
        r.esp ? `${r.esp.ses.bounceType}/${r.esp.ses.bounceSubType} · ${r.esp.sendgrid} · ${r.esp.postmark} · ${r.esp.kumomta}` : '-']);
    });
  }
  if (!t.files) return '';
  const widths = rows[0].map((_, i) => Math.min(i === 0 ? 48 : 44, Math.max(...rows.map(r => r[i].length))));
  const fmt = (r: string[]) => r.map((c, i) => i === r.length - 1 ? c : c.padEnd(widths[i])).join('  ');
  const byReason = [...reasons].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  const sysRows: string[][] = [['mail system', 'files', 'reports', 'hard', 'soft', 'not a failure', 'unexplained', 'reasons']];
  for (const [id, x] of [...systems].sort((a, b) => b[1].reports - a[1].reports || a[0].localeCompare(b[0]))) {
    sysRows.push([`${id} (${x.name})`, String(x.files), String(x.reports), String(x.hard), String(x.soft), String(x.none),
      String(x.unexplained + x.noReport), [...x.reasons].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')]);
  }
  const sysWidths = sysRows[0].map((_, i) => Math.min(60, Math.max(...sysRows.map(r => r[i].length))));
  const sysFmt = (r: string[]) => r.map((c, i) => i === r.length - 1 ? c : c.padEnd(sysWidths[i])).join('  ');
  return [
    'Bounces (smtp-ndr)', '',
    ...rows.map(fmt), '',
    `${t.files} bounce files, ${t.reports} reports (${t.fromText} read from the text, ${t.inferred} with an inferred status); hard ${t.hard}, soft ${t.soft}, not a failure ${t.none}`,
    `reasons: ${byReason}`,
    '',
    'Per mail system ("unexplained": reports that name no cause, and files that gave no report)', '',
    ...sysRows.map(sysFmt), '',
    `files with no report: ${noReport.length}${noReport.length ? '\n  ' + noReport.join('\n  ') : ''}`,
    `reports with reason undefined: ${undefinedReason.length}${undefinedReason.length ? '\n  ' + undefinedReason.join('\n  ') : ''}`,
    `reports that name no cause (onhold) or are not failures (feedback): ${noCause.length}${noCause.length ? '\n  ' + noCause.join('\n  ') : ''}`,
    ...agreementSection(folder, verdicts),
    '',
  ].join('\n');
}
