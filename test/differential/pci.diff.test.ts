// The pci and rdm parsers (server/src/specs/pci.ts, rdm.ts) against Xen's real xl, 4.17 and 4.20:
// the libxl_device_pci (with the top-level pci_* defaults and the rdm policy xl copies in), the
// libxl_rdm_reserve, refusal, and what libxlu and xl print.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { JsonValue } from '../../server/src/libxl/jsonText';
import { pciSpec } from '../../server/src/specs/pci';
import { rdmSpec } from '../../server/src/specs/rdm';
import { ORACLE_RELEASES, xlUnavailable } from '../oracle/xlDryrun';
import { agreement, joined, quoteSpec, report, sample, type DeviceKind, type KnownDifference } from './devices';

// A PVH guest: xl copies b_info->u.hvm.rdm.policy, which for PVH lies past the union member in use
// and is still 0 from libxl_domain_build_info_init: strict.
const PVH: DeviceKind = {
  key: 'pci',
  lang: pciSpec,
  configKey: 'pcidevs',
  struct: 'libxl_device_pci',
  context: () => ({ pciDefaults: { msitranslate: 0, power_mgmt: 0, permissive: 0, seize: 0, rdm_policy: 'strict' } }),
};
// An HVM guest with top-level defaults: the policy stays at libxl's initial value (invalid).
const HVM: DeviceKind = {
  ...PVH,
  preamble: 'type = "hvm"\npci_permissive = 1\npci_msitranslate = 4294967296\npci_seize = 256\n',
  context: () => ({ pciDefaults: { msitranslate: 0, power_mgmt: 0, permissive: 1, seize: 256 } }),
};
const RDM: DeviceKind = {
  key: 'rdm',
  lang: rdmSpec,
  configKey: 'b_info',
  struct: 'libxl_rdm_reserve',
  preamble: 'type = "hvm"\n',
  line: (specs) => `rdm = ${quoteSpec(specs[0])}`,
  select: (config) => ((config.b_info as { [k: string]: JsonValue })['type.hvm'] as { [k: string]: JsonValue }).rdm,
};

