// The disk parser (server/src/specs/disk.ts) against Xen's real xl, 4.17 and 4.20: the
// libxl_device_disk it builds, refusal, and every line libxlu prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diskSpec } from '../../server/src/specs/disk';
import { ORACLE_RELEASES, xlUnavailable } from '../oracle/xlDryrun';
import { agreement, joined, report, sample, type DeviceKind, type KnownDifference } from './devices';

const KIND: DeviceKind = { key: 'disk', lang: diskSpec, configKey: 'disks', struct: 'libxl_device_disk' };

const HAND = [
  '/dev/sda,raw,xvda,rw',
  '/img,,xvda',
  '/img,qcow2,xvda,r',
  'format=raw,vdev=xvda,access=rw,target=/img',
  'phy:/dev/sda,xvda,w',
  'tap:aio:/img,xvda,w',
  'file:/img,hda,w',
  ',hdc:cdrom,r',
  ',,hdc:cdrom',
  'x,,hdc:cdrom',
  'vdev=hdc,devtype=cdrom',
  '/img,,xvda,,discard',
  'vdev=xvda,target=/a,b',
  'backendtype=qdisk,vdev=xvda,target=/x',
  ' /img, ,xvda',
  'grant_usage=1,vdev=xvda,target=/x',
  'raw:/img,xvda',
  '/img,,xvda,',
  'cdrom,vdev=hdc',
  '/img,xvda',
  'target=/img,vdev=xvda',
  'nbd:host:1234,xvda',
  'foo:/x,xvda',
  '/img,raw,xvda,rw,extra',
  '/img,raw,xvda,x',
  '/img,vmdk,xvda',
  'vdev=xvda,foo=bar,target=/x',
  'vdev=xvda,devtype=floppy,target=/x',
  'vdev=xvda,backendtype=xyz,target=/x',
  'vdev=xvda,colo-port=0,target=/x',
  '/img,,xvda,vdev=xvdb',
  '/a/b=c,,xvda',
  '/img',
  'vdev=xvda',
  'grant_usage=2,vdev=xvda,target=/x',
  '/img,,hdc:tape',
  '/dev/sda,raw,xvda,rw,trusted',
  '/dev/sda,raw,xvda,untrusted',
  '/dev/sda,raw,xvda,grant_usage=1',
  'foo=',
  '/a,raw,xvda,=\nx',
  '/a,raw,xvda,x=\n',
  '/a,raw,xvda,devtype=cdromx',
  '/a,raw,xvda,format=qcow',
  '/a,,xvda,format=qcow,access=zz',
  'foo:bar,raw,xvda',
  'phy:abc,xvda,w',
  'qcow2:/x,xvda',
  ' a\nb,raw,xvda',
  'target=/a\nvdev=xvda',
  'vdev=xvda,target=/a,',
  'vdev=xvda,target=',
  'vdev=xvda,devtype=cdrom',
  'vdev=xvda,backendtype=QDISK,target=/x',
  'vdev=xvda,specification=virtio,backendtype=standalone,target=/x',
  'vdev=xvda,colo,colo-host=h,colo-port=9,colo-export=e,active-disk=a,hidden-disk=h,target=/x',
  'vdev=xvda,no-colo,no-discard,direct-io-safe,script=s,backend=d1,target=/x',
  'vdev=xvda,script=a,script=b,target=/x',
  'vdev=,vdev=xvda,target=/x',
  'format=raw,format=qcow,vdev=xvda,target=/x',
  'format=,vdev=xvda,target=/x',
  'iscsi:iqn.x,xvda',
  'iscsi:a,xvda,script=x',
  'qcow:/x,xvda',
  'vhd:/x,vdev=xvda',
  'tapdisk:x,xvda',
  'tap2:/x,xvda',
  'ioemu:/x,xvda',
  'aio:/x,xvda',
  'a1:/x,xvda',
  'a1:x,,xvda',
  'A:/x,,xvda',
  'x_y=1,,xvda',
  '/img,,xvda,ro,devtype=disk',
  ',,hdc:cdrom,r',
  ',raw,hdc,r,cdrom',
  '/img,,xvda:disk',
  '/img,,xvda:cdrom',
  'vdev=xvda,access=,target=/x',
  '/img,,xvda,access=r,rw',
  '\t/img\t,,xvda',
  '/img ,, xvda',
  '/img,,xvda\n',
  '/img,,xvda,colo-port=abc',
  'é,,xvda',
  '/img,,xvda,é=1',
  'target=/x,',
  'vdev=xvda,foo=é,target=/x',
  'vdev=xvda,foo=éa=b,target=/x',
  'vdev=xvda,foo=😀,x',
  '=',
  ',',
  '',
  ' ',
  '\n',
  'phy:',
  'a=',
  'a=,',
  'vdev=xvda,target=/x\n,format=qcow',
  'format=raw\n,vdev=xvda,target=/x',
];

