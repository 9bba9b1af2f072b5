/**
 * Reads a bounce: MIME structure, the machine-readable delivery-status part when there is one, the
 * human-readable explanation always (it names the command, the remote host and, for writers without
 * a DSN part, everything), the returned message's headers. One report per recipient, each with a
 * bounce reason and hard/soft. Never throws on bad input.
 */
import { classifyBounce, inferredStatus, severityOf } from '../knowledge/reasons';
import type { BounceReason } from '../knowledge/types';
import { espClasses } from '../knowledge/esp';
import { classOf } from '../knowledge';
import { addressValue, type DsnField, field, hostValue, nameSpan, parseDsn, typedValue, valueSpan } from './dsn';
import { type HumanMention, type HumanReport, looseMentions, readHuman, type Region } from './human';
import { bodyView, decodeWords, header, isMessageType, MAX_VIEW_CHARS, type MimeEntity, parseMessage, walk } from './mime';
import type { AuthResults, NdrAction, NdrKind, NdrModel, NdrReply, NdrReport, OriginalMessage } from './model';
import { securityOfLine } from '../parser/security';
import { bestEnhanced, commandOf, enhancedAt, findReply } from './reply';
import { looksLikeBounce } from './sniff';
import { readSesNotification, type SesNotification } from './sesNotification';
import { endOf, type Lines, lineOfOffset, MAX_VIEW_LINES, type Span, squash, type TextView, type ViewLine, viewLines, viewSpan } from './text';

/** A line that starts the returned message in bounces that paste it into the text. */
const RETURNED = /^(?:-{2,}\s*(?:Below this line is a copy of the message|Enclosed is a copy of the message|Original message|Message header follows|Message headers follow|This is a copy of the message|Returned Message|Original message follows|Returned mail follows|Unsent Message below|Undelivered message follows|Message body suppressed|Message truncated|End of message)|Original message headers:?\s*$|Original message follows\.?\s*$|The first \d{1,4} lines of your original message follow|\*{3,}\s*End of message)/i;

const DSN_START = /^(?:Reporting-MTA|Final-Recipient|Original-Recipient|Original-Envelope-Id|Received-From-MTA)[ \t]{0,4}:/i;

interface TextPart { entity: MimeEntity; view: TextView; lines: ViewLine[]; humanEnd: number; returnedAt: number; dsnAt: number }

/**
 * classifyBounce once per distinct input: a bounce to 50,000 recipients repeats the same few texts, and
 * each classification runs every rule of the knowledge base. The key is what classifyBounce reads:
 * its text with addresses blanked by the same pattern (knowledge/reasons.ts ADDRESS), not the recipient
 * but whether it is a program.
 */
