// iomem, ioports, irqs, llc_colors and smbios against Xen's real xl: each list as xl stores it
// (b_info.iomem, .ioports, .irqs, .llc_colors, .u.hvm.smbios) and every line xl prints, for 4.17
// and 4.20 (4.17 reads neither llc_colors nor smbios: nothing must happen there).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { structJson } from '../../server/src/libxl/json';
import type { JsonValue } from '../../server/src/libxl/jsonText';
import type { LibxlStruct, LibxlValue } from '../../server/src/libxl/value';
import { parseIomem } from '../../server/src/specs/iomem';
import { parseIoport } from '../../server/src/specs/ioports';
import { parseIrq } from '../../server/src/specs/irqs';
import { llcColorList } from '../../server/src/specs/llcColors';
import { smbiosList } from '../../server/src/specs/smbios';
import type { SpecParse } from '../../server/src/specs/types';
import { ORACLE_RELEASES, xlUnavailable } from '../oracle/xlDryrun';
import {
  cfgList,
  compareWithXl,
  config,
  crashOf,
  describeDifferences,
  fatalOf,
  printedOf,
  summary,
  type Prediction,
  type SpecCase,
} from './specOracle';
import { SEED } from '../fc-seed';

type Key = 'iomem' | 'ioports' | 'irqs' | 'llc_colors' | 'smbios';

/** Items parsed one by one, as xl's loops do: every item until the first one xl exits at. */
function perItem(
  items: readonly string[],
  parse: (t: string) => SpecParse,
): { parses: SpecParse[]; values?: LibxlValue[] } {
  const parses: SpecParse[] = [];
  const values: LibxlValue[] = [];
  for (const t of items) {
    const p = parse(t);
    parses.push(p);
    if (fatalOf(p.problems)) return { parses };
    values.push(p.device!);
  }
  return { parses, values };
}

function predict(key: Key, items: readonly string[], release: string): Prediction {
  const ctx = { release };
  let r: { parses: SpecParse[]; values?: LibxlValue };
  if (key === 'llc_colors') {
    const l = llcColorList(items, ctx);
    r = { parses: l.parses, values: l.colors };
  } else if (key === 'smbios') {
    const s = smbiosList(items, ctx);
    r = { parses: s.parses, values: s.entries };
  } else {
    const parse = key === 'iomem' ? parseIomem : key === 'ioports' ? parseIoport : parseIrq;
    const p = perItem(items, (t) => parse(t, ctx));
    r = { parses: p.parses, values: p.values };
  }
  const problems = r.parses.flatMap((p) => p.problems);
  const b: LibxlStruct =
    key === 'smbios' ? { type: 'hvm', u: r.values ? { smbios: r.values } : {} } : r.values ? { [key]: r.values } : {};
  return {
    json: pick(key, structJson('libxl_domain_build_info', b, release)),
    printed: printedOf(problems),
    fatal: fatalOf(problems),
    crash: crashOf(problems),
  };
}

function pick(key: Key, b: { [k: string]: JsonValue } | undefined): JsonValue | undefined {
  if (key === 'smbios') return (b?.['type.hvm'] as { [k: string]: JsonValue } | undefined)?.smbios;
  return b?.[key];
}

function rangeCase(label: string, key: Key, items: string[], release: string): SpecCase {
  return {
    label,
    config: config(key === 'smbios' ? 'hvm' : 'pvh', [`${key} = ${cfgList(items)}`]),
    predict: () => predict(key, items, release),
    pick: (c) => pick(key, c.b_info as { [k: string]: JsonValue }),
  };
}

