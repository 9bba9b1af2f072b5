/**
 * Deterministic record ids: a 64-bit hash (two FNV-1a 32-bit lanes) of the record type, the byte offset
 * of the line it stands on and that line's text. The same file loaded twice, renamed by rotation or read
 * through gzip gives the same ids, so a database that keys on `event.id` never duplicates rows.
 * Hand-written: the core runs in browsers too (no node:crypto) and this runs once per record.
 */
export function recordId(type: string, offset: number, line: string): string {
  let a = 0x811c9dc5, b = 0x9e3779b9 ^ offset;
  const mix = (c: number): void => {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995); b ^= b >>> 15;
  };
  for (let i = 0; i < type.length; i++) mix(type.charCodeAt(i));
  const o = `:${offset}:`;
  for (let i = 0; i < o.length; i++) mix(o.charCodeAt(i));
  const n = Math.min(line.length, 4096);
  for (let i = 0; i < n; i++) mix(line.charCodeAt(i));
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
