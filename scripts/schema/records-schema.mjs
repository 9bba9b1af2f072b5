// Writes docs/schema/records.schema.json from the record types in server/src/core/records/schema.ts
// (read with the TypeScript compiler: names, optional or required, types, literal enums, doc comments).
//   node scripts/schema/records-schema.mjs          write the file
//   node scripts/schema/records-schema.mjs --check  exit 1 when the file is not what the types give
// test/unit/recordsSchema.test.ts checks the file against the types on its own and validates every
// record the fixtures give against it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = path.join(ROOT, 'server/src/core/records/schema.ts');
const OUT = path.join(ROOT, 'docs/schema/records.schema.json');

/** Numbers that are whole: JSON Schema says `integer` for these, `number` for the rest. */
const INTEGER = new Set(['smtp.schema', 'log.file.line', 'log.offset', 'smtp.code', 'smtp.lines', 'smtp.messages_delivered',
  'smtp.recipients_refused', 'event.duration', 'smtp.attempt.code']);
/** ISO 8601 as the records write it: offset when the log gave one, none when it wrote local time. */
const ISO = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})?$';
const TIMES = new Set(['@timestamp', 'event.start', 'event.end', 'smtp.attempt.time']);
const TYPES = [['reply', 'ReplyRecord'], ['session', 'SessionRecord'], ['message', 'MessageRecord'], ['bounce', 'BounceRecord']];

function program() {
  const p = ts.createProgram([SOURCE], { target: ts.ScriptTarget.ES2022, strict: true, types: [], noEmit: true });
  const sf = p.getSourceFile(SOURCE);
  return { checker: p.getTypeChecker(), sf };
}

/** One TypeScript type as JSON Schema (no `null` handling of arrays' items beyond unions). */
function toSchema(checker, type, key) {
  if (type.isUnion()) {
    const parts = type.types;
    const lits = parts.filter(t => t.isStringLiteral());
    const nul = parts.some(t => t.flags & ts.TypeFlags.Null);
    const rest = parts.filter(t => !t.isStringLiteral() && !(t.flags & ts.TypeFlags.Null));
    if (parts.every(t => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    if (lits.length && !rest.length) return nul ? { enum: [...lits.map(t => t.value), null] } : { type: 'string', enum: lits.map(t => t.value) };
    if (rest.length === 1 && nul) {
      const s = toSchema(checker, rest[0], key);
      return { ...s, type: [s.type, 'null'] };
    }
    throw new Error(`${key}: union ${checker.typeToString(type)} has no JSON Schema mapping here`);
  }
  if (type.isStringLiteral()) return { const: type.value };
  if (type.flags & ts.TypeFlags.String) return TIMES.has(key) ? { type: 'string', pattern: ISO } : { type: 'string' };
  if (type.flags & ts.TypeFlags.Number) return { type: INTEGER.has(key) ? 'integer' : 'number' };
  if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
  if (checker.isArrayType(type)) return { type: 'array', items: toSchema(checker, checker.getTypeArguments(type)[0], key) };
  throw new Error(`${key}: ${checker.typeToString(type)} has no JSON Schema mapping here`);
}

export function buildSchema() {
  const { checker, sf } = program();
  const version = Number(/export const SCHEMA_VERSION = (\d+);/.exec(sf.text)[1]);
  const byName = new Map();
  ts.forEachChild(sf, n => { if (ts.isInterfaceDeclaration(n)) byName.set(n.name.text, n); });
  const defs = {};
  for (const [record, name] of TYPES) {
    const decl = byName.get(name);
    const type = checker.getTypeAtLocation(decl);
    const properties = {}, required = [];
    // the fields every record has first, in the order BaseRecord declares them, then the type's own
    const baseOrder = checker.getPropertiesOfType(checker.getTypeAtLocation(byName.get('BaseRecord'))).map(s => s.getName());
    const rank = k => (baseOrder.includes(k) ? baseOrder.indexOf(k) : baseOrder.length);
    const syms = checker.getPropertiesOfType(type).map((s, i) => [s, i]).sort((a, b) => rank(a[0].getName()) - rank(b[0].getName()) || a[1] - b[1]).map(x => x[0]);
    for (const sym of syms) {
      const key = sym.getName();
      const t = checker.getTypeOfSymbolAtLocation(sym, decl);
      let s;
      if (key === 'smtp.record') s = { const: record };
      else if (key === 'event.dataset') s = { const: `smtp.${record}` };
      else if (key === 'smtp.schema') s = { const: version };
      else s = toSchema(checker, (sym.flags & ts.SymbolFlags.Optional) ? checker.getNonNullableType(t) : t, key);
      const doc = ts.displayPartsToString(sym.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
      properties[key] = doc ? { description: doc, ...s } : s;
      if (!(sym.flags & ts.SymbolFlags.Optional)) required.push(key);
    }
    const doc = ts.displayPartsToString(checker.getSymbolAtLocation(decl.name).getDocumentationComment(checker)).trim();
    defs[record] = { title: `${record} record`, description: doc, type: 'object', properties, required, additionalProperties: false };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://smtp-log-analyzer.invalid/schema/records-v${version}.schema.json`,
    title: 'SMTP Log Analyzer records',
    description: 'One record per line of `smtp-log export --format ndjson`: reply, session, message or bounce (`smtp.record`). '
      + 'Flat dotted keys, Elastic Common Schema names where ECS has them. Written from server/src/core/records/schema.ts by '
      + 'scripts/schema/records-schema.mjs; `smtp.schema` is the version.',
    oneOf: TYPES.map(([record]) => ({ $ref: `#/$defs/${record}` })),
    $defs: defs,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = JSON.stringify(buildSchema(), null, 2) + '\n';
  if (process.argv.includes('--check')) {
    const now = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (now !== text) { console.error(`${path.relative(ROOT, OUT)} is out of date: run node scripts/schema/records-schema.mjs`); process.exit(1); }
    console.log(`${path.relative(ROOT, OUT)} is up to date`);
  } else {
    fs.writeFileSync(OUT, text);
    console.log(`wrote ${path.relative(ROOT, OUT)}`);
  }
}
