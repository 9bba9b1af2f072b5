/**
 * Session keying: one pass over the lines (split by lines.ts) that classifies each line with the
 * detected dialect and groups lines into sessions: by the session key the format writes (Exchange
 * session-id, postfix process and queue id ...) or, for formats whose sessions follow each other, by
 * connection events, QUIT and 221. Each reply is handed to the pairing of its session (pairing.ts).
 */
import { EventKind, LineKind, newFacts } from '../scanner/tokens';
import type { Dialect } from '../scanner/dialect';
import { ownKey, startsWithCI } from '../scanner/chars';
import { splitLines, startSplitLines } from './lines';
import { type Active, newActive, pairReply, sameCommand, type PairingContext } from './pairing';
import { codeAt, type LogModel, lineText, PAIR_NONE, SessionFlag, SessionTable, type TextPieces } from './model';
import { doneSteps, runAll, type Steps } from '../steps';

/** Lines longer than this are not interpreted (kept as plain text) and reported once. */
export const MAX_LINE_LENGTH = 64 * 1024;

export function parseWithDialect(text: string, dialect: Dialect<unknown> | undefined, format: string, formatName: string, notes: string[]): LogModel {
  return runAll(startParseWithDialect(text, dialect, format, formatName, notes));
}

/** Characters a step of n lines scans for line breaks before the lines are parsed (a split costs far less per character). */
const SPLIT_CHARS_PER_LINE = 256;

/**
 * The same parse in steps of lines (see Steps): the model is the one parseWithDialect gives. The text is
 * first split into lines in steps too. Progress (done / total) is in characters: split, then parsed.
 */
export function startParseWithDialect(text: string, dialect: Dialect<unknown> | undefined, format: string, formatName: string, notes: string[]): Steps<LogModel> {
  const split = startSplitLines(text);
  let lines: Uint32Array | undefined;
  let job: Steps<LogModel> | undefined;
  let result: LogModel | undefined;
  const total = 2 * text.length + 1;
  return {
    step(n) {
      if (result) return result;
      if (!job) {
        lines = split.step(n * SPLIT_CHARS_PER_LINE);
        if (!lines) return undefined;
        job = parseLines(text, lines, dialect, format, formatName, notes);
      }
      return result = job.step(n);
    },
    get done() { return result ? total : split.at + (job && lines ? Math.min(text.length, lines[job.done]) : 0); },
    total,
  };
}

function parseLines(text: string, lineStart: Uint32Array, dialect: Dialect<unknown> | undefined, format: string, formatName: string, notes: string[]): Steps<LogModel> {
  const lineCount = lineStart.length - 1;

  const kind = new Uint8Array(lineCount);
  const code = new Uint16Array(lineCount);
  const session = new Int32Array(lineCount).fill(-1);
  // allocated at the first command or reply (see LogModel.pair)
  const pair = new Int32Array(0);
  const sessions = new SessionTable();
  const model: LogModel = { text, format, formatName, dialect, lineCount, lineStart, kind, code, session, pair, sessions, fieldsLines: new Int32Array(0), notes };
  if (!dialect) { kind.fill(LineKind.Other); return doneSteps(model, lineCount); }
  const run = newRun(dialect);
  return run.job(model, 0, () => {
    runs.set(model, run);
    lineages.set(model, { id: {}, from: 0 });
  });
}

/**
 * The versions of a document that grew by appends share a lineage: each model of it is an earlier one's
 * text with lines appended, parsed on from line `from`. Features that are per line (the problems) go on
 * from there too, with what they found in an earlier version of the same lineage.
 */
const lineages = new WeakMap<LogModel, { id: object; from: number }>();
export function lineageOf(m: LogModel): { id: object; from: number } | undefined {
  return lineages.get(m);
}

/**
 * The parser's state at the end of each model it produced (dialect state, open sessions with their
 * pairing), so that a document that grows at its end is parsed on from there instead of from the top.
 * Held weakly: it goes with its model.
 */
const runs = new WeakMap<LogModel, Run>();

/**
 * The model of `text` when it is `prev.text` with lines appended (prev ended with a line break): the
 * arrays of the lines already parsed go on (copied when they have no room left), and the parse goes on
 * from the state it had reached, so the result is the one a parse from the top gives, at the cost of the
 * new lines only.
 * Undefined when that cannot be done (the caller parses from the top): the text is not an append,
 * the last line of prev was not complete, or prev was already continued.
 */
