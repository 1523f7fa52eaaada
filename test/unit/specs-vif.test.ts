import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseVif } from '../../server/src/specs/vif';
import type { SpecParse } from '../../server/src/specs/types';

const sum = (p: SpecParse, k: string) => p.summary.find(([l]) => l === k)?.[1];
const one = (s: string) => {
  const p = parseVif(s);
  assert.equal(p.problems.length, 1, JSON.stringify(p.problems));
  return p.problems[0];
};

describe('vif-spec', () => {
  it('accepts the common forms, empty included', () => {
    for (const s of [
      '',
      'bridge=xenbr0',
      'mac=00:16:3e:01:02:03,bridge=xenbr0,model=e1000',
      'type=ioemu, ip=10.0.0.2',
      'rate=10Mb/s',
      'rate=250KB/s@20ms',
      'rate=1GB/s@100us',
      'devid=1,mtu=9000',
      'trusted',
      'vlan=10p/20',
      'script=vif-route,vifname=vif-web',
    ]) {
      const p = parseVif(s);
      assert.deepEqual(
        p.problems.filter((x) => x.severity === 'error' || x.severity === 'warning'),
        [],
        s,
      );
    }
    assert.equal(sum(parseVif('mac=00:16:3E:01:02:03'), 'mac'), '00:16:3e:01:02:03');
    assert.match(sum(parseVif(''), 'bridge')!, /xenbr0 \(default\)/);
  });
  it('per-token errors are not fatal', () => {
    let e = one('bridge=xenbr0,foo=1');
    assert.deepEqual([e.start, e.end, e.severity, e.fatal], [14, 19, 'warning', false]);
    assert.match(e.message, /unrecognized argument/);
    e = one('mac=00:16:3e:01:02');
    assert.deepEqual([e.start, e.end, e.fatal], [4, 18, false]);
    assert.match(e.message, /xl warns and keeps part of the MAC/);
    assert.deepEqual(e.xl?.printed, ["Invalid parameter `mac'."]);
    e = one('mac=00:16:3e:01:02:1ff');
    assert.equal(e.fatal, false);
    e = one('type=IOEMU');
    assert.deepEqual([e.start, e.end, e.fatal], [5, 10, false]);
    e = one(' bridge=br0,  bogus');
    assert.deepEqual([e.start, e.end], [14, 19]);
    assert.equal(one('netdev=eth0').fatal, false);
    assert.match(one('accel=x').message, /not supported/);
  });
  it('rate, devid and mtu errors are fatal', () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['rate=10M/s', 5, 10, /invalid rate/],
      ['rate=1mb/s', 5, 10, /upper case/],
      ['rate=10Mb', 5, 9, /\/s/],
      ['rate=0Mb/s', 5, 10, /rate overflow/],
      // the amount is checked before its unit multiplies it
      ['rate=5000000000B/s', 5, 18, /rate overflow/],
      ['rate=09MB/s', 5, 11, /rate overflow.*octal/],
      ['rate=@20ms', 5, 10, /no rate/],
      ['rate=10Mb/s@20xs', 12, 16, /replenishment interval/],
      ['rate=10Mb/s@0', 12, 13, /interval overflow/],
      ['rate=10Mb/s@5000', 12, 16, /interval overflow/],
      ['devid=x', 6, 7, /failed to convert/],
      ['mtu=', 4, 4, /failed to convert/],
    ];
    for (const [s, a, b, re] of cases) {
      const e = parseVif(s).problems.find((x) => x.fatal);
      assert.ok(e, s);
      assert.match(e.message, re, s);
      assert.deepEqual([e.start, e.end], [a, b], s);
    }
  });
  it('accepts what xl accepts: 100GB/s is 1e11 bytes/s (issue 10)', () => {
    const p = parseVif('rate=100GB/s');
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.device, { rate_interval_usecs: 50000, rate_bytes_per_interval: 5000000000n });
    // octal amounts stop at 8 or 9, and what follows is no unit
    assert.deepEqual(parseVif('rate=019KB/s@2').device, { rate_interval_usecs: 2000000, rate_bytes_per_interval: 2n });
  });
  it('builds the nic as xl does, with what xl prints', () => {
    const p = parseVif('mac=00:11,bridge=x');
    // a short mac reads on into the next token (`b` is a hex digit)
    assert.deepEqual(p.device, { mac: [0, 0x11, 0x0b, 0, 0, 0], bridge: 'x' });
    assert.deepEqual(
      p.problems.map((x) => x.xl),
      [{ effect: 'warning', printed: ["Invalid parameter `mac'."] }],
    );
    assert.deepEqual(parseVif('type=ioemu,devid=3,mtu=9000x,vifname=v,backend=d,forwarddev=f,netdev=n').device, {
      nictype: 'vif_ioemu',
      devid: 3,
      mtu: 9000,
      ifname: 'v',
      backend_domname: 'd',
      coloft_forwarddev: 'f',
      gatewaydev: 'n',
    });
    assert.deepEqual(
      parseVif('devid=x,mtu=y')
        .problems.filter((x) => x.xl)
        .map((x) => x.xl!.printed),
      [['xl: failed to convert "x" to number']],
    );
  });
  it('vlan is read from 4.19 (commit 0cc01c603f)', () => {
    for (const r of ['4.17', '4.18']) {
      const p = parseVif('vlan=10', { release: r });
      assert.deepEqual(p.device, {});
      assert.deepEqual(p.problems[0].xl, { effect: 'warning', printed: ["unrecognized argument `vlan=10'"] });
    }
    for (const r of ['4.19', '4.20', '4.21', '4.22'])
      assert.deepEqual(parseVif('vlan=10', { release: r }).device, { vlan: '10' });
  });
  it('a bare interval number means seconds', () => {
    const p = parseVif('rate=10Mb/s@20');
    assert.equal(p.problems.filter((x) => x.fatal).length, 0);
    const i = p.problems.find((x) => x.severity === 'information')!;
    assert.match(i.message, /seconds/);
    assert.deepEqual([i.start, i.end], [12, 14]);
    assert.match(sum(p, 'rate')!, /1250000 bytes\/s, replenished every 20000000 µs/);
    assert.match(sum(parseVif('rate=10Mb/s'), 'rate')!, /every 50000 µs/);
  });
  it('mtu accepts trailing junk (ignored)', () => {
    const p = parseVif('mtu=1500x');
    assert.equal(p.problems.filter((x) => x.fatal).length, 0);
    assert.equal(sum(p, 'mtu'), '1500');
  });
  it('fields have offsets', () => {
    const p = parseVif('mac=00:16:3e:00:00:01, bridge=br0');
    assert.deepEqual(
      p.fields.map((f) => [f.name, f.start, f.end, f.valueStart]),
      [
        ['mac', 0, 21, 4],
        ['bridge', 23, 33, 30],
      ],
    );
  });
});
