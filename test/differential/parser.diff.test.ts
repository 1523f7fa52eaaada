// Differential test: xlcfg's parser against Xen's own libxlutil, input by input. Both must agree
// on accept/reject and, when accepted, on the final value of every key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { buildHarness, repoRoot, runOracle } from './oracle';
import { generateInput, LIBXLU_QUIRKS, readCorpus } from './generate';
import { checkProperties, compare, describeCase, keysFor, runXlcfg } from './compare';
import { DEFAULT_SEED } from '../fc-seed';

const SEED = DEFAULT_SEED;
const GENERATED = 2500;
const CORPUS_DIR = path.resolve(repoRoot, '..', 'shared', 'corpus', 'real');

/** The shared quirks, and those that matter to the parse tree. */
const QUIRKS = [...LIBXLU_QUIRKS, 'vif.default.script = "s"\n', 'a = "\xc3"\n'];

async function check(
  t: { skip: (msg: string) => void },
  cases: Array<{ label: string; bytes: Uint8Array }>,
): Promise<void> {
  const harness = buildHarness();
  if (harness.skip !== undefined) {
    t.skip(harness.skip);
    return;
  }
  const bin = harness.bin;
  const xs = cases.map((c) => runXlcfg(c.bytes));
  const os = await runOracle(
    bin,
    cases.map((c, i) => ({ bytes: c.bytes, keys: keysFor(c.bytes, xs[i]) })),
  );
  const failures: string[] = [];
  let accepted = 0;
  cases.forEach((c, i) => {
    const o = os[i];
    if ('ok' in o && o.ok) accepted++;
    const verdict = compare(xs[i], o);
    const why =
      checkProperties(xs[i]) ??
      (verdict.outcome === 'disagree' || verdict.outcome === 'property' ? verdict.reason! : null);
    if (why) failures.push(`--- ${c.label}\n${describeCase(c.bytes, xs[i], o, why)}`);
  });
  // A generator that never produces accepted files would make the value comparison vacuous.
  if (cases.length > 100)
    assert.ok(accepted > cases.length / 5, `only ${accepted} of ${cases.length} inputs accepted by libxlutil`);
  assert.equal(
    failures.length,
    0,
    `${failures.length} of ${cases.length} inputs disagree:\n${failures.slice(0, 10).join('\n\n')}`,
  );
}

test('hand-picked quirks agree with libxlutil', async (t) => {
  await check(
    t,
    QUIRKS.map((q, i) => ({ label: `quirk ${i}`, bytes: Buffer.from(q, q.includes('\xc3') ? 'latin1' : 'utf8') })),
  );
});

test(`${GENERATED} generated and mutated inputs agree with libxlutil (seed ${SEED})`, async (t) => {
  const corpus = readCorpus(CORPUS_DIR).map((c) => c.bytes);
  const cases = Array.from({ length: GENERATED }, (_, i) => ({
    label: `seed ${SEED} input ${i}`,
    bytes: generateInput(SEED, i, corpus),
  }));
  await check(t, cases);
});

test('every real-world corpus file agrees with libxlutil', async (t) => {
  if (!existsSync(CORPUS_DIR)) {
    t.skip(`no corpus at ${CORPUS_DIR}`);
    return;
  }
  const files = readCorpus(CORPUS_DIR);
  assert.ok(files.length > 0, 'corpus folder is empty');
  await check(
    t,
    files.map((f) => ({ label: f.name, bytes: f.bytes })),
  );
});
