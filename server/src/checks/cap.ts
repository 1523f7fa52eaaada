// How many problems one file reports. Past the cap a file is usually not what its author meant
// to write (a generated file gone wrong, the wrong file): like a compiler, show the first ones and
// one line with how many more there are. The editor and the CLI share the cap and the line.
import type { Diagnostic } from '../diagnostic';

/** The default of `xlcfg.validate.maxProblems` and `--max-problems`. */
export const DEFAULT_MAX_PROBLEMS = 1000;

/**
 * Problems each stage (the parse, the rules) keeps before it only counts: room for suppressions
 * and `off` severities to drop some and still fill the cap, bounded so that time and memory stay
 * small on any input (each kept problem is placed and its fixes worked out: twice the cap, not
 * more, keeps a 1 MB file's edits under 50 ms). Infinity when every problem is wanted (`max` 0).
 */
export function problemBudget(max: number | undefined): number {
  return max && max > 0 ? Math.max(2 * max, 2_000) : Infinity;
}

/**
 * At most `max` diagnostics (0: all), errors first, then the rest in order, plus one entry saying
 * how many more there are (`notKept`: found but never kept by a stage's budget, counted in).
 */
export function capDiagnostics(diagnostics: readonly Diagnostic[], max: number | undefined, notKept = 0): Diagnostic[] {
  if ((!max || max <= 0 || diagnostics.length <= max) && notKept === 0) return diagnostics as Diagnostic[];
  let shown = diagnostics as Diagnostic[];
  if (max && max > 0 && diagnostics.length > max) {
    const kept = new Set<Diagnostic>();
    for (const d of diagnostics) {
      if (kept.size >= max) break;
      if (d.severity === 'error') kept.add(d);
    }
    for (const d of diagnostics) {
      if (kept.size >= max) break;
      kept.add(d);
    }
    shown = diagnostics.filter((d) => kept.has(d));
  }
  const more = diagnostics.length - shown.length + notKept;
  const at = shown[0]?.range.start ?? { line: 0, character: 0 };
  return [
    ...shown,
    {
      code: 'internal/too-many-problems',
      severity: 'information',
      message: `${more} more problems not shown (at most ${max} per file).`,
      range: { start: at, end: at },
    },
  ];
}
