// Every rule module, in the order their diagnostics are computed. Adding a rule module means
// adding it here; its ids then reach severities, suppressions and the documentation.
import type { RuleInfo, RuleModule } from './rule';
import { forceX2apicRules } from './rules/forceX2apic';
import { keyRules } from './rules/keys';
import { relationRules } from './rules/relations';
import { specRules } from './rules/specs';
import { valueRules } from './rules/values';
import { syntaxRules } from './rules/syntax';

export const RULE_MODULES: readonly RuleModule[] = [syntaxRules, keyRules, valueRules, relationRules, specRules, forceX2apicRules];

export const RULES: readonly RuleInfo[] = RULE_MODULES.flatMap((m) => m.rules);

/** Ids reported outside the rule modules: by the suppression pass, the check itself and the cap on problems. */
export const OTHER_RULES: readonly RuleInfo[] = [
  { id: 'directive/unused', severity: 'warning', summary: 'A suppression comment that suppresses nothing.' },
  { id: 'directive/unknown-rule', severity: 'warning', summary: 'A suppression comment naming an id that does not exist.' },
  { id: 'internal/error', severity: 'information', summary: 'A check crashed on this file; the others still ran.' },
  {
    id: 'internal/too-many-problems',
    severity: 'information',
    summary: 'More problems than the cap (`--max-problems`, `xlcfg.validate.maxProblems`): the first are shown, this entry counts the rest.',
  },
];

/** Every id a diagnostic can carry. */
export const ALL_RULES: readonly RuleInfo[] = [...RULES, ...OTHER_RULES];

export const RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((r) => r.id));

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}