export function resumeParse(prev: LogModel, text: string, appended?: string): LogModel | undefined {
  const job = startResumeParse(prev, text, appended);
  return job && runAll(job);
}

/** Texts shorter than this are read as one string after an append (copying them costs little). */
const PIECES_FROM = 1 << 20;

/**
 * The pieces of the text of a model that is `prev` with `appended` after it (see TextPieces): the head
 * stays, the appended lines go to the tail. Once the tail reaches an eighth of the head, the text is read
 * as one string again (V8 copies it once: an append in so many pays for it).
 */
function piecesAfter(prev: LogModel, appended: string): TextPieces | undefined {
  const head = prev.pieces?.head ?? prev.text;
  const tail = prev.pieces ? prev.pieces.tail + appended : appended;
  return head.length >= PIECES_FROM && tail.length * 8 <= head.length ? { head, tail } : undefined;
}

/**
 * resumeParse in steps. A job left unfinished (a newer version came) leaves prev without its state: the
 * next version is parsed from the top. `appended`: the characters `text` has after prev's text, when the
 * caller knows them (an editor's change that appended them): the texts are not compared, and the model
 * reads its text in pieces (the appended lines are parsed without V8 copying the whole text).
 */
export function startResumeParse(prev: LogModel, text: string, appended?: string): Steps<LogModel> | undefined {
  const run = runs.get(prev);
  const old = prev.text;
  if (!run || !prev.dialect || old.length === 0 || codeAt(prev, old.length - 1) !== 10 || text.length <= old.length) return undefined;
  // (the prefix is compared with ===: a memcmp of flat strings, where startsWith compares character by character)
  if (appended === undefined ? text.slice(0, old.length) !== old : appended.length !== text.length - old.length) return undefined;
  const added = appended ?? text.slice(old.length);
  const pieces = appended === undefined ? undefined : piecesAfter(prev, appended);
  // the state moves on with the new model
  runs.delete(prev);
  // the empty line after prev's last line break is parsed again: it is now the first appended line
  const from = prev.lineCount - 1;
  const tail = splitLines(added);
  const lineCount = from + tail.length - 1;
  // the arrays go on in place when their buffers have room (prev keeps its views: what they show of its
  // own lines does not change, except its last, empty line and the pairs of commands answered since)
  const lineStart = roomFor(prev.lineStart, lineCount + 1, from);
  for (let i = 0; i < tail.length; i++) lineStart[from + i] = tail[i] + old.length;
  const kind = roomFor(prev.kind, lineCount, from).fill(0, from);
  const code = roomFor(prev.code, lineCount, from).fill(0, from);
  const session = roomFor(prev.session, lineCount, from).fill(-1, from);
  // (a log without commands or replies so far has no pairs: see LogModel.pair)
  const pair = prev.pair.length ? roomFor(prev.pair, lineCount, from).fill(PAIR_NONE, from) : new Int32Array(0);
  // the run's own session table goes on (the models get copies or views of it)
  const model: LogModel = { text, pieces, format: prev.format, formatName: prev.formatName, dialect: prev.dialect, lineCount, lineStart, kind, code, session, pair, sessions: run.sessions, fieldsLines: new Int32Array(0), notes: [...prev.notes] };
  const lineage = lineages.get(prev)?.id ?? {};
  const job = run.job(model, from, () => {
    runs.set(model, run);
    lineages.set(model, { id: lineage, from });
  });
  // progress in characters of the appended text
  const total = text.length - old.length + 1;
  let result: LogModel | undefined;
  return {
    step: n => result = result ?? job.step(n),
    get done() { return result ? total : Math.min(text.length, lineStart[job.done]) - old.length; },
    total,
  };
}

/**
 * The first n elements of a's buffer when it has room for them, else of a new buffer with room to grow,
 * the first `keep` elements copied: a log that grows by appends copies its arrays once in a while, not at
 * every append (a copy of a 45 MB log's arrays takes 20-80 ms where fresh memory is slow to touch).
 */
function roomFor<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T, n: number, keep: number): T {
  const make = a.constructor as { new(b: ArrayBufferLike, offset: number, length: number): T; new(length: number): T };
  if (a.byteOffset === 0 && a.buffer.byteLength >= n * a.BYTES_PER_ELEMENT) return new make(a.buffer, 0, n);
  const b = new make(n + (n >> 2) + 1024);
  b.set(a.subarray(0, keep));
  return b.subarray(0, n) as T;
}

