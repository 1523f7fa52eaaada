// A rule's report (offsets into the file) as a Diagnostic (LSP line/character positions), with its
// fixes resolved: one plain object, safe to copy, spread and serialise.
import type { Diagnostic, Fix, Severity } from '../diagnostic';
import type { ConfigFile } from '../syntax/tree';
import type { OffsetFix, Report } from './rule';

export function toDiagnostic(file: ConfigFile, report: Report, severity: Severity): Diagnostic {
  const d: Diagnostic = { code: report.id, severity, message: report.message, range: file.lines.range(report.start, report.end) };
  const given = report.fixes;
  const fixes: OffsetFix[] = (typeof given === 'function' ? given(file, { start: report.start, end: report.end }) : given) ?? [];
  if (fixes.length) {
    d.fixes = fixes.map((f): Fix => {
      const fix: Fix = { title: f.title, edits: f.edits.map((e) => ({ range: file.lines.range(e.start, e.end), newText: e.newText })) };
      if (f.preferred) fix.preferred = true;
      return fix;
    });
  }
  if (report.unnecessary) d.unnecessary = true;
  if (report.deprecated) d.deprecated = true;
  if (report.claim) d.claim = report.claim;
  return d;
}
