// Shared harness of the sub-language differential tests: each case is a whole config around one
// setting, run through Xen's real xl (test/oracle/xlDryrun.ts) and compared with what the parser
// says xl builds and prints. A case agrees when the value subtree, the verdict (refused or
// crashed iff fatal) and every stderr line are equal.
import { stringifyJson, type JsonValue } from '../../server/src/libxl/jsonText';
import type { SpecProblem } from '../../server/src/specs/types';
import { GLIBC_ABORT, runXl, WRAPPER_LINE, type OracleRelease, type XlRun } from '../oracle/xlDryrun';

export type XlConfig = { [key: string]: JsonValue };

/** What the parser predicts for one config. */
export interface Prediction {
  /** The JSON of the compared subtree, or undefined when xl prints none. */
  json: JsonValue | undefined;
  /** Every line xl prints, in order. */
  printed: string[];
  /** xl refuses, crashes or never finishes. */
  fatal: boolean;
  /** xl crashes (rc 134/139). */
  crash?: boolean;
}

export interface SpecCase {
  label: string;
  /** Why xl may differ here (undefined behaviour), when it may. */
  known?: string;
  config: string;
  predict: () => Prediction;
  /** The compared subtree of xl's config. */
  pick: (config: XlConfig) => JsonValue | undefined;
}

/** `"text"` for a config file, for texts the generators keep free of quotes, `\` and newlines. */
export function cfgString(s: string): string {
  if (/["\\\n\r]/.test(s)) throw new Error(`cannot quote ${JSON.stringify(s)}`);
  return `"${s}"`;
}

export function cfgList(items: readonly string[]): string {
  return `[ ${items.map(cfgString).join(', ')} ]`;
}

/** A minimal config xl accepts silently, plus `lines`. */
export function config(type: 'pvh' | 'hvm', lines: readonly string[]): string {
  const head = type === 'pvh' ? ['name = "t"', 'type = "pvh"', 'kernel = "/k"'] : ['name = "t"', 'type = "hvm"'];
  return [...head, ...lines].join('\n') + '\n';
}

/** xl's lines from the problems of the parses, in order. */
export function printedOf(problems: readonly SpecProblem[]): string[] {
  return problems.flatMap((p) => [...(p.xl?.printed ?? [])]);
}

export function fatalOf(problems: readonly SpecProblem[]): boolean {
  return problems.some((p) => p.fatal);
}

export function crashOf(problems: readonly SpecProblem[]): boolean {
  return problems.some((p) => p.xl?.effect === 'crash');
}

const show = (v: JsonValue | undefined): string => (v === undefined ? '(absent)' : stringifyJson(v));

/** Why xl and the prediction differ, or undefined when they agree. */
export function disagreement(run: XlRun, c: SpecCase): string | undefined {
  const p = c.predict();
  const refused = run.rc !== 0;
  const crashed = run.rc === 134 || run.rc === 139;
  if (refused !== p.fatal) return `verdict: xl rc ${run.rc}, predicted ${p.fatal ? 'fatal' : 'accepted'}`;
  if (crashed !== !!p.crash) return `crash: xl rc ${run.rc}, predicted ${p.crash ? 'crash' : 'no crash'}`;
  // libxlutil's own lines carry the file and line (and column) first: the parsers leave it out.
  let printed = run.stderr.map((l) => l.replace(/^c\d+\.cfg:\d+(?::\d+)?: /, ''));
  // A crash adds the wrapper's "Segmentation fault" line and may add glibc's abort message, whose
  // words depend on the heap: both go, and xl's own lines are compared in full.
  if (crashed) printed = printed.filter((l) => !WRAPPER_LINE.test(l) && !GLIBC_ABORT.test(l));
  if (printed.join('\n') !== p.printed.join('\n')) {
    return `printed:\n  xl:   ${JSON.stringify(run.stderr)}\n  ours: ${JSON.stringify(p.printed)}`;
  }
  if (!refused && run.config) {
    const theirs = c.pick(run.config);
    if (show(theirs) !== show(p.json)) return `value:\n  xl:   ${show(theirs)}\n  ours: ${show(p.json)}`;
  }
  return undefined;
}

export interface Comparison {
  compared: number;
  differences: Array<{ label: string; config: string; why: string }>;
  /** Differences the case expected (undefined behaviour in xl), with why. */
  known: Array<{ label: string; config: string; why: string }>;
  /** How many runs xl refused, crashed on, printed something for, or built the compared value in. */
  refused: number;
  crashed: number;
  printed: number;
  valued: number;
}

/** Runs every case on xl `release` (one batch) and lists where xl and the parser differ. */
export function compareWithXl(cases: readonly SpecCase[], release: OracleRelease): Comparison {
  const runs = runXl(
    cases.map((c) => c.config),
    release,
  );
  const differences: Comparison['differences'] = [];
  const known: Comparison['differences'] = [];
  let refused = 0;
  let crashed = 0;
  let printed = 0;
  let valued = 0;
  cases.forEach((c, i) => {
    const r = runs[i];
    if (r.rc !== 0) refused++;
    if (r.rc === 134 || r.rc === 139) crashed++;
    if (r.stderr.length) printed++;
    if (r.rc === 0 && r.config && c.pick(r.config) !== undefined) valued++;
    const why = disagreement(r, c);
    if (why && c.known) known.push({ label: c.label, config: c.config, why: `${why}\n  known: ${c.known}` });
    else if (why) differences.push({ label: c.label, config: c.config, why });
  });
  return { compared: cases.length, differences, known, refused, crashed, printed, valued };
}

export function describeDifferences(cmp: Comparison, max = 8): string {
  return cmp.differences
    .slice(0, max)
    .map((d) => `--- ${d.label}\n${d.config}${d.why}`)
    .join('\n');
}

/** One line for the test log: agreement and how varied the cases were. */
export function summary(name: string, release: string, cmp: Comparison): string {
  const agree = cmp.compared - cmp.differences.length - cmp.known.length;
  const known = cmp.known.length ? `, ${cmp.known.length} known differences` : '';
  return `${name} ${release}: ${agree} of ${cmp.compared} agree${known} (xl refused ${cmp.refused}, crashed on ${cmp.crashed}, printed for ${cmp.printed}, built ${cmp.valued})`;
}
