// Core shapes -> LSP shapes. The core already uses LSP-compatible positions, so this is mostly
// naming: severities and tags (edits keyed by document URI are made by protocol.ts).
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Diagnostic, Severity } from '../diagnostic';
import { ruleHref } from '../checks/ruleDocs';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const SOURCE = 'xlcfg';

/**
 * What a published diagnostic carries in `data` (clients send it back unchanged in codeAction
 * requests): the document version it was computed for and its index among that analysis's
 * diagnostics. Code actions find the diagnostic by it, whatever the client did to the range
 * (Neovim returns byte columns) or `source`.
 */
export interface DiagnosticData {
  xlcfg: { version: number; index: number };
}

/** Longest printed line passed on as related information (xl quotes whole device strings). */
const PRINTED_MAX = 400;

/**
 * `uri`: the document's, for clients that show `relatedInformation`. The lines xl or libxl print,
 * in their own words, go there: the message itself stays one short line.
 */
export function toLspDiagnostic(d: Diagnostic, data?: DiagnosticData, uri?: string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: ruleHref(d.code) },
    source: SOURCE,
    message: d.message,
  };
  if (data) out.data = data;
  const printed = d.claim?.printed;
  if (uri && printed?.length) {
    // Xen's own refusals reach the user through libxl's lines. After an earlier refusal xl (or
    // libxl) never gets this far: it prints these lines only once that is fixed.
    const who = d.claim?.by === 'xl' ? 'xl' : 'libxl';
    const when = d.claim?.afterEarlierExit ? ' once the earlier refusal is fixed' : '';
    out.relatedInformation = printed.map((line) => ({
      location: { uri, range: d.range },
      message: `${who} prints${when}: ${line.length > PRINTED_MAX ? line.slice(0, PRINTED_MAX) + '…' : line}`,
    }));
  }
  const tags: DiagnosticTag[] = [];
  if (d.unnecessary) tags.push(DiagnosticTag.Unnecessary);
  if (d.deprecated) tags.push(DiagnosticTag.Deprecated);
  if (tags.length) out.tags = tags;
  return out;
}

/** The `data` of a diagnostic as published by this server, or undefined. */
export function diagnosticData(data: unknown): DiagnosticData['xlcfg'] | undefined {
  const x = (data as DiagnosticData | undefined)?.xlcfg;
  return x && Number.isInteger(x.version) && Number.isInteger(x.index) && x.index >= 0 ? x : undefined;
}

/** `b` comes from a client and may lack parts: a missing one never matches. */
export function sameRange(a: LspDiagnostic['range'], b: Partial<LspDiagnostic['range']> | undefined): boolean {
  return (
    a.start.line === b?.start?.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end?.line &&
    a.end.character === b.end.character
  );
}
