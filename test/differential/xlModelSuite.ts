// One run of the xl model's differential test for one release: the real corpus and N generated
// configs through the model and through Xen's real xl, the six checks on each, and the figures.
// Shared by the test (xlModel.diff.test.ts) and the report script (xlModelReport.ts).
import { readCorpus } from './generate';
import { generateXlConfig } from './xlConfigGen';
import {
  CHECKS,
  compareProbe,
  compareRun,
  readsProbes,
  runModel,
  type Check,
  type Difference,
  type ModelRun,
  type Tally,
} from './xlModelCompare';
import { runXl, type OracleRelease, type XlRun } from '../oracle/xlDryrun';

export interface Case {
  /** Where it comes from: a corpus path, or `gen <seed>/<index> <label>`. */
  label: string;
  bytes: Uint8Array;
}

export interface CaseResult {
  case: Case;
  /** The name xl was given (libxlutil's lines start with it). */
  source: string;
  model: ModelRun;
  xl: XlRun;
  differences: Difference[];
}

export type { Tally };

export interface SuiteResult {
  release: OracleRelease;
  set: string;
  cases: CaseResult[];
  tally: Record<Check, Tally>;
  /** Reads probes: of the files xl accepts, all there are and those run; of them, diagnostics' claims. */
  probes: { all: number; run: number; claims: number; claimsRun: number };
}

export function corpusCases(dir: string): Case[] {
  return readCorpus(dir).map((f) => ({ label: f.name, bytes: f.bytes }));
}

export function generatedCases(seed: number, count: number): Case[] {
  return Array.from({ length: count }, (_, i) => {
    const g = generateXlConfig(seed, i);
    return { label: `gen ${seed}/${i} (${g.label})`, bytes: Buffer.from(g.text, 'utf8') };
  });
}

/**
 * Runs the six checks on `cases`. The reads check (deleting a key the model says xl never reads
 * leaves xl's config unchanged) needs one more xl run per key: it probes at most `readsBudget`
 * keys, spread evenly over the accepted files.
 */
export function runSuite(
  release: OracleRelease,
  set: string,
  cases: readonly Case[],
  readsBudget: number,
): SuiteResult {
  const sources = cases.map((_, i) => `c${i}.cfg`);
  const xl = runXl(
    cases.map((c) => c.bytes),
    release,
    sources,
  );
  const tally = Object.fromEntries(CHECKS.map((c) => [c, { agree: 0, total: 0 }])) as Record<Check, Tally>;
  const results: CaseResult[] = cases.map((c, i) => {
    const model = runModel(c.bytes, release);
    const out = compareRun(model, xl[i], sources[i]);
    count(tally.verdict, out.verdict);
    count(tally.warnings, out.warnings);
    count(tally.config, out.config);
    for (const c of ['diagnosed', 'claims'] as const) {
      tally[c].agree += out[c].agree;
      tally[c].total += out[c].total;
    }
    return { case: c, source: sources[i], model, xl: xl[i], differences: out.differences };
  });

  const probes = results.flatMap((r, i) => readsProbes(r.model, r.xl).map((p) => ({ p, i })));
  const sample = pickProbes(probes, readsBudget);
  const after = runXl(
    sample.map((x) => x.p.text),
    release,
  );
  sample.forEach(({ p, i }, j) => {
    const d = compareProbe(p, after[j], results[i].model.result);
    count(tally.reads, !d);
    if (d) results[i].differences.push(d);
  });
  const fromClaims = (xs: ReadonlyArray<{ p: { claim: string } }>): number =>
    xs.filter((x) => x.p.claim !== 'reads').length;
  const counts = { all: probes.length, run: sample.length, claims: fromClaims(probes), claimsRun: fromClaims(sample) };
  return { release, set, cases: results, tally, probes: counts };
}

/**
 * At most `budget` probes: the first of each kind of claim (each rule that says xl ignores a key,
 * and the model's own reads), so every kind is tried on every run, then others spread evenly.
 */
function pickProbes<T extends { p: { claim: string } }>(probes: readonly T[], budget: number): T[] {
  if (probes.length <= budget) return [...probes];
  const first = new Map<string, T>();
  for (const x of probes) if (!first.has(x.p.claim)) first.set(x.p.claim, x);
  const picked = new Set([...first.values()].slice(0, budget));
  const rest = probes.filter((x) => !picked.has(x));
  const more = budget - picked.size;
  for (let j = 0; j < more; j++) picked.add(rest[Math.floor((j * rest.length) / more)]);
  return probes.filter((x) => picked.has(x));
}

function count(t: Tally, agree: boolean | undefined): void {
  if (agree === undefined) return;
  t.total++;
  if (agree) t.agree++;
}

export function percent(t: Tally): string {
  return t.total ? `${((100 * t.agree) / t.total).toFixed(2)} %` : 'n/a';
}

/** One line of figures: `verdict 280/286 (97.90 %), warnings ...`, and the reads probes run. */
export function summary(s: SuiteResult): string {
  const p = s.probes;
  return (
    `${s.release} ${s.set}: ` +
    CHECKS.map((c) => `${c} ${s.tally[c].agree}/${s.tally[c].total} (${percent(s.tally[c])})`).join(', ') +
    `; reads probes run: ${p.run} of ${p.all}, ${p.claimsRun} of them of the ${p.claims} diagnostics ` +
    'that say xl ignores a key or statement'
  );
}
