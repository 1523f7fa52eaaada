// A rule's report seen as a Diagnostic. Rules report offsets; line/column positions and fix edits
// are resolved only when something reads them. A generated 1 MB file yields ~15k diagnostics of
// which the server publishes 1,000 and the user opens fixes for a handful: converting every range
// and every fix up front was a quarter of a check, most of it garbage collection.
import type { Claim, Diagnostic, Fix, Range, Severity } from '../diagnostic';
import type { RuleId } from '../rules';
import type { Assignment, ConfigFile } from '../syntax/tree';
import type { OffsetFix, Report } from './rule';

export class ReportedDiagnostic implements Diagnostic {
  readonly code: RuleId;
  readonly severity: Severity;
  readonly message: string;
  // Set only when true, so the own properties are those of a plain diagnostic literal.
  declare readonly unnecessary?: boolean;
  declare readonly deprecated?: boolean;
  declare readonly claim?: Claim;
  #file: ConfigFile;
  // The report's offsets (relative to the anchor statement's start when there is one, so they
  // follow it when an incremental re-parse moves it) and fixes, copied: the report object itself
  // is left to die young.
  readonly #anchor?: Assignment;
  readonly #start: number;
  readonly #end: number;
  readonly #given: Report['fixes'];
  #range?: Range;
  #fixes?: Fix[];

  constructor(file: ConfigFile, report: Report, severity: Severity, anchor?: Assignment) {
    this.code = report.id;
    this.severity = severity;
    this.message = report.message;
    if (report.unnecessary) (this as { unnecessary?: boolean }).unnecessary = true;
    if (report.deprecated) (this as { deprecated?: boolean }).deprecated = true;
    if (report.claim) (this as { claim?: Claim }).claim = report.claim;
    this.#file = file;
    this.#anchor = anchor;
    const base = anchor ? anchor.start : 0;
    this.#start = report.start - base;
    this.#end = report.end - base;
    this.#given = report.fixes;
  }

  /** The same diagnostic in a later parse that kept its anchor statement (see reportStatement). */
  rebind(file: ConfigFile): void {
    this.#file = file;
    this.#range = undefined;
    this.#fixes = undefined;
  }

  /** Offset of the start in the document text (for sorting without resolving positions). */
  get startOffset(): number {
    return this.#start + (this.#anchor ? this.#anchor.start : 0);
  }

  get range(): Range {
    const base = this.#anchor ? this.#anchor.start : 0;
    return (this.#range ??= this.#file.lines.range(this.#start + base, this.#end + base));
  }

  get fixes(): Fix[] | undefined {
    if (this.#fixes) return this.#fixes.length ? this.#fixes : undefined;
    const given = this.#given;
    const base = this.#anchor ? this.#anchor.start : 0;
    const fixes: OffsetFix[] = (typeof given === 'function' ? given(this.#file, { start: this.#start + base, end: this.#end + base }) : given) ?? [];
    this.#fixes = fixes.map((f): Fix => {
      const fix: Fix = { title: f.title, edits: f.edits.map((e) => ({ range: this.#file.lines.range(e.start, e.end), newText: e.newText })) };
      if (f.preferred) fix.preferred = true;
      return fix;
    });
    return this.#fixes.length ? this.#fixes : undefined;
  }

  /** A plain object with the fields in the order of a diagnostic literal (JSON, postMessage, spreads). */
  toJSON(): Diagnostic {
    const d: Diagnostic = { code: this.code, severity: this.severity, message: this.message, range: this.range };
    const fixes = this.fixes;
    if (fixes) d.fixes = fixes;
    if (this.unnecessary) d.unnecessary = true;
    if (this.deprecated) d.deprecated = true;
    if (this.claim) d.claim = this.claim;
    return d;
  }
}

/** A plain copy of any diagnostic, resolving lazily computed fields. */
export function plainDiagnostic(d: Diagnostic): Diagnostic {
  return d instanceof ReportedDiagnostic ? d.toJSON() : { ...d };
}
