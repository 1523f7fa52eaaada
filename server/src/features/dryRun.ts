// `xlcfg dry-run` and the editor's Effective Domain Config: what `xl -N create` would print for
// this file and Xen release (the libxl domain config, uuid aside), what xl says on the way, and
// which values could not be computed without knowing the host.
import type { CheckResult } from '../checks/check';
import type { Range, Severity } from '../diagnostic';
import type { RuleId } from '../rules';
import { domainConfigJson, unknownPaths } from '../libxl/json';
import type { JsonValue } from '../libxl/jsonText';
import { formatPrinted } from '../xl/report';

export interface DryRunReport {
  severity: Severity;
  range: Range;
  /** xl's own words where it prints any (several lines joined by "\n"), else xlcfg's. */
  message: string;
  effect: 'warning' | 'refusal' | 'crash' | 'hang' | 'silent';
  rule: RuleId;
  /** Only after xl's first refusal: xl says this once that is fixed. */
  afterEarlierExit?: boolean;
}

export interface DryRun {
  file: string;
  /** The Xen version asked for. */
  xenVersion: string;
  /** The release whose xl was modelled (4.17 ... 4.22). */
  modelledRelease: string;
  accepted: boolean;
  reports: DryRunReport[];
  /** What xl -N create prints; null when xl refuses the file. */
  config: { [key: string]: JsonValue } | null;
  /** Values that depend on the host (CPUs, NUMA nodes) and are printed as null. */
  unknown: Array<{ path: string; reason: string }>;
}

const SEVERITY: Record<DryRunReport['effect'], Severity> = {
  refusal: 'error',
  crash: 'error',
  hang: 'error',
  warning: 'warning',
  silent: 'information',
};

export function dryRun(result: CheckResult, name: string): DryRun {
  const { xl, file } = result;
  const base = name.replace(/^.*\//, '');
  const reports = xl.reports.map((r): DryRunReport => {
    const out: DryRunReport = {
      severity: SEVERITY[r.effect],
      range: file.lines.range(r.start, r.end),
      message: r.printed.length ? r.printed.map((p) => formatPrinted(p, base)).join('\n') : r.message,
      effect: r.effect,
      rule: r.rule,
    };
    if (r.afterExit) out.afterEarlierExit = true;
    return out;
  });
  return {
    file: name,
    xenVersion: xl.target,
    modelledRelease: xl.release,
    accepted: xl.accepted,
    reports,
    config: xl.accepted ? domainConfigJson(xl.config, xl.release) : null,
    unknown: xl.accepted ? unknownPaths(xl.config) : [],
  };
}
