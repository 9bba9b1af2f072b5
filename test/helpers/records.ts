/** Records of the project's fixtures, streamed through the core's LogStream as `smtp-log export` does. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogStream } from '../../server/src/core/stream/reader';
import type { LogRecord } from '../../server/src/core/records/schema';

export const ROOT = path.join(__dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');

/** Every log and bounce under test/fixtures (not the scripts and READMEs that made them), sorted. */
export function fixtureFiles(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtureFiles(p));
    else if (!/\.(py|md|sh)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/**
 * The records of each file, each file its own set (as unrelated logs on the command line are), written
 * in small chunks so that block and chunk boundaries fall inside lines. Paths are relative to the repo.
 */
export function fixtureRecords(chunk = 4096): { records: LogRecord[]; perFile: Map<string, number> } {
  const records: LogRecord[] = [];
  const perFile = new Map<string, number>();
  const s = new LogStream({ onRecord: r => records.push(r) });
  for (const file of fixtureFiles()) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const bytes = fs.readFileSync(file);
    const before = records.length;
    s.beginFile({ path: rel, modified: new Date(Date.UTC(2026, 11, 1)) });
    for (let i = 0; i < bytes.length; i += chunk) s.write(bytes.subarray(i, i + chunk));
    s.endSet();
    perFile.set(rel, records.length - before);
  }
  s.end();
  return { records, perFile };
}
