// The documentation stays true: the rule list is generated from the registry, and the README
// names the two commands a newcomer needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageJsonWithRules, rulesMarkdown, rulesPropertyNames } from '../../scripts/gen-rules-doc';
import { RULE_IDS } from '../../server/src/checks/registry';

const ROOT = join(__dirname, '..', '..');

test('docs/rules.md is generated from the current registry', () => {
  assert.equal(readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8'), rulesMarkdown(), 'run: npm run gen:rules');
});

test('the xlcfg.rules setting offers every rule id and group, generated from the registry', () => {
  const text = readFileSync(join(ROOT, 'package.json'), 'utf8');
  assert.equal(text, packageJsonWithRules(text), 'run: npm run gen:rules');
  const names = JSON.parse(text).contributes.configuration.properties['xlcfg.rules'].propertyNames;
  for (const id of RULE_IDS) assert.ok(names.enum.includes(id), id);
  for (const group of ['syntax/*', 'key/*', 'value/*', 'relation/*', 'spec/*', 'force-x2apic/*'])
    assert.ok(names.enum.includes(group), group);
  assert.equal(names.markdownEnumDescriptions.length, names.enum.length);
  assert.equal(new Set(names.enum).size, names.enum.length);
  assert.deepEqual(rulesPropertyNames(), names);
});

test('README gives the setup-and-run command and the test command, and .ci/run runs the same tests', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm test/);
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  assert.match(ci, /^npm test$/m);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.test, 'bash scripts/test.sh');
  assert.match(pkg.scripts.start, /dist\/cli\.js check examples/);
});

test('docs/rules.md has one heading per rule id, whose anchor is the one diagnostics link to', async () => {
  const { ALL_RULES } = await import('../../server/src/checks/registry');
  const { ruleAnchor } = await import('../../server/src/checks/ruleDocs');
  const doc = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
  const headings = [...doc.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual([...headings].sort(), ALL_RULES.map((r) => r.id).sort());
  // GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`.
  const slug = (h: string): string =>
    h
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
  const anchors = headings.map(slug);
  assert.equal(new Set(anchors).size, anchors.length, 'two rules share an anchor');
  for (const h of headings) assert.equal(ruleAnchor(h), slug(h));
});
