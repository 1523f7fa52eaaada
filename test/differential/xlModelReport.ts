// Dev script: every difference between the xl model and Xen's real xl, grouped by cause, each
// group with its counts, a minimal reproducer (shrunk against xl) and what both sides say; written
// to .build/xl-diffs.md in the checkout (or the path given) and overwritten on each run.
//
//   node --import tsx test/differential/xlModelReport.ts [OUT.md]
//
// XLMODEL_COMMIT (what the header says was measured, for a tree that is not a git checkout),
// XLMODEL_N (generated configs per release), XLGEN_SEED, XLMODEL_READS (reads probes on generated configs) and
// XLMODEL_SHRINK (most reproducers shrunk; the other groups show their shortest example) as for the test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ORACLE_RELEASES, xlUnavailable, runXl, type OracleRelease } from '../oracle/xlDryrun';
import { buildDir, repoRoot } from './oracle';
import { xlGenSeed } from './xlConfigGen';
import { CHECKS, compareRun, reproducer, runModel, shrink, type Check, type Difference } from './xlModelCompare';
import {
  corpusCases,
  generatedCases,
  percent,
  runSuite,
  summary,
  type CaseResult,
  type SuiteResult,
} from './xlModelSuite';
import { formatPrinted } from '../../server/src/xl/report';

const OUT = path.resolve(process.argv[2] ?? path.join(buildDir, 'xl-diffs.md'));
const N = Number(process.env.XLMODEL_N ?? 1500);
const READS = Number(process.env.XLMODEL_READS ?? 150);
const SHRINK = Number(process.env.XLMODEL_SHRINK ?? 1000);
const SEED = xlGenSeed();
const CORPUS_DIR = path.resolve(repoRoot, '..', 'shared', 'corpus', 'real');

interface Group {
  checks: Set<Check>;
  group: string;
  /** Cases by release and set. */
  counts: Map<string, number>;
  signatures: Set<string>;
  corpusFiles: Set<string>;
  /** The shortest case per release. */
  examples: Map<OracleRelease, CaseResult>;
  /** Other cases (for crashes, whose causes differ: each is shrunk on its own). */
  more: Array<[OracleRelease, CaseResult]>;
}

/** How many cases of an `xl crashes` group are shrunk (crashes of different causes share it). */
const CRASH_EXAMPLES = 5;

function collect(suites: SuiteResult[]): Group[] {
  const groups = new Map<string, Group>();
  for (const s of suites) {
    for (const r of s.cases) {
      const seen = new Set<string>();
      for (const d of r.differences) {
        const id = d.group;
        let g = groups.get(id);
        if (!g)
          groups.set(
            id,
            (g = {
              checks: new Set(),
              group: d.group,
              counts: new Map(),
              signatures: new Set(),
              corpusFiles: new Set(),
              examples: new Map(),
              more: [],
            }),
          );
        g.checks.add(d.check);
        g.signatures.add(`${d.check}: ${d.signature}`);
        if (seen.has(id)) continue;
        seen.add(id);
        const k = `${s.release} ${s.set}`;
        g.counts.set(k, (g.counts.get(k) ?? 0) + 1);
        if (s.set === 'corpus') g.corpusFiles.add(r.case.label);
        const ex = g.examples.get(s.release);
        if (!ex || r.case.bytes.length < ex.case.bytes.length) g.examples.set(s.release, r);
        if (g.more.length < CRASH_EXAMPLES * 4) g.more.push([s.release, r]);
      }
    }
  }
  return [...groups.values()].sort((a, b) => total(b) - total(a) || a.group.localeCompare(b.group));
}

function total(g: Group): number {
  return [...g.counts.values()].reduce((a, b) => a + b, 0);
}

/** `n` cases spread over the list (the list is in case order, both releases). */
function pickSpread<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]);
}

function fence(text: string): string {
  return '```\n' + text.replace(/\n$/, '') + '\n```';
}

/** What both sides say about a (shrunk) text, for the differences of one group. */
function explain(text: string, release: OracleRelease, group: string): string {
  const [xl] = runXl([text], release, ['min.cfg']);
  const model = runModel(Buffer.from(text, 'utf8'), release);
  const out = compareRun(model, xl, 'min.cfg');
  const lines = [`- xl ${release}: rc ${xl.rc}${xl.stderr.length ? ', prints:' : ', prints nothing'}`];
  for (const l of xl.stderr) lines.push(`  - \`${l}\``);
  const printed = model.result.reports
    .filter((r) => r.printed.length)
    .map(
      (r) =>
        `${r.afterExit ? '(after exit) ' : ''}${r.rule}: ` +
        r.printed.map((p) => formatPrinted(p, 'min.cfg')).join(' / '),
    );
  lines.push(
    `- model: ${model.result.accepted ? 'accepts' : 'refuses'}${printed.length ? ', prints:' : ', prints nothing'}`,
  );
  for (const p of printed) lines.push(`  - \`${p}\``);
  const mine = out.differences.filter((d: Difference) => d.group === group);
  for (const d of mine.slice(0, 6))
    if (d.check !== 'verdict' && d.check !== 'warnings') lines.push(`- xl: \`${d.xl}\`; model: \`${d.model}\``);
  if (!mine.length) lines.push('- (the shrunk text no longer shows it on this release)');
  return lines.join('\n');
}

