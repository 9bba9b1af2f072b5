/**
 * The workspace index of the language server: every SMTP log and bounce of the workspace folders
 * (rotated and .gz files too) read from disk in the background through the core's streaming engine,
 * keeping only ids and their places (TrailIndex), so Find All References, Go to Definition and
 * workspace symbols work across files and the message trail finds the files it needs. It yields to
 * the event loop between chunks so the open document's requests are answered while it reads. Without a
 * disk (the browser entry), the open documents are indexed instead. No SMTP here: the core does it.
 */
import {
  TrailIndex, TrailCollector, rotationOf, resolveQuery, buildTrail, trailText, traceId, baseName, keysForIdentifier, identifierAt,
  DEFAULT_ASSUMPTIONS, type SmtpLanguageService, type Trail, type TrailAssumptions, type Occurrence, type Source, readSources,
} from './core/smtpLanguageService';

export interface PlannedFile { uri: string; size: number; modified: Date }
export interface WorkspacePlan {
  /** rotated sets to read, each oldest first */
  sets: PlannedFile[][];
  /** files left out by the byte cap */
  capped: PlannedFile[];
  /** bytes on disk of every file the globs select */
  total: number;
  notes: string[];
}

export interface DiskAccess {
  /** the files under a folder URI (recursively, hidden entries skipped), at most `max` */
  listFiles(folderUri: string, max: number): Promise<{ uri: string; size: number; modified: Date }[]>;
  /** the bytes of a file URI (decompressed when it is gzip) */
  readStream(uri: string): Promise<{ bytes: number; modified?: Date; chunks: AsyncIterable<Uint8Array> }>;
}

export interface IndexSettings {
  enabled: boolean;
  include: string[];
  exclude: string[];
  /** most bytes read for the index (sum of file sizes on disk) */
  maxBytes: number;
  assumptions: TrailAssumptions;
}

export const DEFAULT_INDEX_SETTINGS: IndexSettings = {
  enabled: true,
  include: ['**/*.log', '**/*.log.*', '**/*.LOG', '**/*log', '**/*log.[0-9]*', '**/*log-[0-9]*', '**/*.eml', '**/*.txt', '**/*.csv'],
  exclude: ['**/node_modules/**', '**/.git/**'],
  maxBytes: 256 * 1024 * 1024,
  assumptions: DEFAULT_ASSUMPTIONS,
};

