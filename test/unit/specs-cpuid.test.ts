import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpuidFeatureSetting, parseCpuidLibxl, parseCpuidXend } from '../../server/src/specs/cpuid';
import type { SpecParse } from '../../server/src/specs/types';

const sum = (p: SpecParse, k: string) => p.summary.find(([l]) => l === k)?.[1];
const bits = (i: number, c: string) => 'x'.repeat(i) + c + 'x'.repeat(31 - i);

describe('cpuid-libxl', () => {
  it('accepts host plus feature settings', () => {
    const p = parseCpuidLibxl('host,x2apic=0,avx512f=1,lahf-lm=k,xapic-status=x,family=0x6,sse4.1=s,apic=xyz');
    assert.deepEqual(p.problems.filter((x) => x.severity !== 'information'), []);
    assert.equal(sum(p, 'x2apic'), '0 (hidden)');
    assert.equal(sum(p, 'family'), '6');
    assert.equal(sum(p, 'lahf-lm'), 'k (host value)');
  });
  it('first word must be exactly host; errors are never fatal', () => {
    for (const [s, a, b] of [['x2apic=0', 0, 8], ['Host,x2apic=0', 0, 4], [' host,x2apic=0', 0, 5]] as const) {
      const p = parseCpuidLibxl(s);
      assert.equal(p.problems.length, 1, s);
      const e = p.problems[0];
      assert.deepEqual([e.start, e.end, e.severity, e.fatal], [a, b, 'warning', false], s);
      assert.match(e.message, /first word must be "host"/);
    }
    assert.match(parseCpuidLibxl('x2apic=0').problems[0].message, /host,x2apic=0/);
  });
  it('error #1, #2, #3 with offsets', () => {
    let p = parseCpuidLibxl('host,x2apic');
    assert.deepEqual([p.problems[0].start, p.problems[0].end, p.problems[0].fatal], [5, 11, false]);
    assert.match(p.problems[0].message, /error #1/);
    p = parseCpuidLibxl('host,x3apic=0');
    assert.deepEqual([p.problems[0].start, p.problems[0].end, p.problems[0].severity, p.problems[0].fatal], [5, 11, 'warning', false]);
    assert.match(p.problems[0].message, /not a feature name known to xlcfg; xl reports error #2/);
    assert.match(p.problems[0].message, /x2apic/);
    p = parseCpuidLibxl('host, x2apic=0');
    assert.match(p.problems[0].message, /blanks/);
    p = parseCpuidLibxl('host,lahf_lm=0');
    assert.match(p.problems[0].message, /lahf-lm/);
    p = parseCpuidLibxl('host,x2apic=off');
    assert.deepEqual([p.problems[0].start, p.problems[0].end], [12, 15]);
    assert.match(p.problems[0].message, /error #3/);
    p = parseCpuidLibxl('host,xapic-status=10');
    assert.match(p.problems[0].message, /error #3/);
    assert.ok(parseCpuidLibxl('host,x2apic=2').problems[0].message.includes('means 0'));
  });
});

describe('cpuid-xend', () => {
  it('accepts LEAF[,SUBLEAF]:REG=32 chars lists', () => {
    for (const s of ['1:ecx=' + bits(0, 'x'), '0x7,0:ebx=' + bits(3, '0') + ', edx=' + bits(1, '1'), '0x80000001:ecx=' + bits(31, 'k')]) {
      assert.deepEqual(parseCpuidXend(s).problems, [], s);
    }
  });
  it('error numbers 1-5, never fatal', () => {
    const cases: Array<[string, number]> = [
      ['x:eax=' + bits(0, 'x'), 1], ['1,:eax=' + bits(0, 'x'), 2], ['1 eax=' + bits(0, 'x'), 3], ['1:exx=' + bits(0, 'x'), 4],
      ['1:eax=xx', 5], ['1:eax=' + bits(0, 'x') + ',efx=1', 4],
    ];
    for (const [s, n] of cases) {
      const p = parseCpuidXend(s);
      assert.equal(p.problems.length, 1, s);
      assert.match(p.problems[0].message, new RegExp(`error #${n}`), s);
      assert.equal(p.problems[0].fatal, false);
    }
    const p = parseCpuidXend('1:eax=' + 'x'.repeat(31) + 'q');
    assert.equal(p.problems[0].severity, 'warning');
    assert.deepEqual([p.problems[0].start, p.problems[0].end], [37, 38]);
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
    const r = cpuidFeatureSetting(items.map(parseCpuidXend), 'x2apic');
    assert.deepEqual(r, { value: '0', start: 15 + 10, end: 15 + 11, index: 2 });
    assert.equal(cpuidFeatureSetting([parseCpuidXend('1:ecx=' + bits(11, '0'))], 'x2apic')?.value, 'x');
    assert.match(parseCpuidXend('1:ecx=' + bits(10, '0')).summary.find(([k]) => k === 'ecx')![1], /x2apic=0/);
  });
});
