// From a checked document to the one simulation object that the CLI prints, the hover renders and
// the preview draws. Nothing downstream recomputes anything.
import { simulateDomain } from '../boot/fromDomain';
import type { LockView, Simulation, VerdictKind } from '../boot/simulate';
import { DESIGNS, DESIGN_SUMMARY, type Design } from '../vlapic/design';
import type { CheckResult } from '../checks/check';
import { spanOf } from '../checks/keyPlace';
import type { Diagnostic, Range } from '../diagnostic';
import type { RuleId } from '../rules';
import type { Fact } from '../domain/domain';
import { formatPrinted } from '../xl/report';

export interface ChainItem {
  role: 'host-cpu' | 'xen' | 'design' | 'guest-type' | 'firmware' | 'bootloader' | 'os';
  value: string;
  /** Where xlcfg got it: "key `type`", "comment directive", "setting …", "default", "guess …". */
  source: string;
  sourceKind: string;
}

/** Why the domain is never created: xl refuses (or crashes on) the file, or libxl or Xen refuses it. */
export interface Refusal {
  /** xl reading the file; libxl at creation; Xen's domain-create hypercall (reported by libxl). */
  by: 'xl' | 'libxl' | 'xen';
  effect: 'refusal' | 'crash';
  /** Who stops the creation and how, in a few words ("xl refuses this config"): the CLI, the hover and the preview lead with it. */
  headline: string;
  rule: RuleId;
  /** xlcfg's one line. */
  message: string;
  /** What xl or libxl prints, in its own words (xl's lines with libxlu's `file:line: ` prefix). */
  printed: string[];
  range: Range;
  /** Only after the refusal listed before it is fixed: xl and libxl stop at the first. */
  afterEarlierExit?: boolean;
}

export interface SimulationView extends Omit<Simulation, 'chain'> {
  file: string;
  /**
   * xl and libxl would create the domain. When false, `refusals` says why (the one that stops it
   * first) and everything else describes what would happen if it were created.
   */
  created: boolean;
  /** Empty when `created`. */
  refusals: Refusal[];
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
  /** Every design simulated side by side (asked for by the preview and `--compare designs`). */
  designs?: DesignComparison;
}

/** One design's run of the same guest. */
export interface DesignRun {
  design: Design;
  summary: string;
  outcome: string;
  stage: string;
  confidence: string;
  explanation: string;
  lock: LockView;
  /** The force-x2apic rule that reports this run's outcome, if any. */
  rule?: RuleId;
  notes?: string[];
}

export interface DesignComparison {
  /** The flag the designs were compared under (on, even when the file leaves it off). */
  forceX2apic: true;
  /** The document itself has the flag off: the comparison shows what the designs would do. */
  flagAssumed: boolean;
  /** The design the rest of the view shows. */
  current: Design;
  runs: DesignRun[];
  /** What differs between the designs for this guest, one line each; empty when nothing does. */
  differences: string[];
  /** Why nothing (or only what the guest can read) differs. */
  note?: string;
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
  /** Also simulate every design (the preview's comparison, `--compare designs`). */
  compareDesigns?: boolean;
}

