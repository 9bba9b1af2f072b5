/**
 * The log reader for a bounce: only the transcript lines a bounce quotes (`>>> RCPT TO:<x>`,
 * `<<< 550 5.1.1 ...` and the continuation lines of a multi-line reply) go to the transcript
 * dialect; every other line of the message is plain text. This keeps the log model of a bounce
 * cheap on large messages (base64 attachments) and free of sessions the prose would suggest.
 */
import type { Dialect } from '../scanner/dialect';
import { transcriptDialect } from '../scanner/transcript';
import { Dir, EventKind, LineKind } from '../scanner/tokens';
import { skipBlanks } from '../scanner/chars';
import { binaryVerdict } from '../parser/parse';
import { misreadUtf16, utf16Note } from '../detect/encoding';
import { parseWithDialect } from '../parser/sessionParser';
import type { LogModel } from '../parser/model';

const inner = transcriptDialect as Dialect<unknown>;

const quotedTranscript: Dialect<unknown> = {
  id: inner.id,
  name: inner.name,
  sniff: () => 0,
  createState: () => inner.createState(),
  classify(text, s, e, out, st) {
    const p = skipBlanks(text, s, e);
    const c = text.charCodeAt(p);
    const marker = (c === 60 || c === 62) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === c;
    if (marker || (st as { inReply?: boolean }).inReply) { inner.classify(text, s, e, out, st); return; }
    out.kind = p === e ? LineKind.Blank : LineKind.Other;
    out.code = 0; out.dir = Dir.None; out.event = EventKind.None; out.payload = p;
  },
  tokens: line => inner.tokens(line),
};

/** The log model of a bounce's text (binary data is reported as such, like any log). */
export function parseQuotedTranscript(text: string): LogModel {
  const notes: string[] = [];
  const u16 = misreadUtf16(text);
  if (u16) { notes.push(utf16Note(u16.order)); text = u16.text; }
  const binary = binaryVerdict(text);
  if (binary) {
    notes.push(binary);
    return parseWithDialect(text, undefined, 'binary', 'binary data', notes);
  }
  return parseWithDialect(text, quotedTranscript, inner.id, inner.name, notes);
}
