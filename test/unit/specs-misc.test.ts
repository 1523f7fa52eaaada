import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { specFor, SPEC_LANGUAGES, type SpecParse } from '../../server/src/specs/index';

const parse = (syntax: string, s: string) => specFor(syntax)!.parse(s);
const sum = (p: SpecParse, k: string) => p.summary.find(([l]) => l === k)?.[1];
const fatalAt = (p: SpecParse) => p.problems.filter((x) => x.fatal).map((x) => [x.start, x.end]);
const ok = (syntax: string, s: string) =>
  assert.deepEqual(
    parse(syntax, s).problems.filter((x) => x.fatal),
    [],
    `${syntax} ${s}`,
  );
const bad = (syntax: string, s: string, re: RegExp, at?: [number, number]) => {
  const e = parse(syntax, s).problems.find((x) => x.fatal);
  assert.ok(e, `${syntax} ${s}`);
  assert.match(e.message, re, `${syntax} ${s}`);
  if (at) assert.deepEqual([e.start, e.end], at, `${syntax} ${s}`);
};

describe('registry', () => {
  it('has every syntax name', () => {
    for (const k of [
      'disk-spec',
      'vif-spec',
      'pci-spec',
      'cpulist',
      'cpuid-libxl',
      'cpuid-xend',
      'vnuma-vnode',
      'rdm-spec',
      'channel-spec',
      'usbdev-spec',
      'usbctrl-spec',
      'vtpm-spec',
      'p9-spec',
      'vkb-spec',
      'vfb-spec',
      'pvcalls-spec',
      'vdispl-spec',
      'virtio-spec',
      'vsnd-card',
      'iomem-range',
      'ioport-range',
      'irq-number',
      'color-range',
      'smbios-spec',
      'quota-spec',
      'arm-sci-spec',
      'uuid',
    ]) {
      assert.equal(SPEC_LANGUAGES[k]?.syntax, k);
      assert.ok(SPEC_LANGUAGES[k].fields.length > 0, k);
    }
  });
});

describe('vnuma-vnode', () => {
  it('keys and trimming', () => {
    assert.equal(sum(parse('vnuma-vnode', ' size = 512 '), 'size'), '512 MiB');
    ok('vnuma-vnode', 'pnode=0');
    ok('vnuma-vnode', 'vcpus=0-3,5');
    assert.equal(sum(parse('vnuma-vnode', 'vdistances=10,20'), 'vdistances'), '10, 20');
    bad('vnuma-vnode', 'size', /key=value/, [0, 4]);
    bad('vnuma-vnode', 'size=', /key=value/);
    bad('vnuma-vnode', 'size=abc', /not a number/, [5, 8]);
    bad('vnuma-vnode', 'vdistances=10,x', /not a number/, [14, 15]);
    const u = parse('vnuma-vnode', 'sise=512');
    assert.equal(u.problems[0].severity, 'information');
    assert.match(u.problems[0].message, /size/);
  });
});

