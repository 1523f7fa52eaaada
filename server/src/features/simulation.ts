// From a checked document to the one simulation object that the CLI prints, the hover renders and
// the preview draws. Nothing downstream recomputes anything.
import { simulateDomain } from '../boot/fromDomain';
import type { Simulation } from '../boot/simulate';
import type { CheckResult } from '../checks/check';
import type { Diagnostic } from '../diagnostic';
import type { Domain, Fact } from '../domain/domain';

export interface ChainItem {
  role: 'host-cpu' | 'xen' | 'guest-type' | 'firmware' | 'bootloader' | 'os';
  value: string;
  /** Where xlcfg got it: "key `type`", "comment directive", "setting …", "default", "guess …". */
  source: string;
  sourceKind: string;
}

export interface SimulationView extends Omit<Simulation, 'chain'> {
  file: string;
  /** The guest as xlcfg understood it, each fact with its origin. */
  chain: ChainItem[];
  /** Boot stages (profile ids) in the order they ran. */
  stages: string[];
  /** force_x2apic is a proposed option: the simulation assumes a Xen with the RFC applied. */
  assumesPatchedXen: boolean;
  /** The same config simulated with the flag toggled. */
  compare?: { forceX2apic: boolean; outcome: string; stage: string; confidence: string; explanation: string };
  /** The force-x2apic/* diagnostics of this document. */
  diagnostics: Diagnostic[];
}

function item(role: ChainItem['role'], fact: Fact<string>): ChainItem {
  return { role, value: fact.value, source: fact.source.detail, sourceKind: fact.source.kind };
}

export interface SimulateOptions {
  file?: string;
  /** Override the flag (the preview's on/off comparison). */
  forceX2apic?: boolean;
  /** Also simulate with the flag toggled. */
  compare?: boolean;
}

export function simulateDocument(result: CheckResult, opts: SimulateOptions = {}): SimulationView {
  const { domain } = result;
  const force = opts.forceX2apic ?? domain.forceX2apic.enabled;
  const sim = simulateDomain(domain, { forceX2apic: force });
  const { chain: stages = [], ...rest } = sim;
  const view: SimulationView = {
    file: opts.file ?? '',
    ...rest,
    stages,
    chain: [
      item('host-cpu', domain.hostCpu),
      item('xen', domain.xenVersion),
      item('guest-type', domain.type),
      item('firmware', domain.firmware),
      item('bootloader', domain.bootloader),
      item('os', domain.os),
    ],
    assumesPatchedXen: force,
    diagnostics: result.diagnostics.filter((d) => d.code.startsWith('force-x2apic/')),
  };
  if (opts.compare) {
    const other = simulateDomain(domain, { forceX2apic: !force });
    view.compare = { forceX2apic: !force, outcome: other.boot.outcome, stage: other.boot.stage, confidence: other.boot.confidence, explanation: other.boot.explanation };
  }
  return view;
}
