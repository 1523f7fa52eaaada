import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpuidFeatureSetting, parseCpuidLibxl, parseCpuidXend, parseCpuidXendList } from '../../server/src/specs/cpuid';
import { cpuidName } from '../../server/src/specs/cpuid-names';
import type { SpecParse } from '../../server/src/specs/types';
import { isCpuidPolicy, type CpuidPolicy } from '../../server/src/libxl/value';

const sum = (p: SpecParse, k: string) => p.summary.find(([l]) => l === k)?.[1];
const bits = (i: number, c: string) => 'x'.repeat(i) + c + 'x'.repeat(31 - i);
const policy = (p: { device?: unknown }): CpuidPolicy => {
  assert.ok(isCpuidPolicy(p.device));
  return p.device;
};

describe('cpuid-libxl', () => {
  it('accepts host plus feature settings', () => {
    const p = parseCpuidLibxl('host,x2apic=0,avx512f=1,lahf-lm=k,xapic-status=x,family=0x6,sse4.1=s,apic=xyz');
    assert.deepEqual(
      p.problems.filter((x) => x.severity !== 'information'),
      [],
    );
    assert.equal(sum(p, 'x2apic'), '0 (hidden)');
    assert.equal(sum(p, 'family'), '6');
    assert.equal(sum(p, 'lahf-lm'), 'k (host value)');
  });
  it('builds the policy strings libxl builds, merging flags of one leaf', () => {
    const p = policy(parseCpuidLibxl('host,x2apic=0,avx=1,fpu=k,family=0x1f,model=0xab'));
    // leaf 1: eax from family/model (split fields), ecx bit 21 = 0 and bit 28 = 1, edx bit 0 = k
    assert.deepEqual(p.cpuid, [
      {
        leaf: 1,
        eax: 'xxxx000100001010xxxx11111011xxxx',
        ecx: 'xxx1xxxxxx0xxxxxxxxxxxxxxxxxxxxx',
        edx: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxk',
      },
    ]);
    assert.deepEqual(p.msr, []);
  });
  it('MSR-backed features go to MSR 0x10a; s is stored as k', () => {
    const p = policy(parseCpuidLibxl('host,rdcl-no=s,rsba=1', { release: '4.17' }));
    assert.deepEqual(p.cpuid, []);
    assert.equal(p.msr.length, 1);
    assert.equal(p.msr[0].index, 0x10a);
    assert.equal(p.msr[0].policy.slice(-1), 'k');
    assert.equal(p.msr[0].policy.length, 64);
  });
  it('an illegal value still creates the leaf (or MSR) entry, as cpuid_find_match runs first', () => {
    const p = parseCpuidLibxl('host,fpu=z,rdcl-no=11');
    assert.deepEqual(policy(p).cpuid, [{ leaf: 1 }]);
    assert.equal(policy(p).msr[0].policy, 'x'.repeat(64));
    assert.deepEqual(
      p.problems.map((x) => x.xl?.printed),
      [
        ['while parsing CPUID flag: "fpu=z":', '  error #3: illegal CPUID value (must be: [0|1|x|k|s])'],
        ['while parsing CPUID flag: "rdcl-no=11":', '  error #3: illegal CPUID value (must be: [0|1|x|k|s])'],
      ],
    );
    assert.equal(parseCpuidLibxl('host,foo=1,bar').device, undefined);
  });
  it('first word must be exactly host; errors are never fatal', () => {
    for (const [s, a, b] of [
      ['x2apic=0', 0, 8],
      ['Host,x2apic=0', 0, 4],
      [' host,x2apic=0', 0, 5],
    ] as const) {
      const p = parseCpuidLibxl(s);
      assert.equal(p.problems.length, 1, s);
      const e = p.problems[0];
      assert.deepEqual([e.start, e.end, e.severity, e.fatal], [a, b, 'warning', false], s);
      assert.match(e.message, /first word must be "host"/);
      assert.deepEqual(e.xl, {
        effect: 'warning',
        printed: [`while parsing CPUID string: "${s}":`, '  error: first word must be "host"'],
      });
      assert.equal(p.device, undefined);
    }
    assert.match(parseCpuidLibxl('x2apic=0').problems[0].message, /host,/);
  });
  it('error #1, #2, #3 with offsets', () => {
    let p = parseCpuidLibxl('host,x2apic');
    assert.deepEqual([p.problems[0].start, p.problems[0].end, p.problems[0].fatal], [5, 11, false]);
    assert.match(p.problems[0].xl!.printed[1], /error #1: missing "=" in key=value/);
    p = parseCpuidLibxl('host,x3apic=0');
    assert.deepEqual(
      [p.problems[0].start, p.problems[0].end, p.problems[0].severity, p.problems[0].fatal],
      [5, 11, 'warning', false],
    );
    assert.match(p.problems[0].message, /unknown CPUID flag/);
    assert.match(p.problems[0].message, /x2apic/);
    assert.equal(p.problems[0].xl!.printed[1], '  error #2: unknown CPUID flag name');
    p = parseCpuidLibxl('host, x2apic=0');
    assert.match(p.problems[0].message, /blanks/);
    p = parseCpuidLibxl('host,lahf_lm=0');
    assert.match(p.problems[0].message, /lahf-lm/);
    p = parseCpuidLibxl('host,x2apic=off');
    assert.deepEqual([p.problems[0].start, p.problems[0].end], [12, 15]);
    assert.match(p.problems[0].xl!.printed[1], /error #3/);
    p = parseCpuidLibxl('host,xapic-status=10');
    assert.match(p.problems[0].xl!.printed[1], /error #3/);
    assert.ok(parseCpuidLibxl('host,x2apic=2').problems[0].message.includes('means 0'));
  });
  it('the name data is what scripts/gen-cpuid-names.ts reads from each release (when the Xen mirror is here)', (t) => {
    const git = process.env.XEN_GIT ?? '/work/.mirror/xen-project+xen/repo';
    if (!existsSync(git)) return t.skip('no Xen mirror');
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/gen-cpuid-names.ts', '--check', '--xen', git],
      { encoding: 'utf8' },
    );
    assert.match(out, /current/);
  });
  it('follows each release: names added in 4.18, 4.19, 4.21 and 4.22', () => {
    const known = (name: string, release: string) =>
      parseCpuidLibxl(`host,${name}=0`, { release }).problems.length === 0;
    for (const [name, since] of [
      ['wrmsrns', '4.18'],
      ['sha512', '4.19'],
      ['la57', '4.20'],
      ['lkgs', '4.21'],
      ['avx512-bmm', '4.22'],
    ]) {
      for (const r of ['4.17', '4.18', '4.19', '4.20', '4.21', '4.22'])
        assert.equal(known(name, r), r >= since, `${name} in ${r}`);
    }
    // 4.18 dropped the legacy `pbe` and `btc-no` (ed317b8619): the feature names of the same bits remain.
    assert.equal(
      cpuidName('pbe', '4.17')?.kind === 'cpuid' && (cpuidName('pbe', '4.17') as { legacy: boolean }).legacy,
      true,
    );
    assert.equal(
      cpuidName('pbe', '4.18')?.kind === 'cpuid' && (cpuidName('pbe', '4.18') as { legacy: boolean }).legacy,
      false,
    );
    assert.deepEqual(
      parseCpuidLibxl('host,pbe=1', { release: '4.17' }).device,
      parseCpuidLibxl('host,pbe=1', { release: '4.18' }).device,
    );
  });
});

describe('cpuid-xend', () => {
  it('accepts LEAF[,SUBLEAF]:REG=32 chars lists', () => {
    for (const s of [
      '1:ecx=' + bits(0, 'x'),
      '0x7,0:ebx=' + bits(3, '0') + ', edx=' + bits(1, '1'),
      '0x80000001:ecx=' + bits(31, 'k'),
    ]) {
      assert.deepEqual(parseCpuidXend(s).problems, [], s);
    }
  });
  it('error numbers 1-5, never fatal', () => {
    const cases: Array<[string, number]> = [
      ['x:eax=' + bits(0, 'x'), 1],
      ['1,:eax=' + bits(0, 'x'), 2],
      ['1 eax=' + bits(0, 'x'), 3],
      ['1:exx=' + bits(0, 'x'), 4],
      ['1:eax=xx', 5],
      ['1:eax=' + bits(0, 'x') + ',efx=1', 4],
    ];
    for (const [s, n] of cases) {
      const p = parseCpuidXend(s);
      assert.equal(p.problems.length, 1, s);
      assert.equal(p.problems[0].xl!.printed[0], `while parsing CPUID line: "${s}":`);
      assert.match(p.problems[0].xl!.printed[1], new RegExp(`^  error #${n}: `), s);
      assert.equal(p.problems[0].fatal, false);
    }
    const p = parseCpuidXend('1:eax=' + 'x'.repeat(31) + 'q');
    assert.equal(p.problems[0].severity, 'warning');
    assert.deepEqual([p.problems[0].start, p.problems[0].end], [37, 38]);
  });
  it('merges items of one leaf; leaf 0xffffffff is the list terminator and vanishes', () => {
    const r = parseCpuidXendList([
      '1:eax=' + bits(0, '1'),
      '1:ebx=' + bits(0, '0'),
      '1,0:ecx=' + bits(0, 'k'),
      '0xffffffff:eax=' + bits(0, '1'),
    ]);
    assert.deepEqual(r.device?.cpuid, [
      { leaf: 1, eax: bits(0, '1'), ebx: bits(0, '0') },
      { leaf: 1, subleaf: 0, ecx: bits(0, 'k') },
    ]);
    // Registers before an error stay written.
    const e = parseCpuidXendList(['2:eax=' + bits(0, '1') + ',ebx=short']);
    assert.deepEqual(e.device?.cpuid, [{ leaf: 2, eax: bits(0, '1') }]);
    assert.equal(
      e.parses[0].problems[0].xl!.printed[1],
      '  error #5: policy string must be exactly 32 characters long',
    );
  });
});

describe('cpuidFeatureSetting', () => {
  it('finds x2apic in the string form, last wins', () => {
    const s = 'host,x2apic=1,avx=0,x2apic=0';
    const r = cpuidFeatureSetting([parseCpuidLibxl(s)], 'x2apic');
    assert.deepEqual(r, { value: '0', start: 20, end: 28, index: 0 });
    assert.equal(cpuidFeatureSetting([parseCpuidLibxl('x2apic=0')], 'x2apic'), undefined);
    assert.equal(cpuidFeatureSetting([parseCpuidLibxl('host,avx=0')], 'x2apic'), undefined);
    assert.equal(cpuidFeatureSetting([parseCpuidLibxl('host,x2apic=off')], 'x2apic'), undefined);
  });
  it('detects leaf 1 ECX bit 21 in the list form', () => {
    const items = ['0x80000001:ecx=' + bits(10, '0'), '1:edx=' + bits(10, '0'), '0x00000001:ecx=' + bits(10, '0')];
    const r = cpuidFeatureSetting(
      items.map((s) => parseCpuidXend(s)),
      'x2apic',
    );
    assert.deepEqual(r, { value: '0', start: 15 + 10, end: 15 + 11, index: 2 });
    assert.equal(cpuidFeatureSetting([parseCpuidXend('1:ecx=' + bits(11, '0'))], 'x2apic')?.value, 'x');
    assert.match(parseCpuidXend('1:ecx=' + bits(10, '0')).summary.find(([k]) => k === 'ecx')![1], /x2apic=0/);
  });
});