interface Run {
  /** the session table the run adds to (a resumed parse goes on with it) */
  readonly sessions: SessionTable;
  /**
   * parses the lines of `m` from line `from` on (its arrays hold the lines before) in steps, and completes
   * `m` with the last step (then calls `done`). A run does one job at a time: its state is the parse's.
   */
  job(m: LogModel, from: number, done?: () => void): Steps<LogModel>;
}

function newRun(dialect: Dialect<unknown>): Run {
  let text = '';
  let lineStart: Uint32Array = new Uint32Array(0);
  let kind: Uint8Array = new Uint8Array(0);
  let code: Uint16Array = new Uint16Array(0);
  let session: Int32Array = new Int32Array(0);
  let pair: Int32Array = new Int32Array(0);
  let sessions = new SessionTable();
  let notes: string[] = [];
  const fields: number[] = [];
  const facts = newFacts();
  // the text the lines read are in: the whole text, or (after an append, see TextPieces) the tail that
  // starts at offset `base`
  let base = 0;
  // the model being parsed
  let model: LogModel | undefined;
  // a whole line, wherever it is (pairing reads earlier commands, which may be in the head)
  const ctx: PairingContext = { line: l => lineText(model!, l), pair };
  const st = dialect.createState();
  let cur = -1;
  // the pairing state of a session is made at its first command or reply (most sessions of a syslog
  // format have none): until then it is this one, which is only read
  const noAct = newActive();
  let act: Active = noAct;
  // the open keyed session that `cur` is (its pairing state is stored there once made)
  let entry: { s: number; act: Active; notes: boolean } | undefined;
  const useAct = (): Active => {
    if (act === noAct) { act = newActive(); if (entry !== undefined) entry.act = act; }
    return act;
  };
  let longLines = 0;
  // an IO echo line the end of the previous text counted as a command: it may yet match the next line
  let finishedEcho = -1;
  // interleaved formats: open sessions by key, with their pairing state
  // `notes`: the session has only notes so far (rows that announce a connection before it opens)
  const byKey = new Map<string, { s: number; act: Active; notes: boolean }>();
  let curKey: string | undefined;
  const startKeyed = (line: number, key: string, notes = false): void => {
    cur = sessions.add(line);
    act = noAct;
    curKey = key;
    entry = { s: cur, act, notes };
    byKey.set(facts.keyKept ? key : ownKey(key), entry);
    if (facts.message) sessions.flags[cur] |= SessionFlag.Message;
  };

  const start = (line: number): void => {
    if (cur >= 0) flushEcho();
    if (curKey !== undefined) { startKeyed(line, curKey); return; }
    cur = sessions.add(line);
    act = noAct;
    entry = undefined;
  };
  const assign = (line: number): void => {
    session[line] = cur;
    sessions.last[cur] = line;
  };
  // `pair` of the model being parsed is allocated at its first command or reply
  const needPair = (): void => {
    if (pair.length || !model) return;
    pair = new Int32Array(model.lineCount).fill(PAIR_NONE);
    (ctx as { pair: Int32Array }).pair = pair;
    (model as { pair: Int32Array }).pair = pair;
  };
  const pushCommand = (line: number): void => {
    if (pair.length === 0) needPair();
    kind[line] = LineKind.Command;
    useAct().queue.push(line);
  };
  const flushEcho = (): void => {
    if (act.echo >= 0) { pushCommand(act.echo); act.echo = -1; }
  };

  const job = (m: LogModel, from: number, done?: () => void): Steps<LogModel> => {
    lineStart = m.lineStart; kind = m.kind; code = m.code; session = m.session; pair = m.pair;
    sessions = m.sessions; notes = m.notes; model = m;
    // the lines from `from` on are all in the tail when the text is in pieces
    const p = m.pieces;
    if (p && from < m.lineCount && lineStart[from] >= p.head.length) { text = p.tail; base = p.head.length; } else { text = m.text; base = 0; }
    (ctx as { pair: Int32Array }).pair = pair;
    if (finishedEcho >= 0 && finishedEcho < from) kind[finishedEcho] = LineKind.Echo;
    finishedEcho = -1;
    let at = from;
    let complete = false;
    return {
      step(n) {
        if (complete) return m;
        // the loop reads only the state and line i: cutting it between lines changes nothing
        const to = Math.min(m.lineCount, at + Math.max(1, n));
        lines(at, to, text, base, lineStart, kind, code, session);
        at = to;
        if (at < m.lineCount) return undefined;
        finish(m, from > 0);
        complete = true;
        done?.();
        return m;
      },
      get done() { return at; },
      get total() { return m.lineCount; },
    };
  };

  const finish = (m: LogModel, resumed: boolean): void => {
    // the end of the text ends a pending echo as a command, in this model only: the state stays as it
    // was, so that a resumed parse reads the next line as a parse from the top would
    if (cur >= 0 && act.echo >= 0) { needPair(); finishedEcho = act.echo; kind[finishedEcho] = LineKind.Command; }
    const open: number[] = [];
    if (curKey !== undefined) for (const v of byKey.values()) open.push(v.s);
    else if (cur >= 0 && !(sessions.flags[cur] & SessionFlag.Closed)) open.push(cur);
    const out = m as { openSessions?: Int32Array; fieldsLines: Int32Array; sessions: SessionTable };
    out.openSessions = Int32Array.from(open);
    // the run keeps adding to its own table; the model gets a trimmed copy (after an append, views: a copy
    // at every append would cost as much as the table is long)
    const t = new SessionTable();
    t.count = sessions.count;
    const n = t.count;
    if (resumed) { t.first = sessions.first.subarray(0, n); t.last = sessions.last.subarray(0, n); t.flags = sessions.flags.subarray(0, n); t.parent = sessions.parent.subarray(0, Math.min(n, sessions.parent.length)); }
    else { t.first = sessions.first.slice(0, n); t.last = sessions.last.slice(0, n); t.flags = sessions.flags.slice(0, n); if (sessions.parent.length) t.parent = sessions.parent.slice(0, n); }
    out.sessions = t;
    out.fieldsLines = Int32Array.from(fields);
  };

  // the hot loop reads the arrays as parameters (locals), not as the closure's variables
  // offsets into `text` are the lines' offsets less `base`
  const lines = (from: number, lineCount: number, text: string, base: number, lineStart: Uint32Array, kind: Uint8Array, code: Uint16Array, session: Int32Array): void => {
  for (let i = from; i < lineCount; i++) {
    const s = lineStart[i] - base;
    let e = lineStart[i + 1] - 1 - base;
    if (e > s && text.charCodeAt(e - 1) === 13 && text.charCodeAt(e) === 10) e--;
    if (e > text.length) e = text.length;
    if (e - s > MAX_LINE_LENGTH) {
      kind[i] = LineKind.Other;
      if (longLines++ < 3) notes.push(`Line ${i + 1} is ${Math.round((e - s) / 1024)} KB long; it was not analyzed (limit ${MAX_LINE_LENGTH / 1024} KB).`);
      continue;
    }
    facts.key = undefined; facts.keyKept = false; facts.message = false; facts.parent = undefined; facts.child = undefined; facts.self = false; facts.commands = 1;
    dialect.classify(text, s, e, facts, st);
    const k = facts.kind;
    kind[i] = k;
    if (k >= LineKind.Command && k <= LineKind.ReplyMore && pair.length === 0) needPair();
    if (k === LineKind.Header && (isFieldsLine(text, s, e) || dialect.columnsLine?.(text, s, e))) fields.push(i);
    if (facts.key !== undefined) {
      // switch to the key's session (or open one); lines without a key stay outside sessions
      const open = byKey.get(facts.key);
      curKey = facts.key;
      // a closed session (221 seen) still owns its key until its Disconnect: plain lines join no session
      const closedOpen = open !== undefined && (sessions.flags[open.s] & SessionFlag.Closed) !== 0;
      const joinsClosed = k === LineKind.Other || facts.event === EventKind.Disconnect || (k === LineKind.Event && facts.event === EventKind.None)
        || (k === LineKind.Command && open !== undefined && open.act.closedByReply && !open.act.quitSeen && startsWithCI(text, facts.payload, e, 'quit'));
      const note = k === LineKind.Other || (k === LineKind.Event && facts.event === EventKind.None);
      // the connection opening after rows that only announced it (an Exchange SmtpSend "attempting to
      // connect" row, written before the local endpoint exists): the same session
      const announced = open !== undefined && open.notes && !closedOpen && k === LineKind.Event && facts.event === EventKind.Connect;
      // a line that opens a connection (an Event, or a format's HELO row or greeting) starts a new session
      if (announced) {
        cur = open.s; act = open.act; entry = open; open.notes = false;
        assign(i);
        continue;
      } else if (open && (!closedOpen || joinsClosed) && facts.event !== EventKind.Connect) {
        cur = open.s; act = open.act; entry = open;
        if (!note) open.notes = false;
      } else if (k !== LineKind.Blank && k !== LineKind.Header) {
        startKeyed(i, facts.key, note);
        if (k === LineKind.Event && facts.event === EventKind.Connect) { assign(i); continue; }
      }
      // a message received in a connection (postfix smtpd "QUEUEID: client=", exim "<= ... H="): remember where
      // (a parent is always an earlier session: the links cannot form a cycle)
      if (facts.parent !== undefined && sessions.parentOf(cur) < 0 && k !== LineKind.Blank && k !== LineKind.Header) {
        const p = byKey.get(facts.parent);
        if (p !== undefined && p.s < cur && !(sessions.flags[p.s] & SessionFlag.Message)) sessions.setParent(cur, p.s);
      }
      // a message this one caused (a bounce notice), when it is still open
      if (facts.child !== undefined) {
        const c = byKey.get(facts.child);
        if (c !== undefined && c.s > cur && sessions.parentOf(c.s) < 0) sessions.setParent(c.s, cur);
      }
    } else if (curKey !== undefined) {
      // a keyed format: a line without key belongs to no session
      if (k === LineKind.Status) code[i] = facts.code;
      continue;
    }
    switch (k) {
      case LineKind.Event:
        if (facts.event === EventKind.Connect) start(i);
        if (cur >= 0) {
          assign(i);
          if (facts.event === EventKind.Disconnect) {
            flushEcho();
            sessions.flags[cur] |= SessionFlag.Closed;
            if (curKey !== undefined) byKey.delete(curKey);
          }
        }
        break;
      case LineKind.Echo:
        if (cur < 0 || (sessions.flags[cur] & SessionFlag.Closed) || act.quitSeen) start(i);
        assign(i);
        flushEcho();
        useAct().echo = i;
        break;
      case LineKind.Command: {
        const quit = startsWithCI(text, facts.payload, e, 'quit');
        const lateQuit = quit && cur >= 0 && act.closedByReply && !act.quitSeen;
        if (!lateQuit && (cur < 0 || (sessions.flags[cur] & SessionFlag.Closed) || act.quitSeen)) start(i);
        assign(i);
        if (act.echo >= 0) {
          if (sameCommand(ctx.line(act.echo), text, facts.payload, e)) act.echo = -1;
          else flushEcho();
        }
        // the first command of a session tells who the logging server was: sent = it was the client
        if (act.queue.length === 0 && facts.dir === 2) sessions.flags[cur] |= SessionFlag.Outbound;
        pushCommand(i);
        act.prdr = -1;
        // a line with several commands waits for as many replies
        for (let c = 1; c < facts.commands && c < 64; c++) act.queue.push(i);
        if (quit) act.quitSeen = true;
        break;
      }
      case LineKind.ReplyMore:
      case LineKind.Reply: {
        code[i] = facts.code;
        if (cur < 0 || (sessions.flags[cur] & SessionFlag.Closed)) start(i);
        assign(i);
        flushEcho();
        if (k === LineKind.ReplyMore) { useAct().more.push(i); break; }
        pairReply(useAct(), i, facts.code, facts.self, ctx);
        if (facts.code === 221 || facts.code === 421) { sessions.flags[cur] |= SessionFlag.Closed; act.closedByReply = true; }
        break;
      }
      case LineKind.Status:
        code[i] = facts.code;
        if (cur < 0) start(i);
        assign(i);
        // a record that both reports a status and ends the session (postfix "disconnect ... data=1")
        if (facts.event === EventKind.Disconnect) {
          sessions.flags[cur] |= SessionFlag.Closed;
          if (curKey !== undefined) byKey.delete(curKey);
        }
        break;
      case LineKind.Other:
      case LineKind.Header:
        if (cur >= 0 && !(sessions.flags[cur] & SessionFlag.Closed)) assign(i);
        break;
      default:
        break;
    }
    // a command or reply that ends its connection (an IIS QUIT row): the session closes with it
    if (facts.event === EventKind.Disconnect && (k === LineKind.Reply || k === LineKind.Command) && cur >= 0 && session[i] === cur) {
      sessions.flags[cur] |= SessionFlag.Closed;
      if (curKey !== undefined) byKey.delete(curKey);
    }
  }
  };
  return { job, get sessions() { return sessions; } };
}

/** Does the line (a Header) declare columns ("#Fields:", after an optional byte order mark)? */
function isFieldsLine(text: string, s: number, e: number): boolean {
  if (s < e && text.charCodeAt(s) === 0xfeff) s++;
  return text.startsWith('#Fields:', s);
}
