// cpuid against Xen's real xl: the policy b_info.cpuid xl builds from the string form
// ("host,flag=v,...") and the xend list form, and every line xl prints, for 4.17 and 4.20.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { structJson } from '../../server/src/libxl/json';
import type { LibxlValue } from '../../server/src/libxl/value';
import { parseCpuidLibxl, parseCpuidXendList } from '../../server/src/specs/cpuid';
import { cpuidNames } from '../../server/src/specs/cpuid-names';
import { ORACLE_RELEASES, xlUnavailable } from '../oracle/xlDryrun';
import {
  cfgList,
  cfgString,
  compareWithXl,
  config,
  describeDifferences,
  printedOf,
  summary,
  type SpecCase,
} from './specOracle';
import { SEED } from '../fc-seed';

const bits = (c: string) => c.repeat(32);

const cpuidJson = (device: LibxlValue | undefined, release: string) =>
  structJson('libxl_domain_build_info', device === undefined ? {} : { cpuid: device }, release).cpuid;

function stringCase(label: string, text: string, release: string): SpecCase {
  return {
    label,
    config: config('pvh', [`cpuid = ${cfgString(text)}`]),
    predict: () => {
      const p = parseCpuidLibxl(text, { release });
      return { json: cpuidJson(p.device, release), printed: printedOf(p.problems), fatal: false };
    },
    pick: (c) => (c.b_info as { cpuid?: never }).cpuid,
  };
}

function listCase(label: string, items: string[], release: string): SpecCase {
  return {
    label,
    config: config('pvh', [`cpuid = ${cfgList(items)}`]),
    predict: () => {
      const r = parseCpuidXendList(items, { release });
      return {
        json: cpuidJson(r.device, release),
        printed: r.parses.flatMap((p) => printedOf(p.problems)),
        fatal: false,
      };
    },
    pick: (c) => (c.b_info as { cpuid?: never }).cpuid,
  };
}

const HAND_STRINGS = [
  'host',
  'host,',
  '',
  ',',
  ' host,x2apic=0',
  'Host,x2apic=0',
  'x2apic=0',
  'host,x2apic=0,x2apic=1,avx=0',
  'host,fpu=z',
  'host,foo',
  'host,foo=1',
  'host,lahf_lm=0',
  'host, x2apic=0',
  'host,x2apic=0x',
  'host,family=0x6',
  'host,family=0x10',
  'host,family=0x1f',
  'host,family=255',
  'host,family=x',
  'host,family=k,model=0x5e',
  'host,model=0xab,stepping=3',
  'host,maxleaf=0x1f',
  'host,clflush=8',
  'host,clflush=x',
  'host,procpkg=63',
  'host,nc=-1',
  'host,pbe=1',
  'host,btc-no=1',
  'host,ppin=0',
  'host,arch-caps=1',
  'host,rdcl-no=1',
  'host,rdcl-no=s',
  'host,rdcl-no=11',
  'host,rdcl-no=',
  'host,rsba=0,eibrs=k,rdcl-no=x',
  'host,x2apic=',
  'host,x2apic=k,x2apic=s',
  'host,aes=xyz',
  'host,sse4.1=0,sse4_1=1',
  'host,svm_npt=0,svm=0',
  'host,maxhvleaf=5',
  'host,lfence+=1',
  'host,its-no=1',
  'host,avx512f=0,,avx2=1',
  'host,=1',
  'host,x2apic==0',
  'host,invtsc=1,itsc=1',
];

const HAND_LISTS: string[][] = [
  [],
  ['1:ecx=' + bits('x')],
  ['1:'],
  ['1'],
  ['x:eax=' + bits('0')],
  ['1,:eax=' + bits('0')],
  ['1 eax=' + bits('0')],
  ['1:exx=' + bits('0')],
  ['1:eax=xx'],
  ['1:eax=' + bits('1') + ',efx=1'],
  ['1:eax=' + bits('1') + ', ebx=' + bits('0')],
  ['0x7,0:ebx=' + bits('k') + ',edx=' + bits('s')],
  ['0xffffffff:eax=' + bits('1')],
  ['0xffffffff:eax=' + bits('1'), '2:eax=' + bits('0')],
  ['1,0xffffffff:eax=' + bits('1'), '1:ebx=' + bits('0')],
  ['-1:eax=' + bits('1')],
  ['0x100000001:eax=' + bits('1')],
  ['1:eax=' + bits('1'), '1:eax=' + bits('0')],
  ['1:ea=' + bits('0')],
  ['1:e', '2:ex'],
  ['1:eax' + bits('0')],
  ['1:eaxfoo=' + bits('q')],
  ['1:eax=' + bits('0') + ','],
  ['1:eax=' + bits('0') + ', '],
  ['1:eax=' + 'x'.repeat(33)],
  ['7,1:eax=' + bits('0'), '7,1:ecx=' + bits('1'), '7:eax=' + bits('x')],
  [' 1:eax=' + bits('0')],
  ['01:eax=' + bits('0')],
  ['1:eax=' + bits('0'), 'bad', '2:ebx=' + bits('1')],
];

