/**
 * One pass over the text: split lines (LF, CRLF and lone CR, as editors count them), classify each
 * line with the detected dialect, group lines into sessions and pair every reply with the command
 * it answers. Replies pair with commands in order, not by adjacency (pipelining); multi-line replies
 * are one reply; the reply after `354` answers the end of the message data.
 */
import { EventKind, LineKind, newFacts } from '../scanner/tokens';
import type { Dialect } from '../scanner/dialect';
import { startsWithCI } from '../scanner/chars';
import { type LogModel, PAIR_GREETING, PAIR_NONE, SessionFlag, SessionTable } from './model';

/** Lines longer than this are not interpreted (kept as plain text) and reported once. */
export const MAX_LINE_LENGTH = 64 * 1024;

interface Active {
  queue: number[];       // command lines waiting for their reply, oldest first
  head: number;          // index of the oldest waiting command in queue
  more: number[];        // continuation lines of the reply being read
  echo: number;          // an IO echo line not yet known to duplicate a command
  awaitEod: number;      // DATA line whose 354 came: the next reply answers the end of data
  /**
   * AUTH line whose last reply was 334: a reply that comes while no command waits answers it too
   * (logs that hide the client's SASL lines, as Exchange's protocol log does).
   */
  challenged: number;
  /** the "." whose reply was 353 (PRDR): the per-recipient replies and the final one that follow answer it */
  prdr: number;
  replies: number;
  quitSeen: boolean;
  /** a 221 / 421 closed the session: the client's QUIT that may still follow belongs to it */
  closedByReply: boolean;
}

function newActive(): Active {
  return { queue: [], head: 0, more: [], echo: -1, awaitEod: -1, challenged: -1, prdr: -1, replies: 0, quitSeen: false, closedByReply: false };
}

