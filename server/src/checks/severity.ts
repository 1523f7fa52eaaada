// Per-rule severity overrides from settings, xlcfg.json or `--rule id=level`. `off` drops the
// diagnostic; `prefix/*` applies to every rule of a group.
import type { Diagnostic } from '../diagnostic';
import type { RuleLevel } from '../options';

/** The level `rules` set for `code`: its own entry, else the longest `group/*` that matches. */
export function ruleLevel(code: string, rules: Record<string, RuleLevel>): RuleLevel | undefined {
  let level: RuleLevel | undefined = rules[code];
  if (level === undefined) {
    let best = -1;
    for (const pattern in rules) {
      if (pattern.endsWith('/*') && code.startsWith(pattern.slice(0, -1)) && pattern.length > best) {
        best = pattern.length;
        level = rules[pattern];
      }
    }
  }
  return level;
}

export function applySeverities(diagnostics: Diagnostic[], rules: Record<string, RuleLevel>): Diagnostic[] {
  if (Object.keys(rules).length === 0) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const level = ruleLevel(d.code, rules);
    if (level === 'off') continue;
    out.push(level ? { ...d, severity: level } : d);
  }
  return out;
}

export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'information', 'warning', 'error'];

export function isRuleLevel(s: unknown): s is RuleLevel {
  return typeof s === 'string' && (RULE_LEVELS as readonly string[]).includes(s);
}
