// Every rule module, in the order their diagnostics are computed. Adding a rule module means
// adding it here; its ids then reach severities, suppressions and the documentation.
import type { RuleInfo, RuleModule } from './rule';
import { forceX2apicRules } from './rules/forceX2apic';
import { keyRules } from './rules/keys';
import { relationRules } from './rules/relations';
import { specRules } from './rules/specs';
import { xlRules } from './rules/xl';
import { syntaxRules } from './rules/syntax';

export const RULE_MODULES: readonly RuleModule[] = [syntaxRules, keyRules, xlRules, relationRules, specRules, forceX2apicRules];

export const RULES: readonly RuleInfo[] = RULE_MODULES.flatMap((m) => m.rules);

export const RULE_IDS: ReadonlySet<string> = new Set([...RULES.map((r) => r.id), 'directive/unused', 'directive/unknown-rule', 'internal/error']);

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}
