// The vfb (with the vkb xl adds beside it), vkb, vdispl, virtio and vsnd parsers against Xen's real
// xl, 4.17 and 4.20: the device each builds, refusal or crash, and every line xl prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { structJson } from '../../server/src/libxl/json';
import { stringifyJson, type JsonValue } from '../../server/src/libxl/jsonText';
import { devidFromIndex } from '../../server/src/specs/devid';
import type { SpecParse } from '../../server/src/specs/types';
import { vdisplSpec } from '../../server/src/specs/vdispl';
import { vfbSpec } from '../../server/src/specs/vfb';
import { virtioSpec } from '../../server/src/specs/virtio';
import { vkbSpec } from '../../server/src/specs/vkb';
import { parseVsndCard, vsndSpec } from '../../server/src/specs/vsnd';
import { ORACLE_RELEASES, xlUnavailable } from '../oracle/xlDryrun';
import { agreement, joined, quoteSpec, report, sample, type DeviceKind } from './devices';

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
const mix = (clean: fc.Arbitrary<string>, noisy: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: clean }, { weight: 2, arbitrary: noisy });

// vfb: the vkb xl adds for vfb item i has nothing set but devid i.
const VFB = kind('vfb', vfbSpec, 'vfbs', 'libxl_device_vfb', {
  extra: (_p: SpecParse, config: { [k: string]: JsonValue }, i: number, release: string) => {
    const want = stringifyJson(structJson('libxl_device_vkb', { devid: i }, release));
    const got = stringifyJson((config.vkbs as JsonValue[] | undefined)?.[i] ?? null);
    return want === got ? undefined : `the vkb beside the vfb: xl built ${got}, expected ${want}`;
  },
});

// vsnd: a spec is a card, its items joined by NUL (which no item contains).
const VSND = kind('vsnd', vsndSpec, 'vsnds', 'libxl_device_vsnd', {
  item: (spec) => `[ ${spec.split('\0').map(quoteSpec).join(', ')} ]`,
  parse: (spec, ctx) => {
    const card = parseVsndCard(spec.split('\0'), ctx);
    return {
      syntax: 'vsnd-card',
      fields: [],
      summary: [],
      problems: card.items.flatMap((p) => p.problems),
      device: card.device,
    };
  },
});

