// Runs every check over the real-world corpus and compares `code@line` per file with the reviewed
// expectations in test/fixtures/corpus-expected.json (regenerate: npx tsx scripts/update-corpus-expected.ts).
// A false positive on a real, working config is a rule bug: fix the rule, then regenerate.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  CORPUS_DIR,
  EXPECTED_FILE,
  corpusFiles,
  corpusResult,
  type Expected,
} from '../../scripts/update-corpus-expected';

const present = fs.existsSync(CORPUS_DIR);

describe('corpus review', { skip: present ? false : `no corpus at ${CORPUS_DIR}` }, () => {
  const expected: Record<string, Expected> = fs.existsSync(EXPECTED_FILE)
    ? JSON.parse(fs.readFileSync(EXPECTED_FILE, 'utf8'))
    : {};
  const files = present ? corpusFiles() : [];

  it('every corpus file has a reviewed expectation with a comment', () => {
    const missing = files.filter((f) => !expected[f]);
    assert.deepEqual(missing, [], 'run scripts/update-corpus-expected.ts and review the new entries');
    for (const f of files) assert.ok(expected[f].comment, `${f} has no comment`);
  });

  it('produces exactly the reviewed diagnostics', () => {
    const diffs: string[] = [];
    for (const f of files) {
      const got = corpusResult(f);
      const want = expected[f]?.diagnostics ?? [];
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        const extra = got.filter((x) => !want.includes(x));
        const gone = want.filter((x) => !got.includes(x));
        diffs.push(`${f}: new [${extra.join(', ')}] gone [${gone.join(', ')}]`);
      }
    }
    assert.deepEqual(diffs, []);
  });

  it('no real config draws an internal error', () => {
    for (const f of files) assert.ok(!corpusResult(f).some((d) => d.startsWith('internal/')), f);
  });
});
