// A rule's report (offsets into the file) as a Diagnostic: its severity and fixes resolved, then
// placed by diagnosticAt, the conversion the parser's problems go through too.
import { diagnosticAt, type Diagnostic, type Severity } from '../diagnostic';
import type { ConfigFile } from '../syntax/tree';
import type { Report } from './rule';

export function toDiagnostic(file: ConfigFile, report: Report, severity: Severity): Diagnostic {
  const { fixes } = report;
  return diagnosticAt(file.lines, {
    code: report.id,
    severity,
    message: report.message,
    start: report.start,
    end: report.end,
    fixes: typeof fixes === 'function' ? fixes(file, { start: report.start, end: report.end }) : fixes,
    unnecessary: report.unnecessary,
    deprecated: report.deprecated,
    claim: report.claim,
  });
}
