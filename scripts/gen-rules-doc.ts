// Writes docs/rules.md and the rule ids the `xlcfg.rules` setting offers in package.json, both from
// the rule registry, so the documented ids and severities cannot drift from the code
// (test/unit/docs.test.ts checks both are current).
// Usage: npm run gen:rules   (node --import tsx scripts/gen-rules-doc.ts --write)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_MODULES } from '../server/src/checks/registry';
import type { RuleInfo } from '../server/src/checks/rule';

const ROOT = join(__dirname, '..');

/** Ids reported outside the rule modules: by the suppressions, the check itself and the problem cap. */
const OTHER_RULES: readonly RuleInfo[] = [
  { id: 'directive/unused', severity: 'warning', summary: 'A suppression comment that suppresses nothing.' },
  { id: 'directive/unknown-rule', severity: 'warning', summary: 'A suppression comment naming an id that does not exist.' },
  { id: 'internal/error', severity: 'information', summary: 'A check crashed on this file; the others still ran.' },
  {
    id: 'internal/too-many-problems',
    severity: 'information',
    summary: 'The editor shows at most `xlcfg.validate.maxProblems` problems per file; this entry counts the rest.',
  },
];

export function rulesMarkdown(): string {
  const out: string[] = [
    '# xlcfg rules',
    '',
    'Every diagnostic carries one of these ids, the same in the editor, the CLI and suppression comments.',
    'Change a severity with the `xlcfg.rules` setting, `xlcfg.json` or `--rule id=level`; silence one line with',
    '`# xlcfg-disable-next-line <id>` or a whole file with `# xlcfg-disable <id>`. `group/*` matches a whole group.',
    '',
    'Generated from `server/src/checks/registry.ts` by `scripts/gen-rules-doc.ts`.',
    '',
  ];
  for (const mod of RULE_MODULES) {
    out.push(`## ${mod.name}`, '', '| id | default | what it reports |', '|---|---|---|');
    for (const r of mod.rules) out.push(`| \`${r.id}\` | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  out.push('## directives', '', '| id | default | what it reports |', '|---|---|---|');
  for (const r of OTHER_RULES) out.push(`| \`${r.id}\` | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} |`);
  return out.join('\n') + '\n';
}

/**
 * The JSON schema of the keys of `xlcfg.rules` (package.json): every rule id, then every group as
 * `group/*`, each with its summary, so the settings editor completes them and flags a typo.
 */
export function rulesPropertyNames(): { enum: string[]; markdownEnumDescriptions: string[] } {
  const rules = [...RULE_MODULES.flatMap((m) => m.rules), ...OTHER_RULES];
  const groups = [...new Set(rules.map((r) => r.id.slice(0, r.id.indexOf('/'))))];
  return {
    enum: [...rules.map((r) => r.id), ...groups.map((g) => `${g}/*`)],
    markdownEnumDescriptions: [
      ...rules.map((r) => `${r.summary} (default: ${r.severity})`),
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
