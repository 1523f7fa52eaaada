// The vif parser (server/src/specs/vif.ts) against Xen's real xl, 4.17 and 4.20: the
// libxl_device_nic, refusal, and every line xl prints (rate, mac, unrecognized arguments).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { devidFromIndex } from '../../server/src/specs/devid';
import { vifSpec } from '../../server/src/specs/vif';
import { ORACLE_RELEASES, xlUnavailable } from '../oracle/xlDryrun';
import { agreement, joined, report, sample, type DeviceKind, type KnownDifference } from './devices';

const KIND: DeviceKind = {
  key: 'vif',
  lang: vifSpec,
  configKey: 'nics',
  struct: 'libxl_device_nic',
  indexDevid: (r) => devidFromIndex('vif', r),
};

const HAND = [
  '',
  'bridge=xenbr0',
  'mac=00:16:3e:01:02:03,bridge=xenbr0,model=e1000',
  'type=ioemu, ip=10.0.0.2',
  'rate=10Mb/s',
  'rate=250KB/s@20ms',
  'rate=1GB/s@100us',
  'devid=1,mtu=9000',
  'trusted',
  'untrusted',
  'vlan=10p/20',
  'script=vif-route,vifname=vif-web',
  'mac=00:16:3E:01:02:03',
  'bridge=xenbr0,foo=1',
  'mac=00:16:3e:01:02',
  'mac=00:16:3e:01:02:1ff',
  'type=IOEMU',
  ' bridge=br0,  bogus',
  'netdev=eth0',
  'accel=x',
  'rate=10M/s',
  'rate=1mb/s',
  'rate=10Mb',
  'rate=0Mb/s',
  'rate=5GB/s',
  'rate=100GB/s',
  'rate=5000000000B/s',
  'rate=5000000000b/s',
  'rate=@20ms',
  'rate=10Mb/s@20xs',
  'rate=10Mb/s@0',
  'rate=10Mb/s@5000',
  'rate=10Mb/s@4294s',
  'rate=10Mb/s@4295s',
  'rate=4294967295GB/s@4294967295us',
  'rate=09MB/s',
  'rate=019KB/s@2',
  'rate=0178b/s',
  'rate=010KB/s@010ms',
  'rate=1B/s@5000s',
  'rate=1b/s',
  'rate=7b/s',
  'rate=8b/s',
  'rate=10Mb/s@20',
  'rate=10Mb/s@20u',
  'rate=10Mb/s@20m',
  'rate=10Mb/s@',
  'rate=10Mb/s@20ms@1',
  'rate=',
  'devid=x',
  'mtu=',
  'mtu=1500x',
  'devid=-1',
  'devid=4294967296',
  'devid=18446744073709551615',
  'mtu=99999999999',
  'mac=00:11',
  'mac=00:11,bridge=x',
  'mac=00:11,,bridge=x',
  'mac=00:11,22,33,44',
  'mac=0:1:2:3:4:5:6',
  'mac=100000000:1:2:3:4:5',
  'mac=-0:1:2:3:4:5',
  'mac= 0x1:1:2:3:4:5',
  'mac=0011',
  'mac=ff:ff:ff:ff:ff:ff',
  'mac=1:2:3:4:5:6,mac=7:8',
  'type=vif ',
  'type=vif',
  'vlan=10,trusted',
  'accel=1,netdev=eth0,foo',
  '  ',
  'mac',
  'rate',
  'trusted ',
  ' untrusted',
  'gatewaydev=g,netdev=n',
  'colo_sock_mirror_id=1,colo_checkpoint_port=9,forwarddev=f,colo_compare_out=o',
  'colo_filter_sec_rewriter0_queue=q',
  'ip=1.2.3.4 5.6.7.8',
  'model=e1000,model=rtl8139',
  'rate=10Mb/s,rate=1GB/s',
  'rate=1GB/s,devid=x',
  'devid=x,rate=1MB/s@0',
  'é=1',
  'mac=é',
];

const good = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'bridge',
        'gatewaydev',
        'ip',
        'script',
        'backend',
        'vifname',
        'model',
        'forwarddev',
        'vlan',
        'colo_sock_mirror_id',
        'colo_compare_notify_dev',
        'colo_checkpoint_host',
      ),
      fc.constantFrom('x', 'xenbr0', '10.0.0.1', 'a b', '', 'é', '10p/20'),
    )
    .map(([k, v]) => `${k}=${v}`),
  fc.constantFrom('type=vif', 'type=ioemu', 'trusted', 'untrusted', 'devid=0', 'devid=7', 'mtu=1500', 'mtu=9000x'),
  fc
    .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }), fc.constantFrom(':', '-', ':'))
    .map(([b, sep]) => 'mac=' + b.map((x) => x.toString(16)).join(sep)),
  fc
    .tuple(
      fc.constantFrom('1', '10', '250', '4294967295', '017', '100', '0x10'),
      fc.constantFrom('', 'G', 'M', 'K'),
      fc.constantFrom('B', 'b'),
      fc.constantFrom('', '@20ms', '@100us', '@1s', '@3', '@50000u', '@07ms', '@4294967295us'),
    )
    .map(([n, u, b, i]) => `rate=${n}${u}${b}/s${i}`),
);
const bad = fc.oneof(
  fc.constantFrom(
    'type=IOEMU',
    'type=',
    'mac=',
    'mac=00:11',
    'mac=1:2:3:4:5:100',
    'mac=zz',
    'devid=',
    'devid=x',
    'mtu=abc',
    'accel=1',
    'netdev=n',
    'foo=1',
    'bogus',
    'Bridge=x',
    ' ',
    'vlan',
    'rate=10mb/s',
    'rate=0b/s',
    'rate=10Mb/s@0',
    'rate=1Mb/s@9999s',
    'rate=@1',
    'rate=08KB/s',
  ),
  fc
    .tuple(fc.constantFrom('rate=', 'mac=', 'devid=', 'mtu=', 'type='), fc.string({ maxLength: 8 }))
    .map(([k, v]) => k + v),
);
const spec = fc.oneof(
  { weight: 3, arbitrary: joined(good, 5) },
  { weight: 2, arbitrary: joined(fc.oneof(good, good, bad), 5) },
);

const GENERATED = 400;

// Differences we accept, each with why; nothing else may differ.
const KNOWN: KnownDifference[] = [];

for (const release of ORACLE_RELEASES) {
  test(`vif specs agree with xl ${release} (hand-picked and ${GENERATED} generated)`, (t) => {
    const why = xlUnavailable();
    if (why) {
      t.skip(why);
      return;
    }
    const specs = [...HAND, ...sample(spec, GENERATED, 2)];
    const a = agreement(KIND, specs, release, KNOWN);
    t.diagnostic(report('vif', release, a));
    for (const k of a.known) t.diagnostic(`known: ${k}`);
    assert.ok(
      a.refused > 20 && a.accepted > 100,
      `a generator that exercises both verdicts (${report('vif', release, a)})`,
    );
    assert.deepEqual(a.differences, []);
  });
}
