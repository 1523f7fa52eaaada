import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { covered, fixes, none, one } from './helpers';

const HVM = 'name = "g"\ntype = "hvm"\n';
const PV = 'name = "g"\nkernel = "/k"\n';

describe('relations', () => {
  it('name-missing', () => {
    const d = one('kernel = "/k"\nmemory = 64\n', 'relation/name-missing');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /Domain name must be specified/);
    none(PV, 'relation/name-missing');
    none('disk = [ "/a,,xvda" ]\n', 'relation/name-missing'); // a fragment
    none('name = [\nkernel = "/k"\n', 'relation/name-missing'); // broken name statement
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
    assert.match(d.message, /defaults to PV.*Neither kernel nor bootloader/);
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
  it('hvm-direct-boot-without-kernel', () => {
    one(HVM + 'ramdisk = "/i"\n', 'relation/hvm-direct-boot-without-kernel');
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
  it('pod-*', () => {
    const pod = HVM + 'memory = 512\nmaxmem = 1024\n';
    one(pod + 'pci = [ "01:00.0" ]\n', 'relation/pod-passthrough');
    one(pod + 'vnuma = [ [ "size=512" ] ]\n', 'relation/pod-vnuma');
    one(pod + 'altp2m = "mixed"\n', 'relation/pod-altp2m');
    none(HVM + 'memory = 1024\nmaxmem = 1024\npci = [ "01:00.0" ]\n', 'relation/pod-passthrough');
    none(PV + 'memory = 512\nmaxmem = 1024\npci = [ "01:00.0" ]\n', 'relation/pod-passthrough');
  });
  it('nestedhvm-altp2m', () => {
    one(HVM + 'nestedhvm = 1\naltp2m = "external"\n', 'relation/nestedhvm-altp2m');
    none(HVM + 'nestedhvm = 1\naltp2m = "disabled"\n', 'relation/nestedhvm-altp2m');
  });
  it('vnuma-pv, passthrough-disabled', () => {
    one(PV + 'vnuma = [ [ "size=512" ] ]\n', 'relation/vnuma-pv');
    one(HVM + 'passthrough = "disabled"\npci = [ "01:00.0" ]\n', 'relation/passthrough-disabled');
    none(HVM + 'passthrough = "enabled"\npci = [ "01:00.0" ]\n', 'relation/passthrough-disabled');
  });
  it('rombios, bios-path, usb, spice, videoram, viridian, trap, dm override', () => {
    one(HVM + 'bios = "rombios"\n', 'relation/bios-device-model');
    one(HVM + 'bios_path_override = "/b"\n', 'relation/bios-path-without-bios');
    none(HVM + 'bios = "ovmf"\nbios_path_override = "/b"\n', 'relation/bios-path-without-bios');
    one(HVM + 'usb = 1\nusbversion = 2\n', 'relation/usb-conflict');
    one(HVM + 'spiceusbredirection = 2\n', 'relation/spiceusbredirection-without-spice');
    none(HVM + 'spice = 1\nspiceusbredirection = 2\n', 'relation/spiceusbredirection-without-spice');
    one(HVM + 'vga = "stdvga"\nvideoram = 8\n', 'relation/videoram-too-small');
    none(HVM + 'vga = "stdvga"\nvideoram = 16\n', 'relation/videoram-too-small');
    one(HVM + 'viridian = [ "freq" ]\n', 'relation/viridian-groups');
    one(HVM + 'viridian = [ "base", "!base" ]\n', 'relation/viridian-groups');
    none(HVM + 'viridian = [ "defaults", "!hcall_ipi" ]\n', 'relation/viridian-groups');
    one(HVM + 'hpet = 1\ntrap_unmapped_accesses = 1\n', 'relation/trap-unmapped-x86');
    one(HVM + 'device_model_override = "/q"\n', 'relation/dm-override-without-version');
    none(HVM + 'device_model_override = "/q"\ndevice_model_version = "qemu-xen"\n', 'relation/dm-override-without-version');
  });
});
