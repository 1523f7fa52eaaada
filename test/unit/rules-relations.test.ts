import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check, covered, fixes, none, one } from './helpers';

const HVM = 'name = "g"\ntype = "hvm"\n';
const PV = 'name = "g"\nkernel = "/k"\n';

describe('relations', () => {
  it('name-missing', () => {
    const d = one('kernel = "/k"\nmemory = 64\n', 'relation/name-missing');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.claim?.printed, ['Domain name must be specified.']);
    none(PV, 'relation/name-missing');
    none('name = [\nkernel = "/k"\n', 'relation/name-missing'); // broken name statement
  });
  it('a fragment without name gets that one diagnostic and nothing else from xl', () => {
    const ds = check('disk = [ "/a,,xvda" ]\n');
    const d = one('disk = [ "/a,,xvda" ]\n', 'relation/name-missing');
    assert.match(d.message, /fragment/);
    assert.deepEqual(
      ds.filter((x) => x.claim?.by === 'xl').map((x) => x.code),
      ['relation/name-missing'],
    );
  });
  it('maxvcpus-below-vcpus', () => {
    const text = PV + 'vcpus = 4\nmaxvcpus = 2\n';
    const d = one(text, 'relation/maxvcpus-below-vcpus');
    assert.equal(covered(text, d), '2');
    none(PV + 'vcpus = 2\nmaxvcpus = 4\n', 'relation/maxvcpus-below-vcpus');
  });
  it('maxmem-below-memory (warning)', () => {
    assert.equal(one(PV + 'memory = 1024\nmaxmem = 512\n', 'relation/maxmem-below-memory').severity, 'warning');
    none(PV + 'memory = 512\nmaxmem = 1024\n', 'relation/maxmem-below-memory');
  });
  it('builder-type-conflict with a removal fix', () => {
    const text = 'name = "g"\ntype = "hvm"\nbuilder = "generic"\n';
    assert.equal(one(text, 'relation/builder-type-conflict').severity, 'error');
    assert.equal(fixes(text, 'relation/builder-type-conflict', /Remove/), 'name = "g"\ntype = "hvm"\n');
    none('name = "g"\ntype = "hvm"\nbuilder = "hvm"\n', 'relation/builder-type-conflict');
  });
  it('no-kernel-or-bootloader', () => {
    const d = one('name = "g"\nmemory = 512\n', 'relation/no-kernel-or-bootloader');
    assert.match(d.message, /PV guest needs `kernel` or `bootloader`/);
    assert.deepEqual(d.claim?.printed, ['Neither kernel nor bootloader specified']);
    none('name = "g"\nbootloader = "pygrub"\n', 'relation/no-kernel-or-bootloader');
    none('name = "g"\nfirmware = "pvgrub64"\n', 'relation/no-kernel-or-bootloader');
    none(HVM, 'relation/no-kernel-or-bootloader');
  });
  it('kernel-and-firmware', () => {
    one('name = "g"\ntype = "pvh"\nkernel = "/k"\nfirmware = "pvgrub64"\n', 'relation/kernel-and-firmware');
    none(HVM + 'kernel = "/k"\nfirmware = "ovmf"\n', 'relation/kernel-and-firmware');
  });
  it('cmdline-overrides', () => {
    const text = PV + 'cmdline = "ro"\nroot = "/dev/xvda1"\n';
    const d = one(text, 'relation/cmdline-overrides');
    assert.equal(covered(text, d), 'root');
    none(PV + 'root = "/dev/xvda1"\nextra = "ro"\n', 'relation/cmdline-overrides');
  });
  it('hvm-direct-boot-without-kernel (libxl, at creation)', () => {
    assert.equal(one(HVM + 'ramdisk = "/i"\n', 'relation/hvm-direct-boot-without-kernel').claim?.by, 'libxl');
    one(HVM + 'kernel = "/usr/lib/xen/boot/hvmloader"\ncmdline = "x"\n', 'relation/hvm-direct-boot-without-kernel');
    none(HVM + 'kernel = "/k"\nramdisk = "/i"\n', 'relation/hvm-direct-boot-without-kernel');
  });
  it('hvmloader-kernel: removal fix', () => {
    const text = HVM + 'kernel = "/usr/lib/xen/boot/hvmloader"\n';
    assert.equal(fixes(text, 'relation/hvmloader-kernel'), HVM);
  });
  it('timer-mode-pv', () => {
    const text = PV + 'timer_mode = "delay_for_missed_ticks"\n';
    assert.equal(fixes(text, 'relation/timer-mode-pv'), PV);
    none(HVM + 'timer_mode = "delay_for_missed_ticks"\n', 'relation/timer-mode-pv');
  });
  it('vcpus-max', () => {
    one(HVM + 'vcpus = 129\n', 'relation/vcpus-max');
    none(PV + 'vcpus = 200\n', 'relation/vcpus-max');
    none(HVM + 'vcpus = 128\n', 'relation/vcpus-max');
  });
  it('vnc-display-conflict', () => {
    one(HVM + 'vnclisten = "0.0.0.0:1"\nvncdisplay = 2\n', 'relation/vnc-display-conflict');
    none(HVM + 'vnclisten = "0.0.0.0"\nvncdisplay = 2\n', 'relation/vnc-display-conflict');
  });
  it('BIOS and device model pairing (libxl), by release', () => {
    one(HVM + 'bios = "rombios"\n', 'relation/bios-device-model');
    none(HVM + 'bios = "rombios"\ndevice_model_version = "qemu-xen-traditional"\n', 'relation/bios-device-model', {
      xenVersion: '4.17',
    });
    one(HVM + 'bios = "seabios"\ndevice_model_version = "qemu-xen-traditional"\n', 'relation/bios-device-model', {
      xenVersion: '4.17',
    });
    none(HVM + 'device_model_version = "qemu-xen-traditional"\n', 'relation/bios-device-model', { xenVersion: '4.17' });
  });
  it('bios-path, dm override', () => {
    const d = one(HVM + 'bios_path_override = "/b"\n', 'relation/bios-path-without-bios');
    assert.match(d.message, /still used/);
    none(HVM + 'bios = "ovmf"\nbios_path_override = "/b"\n', 'relation/bios-path-without-bios');
    one(HVM + 'device_model_override = "/q"\n', 'relation/dm-override-without-version');
    none(
      HVM + 'device_model_override = "/q"\ndevice_model_version = "qemu-xen"\n',
      'relation/dm-override-without-version',
    );
  });
});
