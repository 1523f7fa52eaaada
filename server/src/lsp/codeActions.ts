// Quick fixes for xlcfg's diagnostics (preferred where the fix is the safe one), suppression
// comments, and `source.fixAll.xlcfg` for editor.codeActionsOnSave.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { suppressionFixes } from '../checks/suppressions';
import type { Diagnostic, Fix, TextEdit } from '../diagnostic';
import type { Analysis } from './analysis';
import { fixWorkspaceEdit } from '../protocol';
import { SOURCE, diagnosticData, sameRange, toLspDiagnostic } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.xlcfg`;

/** A diagnostic as a client sends it back; its parts may be missing. */
type SentDiagnostic = Partial<CodeActionParams['context']['diagnostics'][number]>;

export function codeActions(a: Analysis, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    // What a client sends back is not checked by the protocol layer: a malformed entry (no range,
    // not an object) is skipped rather than failing the whole request.
    const sent: unknown = params.context.diagnostics;
    for (const lspDiag of Array.isArray(sent) ? sent : []) {
      if (typeof lspDiag !== 'object' || lspDiag === null) continue;
      const found = findDiagnostic(a, lspDiag as SentDiagnostic);
      if (!found) continue;
      const { d, index } = found;
      const ours = toLspDiagnostic(d, { xlcfg: { version: a.version, index } });
      for (const fix of d.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [ours],
          isPreferred: !!fix.preferred,
          edit: fixWorkspaceEdit(a.uri, fix),
        });
      }
      for (const fix of suppressionFixes(a.result.file, d)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [ours],
          edit: fixWorkspaceEdit(a.uri, fix),
        });
      }
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const fix = fixAll(a.result.diagnostics);
    if (fix.edits.length) actions.push({ title: fix.title, kind: FIX_ALL_KIND, edit: fixWorkspaceEdit(a.uri, fix) });
  }
  return actions;
}

/**
 * The diagnostic a client sent back: by the index in its `data` when it was published for this
 * version (and still has the same rule id and line), else, for clients that drop `data`, by rule id and
 * exact range. Another server's diagnostic (another `source`) is never ours.
 */
function findDiagnostic(a: Analysis, lspDiag: SentDiagnostic): { d: Diagnostic; index: number } | undefined {
  if (lspDiag.source !== undefined && lspDiag.source !== SOURCE) return undefined;
  const all = a.result.diagnostics;
  const data = diagnosticData(lspDiag.data);
  if (data && data.version === a.version) {
    const d = all[data.index];
    // Lines are the same in every column unit; a settings change may have renumbered the list.
    if (d && d.code === lspDiag.code && d.range.start.line === lspDiag.range?.start?.line)
      return { d, index: data.index };
  }
  const index = all.findIndex((x) => x.code === lspDiag.code && sameRange(x.range, lspDiag.range));
  return index >= 0 ? { d: all[index], index } : undefined;
}

/** Every preferred fix whose edits do not overlap an earlier one's. */
export function fixAll(diagnostics: Diagnostic[]): Fix {
  const chosen: TextEdit[] = [];
  const key = (p: { line: number; character: number }): number => p.line * 1e7 + p.character;
  for (const d of diagnostics) {
    const fix = d.fixes?.find((f) => f.preferred);
    if (!fix) continue;
    const overlaps = fix.edits.some(
      (e) =>
        chosen.some((c) => key(e.range.start) < key(c.range.end) && key(c.range.start) < key(e.range.end)) ||
        chosen.some((c) => key(c.range.start) === key(e.range.start)),
    );
    if (overlaps) continue;
    chosen.push(...fix.edits);
  }
  return { title: 'Fix all safe xlcfg problems', edits: chosen };
}
