// The channel, p9, vtpm, pvcalls, usbctrl and usbdev parsers against Xen's real xl, 4.17 and
// 4.20: the device each builds, refusal or crash, and every line xl prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { channelSpec } from '../../server/src/specs/channel';
import { devidFromIndex } from '../../server/src/specs/devid';
import { p9Spec } from '../../server/src/specs/p9';
import { pvcallsSpec } from '../../server/src/specs/pvcalls';
import { usbctrlSpec } from '../../server/src/specs/usbctrl';
import { usbdevSpec } from '../../server/src/specs/usbdev';
import { vtpmSpec } from '../../server/src/specs/vtpm';
import { ORACLE_RELEASES, xlUnavailable } from '../oracle/xlDryrun';
import { agreement, joined, report, sample, type DeviceKind } from './devices';

const kind = (
  key: string,
  lang: DeviceKind['lang'],
  configKey: string,
  struct: string,
  extra: Partial<DeviceKind> = {},
): DeviceKind => ({ key, lang, configKey, struct, indexDevid: (r) => devidFromIndex(key, r), ...extra });

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const kv = (keys: fc.Arbitrary<string>, values: fc.Arbitrary<string>) =>
  fc.tuple(keys, values).map(([k, v]) => `${k}=${v}`);
const blanks = pick('', '', '', ' ', '  ', '\t');
const padded = (x: fc.Arbitrary<string>) => fc.tuple(blanks, x, blanks).map(([a, b, c]) => a + b + c);
/** Mostly specs xl accepts (so the devices are compared), some noisy ones. */
const mix = (clean: fc.Arbitrary<string>, noisy: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: clean }, { weight: 2, arbitrary: noisy });

