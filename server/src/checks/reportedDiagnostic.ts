// A rule's report seen as a Diagnostic. Rules report offsets; line/column positions and fix edits
// are resolved only when something reads them. A generated 1 MB file yields ~15k diagnostics of
// which the server publishes 1,000 and the user opens fixes for a handful: converting every range
// and every fix up front was a quarter of a check, most of it garbage collection.
import type { Diagnostic, Fix, Range, Severity } from '../diagnostic';
import type { LineIndex } from '../syntax/positions';
import type { Report } from './rule';

export class ReportedDiagnostic implements Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  // Set only when true, so the own properties are those of a plain diagnostic literal.
  declare readonly unnecessary?: boolean;
  declare readonly deprecated?: boolean;
  readonly #lines: LineIndex;
  readonly #report: Report;
  #range?: Range;
  #fixes?: Fix[];

  constructor(lines: LineIndex, report: Report, severity: Severity) {
    this.code = report.id;
    this.severity = severity;
    this.message = report.message;
    if (report.unnecessary) (this as { unnecessary?: boolean }).unnecessary = true;
    if (report.deprecated) (this as { deprecated?: boolean }).deprecated = true;
    this.#lines = lines;
    this.#report = report;
  }

  /** Offset of the start in the document text (for sorting without resolving positions). */
  get startOffset(): number {
    return this.#report.start;
  }

  get range(): Range {
    return (this.#range ??= this.#lines.range(this.#report.start, this.#report.end));
  }

  get fixes(): Fix[] | undefined {
    const fixes = this.#report.fixes;
    if (!fixes?.length) return undefined;
    return (this.#fixes ??= fixes.map((f): Fix => {
      const fix: Fix = { title: f.title, edits: f.edits.map((e) => ({ range: this.#lines.range(e.start, e.end), newText: e.newText })) };
      if (f.preferred) fix.preferred = true;
      return fix;
    }));
  }

  /** A plain object with the fields in the order of a diagnostic literal (JSON, postMessage, spreads). */
  toJSON(): Diagnostic {
    const d: Diagnostic = { code: this.code, severity: this.severity, message: this.message, range: this.range };
    const fixes = this.fixes;
    if (fixes) d.fixes = fixes;
    if (this.unnecessary) d.unnecessary = true;
    if (this.deprecated) d.deprecated = true;
    return d;
  }
}

/** A plain copy of any diagnostic, resolving lazily computed fields. */
export function plainDiagnostic(d: Diagnostic): Diagnostic {
  return d instanceof ReportedDiagnostic ? d.toJSON() : { ...d };
}
