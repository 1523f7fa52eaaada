// Long-running differential fuzzer: `npm run fuzz -- --count N [--seed S] [--batch B]`.
// Generates inputs (see generate.ts), parses each with xlcfg and with libxlutil, and checks
// agreement plus xlcfg's own properties (never throws, ranges inside the document, `ok` matches
// the error diagnostics). Disagreements are minimised and saved to .build/fuzz-findings/.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildDir, buildHarness, repoRoot, runOracle, type OracleResult } from './oracle';
import { generateInput, readCorpus } from './generate';
import { checkProperties, compare, describeCase, keysFor, runXlcfg, type Xlcfg } from './compare';
import { reparseMismatch } from './incremental';
import { decodeUtf8 } from '../../server/src/syntax/utf8';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

const count = arg('count', 100_000);
const seed = arg('seed', Date.now() % 2 ** 31) >>> 0;
const batchSize = arg('batch', 4000);
const maxFindings = arg('max-findings', 50);
const findingsDir = path.join(buildDir, 'fuzz-findings');

type Failure = { kind: 'disagree' | 'property'; why: string } | null;

function judge(x: Xlcfg, o: OracleResult): Failure {
  const prop = checkProperties(x);
  if (prop) return { kind: 'property', why: prop };
  const v = compare(x, o);
  return v.outcome === 'disagree' || v.outcome === 'property' ? { kind: v.outcome, why: v.reason! } : null;
}

async function evaluate(bin: string, inputs: Uint8Array[]): Promise<{ xs: Xlcfg[]; os: OracleResult[] }> {
  const xs = inputs.map(runXlcfg);
  const os = await runOracle(
    bin,
    inputs.map((b, i) => ({ bytes: b, keys: keysFor(b, xs[i]) })),
  );
  return { xs, os };
}

/** Delta debugging over bytes: drop ever smaller chunks while the same kind of failure remains. */
async function minimise(bin: string, input: Uint8Array, kind: string): Promise<Uint8Array> {
  let cur: Buffer = Buffer.from(input);
  let chunk = Math.max(1, cur.length >> 1);
  for (let round = 0; round < 400; round++) {
    const candidates: Buffer[] = [];
    for (let s = 0; s < cur.length; s += chunk)
      candidates.push(Buffer.concat([cur.subarray(0, s), cur.subarray(s + chunk)]));
    const { xs, os } = await evaluate(bin, candidates);
    const hit = candidates.findIndex((_, i) => judge(xs[i], os[i])?.kind === kind);
    if (hit >= 0) cur = candidates[hit];
    else if (chunk === 1) break;
    else chunk = Math.max(1, chunk >> 1);
    if (chunk > cur.length) chunk = Math.max(1, cur.length >> 1);
  }
  return cur;
}