export function simulateDocument(result: CheckResult, opts: SimulateOptions = {}): SimulationView {
  const { domain } = result;
  const force = opts.forceX2apic ?? domain.forceX2apic.enabled;
  const sim = simulateDomain(domain, { forceX2apic: force });
  const { chain: stages = [], ...rest } = sim;
  const refusals = refusalsOf(result, opts.file ?? '');
  const view: SimulationView = {
    file: opts.file ?? '',
    created: result.xl.accepted && result.libxl.accepted,
    refusals,
    ...rest,
    stages,
    chain: [
      item('host-cpu', domain.hostCpu),
      item('xen', domain.xenVersion),
      item('design', domain.design),
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
    view.compare = {
      forceX2apic: !force,
      outcome: other.boot.outcome,
      stage: other.boot.stage,
      confidence: other.boot.confidence,
      explanation: other.boot.explanation,
    };
  }
  if (opts.compareDesigns) view.designs = compareDesigns(result);
  return view;
}

/** The rule a verdict is reported under: typed, so a verdict kind without its rule fails to compile. */
function verdictRule(kind: VerdictKind): RuleId {
  const id: `force-x2apic/${VerdictKind}` = `force-x2apic/${kind}`;
  return id;
}

const HEADLINES: Readonly<Record<Refusal['by'], Record<Refusal['effect'], string>>> = {
  xl: { refusal: 'xl refuses this config', crash: 'xl crashes on this config' },
  libxl: { refusal: 'libxl refuses to create the domain', crash: 'libxl aborts while creating the domain' },
  xen: { refusal: 'Xen refuses to create the domain', crash: 'Xen refuses to create the domain' },
};

/**
 * What stops the domain from being created, from the xl and libxl stages (not from the diagnostics:
 * a suppressed or downgraded rule does not change what xl does). xl's refusal comes first; libxl
 * only sees what xl accepted, so its refusals after an xl refusal count as "after an earlier exit",
 * and only those about keys the file sets are listed (as the libxl rules do).
 */
export function refusalsOf(result: CheckResult, file: string): Refusal[] {
  const { xl, libxl, file: config } = result;
  const source = baseName(file);
  const out: Refusal[] = [];
  const stops = (e: string): e is Refusal['effect'] => e === 'refusal' || e === 'crash';
  // A file libxlu cannot parse: the xl stage's first reports are libxlu's lines, placed on the
  // syntax errors they are about, then xl's "Failed to parse config".
  for (const r of xl.reports) {
    if (!stops(r.effect)) continue;
    // A warning libxlu prints at the same place just before (a list where xl needs one) belongs to it.
    const samePlace = (w: typeof r): boolean => w.rule === r.rule && w.start === r.start && w.end === r.end;
    const printed = xl.reports.filter((w) => w === r || (w.effect === 'warning' && samePlace(w)));
    out.push({
      by: 'xl',
      effect: r.effect,
      headline: HEADLINES.xl[r.effect],
      rule: r.rule,
      message: r.message,
      printed: printed.flatMap((w) => w.printed.map((p) => formatPrinted(p, source))),
      range: config.lines.range(r.start, r.end),
      ...(r.afterExit ? { afterEarlierExit: true } : {}),
    });
  }
  for (const r of libxl.reports) {
    if (!stops(r.effect)) continue;
    const at = spanOf(config, r.keys, true);
    if (!xl.accepted && at.key === undefined) continue;
    out.push({
      by: r.by,
      effect: r.effect,
      headline: HEADLINES[r.by][r.effect],
      // libxl's reports carry the id as a string (test/unit/rule-ids.test.ts checks every id is registered).
      rule: r.rule as RuleId,
      message: r.message,
      printed: [...r.printed],
      range: config.lines.range(at.start, at.end),
      ...(!xl.accepted || r.afterRefusal ? { afterEarlierExit: true } : {}),
    });
  }
  // The one that stops creation first leads (xl stops before libxl is reached).
  return out.filter((r) => !r.afterEarlierExit).concat(out.filter((r) => r.afterEarlierExit));
}

/** The name xl would print for `file` (a path, or a URI from the editor). */
function baseName(file: string): string {
  const base = file.replace(/^.*[/\\]/, '');
  if (!/^[a-z][a-z0-9+.-]*:/i.test(file)) return base;
  try {
    return decodeURIComponent(base);
  } catch {
    return base;
  }
}

/** The same guest under every design, and what differs between them. */
export function compareDesigns(result: CheckResult): DesignComparison {
  const { domain } = result;
  const runs: DesignRun[] = DESIGNS.map((design) => {
    const sim = simulateDomain(domain, { forceX2apic: true, design });
    const run: DesignRun = {
      design,
      summary: DESIGN_SUMMARY[design],
      outcome: sim.boot.outcome,
      stage: sim.boot.stage,
      confidence: sim.boot.confidence,
      explanation: sim.boot.explanation,
      lock: sim.lock,
    };
    if (sim.verdict) run.rule = verdictRule(sim.verdict.kind);
    if (sim.notes?.length) run.notes = sim.notes;
    return run;
  });
  const differences: string[] = [];
  const [a, b] = runs;
  const diff = (what: string, f: (r: DesignRun) => string): void => {
    if (f(a) !== f(b)) differences.push(`${what}: ${a.design} ${f(a)}, ${b.design} ${f(b)}`);
  };
  diff('lock advertised', (r) => (r.lock.advertised ? 'yes' : 'no'));
  diff('RDMSR 0x10A (ARCH_CAPABILITIES)', (r) => r.lock.archCapabilities);
  diff('RDMSR 0xBD (XAPIC_DISABLE_STATUS)', (r) => r.lock.xapicDisableStatus);
  diff('boot', (r) => `${r.outcome} at ${r.stage} (${r.confidence} confidence)`);
  diff('rule', (r) => r.rule ?? 'none');
  const comparison: DesignComparison = {
    forceX2apic: true,
    flagAssumed: !domain.forceX2apic.enabled,
    current: domain.design.value,
    runs,
    differences,
  };
  if (!differences.length) comparison.note = whyNoDifference(domain.type.value, domain.hostCpu.value);
  else if (a.outcome === b.outcome && a.stage === b.stage)
    comparison.note =
      'The guest sees the lock advertised, but nothing on its boot path reads it (firmware and OS profiles that never read MSR 0xBD behave as under rfc).';
  return comparison;
}

function whyNoDifference(type: string, host: string): string {
  if (type === 'pv') return 'A PV guest has no emulated local APIC: there is nothing to lock or advertise.';
  if (host === 'amd')
    return 'AMD host: there is no IA32_ARCH_CAPABILITIES to advertise the lock in, so every design behaves as rfc.';
  return 'Host CPU vendor unknown: the lock is advertised on Intel hosts only (say it with --host-cpu or `# xlcfg: host-cpu=`).';
}
