/**
 * Bytes to text for the streaming reader: UTF-8 (a byte order mark is skipped), UTF-16 LE/BE when the
 * file starts with their byte order mark (Windows tools write them). `TextDecoder` (WHATWG encodings,
 * global in Node, browsers and workers) does the decoding, streamed so a character split between two
 * chunks is kept whole. `bytesOf` gives the bytes a decoded text took, so records carry byte offsets
 * into the original file (exact for valid input; an invalid UTF-8 byte counts as the three bytes of its
 * replacement character).
 */
import { utf8Length } from '../detect/encoding';

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * A fast path a shell may offer: the text of bytes that are all ASCII, else undefined. Node's
 * `isAscii` + `latin1` is 30x faster than TextDecoder on ASCII logs (most are), and gives the same text.
 */
export type AsciiText = (bytes: Uint8Array) => string | undefined;

export class ByteDecoder {
  private td: TextDecoder | undefined;
  private lastByte = 0; // the last byte TextDecoder was given: >= 0x80 may leave it holding a partial character
  constructor(private readonly ascii?: AsciiText) {}
  private head: Uint8Array | undefined; // the first bytes, until the byte order mark can be told
  encoding: TextEncoding = 'utf-8';
  /** bytes of a byte order mark at the start of the file (already skipped) */
  bomBytes = 0;

  decode(chunk: Uint8Array): string {
    if (!this.td) {
      const h = this.head ? concat(this.head, chunk) : chunk;
      if (h.length < 3) { this.head = h; return ''; }
      this.head = undefined;
      if (h[0] === 0xff && h[1] === 0xfe) { this.encoding = 'utf-16le'; this.bomBytes = 2; }
      else if (h[0] === 0xfe && h[1] === 0xff) { this.encoding = 'utf-16be'; this.bomBytes = 2; }
      else if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) this.bomBytes = 3;
      this.td = new TextDecoder(this.encoding);
      return this.decodeUtf(h);
    }
    return this.decodeUtf(chunk);
  }

  private decodeUtf(chunk: Uint8Array): string {
    if (this.ascii && this.encoding === 'utf-8' && this.lastByte < 0x80 && chunk.length) {
      const fast = this.ascii(chunk);
      if (fast !== undefined) return fast;
    }
    if (chunk.length) this.lastByte = chunk[chunk.length - 1];
    return this.td!.decode(chunk, { stream: true });
  }

  /** The end of the input: what the decoder still held. */
  end(): string {
    if (!this.td) {
      const h = this.head; this.head = undefined;
      if (!h || !h.length) return '';
      this.td = new TextDecoder('utf-8');
      return this.td.decode(h);
    }
    return this.td.decode();
  }

  /** Bytes the text (or its characters [start, end)) took in the file's encoding. */
  bytesOf(text: string, start = 0, end = text.length): number {
    return this.encoding === 'utf-8' ? utf8Length(text, start, end) : (end - start) * 2;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const c = new Uint8Array(a.length + b.length);
  c.set(a); c.set(b, a.length);
  return c;
}