async function main(): Promise<void> {
  const harness = buildHarness();
  if (harness.skip !== undefined) {
    console.error(`${harness.skip}: nothing to compare against.`);
    process.exit(2);
  }
  const bin = harness.bin;
  const corpus = readCorpus(path.resolve(repoRoot, '..', 'shared', 'corpus', 'real')).map((c) => c.bytes);
  mkdirSync(findingsDir, { recursive: true });
  console.log(
    `fuzz: seed ${seed}, ${count} inputs in batches of ${batchSize}, ${corpus.length} corpus files to mutate`,
  );

  const tally = {
    inputs: 0,
    agreements: 0,
    lossyAgreements: 0,
    libxlutilAccepted: 0,
    libxlutilAborted: 0,
    disagreements: 0,
    propertyFailures: 0,
    incrementalChecked: 0,
    incrementalMismatches: 0,
    bytes: 0,
  };
  const findings: Array<{ file: string; why: string; minimised: string }> = [];
  const seen = new Set<string>();
  const started = Date.now();

  // Parse batch k+1 in this process while libxlutil works on batch k in its own.
  const prepare = (from: number) => {
    const n = Math.min(batchSize, count - from);
    const inputs = Array.from({ length: n }, (_, i) => generateInput(seed, from + i, corpus));
    const xs = inputs.map(runXlcfg);
    const pending = runOracle(
      bin,
      inputs.map((b, i) => ({ bytes: b, keys: keysFor(b, xs[i]) })),
    );
    return { from, inputs, xs, pending };
  };
  let next = count > 0 ? prepare(0) : null;
  while (next) {
    const cur = next;
    const after = cur.from + cur.inputs.length;
    next = after < count ? prepare(after) : null;
    const os = await cur.pending;
    for (let i = 0; i < cur.inputs.length; i++) {
      const o = os[i];
      tally.inputs++;
      tally.bytes += cur.inputs[i].length;
      if ('abort' in o) tally.libxlutilAborted++;
      else if ('ok' in o && o.ok) tally.libxlutilAccepted++;
      // Every fourth input also checks the incremental re-parse the editor uses (one edit, then
      // reparse against a whole parse of the edited text).
      if ((cur.from + i) % 4 === 0) {
        tally.incrementalChecked++;
        const text = decodeUtf8(cur.inputs[i]).text;
        const why = reparseMismatch(text, cur.from + i);
        if (why) {
          tally.incrementalMismatches++;
          tally.propertyFailures++;
          if (findings.length < maxFindings) {
            const file = path.join(findingsDir, `seed${seed}-input${cur.from + i}-reparse.txt`);
            writeFileSync(
              file,
              `reparse differs from a whole parse: ${why}\n--- text (JSON)\n${JSON.stringify(text)}\n`,
            );
            findings.push({ file: path.relative(repoRoot, file), why: `reparse: ${why}`, minimised: '' });
            console.log(`  finding: reparse: ${why}\n    saved: ${file}`);
          }
        }
      }
      const failure = judge(cur.xs[i], o);
      if (!failure) {
        tally.agreements++;
        if (compare(cur.xs[i], o).outcome === 'agree-lossy') tally.lossyAgreements++;
        continue;
      }
      if (failure.kind === 'property') tally.propertyFailures++;
      else tally.disagreements++;
      const key = `${failure.kind}:${failure.why.replace(/\d+/g, 'N').slice(0, 120)}`;
      if (seen.has(key) || findings.length >= maxFindings) continue;
      seen.add(key);
      const small = await minimise(bin, cur.inputs[i], failure.kind);
      const { xs, os: mos } = await evaluate(bin, [small]);
      const file = path.join(findingsDir, `seed${seed}-input${cur.from + i}.txt`);
      writeFileSync(
        file,
        `${describeCase(small, xs[0], mos[0], judge(xs[0], mos[0])?.why ?? failure.why)}\n\n--- original (seed ${seed}, index ${cur.from + i})\n${describeCase(cur.inputs[i], cur.xs[i], o, failure.why)}\n`,
      );
      findings.push({
        file: path.relative(repoRoot, file),
        why: failure.why,
        minimised: Buffer.from(small).toString('latin1'),
      });
      console.log(
        `  finding: ${failure.why}\n    minimised: ${JSON.stringify(Buffer.from(small).toString('latin1'))}\n    saved: ${file}`,
      );
    }
    const secs = (Date.now() - started) / 1000;
    console.log(
      `${tally.inputs}/${count} inputs, ${(tally.inputs / secs).toFixed(0)}/s, agree ${tally.agreements}, disagree ${tally.disagreements}, property ${tally.propertyFailures}, libxlutil accepted ${tally.libxlutilAccepted}, aborted ${tally.libxlutilAborted}, reparse checked ${tally.incrementalChecked} (mismatches ${tally.incrementalMismatches})`,
    );
  }
  const secs = (Date.now() - started) / 1000;
  const summary = {
    seed,
    ...tally,
    seconds: Number(secs.toFixed(1)),
    inputsPerSecond: Math.round(tally.inputs / secs),
    findings,
  };
  console.log(JSON.stringify(summary));
  process.exit(tally.disagreements + tally.propertyFailures > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