const CASES: Array<{
  kind: DeviceKind;
  hand: string[];
  gen: fc.Arbitrary<string>;
  n: number;
  min: { accepted: number; refused: number };
  since?: string;
}> = [
  {
    kind: VFB,
    hand: [
      'vnc=1,vnclisten=0.0.0.0,vncdisplay=3,vncunused=0,vncpasswd=x,keymap=de,sdl=1,opengl=1,display=:0,xauthority=/x',
      '',
      'vnc=abc,foo=1',
      'vnc=1,junk,sdl=1',
      ' vnc = 1',
      'vncdisplay=99999999999',
      'vnc=0,vnc=2',
      'vnclisten=127.0.0.1:1,vncdisplay=1',
      'sdl=-1,opengl=0x1',
    ],
    gen: joined(
      fc.oneof(
        kv(
          pick(
            'vnc',
            'vnclisten',
            'vncdisplay',
            'vncunused',
            'vncpasswd',
            'sdl',
            'opengl',
            'display',
            'xauthority',
            'keymap',
            'foo',
            ' vnc',
          ),
          pick('1', '0', '2', '-1', 'x', '', '0.0.0.0', ':1', 'de', '4294967296'),
        ),
        pick('junk', ''),
      ),
      6,
    ),
    n: 80,
    min: { accepted: 40, refused: 0 },
  },
  {
    kind: kind('vkb', vkbSpec, 'vkbs', 'libxl_device_vkb'),
    hand: [
      'backend-type=qemu',
      '',
      'backend-type=linux,multi-touch-width=5',
      'backend-type=linux,feature-multi-touch=1',
      'backend-type=foo',
      'backend=a',
      'unique-id=x,backend-type=QEMU,feature-abs-pointer=2,width=0x10,height=-1,feature-disable-keyboard=1,feature-disable-pointer=0,feature-raw-pointer=1,multi-touch-height=0,multi-touch-num-contacts=3',
      'backend-type=qemu,x',
      'backend-type=unknown',
      'backend-type=linux,multi-touch-width=4294967296,feature-multi-touch=1',
      'backend-type=qemu,feature-multi-touch=0x100000000',
    ],
    gen: mix(
      fc
        .tuple(
          pick('backend-type=qemu', 'backend-type=linux', 'backend-type=Linux'),
          joined(
            kv(
              pick(
                'backend',
                'unique-id',
                'feature-disable-keyboard',
                'feature-disable-pointer',
                'feature-abs-pointer',
                'feature-raw-pointer',
                'feature-multi-touch',
                'multi-touch-width',
                'multi-touch-height',
                'multi-touch-num-contacts',
                'width',
                'height',
              ),
              pick('0', '1', '5', '0x10', '-1', 'x', ''),
            ),
            4,
            pick(',', ', '),
          ),
        )
        .map(([a, r]) => (r ? `${a},${r}` : a)),
      joined(
        fc.oneof(
          kv(
            pick('backend-type', 'backend', 'feature-multi-touch', 'multi-touch-width', 'foo'),
            pick('qemu', 'linux', 'x', '1', '0', ''),
          ),
          pick('junk'),
        ),
        4,
      ),
    ),
    n: 100,
    min: { accepted: 30, refused: 20 },
  },
  {
    kind: kind('vdispl', vdisplSpec, 'vdispls', 'libxl_device_vdispl'),
    hand: [
      'connectors=id0:1920x1080;id1:800x600',
      'connectors=id0',
      'connectors=id0:',
      'connectors=',
      'backend=a',
      'be-alloc=2,connectors=a:1x2',
      'connectors=a:b:1x2',
      'connectors=:1x2',
      'connectors=a:1x2x3',
      'connectors=a: 1x 2',
      'foo=1',
      'connectors=a:1x2;;b:3x4;',
      'connectors=a::1x2',
      'connectors=a:1',
      'connectors=a:1x',
      'connectors=a: ',
      'connectors=a:-1x2',
      'connectors=a:b;c:1x2',
      'connectors=a:b,connectors=c:3x4',
      'connectors=a:1x2,connectors=;',
      'be-alloc=0x100000000,connectors=a:1x2',
      'connectors=a:1x2,backend=b',
    ],
    gen: mix(
      fc
        .tuple(
          fc.array(
            fc.tuple(pick('id0', 'a', 'x y'), fc.nat(4000), fc.nat(3000)).map(([i, w, h]) => `${i}:${w}x${h}`),
            { minLength: 1, maxLength: 3 },
          ),
          pick('', 'backend=b,', 'be-alloc=1,'),
        )
        .map(([cs, pre]) => `${pre}connectors=${cs.join(';')}`),
      joined(
        fc.oneof(
          kv(
            pick('connectors', 'backend', 'be-alloc', 'foo'),
            pick('a:1x2', 'a:1x2;b:3x4', 'a:b', 'a:1', 'a: 1x2', '1', '', ';', 'a:1x2;;'),
          ),
          pick('junk'),
        ),
        3,
      ),
    ),
    n: 100,
    min: { accepted: 30, refused: 15 },
  },
  {
    kind: kind('virtio', virtioSpec, 'virtios', 'libxl_device_virtio'),
    since: '4.18',
    hand: [
      'type=virtio,device22',
      'type=virtio',
      'type=virtiofoo,backend=x',
      'type=foo,transport=mmio,grant_usage=2',
      'transport=MMIO',
      'transport=pci',
      'backend=a,foo',
      'type=virtio, device5,backend=b',
      '',
      'grant_usage=0x100000000',
      'transport=unknown',
      'type=virtio,device1,type=virtio,device2',
      ' type=virtio,device3',
      'type=virtio,,device4',
      'grant_usage=0,backend=dom',
    ],
    gen: mix(
      joined(
        fc.oneof(
          pick('type=virtio,device26', 'type=virtio,device1', 'type=x'),
          kv(pick('backend', 'transport', 'grant_usage'), pick('d', 'mmio', 'MMIO', '0', '1', 'x', '')),
        ),
        4,
      ),
      joined(
        fc.oneof(
          kv(
            pick('type', 'backend', 'transport', 'grant_usage', 'foo'),
            pick('virtio', 'virtiox', 'mmio', 'pci', '1', ''),
          ),
          pick('junk', 'device2'),
        ),
        4,
      ),
    ),
    n: 100,
    min: { accepted: 30, refused: 15 },
  },
  {
    kind: VSND,
    hand: [
      [
        'card, short-name=Main, backend=a, sample-rates=8000;44100, sample-formats=s16_le;U8, channels-min=1, channels-max=0x2, buffer-size=-1',
        'pcm, name=P0',
        'stream, unique-id=0, type=P',
        'STREAM, type=c',
        'pcm,name=P1,channels-min=3',
        'stream,unique-id=x',
      ].join('\0'),
      'foo',
      'pcm, foo=1',
      'stream, type=x',
      'pcm, sample-formats=bad',
      'pcm, sample-rates=',
      'card,sample-rates=;',
      'card',
      '',
      'stream , type=p',
      'card,sample-rates=1;2;;3',
      'stream,unique-id=s',
      ['card,long-name=L', 'stream', 'pcm', 'stream,type=c'].join('\0'),
      'card,name=x',
      'pcm,type=p',
      ['card', 'bogus', 'pcm'].join('\0'),
      'card,backend',
      'pcm , name=p',
      'Card,Short-Name=x',
    ],
    gen: fc
      .array(
        fc.oneof(
          fc
            .tuple(
              pick('card', 'pcm', 'stream', 'CARD', 'Pcm'),
              joined(
                kv(
                  pick('sample-rates', 'sample-formats', 'channels-min', 'channels-max', 'buffer-size'),
                  pick('8000', '8000;44100', 's16_le', 'u8;S8', 'bad', '2', '0x10', '-1'),
                ),
                2,
                pick(', ', ','),
              ),
            )
            .map(([k, r]) => (r ? `${k}, ${r}` : k)),
          pick(
            'card, short-name=S, long-name=L, backend=b',
            'pcm, name=P',
            'stream, unique-id=0, type=p',
            'stream, type=C',
            'pcm, foo=1',
            'stream, name=x',
            '',
          ),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((items) => items.join('\0')),
    n: 100,
    min: { accepted: 30, refused: 15 },
  },
];

for (const release of ORACLE_RELEASES) {
  test(`vfb, vkb, vdispl, virtio, vsnd specs agree with xl ${release}`, (t) => {
    const why = xlUnavailable();
    if (why) {
      t.skip(why);
      return;
    }
    const failures: string[] = [];
    CASES.forEach((c, i) => {
      if (c.since && release < c.since) return;
      const a = agreement(c.kind, [...c.hand, ...sample(c.gen, c.n, 20 + i)], release);
      t.diagnostic(report(c.kind.key, release, a));
      if (a.accepted < c.min.accepted || a.refused + a.crashed < c.min.refused)
        failures.push(`generator too one-sided: ${report(c.kind.key, release, a)}`);
      failures.push(...a.differences);
    });
    assert.deepEqual(failures, []);
  });
}
