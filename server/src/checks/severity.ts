// Per-rule severity overrides from settings, xlcfg.json or `--rule id=level`. `off` drops the
// diagnostic; `prefix/*` applies to every rule of a group.
import type { Diagnostic } from '../diagnostic';
import type { RuleLevel } from '../options';
import { plainDiagnostic } from './reportedDiagnostic';

export function applySeverities(diagnostics: Diagnostic[], rules: Record<string, RuleLevel>): Diagnostic[] {
  const entries = Object.entries(rules);
  if (entries.length === 0) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    let level: RuleLevel | undefined = rules[d.code];
    if (level === undefined) {
      let best = -1;
      for (const [pattern, l] of entries) {
        if (pattern.endsWith('/*') && d.code.startsWith(pattern.slice(0, -1)) && pattern.length > best) {
          best = pattern.length;
          level = l;
        }
      }
    }
    if (level === 'off') continue;
    out.push(level ? { ...plainDiagnostic(d), severity: level } : d);
  }
  return out;
}

export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'information', 'warning', 'error'];

export function isRuleLevel(s: unknown): s is RuleLevel {
  return typeof s === 'string' && (RULE_LEVELS as readonly string[]).includes(s);
}