/** A glob (`**`, `*`, `?`, `[...]`, `{a,b}`) as a regular expression over a relative path with `/`. Hand-written: tiny, and the server has no Node in the browser. */
export function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') { i++; if (glob[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*'; } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') { const j = glob.indexOf(']', i + 1); if (j > i) { re += '[' + glob.slice(i + 1, j).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']'; i = j; } else re += '\\['; }
    else if (c === '{') { const j = glob.indexOf('}', i + 1); if (j > i) { re += '(?:' + glob.slice(i + 1, j).split(',').map(x => x.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|') + ')'; i = j; } else re += '\\{'; }
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export interface TrailResponse { trails: Trail[]; text: string; proof: string; links: { line: number; uri: string; targetLine: number }[]; notes: string[] }

export class WorkspaceIndex {
  readonly index = new TrailIndex();
  private settings: IndexSettings = DEFAULT_INDEX_SETTINGS;
  private folders: string[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private generation = 0;
  private readonly dirty = new Set<string>();
  private dirtyTimer: { dispose(): void } | undefined;
  /** what the last build skipped or cut, in words */
  notes: string[] = [];
  bytesRead = 0;
  /** the URIs of the files of each rotated set indexed (for a trail's second read) */
  private readonly sets = new Map<string, string[]>();

  constructor(
    private readonly service: SmtpLanguageService,
    private readonly disk: DiskAccess | undefined,
    private readonly yieldNow: () => Promise<void>,
    private readonly log: (s: string) => void,
    private readonly progress: (title: string) => Promise<{ report(message: string, percentage?: number): void; done(): void }>,
    private readonly timer: { setTimeout(cb: () => void, ms: number): { dispose(): void } },
  ) {}

  get canReadDisk(): boolean { return !!this.disk; }

  configure(folders: string[], settings: IndexSettings): void {
    this.folders = folders;
    this.settings = settings;
    this.rebuild();
  }

  get assumptions(): TrailAssumptions { return this.settings.assumptions; }

  /** Read everything again (in the background; a build already running restarts when it ends). */
  rebuild(): void {
    if (!this.disk) return;
    if (this.running) { this.again = true; return; }
    this.running = this.build().catch(e => this.log(`workspace index failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`)).finally(() => {
      this.running = undefined;
      if (this.again) { this.again = false; this.rebuild(); }
    });
  }

  /** Resolves when the build in progress (if any) is over (tests, the trail request). */
  async ready(): Promise<void> { while (this.running) await this.running; }

  private selected(rel: string): boolean {
    const inc = this.settings.include.map(globRegex), exc = this.settings.exclude.map(globRegex);
    return inc.some(r => r.test(rel)) && !exc.some(r => r.test(rel));
  }

  /**
   * The files the index covers, as rotated sets (each oldest first; the newest sets first so that the byte
   * cap keeps the recent days), the sets left out by the cap (smtpLog.workspaceIndex.maxMegabytes, sizes on
   * disk), and notes. The index and the workspace summary read the same files.
   */
  async plan(): Promise<WorkspacePlan> {
    const files: PlannedFile[] = [];
    const notes: string[] = [];
    if (!this.disk) return { sets: [], capped: [], total: 0, notes };
    if (!this.settings.enabled) { notes.push('The workspace index is off (setting smtpLog.workspaceIndex.enabled).'); return { sets: [], capped: [], total: 0, notes }; }
    const inc = this.settings.include.map(globRegex), exc = this.settings.exclude.map(globRegex);
    for (const f of this.folders) {
      const listed = await this.disk.listFiles(f, 50_000);
      if (listed.length >= 50_000) notes.push(`${f}: more than 50,000 files; the first 50,000 were looked at.`);
      const base = f.endsWith('/') ? f : f + '/';
      for (const x of listed) {
        const rel = decodeURIComponent(x.uri.startsWith(base) ? x.uri.slice(base.length) : x.uri);
        if (inc.some(r => r.test(rel)) && !exc.some(r => r.test(rel))) files.push(x);
      }
    }
    const bySet = new Map<string, PlannedFile[]>();
    for (const x of files) { const k = rotationOf(x.uri).base; (bySet.get(k) ?? bySet.set(k, []).get(k)!).push(x); }
    for (const s of bySet.values()) s.sort((a, b) => rotationOf(b.uri).age - rotationOf(a.uri).age);
    const ordered = [...bySet.values()].sort((a, b) => Math.max(...b.map(x => +x.modified)) - Math.max(...a.map(x => +x.modified)));
    const total = files.reduce((a, x) => a + x.size, 0);
    const sets: PlannedFile[][] = [], capped: PlannedFile[] = [];
    let planned = 0;
    for (const set of ordered) {
      const size = set.reduce((a, x) => a + x.size, 0);
      if (planned + size > this.settings.maxBytes) { capped.push(...set); continue; }
      planned += size;
      sets.push(set);
    }
    if (capped.length) notes.push(`The workspace holds ${Math.round(total / 1048576)} MB of files that may be logs; ${Math.round(capped.reduce((a, x) => a + x.size, 0) / 1048576)} MB (${capped.length} files) were left out (setting smtpLog.workspaceIndex.maxMegabytes).`);
    return { sets, capped, total, notes };
  }

  /** A file's name for a person: relative to its workspace folder (prefixed with the folder's name when there are several). */
  relativeName(uri: string): string {
    const f = this.folders.filter(x => uri.startsWith(x.endsWith('/') ? x : x + '/')).sort((a, b) => b.length - a.length)[0];
    const dec = (s: string): string => { try { return decodeURIComponent(s); } catch { return s; } };
    if (!f) return dec(uri.replace(/^file:\/\//, ''));
    const rel = dec(uri.slice(f.length + (f.endsWith('/') ? 0 : 1)));
    return this.folders.length > 1 ? `${dec(f.replace(/\/$/, '').slice(f.replace(/\/$/, '').lastIndexOf('/') + 1))}/${rel}` : rel;
  }

  /** A planned file as a source for the core's readers (decompressed when it is gzip). */
  source(f: PlannedFile): Source {
    const disk = this.disk!;
    return { path: f.uri, modified: f.modified, open: async () => (await disk.readStream(f.uri)).chunks };
  }

  private async build(): Promise<void> {
    const gen = ++this.generation;
    if (!this.settings.enabled || !this.disk) { for (const p of this.index.paths) this.index.removeFile(p); return; }
    const t0 = Date.now();
    const plan = await this.plan();
    const notes = plan.notes;
    const total = plan.sets.reduce((a, s) => a + s.reduce((b, x) => b + x.size, 0), 0);
    const p = await this.progress('SMTP Log: indexing the workspace');
    let read = 0;
    const keep = new Set<string>();
    try {
      for (const set of plan.sets) {
        if (gen !== this.generation) return;
        await this.readSet(set.map(x => x.uri), new TrailCollector(this.index), undefined, (n) => { read += n; p.report(`${Math.round(read / 1048576)} of ${Math.round(total / 1048576)} MB`, total ? Math.min(100, Math.round(read / total * 100)) : undefined); });
        this.sets.set(rotationOf(set[0].uri).base, set.map(x => x.uri));
        for (const x of set) keep.add(x.uri);
      }
    } finally { p.done(); }
    for (const old of this.index.paths) if (!keep.has(old) && this.disk) this.index.removeFile(old);
    this.notes = notes;
    this.bytesRead = read;
    const st = this.index.stats();
    this.log(`workspace index: ${st.files} files, ${st.traces} messages, ${st.keys} ids in ${Date.now() - t0} ms${notes.length ? '; ' + notes.join(' ') : ''}`);
  }

  /** One rotated set through one stream (the core's readSources, as the CLI and the workspace summary read); the collector sees its traces (and, when indexing, files them). */
  private async readSet(uris: string[], collector: TrailCollector, _keep: Set<string> | undefined, onBytes?: (n: number) => void): Promise<void> {
    const disk = this.disk!;
    const sources = uris.map(uri => {
      const src: Source = { path: uri, open: async () => { const f = await disk.readStream(uri); src.modified = f.modified; return f.chunks; } };
      return src;
    });
    const r = await readSources([sources], {
      onRecord: () => undefined, types: new Set(), blockChars: 1 << 20, ...collector.hooks(),
      onFile: path => collector.touch(path), onBytes: n => onBytes?.(n), between: this.yieldNow, skipUnknown: true,
    });
    for (const e of r.errors) this.log(`workspace index: cannot read ${e.path}: ${e.message}`);
    collector.commit();
  }

  /**
   * A file changed, was created or deleted: its rotated set alone is read again, a few seconds after the
   * last change (a log being written changes all the time; the set is not re-read on every line).
   */
  changed(uri: string, deleted: boolean, folderOf: (uri: string) => string | undefined): void {
    if (!this.disk || !this.settings.enabled) return;
    const folder = folderOf(uri);
    if (!folder) return;
    const base = folder.endsWith('/') ? folder : folder + '/';
    if (!this.selected(decodeURIComponent(uri.slice(base.length)))) return;
    const key = rotationOf(uri).base;
    const set = this.sets.get(key) ?? [];
    if (deleted) { this.index.removeFile(uri); this.sets.set(key, set.filter(x => x !== uri)); }
    else if (!set.includes(uri)) this.sets.set(key, [...set, uri].sort((a, b) => rotationOf(b).age - rotationOf(a).age));
    this.dirty.add(key);
    this.dirtyTimer?.dispose();
    this.dirtyTimer = this.timer.setTimeout(() => { void this.refresh(); }, 3000);
  }

  private async refresh(): Promise<void> {
    if (this.running) { await this.ready(); }
    const keys = [...this.dirty];
    this.dirty.clear();
    const job = (async () => {
      for (const k of keys) {
        const uris = this.sets.get(k) ?? [];
        if (uris.length) await this.readSet(uris, new TrailCollector(this.index), undefined);
        this.log(`workspace index: ${k} read again (${uris.length} file${uris.length === 1 ? '' : 's'})`);
      }
    })().catch(e => this.log(`workspace index refresh failed: ${String(e)}`));
    this.running = job.finally(() => { this.running = undefined; if (this.again) { this.again = false; this.rebuild(); } });
    await this.running;
  }

  /** Without a disk: an open document is indexed from its text (replacing what it held). */
  indexText(uri: string, text: string): void {
    if (this.disk) return;
    const collector = new TrailCollector(this.index);
    const stream = this.service.stream({ onRecord: () => undefined, types: new Set(), ...collector.hooks() });
    stream.beginFile({ path: uri });
    collector.touch(uri);
    stream.write(text);
    stream.end();
    collector.commit();
  }

  forget(uri: string): void { if (!this.disk) this.index.removeFile(uri); }

  occurrences(identifier: string, max = 10000): { result: Occurrence[]; limited: boolean } {
    return this.index.occurrences(keysForIdentifier(identifier), max);
  }

  /** The keys a position of a line stands for: the identifier under the cursor, else the first id of the line the index knows. */
  keysAt(lineText: string, character: number): string[] {
    const id = identifierAt(lineText, character);
    if (id) { const k = keysForIdentifier(id.text); if (k.some(x => this.index.occurrences([x], 1).result.length)) return k; }
    for (const m of lineText.slice(0, 4000).matchAll(/[0-9A-Za-z][0-9A-Za-z.@_+=-]{3,}/g)) {
      const k = keysForIdentifier(m[0]).filter(x => !x.startsWith('a:'));
      if (k.length && this.index.component(k, [], 1).traces.length) return k;
    }
    return [];
  }

  /** The trail of a query: the index finds the traces, their rotated sets are read again for the steps. */
  async trail(query: string, seedKeys?: string[]): Promise<TrailResponse> {
    await this.ready();
    const q = resolveQuery(this.index, query, 20, seedKeys);
    const wanted = new Set(q.groups.flat().map(traceId));
    const paths = new Set(q.groups.flat().map(t => t.path));
    const collector = new TrailCollector(undefined, wanted);
    if (this.disk) {
      const done = new Set<string>();
      for (const p of paths) {
        if (done.has(p)) continue;
        const set = this.sets.get(rotationOf(p).base) ?? [p];
        for (const x of set) done.add(x);
        await this.readSet(set, collector, wanted);
      }
    } else {
      for (const p of paths) { const t = this.openText?.(p); if (t !== undefined) { const s = this.service.stream({ onRecord: () => undefined, types: new Set(), ...collector.hooks() }); s.beginFile({ path: p }); s.write(t); s.end(); } }
    }
    const trails = q.groups.map((g, i) => {
      const ids = new Set(g.map(traceId));
      return buildTrail(collector.traces.filter(t => ids.has(traceId(t))), { query, joins: q.joins[i], notes: [...q.notes, ...this.notes, ...(this.disk ? [] : ['Without a disk (the web extension) only the open documents are searched.'])], assumptions: this.settings.assumptions });
    });
    const text = trails.length ? trails.map(trailText).join('\n' + '-'.repeat(72) + '\n\n') : `No message with ${query} was found in the ${this.disk ? 'workspace index' : 'open documents'} (${this.index.stats().traces} messages indexed).\n`;
    // links: each hop line of the text to its file and line
    const links: TrailResponse['links'] = [];
    const lines = text.split('\n');
    let li = 0;
    for (const t of trails) for (const h of t.hops) {
      const tag = `[${baseName(h.path)}:${h.line}]`;
      while (li < lines.length && !lines[li].includes(tag)) li++;
      if (li < lines.length) { links.push({ line: li, uri: h.path, targetLine: h.line - 1 }); li++; }
    }
    return { trails, text, proof: trails.map(t => t.proof).join('\n\n'), links, notes: q.notes };
  }

  /** Without a disk: the text of an open document (set by the server). */
  openText?: (uri: string) => string | undefined;
}
