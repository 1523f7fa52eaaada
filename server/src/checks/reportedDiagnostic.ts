// A rule's report seen as a Diagnostic. Rules report offsets; line/column positions and fix edits
// are resolved only when something reads them. A generated 1 MB file yields ~15k diagnostics of
// which the server publishes 1,000 and the user opens fixes for a handful: converting every range
// and every fix up front was a quarter of a check, most of it garbage collection.
import type { Diagnostic, Fix, Range, Severity } from '../diagnostic';
import type { ConfigFile } from '../syntax/tree';
import type { OffsetFix, Report } from './rule';

export class ReportedDiagnostic implements Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  // Set only when true, so the own properties are those of a plain diagnostic literal.
  declare readonly unnecessary?: boolean;
  declare readonly deprecated?: boolean;
  readonly #file: ConfigFile;
  // The report's offsets and fixes, copied: the report object itself is left to die young.
  readonly #start: number;
  readonly #end: number;
  #offsetFixes: Report['fixes'];
  #range?: Range;
  #fixes?: Fix[];

  constructor(file: ConfigFile, report: Report, severity: Severity) {
    this.code = report.id;
    this.severity = severity;
    this.message = report.message;
    if (report.unnecessary) (this as { unnecessary?: boolean }).unnecessary = true;
    if (report.deprecated) (this as { deprecated?: boolean }).deprecated = true;
    this.#file = file;
    this.#start = report.start;
    this.#end = report.end;
    this.#offsetFixes = report.fixes;
  }

  /** Offset of the start in the document text (for sorting without resolving positions). */
  get startOffset(): number {
    return this.#start;
  }

  get range(): Range {
    return (this.#range ??= this.#file.lines.range(this.#start, this.#end));
  }

  get fixes(): Fix[] | undefined {
    if (this.#fixes) return this.#fixes.length ? this.#fixes : undefined;
    const given = this.#offsetFixes;
    const fixes: OffsetFix[] = (typeof given === 'function' ? given(this.#file, { start: this.#start, end: this.#end }) : given) ?? [];
    this.#offsetFixes = undefined;
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
    return d;
  }
}

/** A plain copy of any diagnostic, resolving lazily computed fields. */
export function plainDiagnostic(d: Diagnostic): Diagnostic {
  return d instanceof ReportedDiagnostic ? d.toJSON() : { ...d };
}
