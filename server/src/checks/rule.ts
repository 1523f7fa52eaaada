// The contract every rule module fulfils: read the parsed file and the domain view, report
// diagnostics by offset. Rules know nothing of LSP or the CLI; adding one touches only rules/
// and the registry.
import type { Severity } from '../diagnostic';
import type { Domain } from '../domain/domain';
import type { XlcfgOptions } from '../options';
import type { Assignment, ConfigFile } from '../syntax/tree';

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** One line for the rule list in the README and hovers. */
  summary: string;
  /**
   * The mechanism, the evidence and the sources behind the rule, for docs/rules.md (markdown,
   * several sentences). Diagnostics stay one line; the why lives here and in the hover.
   */
  doc?: string;
}

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface OffsetFix {
  title: string;
  edits: OffsetEdit[];
  preferred?: boolean;
}

export type LazyFixes = (file: ConfigFile, span: { start: number; end: number }) => OffsetFix[];

export interface Report {
  id: string;
  start: number;
  end: number;
  message: string;
  /** Overrides the rule's default severity for this one report. */
  severity?: Severity;
  /**
   * The fixes, or a function that works them out when a client first asks (called at most once,
   * with the file and this report's span, while the file is current): most of a large file's
   * diagnostics are never opened, and one function can then serve every report of a kind.
   */
  fixes?: OffsetFix[] | LazyFixes;
  unnecessary?: boolean;
  deprecated?: boolean;
}

export interface RuleContext {
  file: ConfigFile;
  domain: Domain;
  options: XlcfgOptions;
  report(r: Report): void;
  /**
   * Report what follows from statement `a` alone (its key and fixed tables, nothing else in the
   * file or the options): for a resumable parse, `make(a)` runs once per statement object and the
   * diagnostic is kept for as long as the statement lives. An incremental re-parse keeps (and
   * moves) the statements an edit did not touch, so a large file's thousands of such reports cost
   * nothing per keystroke.
   * The report's offsets must lie within `a`; its fixes, if any, must be a function.
   */
  reportStatement(a: Assignment, make: (a: Assignment) => Report): void;
}

export interface RuleModule {
  name: string;
  rules: readonly RuleInfo[];
  /**
   * Reasons about keys that are absent or about defaults: run only when the file parses, since
   * statements xl rejects are missing from the settings and would cause a cascade.
   */
  needsCompleteFile?: boolean;
  check(ctx: RuleContext): void;
}
