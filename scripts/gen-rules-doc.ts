// Writes docs/rules.md from the rule catalogue (server/src/rules.ts), so the documented ids and
// severities cannot drift from the code (test/unit/docs.test.ts checks the file is current).
// Usage: node --import tsx scripts/gen-rules-doc.ts > docs/rules.md
import { RULES } from '../server/src/checks/registry';
import { RULES_DOC_URL } from '../server/src/checks/ruleDocs';
import { RULE_GROUPS } from '../server/src/rules';

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
    'Generated from `server/src/rules.ts` by `scripts/gen-rules-doc.ts`.',
    '',
  ];
  for (const group of RULE_GROUPS) {
    const rules = RULES.filter((r) => r.id.startsWith(`${group}/`));
    if (!rules.length) continue;
    out.push(`## ${GROUP_TITLES[group] ?? group}`, '');
    for (const r of rules) {
      out.push(`### ${r.id}`, '', `Default: ${r.severity}. ${r.summary}`, '');
      if (r.doc) out.push(r.doc, '');
    }
  }
  return out.join('\n');
}

if (require.main === module) process.stdout.write(rulesMarkdown());