const HAND: Record<Key, string[][]> = {
  iomem: [
    ['fe000,1'],
    ['0x10,0x2'],
    ['1,2@3'],
    [' 1, 2'],
    ['1 ,2'],
    ['0x,1'],
    ['-1,1'],
    ['1,2@'],
    ['1,2@0x'],
    ['1,2x'],
    ['1,2 '],
    ['ffffffffffffffffff,1'],
    ['1,2@-1'],
    ['1,2@fffffffffffffffe'],
    ['+a,+b@+c'],
    ['1'],
    [''],
    ['1,'],
    ['1,2', 'x', '3,4'],
    ['0,0'],
  ],
  ioports: [
    ['2f8-2ff'],
    ['3f8'],
    ['2f8z'],
    ['2ff-2f8'],
    ['ffffffff'],
    ['fffffffe'],
    ['-1'],
    ['0x3f8'],
    ['1-'],
    ['1-x'],
    ['1-2x'],
    [' 5'],
    ['5 '],
    ['0-fffffffe'],
    ['1-ffffffff'],
    ['1-fffffffff'],
    [''],
    ['0x'],
    ['3f8', 'zz', '2f8'],
    ['ffff-0'],
    ['1-+2'],
  ],
  irqs: [
    ['7'],
    ['0x7'],
    [' 7'],
    ['7 '],
    ['-1'],
    ['4294967294'],
    ['4294967295'],
    [''],
    ['+7'],
    ['007'],
    ['1', 'x', '2'],
    ['99999999999999999999'],
  ],
  llc_colors: [
    ['0'],
    ['0-3'],
    ['3-0'],
    ['3-'],
    ['3x'],
    [' 3 - 5'],
    ['3- 5'],
    ['4294967297'],
    ['0x10'],
    ['010'],
    ['a'],
    [''],
    ['1-2', '5', '2-3'],
    ['-1'],
    ['4294967295'],
    ['4294967294-4294967295'],
    ['+2-+4'],
    ['2--1'],
    ['1-2-3'],
    ['7-7'],
  ],
  smbios: [
    ['bios_vendor=Xen'],
    ['OEM=foo'],
    ['bios_vender=Xen'],
    ['oem='],
    ['oem'],
    ['=x'],
    ['bios_vendor = x'],
    ['BIOS_Version=a=b'],
    ['oem=1', 'oem=2', 'system_manufacturer=m'],
    Array.from({ length: 99 }, (_, i) => `oem=s${i}`),
    Array.from({ length: 100 }, (_, i) => `oem=s${i}`),
    ['battery_device_name=x', 'nope=1', 'oem=2'],
    ['oem= '],
  ],
};

const hex = fc.oneof(
  { weight: 5, arbitrary: fc.bigInt({ min: 0n, max: 0xfffffn }).map((v) => v.toString(16)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('0x1f', 'ffffffff', 'fffffffe', '-1', '0x', ' a', '+3', 'z', '', '100000000', 'FFFF'),
  },
);
const dec = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('4294967295', '4294967297', '-1', '0x10', ' 3', '', 'x', '+2', '010') },
);
const ITEM: Record<Key, fc.Arbitrary<string>> = {
  iomem: fc
    .tuple(
      hex,
      fc.constantFrom(',', ',', ',', ', ', ' ,', ''),
      hex,
      fc.constantFrom('', '', '@', '@ '),
      hex,
      fc.constantFrom('', '', '', ' ', 'x'),
    )
    .map(([a, c, n, at, g, tail]) => a + c + n + (at ? at + g : '') + tail),
  ioports: fc
    .tuple(hex, fc.constantFrom('', '', '-', '-', 'z', ' '), hex)
    .map(([a, d, e]) => (d === '-' ? `${a}-${e}` : a + d)),
  irqs: dec,
  llc_colors: fc
    .tuple(dec, fc.constantFrom('', '', '-', '-', ' - ', 'x'), fc.integer({ min: 0, max: 30 }))
    .map(([a, d, e]) => (d === '-' || d === ' - ' ? `${a}${d}${/^\d+$/.test(a) ? Number(a) + e : e}` : a + d)),
  smbios: fc
    .tuple(
      fc.constantFrom(
        'bios_vendor',
        'oem',
        'OEM',
        'system_version',
        'battery_manufacturer',
        'baseboard_asset_tag',
        'nope',
        '',
        ' oem',
      ),
      fc.constantFrom('=', '=', '=', '', '=='),
      fc.constantFrom('Xen', 'a b', '', ' ', '1.0', 'x=y'),
    )
    .map(([k, e, v]) => k + e + v),
};

describe('iomem, ioports, irqs, llc_colors, smbios against xl', () => {
  for (const release of ORACLE_RELEASES) {
    it(`build the lists and print what xl ${release} prints`, (t) => {
      const why = xlUnavailable();
      if (why) return t.skip(why);
      const cases: SpecCase[] = [];
      for (const key of Object.keys(HAND) as Key[]) {
        const lists = [
          ...HAND[key],
          ...fc.sample(fc.array(ITEM[key], { minLength: 1, maxLength: 4 }), { numRuns: 90, seed: SEED }),
        ];
        lists.forEach((items, i) => cases.push(rangeCase(`${key} ${i}`, key, items, release)));
      }
      const cmp = compareWithXl(cases, release);
      t.diagnostic(summary('ranges', release, cmp));
      assert.equal(cmp.differences.length, 0, describeDifferences(cmp));
      assert.ok(cmp.valued > cmp.compared / 4 && cmp.refused > cmp.compared / 10, summary('ranges', release, cmp));
    });
  }
});
