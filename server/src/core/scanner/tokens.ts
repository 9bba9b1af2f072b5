/** Tokens of one line, computed on demand for hovers, problems and the CLI. Offsets are within the line. */
export type TokenKind =
  | 'timestamp'
  | 'direction'   // <<< / >>> (or a format's equivalent)
  | 'verb'        // command verb: EHLO, MAIL, RCPT ...
  | 'args'        // command arguments
  | 'code'        // basic reply code: 250
  | 'enhanced'    // enhanced status code: 2.1.0
  | 'text'        // reply text
  | 'address'     // <user@domain>
  | 'event'       // connection event text
  | 'session'     // session / process / queue id
  | 'note';       // a field the format explains itself (a hover from Dialect.describe): an event id, IIS' 240 ...

export interface LineToken {
  kind: TokenKind;
  start: number;
  end: number;
  /**
   * Lines that carry several replies (message tracking: one recipient-status per recipient): the
   * code, enhanced code and text of one reply share a group number. The first group is the one
   * the line's code stands for.
   */
  group?: number;
}

/** Direction of a line relative to the server that wrote the log. */
export const Dir = { None: 0, Received: 1, Sent: 2 } as const;
export type DirValue = typeof Dir[keyof typeof Dir];

/** Connection events a format can report. */
export const EventKind = { None: 0, Connect: 1, Disconnect: 2 } as const;
export type EventKindValue = typeof EventKind[keyof typeof EventKind];

/** What a dialect's classifier says about one line (a reused scratch object: no allocation per line). */
export interface LineFacts {
  kind: number;      // a LineKind value
  code: number;      // reply code for Reply / ReplyMore
  dir: DirValue;
  event: EventKindValue;
  /** offset (absolute) where the command or reply text starts, for the command verb check */
  payload: number;
  /**
   * Interleaved formats: the session this line belongs to (Exchange session-id, postfix process,
   * queue id). Undefined for formats whose sessions follow each other.
   */
  key: string | undefined;
  /**
   * `key` is a string the format keeps for its open session (not a slice of the line): the parser keeps
   * that same string (its lookups then compare by reference) instead of a copy of its own (a slice of the
   * text kept in a map makes every later lookup read far back in the text).
   */
  keyKept: boolean;
  /** with `key`: this session is a message (queue id), not a connection */
  message: boolean;
  /**
   * With `key` of a message: the key of the connection session that received it, when the line says
   * so (postfix smtpd `QUEUEID: client=`, exim `<= ... H=`). The outline nests the message under it.
   */
  parent: string | undefined;
  /**
   * With `key` of a message: the key of another message this line says it caused (postfix `QUEUEID:
   * sender non-delivery notification: NEWID`). The outline nests that one under this one.
   */
  child: string | undefined;
  /**
   * A Reply line that is also the command it answers (an IIS W3C row: cs-method and sc-status on one
   * line). It pairs with itself and never waits in the command queue.
   */
  self: boolean;
  /** Command lines: how many commands the line carries (a client that wrote several at once), default 1. */
  commands: number;
}

export function newFacts(): LineFacts {
  return { kind: 0, code: 0, dir: 0, event: 0, payload: 0, key: undefined, keyKept: false, message: false, parent: undefined, child: undefined, self: false, commands: 1 };
}

/** What a line is. */
export const LineKind = {
  Blank: 0,
  Other: 1,      // text the analyzer does not interpret (plain text, unknown formats)
  Command: 2,    // a command sent by the client (EHLO, MAIL FROM, base64 AUTH lines, ".")
  Reply: 3,      // the last (or only) line of a reply: "250 OK"
  ReplyMore: 4,  // a continuation line of a multi-line reply: "250-SIZE"
  Echo: 5,       // a raw I/O echo of a command ("<<< IO: |MAIL From:<>"): not a command of its own
  Event: 6,      // a connection event ("A connection was accepted from ...")
  Header: 7,     // a header or comment line of the log format ("#Fields: ...")
  /**
   * A log record that reports a reply or delivery status on its own, with its context written on
   * the line (postfix `status=bounced (... said: 550 ...)`, `NOQUEUE: reject: RCPT from ...: 554`,
   * exim `**`, sendmail `stat=`, message tracking FAIL). Its `code` is the basic reply code, or
   * class * 100 (400, 500) when the line gives only an enhanced code or a status word.
   */
  Status: 8,
} as const;
export type LineKindValue = typeof LineKind[keyof typeof LineKind];

