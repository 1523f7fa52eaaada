// The documentation stays true: the rule list is generated from the registry, and the README
// names the two commands a newcomer needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageJsonWithRules, rulesMarkdown, rulesPropertyNames } from '../../scripts/gen-rules-doc';
import { RULE_IDS } from '../../server/src/checks/registry';
import { main } from '../../server/src/cli/main';
import { detectHostCpu } from '../../server/src/node/hostCpu';

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

test("README's `check examples/` sample is what the CLI prints", (t) => {
  // `auto` reads the CPU of a Xen dom0 (node/hostCpu.ts): there the host-specific lines may differ.
  if (detectHostCpu().vendor !== 'unknown') return t.skip('this machine is a Xen dom0: its CPU changes the output');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const sample = /```console\n\$ node dist\/cli\.js check examples\/\n([\s\S]*?)```/.exec(readme);
  assert.ok(sample, 'README.md has no `check examples/` sample');
  let out = '';
  const io = { stdout: { write: (x: string) => (out += x) }, stderr: { write: () => true }, stdin: 0 };
  const cwd = process.cwd();
  process.chdir(ROOT); // the sample shows paths relative to the checkout
  try {
    main(['check', 'examples/'], io);
  } finally {
    process.chdir(cwd);
  }
  assert.equal(sample[1], out, 'run: npm start, and paste its output into README.md');
});

test("README's Two commands: .ci/run installs every package the section names, and what the scripts install", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Two commands'), readme.indexOf('## The extension'));
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  const list = /^for pkg in ([^;]*); do$/m.exec(ci.replace(/\\\n\s*/g, ''));
  assert.ok(list, '.ci/run has no `for pkg in ...; do` list');
  const installed = new Set(list[1].split(/\s+/));
  const named = [...section.matchAll(/`([a-z0-9][a-z0-9+.-]*)`/g)].map((m) => m[1]);
  assert.ok(named.includes('libxen-dev') && named.includes('gcc'), named.join());
  for (const pkg of named) assert.ok(installed.has(pkg), `README names ${pkg}; .ci/run does not install it`);
  for (const pkg of installed) assert.ok(named.includes(pkg), `.ci/run installs ${pkg}; README does not name it`);
  // What npm test's scripts install when missing is installed by .ci/run first.
  for (const script of ['test.sh', 'e2e.sh']) {
    const text = readFileSync(join(ROOT, 'scripts', script), 'utf8');
    for (const m of text.matchAll(/missing\+=\(([^)]*)\)/g))
      for (const pkg of m[1].split(/\s+/).filter(Boolean))
        assert.ok(installed.has(pkg), `scripts/${script} installs ${pkg}; .ci/run does not`);
  }
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