function stringArb(release: string): fc.Arbitrary<string> {
  const names = cpuidNames(release);
  const name = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names.features) },
    { weight: 2, arbitrary: fc.constantFrom(...names.legacy.map((f) => f.name)) },
    { weight: 1, arbitrary: fc.constantFrom(...names.msr) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'foo',
        'X2APIC',
        ' x2apic',
        'lahf_lm',
        'pbe',
        'btc-no',
        'fpu ',
        '',
        'avx512-fp16',
        'sha512',
      ),
    },
  );
  const value = fc.oneof(
    fc.constantFrom(
      '0',
      '1',
      'x',
      'k',
      's',
      '2',
      '0x10',
      '-1',
      'abc',
      '',
      'xyz',
      '10',
      '0x',
      '077',
      '255',
      '0x1f',
      ' 1',
      '1z',
      'kk',
    ),
    fc.bigInt({ min: 0n, max: 1n << 40n }).map(String),
  );
  const word = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(name, value).map(([n, v]) => `${n}=${v}`) },
    { weight: 1, arbitrary: name },
  );
  return fc
    .tuple(
      fc.constantFrom('host', 'host', 'host', 'host', 'hos', ''),
      fc.array(fc.tuple(word, fc.constantFrom(',', ',', ',,')), { maxLength: 7 }),
    )
    .map(([h, ws]) => h + ws.map(([w, sep]) => sep + w).join(''));
}

function listArb(): fc.Arbitrary<string[]> {
  const leaf = fc.constantFrom('1', '0x7', '0x80000001', '7', '0xd', '0', '0xffffffff', '-1', 'x', '', '0x80000008');
  const sub = fc.constantFrom('', '', '', ',0', ',1', ',', ',x', ',0xffffffff');
  const reg = fc.constantFrom('eax', 'ebx', 'ecx', 'edx', 'eax', 'ecx', 'efx', 'ea', 'e');
  const policy = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .array(fc.constantFrom('0', '1', 'x', 'k', 's'), { minLength: 32, maxLength: 32 })
        .map((a) => a.join('')),
    },
    {
      weight: 1,
      arbitrary: fc.array(fc.constantFrom('0', '1', 'x', 'q'), { minLength: 30, maxLength: 34 }).map((a) => a.join('')),
    },
  );
  const regs = fc
    .array(fc.tuple(reg, policy), { minLength: 0, maxLength: 3 })
    .map((rs) => rs.map(([r, p]) => `${r}=${p}`).join(','));
  const item = fc.tuple(leaf, sub, fc.constantFrom(':', ':', ':', ' ', ''), regs).map(([l, s, c, r]) => l + s + c + r);
  return fc.array(item, { minLength: 1, maxLength: 4 });
}

describe('cpuid against xl', () => {
  for (const release of ORACLE_RELEASES) {
    it(`builds b_info.cpuid and prints what xl ${release} prints`, (t) => {
      const why = xlUnavailable();
      if (why) return t.skip(why);
      const strings = [...HAND_STRINGS, ...fc.sample(stringArb(release), { numRuns: 260, seed: SEED })];
      const lists = [...HAND_LISTS, ...fc.sample(listArb(), { numRuns: 260, seed: SEED })];
      const cases = [
        ...strings.map((s, i) => stringCase(`string ${i}`, s, release)),
        ...lists.map((l, i) => listCase(`list ${i}`, l, release)),
      ];
      const cmp = compareWithXl(cases, release);
      t.diagnostic(summary('cpuid', release, cmp));
      // The comparison is not vacuous: many policies built, many errors printed.
      assert.ok(cmp.valued > cmp.compared / 3 && cmp.printed > cmp.compared / 5, summary('cpuid', release, cmp));
      assert.equal(cmp.differences.length, 0, describeDifferences(cmp));
    });
  }
});
