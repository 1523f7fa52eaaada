// vnuma against Xen's real xl on the oracle's host (64 CPUs, 8 nodes): the vnodes, max_vcpus,
// max_memkb and numa_placement xl builds, and what it prints, for 4.17 and 4.20.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { structJson } from '../../server/src/libxl/json';
import type { JsonValue } from '../../server/src/libxl/jsonText';
import type { LibxlStruct } from '../../server/src/libxl/value';
import { toInt32 } from '../../server/src/libxl/cnum';
import type { Value } from '../../server/src/syntax/tree';
import { MEMKB_DEFAULT, parseVnumaConfig } from '../../server/src/specs/vnuma';
import { ORACLE_RELEASES, xlUnavailable } from '../oracle/xlDryrun';
import { cfgString, compareWithXl, config, describeDifferences, summary, type SpecCase } from './specOracle';
import { SEED } from '../fc-seed';

const HOST = { cpus: 64, nodes: 8 };
const FIELDS = ['max_vcpus', 'max_memkb', 'vnuma_nodes', 'numa_placement'] as const;

interface Input {
  vnuma: Value;
  maxvcpus?: string;
  maxmem?: string;
}

function render(v: Value): string {
  return typeof v === 'string' ? cfgString(v) : `[ ${v.map(render).join(', ')} ]`;
}

const pick = (b: { [k: string]: JsonValue } | undefined): JsonValue => {
  const o: { [k: string]: JsonValue } = {};
  for (const f of FIELDS) if (b?.[f] !== undefined) o[f] = b[f];
  return o;
};