const CASES: Array<{
  kind: DeviceKind;
  hand: string[];
  gen: fc.Arbitrary<string>;
  n: number;
  min: { accepted: number; refused: number };
}> = [
  {
    kind: kind('channel', channelSpec, 'channels', 'libxl_device_channel'),
    hand: [
      '',
      ',',
      'name=a,connection=pty',
      'name=a,connection=socket,path=/x',
      'connection=pty,foo=bar',
      'connection = pty ',
      'connection==pty',
      'connection=pty=x',
      'a,connection=pty',
      '=x,connection=pty',
      'connection= ',
      'name=a,connection=socket',
      'connection=PTY',
      'connection=socket,path=',
      'connection=pty,connection=socket,path=/p',
      'path=/p,connection=socket,backend=d',
      'name=org.qemu.guest_agent.0,connection=pty,,',
      ' , name = n , connection = pty',
    ],
    gen: mix(
      fc
        .tuple(
          pick('connection=pty', 'connection=socket,path=/s', ' connection = socket , path = /t '),
          joined(pick('name=n', 'backend=b', 'path=/q', 'foo=1'), 3),
        )
        .map(([c, r]) => (r ? `${r},${c}` : c)),
      joined(
        fc.oneof(
          padded(
            kv(
              pick('name', 'connection', 'path', 'backend', 'foo', 'Name', ''),
              pick('pty', 'socket', 'a', '/p', '', ' ', 'PTY', 'x=y'),
            ),
          ),
          pick('connection=pty', 'connection=socket', 'path=/s', 'name=n', 'junk', ''),
        ),
        5,
      ),
    ),
    n: 150,
    min: { accepted: 30, refused: 30 },
  },
  {
    kind: kind('p9', p9Spec, 'p9s', 'libxl_device_p9', { context: () => ({ domainName: 't' }) }),
    hand: [
      'tag=a,security_model=none,path=/x',
      'tag=a,security_model=none,type=xen_9pfsd',
      'tag=a',
      '',
      ',',
      'tag=a,=x',
      'tag = a , path= /b,security_model=none',
      'tag=a=b,security_model=none,path=/x',
      'tag=a,foo',
      'tag=a,max-files=abc',
      'tag=a,type=QEMU,path=/x,security_model=x,auto-delete=0x10,max-space=-1',
      'tag==a,path=/x,security_model=none',
      'tag=a,security_model=none,path=/x,type=unknown',
      'tag=t,security_model=none,path=/p,max-files=10,max-open-files=5x,max-space=4294967296,auto-delete=zz',
      'tag=a,security_model=none,path=/x,backend=b,tag=c',
      'tag=a,security_model=none,path=/x,junk,foo=1',
      'tag=,security_model=,path=',
    ],
    gen: mix(
      fc
        .tuple(
          pick(
            'tag=t,security_model=none,path=/p',
            ' tag = t , security_model = none , path = /p ',
            'path=/p,tag=x,security_model=none',
          ),
          joined(
            pick(
              'backend=b',
              'type=qemu',
              'type=xen_9pfsd',
              'type=QEMU',
              'max-files=10',
              'max-space=5x',
              'auto-delete=1',
              'auto-delete=0x0',
            ),
            3,
          ),
        )
        .map(([a, r]) => (r ? `${a},${r}` : a)),
      joined(
        fc.oneof(
          padded(
            kv(
              pick(
                'tag',
                'security_model',
                'path',
                'backend',
                'type',
                'max-files',
                'max-open-files',
                'max-space',
                'auto-delete',
                'foo',
              ),
              pick('a', 'none', '/p', 'qemu', 'xen_9pfsd', 'QEMU', '10', '0x10', '-1', 'abc', '', ' ', 'x=y'),
            ),
          ),
          pick('tag=t', 'security_model=none', 'path=/p', 'junk'),
        ),
        6,
      ),
    ),
    // 4.17 knows none of the 4.19 keys and trims nothing, so it refuses most of these
    n: 150,
    min: { accepted: 10, refused: 30 },
  },
  {
    kind: kind('vtpm', vtpmSpec, 'vtpms', 'libxl_device_vtpm'),
    hand: [
      'backend=a',
      'backend=a,uuid=12345678-1234-1234-1234-123456789ABC',
      'uuid=1',
      'backend=a,foo=b',
      'backend=a,foo',
      '',
      ' backend = a',
      'backend=a=b',
      'backend=a,uuid=12345678-1234-1234-1234-123456789abcd',
      'backend=a,uuid=12345678+1234-1234-1234-123456789abc',
      'backend=a,uuid={12345678-1234-1234-1234-123456789abc}',
      'backend=a,backend=b',
      'uuid=12345678-1234-1234-1234-123456789abc,backend=',
      'foo,backend=a',
    ],
    gen: mix(
      fc
        .tuple(pick('backend=v', 'backend='), fc.option(fc.uuid()), pick('', ',junk', ',x=1'))
        .map(([b, u, tail]) => (u ? `${b},uuid=${u}` : b) + tail),
      joined(
        fc.oneof(
          padded(
            kv(
              pick('backend', 'uuid', 'foo'),
              pick('a', '', '12345678-1234-1234-1234-123456789abc', '1234', 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE'),
            ),
          ),
          pick('junk'),
        ),
        4,
      ),
    ),
    n: 80,
    min: { accepted: 15, refused: 15 },
  },
  {
    kind: kind('pvcalls', pvcallsSpec, 'pvcallsifs', 'libxl_device_pvcallsif'),
    hand: [
      'backend=a',
      '',
      'foo=1',
      'backend=a,junk,foo=1',
      'backend=',
      ' backend=b',
      'backend=a,backend=b',
      'backend =a',
    ],
    gen: joined(fc.oneof(padded(kv(pick('backend', 'foo', 'Backend'), pick('a', '', 'x=y'))), pick('junk', '')), 4),
    n: 50,
    min: { accepted: 10, refused: 5 },
  },
  {
    kind: kind('usbctrl', usbctrlSpec, 'usbctrls', 'libxl_device_usbctrl'),
    hand: [
      'type=pv,version=3,ports=4',
      'type=x',
      'version=abc,ports=99999999999',
      'foo',
      '',
      'type=DeviceModel',
      'type=auto,type=qusb',
      ' version=-1 ',
      'ports=0x10',
    ],
    gen: mix(
      joined(
        fc.oneof(
          kv(pick('type'), pick('pv', 'auto', 'devicemodel', 'QUSB', 'qusb')),
          kv(pick('version', 'ports'), pick('1', '2', '3', '8', '31', '-1', 'x', '4294967297')),
        ),
        3,
        pick(',', ', '),
      ),
      joined(
        fc.oneof(
          padded(
            kv(
              pick('type', 'version', 'ports', 'foo'),
              pick('pv', 'auto', 'devicemodel', 'QUSB', 'usb3', '1', '2', '31', '-1', 'x', '', '4294967297'),
            ),
          ),
          pick('junk'),
        ),
        4,
      ),
    ),
    n: 80,
    min: { accepted: 20, refused: 15 },
  },
  {
    kind: kind('usbdev', usbdevSpec, 'usbdevs', 'libxl_device_usbdev'),
    hand: [
      'hostbus=1,hostaddr=2',
      'type=hostdev,hostbus=0x101,hostaddr=-1',
      'type=foo',
      'controller=1,port=2',
      'hostbus=1,,hostaddr=2, port=3',
      '',
      'speed=1',
      'type=HOSTDEV',
      'type=hostdev,hostbus=010,hostaddr=0x',
      'controller=-1,port=x',
    ],
    gen: mix(
      joined(
        fc.oneof(
          pick('type=hostdev', 'type=HOSTDEV'),
          kv(pick('hostbus', 'hostaddr', 'controller', 'port'), pick('1', '0x10', '010', '256', '-1', 'x', '')),
        ),
        5,
        pick(',', ', ', ',,'),
      ),
      joined(
        fc.oneof(
          padded(
            kv(
              pick('type', 'hostbus', 'hostaddr', 'controller', 'port', 'speed'),
              pick('hostdev', 'HostDev', 'hub', '1', '0x10', '010', '256', '-1', 'x', ''),
            ),
          ),
          pick('junk'),
        ),
        5,
      ),
    ),
    n: 80,
    min: { accepted: 20, refused: 15 },
  },
];

for (const release of ORACLE_RELEASES) {
  test(`channel, p9, vtpm, pvcalls, usbctrl, usbdev specs agree with xl ${release}`, (t) => {
    const why = xlUnavailable();
    if (why) {
      t.skip(why);
      return;
    }
    const failures: string[] = [];
    CASES.forEach((c, i) => {
      const a = agreement(c.kind, [...c.hand, ...sample(c.gen, c.n, 10 + i)], release);
      t.diagnostic(report(c.kind.key, release, a));
      if (a.accepted < c.min.accepted || a.refused + a.crashed < c.min.refused)
        failures.push(`generator too one-sided: ${report(c.kind.key, release, a)}`);
      failures.push(...a.differences);
    });
    assert.deepEqual(failures, []);
  });
}
