/**
 * What force_x2apic does to a guest, in one word the force-x2apic/* rules report: the boot outcome
 * of the simulation, attributed to a cause by re-running the same guest with one thing changed.
 * A cause is named only when changing it changes the outcome (or the stage where the boot stops),
 * and nothing is named when the guest stops the same way without the flag.
 */
import type { BootOutcome, Confidence } from './types';

/** The rule ids (force-x2apic/<kind>) a verdict can carry. */
export type VerdictKind =
  | 'pv'
  | 'cpuid-x2apic-hidden'
  | 'nox2apic'
  | 'seabios'
  | 'rombios'
  | 'ovmf'
  | 'netbsd'
  | 'boot';

export interface Verdict {
  kind: VerdictKind;
  outcome: BootOutcome;
  /** Profile id of the stage where the boot stops ('none' for PV). */
  stage: string;
  confidence: Confidence;
  /** How the same guest fares without force_x2apic. */
  without: { outcome: BootOutcome; stage: string };
}

/** Stages with a rule of their own; any other stop is reported as force-x2apic/boot. */
const STAGE_KINDS: Readonly<Record<string, VerdictKind>> = {
  seabios: 'seabios',
  rombios: 'rombios',
  ovmf: 'ovmf',
  netbsd: 'netbsd',
};

export interface Outcome {
  outcome: BootOutcome;
  stage: string;
}

const same = (a: Outcome, b: Outcome): boolean => a.outcome === b.outcome && a.stage === b.stage;

/**
 * `run(change)` simulates the guest with one change applied: 'flag-off', 'cpuid-visible' or
 * 'no-cmdline' (nox2apic/nopv removed).
 */
export function attribute(
  boot: Outcome & { confidence: Confidence },
  facts: { applicable: boolean; cpuidHidden: boolean; linuxWords: boolean },
  run: (change: 'flag-off' | 'cpuid-visible' | 'no-cmdline') => Outcome,
): Verdict | undefined {
  // The re-runs cost a whole boot each: none for a boot that succeeds.
  if (facts.applicable && boot.outcome === 'boots') return undefined;
  const without = run('flag-off');
  const base = { outcome: boot.outcome, stage: boot.stage, confidence: boot.confidence, without };
  if (!facts.applicable) return { kind: 'pv', ...base };
  if (same(boot, without)) return undefined;
  if (facts.cpuidHidden && !same(boot, run('cpuid-visible'))) return { kind: 'cpuid-x2apic-hidden', ...base };
  if (facts.linuxWords && boot.stage === 'linux' && !same(boot, run('no-cmdline')))
    return { kind: 'nox2apic', ...base };
  return { kind: STAGE_KINDS[boot.stage] ?? 'boot', ...base };
}