const KEY_ADDRESS = /[^\s<>()"'\[\],;:]{1,128}@[^\s<>()"'\[\],;:]{1,255}/g;
const verdicts = new Map<string, ReturnType<typeof classifyBounce>>();
function classify(i: Parameters<typeof classifyBounce>[0]): ReturnType<typeof classifyBounce> {
  const key = [i.action ?? '', i.code ?? '', i.status ?? '', i.command ?? '', i.recipient?.trim().startsWith('|') ? '|' : '', i.host ?? '',
    (i.text ?? '').slice(0, 8192).replace(KEY_ADDRESS, ' <@> ')].join('\u0000');
  let v = verdicts.get(key);
  if (!v) {
    v = classifyBounce(i);
    if (verdicts.size >= 4096) verdicts.clear();
    verdicts.set(key, v);
  }
  return { ...v };
}

export function parseNdr(d: Lines): NdrModel {
  verdicts.clear();
  const notes: string[] = [];
  const mime = parseMessage(d);
  const tree = walk(mime, false);
  for (const e of tree) if (e.malformed) notes.push(`MIME part at line ${e.headerStart + 1}: ${e.malformed}.`);
  const model: NdrModel = {
    kind: 'none', layout: 'none', layoutName: 'not a delivery report', reports: [], mime, replies: [], fields: [], notes,
    subject: oneLine(decodeWords(header(mime, 'subject') ?? '')) || undefined,
    from: oneLine(decodeWords(header(mime, 'from') ?? '')) || undefined,
    date: header(mime, 'date'),
  };

  const dsParts = tree.filter(e => e.type === 'message/delivery-status' || e.type === 'message/global-delivery-status');
  const feedback = tree.find(e => e.type === 'message/feedback-report');
  const returned = tree.find(e => e !== mime && isMessageType(e.type));
  const texts = textParts(d, mime, tree);

  // the returned message
  if (returned?.message) model.original = originalFromEntity(d, returned, returned.message);
  else for (const t of texts) if (t.returnedAt >= 0) { model.original = originalFromText(d, t); break; }

  // the human-readable explanation
  const regions: Region[] = texts.map(t => ({ view: t.view, lines: t.lines.slice(0, t.humanEnd) }));
  let human = { family: 'none', reports: [] as HumanReport[], mentions: [] as HumanMention[] };
  let humanRegion: Region | undefined;
  for (const r of regions) { const h = readHuman(r); if (h.reports.length) { human = h; humanRegion = r; break; } }
  if (regions.length && regions[0].lines.length) {
    const r = regions[0];
    const a = viewSpan(r.view, r.lines[0].start, r.lines[0].start + 1).start;
    const last = r.lines[r.lines.length - 1];
    const b = viewSpan(r.view, last.start, last.start + Math.max(1, last.text.length)).end;
    model.humanLines = { first: lineOfOffset(d, a), last: lineOfOffset(d, Math.max(a, b - 1)) };
  }

  // the machine-readable part (or DSN fields pasted into the text)
  const dsnViews: TextView[] = dsParts.map(e => bodyView(d, e));
  const dsnLines: ViewLine[][] = dsnViews.map(v => viewLines(v));
  if (!dsParts.length) {
    for (const t of texts) if (t.dsnAt >= 0) { dsnViews.push(t.view); dsnLines.push(t.lines.slice(t.dsnAt, t.returnedAt >= 0 && t.returnedAt > t.dsnAt ? t.returnedAt : undefined)); }
  }
  const humanToReport = new Map<number, number>();
  const regionText = regions.length ? squash(regions[0].lines.slice(0, 40).map(l => l.text).join('\n')) : '';
  for (let k = 0; k < dsnViews.length; k++) readDsnPart(model, dsnViews[k], dsnLines[k], human.reports, humanToReport, regionText);
  const cut = (what: string) => (model.cut ??= []).push(what);
  // a part is read up to MAX_VIEW_LINES lines and MAX_VIEW_CHARS characters (bodyView)
  const longPart = (e: MimeEntity) => e.end - e.bodyStart > MAX_VIEW_LINES
    || (e.end < d.lineCount ? d.lineStart[e.end] : d.text.length) - (e.bodyStart < d.lineCount ? d.lineStart[e.bodyStart] : d.text.length) > MAX_VIEW_CHARS;
  const limits = `${MAX_VIEW_LINES.toLocaleString('en-US')} lines or ${MAX_VIEW_CHARS / 1048576} MB`;
  if (dsnLines.some(ls => ls.length >= MAX_VIEW_LINES) || dsParts.some(longPart)) {
    cut(`Only the first ${limits} of the delivery-status part were read (${model.reports.length.toLocaleString('en-US')} recipients); the recipients after them are not listed.`);
  }
  if (texts.some(t => t.lines.length >= MAX_VIEW_LINES || longPart(t.entity))) cut(`Only the first ${limits} of the explanation were read.`);

  const ses = !model.reports.length && !human.reports.length && !feedback ? sesFromTexts(texts) : undefined;
  if (feedback) {
    readFeedback(d, model, feedback);
  } else if (ses) {
    readSes(model, ses.n, ses.region);
  } else if (!model.reports.length && human.reports.length) {
    human.reports.forEach((h, i) => {
      humanToReport.set(i, model.reports.length);
      const rep = fromHuman(h, model.reportingMta);
      // the lines about the recipient name no cause: a single recipient's cause is the explanation's ("Technical details: ...")
      if ((rep.reason === 'onhold' || rep.reason === 'undefined') && human.reports.length === 1 && regionText) fromRegion(rep, regionText, model.reportingMta);
      model.reports.push(rep);
    });
  } else if (!model.reports.length && looksLikeBounce(d.text.slice(0, 64 * 1024))) {
    fallbackReport(model, mime, regions[0]);
  }

  // hovers on the reply codes of the explanation
  const taken = new Set<number>();
  for (const m of human.mentions) {
    const rep = humanToReport.get(m.report) ?? -1;
    model.replies.push({ span: m.span, reply: rep >= 0 && model.reports[rep].reply ? model.reports[rep].reply! : m.reply, report: rep, where: 'text', command: rep >= 0 ? model.reports[rep].command : m.command });
    taken.add(m.span.start);
  }
  for (const m of model.replies) taken.add(m.span.start);
  const loose: HumanMention[] = [];
  for (const r of regions) looseMentions(r, taken, loose);
  const byStart = model.reports.map((_, i) => i).sort((a, b) => model.reports[a].block.start - model.reports[b].block.start || a - b);
  for (const m of loose) model.replies.push({ span: m.span, reply: m.reply, report: nearestReport(model, m.span, byStart), where: 'text' });
  model.replies.sort((a, b) => a.span.start - b.span.start);

  for (const r of model.reports) r.esp ??= espClasses(r.reason, r.severity, r.action === 'delayed');
  model.kind = kindOf(model, d, feedback !== undefined || (model.reports.length > 0 && model.reports.every(r => r.reason === 'feedback')));
  const lay = layoutOf(model, d, mime, human.family, humanRegion, dsParts.length > 0);
  model.layout = lay[0]; model.layoutName = lay[1];
  if (model.original && model.original.headerStart <= model.original.headerEnd) {
    const oh = d.text.slice(d.lineStart[model.original.headerStart], d.lineStart[Math.min(d.lineCount, model.original.headerEnd + 1)] ?? d.text.length);
    model.original.isBounce = /^from:[^\n]{0,200}(?:mailer-daemon|postmaster|mail delivery)/im.test(oh) || /report-type="?delivery-status/i.test(oh);
    model.original.authResults = authResultsOf(d, model.original.headerStart, model.original.headerEnd);
  }
  return model;
}

/**
 * The first Authentication-Results header of the returned message's header block [hs, he] (the
 * topmost: written by the last server that received it), unfolded, with its verdicts. Bounded: the
 * first 2,000 header lines, a header of at most 20 lines.
 */
function authResultsOf(d: Lines, hs: number, he: number): AuthResults | undefined {
  const text = (l: number) => d.text.slice(d.lineStart[l], endOf(d, l));
  for (let l = hs; l <= he && l < hs + 2000 && l < d.lineCount; l++) {
    const t = text(l);
    if (!/^Authentication-Results:/i.test(t)) continue;
    let last = l, joined = t;
    while (last + 1 <= he && last + 1 < d.lineCount && last - l < 20 && /^[ \t]/.test(text(last + 1))) { last++; joined += ' ' + text(last).trim(); }
    const f = securityOfLine(joined, l);
    const server = /^Authentication-Results:\s*([^;\s]{1,253})/i.exec(joined)?.[1];
    const v = (x: { result: string; domain?: string } | undefined) => (x ? { result: x.result, domain: x.domain } : undefined);
    return { line: l, lastLine: last, server, spf: v(f?.spf), dkim: v(f?.dkim), dmarc: v(f?.dmarc) };
  }
  return undefined;
}

function oneLine(s: string): string { return s.replace(/\s+/g, ' ').trim(); }

/** The text parts that explain the bounce (not inside the returned message). */
function textParts(d: Lines, mime: MimeEntity, tree: MimeEntity[]): TextPart[] {
  let parts = tree.filter(e => !e.children.length && !e.message && (e.type === 'text/plain' || (e === mime && !e.type.startsWith('multipart/') && !isMessageType(e.type))));
  if (!parts.length && mime.type.startsWith('multipart/') && !mime.children.length) parts = [mime];   // boundary not found: the body is the text
  if (!parts.length) parts = tree.filter(e => !e.children.length && !e.message && e.type === 'text/html');
  const out: TextPart[] = [];
  for (const e of parts.slice(0, 4)) {
    const view = bodyView(d, e);
    const lines = viewLines(view);
    let returnedAt = -1, dsnAt = -1;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text.trim();
      if (returnedAt < 0 && RETURNED.test(t)) { returnedAt = i; break; }
      if (dsnAt < 0 && DSN_START.test(t)) dsnAt = i;
    }
    const humanEnd = Math.min(returnedAt >= 0 ? returnedAt : lines.length, dsnAt >= 0 ? dsnAt : lines.length);
    out.push({ entity: e, view, lines, humanEnd, returnedAt, dsnAt });
  }
  return out;
}

