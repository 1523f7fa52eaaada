// cpus / cpus_soft against Xen's real xl on the oracle's host (64 CPUs, 8 nodes): the CPU map xl
// builds from one string (copied to every vCPU) and what it prints, for 4.17 and 4.20.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { JsonValue } from '../../server/src/libxl/jsonText';
import { LibxlBitmap } from '../../server/src/libxl/value';
import { HARD_AFFINITY_EMPTY, hardAffinityEmpty, parseCpulist } from '../../server/src/specs/cpulist';
import { ORACLE_RELEASES, xlUnavailable } from '../oracle/xlDryrun';
import {
  cfgString,
  compareWithXl,
  config,
  describeDifferences,
  fatalOf,
  printedOf,
  summary,
  type SpecCase,
} from './specOracle';
import { SEED } from '../fc-seed';

const HOST = { cpus: 64, nodes: 8 };
const VCPUS = 2;

function cpusCase(label: string, key: 'cpus' | 'cpus_soft', text: string, release: string): SpecCase {
  const field = key === 'cpus' ? 'vcpu_hard_affinity' : 'vcpu_soft_affinity';
  return {
    label,
    config: config('pvh', [`vcpus = ${VCPUS}`, `${key} = ${cfgString(text)}`]),
    predict: () => {
      const p = parseCpulist(text, { release, host: HOST });
      const map = p.device;
      let json: JsonValue | undefined;
      if (map instanceof LibxlBitmap) json = Array.from({ length: VCPUS }, () => map.bits());
      else if (map !== undefined) throw new Error(`no map for ${text} on a known host`);
      // create_domain then masks every hard affinity map and exits when one is empty.
      if (key === 'cpus' && map && hardAffinityEmpty(map)) return { json, printed: [HARD_AFFINITY_EMPTY], fatal: true };
      return { json, printed: printedOf(p.problems), fatal: fatalOf(p.problems) };
    },
    pick: (c) => (c.b_info as { [k: string]: JsonValue })[field],
  };
}

const HAND = [
  '',
  ',',
  '0',
  '3',
  '0-3',
  '0-63',
  '0-64',
  '63',
  '64',
  '100',
  'all',
  'node:all',
  'nodes:all',
  '^all',
  '^node:all',
  '0-7,^3',
  'node:0',
  'node:1',
  'nodes:0-1,^node:1',
  'node:7',
  'node:8',
  'node:63',
  'node:64',
  'node:4294967297',
  'node:-1',
  '^2,1',
  '1,^1',
  ' 1',
  '1 ',
  '3,,4',
  'x',
  '0-',
  '-1',
  '-2',
  '3-1',
  '1-2x',
  'node:x',
  'node:^1',
  '^node:x',
  '^ 1',
  ' ^1',
  '4294967297',
  '4294967295-4294967300',
  '2147483647-2147483649',
  '18446744073709551615',
  '18446744073709551614',
  '0-18446744073709551615',
  '+5',
  '0x10',
  '010',
  'all,^0-62',
  'all,^node:0-6',
  'node:0-3,^8-31',
  'nodes:2,0',
  'node:',
  '^',
];

function elementArb(): fc.Arbitrary<string> {
  const n = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 70 }).map(String) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '4294967297',
        '4294967359',
        '2147483648',
        '-1',
        '-2',
        '+3',
        '007',
        '18446744073709551615',
        '',
      ),
    },
  );
  const ordered = fc
    .tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 20 }))
    .map(([a, d]) => `${a}-${a + d}`);
  const range = fc.oneof(
    { weight: 3, arbitrary: n },
    { weight: 3, arbitrary: ordered },
    { weight: 1, arbitrary: fc.tuple(n, n).map(([a, b]) => `${a}-${b}`) },
  );
  const prefix = fc.constantFrom('', '', '', '', '', '^', '^', 'node:', 'nodes:', '^node:', '^nodes:', 'node:^', ' ');
  const body = fc.oneof(
    { weight: 12, arbitrary: range },
    { weight: 1, arbitrary: fc.constantFrom('all', 'x', 'al', '1 ', '1-2-3') },
  );
  return fc.tuple(prefix, body).map(([p, b]) => p + b);
}

const listArb = fc
  .array(fc.tuple(elementArb(), fc.constantFrom(',', ',', ',,')), { minLength: 1, maxLength: 5 })
  .map((es) => es.map(([e, s], i) => (i ? s : '') + e).join(''));

/**
 * Numbers xl walks one by one for this list (parse_range's strtoul, as xl reads it); cases over
 * 2^24 are left out (xl takes seconds to hours on them; the unit tests cover the model's answer).
 */
function work(text: string): bigint {
  let total = 0n;
  for (const el of text.split(',')) {
    const m = /^\^?(?:nodes?:)?\s*([-+]?\d+)(?:-\s*([-+]?\d+))?$/.exec(el);
    if (!m) continue;
    const c = (v: string): bigint => BigInt.asUintN(64, BigInt(v));
    const a = c(m[1]);
    const b = m[2] === undefined ? a : c(m[2]);
    if (b >= a) total += (b - a + 1n) * (el.includes('node') ? 1000n : 1n);
  }
  return total;
}

describe('cpus against xl', () => {
  for (const release of ORACLE_RELEASES) {
    it(`builds the CPU maps and prints what xl ${release} prints`, (t) => {
      const why = xlUnavailable();
      if (why) return t.skip(why);
      const all = [...HAND, ...fc.sample(listArb, { numRuns: 440, seed: SEED })];
      const texts = all.filter((s) => work(s) < 1n << 24n);
      t.diagnostic(`${all.length - texts.length} lists xl would walk for seconds or more are left out`);
      const cases = texts.map((s, i) => cpusCase(`cpus ${i}`, i % 5 === 4 ? 'cpus_soft' : 'cpus', s, release));
      const cmp = compareWithXl(cases, release);
      t.diagnostic(summary('cpus', release, cmp));
      assert.equal(cmp.differences.length, 0, describeDifferences(cmp));
      assert.ok(cmp.valued > cmp.compared / 3 && cmp.refused > cmp.compared / 10, summary('cpus', release, cmp));
      assert.equal(cmp.differences.length, 0, describeDifferences(cmp));
    });
  }
});
