/** How well the knowledge explains a log: its replies and status records, and which are explained at class level only. */
import { type LogModel } from '../parser/model';
import { replyHead, replyInfo } from '../parser/queries';
import { LineKind } from '../scanner/tokens';
import { explainLogReply } from './logHover';

export interface ReplyCensus {
  /** reply lines (the last line of each reply) */
  replies: number;
  /** replies and status records that carry something to explain */
  explained: number;
  /** those the knowledge explains by the class digit only, by their head ("550", "5xx") with counts */
  classOnly: Map<string, number>;
}

export function logCensus(m: LogModel): ReplyCensus {
  let replies = 0, explained = 0;
  const classOnly = new Map<string, number>();
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
      classOnly.set(key, (classOnly.get(key) ?? 0) + 1);
    }
  }
  return { replies, explained, classOnly };
}
