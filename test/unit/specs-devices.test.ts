// Release-dependent behaviour of the device parsers that the xl oracle (4.17, 4.20) cannot show:
// 4.18, 4.19, 4.21 and 4.22 follow the source at their commits (server/src/libxl/releases.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Unknown } from '../../server/src/libxl/value';
import { devidFromIndex, parseVsndCard, SPEC_LANGUAGES, type SpecParse } from '../../server/src/specs/index';

const parse = (syntax: string, s: string, release: string, extra: object = {}): SpecParse =>
  SPEC_LANGUAGES[syntax].parse(s, { release, ...extra });
const printed = (p: SpecParse): string[] => p.problems.flatMap((x) => x.xl?.printed ?? []);
const refused = (p: SpecParse): boolean => p.problems.some((x) => x.fatal);

describe('channel', () => {
  it('4.17 splits pairs with strtok, 4.18 at the first `=` (commits eee0d79134, 4bad14a133)', () => {
    assert.deepEqual(parse('channel-spec', 'connection==pty', '4.17').device, { connection: 'pty' });
    for (const r of ['4.18', '4.19', '4.22'])
      assert.deepEqual(printed(parse('channel-spec', 'connection==pty', r)), ["unknown channel connection '=pty'"], r);
    assert.deepEqual(printed(parse('channel-spec', '=x,connection=pty', '4.17')), [
      'failed to parse channel configuration: =x',
    ]);
    assert.deepEqual(printed(parse('channel-spec', '=x,connection=pty', '4.18')), [
      "unknown channel parameter '', ignoring",
    ]);
  });
  it('devid: the list index in 4.17 only (commit b26965b4e5)', () => {
    assert.equal(devidFromIndex('channel', '4.17'), true);
    for (const r of ['4.18', '4.19', '4.20', '4.21', '4.22']) assert.equal(devidFromIndex('channel', r), false);
  });
  it('an empty spec crashes xl', () => {
    assert.equal(parse('channel-spec', ',', '4.22').problems[0].xl?.effect, 'crash');
  });
});

describe('p9', () => {
  const base = 'tag=a,security_model=none,path=/x';
  it('4.17: exact keys, required fields, stops at an item without `=`', () => {
    assert.deepEqual(printed(parse('p9-spec', 'tag = a', '4.17')), ["Unknown string `tag ' in 9pfs spec"]);
    assert.deepEqual(printed(parse('p9-spec', 'tag=a,foo', '4.17')), ['9pfs spec missing required field!']);
    assert.deepEqual(parse('p9-spec', `${base},junk,foo=1`, '4.17').device, {
      tag: 'a',
      security_model: 'none',
      path: '/x',
    });
  });
  it('4.18: pairs with trimming (commit 95b757598f), fields still required, no type yet', () => {
    assert.deepEqual(parse('p9-spec', ' tag = a , security_model=none,path= /x ', '4.18').device, {
      tag: 'a',
      security_model: 'none',
      path: '/x',
    });
    assert.deepEqual(printed(parse('p9-spec', 'tag=a', '4.18')), ['9pfs spec missing required field!']);
    assert.deepEqual(printed(parse('p9-spec', `${base},type=qemu`, '4.18')), ["Unknown 9pfs parameter 'type'"]);
    assert.equal(parse('p9-spec', '', '4.18').problems[0].xl?.effect, 'crash');
  });
  it('4.19: type and limits (commit 4287a71f9b), nothing required, xen_9pfsd path from the domain name', () => {
    for (const r of ['4.19', '4.20', '4.21', '4.22']) {
      assert.equal(refused(parse('p9-spec', 'tag=a', r)), false, r);
      assert.deepEqual(
        parse('p9-spec', 'tag=a,type=XEN_9PFSD,max-files=10,auto-delete=2', r, { domainName: 'web' }).device,
        { tag: 'a', type: 'xen_9pfsd', max_files: 10, auto_delete: true, path: '/var/log/xen/guests/web' },
        r,
      );
    }
    assert.ok((parse('p9-spec', 'type=xen_9pfsd', '4.19').device as { path: unknown }).path instanceof Unknown);
    assert.deepEqual(printed(parse('p9-spec', 'tag=a,max-space=-1', '4.19')), ['xl: failed to convert "-1" to number']);
  });
});

describe('virtio', () => {
  it('is read from 4.18 (commit 953efa0b7b)', () => {
    const p = parse('virtio-spec', 'type=virtio,device22', '4.17');
    assert.equal(p.device, undefined);
    assert.equal(refused(p), false);
    for (const r of ['4.18', '4.19', '4.20', '4.21', '4.22'])
      assert.deepEqual(parse('virtio-spec', 'type=virtio,device22', r).device, { type: 'virtio,device22' }, r);
  });
  it('type= starting with virtio takes the next token, and crashes xl without one', () => {
    assert.deepEqual(parse('virtio-spec', 'type=virtiofoo,backend=x', '4.18').device, { type: 'virtiofoo,backend=x' });
    assert.equal(parse('virtio-spec', 'type=virtio', '4.18').problems[0].xl?.effect, 'crash');
    // an unknown transport: xl exits without a word
    assert.deepEqual(parse('virtio-spec', 'transport=pci', '4.20').problems[0].xl, { effect: 'refusal', printed: [] });
  });
});

