// The differential tests skip with one line when a tool they need is missing (CONTRIBUTING: "each
// part skips with one line without them"), instead of failing on ENOENT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHarness } from '../differential/oracle';
import { xlUnavailable, XL_DRYRUN } from '../oracle/xlDryrun';
import { onPath } from '../onPath';

test('onPath finds commands by name only where PATH says', () => {
  assert.equal(onPath('sh'), true);
  assert.equal(onPath('sh', ''), false);
  assert.equal(onPath('xlcfg-no-such-command'), false);
});

test('without cc on PATH the libxlutil harness is skipped with one line, not thrown', () => {
  const out = mkdtempSync(join(tmpdir(), 'xlcfg-harness-'));
  const saved = process.env.PATH;
  process.env.PATH = join(out, 'empty');
  try {
    const h = buildHarness(out);
    assert.equal(h.bin, undefined);
    assert.match(h.skip ?? '', /^(no C compiler \(cc\) on PATH|libxen-dev not installed)/);
    assert.ok(!h.skip?.includes('\n'), 'one line');
  } finally {
    process.env.PATH = saved;
    rmSync(out, { recursive: true, force: true });
  }
});

test('without python3 or cc on PATH the xl oracle is unavailable, with the reason', () => {
  const why = xlUnavailable('');
  assert.ok(why, 'the oracle needs python3 and cc');
  assert.match(why, new RegExp(`^(no python3 on PATH|${XL_DRYRUN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is absent)`));
});