function vnumaCase(label: string, input: Input, release: string, known?: string): SpecCase {
  const lines: string[] = [];
  if (input.maxvcpus !== undefined) lines.push(`maxvcpus = ${input.maxvcpus}`);
  if (input.maxmem !== undefined) lines.push(`maxmem = ${input.maxmem}`);
  lines.push(`vnuma = ${render(input.vnuma)}`);
  return {
    label,
    known,
    config: config('pvh', lines),
    predict: () => {
      // What the xl model hands over: maxvcpus as xl stores it in an int.
      const maxVcpus = input.maxvcpus === undefined ? 0 : toInt32(BigInt(input.maxvcpus.replace(/"/g, '')));
      const maxMemkb = input.maxmem === undefined ? MEMKB_DEFAULT : BigInt(input.maxmem) * 1024n;
      const r = parseVnumaConfig({ value: input.vnuma, maxVcpus, maxMemkb, host: HOST, release });
      const b: LibxlStruct = { max_vcpus: r.maxVcpus, max_memkb: r.maxMemkb, vnuma_nodes: r.vnodes };
      if (r.numaPlacementOff) b.numa_placement = false;
      return {
        json: pick(structJson('libxl_domain_build_info', b, release)),
        printed: r.reports.flatMap((p) => [...(p.xl?.printed ?? [])]),
        fatal: r.fatal,
        crash: r.reports.some((p) => p.xl?.effect === 'crash'),
      };
    },
    pick: (c) => pick(c.b_info as { [k: string]: JsonValue }),
  };
}

const dist = (n: number) => 'vdistances=' + Array.from({ length: n }, (_, i) => 10 + i).join(',');

const HAND: Array<[Input, string?]> = [
  [{ vnuma: [['pnode=0', 'size=512', 'vcpus=0-1', 'vdistances=10,20,30,40']] }],
  [{ vnuma: [['pnode=0', 'size=512', 'vcpus=x,3x,5-4,7-']] }],
  [{ vnuma: [['pnode=9', 'size=512', 'vcpus=0']] }],
  [{ vnuma: [['pnode=8', 'size=512', 'vcpus=0']] }],
  [{ vnuma: [['pnode=7', 'size=512', 'vcpus=0']] }],
  [{ vnuma: [['pnode=0', 'size=512', 'vcpus=0'], 'size=5'] }],
  [{ vnuma: ['size=5', ['pnode=0', 'size=512', 'vcpus=0']] }],
  [{ vnuma: [['pnode=0', 'size=512', 'vcpus=0-100']] }],
  [{ vnuma: [['pnode=0', 'size=512', 'vcpus=0-63']] }],
  [{ vnuma: [['pnode=0', 'size=512', 'vcpus=0-64']] }],
  [{ vnuma: [['pnode=0', 'size=512', 'vcpus=0-99']], maxvcpus: '100' }],
  [{ vnuma: [['pnode=0', 'size=512', 'vcpus=0-1']], maxvcpus: '"-1"' }],
  [
    {
      vnuma: [
        ['pnode=0', 'size=256', 'vcpus=0'],
        ['pnode=1', 'size=256', 'vcpus=1', 'vdistances=20,10'],
      ],
      maxvcpus: '2',
      maxmem: '512',
    },
  ],
  [
    {
      vnuma: [
        ['pnode=0', 'size=256', 'vcpus=0'],
        ['pnode=1', 'size=256', 'vcpus=1'],
      ],
      maxvcpus: '3',
    },
  ],
  [{ vnuma: [['pnode=0', 'size=256', 'vcpus=0']], maxmem: '100' }],
  [{ vnuma: [['size=256', 'vcpus=8-9', '5', ['x']], []] }],
  [{ vnuma: 'x' }],
  [{ vnuma: [] }],
  [{ vnuma: [[]] }],
  [{ vnuma: [['pnode=0==1', 'size  =  25x6', 'vcpus=0', 'foo=bar', '=x']] }],
  [{ vnuma: [['pnode=0', 'size=256', 'vcpus=0', 'a']] }],
  [{ vnuma: [['pnode=0', 'size=256', 'vcpus=0', 'vdistances=1,,x']] }],
  [{ vnuma: [['vcpus=0-19']], maxvcpus: '20' }],
  [{ vnuma: [['vcpus=4294967297']] }],
  [{ vnuma: [['vcpus=4294967297']], maxvcpus: '1' }],
  [{ vnuma: [['vcpus= ']] }],
  [{ vnuma: [['vcpus=,']] }],
  [{ vnuma: [['vdistances=']] }],
  [{ vnuma: [['vdistances= , ']] }],
  [{ vnuma: [['size=18014398509481984']] }],
  [{ vnuma: [['size=1'], ['size=18446744073709551615']] }],
  [{ vnuma: [['size=-2']] }],
  [{ vnuma: [['size=100', 'size=200'], ['size=300']], maxmem: '600' }],
  [{ vnuma: [['pnode=1', 'pnode=0']] }],
  [{ vnuma: [['pnode=4294967296']] }],
  [{ vnuma: [['vcpus=0', 'vcpus=0']], maxvcpus: '2' }],
  [{ vnuma: [['vcpus=0-7'], ['vcpus=8-15']], maxvcpus: '16' }],
  [{ vnuma: [['vcpus=0-7'], ['vcpus=8-15']], maxvcpus: '12' }],
  [{ vnuma: [['vcpus=0-7'], ['vcpus=8-15']], maxvcpus: '4294967312' }],
  [{ vnuma: [['vcpus=0-7'], ['vcpus=8-15']] }],
  [{ vnuma: [['Vcpus=0', ' size = 5 ', 'pnode =1']] }],
  [{ vnuma: [['size=512']], maxmem: '0' }],
  [{ vnuma: [['size=0']], maxmem: '0' }],
  [{ vnuma: [[dist(6)]] }],
  [{ vnuma: [[dist(7)]] }, 'heap overflow past the malloc chunk: undefined behaviour (4.20 survives it)'],
  [{ vnuma: [[dist(10)], [dist(10)]] }, 'heap overflow past the malloc chunk: undefined behaviour (4.17 exits 1)'],
  [{ vnuma: [[dist(200)]] }],
  [{ vnuma: Array.from({ length: 7 }, () => [dist(10)]) }],
  [{ vnuma: Array.from({ length: 7 }, () => [dist(11)]) }],
];

function inputArb(): fc.Arbitrary<Input> {
  const num = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 9 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', ' 1', 'x', '2x', '-2', '4294967297', '512') },
  );
  const vcpuTok = fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 12 }).map(String) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 4 }))
        .map(([a, d]) => `${a}-${a + d}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('x', '3x', '5-4', '7-', ' 2', '4294967297', '') },
  );
  const sizes = fc.constantFrom('0', '64', '128', '256', '512', '1x', ' 32 ', 'k');
  const item = (nodes: number) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.oneof(fc.integer({ min: 0, max: 8 }).map(String), num).map((v) => `pnode=${v}`) },
      { weight: 3, arbitrary: sizes.map((v) => `size=${v}`) },
      { weight: 4, arbitrary: fc.array(vcpuTok, { minLength: 1, maxLength: 3 }).map((t) => `vcpus=${t.join(',')}`) },
      {
        weight: 2,
        arbitrary: fc.array(num, { minLength: 1, maxLength: nodes + 1 }).map((t) => `vdistances=${t.join(',')}`),
      },
      { weight: 1, arbitrary: fc.constantFrom('foo=1', 'size', '=5', 'pnode = 1', 'size==64', ' vcpus = 1 ') },
    );
  const vnode = (nodes: number) => fc.array(item(nodes), { minLength: 0, maxLength: 5 });
  const vnuma = fc.integer({ min: 1, max: 3 }).chain((n) => fc.array(vnode(n), { minLength: n, maxLength: n }));
  return fc.record(
    {
      vnuma,
      maxvcpus: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, '1', '2', '3', '4', '0'),
      maxmem: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, undefined, '0', '256', '512'),
    },
    { requiredKeys: ['vnuma'] },
  );
}

describe('vnuma against xl', () => {
  for (const release of ORACLE_RELEASES) {
    it(`builds the vnodes and prints what xl ${release} prints`, (t) => {
      const why = xlUnavailable();
      if (why) return t.skip(why);
      const inputs: Array<[Input, string?]> = [
        ...HAND,
        ...fc.sample(inputArb(), { numRuns: 450, seed: SEED }).map((i): [Input] => [i]),
      ];
      const cases = inputs.map(([input, known], i) => vnumaCase(`vnuma ${i}`, input, release, known));
      const cmp = compareWithXl(cases, release);
      t.diagnostic(summary('vnuma', release, cmp));
      for (const k of cmp.known) t.diagnostic(`known difference ${k.label}: ${k.why.split('\n').pop()}`);
      assert.equal(cmp.differences.length, 0, describeDifferences(cmp));
      assert.ok(cmp.valued > cmp.compared / 4 && cmp.refused > cmp.compared / 10, summary('vnuma', release, cmp));
    });
  }
});