function originalFromEntity(d: Lines, part: MimeEntity, msg: MimeEntity): OriginalMessage {
  const h = (n: string) => { const v = header(msg, n); return v !== undefined ? oneLine(decodeWords(v)) : undefined; };
  const firstLine = msg.headerStart;
  const lastLine = Math.max(firstLine, part.end - 1);
  return {
    messageId: h('message-id'), from: h('from'), to: h('to'), subject: h('subject'), date: h('date'),
    firstLine, lastLine: Math.min(d.lineCount - 1, lastLine), headerStart: firstLine, headerEnd: Math.max(firstLine, msg.bodyStart - 1),
    headersOnly: part.type === 'text/rfc822-headers' || part.type === 'message/global-headers', isBounce: false,
  };
}

/** Headers pasted after "--- Below this line is a copy of the message." (possibly quoted with "> "). */
function originalFromText(d: Lines, t: TextPart): OriginalMessage {
  const fields = new Map<string, string>();
  let i = t.returnedAt + 1;
  while (i < t.lines.length && !t.lines[i].text.trim()) i++;
  const first = i;
  let last = i;
  let cur: string | undefined;
  for (; i < t.lines.length && i < first + 400; i++) {
    const s = t.lines[i].text.replace(/^>\s?/, '');
    if (!s.trim()) break;
    const m = /^([A-Za-z][A-Za-z0-9-]{0,62}):\s*(.*)$/.exec(s);
    if (m) { cur = m[1].toLowerCase(); if (!fields.has(cur)) fields.set(cur, m[2]); last = i; continue; }
    if (/^[ \t]/.test(s) && cur) { fields.set(cur, fields.get(cur) + ' ' + s.trim()); last = i; continue; }
    break;
  }
  const lineOf = (vi: number) => lineOfOffset(d, viewSpan(t.view, t.lines[Math.min(vi, t.lines.length - 1)].start, t.lines[Math.min(vi, t.lines.length - 1)].start + 1).start);
  const h = (n: string) => { const v = fields.get(n); return v !== undefined ? oneLine(decodeWords(v)) : undefined; };
  const lastLine = t.entity.end - 1;
  return {
    messageId: h('message-id'), from: h('from'), to: h('to'), subject: h('subject'), date: h('date'),
    firstLine: lineOf(t.returnedAt), lastLine: Math.max(lineOf(t.returnedAt), Math.min(d.lineCount - 1, lastLine)),
    headerStart: lineOf(first), headerEnd: fields.size ? lineOf(last) : lineOf(t.returnedAt), headersOnly: false, isBounce: false,
  };
}

// ------------------------------------------------------------------ DSN