const path = fc.constantFrom('/dev/sda', '/img', '', 'sda1', 'a b', 'x:y', '/a=b', '/i,j', 'vg/lv', '/é', '/x\ny');
const fmt = fc.constantFrom('raw', 'qcow', 'qcow2', 'vhd', 'qed', 'empty', 'vmdk', '', 'RAW');
const vdev = fc.constantFrom('xvda', 'hdc', 'hdc:cdrom', 'sda:disk', 'hdc:tape', '', 'd0p1', 'xvda1');
const access = fc.constantFrom('r', 'ro', 'rw', 'w', 'x', '', 'RW');
const named = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'format',
        'vdev',
        'access',
        'devtype',
        'backend',
        'backendtype',
        'script',
        'specification',
        'colo-host',
        'colo-port',
        'colo-export',
        'active-disk',
        'hidden-disk',
        'foo',
        'Format',
        'grant_usage',
        'x-y',
      ),
      fc.constantFrom(
        'raw',
        'qcow2',
        'xvda',
        'r',
        'rw',
        'cdrom',
        'disk',
        'phy',
        'qdisk',
        'tap',
        'standalone',
        'QDISK',
        'xen',
        'virtio',
        '0',
        '1',
        '2',
        '9',
        'abc',
        '',
        'a b',
        'x\ny',
        'é',
      ),
    )
    .map(([k, v]) => `${k}=${v}`),
  fc.constantFrom(
    'cdrom',
    'discard',
    'no-discard',
    'direct-io-safe',
    'colo',
    'no-colo',
    'trusted',
    'untrusted',
    'grant_usage=1',
    'grant_usage=0',
    'cdromx',
    'discard2',
  ),
);
const prefix = fc.constantFrom(
  'phy:',
  'tap:aio:',
  'file:',
  'raw:',
  'qcow2:',
  'nbd:',
  'iscsi:',
  'foo:',
  'tap2:',
  'aio:',
  'x1:',
  '',
);
const odd = fc.constantFrom('=', ' ', '\t', '\n', '_', ':', ',,', 'target=/t', 'target=/t,u');
const positionalSpec = fc.tuple(prefix, path, fmt, vdev, access).map(([p, a, b, c, d]) => [p + a, b, c, d]);
// Mostly valid specs, so that the device comparison is not vacuous.
const goodNamed = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('backend', 'script', 'colo-host', 'colo-export', 'active-disk', 'hidden-disk'),
      fc.constantFrom('a', 'd1', 'x y', 'é'),
    )
    .map(([k, v]) => `${k}=${v}`),
  fc.constantFrom(
    'backendtype=phy',
    'backendtype=qdisk',
    'backendtype=tap',
    'backendtype=standalone',
    'specification=xen',
    'specification=virtio',
    'colo-port=9',
    'colo-port=-3',
    'colo-port=7x',
    'access=ro',
    'access=w',
    'devtype=disk',
    'devtype=cdrom',
    'cdrom',
    'discard',
    'no-discard',
    'direct-io-safe',
    'colo',
    'no-colo',
    'trusted',
    'untrusted',
    'grant_usage=0',
    'grant_usage=1',
  ),
);
const clean = fc
  .tuple(
    fc.constantFrom('/dev/sda', '/img', 'sda1', '', 'phy:/dev/vg/x', 'raw:/i', 'nbd:h:1'),
    fc.constantFrom('raw', 'qcow2', 'vhd', 'qed', 'empty', ''),
    fc.constantFrom('xvda', 'hdc', 'hdc:cdrom', 'xvdb:disk'),
    fc.constantFrom('r', 'rw', 'w', 'ro', ''),
    fc.nat(4),
    joined(goodNamed, 4),
  )
  .map(([t, f, v, a, k, rest]) => [...[t, f, v, a].slice(0, Math.max(3, k)), ...(rest ? [rest] : [])].join(','));
const spec = fc.oneof(
  { weight: 4, arbitrary: clean },
  {
    weight: 3,
    arbitrary: fc
      .tuple(positionalSpec, fc.nat(4), joined(named, 3))
      .map(([pos, k, rest]) => [...pos.slice(0, k), ...(rest ? [rest] : [])].join(',')),
  },
  { weight: 2, arbitrary: joined(fc.oneof(named, path, vdev, odd), 6) },
  {
    weight: 1,
    arbitrary: fc.tuple(positionalSpec, odd, fc.nat(4)).map(([pos, o, k]) => {
      const xs = [...pos];
      xs.splice(k, 0, o);
      return xs.join(',');
    }),
  },
);

const GENERATED = 450;

// Differences we accept, each with why; nothing else may differ.
const KNOWN: KnownDifference[] = [];

for (const release of ORACLE_RELEASES) {
  test(`disk specs agree with xl ${release} (hand-picked and ${GENERATED} generated)`, (t) => {
    const why = xlUnavailable();
    if (why) {
      t.skip(why);
      return;
    }
    const specs = [...HAND, ...sample(spec, GENERATED, 1)];
    const a = agreement(KIND, specs, release, KNOWN);
    t.diagnostic(report('disk', release, a));
    for (const k of a.known) t.diagnostic(`known: ${k}`);
    assert.ok(
      a.refused > 20 && a.accepted > 50,
      `a generator that exercises both verdicts (${report('disk', release, a)})`,
    );
    assert.deepEqual(a.differences, []);
  });
}
