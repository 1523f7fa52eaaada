// Core shapes -> LSP shapes. The core already uses LSP-compatible positions, so this is mostly
// naming: severities, tags, and edits keyed by document URI.
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, Fix, Severity } from '../diagnostic';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const SOURCE = 'xlcfg';

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: SOURCE, message: d.message };
  const tags: DiagnosticTag[] = [];
  if (d.unnecessary) tags.push(DiagnosticTag.Unnecessary);
  if (d.deprecated) tags.push(DiagnosticTag.Deprecated);
  if (tags.length) out.tags = tags;
  return out;
}

export function fixToWorkspaceEdit(uri: string, fix: Fix): WorkspaceEdit {
  const edits: TextEdit[] = fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
  return { changes: { [uri]: edits } };
}

export function sameRange(a: LspDiagnostic['range'], b: LspDiagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
