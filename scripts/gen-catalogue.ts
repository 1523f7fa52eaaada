// Generates server/src/schema/keys.generated.ts, the key catalogue the language server reads, from
// the data in data/keys/: keys.json (the facts per key, checked against keys.schema.json), keys.md
// (our prose: a one-line summary and notes per key) and usage.json (how many real configs set each
// key, from scripts/count-key-usage.ts). Besides the schema it checks what a schema cannot say:
// every key has its prose and only one, names are unique, references point at real keys and
// sub-languages. test/unit/schema-catalogue.test.ts fails while the generated file is not current.
//
//   npm run gen:catalogue            (node --import tsx scripts/gen-catalogue.ts [--check])
import Ajv from 'ajv';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyInfo, OtherName } from '../server/src/schema/types';
import { specFor } from '../server/src/specs/index';

const ROOT = join(__dirname, '..');
const DATA = join(ROOT, 'data/keys');
export const OUT = join(ROOT, 'server/src/schema/keys.generated.ts');

const MAN = 'https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html';
const XL_PARSE = 'https://github.com/xen-project/xen/blob/RELEASE-4.22.0/tools/xl/xl_parse.c';

/** A key as keys.json states it (see keys.schema.json). */
type KeyFacts = Omit<KeyInfo, 'manUrl' | 'summary' | 'notes' | 'uses'> & { manItem: string | null };

interface Inputs {
  facts: { keys: KeyFacts[]; otherNames: OtherName[] };
  schema: object;
  prose: string;
  usage: { counts: Record<string, number> };
}

export function readInputs(): Inputs {
  const json = (f: string) => JSON.parse(readFileSync(join(DATA, f), 'utf8'));
  const prose = readFileSync(join(DATA, 'keys.md'), 'utf8');
  return { facts: json('keys.json'), schema: json('keys.schema.json'), prose, usage: json('usage.json') };
}

