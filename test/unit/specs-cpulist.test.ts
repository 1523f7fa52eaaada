import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hardAffinityEmpty, parseCpulist } from '../../server/src/specs/cpulist';
import { LibxlBitmap, Unknown } from '../../server/src/libxl/value';

const HOST = { cpus: 64, nodes: 8 };
const bits = (text: string, host?: { cpus?: number; nodes?: number }): number[] | string | undefined => {
  const d = parseCpulist(text, { release: '4.20', host }).device;
  if (d instanceof Unknown) return d.reason;
  if (d instanceof LibxlBitmap) return d.bits();
  return undefined;
};

describe('cpulist', () => {
  it('accepts N, N-M, all, ^, node:, nodes:', () => {
    for (const s of ['0', '0-3', 'all', '0-7,^3', 'node:0', 'nodes:0-1,^node:1', '^2,1', 'node:all', ' 1', '3,,4']) {
      assert.deepEqual(
        parseCpulist(s).problems.filter((x) => x.fatal),
        [],
        s,
      );
    }
  });
  it('builds the map left to right, sized for the host', () => {
    assert.deepEqual(bits('0-5,^2-3,7'), [0, 1, 4, 5, 7]);
    assert.deepEqual(bits('0-5,^2-3,7', HOST), [0, 1, 4, 5, 7]);
    assert.deepEqual(bits('all', { cpus: 6 }), [0, 1, 2, 3, 4, 5, 6, 7]); // whole bytes
    assert.deepEqual(bits('all,^node:0-6', HOST), [56, 57, 58, 59, 60, 61, 62, 63]);
    assert.deepEqual(bits('node:1', HOST), [8, 9, 10, 11, 12, 13, 14, 15]);
    assert.deepEqual(bits('node:63,node:64,node:4294967297', HOST), [8, 9, 10, 11, 12, 13, 14, 15]);
    assert.deepEqual(bits('4294967297', HOST), [1]); // libxl_bitmap_set takes an int
    assert.deepEqual(bits('2147483648-4294967295', HOST), []);
    assert.deepEqual(bits('100', HOST), []);
    assert.deepEqual(bits('^1,1'), [1]);
    assert.deepEqual(bits(''), []);
    assert.equal(parseCpulist('0-3,^1').summary.find(([k]) => k === 'CPUs')?.[1], '0,2-3');
  });
  it('is Unknown without the host when the result depends on it', () => {
    assert.match(bits('all') as string, /--host-cpus/);
    assert.match(bits('node:0') as string, /--host-nodes/);
    assert.match(bits('node:0', { cpus: 64 }) as string, /--host-nodes/);
    assert.match(bits('8') as string, /--host-cpus/);
    assert.match(bits('0-100000') as string, /--host-cpus/);
    assert.deepEqual(bits('0-15,^8-15'), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(bits('7'), [7]);
  });
  it('reports errors with offsets and xl lines, all fatal', () => {
    const cases: Array<[string, number, number, RegExp, string]> = [
      ['^all', 0, 4, /\^.*all/, `Can't combine "^" and "all".`],
      ['1,^node:all', 2, 11, /\^.*all/, `Can't combine "^" and "all".`],
      ['1 ', 1, 2, /trailing blanks/, 'Invalid pcpu range: 1 .'],
      ['0-3 ,5', 3, 4, /trailing blanks/, 'Invalid pcpu range: 0-3 .'],
      [' ^1', 0, 3, /no blanks before/, 'Invalid pcpu range:  ^1.'],
      ['3-1', 0, 3, /below the start/, 'Invalid pcpu range: 3-1.'],
      ['x', 0, 1, /invalid pcpu range/, 'Invalid pcpu range: x.'],
      ['0-', 0, 2, /invalid pcpu range/, 'Invalid pcpu range: 0-.'],
      ['1-2x', 3, 4, /unexpected `x`/, 'Invalid pcpu range: 1-2x.'],
      ['^node:x', 0, 7, /invalid pcpu range/, 'Invalid pcpu range: x.'],
      ['18446744073709551615', 0, 20, /invalid pcpu range/, 'Invalid pcpu range: 18446744073709551615.'],
    ];
    for (const [s, a, b, re, line] of cases) {
      const p = parseCpulist(s);
      const e = p.problems.find((x) => x.fatal);
      assert.ok(e, s);
      assert.match(e.message, re, s);
      assert.deepEqual([e.start, e.end, e.severity], [a, b, 'error'], s);
      assert.deepEqual(e.xl, { effect: 'refusal', printed: [line] }, s);
      assert.equal(p.device, undefined, s);
    }
  });
  it('a range xl would walk for hours is a hang, not a value', () => {
    const p = parseCpulist('0-18446744073709551614', { release: '4.20', host: HOST });
    assert.equal(p.problems[0].xl?.effect, 'hang');
    assert.equal(p.problems[0].fatal, true);
    assert.equal(parseCpulist('node:0-4294967296').problems[0].xl?.effect, 'hang');
    assert.deepEqual(bits('0-4294967296', HOST), [...Array(64).keys()]);
  });
  it('says whether a hard affinity map is empty after xl.conf masks (xl then exits)', () => {
    const map = (t: string, host?: { cpus?: number; nodes?: number }) =>
      parseCpulist(t, { release: '4.17', host }).device!;
    assert.equal(hardAffinityEmpty(map('', HOST) as LibxlBitmap), true);
    assert.equal(hardAffinityEmpty(map('64', HOST) as LibxlBitmap), true);
    assert.equal(hardAffinityEmpty(map('1,^1') as LibxlBitmap), true);
    assert.equal(hardAffinityEmpty(map('3') as LibxlBitmap), false);
    assert.equal(hardAffinityEmpty(map('64') as Unknown), undefined);
    assert.equal(hardAffinityEmpty(map('3,64') as Unknown), false); // CPU 3 is set on every host
    assert.equal(hardAffinityEmpty(map('node:1') as Unknown), undefined);
  });
  it('empty list warns (xlcfg advice), not fatal', () => {
    const p = parseCpulist('');
    assert.equal(p.problems[0].severity, 'warning');
    assert.equal(p.problems[0].fatal, false);
    assert.equal(p.problems[0].xl, undefined);
  });
});
