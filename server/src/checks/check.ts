// The whole check of one document: parse, read the domain, run every rule, then apply suppression
// comments and severity overrides. The server, the CLI, tests and the benchmark all call this.
import { SEVERITY_ORDER, type Diagnostic, type Fix } from '../diagnostic';
import { buildDomain, type Domain } from '../domain/domain';
import type { XlcfgOptions } from '../options';
import { parse, type ParseOptions } from '../syntax/parser';
import type { ConfigFile } from '../syntax/tree';
import { RULE_IDS, RULE_MODULES, ruleInfo } from './registry';
import type { Report, RuleContext } from './rule';
import { applySeverities } from './severity';
import { applySuppressions } from './suppressions';

export interface CheckResult {
  file: ConfigFile;
  domain: Domain;
  diagnostics: Diagnostic[];
}

export function checkText(text: string, options: XlcfgOptions, parseOptions: ParseOptions = {}): CheckResult {
  return checkFile(parse(text, parseOptions), options);
}

export function checkFile(file: ConfigFile, options: XlcfgOptions): CheckResult {
  const domain = buildDomain(file, options);
  const found: Diagnostic[] = [...file.diagnostics];
  const ctx: RuleContext = {
    file,
    domain,
    options,
    report: (r: Report) => found.push(toDiagnostic(file, r)),
  };
  for (const mod of RULE_MODULES) {
    if (mod.needsCompleteFile && !file.ok) continue;
    try {
      mod.check(ctx);
    } catch (e) {
      // A broken rule must never take the others (or the editor) down with it.
      found.push({
        code: 'internal/error',
        severity: 'information',
        message: `xlcfg's ${mod.name} checks failed on this file (${(e as Error)?.message ?? e}); other checks still ran. Please report it.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      });
    }
  }
  let diagnostics = applySuppressions(file, found, RULE_IDS);
  diagnostics = applySeverities(diagnostics, options.rules);
  diagnostics.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return { file, domain, diagnostics };
}

function toDiagnostic(file: ConfigFile, r: Report): Diagnostic {
  const d: Diagnostic = {
    code: r.id,
    severity: r.severity ?? ruleInfo(r.id)?.severity ?? 'warning',
    message: r.message,
    range: file.lines.range(r.start, r.end),
  };
  if (r.fixes?.length) {
    d.fixes = r.fixes.map((f): Fix => {
      const fix: Fix = { title: f.title, edits: f.edits.map((e) => ({ range: file.lines.range(e.start, e.end), newText: e.newText })) };
      if (f.preferred) fix.preferred = true;
      return fix;
    });
  }
  if (r.unnecessary) d.unnecessary = true;
  if (r.deprecated) d.deprecated = true;
  return d;
}
