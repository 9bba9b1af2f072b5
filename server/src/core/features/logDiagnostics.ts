/** Problems: every 4xx reply is a warning, every 5xx reply an error, on the reply's first line. */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { actorLabel, prepareRules, type ReplyClass } from '../knowledge';
import { codeAt, type LogModel } from '../parser/model';
import { answeredBy, replyAnchor, replyHead, replyInfo, tokensOf } from '../parser/queries';
import { explainLogReply } from './logHover';
import { CLASS_SHORT } from './render';
import { LineKind } from '../scanner/tokens';
import { lineageOf } from '../parser/sessionParser';
import { runAll, type Steps } from '../steps';

/**
 * What the last validation of a growing document found (by lineage: see lineageOf), so that the
 * problems of a log written while it is open are looked for in the appended lines only. The problems
 * of earlier lines do not change with an append: a reply's problem reads the reply and the lines
 * before it (its command, its session's first command), which an append leaves as they were.
 */
const found = new WeakMap<object, { list: Diagnostic[]; total: number; max: number; lines: number; length: number; endsWithLineBreak: boolean }>();

export interface DiagnosticsOptions {
  maxProblems: number;
  /** filled with the number of problems before the cut at maxProblems */
  counts?: { total: number };
}

export function logDiagnostics(m: LogModel, opts: DiagnosticsOptions): Diagnostic[] {
  return runAll(startLogDiagnostics(m, opts));
}

/** One explained problem weighs this many lines in a step (a slice's cost stays about the same). */
const PROBLEM_WEIGHT = 64;

/** logDiagnostics in steps of lines (see Steps): the same problems. */
export function startLogDiagnostics(m: LogModel, opts: DiagnosticsOptions): Steps<Diagnostic[]> {
  let out: Diagnostic[] = [];
  let total = 0;
  let from = 0;
  const { kind, code } = m;
  const lineage = lineageOf(m);
  const before = lineage && found.get(lineage.id);
  // an earlier version that ended with a line break: its last (empty) line is where the new lines start
  if (before && before.max === opts.maxProblems && before.lines - 1 <= lineage.from && before.endsWithLineBreak
    && m.text.length > before.length && codeAt(m, before.length - 1) === 10) {
    out = before.list.slice();
    total = before.total;
    from = before.lines - 1;
  }
  let l = from;
  let result: Diagnostic[] | undefined;
  const step = (budget: number): Diagnostic[] | undefined => {
  if (result) return result;
  for (budget = Math.max(1, budget); l < m.lineCount && budget > 0; l++, budget--) {
    if ((kind[l] !== LineKind.Reply && kind[l] !== LineKind.Status) || code[l] < 400) continue;
    total++;
    if (out.length >= opts.maxProblems) continue;
    budget -= PROBLEM_WEIGHT;
    const ri = replyInfo(m, l);
    if (!ri) continue;
    const a = answeredBy(m, l);
    const e = explainLogReply(m, ri);
    const what = a.kind === 'command' ? `answers ${a.text}` : a.kind === 'endOfData' ? 'answers the end of the message data'
      : a.kind === 'greeting' ? 'greeting refused the connection' : a.kind === 'status' ? a.text ?? '' : 'command not in the log';
    const toks = tokensOf(m, ri.firstLine);
    const at = replyAnchor(m, ri.firstLine, toks);
    const end = toks.find(t => t.kind === 'enhanced') ?? at;
    const head = replyHead(ri);
    out.push({
      range: { start: { line: ri.firstLine, character: at?.start ?? 0 }, end: { line: ri.firstLine, character: end?.end ?? 0 } },
      severity: ri.code >= 500 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: head,
      source: 'smtp-log',
      message: `${head} ${e.title} (${problemClass(e.codeClass, e.cls)}${e.actors[0] && e.actors[0] !== 'none' ? `; ${ACTOR_SHORT[e.actors[0]] ?? actorLabel(e.actors[0])} acts` : ''})${what ? '; ' + what : ''}`,
    });
  }
  if (l < m.lineCount) return undefined;
  if (lineage) found.set(lineage.id, { list: out.slice(), total, max: opts.maxProblems, lines: m.lineCount, length: m.text.length, endsWithLineBreak: codeAt(m, m.text.length - 1) === 10 });
  if (total > out.length) {
    out.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: 'smtp-log',
      message: `Only the first ${out.length} of ${total} failed replies are listed (setting smtpLog.problems.max). The outline and hovers cover all of them.`,
    });
  }
  if (opts.counts) opts.counts.total = total;
  // a log without failures explained nothing: the first hover would build the rules' index
  prepareRules();
  result = out;
  return out;
  };
  return { step, get done() { return l; }, get total() { return m.lineCount; } };
}

const ACTOR_SHORT: Partial<Record<string, string>> = {
  sender: 'sender', senderAdmin: "sender's admin", recipientAdmin: "recipient's admin", recipient: 'recipient', ourServer: "this server's admin",
};

/** "permanent", or "temporary code, text says permanent" when the text overrides the code. */
function problemClass(codeClass: ReplyClass, cls: ReplyClass): string {
  return codeClass === cls ? CLASS_SHORT[cls] : `${CLASS_SHORT[codeClass]} code, text says ${CLASS_SHORT[cls]}`;
}
