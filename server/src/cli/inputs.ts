/**
 * What the CLI reads: files, quoted globs, directories (recursive), `-` or nothing for stdin; `.gz`
 * decompressed on the fly (node:zlib, streamed, recognised by its magic bytes, not its name); rotated
 * sets (`mail.log`, `mail.log.1`, `mail.log.2.gz`, `mail.log-20261207`) grouped and ordered oldest first
 * so the engine stitches sessions and messages that cross a file boundary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { rotationOf } from '../core/smtpLanguageService';
import { gunzipped } from '../node/files';

export interface Input {
  /** what the user named (or "-" for stdin) */
  path: string;
  size?: number;
  modified?: Date;
  /** found by walking a directory (not named): skipped quietly when it is not a log */
  fromDirectory: boolean;
}

export class InputError extends Error {}

const GLOB = /[*?[]/;

/** Expand the arguments into inputs, grouped into rotated sets (each set oldest first). */
export function expandInputs(args: string[]): Input[][] {
  const out: Input[] = [];
  const seen = new Set<string>();
  const add = (p: string, fromDirectory: boolean): void => {
    if (seen.has(p)) return;
    seen.add(p);
    const st = fs.statSync(p);
    out.push({ path: p, size: st.size, modified: st.mtime, fromDirectory });
  };
  if (args.length === 0) args = ['-'];
  for (const a of args) {
    if (a === '-') { out.push({ path: '-', fromDirectory: false }); continue; }
    let st: fs.Stats | undefined;
    try { st = fs.statSync(a); } catch { st = undefined; }
    if (!st && GLOB.test(a)) {
      const found = glob(a);
      if (!found.length) throw new InputError(`no file matches ${a}`);
      for (const f of found) add(f, false);
      continue;
    }
    if (!st) throw new InputError(`cannot read ${a}: no such file or directory`);
    if (st.isDirectory()) {
      const files = walk(a);
      if (!files.length) throw new InputError(`${a} is an empty directory`);
      for (const f of files) add(f, true);
    } else add(a, false);
  }
  return rotatedSets(out);
}

/** Files under a directory, recursively, in name order; hidden entries are skipped. */
function walk(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string, depth: number): void => {
    if (depth > 32) return;
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p, depth + 1);
      else if (e.isFile()) out.push(p);
    }
  };
  visit(dir, 0);
  return out;
}

/** A glob (`*`, `?`, `[...]` in any segment, `**` for any depth), for shells that pass it quoted. */
function glob(pattern: string): string[] {
  const abs = path.isAbsolute(pattern);
  const parts = pattern.split(/[\\/]+/).filter((p, i) => p !== '' || i === 0);
  let dirs = [abs ? path.sep : '.'];
  let start = abs ? 1 : 0;
  if (!abs && parts[0] === '.') start = 1;
  for (let i = start; i < parts.length; i++) {
    const seg = parts[i];
    const last = i === parts.length - 1;
    const next: string[] = [];
    if (seg === '**') {
      for (const d of dirs) { next.push(d); for (const sub of subdirs(d)) next.push(sub); }
      dirs = next;
      continue;
    }
    const re = GLOB.test(seg) ? segmentRegex(seg) : undefined;
    for (const d of dirs) {
      if (!re) {
        const p = path.join(d, seg);
        if (fs.existsSync(p)) next.push(p);
        continue;
      }
      let names: string[];
      try { names = fs.readdirSync(d).sort(); } catch { continue; }
      for (const n of names) {
        if (!re.test(n) || (n.startsWith('.') && !seg.startsWith('.'))) continue;
        const p = path.join(d, n);
        if (!last) { try { if (fs.statSync(p).isDirectory()) next.push(p); } catch { /* gone */ } } else next.push(p);
      }
    }
    dirs = next;
  }
  return dirs.filter(p => { try { return fs.statSync(p).isFile(); } catch { return false; } });
}

function subdirs(d: string): string[] {
  const out: string[] = [];
  const visit = (x: string, depth: number): void => {
    if (depth > 32) return;
    let es: fs.Dirent[];
    try { es = fs.readdirSync(x, { withFileTypes: true }); } catch { return; }
    for (const e of es) if (e.isDirectory() && !e.name.startsWith('.')) { const p = path.join(x, e.name); out.push(p); visit(p, depth + 1); }
  };
  visit(d, 0);
  return out;
}

function segmentRegex(seg: string): RegExp {
  let re = '^';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') { const j = seg.indexOf(']', i + 1); if (j > i) { re += '[' + seg.slice(i + 1, j).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']'; i = j; } else re += '\\['; }
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/** Group inputs into rotated sets (in the order the first member was named); each set oldest first. */
export function rotatedSets(inputs: Input[]): Input[][] {
  const sets = new Map<string, Input[]>();
  for (const i of inputs) {
    const key = i.path === '-' ? `-#${sets.size}` : rotationOf(i.path).base;
    const s = sets.get(key);
    if (s) s.push(i); else sets.set(key, [i]);
  }
  const out = [...sets.values()];
  for (const s of out) s.sort((a, b) => rotationOf(b.path).age - rotationOf(a.path).age);
  return out;
}

/** The bytes of an input: a file or stdin, gunzipped when it starts with the gzip magic bytes. */
export async function openInput(i: Input): Promise<Readable> {
  return (await gunzipped(i.path === '-' ? process.stdin : fs.createReadStream(i.path, { highWaterMark: 1 << 20 }))).stream;
}
