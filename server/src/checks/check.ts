// The whole check of one document: parse, read the domain, run every rule, then apply suppression
// comments and severity overrides. The server, the CLI, tests and the benchmark all go through
// checkFile (directly or through checkText / checkBytes).
import { SEVERITY_ORDER, type Diagnostic } from '../diagnostic';
import { factDirectives } from '../domain/directives';
import { archOf, buildDomain, type Domain } from '../domain/domain';
import type { XlcfgOptions } from '../options';
import { parse, type ParseOptions } from '../syntax/parser';
import type { ConfigFile } from '../syntax/tree';
import { decodeUtf8 } from '../syntax/utf8';
import { RULE_IDS, RULE_MODULES, ruleInfo } from './registry';
import { capDiagnostics, problemBudget } from './cap';
import { toDiagnostic } from './toDiagnostic';
import type { Report, RuleContext } from './rule';
import { applySeverities, ruleLevel } from './severity';
import { applySuppressions } from './suppressions';
import { parseConfigData, type XlResult } from '../xl/parseConfigData';
import { libxlDomainCreate } from '../libxl/domainCreate';
import type { LibxlCreateResult, LibxlRelease } from '../libxl/createReport';

export interface CheckResult {
  file: ConfigFile;
  /** What xl does with the file (server/src/xl). */
  xl: XlResult;
  /** What libxl then does with the config xl built (server/src/libxl/domainCreate.ts). */
  libxl: LibxlCreateResult;
  domain: Domain;
  diagnostics: Diagnostic[];
  /** The options the file was checked with (features such as the hover read theirs here). */
  options: XlcfgOptions;
}

// The entry points: checkFile for a parsed file (the server parses, or re-parses, itself),
// checkText for text, checkBytes for a file's bytes (the CLI). The parse's problem budget follows
// options.maxProblems in all three.

export function checkText(text: string, options: XlcfgOptions, parseOptions: ParseOptions = {}): CheckResult {
  return checkFile(parse(text, { maxProblems: problemBudget(options.maxProblems), ...parseOptions }), options);
}

/** A file's bytes, decoded as xlcfg reads them (invalid UTF-8 marked where it stands), then checked. */
export function checkBytes(bytes: Uint8Array, options: XlcfgOptions): CheckResult {
  const d = decodeUtf8(bytes);
  return checkText(d.text, options, { invalidUtf8: d.invalidUtf8, lastCharBytes: d.lastCharBytes });
}

/** The xl stage, the libxl stage, then the domain view: what the rules, hover and simulation read. */
export function analyse(
  file: ConfigFile,
  options: XlcfgOptions,
): { xl: XlResult; libxl: LibxlCreateResult; domain: Domain } {
  const arch = archOf(file, factDirectives(file));
  const xl = parseConfigData(file, {
    xenVersion: options.xenVersion,
    arch: arch.value,
    host: options.host,
    proposed: options.enableProposed,
  });
  const libxl = libxlDomainCreate(xl.config, xl.release as LibxlRelease, arch.value, options.host);
  return { xl, libxl, domain: buildDomain(file, xl, libxl, options, arch) };
}

/**
 * Every diagnostic of `file`, at most `options.maxProblems` of them (see cap.ts). Parse `file`
 * with `maxProblems: problemBudget(options.maxProblems)` to bound the parse's cost too.
 */
export function checkFile(file: ConfigFile, options: XlcfgOptions): CheckResult {
  const { xl, libxl, domain } = analyse(file, options);
  // Binary content: the parse said so once; rules over its accidental statements would only add noise.
  if (file.notAConfig) return { file, xl, libxl, domain, diagnostics: file.diagnostics, options };
  const found: Diagnostic[] = [...file.diagnostics];
  const budget = problemBudget(options.maxProblems) + found.length;
  let notKept = file.unreported;
  /** Whether a report of `id` is to be kept: rules turned off cost nothing, and past the budget reports are only counted. */
  // (Under the budget, `off` reports are kept: a suppression comment naming them still counts as used.)
  const keeps = (id: string): boolean => {
    if (found.length < budget) return true;
    if (ruleLevel(id, options.rules) !== 'off') notKept++;
    return false;
  };
  const ctx: RuleContext = {
    file,
    xl,
    libxl,
    domain,
    options,
    keeps,
    report: (r: Report) => {
      if (keeps(r.id)) found.push(toDiagnostic(file, r, r.severity ?? ruleInfo(r.id)?.severity ?? 'warning'));
    },
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
  return {
    file,
    xl,
    libxl,
    domain,
    diagnostics: capDiagnostics(sorted(file, diagnostics), options.maxProblems, notKept),
    options,
  };
}

/**
 * In document order, then by severity and rule id. Each rule module reports in document order,
 * so the input is a few sorted runs: a plain index array lets the engine's merge sort take them
 * as runs.
 */
function sorted(file: ConfigFile, diagnostics: Diagnostic[]): Diagnostic[] {
  const n = diagnostics.length;
  const offset = (d: Diagnostic): number => file.lines.offsetAt(d.range.start);
  const compare = (a: Diagnostic, oa: number, b: Diagnostic, ob: number): number =>
    oa - ob ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  // Often already in order (a large file's diagnostics mostly come from one rule module): check
  // that first, without allocating anything.
  let inOrder = true;
  for (let i = 1, prev = n ? offset(diagnostics[0]) : 0; i < n && inOrder; i++) {
    const cur = offset(diagnostics[i]);
    inOrder = compare(diagnostics[i - 1], prev, diagnostics[i], cur) <= 0;
    prev = cur;
  }
  if (inOrder) return diagnostics;
  const start = diagnostics.map(offset);
  const order = diagnostics.map((_, i) => i);
  // Ties keep their report order (a stable sort, made explicit).
  order.sort((i, j) => compare(diagnostics[i], start[i], diagnostics[j], start[j]) || i - j);
  return order.map((i) => diagnostics[i]);
}
