/**
 * Session keying: one pass over the lines (split by lines.ts) that classifies each line with the
 * detected dialect and groups lines into sessions: by the session key the format writes (Exchange
 * session-id, postfix process and queue id ...) or, for formats whose sessions follow each other, by
 * connection events, QUIT and 221. Each reply is handed to the pairing of its session (pairing.ts).
 */
import { EventKind, LineKind, newFacts } from '../scanner/tokens';
import type { Dialect } from '../scanner/dialect';
import { startsWithCI } from '../scanner/chars';
import { splitLines, lineEndAt as lineEnd } from './lines';
import { type Active, newActive, pairReply, sameCommand, type PairingContext } from './pairing';
import { type LogModel, PAIR_NONE, SessionFlag, SessionTable } from './model';

/** Lines longer than this are not interpreted (kept as plain text) and reported once. */
export const MAX_LINE_LENGTH = 64 * 1024;

export function parseWithDialect(text: string, dialect: Dialect<unknown> | undefined, format: string, formatName: string, notes: string[]): LogModel {
  const lineStart = splitLines(text);
  const lineCount = lineStart.length - 1;

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
  const ctx: PairingContext = { text, lineStart, pair };
  const st = dialect.createState();
  let cur = -1;
  let act: Active = newActive();
  let longLines = 0;
  // interleaved formats: open sessions by key, with their pairing state
  // `notes`: the session has only notes so far (rows that announce a connection before it opens)
  const byKey = new Map<string, { s: number; act: Active; notes: boolean }>();
  let curKey: string | undefined;
  const startKeyed = (line: number, key: string, notes = false): void => {
    cur = sessions.add(line);
    act = newActive();
    curKey = key;
    byKey.set(key, { s: cur, act, notes });
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
    facts.key = undefined; facts.message = false; facts.parent = undefined; facts.child = undefined; facts.self = false; facts.commands = 1;
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
      const note = k === LineKind.Other || (k === LineKind.Event && facts.event === EventKind.None);
      // the connection opening after rows that only announced it (an Exchange SmtpSend "attempting to
      // connect" row, written before the local endpoint exists): the same session
      const announced = open !== undefined && open.notes && !closedOpen && k === LineKind.Event && facts.event === EventKind.Connect;
      // a line that opens a connection (an Event, or a format's HELO row or greeting) starts a new session
      if (announced) {
        cur = open.s; act = open.act; open.notes = false;
        assign(i);
        continue;
      } else if (open && (!closedOpen || joinsClosed) && facts.event !== EventKind.Connect) {
        cur = open.s; act = open.act;
        if (!note) open.notes = false;
      } else if (k !== LineKind.Blank && k !== LineKind.Header) {
        startKeyed(i, facts.key, note);
        if (k === LineKind.Event && facts.event === EventKind.Connect) { assign(i); continue; }
      }
      // a message received in a connection (postfix smtpd "QUEUEID: client=", exim "<= ... H="): remember where
      // (a parent is always an earlier session: the links cannot form a cycle)
      if (facts.parent !== undefined && sessions.parent[cur] < 0 && k !== LineKind.Blank && k !== LineKind.Header) {
        const p = byKey.get(facts.parent);
        if (p !== undefined && p.s < cur && !(sessions.flags[p.s] & SessionFlag.Message)) sessions.parent[cur] = p.s;
      }
      // a message this one caused (a bounce notice), when it is still open
      if (facts.child !== undefined) {
        const c = byKey.get(facts.child);
        if (c !== undefined && c.s > cur && sessions.parent[c.s] < 0) sessions.parent[c.s] = cur;
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
        pairReply(act, i, facts.code, facts.self, ctx);
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
