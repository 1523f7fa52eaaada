// Writes docs/rules.md from the rule catalogue (server/src/rules.ts), so the documented ids and
// severities cannot drift from the code (test/unit/docs.test.ts checks the file is current).
// Also writes the rule ids the `xlcfg.rules` setting offers in package.json.
// Usage: npm run gen:rules   (node --import tsx scripts/gen-rules-doc.ts --write)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../server/src/checks/registry';
import { RULES_DOC_URL } from '../server/src/checks/ruleDocs';
import { RULE_GROUPS } from '../server/src/rules';

const ROOT = join(__dirname, '..');

const GROUP_TITLES: Record<string, string> = {
  syntax: 'syntax: what libxlutil refuses to parse',
  key: 'key: keys xl does not know or does not read',
  value: 'value: values as xl reads them',
  xl: 'xl: other lines xl prints',
  relation: 'relation: keys read together, by xl or by libxl at creation',
  spec: 'spec: the strings with a language of their own',
  'force-x2apic': 'force-x2apic: the proposed option against the guest',
  directive: 'directive: xlcfg comments',
  internal: 'internal',
};

const GROUP_NOTES: Record<string, string> = {
  spec:
    'A key that takes a list of device strings, written as one string, creates no devices ' +
    '(`value/list-expected` says what xl does instead). The problems inside the string are still shown, ' +
    'as warnings starting `Once in a list:`, since xl will read them once the string is put in a list.',
};

export function rulesMarkdown(): string {
  const out: string[] = [
    '# xlcfg rules',
    '',
    'Every diagnostic carries one of these ids, the same in the editor, the CLI and suppression comments.',
    'Change a severity with the `xlcfg.rules` setting, `xlcfg.json` or `--rule id=level`; silence one line with',
    '`# xlcfg-disable-next-line <id>` or a whole file with `# xlcfg-disable <id>`. `group/*` matches a whole group.',
    '',
    `Each id has its own heading here, and every diagnostic links to it (\`${RULES_DOC_URL}#<anchor>\`, the`,
    'anchor being the id in lower case without `/`: `syntax/crlf` -> `#syntaxcrlf`).',
    '',
    "A diagnostic's message is one short line; the mechanism and the sources are here. What xl or libxl",
    'print, in their own words, goes with the diagnostic as related information (in editors that show it), and',
    'is shown by `xlcfg dry-run` and by **Xen: Show Effective Domain Config**.',
    '',
    'Generated from `server/src/rules.ts` by `scripts/gen-rules-doc.ts`.',
    '',
  ];
  for (const group of RULE_GROUPS) {
    const rules = RULES.filter((r) => r.id.startsWith(`${group}/`));
    if (!rules.length) continue;
    out.push(`## ${GROUP_TITLES[group] ?? group}`, '');
    if (GROUP_NOTES[group]) out.push(GROUP_NOTES[group], '');
    for (const r of rules) {
      out.push(`### ${r.id}`, '', `Default: ${r.severity}. ${r.summary}`, '');
      if (r.doc) out.push(r.doc, '');
    }
  }
  return out.join('\n');
}

/**
 * The JSON schema of the keys of `xlcfg.rules` (package.json): every rule id, then every group as
 * `group/*`, each with its summary, so the settings editor completes them and flags a typo.
 */
export function rulesPropertyNames(): { enum: string[]; markdownEnumDescriptions: string[] } {
  const groups = RULE_GROUPS.filter((g) => RULES.some((r) => r.id.startsWith(`${g}/`)));
  return {
    enum: [...RULES.map((r) => r.id), ...groups.map((g) => `${g}/*`)],
    markdownEnumDescriptions: [
      ...RULES.map((r) => `${r.summary} (default: ${r.severity})`),
      ...groups.map((g) => `Every \`${g}/\` rule.`),
    ],
  };
}

/** package.json with the rule ids of `xlcfg.rules` brought up to date. */
export function packageJsonWithRules(text: string): string {
  const pkg = JSON.parse(text);
  pkg.contributes.configuration.properties['xlcfg.rules'].propertyNames = rulesPropertyNames();
  return JSON.stringify(pkg, null, 2) + '\n';
}

if (require.main === module) {
  if (process.argv.includes('--write')) {
    writeFileSync(join(ROOT, 'docs/rules.md'), rulesMarkdown());
    const pkg = join(ROOT, 'package.json');
    writeFileSync(pkg, packageJsonWithRules(readFileSync(pkg, 'utf8')));
    console.log('wrote docs/rules.md and the xlcfg.rules ids in package.json');
  } else process.stdout.write(rulesMarkdown());
}