/** Pod::Simple::XHTML's idify, which pod2html uses for the anchors of xl.cfg(5)'s items. */
export function podAnchor(heading: string): string {
  let t = heading.replace(/[<>&'"]/g, '').trim();
  if (/^[^a-zA-Z]+$/.test(t)) t = 'pod' + t;
  return t
    .replace(/^[^a-zA-Z]+/, '')
    .replace(/[^-a-zA-Z0-9_:.]+/g, '-')
    .replace(/[-:.]+$/, '');
}

/** keys.md: `## name` sections; the first paragraph is the summary, the rest the notes. */
export function parseProse(md: string): Map<string, { summary: string; notes?: string }> {
  const out = new Map<string, { summary: string; notes?: string }>();
  const sections = md.split(/^## /m).slice(1);
  for (const s of sections) {
    const nl = s.indexOf('\n');
    const name = s.slice(0, nl).trim();
    const paras = s
      .slice(nl + 1)
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (out.has(name)) throw new Error(`keys.md: two sections for ${name}`);
    if (!paras.length) throw new Error(`keys.md: ${name} has no summary`);
    if (paras[0].includes('\n')) throw new Error(`keys.md: the summary of ${name} must be one line`);
    out.set(name, paras.length > 1 ? { summary: paras[0], notes: paras.slice(1).join('\n\n') } : { summary: paras[0] });
  }
  return out;
}

const ENUM_KINDS = new Set(['enum', 'enum-or-string', 'enum-or-integer', 'boolean-or-enum', 'boolean-or-list']);

/** The catalogue entries, checked; throws with every problem found. */
export function buildCatalogue(inputs: Inputs): { keys: KeyInfo[]; otherNames: OtherName[] } {
  const problems: string[] = [];
  const ajv = new Ajv({ allErrors: true });
  if (!ajv.validate(inputs.schema, inputs.facts)) {
    for (const e of ajv.errors ?? []) problems.push(`keys.json${e.instancePath}: ${e.message}`);
    throw new Error(problems.join('\n'));
  }
  const { keys, otherNames } = inputs.facts;
  const prose = parseProse(inputs.prose);
  const names = keys.map((k) => k.name);
  const known = new Set(names);
  const proseOrder = [...prose.keys()];
  if (proseOrder.join() !== names.join()) {
    const missing = names.filter((n) => !prose.has(n));
    const extra = proseOrder.filter((n) => !known.has(n));
    const list = (names: string[]) => names.join(', ') || '-';
    const which = `missing: ${list(missing)}; unknown: ${list(extra)}`;
    problems.push(`keys.md must have one section per key of keys.json, in its order (${which})`);
  }
  if (known.size !== names.length) problems.push(`keys.json: duplicate key names`);
  const counts = inputs.usage.counts;
  for (const n of Object.keys(counts)) if (!known.has(n)) problems.push(`usage.json: ${n} is not a key`);

  const out: KeyInfo[] = [];
  for (const k of keys) {
    const at = `keys.json ${k.name}`;
    const enumLike = ENUM_KINDS.has(k.kind);
    // Other kinds may list their meaningful values too (usbversion 0..3, the items of mca_caps).
    if (enumLike && !k.enumValues) problems.push(`${at}: kind ${k.kind} needs enumValues`);
    if (!!k.enumValues !== !!k.enumMatch) problems.push(`${at}: enumValues and enumMatch go together`);
    for (const w of Object.keys(k.enumValuesUntil ?? {})) {
      if (!k.enumValues?.includes(w)) problems.push(`${at}: enumValuesUntil names ${w}, which is not in enumValues`);
    }
    if (!!k.fatal !== !!k.onBadValue) problems.push(`${at}: onBadValue goes with fatal, and only with it`);
    if (k.status === 'deprecated' && !k.replacedBy) problems.push(`${at}: a deprecated key names its replacement`);
    if (k.replacedBy && k.status === 'active') problems.push(`${at}: an active key has no replacement`);
    if ((k.status === 'ignored') !== !!k.ignoredWhy) problems.push(`${at}: ignoredWhy goes with status ignored`);
    if ((k.status === 'proposed') !== !!k.proposal || (k.status === 'proposed') !== (k.since === 'proposed')) {
      problems.push(`${at}: a proposed key has since "proposed" and a proposal, and only it`);
    }
    if (k.replacedBy && !known.has(k.replacedBy)) problems.push(`${at}: replacedBy ${k.replacedBy} is not a key`);
    if (!k.example.startsWith(`${k.name} = `)) problems.push(`${at}: the example must assign the key`);
    for (const s of k.syntax?.split('|') ?? []) {
      if (!specFor(s.trim())) problems.push(`${at}: no sub-language parser named ${s.trim()}`);
    }
    if (k.range && k.range.min > k.range.max) problems.push(`${at}: range min above max`);
    if (k.range?.checkedBy === 'none' && !k.range.note) problems.push(`${at}: a range no one checks needs a note`);
    const { manItem, ...facts } = k;
    const p = prose.get(k.name);
    out.push({
      ...facts,
      manUrl: manItem ? `${MAN}#${podAnchor(manItem)}` : XL_PARSE,
      summary: p?.summary ?? '',
      ...(p?.notes ? { notes: p.notes } : {}),
      uses: counts[k.name] ?? 0,
    });
  }
  const others: OtherName[] = [];
  for (const o of otherNames) {
    const at = `keys.json otherNames ${o.name}`;
    if (known.has(o.name)) problems.push(`${at}: is a key xl reads`);
    if (o.kind === 'removed' && (!o.since || !o.until || !o.replacement)) {
      problems.push(`${at}: a removed name needs since, until and replacement`);
    }
    if (o.kind === 'foreign' && !o.belongsTo) problems.push(`${at}: a foreign name needs belongsTo`);
    if (o.kind === 'suggested' && !known.has(o.key)) problems.push(`${at}: suggested for ${o.key}, which is not a key`);
    others.push(o);
  }
  const otherCount = new Set(otherNames.map((o) => o.name)).size;
  if (otherCount !== otherNames.length) problems.push('keys.json: duplicate names in otherNames');
  if (problems.length) throw new Error(problems.join('\n'));
  return { keys: out, otherNames: others };
}

/** A value as TypeScript source: JSON values, arrays and small objects on one line. */
function tsValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(tsValue).join(', ')}]`;
  if (v && typeof v === 'object') {
    const prop = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${prop(k)}: ${tsValue(x)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(v);
}

/** One entry, one field per line. */
function literal(obj: object, indent: string): string {
  const fields = Object.entries(obj).map(([k, v]) => `${indent}  ${k}: ${tsValue(v)},`);
  return `${indent}{\n${fields.join('\n')}\n${indent}}`;
}

/** The text of keys.generated.ts. */
export function catalogueSource(inputs: Inputs = readInputs()): string {
  const { keys, otherNames } = buildCatalogue(inputs);
  return [
    '// Generated by scripts/gen-catalogue.ts from data/keys/ (keys.json, keys.md, usage.json): do not edit.',
    '// Change the data and run `npm run gen:catalogue`.',
    "import type { KeyInfo, OtherName } from './types';",
    '',
    'export const KEY_DATA: readonly KeyInfo[] = [',
    ...keys.map((k) => literal(k, '  ') + ','),
    '];',
    '',
    'export const OTHER_NAME_DATA: readonly OtherName[] = [',
    ...otherNames.map((o) => literal(o, '  ') + ','),
    '];',
    '',
  ].join('\n');
}

if (require.main === module) {
  const text = catalogueSource();
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUT, 'utf8') === text;
    console.log(current ? 'keys.generated.ts is current' : 'keys.generated.ts is stale: run npm run gen:catalogue');
    process.exit(current ? 0 : 1);
  }
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}`);
}
