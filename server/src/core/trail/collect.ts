/**
 * Plugs the trail into the streaming engine: the reader's hooks turn each finished message or session
 * and each bounce into a trace; the collector files them into an index (ids and places only) and, when
 * asked, keeps the full traces of chosen messages (the second read of a trail).
 */
import type { StreamOptions } from '../stream/reader';
import { FileIndex, TrailIndex } from './index';
import { traceOfBounce, traceOfSession, type MessageTrace } from './trace';
import { traceId } from './trail';

export class TrailCollector {
  private readonly pending = new Map<string, FileIndex>();
  /** full traces kept (those `keep` names, or all when keep is undefined and keepAll is set) */
  readonly traces: MessageTrace[] = [];

  /**
   * `index`: where ids go (undefined: no index is built); `keep`: the trace ids (traceId) whose full
   * traces are kept; `keepAll`: keep every trace (small inputs, tests).
   */
  constructor(readonly index: TrailIndex | undefined, private readonly keep?: Set<string>, private readonly keepAll = false) {}

  private fileIndex(path: string): FileIndex {
    let f = this.pending.get(path);
    if (!f) { f = new FileIndex(path); this.pending.set(path, f); }
    return f;
  }

  /** The hooks to pass to the LogStream. */
  hooks(): Pick<StreamOptions, 'onSession' | 'onBounceText'> {
    return {
      onSession: (ctx, s, lines, complete) => {
        const t = traceOfSession(ctx, s, lines, complete);
        if (!t) return;
        this.take(t);
        if (this.index) {
          this.fileIndex(t.path).addTrace(t);
          for (const p of new Set(t.linePaths)) this.fileIndex(p).addSessionPlaces(ctx, lines, t);
        }
      },
      onBounceText: (text, path) => {
        const t = traceOfBounce(text, path);
        if (!t) return;
        this.take(t);
        if (this.index) { const f = this.fileIndex(path); f.addTrace(t); f.addTextPlaces(text, t); }
      },
    };
  }

  private take(t: MessageTrace): void {
    if (this.keepAll || this.keep?.has(traceId(t))) this.traces.push(t);
  }

  /** Mark a file as read even when it gave no trace (so it replaces what the index held of it). */
  touch(path: string): void { this.fileIndex(path); }

  /** Hand the files read so far to the index (call after the stream's endSet/end: messages crossing files are complete then). */
  commit(): void {
    if (this.index) for (const f of this.pending.values()) this.index.setFile(f);
    this.pending.clear();
  }
}
