/**
 * A folder like a mail admin's: the two generated postfix logs split into rotated sets (an older part
 * gzipped, as logrotate leaves them), the bounces mx-a wrote, and the Exchange Send log of one host with
 * the Receive log of the next. Made at test time in a temp dir from the project's own fixtures.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const ROOT = path.join(__dirname, '../../..');
export const GEN = path.join(ROOT, 'test/fixtures/generated');
export const EXCHANGE = path.join(ROOT, 'test/fixtures/exchange');

/** Lines [from, to) of a fixture file, with their line ending. */
function part(file: string, from: number, to?: number): string {
  const lines = fs.readFileSync(file, 'utf8').split(/(?<=\n)/);
  return lines.slice(from, to).join('');
}

export interface TrailFolder { dir: string; mxA: { older: string; newer: string; split: number }; mxB: { older: string; newer: string; split: number } }

export function makeTrailFolder(): TrailFolder {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-trail-'));
  fs.mkdirSync(path.join(dir, 'mx-a')); fs.mkdirSync(path.join(dir, 'mx-b')); fs.mkdirSync(path.join(dir, 'bounces')); fs.mkdirSync(path.join(dir, 'exchange'));
  const a = path.join(GEN, 'postfix-maillog-mx-a.log'), b = path.join(GEN, 'postfix-maillog-mx-b.log');
  // mx-a: mail.log.1.gz holds lines 1-60, mail.log the rest; mx-b: mail.log.2.gz 1-70, mail.log.1 the rest
  fs.writeFileSync(path.join(dir, 'mx-a/mail.log.1.gz'), zlib.gzipSync(part(a, 0, 60)));
  fs.writeFileSync(path.join(dir, 'mx-a/mail.log'), part(a, 60));
  fs.writeFileSync(path.join(dir, 'mx-b/mail.log.2.gz'), zlib.gzipSync(part(b, 0, 70)));
  fs.writeFileSync(path.join(dir, 'mx-b/mail.log.1'), part(b, 70));
  for (const f of fs.readdirSync(GEN)) if (/^postfix-dsn-.*\.eml$/.test(f)) fs.copyFileSync(path.join(GEN, f), path.join(dir, 'bounces', f));
  for (const f of ['SEND20261124-ex01.LOG', 'RECV20261124-ex02.LOG']) fs.copyFileSync(path.join(EXCHANGE, f), path.join(dir, 'exchange', f));
  return { dir, mxA: { older: 'mx-a/mail.log.1.gz', newer: 'mx-a/mail.log', split: 60 }, mxB: { older: 'mx-b/mail.log.2.gz', newer: 'mx-b/mail.log.1', split: 70 } };
}
