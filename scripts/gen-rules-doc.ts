// Writes docs/rules.md from the rule registry, so the documented ids and severities cannot drift
// from the code (test/unit/docs.test.ts checks the file is current).
// Usage: node --import tsx scripts/gen-rules-doc.ts > docs/rules.md
import { OTHER_RULES, RULE_MODULES } from '../server/src/checks/registry';
import type { RuleInfo } from '../server/src/checks/rule';
import { RULES_DOC_URL } from '../server/src/checks/ruleDocs';

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
    'Generated from `server/src/checks/registry.ts` by `scripts/gen-rules-doc.ts`.',
    '',
  ];
  const group = (name: string, rules: readonly RuleInfo[]): void => {
    out.push(`## ${name}`, '');
    for (const r of rules) out.push(`### ${r.id}`, '', `Default: ${r.severity}. ${r.summary}`, '');
  };
  for (const mod of RULE_MODULES) group(mod.name, mod.rules);
  group('directives and limits', OTHER_RULES);
  return out.join('\n');
}

if (require.main === module) process.stdout.write(rulesMarkdown());