const PCI_HAND = [
  '01:00.0',
  '0000:01:00.0',
  '1:0.0',
  '01:00.*',
  '01:00.0@1f',
  '01:00.0,permissive=1,rdm_policy=RELAXED',
  'bdf=01:00.1,vslot=3',
  'name=nic0',
  'ffff:ff:1f.7',
  '01:00.0,',
  '01:00.0 ,x=1',
  '01:00.0,permissive',
  '01:00.0,foo=1',
  '01:20.0',
  '01:00.8',
  '01:00.0@20',
  '01:00.0,name=x',
  'permissive=1',
  'bdf=zz',
  '01:00.0,rdm_policy=lax',
  '01:00.0,rdm_policy=invalid',
  '',
  '01:00',
  '0x1:0.0',
  '01:00.1@3,permissive=1,foo=2',
  ' 01:00.0',
  '01:00x',
  '0:1:2',
  '01:00 .0',
  '1:2',
  'ab:cd',
  '0:0',
  '01:1f.7@1f',
  '01:1f.7@20',
  '01:1f.8',
  '1:100000001.0',
  '-1:2.3',
  '01:00.0@',
  '01:00.0@x',
  'bdf=01:00.0junk',
  'bdf=1:2',
  'vslot=3,bdf=2:3.4',
  '1: 2.3',
  '1:2. 3',
  '01:00.0,seize=4294967296',
  '01:00.0,seize=-1',
  '01:00.0,msitranslate=x,power_mgmt=2',
  '01:00.0,a,b=1',
  'name=',
  'name=a,name=b',
  'bdf=1:2.3,bdf=4:5.6',
  '01:00.0,vslot=0x1f',
  '01:00.0,vslot=g',
  '1f:00,foo=1',
  '1:2,name=x',
  '01:00.0@1,',
  '01:00.0,,',
  '10000:00:00.0',
  '0:100:0.0',
  '01:00.0@1f0',
  'rdm_policy=strict,name=n',
  '01:00.0,bdf=',
];
const small = fc.constantFrom('0', '1', '01', '1f', '00', '7', 'a', '1F');
const hex = fc.oneof(
  { weight: 4, arbitrary: small },
  { weight: 1, arbitrary: fc.constantFrom('20', 'ff', '100', 'ffff', '10000', '8', '-1', '100000001', '0x1', ' 2') },
);
const bdf = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(hex, hex, fc.constantFrom('0', '7', '*', '3', '0', '1', '0x2', '8', '', 'x'))
      .map(([bus, dev, f]) => `${bus}:${dev}.${f}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(hex, hex, hex, fc.constantFrom('0', '3', '*'))
      .map(([d, bus, dev, f]) => `${d}:${bus}:${dev}.${f}`),
  },
  { weight: 1, arbitrary: fc.tuple(hex, hex).map(([bus, dev]) => `${bus}:${dev}`) },
);
const option = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'permissive=1',
      'seize=0',
      'msitranslate=1',
      'power_mgmt=1',
      'rdm_policy=relaxed',
      'vslot=2',
    ),
  },
  fc
    .tuple(
      fc.constantFrom('permissive', 'msitranslate', 'seize', 'power_mgmt'),
      fc.constantFrom('0', '1', '2', '-1', 'x', '', '4294967296', ' 1'),
    )
    .map(([k, v]) => `${k}=${v}`),
  fc.constantFrom(
    'rdm_policy=strict',
    'rdm_policy=relaxed',
    'rdm_policy=Relaxed',
    'rdm_policy=lax',
    'vslot=3',
    'vslot=1f',
    'vslot=20',
    'name=n',
    'foo=1',
    'bdf',
  ),
  bdf.map((x) => `bdf=${x}`),
);
const pciSpecArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(bdf, fc.constantFrom('', '', '@3', '@1f', '@20', '@'), joined(option, 2, fc.constant(',')))
      .map(([a, v, rest]) => (rest ? `${a}${v},${rest}` : `${a}${v}`)),
  },
  { weight: 1, arbitrary: joined(option, 4) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('bdf=', 'name=n,bdf='), bdf).map(([k, x]) => k + x) },
);

const RDM_HAND = [
  'strategy=host',
  'strategy=host,policy=relaxed',
  'strategy=host,policy=bad',
  'policy=bad',
  'policy=bad,strategy=host',
  'foo=bar',
  'strategy=hos',
  '',
  'strategy=host,',
  'policy=invalid',
  'policy=STRICT,strategy=host',
  'strategy=host,strategy=host',
  'strategy=host=x',
  'strategy',
  '=host',
  ',',
  'strategy=host,,policy=x',
  'policy=',
  'strategy=',
];
const rdmArb = joined(
  fc.constantFrom(
    'strategy=host',
    'strategy=guest',
    'policy=strict',
    'policy=relaxed',
    'policy=lax',
    'foo=1',
    'strategy',
    '',
  ),
  3,
);

const GENERATED = 250;

// Differences we accept, each with why; nothing else may differ.
// Nothing: the one behaviour that varies (an address without `.F`, see parseBdf) is tested as the
// first item of a list, where both oracles read the offset as 0.
const KNOWN: KnownDifference[] = [];

for (const release of ORACLE_RELEASES) {
  test(`pci specs agree with xl ${release} (hand-picked and ${GENERATED} generated, PVH and HVM defaults)`, (t) => {
    const why = xlUnavailable();
    if (why) {
      t.skip(why);
      return;
    }
    const specs = [...PCI_HAND, ...sample(pciSpecArb, GENERATED, 3)];
    for (const [name, kind, list] of [
      ['pci (pvh)', PVH, specs],
      ['pci (hvm, pci_* set)', HVM, specs.slice(0, 150)],
    ] as const) {
      const a = agreement(kind, list, release, KNOWN);
      t.diagnostic(report(name, release, a));
      for (const k of a.known) t.diagnostic(`known: ${k}`);
      assert.ok(
        a.refused > 20 && a.accepted > (kind === PVH ? 80 : 40),
        `a generator that exercises both verdicts (${report(name, release, a)})`,
      );
      assert.deepEqual(a.differences, []);
    }
  });
  test(`rdm strings agree with xl ${release}`, (t) => {
    const why = xlUnavailable();
    if (why) {
      t.skip(why);
      return;
    }
    const a = agreement(RDM, [...RDM_HAND, ...sample(rdmArb, 60, 4)], release, [], 1);
    t.diagnostic(report('rdm', release, a));
    assert.deepEqual(a.differences, []);
  });
}