export function parseWithDialect(text: string, dialect: Dialect<unknown> | undefined, format: string, formatName: string, notes: string[]): LogModel {
  // -- pass 1: line starts (indexOf is the fastest scan V8 has) --
  let cap = Math.max(16, (text.length / 48) | 0);
  let lineStart = new Uint32Array(cap);
  let n = 0;
  let pos = 0;
  let nextCR = text.indexOf('\r');
  for (;;) {
    if (n + 1 >= cap) { cap *= 2; const b = new Uint32Array(cap); b.set(lineStart); lineStart = b; }
    lineStart[n++] = pos;
    let nl = text.indexOf('\n', pos);
    if (nextCR !== -1 && nextCR < pos) nextCR = text.indexOf('\r', pos);
    if (nextCR !== -1 && (nl === -1 || nextCR < nl - 1)) {
      // a lone CR ends this line (editors count it as a line break)
      nl = nextCR;
      nextCR = text.indexOf('\r', nextCR + 1);
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  lineStart[n] = text.length + 1;
  lineStart = lineStart.slice(0, n + 1);
  const lineCount = n;

  const kind = new Uint8Array(lineCount);
  const code = new Uint16Array(lineCount);
  const session = new Int32Array(lineCount).fill(-1);
  const pair = new Int32Array(lineCount).fill(PAIR_NONE);
  const sessions = new SessionTable();
  const fields: number[] = [];
  const model: LogModel = { text, format, formatName, dialect, lineCount, lineStart, kind, code, session, pair, sessions, fieldsLines: new Int32Array(0), notes };
  if (!dialect) { kind.fill(LineKind.Other); return model; }

  // -- pass 2: classify, sessions, pairing --
  const facts = newFacts();
  const st = dialect.createState();
  let cur = -1;
  let act: Active = newActive();
  let longLines = 0;
  // interleaved formats: open sessions by key, with their pairing state
  const byKey = new Map<string, { s: number; act: Active }>();
  let curKey: string | undefined;
  const startKeyed = (line: number, key: string): void => {
    cur = sessions.add(line);
    act = newActive();
    curKey = key;
    byKey.set(key, { s: cur, act });
    if (facts.message) sessions.flags[cur] |= SessionFlag.Message;
  };

  const start = (line: number): void => {
    if (cur >= 0) flushEcho();
    if (curKey !== undefined) { startKeyed(line, curKey); return; }
    cur = sessions.add(line);
    act = newActive();
  };
  const assign = (line: number): void => {
    session[line] = cur;
    sessions.last[cur] = line;
  };
  const pushCommand = (line: number): void => {
    kind[line] = LineKind.Command;
    act.queue.push(line);
  };
  const flushEcho = (): void => {
    if (act.echo >= 0) { pushCommand(act.echo); act.echo = -1; }
  };

  for (let i = 0; i < lineCount; i++) {
    const s = lineStart[i];
    let e = lineStart[i + 1] - 1;
    if (e > s && text.charCodeAt(e - 1) === 13 && text.charCodeAt(e) === 10) e--;
    if (e > text.length) e = text.length;
    if (e - s > MAX_LINE_LENGTH) {
      kind[i] = LineKind.Other;
      if (longLines++ < 3) notes.push(`Line ${i + 1} is ${Math.round((e - s) / 1024)} KB long; it was not analyzed (limit ${MAX_LINE_LENGTH / 1024} KB).`);
      continue;
    }
    facts.key = undefined; facts.message = false; facts.self = false; facts.commands = 1;
    dialect.classify(text, s, e, facts, st);
    const k = facts.kind;
    kind[i] = k;
    if (k === LineKind.Header && isFieldsLine(text, s, e)) fields.push(i);
    if (facts.key !== undefined) {
      // switch to the key's session (or open one); lines without a key stay outside sessions
      const open = byKey.get(facts.key);
      curKey = facts.key;
      // a closed session (221 seen) still owns its key until its Disconnect: plain lines join no session
      const closedOpen = open !== undefined && (sessions.flags[open.s] & SessionFlag.Closed) !== 0;
      const joinsClosed = k === LineKind.Other || facts.event === EventKind.Disconnect || (k === LineKind.Event && facts.event === EventKind.None)
        || (k === LineKind.Command && open !== undefined && open.act.closedByReply && !open.act.quitSeen && startsWithCI(text, facts.payload, e, 'quit'));
      // a line that opens a connection (an Event, or a format's HELO row or greeting) starts a new session
      if (open && (!closedOpen || joinsClosed) && facts.event !== EventKind.Connect) {
        cur = open.s; act = open.act;
      } else if (k !== LineKind.Blank && k !== LineKind.Header) {
        startKeyed(i, facts.key);
        if (k === LineKind.Event && facts.event === EventKind.Connect) { assign(i); continue; }
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
        act.echo = i;
        break;
      case LineKind.Command: {
        const quit = startsWithCI(text, facts.payload, e, 'quit');
        const lateQuit = quit && cur >= 0 && act.closedByReply && !act.quitSeen;
        if (!lateQuit && (cur < 0 || (sessions.flags[cur] & SessionFlag.Closed) || act.quitSeen)) start(i);
        assign(i);
        if (act.echo >= 0) {
          if (sameCommand(text, lineStart[act.echo], lineEnd(text, lineStart, act.echo), facts.payload, e)) act.echo = -1;
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
        if (k === LineKind.ReplyMore) { act.more.push(i); break; }
        for (const m of act.more) pair[m] = i;
        act.more.length = 0;
        if (facts.self) {
          // a command and its reply on one row: it answers itself
          pair[i] = i;
        } else {
          const cmd = act.head < act.queue.length ? act.queue[act.head] : -1;
          if (act.awaitEod >= 0 && (cmd < 0 || isDot(text, lineStart[cmd], lineEnd(text, lineStart, cmd)))) {
            if (cmd >= 0) act.head++;
            pair[i] = cmd >= 0 ? cmd : act.awaitEod;
            if (cmd >= 0) pair[cmd] = i;
            act.awaitEod = -1;
          } else if (cmd >= 0) {
            act.head++;
            pair[i] = cmd;
            pair[cmd] = i;
            if (facts.code === 354) act.awaitEod = cmd;
            act.challenged = facts.code === 334 ? cmd : -1;
          } else if (act.prdr >= 0) {
            pair[i] = act.prdr;
          } else if (act.challenged >= 0) {
            // the verdict (235 / 535) or the next challenge of an AUTH whose client lines are not logged
            pair[i] = act.challenged;
            pair[act.challenged] = i;
            if (facts.code !== 334) act.challenged = -1;
          } else {
            pair[i] = act.replies === 0 ? PAIR_GREETING : PAIR_NONE;
          }
        }
        if (facts.code === 353 && pair[i] >= 0) act.prdr = pair[i];
        if (act.head > 64 && act.head * 2 > act.queue.length) { act.queue = act.queue.slice(act.head); act.head = 0; }
        act.replies++;
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
  if (cur >= 0) flushEcho();
  const open: number[] = [];
  if (curKey !== undefined) for (const v of byKey.values()) open.push(v.s);
  else if (cur >= 0 && !(sessions.flags[cur] & SessionFlag.Closed)) open.push(cur);
  (model as { openSessions?: Int32Array }).openSessions = Int32Array.from(open);
  sessions.trim();
  (model as { fieldsLines: Int32Array }).fieldsLines = Int32Array.from(fields);
  return model;
}

/** Does the line (a Header) declare columns ("#Fields:", after an optional byte order mark)? */
function isFieldsLine(text: string, s: number, e: number): boolean {
  if (s < e && text.charCodeAt(s) === 0xfeff) s++;
  return text.startsWith('#Fields:', s);
}

function lineEnd(text: string, lineStart: Uint32Array, i: number): number {
  let e = lineStart[i + 1] - 1;
  if (e > lineStart[i] && text.charCodeAt(e - 1) === 13 && text.charCodeAt(e) === 10) e--;
  return Math.min(e, text.length);
}

function isDot(text: string, s: number, e: number): boolean {
  const t = text.slice(s, e).trimEnd();
  // also a "." written together with the next commands (">>> .\r\nmail from:<a@b>")
  return t.endsWith(' .') || t.endsWith('>.') || t === '.' || t.includes(' .\\r\\n');
}

/** Does the IO echo line at [es, ee) carry the same command as the command at [cs, ce)? */
function sameCommand(text: string, es: number, ee: number, cs: number, ce: number): boolean {
  const echo = text.slice(es, ee);
  const bar = echo.indexOf('|');
  if (bar < 0) return false;
  let body = echo.slice(bar + 1);
  if (body.endsWith('|')) body = body.slice(0, -1);
  return body.trim().toUpperCase() === text.slice(cs, ce).trim().toUpperCase();
}
