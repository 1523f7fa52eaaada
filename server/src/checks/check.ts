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
    keep: problemBudget(options.maxProblems),
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
  // Where each found diagnostic starts (an offset), for the sort: known from the reports, so the
  // sort need not work it out again from thousands of placed ranges.
  const starts: number[] = found.map((d) => file.lines.offsetAt(d.range.start));
  const textLength = file.text.length;
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
      if (!keeps(r.id)) return;
      found.push(toDiagnostic(file, r, r.severity ?? ruleInfo(r.id)?.severity ?? 'warning'));
      // The offset its range starts at (LineIndex.range clamps to the text).
      starts.push(Math.min(Math.max(r.start, 0), textLength));
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
      starts.push(0);
    }
  }
  let diagnostics = applySuppressions(file, found, RULE_IDS);
  diagnostics = applySeverities(diagnostics, options.rules);
  // Both return their input when they change nothing (no directive, no override): the starts still hold.
  const sorted = sortDiagnostics(file, diagnostics, diagnostics === found ? starts : undefined);
  return {
    file,
    xl,
    libxl,
    domain,
    diagnostics: capDiagnostics(sorted, options.maxProblems, notKept),
    options,
  };
}

/**
 * In document order, then by severity and rule id, ties in report order. Each rule module reports
 * in document order, so the input is a few sorted runs (a large file's diagnostics mostly come
 * from one module, then a file-level one at offset 0 from another): the runs are found in one
 * pass and merged pairwise, so the usual input costs a pass or two, not a comparison sort.
 * `starts`: the offset each diagnostic starts at, when the caller knows them.
 */
export function sortDiagnostics(file: ConfigFile, diagnostics: Diagnostic[], starts?: readonly number[]): Diagnostic[] {
  const n = diagnostics.length;
  if (n < 2) return diagnostics;
  const lines = file.lines;
  const start = starts ?? diagnostics.map((d) => lines.offsetAt(d.range.start));
  const before = (a: number, b: number): boolean => {
    const d = start[a] - start[b];
    if (d !== 0) return d < 0;
    const x = diagnostics[a];
    const y = diagnostics[b];
    const s = SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity];
    if (s !== 0) return s < 0;
    return x.code < y.code;
  };
  // Run boundaries: runs[k] is where run k starts; a run ends where the next one starts.
  const runs: number[] = [0];
  for (let i = 1; i < n; i++) if (before(i, i - 1)) runs.push(i);
  if (runs.length === 1) return diagnostics;
  runs.push(n);
  // Merge adjacent runs pairwise, over index arrays; an equal pair keeps the left run's first.
  let from = new Int32Array(n);
  let to = new Int32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  let bounds = runs;
  while (bounds.length > 2) {
    const next: number[] = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const lo = bounds[r];
      const mid = bounds[r + 1];
      const hi = r + 2 < bounds.length ? bounds[r + 2] : mid;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) to[k++] = before(from[j], from[i]) ? from[j++] : from[i++];
      while (i < mid) to[k++] = from[i++];
      while (j < hi) to[k++] = from[j++];
      next.push(hi);
    }
    [from, to] = [to, from];
    bounds = next;
  }
  const out = new Array<Diagnostic>(n);
  for (let i = 0; i < n; i++) out[i] = diagnostics[from[i]];
  return out;
}
