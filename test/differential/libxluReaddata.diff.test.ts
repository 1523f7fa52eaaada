// Differential test: the lines libxlutil prints for a file it refuses (syntax and lexical errors,
// the Python warning, the abort on a NUL inside quotes), as server/src/xl/libxluReaddata.ts
// replays them, against Xen's own libxlutil (xlu-harness.c, Debian's libxen-dev) on the parser
// test's inputs: the hand-picked quirks, the generated and mutated inputs, and the real corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { decodeUtf8 } from '../../server/src/syntax/utf8';
import { libxluReaddata, PYTHON_WARNING } from '../../server/src/xl/libxluReaddata';
import { buildHarness, repoRoot, runOracle, type OracleResult } from './oracle';
import { lossy } from './compare';
import { generateInput, LIBXLU_QUIRKS, readCorpus } from './generate';
import { DEFAULT_SEED } from '../fc-seed';

const SEED = DEFAULT_SEED;
const GENERATED = 2500;
const CORPUS_DIR = path.resolve(repoRoot, '..', 'shared', 'corpus', 'real');

/** What the replay says libxlutil prints, in the harness's form (its config source is "cfg"). */
function replay(bytes: Uint8Array): { verdict: string; lines: string[] } {
  const r = libxluReaddata(decodeUtf8(bytes).text);
  if (r.abort) return { verdict: 'abort', lines: [] };
  const lines = r.errors.map((e) => `cfg:${e.line}: ${e.text}`);
  if (r.python) lines.push(...PYTHON_WARNING);
  return { verdict: r.ok ? 'ok' : 'refused', lines };
}

function libxlutil(o: OracleResult): { verdict: string; lines: string[] } {
  if ('abort' in o) return { verdict: 'abort', lines: [] };
  if ('crash' in o) return { verdict: `crash ${o.crash}`, lines: [] };
  return { verdict: o.ok ? 'ok' : 'refused', lines: o.report };
}

/** Bytes that are not UTF-8 are printed raw by libxlutil and read back with replacement here. */
const lossyLines = (lines: string[]): string[] => lines.map(lossy);

async function check(
  t: { skip: (msg: string) => void },
  cases: Array<{ label: string; bytes: Uint8Array }>,
  minRefused = 0,
): Promise<void> {
  const harness = buildHarness();
  if (harness.skip !== undefined) {
    t.skip(harness.skip);
    return;
  }
  const bin = harness.bin;
  const os = await runOracle(
    bin,
    cases.map((c) => ({ bytes: c.bytes, keys: [] })),
  );
  const failures: string[] = [];
  let refused = 0;
  cases.forEach((c, i) => {
    const ours = replay(c.bytes);
    const theirs = libxlutil(os[i]);
    if (theirs.verdict !== 'ok') refused++;
    const same =
      ours.verdict === theirs.verdict &&
      JSON.stringify(lossyLines(ours.lines)) === JSON.stringify(lossyLines(theirs.lines));
    if (!same) {
      failures.push(
        `--- ${c.label}: ${JSON.stringify(Buffer.from(c.bytes).toString('latin1').slice(0, 300))}\n` +
          `libxlutil ${theirs.verdict}: ${JSON.stringify(theirs.lines)}\nreplay ${ours.verdict}: ${JSON.stringify(ours.lines)}`,
      );
    }
  });
  // Inputs libxlutil never refuses would make the comparison vacuous.
  assert.ok(refused >= minRefused, `libxlutil refuses only ${refused} of ${cases.length}`);
  assert.equal(
    failures.length,
    0,
    `${failures.length} of ${cases.length} differ:\n${failures.slice(0, 10).join('\n')}`,
  );
}

const QUIRKS = [
  ...LIBXLU_QUIRKS,
  'memory = -1\n',
  'import os\nname = "a"\ndef f():\n  pass\n',
  'x = [1 +',
  'x = 1 +',
  'x = \n',
  'Memory = 1\nfoo = bar\n',
  'a = [1,\n2\n',
  'name = "a"\n# c',
  'memory = 512M\nvcpus=2 3\n',
  'a = "x" "y"\nb = ]\nc = [[1]\n',
  'a = \'\\e\'\nb = "\\q"\n',
];

test('hand-picked quirks: the lines libxlutil prints', async (t) => {
  await check(
    t,
    QUIRKS.map((q, i) => ({ label: `quirk ${i}`, bytes: Buffer.from(q, 'utf8') })),
    20,
  );
});

test(`${GENERATED} generated and mutated inputs: the lines libxlutil prints (seed ${SEED})`, async (t) => {
  const corpus = existsSync(CORPUS_DIR) ? readCorpus(CORPUS_DIR).map((c) => c.bytes) : [];
  const cases = Array.from({ length: GENERATED }, (_, i) => ({
    label: `seed ${SEED} input ${i}`,
    bytes: generateInput(SEED, i, corpus),
  }));
  await check(t, cases, GENERATED / 4);
});

test('every real-world corpus file: the lines libxlutil prints', async (t) => {
  if (!existsSync(CORPUS_DIR)) {
    t.skip(`no corpus at ${CORPUS_DIR}`);
    return;
  }
  await check(
    t,
    readCorpus(CORPUS_DIR).map((f) => ({ label: f.name, bytes: f.bytes })),
  );
});