describe('vdispl', () => {
  it('connectors split with strtok(":") in 4.17, at the first `:` from 4.18', () => {
    assert.deepEqual(parse('vdispl-spec', 'connectors=a::1x2', '4.17').device, {
      connectors: [{ unique_id: 'a', width: 1, height: 2 }],
    });
    assert.deepEqual(printed(parse('vdispl-spec', 'connectors=a::1x2', '4.18')), ["Can't parse connector resolution"]);
    assert.equal(parse('vdispl-spec', 'connectors=:1x2', '4.17').problems[0].xl?.effect, 'crash');
    assert.deepEqual(parse('vdispl-spec', 'connectors=:1x2', '4.18').device, {
      connectors: [{ unique_id: '', width: 1, height: 2 }],
    });
  });
  it("sscanf's count decides: 0 conversions is success to xl, 1 is a refusal", () => {
    assert.equal(refused(parse('vdispl-spec', 'connectors=a:b', '4.20')), false);
    assert.equal(refused(parse('vdispl-spec', 'connectors=a:1', '4.20')), true);
  });
});

describe('vsnd', () => {
  it('builds the card item by item', () => {
    const card = parseVsndCard(
      ['card, short-name=Main, sample-rates=8000;44100', 'stream, unique-id=0, type=P', 'pcm, name=P1', 'stream'],
      { release: '4.20' },
    );
    assert.deepEqual(card.device, {
      params: { sample_rates: [8000, 44100] },
      short_name: 'Main',
      pcms: [
        { params: {}, streams: [{ params: {}, unique_id: '0', type: 'p' }] },
        { params: {}, name: 'P1', streams: [{ params: {} }] },
      ],
    });
    assert.equal(card.items.length, 4);
  });
  it('stops at the item where xl exits', () => {
    const card = parseVsndCard(['pcm, name=x', 'foo', 'pcm'], { release: '4.17' });
    assert.equal(card.items.length, 2);
    assert.deepEqual(printed(card.items[1]), ['Invalid key: foo']);
    assert.deepEqual(printed(parse('vsnd-card', 'pcm, type=p', '4.22')), ['Invalid parameter: type=p']);
  });
});

describe('usbdev, vkb', () => {
  it("usbdev prints getopt's optarg (NULL) for a bad type", () => {
    assert.deepEqual(printed(parse('usbdev-spec', 'type=hub', '4.20')), ['Invalid usb device type: (null)']);
    assert.deepEqual(parse('usbdev-spec', 'type=hostdev,hostbus=0x101,hostaddr=-1', '4.20').device, {
      type: 'hostdev',
      u: { hostbus: 1, hostaddr: 255 },
    });
  });
  it('vkb: a multi-touch size turns multi-touch on; backend-type=unknown is no backend type', () => {
    assert.deepEqual(parse('vkb-spec', 'backend-type=linux,multi-touch-width=5', '4.20').device, {
      backend_type: 'linux',
      multi_touch_width: 5,
      feature_multi_touch: true,
    });
    assert.deepEqual(printed(parse('vkb-spec', 'backend-type=unknown', '4.20')), [
      'backend-type should be set in vkb spec',
    ]);
  });
});

describe('4.21 and 4.22 read devices as 4.20 does', () => {
  // libxlu_disk_l.l, libxlu_disk.c, libxlu_pci.c, libxlu_vif.c and the device code of xl_parse.c
  // are unchanged from 4.20 to 4.22 (only TOSTRING became STR, commit 36ce9faad9).
  const specs: Array<[string, string]> = [
    ['disk-spec', '/dev/sda,raw,xvda,rw,trusted'],
    ['disk-spec', 'grant_usage=1,vdev=xvda,target=/x'],
    ['disk-spec', '/a,,xvda,format=qcow,access=zz'],
    ['vif-spec', 'vlan=10,rate=100GB/s,mac=00:11'],
    ['pci-spec', '01:00.0@3,rdm_policy=lax'],
    ['rdm-spec', 'strategy=host,policy=bad'],
    ['channel-spec', 'connection==pty'],
    ['p9-spec', 'tag=a,type=qemu'],
    ['virtio-spec', 'type=virtio,device2'],
    ['vsnd-card', 'stream, type=c'],
    ['vkb-spec', 'backend-type=qemu,feature-multi-touch=1'],
    ['vdispl-spec', 'connectors=a::1x2'],
    ['usbctrl-spec', 'type=pv,ports=4'],
  ];
  for (const r of ['4.21', '4.22']) {
    it(r, () => {
      for (const [syntax, s] of specs) {
        const a = parse(syntax, s, '4.20');
        const b = parse(syntax, s, r);
        assert.deepEqual([b.device, b.problems], [a.device, a.problems], `${syntax} ${s}`);
      }
    });
  }
});
