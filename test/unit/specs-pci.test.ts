import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePci } from '../../server/src/specs/pci';
import { parseRdm } from '../../server/src/specs/rdm';
import type { SpecParse } from '../../server/src/specs/types';
import { Unknown } from '../../server/src/libxl/value';

const sum = (p: SpecParse, k: string) => p.summary.find(([l]) => l === k)?.[1];

describe('pci-spec', () => {
  it('accepts BDF forms and key=value forms', () => {
    for (const s of [
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
    ]) {
      assert.deepEqual(
        parsePci(s).problems.filter((x) => x.fatal),
        [],
        s,
      );
    }
    assert.equal(sum(parsePci('1:2.3'), 'device'), '0000:01:02.3');
    assert.match(sum(parsePci('01:00.*'), 'device')!, /all functions/);
    assert.equal(sum(parsePci('01:00.0@1f'), 'vslot'), '0x1f');
  });
  it('rejects bad forms, all fatal', () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['01:00.0 ,x=1', 7, 8, /no blanks/],
      ['01:00.0,permissive', 8, 18, /key=value/],
      ['01:00.0,foo=1', 8, 11, /unknown option `foo`/],
      ['01:20.0', 0, 7, /key=value|slot/],
      ['01:00.8', 0, 7, /function|key=value/],
      ['01:00.0@20', 8, 10, /above 0x1f/],
      ['01:00.0,name=x', 0, 14, /not both/],
      ['permissive=1', 0, 12, /no device address/],
      ['bdf=zz', 4, 6, /bad bdf/],
      ['01:00.0,rdm_policy=lax', 19, 22, /rdm_policy/],
      ['', 0, 0, /empty/],
    ];
    for (const [s, a, b, re] of cases) {
      const e = parsePci(s).problems.find((x) => x.fatal);
      assert.ok(e, s);
      assert.match(e.message, re, s);
      assert.deepEqual([e.start, e.end], [a, b], s + ' ' + e.message);
      // xl's own words go with the claim (dry-run, the effective config view), not in the message
      assert.match(e.xl?.printed.join('\n') ?? '', /unable to parse PCI_SPEC_STRING/);
    }
  });
  it('fields', () => {
    const p = parsePci('01:00.0@3,seize=1');
    assert.deepEqual(
      p.fields.map((f) => [f.name, f.value, f.start, f.end, !!f.positional]),
      [
        ['bdf', '01:00.0', 0, 7, true],
        ['vslot', '3', 7, 9, true],
        ['seize', '1', 10, 17, false],
      ],
    );
  });
});

describe('pci-spec: what xl builds and prints', () => {
  it('builds libxl_device_pci with the top-level defaults xl copies in', () => {
    assert.deepEqual(parsePci('01:1f.7@1f').device, {
      msitranslate: false,
      power_mgmt: false,
      permissive: false,
      seize: false,
      domain: 0,
      bus: 1,
      dev: 31,
      func: 7,
      vfunc_mask: 1,
      vdevfn: 248,
    });
    const ctx = {
      release: '4.20',
      pciDefaults: { msitranslate: 1, power_mgmt: 0, permissive: 256, seize: 0, rdm_policy: 'strict' },
    };
    assert.deepEqual(parsePci('name=n,permissive=0,rdm_policy=RELAXED', ctx).device, {
      msitranslate: true,
      power_mgmt: false,
      permissive: false,
      seize: false,
      rdm_policy: 'relaxed',
      name: 'n',
    });
    // sscanf %x stores 32 bits; atoi is (int) strtol, so 2^32 is 0
    assert.equal((parsePci('1:100000001.0').device as { dev: number }).dev, 1);
    assert.equal((parsePci('01:00.0,seize=4294967296').device as { seize: boolean }).seize, false);
    assert.equal((parsePci('01:00.*').device as { vfunc_mask: number }).vfunc_mask, 0xffffffff);
  });
  it("prints libxlu's message and xl's on one line", () => {
    assert.deepEqual(parsePci('01:00.0,foo=2').problems[0].xl, {
      effect: 'refusal',
      printed: ["Unknown PCI_SPEC_STRING option: foounable to parse PCI_SPEC_STRING `01:00.0,foo=2' for passthrough"],
    });
    assert.deepEqual(parsePci('01:00').problems[0].xl, {
      effect: 'refusal',
      printed: ["unable to parse PCI_SPEC_STRING `01:00' for passthrough"],
    });
    // `invalid` is a name of libxl_rdm_reserve_policy too
    assert.deepEqual(parsePci('01:00.0,rdm_policy=invalid').problems, []);
  });
});

describe('rdm-spec', () => {
  it('on success xl copies an uninitialised policy (and strategy when none is given)', () => {
    const d = parseRdm('strategy=host').device as { strategy: unknown; policy: unknown };
    assert.equal(d.strategy, 'host');
    assert.ok(d.policy instanceof Unknown);
    assert.ok((parseRdm('policy=bad').device as { strategy: unknown }).strategy instanceof Unknown);
    assert.equal(parseRdm('strategy=host,policy=strict').device, undefined);
    assert.deepEqual(parseRdm('strategy=host,policy=bad').problems[0].xl, {
      effect: 'warning',
      printed: ['Unknown RDM policy: bad'],
      unterminated: true,
    });
  });
  it('strategy=host works', () => {
    const p = parseRdm('strategy=host');
    assert.deepEqual(p.problems, []);
    assert.equal(sum(p, 'strategy'), 'host');
  });
  it('a valid policy makes xl silently ignore the whole setting', () => {
    const p = parseRdm('strategy=host,policy=relaxed');
    assert.equal(p.problems.length, 1);
    const e = p.problems[0];
    assert.deepEqual([e.start, e.end, e.severity, e.fatal], [14, 28, 'warning', false]);
    assert.match(e.message, /ignores the whole rdm setting/);
    assert.match(sum(p, 'strategy')!, /ignored/);
  });
  it('an invalid policy is reported but accepted', () => {
    const p = parseRdm('strategy=host,policy=bogus');
    assert.equal(p.problems[0].fatal, false);
    assert.match(p.problems[0].message, /unknown RDM policy `bogus`/);
    assert.deepEqual(p.problems[0].xl?.printed, ['Unknown RDM policy: bogus']);
    assert.equal(sum(p, 'strategy'), 'host');
  });
  it('unknown option, strategy, trailing comma: ignored, never fatal', () => {
    for (const [s, a, b] of [
      ['foo=1', 0, 3],
      ['strategy=guest', 9, 14],
      ['strategy=host,', 14, 14],
    ] as const) {
      const p = parseRdm(s);
      assert.equal(p.problems.length, 1, s);
      assert.deepEqual([p.problems[0].start, p.problems[0].end, p.problems[0].fatal], [a, b, false], s);
    }
  });
});
