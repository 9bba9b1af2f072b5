// Prints the field table of the records (README's "Records" section) from docs/schema/records.schema.json:
// one row per key, the record types that always (●) or sometimes (○) carry it, its type and meaning.
// `node scripts/schema/fields-table.mjs` prints it; a unit test checks README.md holds the same table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function fieldsTable() {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/schema/records.schema.json'), 'utf8'));
  const types = ['reply', 'session', 'message', 'bounce'];
  const keys = new Map();
  for (const t of types) {
    const def = schema.$defs[t];
    for (const [k, p] of Object.entries(def.properties)) {
      const e = keys.get(k) ?? { type: typeOf(p), description: '', marks: {} };
      if (e.type !== typeOf(p)) e.type = 'string'; // a constant per record type (event.dataset, smtp.record)
      if (!e.description && p.description) e.description = p.description;
      e.marks[t] = def.required?.includes(k) ? '●' : '○';
      keys.set(k, e);
    }
  }
  const rows = ['| key | type | reply | session | message | bounce | meaning |', '| --- | --- | :-: | :-: | :-: | :-: | --- |'];
  for (const [k, e] of keys) rows.push(`| \`${k}\` | ${e.type} | ${types.map(t => e.marks[t] ?? '').join(' | ')} | ${e.description.replace(/\|/g, '\\|').replace(/\s+/g, ' ')} |`);
  return rows.join('\n') + '\n';
}

function typeOf(p) {
  if (p.const !== undefined) return JSON.stringify(p.const);
  if (p.enum) return p.enum.map(v => JSON.stringify(v)).join(' \\| ');
  const t = Array.isArray(p.type) ? p.type : [p.type];
  return t.map(x => (x === 'array' ? `${typeOf(p.items)}[]` : x)).join(' \\| ');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.stdout.write(fieldsTable());
