// The contract every rule module fulfils: read the parsed file and the domain view, report
// diagnostics by offset. Rules know nothing of LSP or the CLI; adding one touches only rules/
// and the registry.
import type { Claim, OffsetFix, Severity } from '../diagnostic';
import type { RuleId, RuleMeta } from '../rules';
import type { Domain } from '../domain/domain';
import type { XlcfgOptions } from '../options';
import type { ConfigFile } from '../syntax/tree';
import type { XlResult } from '../xl/parseConfigData';
import type { LibxlCreateResult } from '../libxl/createReport';

export type { OffsetEdit, OffsetFix } from '../diagnostic';

/** A rule of the catalogue (server/src/rules.ts) with its id. */
export interface RuleInfo extends RuleMeta {
  id: RuleId;
}

/**
 * What a rule reports: an OffsetDiagnostic (diagnostic.ts) but for one convenience, resolved by
 * toDiagnostic: the severity defaults to the rule's. (`id` is the diagnostic's `code`.)
 */
export interface Report {
  id: RuleId;
  start: number;
  end: number;
  message: string;
  /** Overrides the rule's default severity for this one report. */
  severity?: Severity;
  fixes?: OffsetFix[];
  unnecessary?: boolean;
  deprecated?: boolean;
  claim?: Claim;
}

export interface RuleContext {
  file: ConfigFile;
  /** What xl does with the file: rules read its reports, never the settings' values again. */
  xl: XlResult;
  /** What libxl does at creation with the config xl built. */
  libxl: LibxlCreateResult;
  domain: Domain;
  options: XlcfgOptions;
  report(r: Report): void;
  /**
   * Whether a report of `id` would be kept. False past the file's problem budget: the report is
   * then counted as found, and the rule must not make it (this spares costly messages, such as the
   * nearest-key search of thousands of distinct unknown keys).
   */
  keeps(id: RuleId): boolean;
}

export interface RuleModule {
  name: string;
  /**
   * Reasons about keys that are absent or about defaults: run only when the file parses, since
   * statements xl rejects are missing from the settings and would cause a cascade.
   */
  needsCompleteFile?: boolean;
  check(ctx: RuleContext): void;
}