describe('channel-spec', () => {
  it('connection must be lowercase pty/socket', () => {
    ok('channel-spec', 'name=org.qemu.guest_agent.0,connection=pty');
    ok('channel-spec', ' name = a , connection = socket , path = /run/x.sock ');
    bad('channel-spec', 'name=a,connection=PTY', /lower case only: `pty`/, [18, 21]);
    bad('channel-spec', 'name=a', /no connection given/, [0, 6]);
    bad('channel-spec', 'name=a,connection=socket', /requires `path/);
    bad('channel-spec', 'name=a,connection', /failed to parse/, [7, 17]);
    const p = parse('channel-spec', 'name=a,connection=pty,colour=red');
    const w = p.problems.find((x) => /`colour` is an unknown parameter/.test(x.message))!;
    assert.deepEqual([w.start, w.end, w.severity, w.fatal], [22, 28, 'warning', false]);
  });
});

describe('usbdev-spec / usbctrl-spec', () => {
  it('usbdev', () => {
    ok('usbdev-spec', 'hostbus=1,hostaddr=0x3,controller=0,port=1');
    assert.equal(sum(parse('usbdev-spec', 'type=HOSTDEV,hostbus=1,hostaddr=0x10'), 'hostaddr'), '16');
    bad('usbdev-spec', 'hostbus=1,hostaddr=2,speed=3', /unknown string/, [21, 28]);
    bad('usbdev-spec', 'type=hub,hostbus=1,hostaddr=2', /invalid type `hub`/, [5, 8]);
    assert.equal(parse('usbdev-spec', 'hostbus=1').problems.find((x) => /hostaddr/.test(x.message))?.fatal, false);
  });
  it('usbctrl', () => {
    ok('usbctrl-spec', 'type=pv,version=2,ports=4');
    ok('usbctrl-spec', 'type=DeviceModel');
    bad('usbctrl-spec', 'type=usb3', /invalid type `usb3`/, [5, 9]);
    bad('usbctrl-spec', 'version=2,speed=1', /unknown string/, [10, 17]);
    assert.equal(sum(parse('usbctrl-spec', ''), 'ports'), '8 (default)');
  });
});

describe('vtpm-spec', () => {
  it('backend required, uuid checked, unknown fatal, no-= stops silently', () => {
    ok('vtpm-spec', 'backend=vtpmmgr,uuid=12345678-1234-1234-1234-123456789abc');
    bad('vtpm-spec', 'uuid=12345678-1234-1234-1234-123456789abc', /no backend/);
    bad('vtpm-spec', 'backend=a,uuid=1234', /UUID/, [15, 19]);
    bad('vtpm-spec', 'backend=a,color=1', /unknown string `color`/, [10, 17]);
    const p = parse('vtpm-spec', 'backend=a,junk,color=1');
    assert.deepEqual(fatalAt(p), []);
    assert.equal(p.problems[0].severity, 'information');
    bad('vtpm-spec', 'junk,backend=a', /no backend/);
  });
});

describe('p9-spec', () => {
  it('keys', () => {
    ok('p9-spec', 'tag=share,security_model=none,path=/srv/share');
    ok('p9-spec', 'tag=t,security_model=none,type=xen_9pfsd,max-files=100x,auto-delete=zz');
    assert.match(
      sum(parse('p9-spec', 'tag=t,security_model=none,type=xen_9pfsd'), 'path')!,
      /\/var\/log\/xen\/guests\/<name>/,
    );
    bad('p9-spec', 'tag=t,sec=none', /unknown 9pfs parameter `sec`/, [6, 9]);
    bad('p9-spec', 'tag=t,type=virtfs', /9pfs type/, [11, 17]);
    bad('p9-spec', 'tag=t,path=', /failed to parse `path=`/, [6, 11]);
    bad('p9-spec', 'tag=t,max-space=lots', /failed to convert/, [16, 20]);
    assert.ok(parse('p9-spec', 'tag=t').problems.some((x) => /security_model/.test(x.message) && !x.fatal));
  });
});

describe('vkb-spec', () => {
  it('backend-type required', () => {
    ok('vkb-spec', 'backend-type=linux,unique-id=k0,feature-abs-pointer=1,width=0x400,height=768');
    ok('vkb-spec', 'backend-type=QEMU');
    bad('vkb-spec', 'backend=1', /no backend-type/, [0, 9]);
    bad('vkb-spec', 'backend-type=sdl', /unknown backend-type/, [13, 16]);
    bad('vkb-spec', 'backend-type=qemu,colour=1', /unknown string/, [18, 26]);
    bad('vkb-spec', 'backend-type=qemu,feature-multi-touch=1', /multi-touch/);
    ok('vkb-spec', 'backend-type=qemu,multi-touch-width=10');
  });
});

describe('other device specs', () => {
  it('vfb: unknown keys silent, no-= stops', () => {
    ok('vfb-spec', 'vnc=1,vnclisten=0.0.0.0,vncpasswd=,keymap=de');
    const p = parse('vfb-spec', 'vnc=1,foo=2');
    assert.equal(p.problems[0].severity, 'information');
    assert.equal(parse('vfb-spec', 'vnc=1,sdl,foo=2').problems[0].severity, 'information');
  });
  it('pvcalls, vdispl, virtio, arm_sci', () => {
    ok('pvcalls-spec', 'backend=0');
    bad('pvcalls-spec', 'backend=0,x=1', /unknown/, [10, 13]);
    ok('vdispl-spec', 'backend=0,be-alloc=1,connectors=id0:1920x1080;id1:800x600');
    bad('vdispl-spec', 'backend=0', /no connector/);
    // sscanf("%ux%u") converts one number: xl prints "Can't parse connector resolution" and exits
    bad('vdispl-spec', 'connectors=id0:1920', /`1920` is not a resolution/, [15, 19]);
    ok('virtio-spec', 'backend=0,type=virtio,device26,transport=MMIO');
    assert.equal(sum(parse('virtio-spec', 'type=virtio,device26'), 'type'), 'virtio,device26');
    bad('virtio-spec', 'type=virtio,device26,transport=pci', /transport/);
    bad('virtio-spec', 'type=virtio,device26,foo=1', /unknown/);
    ok('arm-sci-spec', 'type=SCMI_SMC');
    bad('arm-sci-spec', 'type=scmi', /unknown type/, [5, 9]);
    assert.equal(parse('arm-sci-spec', 'type=none,x=1').problems[0].severity, 'information');
  });
});

describe('ranges, smbios, quota, uuid', () => {
  it('ioports', () => {
    ok('ioport-range', '2f8-2ff');
    ok('ioport-range', '3f8');
    assert.match(sum(parse('ioport-range', '2f8-2ff'), 'ports')!, /8 ports/);
    bad('ioport-range', 'zz', /not hex `START`/, [0, 2]);
    bad('ioport-range', '2f8-2ffz', /unexpected/, [7, 8]);
    bad('ioport-range', 'ffffffff', /too big/);
    const j = parse('ioport-range', '2f8z');
    assert.deepEqual([j.problems[0].fatal, j.problems[0].start, j.problems[0].end], [false, 3, 4]);
    assert.equal(parse('ioport-range', '2ff-2f8').problems[0].fatal, false);
  });
  it('iomem, irqs, llc_colors', () => {
    ok('iomem-range', 'fe000,1');
    ok('iomem-range', 'fe000,10@c0000');
    bad('iomem-range', 'fe000', /iomem/);
    bad('iomem-range', 'fe000,1@', /iomem/);
    bad('iomem-range', 'fe000,1 ', /unexpected/);
    ok('irq-number', '7');
    bad('irq-number', '0x7', /not a decimal number/, [1, 3]);
    bad('irq-number', '4294967295', /too big/);
    ok('color-range', '0-3');
    bad('color-range', '3-0', /LLC color/);
  });
  it('smbios, quota, uuid', () => {
    ok('smbios-spec', 'bios_vendor=Xen');
    ok('smbios-spec', 'OEM=foo');
    bad('smbios-spec', 'bios_vender=Xen', /unknown type.*bios_vendor/, [0, 11]);
    bad('smbios-spec', 'oem=', /value is empty/);
    ok('quota-spec', 'nodes=0x1000');
    bad('quota-spec', 'nodes=-1x', /32-bit number/, [6, 9]);
    ok('uuid', '12345678-90ab-cdef-1234-567890abcdef');
    bad('uuid', '1234567890abcdef1234567890abcdef', /dashes/);
  });
});