function readDsnPart(model: NdrModel, v: TextView, lines: ViewLine[], human: HumanReport[], humanToReport: Map<number, number>, regionText: string): void {
  const body = parseDsn(v, lines);
  const rm = field(body.message, 'reporting-mta');
  if (rm && !model.reportingMta) model.reportingMta = hostValue(rm.value);
  const ad = field(body.message, 'arrival-date');
  if (ad && !model.arrivalDate) model.arrivalDate = ad.value;
  for (const f of body.message) model.fields.push({ span: nameSpan(v, f), lname: f.lname, value: f.value, report: -1 });
  const single = body.recipients.length === 1 && human.length === 1;
  // the first human report per address (a findIndex per recipient made large bounces quadratic)
  const byRecipient = new Map<string, number>(), byOriginal = new Map<string, number>();
  human.forEach((h, i) => {
    const a = normAddress(h.recipient);
    if (!byRecipient.has(a)) byRecipient.set(a, i);
    if (h.originalRecipient) { const o = normAddress(h.originalRecipient); if (!byOriginal.has(o)) byOriginal.set(o, i); }
  });
  const firstOf = (...xs: (number | undefined)[]): number => xs.reduce<number>((a, x) => x !== undefined && (a < 0 || x < a) ? x : a, -1);
  for (const g of body.recipients) {
    const idx = model.reports.length;
    // the first recipient field that names an address ("Final-Recipient: system;<>" does not)
    const rcptField = ['final-recipient', 'original-recipient', 'x-actual-recipient'].map(n => field(g, n)).find(f => f && addressValue(f.value));
    const recipient = rcptField ? addressValue(rcptField.value) : '(recipient not given)';
    const actual = field(g, 'x-actual-recipient');
    const orig = field(g, 'original-recipient');
    const statusF = field(g, 'status');
    const written = statusF ? /[245]\.\d{1,3}\.\d{1,3}/.exec(statusF.value)?.[0] : undefined;
    const diagF = field(g, 'diagnostic-code');
    const diag = diagF ? typedValue(diagF.value) : undefined;
    const found = diag ? findReply(diag.value) : undefined;
    let reply: NdrReply | undefined = found ? { code: found.code, enhanced: found.enhanced, text: found.text } : undefined;
    const hi = firstOf(byRecipient.get(normAddress(recipient)), byOriginal.get(normAddress(recipient)), orig ? byRecipient.get(normAddress(addressValue(orig.value))) : undefined);
    const hIdx = hi >= 0 ? hi : single ? 0 : -1;
    const h = hIdx >= 0 ? human[hIdx] : undefined;
    if (hIdx >= 0) humanToReport.set(hIdx, idx);
    if (!reply && h?.reply) reply = h.reply;
    const actionF = field(g, 'action');
    let action = actionF ? (actionF.value.trim().split(/[\s(;]/)[0].toLowerCase() as NdrAction) : undefined;
    if (!action || !['failed', 'delayed', 'delivered', 'relayed', 'expanded'].includes(action)) {
      // no (readable) action: the codes decide, and a failure code anywhere outranks a success status
      const sc = written ? classOf(written) : undefined, rc = reply?.code ? classOf(reply.code) : undefined;
      const cls = rc === 'permanent' || rc === 'transient' ? (sc === 'permanent' || sc === 'transient' ? sc : rc) : sc ?? rc;
      action = cls === 'success' ? 'delivered' : cls === 'transient' ? 'delayed' : 'failed';
    }
    // a vague Status (5.0.0, exim's on every bounce) gives way to the specific code of the diagnostic
    const refined = refineStatus(written, action, [reply?.enhanced, bestEnhanced(diag?.value ?? ''), h?.status, h ? bestEnhanced(h.detail) : undefined]);
    const status = refined ?? written;
    const remote = field(g, 'remote-mta');
    const command = commandOf(diag?.value ?? '') ?? h?.command;
    // no diagnostic and no matching paragraph: the whole explanation is all there is to read
    const vague = !status || status.endsWith('.0.0');
    // a reporter's own wrapper with a code of its own around the remote reply ("5.1.0 - Unknown address
    // error 550-'5.2.2 ... Mailbox full'"): the remote reply's words decide, not the wrapper's
    const wrapped = !!found && found.at > 0 && found.code !== undefined && !!enhancedAt(diag!.value.slice(0, found.at));
    const text = [wrapped ? found!.text : diag?.value, h?.detail].filter(Boolean).join(' ¦ ') || (vague ? regionText : '');
    const program = actual && addressValue(actual.value).startsWith('|') ? addressValue(actual.value) : recipient;
    const host = remote ? hostValue(remote.value) : h?.remoteMta ?? model.reportingMta;
    const verdict = classify({ status, code: reply?.code, text, action, command, recipient: program, host });
    const anchorField = statusF ?? diagF ?? rcptField ?? g[0];
    const first = g[0].lines[0], lastF = g[g.length - 1], lastL = lastF.lines[lastF.lines.length - 1];
    const rep: NdrReport = {
      recipient, originalRecipient: orig ? addressValue(orig.value) : h?.originalRecipient, action,
      status: status ?? reply?.enhanced ?? h?.status, statusInferred: false, statusWritten: refined && written && refined !== written ? written : undefined,
      remoteMta: remote ? hostValue(remote.value) : h?.remoteMta,
      diagnosticType: diag?.type, diagnostic: diag?.value ?? h?.detail, reply, command,
      lastAttempt: field(g, 'last-attempt-date')?.value, willRetryUntil: field(g, 'will-retry-until')?.value,
      reason: verdict.reason, severity: verdict.severity, reasonWhy: verdict.why, source: 'dsn',
      anchor: valueSpan(v, anchorField),
      block: { start: viewSpan(v, first.start, first.start + 1).start, end: viewSpan(v, lastL.start, lastL.start + Math.max(1, lastL.text.length)).end },
    };
    if (!rep.status) inferStatus(rep);
    model.reports.push(rep);
    for (const f of g) model.fields.push({ span: nameSpan(v, f), lname: f.lname, value: f.value, report: idx });
    // hover targets: the Status: code and the reply inside Diagnostic-Code:
    if (statusF && status && written) {
      const l0 = statusF.lines[0];
      const col = l0.text.indexOf(written, statusF.valueAt - l0.start);
      if (col >= 0) model.replies.push({ span: viewSpan(v, l0.start + col, l0.start + col + written.length), reply: { code: reply?.code, enhanced: status, text: reply?.text ?? statusF.value }, report: idx, where: 'status', command });
    }
    if (diagF) pushFieldReplies(model, v, diagF, idx, command, reply);
  }
}

/** A mention for the reply code in a Diagnostic-Code field (first line that has one). */
function pushFieldReplies(model: NdrModel, v: TextView, f: DsnField, report: number, command: string | undefined, reply: NdrReply | undefined): void {
  for (const ln of f.lines) {
    const from = ln === f.lines[0] ? f.valueAt - ln.start : 0;
    const fr = findReply(ln.text, from);
    if (!fr) continue;
    model.replies.push({ span: viewSpan(v, ln.start + fr.at, ln.start + fr.headEnd), reply: reply ?? { code: fr.code, enhanced: fr.enhanced, text: fr.text }, report, where: 'diagnostic', command });
    return;
  }
}

function normAddress(a: string): string {
  return a.trim().replace(/^<|>$/g, '').toLowerCase();
}

/**
 * The specific enhanced code that replaces a vague written one: X.0.0 always, X.Y.0 ("other") when the
 * diagnostic names a code with a detail. The written class stays (the report's verdict); a success code
 * never refines a failure. Undefined when nothing refines it.
 */
export function refineStatus(written: string | undefined, action: string, candidates: Array<string | undefined>): string | undefined {
  const failed = action === 'failed' || action === 'delayed';
  for (const c of candidates) {
    if (!c || /\.0\.0$/.test(c) || (failed && c.startsWith('2'))) continue;
    if (!written) return c;
    if (written.endsWith('.0.0') || (written.endsWith('.0') && !c.endsWith('.0') && c.slice(2) !== written.slice(2))) return written.charAt(0) + c.slice(1);
    return undefined;
  }
  return undefined;
}

function inferStatus(rep: NdrReport): void {
  const cls = rep.reply?.code ? classOf(rep.reply.code) : undefined;
  const transient = rep.action === 'delayed' || (cls === 'transient' && rep.action !== 'failed');
  const failed = rep.action === 'failed' || rep.action === 'delayed';
  // a reply code gives the class for sure (a success code never does for a failure); the detail only a reason can suggest
  if (rep.reply?.code && !(failed && cls === 'success')) rep.status = `${String(rep.reply.code).charAt(0)}.0.0`;
  else if (rep.reason === 'onhold' || rep.reason === 'undefined') rep.status = transient ? '4.0.0' : rep.action === 'delivered' ? '2.0.0' : '5.0.0';
  else rep.status = inferredStatus(rep.reason, transient);
  rep.statusInferred = true;
}

// ------------------------------------------------------------------ reports from the text

function fromHuman(h: HumanReport, reportingMta?: string): NdrReport {
  const action: NdrAction = h.action ?? 'failed';
  const refined = refineStatus(h.status, action, [bestEnhanced(h.detail)]);
  if (refined) h = { ...h, status: refined };
  const text = [h.reply?.text, h.detail].filter(Boolean).join(' ¦ ');
  const verdict = h.reasonHint
    ? { reason: h.reasonHint, severity: severityOf(h.reasonHint, action), why: h.reasonHintWhy ?? 'the bounce layout' }
    : classify({ status: h.status, code: h.reply?.code, text, action, command: h.command, recipient: h.recipient, host: h.remoteMta ?? reportingMta });
  const rep: NdrReport = {
    recipient: h.recipient, originalRecipient: h.originalRecipient, action, status: h.status, statusInferred: false,
    remoteMta: h.remoteMta, diagnostic: h.detail || undefined, reply: h.reply, command: h.command,
    reason: verdict.reason, severity: verdict.severity, reasonWhy: verdict.why, source: 'text',
    anchor: h.replySpan ?? h.recipientSpan, block: h.block,
  };
  if (!rep.status) inferStatus(rep);
  return rep;
}

/** Reclassify a report that names no cause from the whole explanation (its reply, its enhanced code, its words). */
function fromRegion(rep: NdrReport, text: string, host?: string): void {
  const f = findReply(text);
  const reply: NdrReply | undefined = f?.code !== undefined && f.code >= 400 ? { code: f.code, enhanced: f.enhanced, text: squash(f.text).slice(0, 1000) } : undefined;
  const status = refineStatus(rep.statusInferred ? undefined : rep.status, rep.action, [reply?.enhanced, bestEnhanced(text)]) ?? (rep.statusInferred ? undefined : rep.status);
  const v = classify({ status, code: reply?.code, text, action: rep.action, command: rep.command ?? commandOf(text), host: rep.remoteMta ?? host });
  if (v.reason === 'onhold' || v.reason === 'undefined') return;
  rep.reason = v.reason; rep.severity = v.severity; rep.reasonWhy = `${v.why} (in the bounce's explanation)`;
  rep.reply ??= reply;
  if (status && status !== rep.status) { rep.status = status; rep.statusInferred = false; }
  else if (rep.statusInferred) { rep.status = undefined; inferStatus(rep); }
}

/** A bounce no recogniser could read: recipients from X-Failed-Recipients or the text, the reason from all of its words. */
function fallbackReport(model: NdrModel, mime: MimeEntity, r: Region | undefined): void {
  const xfr = header(mime, 'x-failed-recipients');
  const ours = new Set([header(mime, 'to'), header(mime, 'from')].flatMap(v => (v ?? '').match(/[^\s<>()"',;:]{1,64}@[^\s<>()"',;:]{1,255}/g) ?? []).map(a => a.toLowerCase()));
  const lines = r ? r.lines.filter(l => l.text.trim()).slice(0, 80) : [];
  const text = squash(lines.map(l => l.text).join('\n'));
  let recipients = (xfr ?? '').split(/[,\s]+/).map(s => s.replace(/^<|>$/g, '')).filter(s => s.includes('@'));
  let rcptSpan: Span | undefined;
  if (r) {
    for (const l of lines) {
      const m = /[^\s<>()"',;:[\]]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/.exec(l.text);
      if (!m) continue;
      const a = m[0].toLowerCase();
      if (ours.has(a) || /^(?:postmaster|mailer-daemon)@/.test(a)) continue;
      if (!recipients.length) recipients = [m[0]];
      if (recipients.some(x => x.toLowerCase() === a)) { rcptSpan = viewSpan(r.view, l.start + m.index, l.start + m.index + m[0].length); break; }
    }
  }
  let reply: NdrReply | undefined;
  let replySpan: Span | undefined;
  if (r) {
    for (const l of lines) {
      const f = findReply(l.text);
      if (f && f.code !== undefined) { reply = { code: f.code, enhanced: f.enhanced, text: squash(f.text) }; replySpan = viewSpan(r.view, l.start + f.at, l.start + f.headEnd); break; }
    }
  }
  const action: NdrAction = /delay|warning|will be retried|not yet been delivered/i.test((model.subject ?? '') + ' ' + text.slice(0, 2000)) ? 'delayed' : 'failed';
  const first = r?.lines[0];
  const fallbackSpan: Span = first ? viewSpan(r!.view, first.start, first.start + Math.max(1, first.text.length)) : { start: 0, end: 0 };
  const googleGroup = recipients.some(x => /@googlegroups\.com$/i.test(x)) || /groups\.google\.com/i.test(text);
  if (!recipients.length) recipients = ['(recipient not named)'];
  for (const recipient of recipients.slice(0, 50)) {
    const verdict = googleGroup
      ? { reason: 'rejected' as const, severity: 'soft' as const, why: 'Google Groups refused the post: the group does not exist or does not accept posts from this sender' }
      : classify({ code: reply?.code, status: reply?.enhanced, text, action, recipient });
    const rep: NdrReport = {
      recipient, action, status: reply?.enhanced, statusInferred: false, diagnostic: text.slice(0, 2000) || undefined, reply,
      command: commandOf(text), reason: verdict.reason, severity: verdict.severity, reasonWhy: verdict.why, source: 'text',
      anchor: replySpan ?? rcptSpan ?? fallbackSpan, block: fallbackSpan,
    };
    if (!rep.status) inferStatus(rep);
    model.reports.push(rep);
  }
  if (replySpan && reply) model.replies.push({ span: replySpan, reply, report: 0, where: 'text' });
}

/** An ARF abuse report: one entry, reason feedback; not a delivery failure. */
function readFeedback(d: Lines, model: NdrModel, e: MimeEntity): void {
  const v = bodyView(d, e);
  const body = parseDsn(v);
  const all = [...body.message, ...body.recipients.flat()];
  const get = (n: string) => all.find(f => f.lname === n)?.value;
  // one report per complaining recipient: a report may name several (RFC 6650 allows repeated Original-Rcpt-To)
  const named = all.filter(f => f.lname === 'original-rcpt-to' || f.lname === 'removal-recipient');
  const type = get('feedback-type') ?? 'abuse';
  const first = all[0];
  const fallback = first ? nameSpan(v, first) : { start: d.lineStart[e.headerStart], end: d.lineStart[e.headerStart] };
  const recipients: Array<[string, Span]> = named.length
    ? [...new Map(named.map(f => [addressValue(f.value).toLowerCase(), [addressValue(f.value), valueSpan(v, f)] as [string, Span]])).values()]
    : [[addressValue(model.original?.to ?? '(recipient not named)'), fallback]];
  const base = model.reports.length;
  for (const f of all) model.fields.push({ span: nameSpan(v, f), lname: f.lname, value: f.value, report: named.length > 1 ? -1 : base });
  for (const [recipient, anchor] of recipients) {
    model.reports.push({
      recipient, action: 'delivered', statusInferred: false, diagnostic: `Feedback-Type: ${type}`,
      reason: 'feedback', severity: 'none', reasonWhy: `ARF feedback report (Feedback-Type: ${type})`, source: 'dsn', anchor, block: anchor,
    });
  }
}

function sesFromTexts(texts: TextPart[]): { n: SesNotification; region: Region } | undefined {
  for (const t of texts) {
    const n = readSesNotification(t.view.text);
    if (n?.recipients.length) return { n, region: { view: t.view, lines: t.lines } };
  }
  return undefined;
}

/** SES's own class for a bounce with no diagnostic: its subtype names the reason. */
const SES_SUBTYPE: Record<string, BounceReason> = {
  NoEmail: 'userunknown', MailboxFull: 'mailboxfull', MessageTooLarge: 'mesgtoobig', ContentRejected: 'filtered', AttachmentRejected: 'policyviolation',
};

/** An Amazon SES notification: one report per bounced, complaining or delivered recipient. */
function readSes(model: NdrModel, n: SesNotification, r: Region): void {
  const whole: Span = r.lines.length ? viewSpan(r.view, r.lines[0].start, r.lines[r.lines.length - 1].start + Math.max(1, r.lines[r.lines.length - 1].text.length)) : { start: 0, end: 0 };
  model.reportingMta ??= n.reportingMta;
  for (const x of n.recipients) {
    const li = r.lines.findIndex(l => l.text.includes(x.address));
    const col = li >= 0 ? r.lines[li].text.indexOf(x.address) : -1;
    const anchor = li >= 0 ? viewSpan(r.view, r.lines[li].start + col, r.lines[li].start + col + x.address.length) : whole;
    if (n.type === 'Complaint') {
      model.reports.push({ recipient: x.address, action: 'delivered', statusInferred: false, diagnostic: `SES complaint${n.complaintFeedbackType ? ` (${n.complaintFeedbackType})` : ''}`,
        reason: 'feedback', severity: 'none', reasonWhy: 'Amazon SES complaint notification', source: 'text', anchor, block: anchor });
      continue;
    }
    const action: NdrAction = n.type === 'Delivery' ? 'delivered' : x.action && ['failed', 'delayed', 'delivered', 'relayed', 'expanded'].includes(x.action) ? x.action as NdrAction : 'failed';
    const found = x.diagnostic ? findReply(x.diagnostic) : undefined;
    const reply: NdrReply | undefined = found ? { code: found.code, enhanced: found.enhanced, text: found.text } : undefined;
    const status = refineStatus(x.status, action, [reply?.enhanced]) ?? x.status ?? reply?.enhanced;
    const text = [x.diagnostic, n.bounceType && `SES ${n.bounceType}/${n.bounceSubType ?? ''}`].filter(Boolean).join(' ¦ ');
    let verdict = classify({ status, code: reply?.code, text, action, command: commandOf(x.diagnostic ?? ''), host: n.remoteMta });
    const sub = n.bounceSubType ? SES_SUBTYPE[n.bounceSubType] : undefined;
    if ((verdict.reason === 'onhold' || verdict.reason === 'undefined') && sub) verdict = { reason: sub, severity: severityOf(sub, action), why: `Amazon SES bounce subtype ${n.bounceSubType}` };
    const rep: NdrReport = {
      recipient: x.address, action, status, statusInferred: false, remoteMta: n.remoteMta, diagnosticType: 'smtp', diagnostic: x.diagnostic, reply,
      command: commandOf(x.diagnostic ?? ''), reason: verdict.reason, severity: verdict.severity, reasonWhy: verdict.why, source: 'text', anchor, block: anchor,

    };
    if (!rep.status) inferStatus(rep);
    const esp = espClasses(rep.reason, rep.severity, action === 'delayed');
    // SES said itself how it classed the bounce: that is what its dashboard shows
    if (esp && n.bounceType) esp.ses = { bounceType: n.bounceType as 'Permanent', bounceSubType: n.bounceSubType ?? 'General' };
    rep.esp = esp;
    model.reports.push(rep);
  }
}

/** The first report whose block holds the span (blocks sorted once: a scan per mention was quadratic). */
function nearestReport(model: NdrModel, s: Span, sorted: number[]): number {
  // sorted: report indexes by block start; look at the blocks that start at or before s
  let lo = 0, hi = sorted.length - 1, at = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (model.reports[sorted[mid]].block.start <= s.start) { at = mid; lo = mid + 1; } else hi = mid - 1; }
  let best = -1;
  for (let k = at, n = 0; k >= 0 && n < 64; k--, n++) {
    const i = sorted[k], b = model.reports[i].block;
    if (s.start <= b.end && (best < 0 || i < best)) best = i;
  }
  if (best >= 0) return best;
  return model.reports.length === 1 ? 0 : -1;
}

function kindOf(model: NdrModel, d: Lines, feedback: boolean): NdrKind {
  if (feedback) return 'feedback';
  const acts = model.reports.map(r => r.action);
  if (acts.includes('failed')) return 'bounce';
  if (acts.includes('delayed')) return 'delay';
  if (acts.length) return 'success';
  const head = d.text.slice(0, 16 * 1024);
  if (/^auto-submitted:\s*auto-replied/im.test(head) || /^subject:[^\n]{0,40}(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?re(?:ply|sponse)|abwesenheit|absence|vacation|thank you for your e-?mail)/im.test(head) || /^x-autoreply:/im.test(head)) return 'autoreply';
  return 'none';
}

// ------------------------------------------------------------------ layout (who wrote it)

/** Writers recognised by their own headers (From:, Reporting-MTA:, X-Mailer:). */
const BY_HEADER: [string, string, RegExp][] = [
  ['office365', 'Microsoft 365 / Exchange Online', /\.prod\.outlook\.com|protection\.outlook\.com|onmicrosoft\.com|office365/i],
  ['outlook', 'Outlook.com / Hotmail', /(?:mailer-daemon|postmaster)@(?:hotmail|outlook|live)\.com|\b(?:hotmail|outlook)\.com$/im],
  ['amazonses', 'Amazon SES', /amazonses\.com/i],
  ['sendgrid', 'SendGrid', /sendgrid/i],
  ['mimecast', 'Mimecast', /mimecast/i],
  ['barracuda', 'Barracuda', /barracuda/i],
  ['powermta', 'PowerMTA', /PowerMTA/i],
  ['messagelabs', 'Symantec MessageLabs', /messagelabs/i],
  ['googlegroups', 'Google Groups', /googlegroups\.com/i],
  ['gmail', 'Gmail / Google Workspace', /mailer-daemon@(?:google)?mail\.com|googlemail\.com/i],
  ['yahoo', 'Yahoo', /MAILER-DAEMON@[a-z0-9.]{0,40}yahoo|yahoo(?:-inc)?\.com$/im],
  ['mailru', 'Mail.Ru', /mail\.ru\b/i],
  ['yandex', 'Yandex', /yandex/i],
  ['courier', 'Courier', /courier/i],
  ['interscan', 'Trend Micro InterScan', /InterScan/i],
  ['messagingserver', 'Oracle / Sun Messaging Server (PMDF)', /PMDF|Messaging Server/i],
];

/** Writers recognised by their own wording. */
const BY_TEXT: [string, string, RegExp][] = [
  ['amazonses', 'Amazon SES', /"(?:notificationType|eventType)"\s*:\s*"(?:Bounce|Complaint|Delivery)"|"Type"\s*:\s*"Notification"/],
  ['kddi', 'au by KDDI / Japanese mobile carrier', /Could not be delivered to: </],
  ['mailfoundry', 'MailFoundry', /Unable to deliver message to: </],
  ['mfilter', 'Digital Arts m-FILTER', /^-{5,}\s*server message\s*$/m],
  ['james', 'Apache James', /Error message below:/],
  ['verizon', 'Verizon', /Message could not be delivered to mobile/],
  ['zoho', 'Zoho Mail', /ERROR_CODE ?:/],
  ['fml', 'fml (mailing list manager)', /not a member of this (?:mailing )?list|NOT MEMBER article from|fml system error/i],
  ['qmail', 'qmail', /qmail-send program/i],
  ['yahoo', 'Yahoo', /Sorry, we were unable to deliver your message to the following address/i],
  ['postfix', 'Postfix', /This is the mail system at host/i],
  ['exim', 'Exim', /created automatically by mail delivery software/i],
  ['sendmail', 'Sendmail', /The following addresses had|Transcript of session follows|The original message was received at/i],
  ['iis', 'Microsoft IIS / Exchange SMTP service', /^\s*Delivery to the following recipients failed\.\s*$/m],
  ['gmail', 'Gmail / Google Workspace', /Google tried to deliver|^\s*Delivery to the following recipients? (?:failed|has been delayed)/im],
  ['messagingserver', 'Oracle / Sun Messaging Server (PMDF)', /This report relates to a message you sent/i],
  ['opensmtpd', 'OpenSMTPD', /OpenSMTPD|This is the MAILER-DAEMON, please DO NOT REPLY/i],
  ['domino', 'Lotus Domino', /Domino Directory|was not delivered to:/i],
  ['notes', 'Lotus Notes', /Failure Reasons/i],
  ['groupwise', 'Novell GroupWise', /undeliverable to the following/i],
  ['imail', 'Ipswitch IMail', /Body of message generated response/i],
];

const FAMILY_LAYOUT: Record<string, [string, string]> = {
  exchange: ['exchange2007', 'Exchange 2007-2019'], exchange2003: ['exchange2003', 'Exchange 5.5-2003'], gmail: ['gmail', 'Gmail / Google Workspace'],
  exim: ['exim', 'Exim'], domino: ['domino', 'Lotus Domino'], groupwise: ['groupwise', 'Novell GroupWise'], imail: ['imail', 'Ipswitch IMail'],
  interscan: ['interscan', 'Trend Micro InterScan'], notes: ['notes', 'Lotus Notes'],
};

function layoutOf(model: NdrModel, d: Lines, mime: MimeEntity, family: string, region: Region | undefined, hasDsn: boolean): [string, string] {
  if (model.kind === 'feedback' && model.reports.every(r => r.source === 'dsn')) return ['arf', 'ARF feedback report'];
  if (!model.reports.length) return model.kind === 'autoreply' ? ['autoreply', 'automatic reply (not a bounce)'] : ['none', 'not a delivery report'];
  const hay = [header(mime, 'from'), header(mime, 'x-mailer'), model.reportingMta].filter(Boolean).join('\n');
  const body = region ? region.lines.slice(0, 200).map(l => l.text).join('\n') : d.text.slice(0, 8192);
  const exchangeish = family === 'exchange' || /Diagnostic information for administrators/i.test(body) || mime.headers.some(h => h.lname === 'x-ms-exchange-message-is-ndr');
  if (exchangeish) return BY_HEADER[0][2].test(hay + '\n' + body) ? [BY_HEADER[0][0], BY_HEADER[0][1]] : FAMILY_LAYOUT.exchange;
  if (family === 'exchange2003') return FAMILY_LAYOUT.exchange2003;
  for (const [id, name, re] of BY_HEADER) if (re.test(hay)) return [id, name];
  for (const [id, name, re] of BY_TEXT) if (re.test(body)) return [id, name];
  if (model.fields.some(f => f.lname.startsWith('x-postfix'))) return ['postfix', 'Postfix'];
  if (mime.headers.some(h => h.lname === 'x-failed-recipients')) return ['exim', 'Exim'];
  if (FAMILY_LAYOUT[family]) return FAMILY_LAYOUT[family];
  if (hasDsn) return model.reports.some(r => /X-Postfix/i.test(r.diagnosticType ?? '')) ? ['postfix', 'Postfix'] : ['rfc3464', 'RFC 3464 delivery status notification'];
  return ['text', 'plain-text bounce'];
}
