// Every rule id the code can emit is registered in server/src/rules.ts (and so documented:
// docs.test.ts checks docs/rules.md has a section per registered id), and every registered id is
// one the code can emit. Most ids are typed (a Diagnostic's `code`, a rule's report, the parser's
// problems, the xl stage's reports are RuleIds), so tsc rejects an unregistered literal there; this
// test covers the rest: ids written as strings where the types do not reach, and ids built at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RULE_CATALOGUE, RULE_GROUPS, isRuleId } from '../../server/src/rules';
import { KEYS } from '../../server/src/schema/catalogue';
import { SPEC_LANGUAGES } from '../../server/src/specs/index';
import { specRuleId } from '../../server/src/xl/specItems';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'server', 'src');

function sources(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push({ file: path.relative(ROOT, p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(SRC);
  return out;
}

const GROUP = `(?:${RULE_GROUPS.map((g) => g.replace(/-/g, '\\-')).join('|')})`;
/** A quoted or backquoted `group/name` (or `group/*`), in code or in prose. */
const LITERAL = new RegExp(`(['"\`])(${GROUP}/[a-z0-9*-]+)(?=['"\`])`, 'g');
/** An id put together at run time: `group/${...}` or 'group/' + ... */
const BUILT = new RegExp(`\`(${GROUP}/)\\$\\{|['"](${GROUP}/)['"]\\s*\\+`, 'g');

/** Where ids are built at run time, and what makes each safe. */
const BUILT_SITES: Record<string, string> = {
  // spec/<language>: specRuleId throws for a language without a registered rule; checked below.
  'server/src/xl/specItems.ts': 'spec/',
  // force-x2apic/<verdict kind>: typed as a template literal assignable to RuleId.
  'server/src/features/simulation.ts': 'force-x2apic/',
};

const files = sources().filter((f) => f.file !== 'server/src/rules.ts');

test('every rule id written in the language core is registered', () => {
  const unknown: string[] = [];
  for (const { file, text } of files) {
    for (const m of text.matchAll(LITERAL)) {
      const id = m[2];
      const known = id.endsWith('/*')
        ? RULE_GROUPS.includes(id.slice(0, -2) as (typeof RULE_GROUPS)[number])
        : isRuleId(id);
      if (!known) unknown.push(`${file}: ${id}`);
    }
  }
  assert.deepEqual(unknown, []);
});

test('ids built at run time are built only where they are checked', () => {
  const sites = new Set<string>();
  for (const { file, text } of files) for (const m of text.matchAll(BUILT)) sites.add(`${file} ${m[1] ?? m[2]}`);
  assert.deepEqual(
    [...sites].sort(),
    Object.entries(BUILT_SITES)
      .map(([f, prefix]) => `${f} ${prefix}`)
      .sort(),
  );
});

test('every sub-language, and every key naming one, has its spec/ rule', () => {
  for (const syntax of Object.keys(SPEC_LANGUAGES)) assert.doesNotThrow(() => specRuleId(syntax), syntax);
  for (const k of KEYS) {
    if (k.syntax && SPEC_LANGUAGES[k.syntax]) assert.ok(isRuleId(specRuleId(k.syntax)), k.name);
  }
});

/** The text without its comment lines, so an id only mentioned in prose does not count as emitted. */
const code = (text: string): string => text.replace(/^\s*(\/\/|\/\*\*|\*).*$/gm, '');

test('every registered id is one the code can emit', () => {
  const written = new Set<string>();
  for (const { file, text } of files) {
    if (file.endsWith('.generated.ts')) continue; // data and prose
    for (const m of code(text).matchAll(LITERAL)) written.add(m[2]);
  }
  const built = new Set(Object.keys(SPEC_LANGUAGES).map(specRuleId));
  const dead = Object.keys(RULE_CATALOGUE).filter((id) => !written.has(id) && !built.has(id as never));
  assert.deepEqual(dead, []);
});
