// A rule's report (offsets into the file) as a Diagnostic: its severity resolved, then
// placed by placeDiagnostic, the conversion the parser's problems go through too (diagnosticAt).
import { placeDiagnostic, type Diagnostic, type Severity } from '../diagnostic';
import type { ConfigFile } from '../syntax/tree';
import type { Report } from './rule';

export function toDiagnostic(file: ConfigFile, report: Report, severity: Severity): Diagnostic {
  return placeDiagnostic(file.lines, report.id, severity, report, report.fixes);
}
