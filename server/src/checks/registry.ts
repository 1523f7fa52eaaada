// Every rule module, in the order their diagnostics are computed, and the rule catalogue as a list.
// Adding a rule means adding its id to server/src/rules.ts (its severity and documentation live
// there) and reporting it from a module listed here.
import { RULE_CATALOGUE, type RuleId } from '../rules';
import type { RuleInfo, RuleModule } from './rule';
import { forceX2apicRules } from './rules/forceX2apic';
import { keyRules } from './rules/keys';
import { libxlRules } from './rules/libxl';
import { specRules } from './rules/specs';
import { xlRules } from './rules/xl';

export const RULE_MODULES: readonly RuleModule[] = [keyRules, xlRules, libxlRules, specRules, forceX2apicRules];

export const RULES: readonly RuleInfo[] = (Object.keys(RULE_CATALOGUE) as RuleId[]).map((id) => ({
  id,
  ...RULE_CATALOGUE[id],
}));

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

/** Every id a diagnostic can carry (the catalogue lists them all). */
export const ALL_RULES: readonly RuleInfo[] = RULES;

const BY_ID = new Map<string, RuleInfo>(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}
