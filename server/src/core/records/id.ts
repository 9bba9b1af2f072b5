/**
 * Deterministic record ids: a 64-bit hash (two FNV-1a 32-bit lanes) of the record type, the file's name
 * without its folder and rotation suffix (`mail.log.2.gz` -> `mail.log`), the byte offset of the line
 * the record stands on and that line's text. The same file loaded twice, renamed by rotation or read
 * through gzip gives the same ids, so a database that keys on `event.id` never duplicates rows; two logs
 * of other names that start alike (transcripts without times) do not share ids.
 * Hand-written: the core runs in browsers too (no node:crypto) and this runs once per record.
 */
export function recordId(type: string, file: string, offset: number, line: string): string {
  let a = 0x811c9dc5, b = 0x9e3779b9 ^ offset;
  const mix = (c: number): void => {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995); b ^= b >>> 15;
  };
  for (let i = 0; i < type.length; i++) mix(type.charCodeAt(i));
  mix(0);
  for (let i = 0; i < file.length; i++) mix(file.charCodeAt(i));
  const o = `:${offset}:`;
  for (let i = 0; i < o.length; i++) mix(o.charCodeAt(i));
  const n = Math.min(line.length, 256); // with the file, offset and type, the line's start tells two records apart
  for (let i = 0; i < n; i++) mix(line.charCodeAt(i));
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const ROTATION = /^(.*?)(?:([.-])(\d{8}|\d{1,4}))?(\.gz)?$/;

/** The rotated set a path belongs to (`/var/log/mail.log.2.gz` -> `/var/log/mail.log`) and its age in it (higher = older). */
export function rotationOf(path: string): { base: string; age: number } {
  const m = ROTATION.exec(path)!;
  const [, base, , n] = m;
  if (n === undefined) return { base, age: 0 };
  // numbered (mail.log.1, .2.gz): higher is older; dated (mail.log-20261207): earlier is older
  return n.length === 8 ? { base, age: 1e9 - Number(n) } : { base, age: Number(n) + 1 };
}

/** A file's name as ids use it: without its folder and its rotation suffix. */
export function fileKey(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return rotationOf(name).base;
}