/** The checkout's commit (XLMODEL_COMMIT names it when the tree is not a git checkout). */
function headCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return '(not a git checkout)';
  }
}

function main(): void {
  const why = xlUnavailable();
  if (why) {
    console.log(`xl model report skipped: ${why}`);
    return;
  }
  const commit = process.env.XLMODEL_COMMIT ?? headCommit();
  const suites: SuiteResult[] = [];
  for (const release of ORACLE_RELEASES) {
    suites.push(runSuite(release, 'corpus', corpusCases(CORPUS_DIR), Infinity));
    suites.push(runSuite(release, 'generated', generatedCases(SEED, N), READS));
    for (const s of suites.slice(-2)) console.log(summary(s));
  }
  const groups = collect(suites);
  console.log(`${groups.length} groups of differences; shrinking`);

  const md: string[] = [];
  md.push("# The xl model against Xen's real xl: differences");
  md.push('');
  md.push(
    `Written by \`node --import tsx test/differential/xlModelReport.ts\` at commit ${commit}, seed ${SEED}, ` +
      `${N} generated configs per release, every reads probe of the corpus and at most ${READS} ` +
      'of the generated configs. ' +
      `Overwritten on each run.`,
  );
  md.push('');
  md.push('| release | set | ' + CHECKS.join(' | ') + ' |');
  md.push('|---|---|' + CHECKS.map(() => '---:').join('|') + '|');
  for (const s of suites)
    md.push(
      `| ${s.release} | ${s.set} | ` +
        CHECKS.map((c) => `${s.tally[c].agree}/${s.tally[c].total} (${percent(s.tally[c])})`).join(' | ') +
        ' |',
    );
  md.push('');
  md.push(
    'Checks: verdict = xl accepts iff the model accepts; warnings = every line xl prints (syntax errors ' +
      "included) is among the model's printed lines, and every line the model prints before its first exit is " +
      "among xl's; config = on files both accept, the JSON xl prints equals `domainConfigJson` of the model " +
      '(the uuid and VM generation id xl makes up at random aside); reads = deleting a key the model says xl ' +
      "never reads, or that a diagnostic says xl ignores, leaves xl's config unchanged; diagnosed = every " +
      'line xl prints has a warning or error diagnostic on that line or quoting it, and an error says xl ' +
      'refuses when it does (per line); claims = every diagnostic that says xl warns, refuses or crashes is ' +
      "borne out by xl's output (per diagnostic).",
  );
  md.push('');
  md.push(`## ${groups.length} groups, by number of cases`);
  md.push('');
  let shrunk = 0;
  for (const g of groups) {
    md.push(`### ${g.group.replace(/\n/g, ' ')}`);
    md.push('');
    md.push(
      `Checks: ${[...g.checks].join(', ')}. Cases: ` + [...g.counts].map(([k, n]) => `${k} ${n}`).join(', ') + '.',
    );
    if (g.signatures.size > 1 || ![...g.signatures][0].endsWith(g.group)) {
      md.push('');
      md.push(
        'Differences in this group: ' +
          [...g.signatures]
            .slice(0, 12)
            .map((s) => `\`${s}\``)
            .join('; ') +
          (g.signatures.size > 12 ? `; and ${g.signatures.size - 12} more` : '') +
          '.',
      );
    }
    if (g.corpusFiles.size) {
      md.push('');
      md.push(
        'Corpus files: ' +
          [...g.corpusFiles].slice(0, 8).join(', ') +
          (g.corpusFiles.size > 8 ? `, and ${g.corpusFiles.size - 8} more` : '') +
          '.',
      );
    }
    // One reproducer, shrunk on the first release that shows the difference; for crashes, several.
    const examples: Array<[OracleRelease, CaseResult]> = g.group.startsWith('xl crashes')
      ? pickSpread(g.more, CRASH_EXAMPLES)
      : [[...g.examples][0]];
    const seenRepro = new Set<string>();
    for (const [release, ex] of examples) {
      const text = Buffer.from(ex.case.bytes).toString('utf8');
      let min = text;
      if (shrunk < SHRINK) {
        shrunk++;
        try {
          min = shrink(text, reproducer(release, g.group));
        } catch (e) {
          console.error(`shrinking ${g.group} failed: ${(e as Error).message}`);
        }
        if (shrunk % 10 === 0) console.log(`${shrunk} shrunk`);
      }
      if (seenRepro.has(min)) continue;
      seenRepro.add(min);
      md.push('');
      md.push(`Reproducer (${min === text ? 'not shrunk' : 'shrunk'} from ${ex.case.label}; ${release}):`);
      md.push('');
      md.push(fence(min));
      md.push('');
      md.push(explain(min, release, g.group));
    }
    const other = ORACLE_RELEASES.filter((r) => !g.examples.has(r));
    if (other.length) md.push(`- Not seen with ${other.join(', ')}.`);
    md.push('');
  }
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, md.join('\n'));
  console.log(`wrote ${OUT}`);
}

main();
