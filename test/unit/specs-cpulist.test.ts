import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpulistCpus, parseCpulist } from '../../server/src/specs/cpulist';

describe('cpulist', () => {
  it('accepts N, N-M, all, ^, node:, nodes:', () => {
    for (const s of ['0', '0-3', 'all', '0-7,^3', 'node:0', 'nodes:0-1,^node:1', '^2,1', 'node:all', ' 1', '3,,4']) {
      assert.deepEqual(parseCpulist(s).problems.filter((x) => x.fatal), [], s);
    }
  });
  it('computes the CPU set left to right', () => {
    assert.deepEqual([...(cpulistCpus('0-5,^2-3,7') as Set<number>)].sort(), [0, 1, 4, 5, 7]);
    assert.equal(cpulistCpus('all'), 'all');
    assert.equal(cpulistCpus('node:all'), 'all');
    assert.equal(cpulistCpus('node:0'), undefined);
    assert.equal(cpulistCpus('^all'), undefined);
    assert.deepEqual([...(cpulistCpus('^1,1') as Set<number>)], [1]);
    assert.equal(parseCpulist('0-3,^1').summary[0][1], '0,2-3');
  });
  it('reports errors with offsets, all fatal', () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['^all', 0, 4, /\^.*all/],
      ['1,^node:all', 2, 11, /\^.*all/],
      ['1 ', 1, 2, /trailing blanks/],
      ['0-3 ,5', 3, 4, /trailing blanks/],
      [' ^1', 0, 3, /no blanks are allowed before/],
      ['3-1', 0, 3, /below the start/],
      ['x', 0, 1, /invalid pcpu range/],
      ['0-', 0, 2, /invalid pcpu range/],
      ['1-2x', 3, 4, /unexpected `x`/],
      ['node:x', 0, 6, /invalid pcpu range/],
    ];
    for (const [s, a, b, re] of cases) {
      const p = parseCpulist(s);
      const e = p.problems.find((x) => x.fatal);
      assert.ok(e, s);
      assert.match(e.message, re, s);
      assert.deepEqual([e.start, e.end, e.severity], [a, b, 'error'], s);
    }
  });
  it('empty list warns, not fatal', () => {
    const p = parseCpulist('');
    assert.equal(p.problems[0].severity, 'warning');
    assert.equal(p.problems[0].fatal, false);
  });
  it('huge ranges are cheap', () => {
    const t = Date.now();
    parseCpulist('0-4000000000');
    cpulistCpus('0-18446744073709551614');
    assert.ok(Date.now() - t < 1000);
    assert.equal(parseCpulist('18446744073709551615').problems[0].fatal, true);
  });
});
