// Writes docs/rules.md from the rule registry, so the documented ids and severities cannot drift
// from the code (test/unit/docs.test.ts checks the file is current).
// Usage: node --import tsx scripts/gen-rules-doc.ts > docs/rules.md
import { RULE_MODULES } from '../server/src/checks/registry';

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
    // The mechanism, evidence and sources behind a rule: its messages stay one line.
    for (const r of mod.rules) if (r.doc) out.push(`### \`${r.id}\``, '', r.doc, '');
  }
  out.push('## directives', '', '| id | default | what it reports |', '|---|---|---|');
  out.push('| `directive/unused` | warning | A suppression comment that suppresses nothing. |');
  out.push('| `directive/unknown-rule` | warning | A suppression comment naming an id that does not exist. |');
  out.push('| `internal/error` | information | A check crashed on this file; the others still ran. |');
  out.push('| `internal/too-many-problems` | information | The editor shows at most `xlcfg.validate.maxProblems` problems per file; this entry counts the rest. |');
  return out.join('\n') + '\n';
}

if (require.main === module) process.stdout.write(rulesMarkdown());
