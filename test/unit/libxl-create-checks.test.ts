// The libxl stage: create-time checks of libxl (and Xen's own at XEN_DOMCTL_createdomain), each
// firing and not firing, per release where it changed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LibxlBitmap } from '../../server/src/libxl/value';
import { ALL, FROM_421, HVM, PV, PVH, UP_TO_420, create, createWith, none, one, refusal } from './libxlHelpers';

const POD = HVM + 'memory = 512\nmaxmem = 1024\n';
const PCI = 'pci = [ "01:00.0" ]\n';
const vnuma = (_d: unknown, b: Record<string, unknown>) => {
  b.vnuma_nodes = [{ memkb: 512n * 1024n, pnode: 0 }];
};

describe('libxl: passthrough', () => {
  it('disabled with devices', () => {
    const x = refusal(create(HVM + PCI + 'passthrough = "disabled"\n'), 'relation/passthrough-disabled');
    assert.deepEqual(x.printed, ['passthrough disabled but devices are specified']);
    none(create(HVM + 'passthrough = "disabled"\n'), 'relation/passthrough-disabled');
    none(create(HVM + PCI), 'relation/passthrough-disabled');
  });
  it('no IOMMU: a refusal only when the host says so', () => {
    const r = create(HVM + PCI);
    none(r, 'relation/passthrough-no-iommu');
    assert.equal(
      r.undecided.filter((u) => u.rule === 'relation/passthrough-no-iommu' && u.needs === 'iommu').length,
      1,
    );
    refusal(create(HVM + PCI, '4.20', 'x86', { iommu: false }), 'relation/passthrough-no-iommu');
    const ok = create(HVM + PCI, '4.20', 'x86', { iommu: true });
    none(ok, 'relation/passthrough-no-iommu');
    assert.equal(ok.undecided.filter((u) => u.rule === 'relation/passthrough-no-iommu').length, 0);
    assert.equal(create(HVM).undecided.length, 0);
  });
  it('x86 PVH has none; Arm PVH has it', () => {
    const x = refusal(create(PVH + PCI), 'relation/passthrough-pvh');
    assert.deepEqual(x.printed, ['passthrough not yet supported for x86 PVH guests']);
    none(create(PVH), 'relation/passthrough-pvh');
    const arm = createWith(
      PVH,
      (d) => {
        d.dtdevs = [{ path: '/soc/eth' }];
      },
      '4.20',
      'arm',
    );
    none(arm, 'relation/passthrough-pvh');
    assert.equal(arm.effective.passthrough.value, 'share_pt');
  });
  it('the modes: share_pt not for PV, nor without HAP; Arm has no sync_pt', () => {
    const pv = refusal(create(PV + 'passthrough = "share_pt"\n'), 'relation/passthrough-mode');
    assert.deepEqual(pv.printed, ['passthrough="share_pt" not valid for PV domain']);
    const hap = refusal(create(HVM + 'hap = 0\npassthrough = "share_pt"\n'), 'relation/passthrough-mode');
    assert.deepEqual(hap.printed, ['passthrough="share_pt" only valid for HAP guests']);
    const arm = refusal(create(PVH + 'passthrough = "sync_pt"\n', '4.20', 'arm'), 'relation/passthrough-mode');
    assert.deepEqual(arm.printed, ['passthrough="sync_pt" not supported on ARM']);
    none(create(HVM + 'passthrough = "sync_pt"\n'), 'relation/passthrough-mode');
    const unknown = create(HVM + 'passthrough = "share_pt"\n');
    none(unknown, 'relation/passthrough-mode');
    assert.ok(unknown.undecided.some((u) => u.rule === 'relation/passthrough-mode'));
  });
  it('the mode libxl picks for "enabled"', () => {
    assert.equal(create(HVM).effective.passthrough.value, 'disabled');
    assert.equal(create(HVM + PCI).effective.passthrough.value, 'enabled');
    assert.equal(
      create(HVM + PCI, '4.20', 'x86', { iommu: true, hap: true, iommuHapPtShare: true }).effective.passthrough.value,
      'share_pt',
    );
    assert.equal(create(HVM + PCI + 'hap = 0\n').effective.passthrough.value, 'sync_pt');
    assert.equal(create(PV + PCI).effective.passthrough.value, 'sync_pt');
  });
});

describe('libxl: populate-on-demand', () => {
  it('is memory below maxmem on HVM/PVH', () => {
    assert.equal(create(POD).effective.memory.pod.value, true);
    assert.equal(create(PVH + 'memory = 512\nmaxmem = 1024\n').effective.memory.pod.value, true);
    assert.equal(create(PV + 'memory = 512\nmaxmem = 1024\n').effective.memory.pod.value, false);
    assert.equal(create(HVM + 'memory = 1024\nmaxmem = 1024\n').effective.memory.pod.value, false);
    // maxmem alone: the target is still LIBXL_MEMKB_DEFAULT when libxl compares.
    assert.equal(create(HVM + 'maxmem = 1024\n').effective.memory.pod.value, false);
  });
  it('with passthrough', () => {
    const x = refusal(create(POD + PCI), 'relation/pod-passthrough');
    assert.deepEqual(x.printed, ['IOMMU required for device passthrough but not supported together with PoD']);
    refusal(create(POD + 'passthrough = "enabled"\n'), 'relation/pod-passthrough');
    none(create(HVM + 'memory = 1024\nmaxmem = 1024\n' + PCI), 'relation/pod-passthrough');
    none(create(PV + 'memory = 512\nmaxmem = 1024\n' + PCI), 'relation/pod-passthrough');
  });
  it('with vNUMA; and PV vNUMA at all', () => {
    refusal(createWith(POD, vnuma), 'relation/pod-vnuma');
    none(createWith(HVM + 'memory = 1024\nmaxmem = 1024\n', vnuma), 'relation/pod-vnuma');
    const pv = refusal(createWith(PV, vnuma), 'relation/vnuma-pv');
    assert.deepEqual(pv.printed, ['PV vNUMA is not yet supported']);
    none(createWith(HVM, vnuma), 'relation/vnuma-pv');
    // Arm turns PV into PVH before this check.
    none(createWith('name = "g"\ntype = "pv"\nkernel = "/k"\n', vnuma, '4.20', 'arm'), 'relation/vnuma-pv');
  });
  it('with altp2m, and nested HVM with altp2m', () => {
    refusal(create(POD + 'altp2m = "mixed"\n'), 'relation/pod-altp2m');
    refusal(create(POD + 'altp2mhvm = 1\n'), 'relation/pod-altp2m');
    none(create(HVM + 'altp2m = "mixed"\n'), 'relation/pod-altp2m');
    const n = refusal(create(HVM + 'nestedhvm = 1\naltp2m = "external"\n'), 'relation/nestedhvm-altp2m');
    assert.deepEqual(n.printed, ['nestedhvm and altp2mhvm cannot be used together']);
    refusal(create(HVM + 'nestedhvm = 1\naltp2mhvm = 1\n'), 'relation/nestedhvm-altp2m');
    none(create(HVM + 'nestedhvm = 1\n'), 'relation/nestedhvm-altp2m');
  });
});

describe('libxl: build info', () => {
  it('HVM direct-boot parameters need a kernel (root/extra build a cmdline too)', () => {
    for (const k of ['ramdisk = "/i"', 'cmdline = "x"', 'extra = "console=ttyS0"', 'root = "/dev/xvda1"']) {
      const x = refusal(create(HVM + k + '\n'), 'relation/hvm-direct-boot-without-kernel');
      assert.deepEqual(x.printed, ['direct boot parameters specified but kernel missing']);
    }
    none(create(HVM + 'kernel = "/k"\nramdisk = "/i"\n'), 'relation/hvm-direct-boot-without-kernel');
    none(create(PV + 'ramdisk = "/i"\n'), 'relation/hvm-direct-boot-without-kernel');
  });
  it('video RAM minimums by adapter, qemu-xen', () => {
    for (const [text, printed] of [
      ['vga = "stdvga"\nvideoram = 8\n', 'videoram must be at least 16 MB for STDVGA on QEMU_XEN'],
      ['videoram = 4\n', 'videoram must be at least 8 MB for CIRRUS on QEMU_XEN'],
      ['vga = "qxl"\nvideoram = 64\n', '128 Mib videoram is the minimum for qxl default'],
    ]) {
      for (const rel of ALL)
        assert.deepEqual(refusal(create(HVM + text, rel), 'relation/videoram-too-small').printed, [printed]);
    }
    for (const text of [
      'vga = "stdvga"\nvideoram = 16\n',
      'videoram = 8\n',
      'vga = "qxl"\n',
      'vga = "none"\nvideoram = 1\n',
    ]) {
      none(create(HVM + text), 'relation/videoram-too-small');
    }
    assert.equal(create(HVM + 'vga = "qxl"\n').effective.hvm?.videoMemkb.value, 128n * 1024n);
    assert.equal(create(HVM).effective.hvm?.videoMemkb.value, 8n * 1024n);
  });
  it('video RAM with qemu-xen-traditional (4.17-4.20)', () => {
    const TRAD = HVM + 'device_model_version = "qemu-xen-traditional"\n';
    assert.deepEqual(
      refusal(create(TRAD + 'vga = "stdvga"\nvideoram = 4\n', '4.17'), 'relation/videoram-too-small').printed,
      ['videoram must be at least 8 MB for STDVGA on QEMU_XEN_TRADITIONAL'],
    );
    none(create(TRAD + 'vga = "stdvga"\nvideoram = 8\n', '4.17'), 'relation/videoram-too-small');
    const w = one(create(TRAD + 'videoram = 8\n', '4.20'), 'relation/videoram-ignored');
    assert.equal(w.effect, 'warning');
    none(create(TRAD + 'videoram = 4\n', '4.20'), 'relation/videoram-ignored');
    none(create(HVM + 'videoram = 16\n', '4.20'), 'relation/videoram-ignored');
    assert.equal(create(TRAD, '4.20').effective.hvm?.videoMemkb.value, 4n * 1024n);
    assert.deepEqual(refusal(create(TRAD + 'vga = "qxl"\n', '4.20'), 'relation/qxl-qemu-traditional').printed, [
      'qemu upstream required for qxl vga',
    ]);
  });
  it('USB: usbversion or SPICE redirection against usb/usbdevice; redirection without SPICE', () => {
    const x = refusal(create(HVM + 'usbversion = 2\nusb = 1\n'), 'relation/usb-conflict');
    assert.deepEqual(x.printed, [
      'usbversion and/or usbredirection cannot be enabled with usb and/or usbdevice parameters.',
    ]);
    refusal(
      create(
        HVM +
          'spice = 1\nspiceport = 5900\nspicedisable_ticketing = 1\nspiceusbredirection = 1\nusbdevice = "tablet"\n',
      ),
      'relation/usb-conflict',
    );
    none(create(HVM + 'usbversion = 2\n'), 'relation/usb-conflict');
    const w = one(create(HVM + 'spiceusbredirection = 2\n'), 'relation/spiceusbredirection-without-spice');
    assert.equal(w.effect, 'warning');
    assert.deepEqual(w.printed, ['spice disabled, disabling usbredirection']);
    // Dropped before the conflict check.
    none(create(HVM + 'spiceusbredirection = 2\nusb = 1\n'), 'relation/usb-conflict');
    none(
      create(HVM + 'spice = 1\nspiceport = 5900\nspicedisable_ticketing = 1\nspiceusbredirection = 2\n'),
      'relation/spiceusbredirection-without-spice',
    );
  });
  it('vCPUs: libxl counts avail_vcpus in bytes (at most 1024 vCPUs)', () => {
    const x = refusal(create(PV + 'vcpus = 1025\n'), 'relation/vcpus-max');
    assert.deepEqual(x.printed, ['avail_vcpus bitmap contains too many VCPUS']);
    none(create(PV + 'vcpus = 1024\n'), 'relation/vcpus-max');
  });
  it('max_grant_version: out of the mask (libxl), 0 or above the arch maximum (Xen)', () => {
    assert.deepEqual(refusal(create(PV + 'max_grant_version = 16\n'), 'relation/max-grant-version').printed, [
      'max grant version 16 out of range',
    ]);
    const zero = refusal(create(PV + 'max_grant_version = 0\n'), 'relation/max-grant-version');
    assert.equal(zero.by, 'xen');
    refusal(create(PV + 'max_grant_version = 3\n'), 'relation/max-grant-version');
    none(create(PV + 'max_grant_version = 2\n'), 'relation/max-grant-version');
    none(create(PV + 'max_grant_version = 1\n'), 'relation/max-grant-version');
    refusal(create(PVH + 'max_grant_version = 2\n', '4.20', 'arm'), 'relation/max-grant-version');
    refusal(create(PV + 'max_grant_frames = 0\n'), 'relation/max-grant-frames');
    none(create(PV + 'max_grant_frames = 1\n'), 'relation/max-grant-frames');
  });
});

describe('libxl and Xen: making the domain', () => {
  it('vCPU limits: 128 for HVM/PVH, 8192 for x86 PV, 128 on Arm (8 with a GICv2)', () => {
    for (const t of [HVM, PVH]) {
      const x = refusal(create(t + 'vcpus = 129\n'), 'relation/vcpus-max');
      assert.equal(x.by, 'xen');
      assert.deepEqual(x.printed, ['domain creation fail: Invalid argument', 'cannot make domain: -3']);
      none(create(t + 'vcpus = 128\n'), 'relation/vcpus-max');
      refusal(create(t + 'maxvcpus = 200\n'), 'relation/vcpus-max');
    }
    none(create(PV + 'vcpus = 200\n'), 'relation/vcpus-max');
    none(create(PV + 'maxvcpus = 8192\n'), 'relation/vcpus-max');
    refusal(create(PV + 'maxvcpus = 8193\n'), 'relation/vcpus-max');
    refusal(create(PVH + 'vcpus = 129\n', '4.20', 'arm'), 'relation/vcpus-max');
    refusal(create(PVH + 'vcpus = 9\ngic_version = "v2"\n', '4.20', 'arm'), 'relation/vcpus-max');
    const undecided = create(PVH + 'vcpus = 9\n', '4.20', 'arm');
    none(undecided, 'relation/vcpus-max');
    assert.ok(undecided.undecided.some((u) => u.rule === 'relation/vcpus-max' && u.needs === 'gic'));
    refusal(create(PVH + 'vcpus = 9\n', '4.20', 'arm', { gic: 'v2' }), 'relation/vcpus-max');
    none(create(PVH + 'vcpus = 9\n', '4.20', 'arm', { gic: 'v3' }), 'relation/vcpus-max');
  });
  it('trap_unmapped_accesses on x86 (4.21+)', () => {
    for (const rel of FROM_421) {
      const x = refusal(create(HVM + 'trap_unmapped_accesses = 1\n', rel), 'relation/trap-unmapped-x86');
      assert.equal(x.printed[0], 'trap_unmapped_accesses is not supported on x86');
      none(create(HVM + 'trap_unmapped_accesses = 0\n', rel), 'relation/trap-unmapped-x86');
      none(create(PVH + 'trap_unmapped_accesses = 1\n', rel, 'arm'), 'relation/trap-unmapped-x86');
    }
    // Before 4.21 libxl has no such field to check.
    none(
      createWith(
        HVM,
        (_d, b) => {
          b.trap_unmapped_accesses = true;
        },
        '4.20',
      ),
      'relation/trap-unmapped-x86',
    );
  });
  it('nested HVM needs HAP', () => {
    refusal(create(HVM + 'nestedhvm = 1\nhap = 0\n'), 'relation/nestedhvm-hap');
    none(create(HVM + 'nestedhvm = 1\n'), 'relation/nestedhvm-hap');
  });
  it('altp2m needs HAP, so PV has none (4.19+, given to Xen at creation since commit 0291089f6e)', () => {
    for (const rel of ['4.19', '4.20', '4.21', '4.22'] as const) {
      refusal(create(PV + 'altp2m = "mixed"\n', rel), 'relation/altp2m-hap');
      refusal(create(HVM + 'hap = 0\naltp2m = "mixed"\n', rel), 'relation/altp2m-hap');
    }
    for (const rel of ['4.17', '4.18'] as const)
      assert.equal(one(create(PV + 'altp2m = "mixed"\n', rel), 'relation/altp2m-hap').effect, 'silent');
    none(create(HVM + 'altp2m = "mixed"\n', '4.20'), 'relation/altp2m-hap');
  });
  it('altp2m_count (4.21+): PVH altp2m gets no views by default', () => {
    for (const rel of FROM_421) {
      refusal(create(PVH + 'altp2m = "mixed"\n', rel), 'relation/altp2m-count');
      none(create(PVH + 'altp2m = "mixed"\naltp2m_count = 4\n', rel), 'relation/altp2m-count');
      none(create(HVM + 'altp2m = "mixed"\n', rel), 'relation/altp2m-count');
      refusal(create(HVM + 'altp2m = "mixed"\naltp2m_count = 0\n', rel), 'relation/altp2m-count');
      refusal(create(HVM + 'altp2m = "mixed"\naltp2m_count = 600\n', rel), 'relation/altp2m-count');
      refusal(create(HVM + 'altp2m_count = 4\n', rel), 'relation/altp2m-count');
    }
    none(create(PVH + 'altp2m = "mixed"\n', '4.20'), 'relation/altp2m-count');
  });
  it('altp2m needs Xen to offer it (checked at creation from 4.21)', () => {
    const text = HVM + 'altp2m = "mixed"\n';
    for (const rel of FROM_421) {
      const r = create(text, rel);
      none(r, 'relation/altp2m-unsupported');
      assert.ok(r.undecided.some((u) => u.rule === 'relation/altp2m-unsupported' && u.needs === 'altp2m'));
      refusal(create(text, rel, 'x86', { altp2m: false }), 'relation/altp2m-unsupported');
      none(create(text, rel, 'x86', { altp2m: true }), 'relation/altp2m-unsupported');
    }
    assert.ok(!create(text, '4.20').undecided.some((u) => u.rule === 'relation/altp2m-unsupported'));
    none(create(text, '4.20', 'x86', { altp2m: false }), 'relation/altp2m-unsupported');
  });
  it('vmtrace: HVM only, a power-of-two buffer of 4 KiB to 64 MiB', () => {
    refusal(create(PV + 'vmtrace_buf_kb = 64\n'), 'relation/vmtrace');
    refusal(create(HVM + 'vmtrace_buf_kb = 12\n'), 'relation/vmtrace');
    refusal(create(HVM + 'vmtrace_buf_kb = 131072\n'), 'relation/vmtrace');
    none(create(HVM + 'vmtrace_buf_kb = 64\n'), 'relation/vmtrace');
    none(create(HVM + 'vmtrace_buf_kb = 3\n'), 'relation/vmtrace'); // rounded up to a page
  });
  it('Arm requires HAP and allows no oos_off or nested virt', () => {
    for (const k of ['hap = 0', 'oos = 0', 'nestedhvm = 1'])
      refusal(create(PVH + k + '\n', '4.20', 'arm'), 'relation/arm-unsupported-flag');
    none(create(PVH + 'hap = 1\n', '4.20', 'arm'), 'relation/arm-unsupported-flag');
  });
  it('Arm turns PV into PVH with a warning', () => {
    const r = create('name = "g"\ntype = "pv"\nkernel = "/k"\n', '4.20', 'arm');
    assert.equal(r.effective.type.value, 'pvh');
    const w = one(r, 'relation/arm-pv-converted');
    assert.equal(w.effect, 'warning');
    assert.equal(w.printed.length, 3);
    assert.equal(r.accepted, true);
    none(create(PVH, '4.20', 'arm'), 'relation/arm-pv-converted');
    none(create('name = "g"\ntype = "pv"\nkernel = "/k"\n'), 'relation/arm-pv-converted');
  });
});

describe('libxl: after the domain is made', () => {
  it('Viridian: the base group, a group enabled and disabled at once', () => {
    const b = refusal(create(HVM + 'viridian = [ "freq" ]\n'), 'relation/viridian-groups');
    assert.deepEqual(b.printed, ['base group not enabled']);
    refusal(create(HVM + 'viridian = [ "defaults", "!base" ]\n'), 'relation/viridian-groups');
    const both = refusal(create(HVM + 'viridian = [ "!hcall_ipi", "all" ]\n'), 'relation/viridian-groups');
    assert.deepEqual(both.printed, ['hcall_ipi group both enabled and disabled']);
    for (const ok of [
      'viridian = 1',
      'viridian = [ "base", "freq" ]',
      'viridian = [ "all", "!hcall_ipi" ]',
      'viridian = [ "!base" ]',
      'viridian = [ "base", "!base" ]',
    ]) {
      none(create(HVM + ok + '\n'), 'relation/viridian-groups');
    }
    none(
      createWith(PVH, (_d, _b, u) => {
        const e = new LibxlBitmap(64);
        e.set(1);
        u.viridian_enable = e;
      }),
      'relation/viridian-groups',
    );
  });
  it('Viridian: the groups set', () => {
    assert.deepEqual(create(HVM + 'viridian = 1\n').effective.hvm?.viridian.value, [
      'base',
      'freq',
      'time_ref_count',
      'apic_assist',
      'crash_ctl',
      'no_vp_limit',
      'cpu_hotplug',
    ]);
    assert.deepEqual(
      create(HVM + 'viridian = [ "defaults", "hcall_ipi", "!crash_ctl" ]\n').effective.hvm?.viridian.value,
      ['base', 'freq', 'time_ref_count', 'apic_assist', 'hcall_ipi', 'no_vp_limit', 'cpu_hotplug'],
    );
    assert.deepEqual(create(HVM).effective.hvm?.viridian.value, []);
    // "all" sets every bit of the bitmap; only the named groups reach Xen.
    const all = create(HVM + 'viridian = [ "all" ]\n').effective.hvm?.viridian.value;
    assert.equal(all?.length, 13);
    assert.ok(all?.every((g) => typeof g === 'string'));
  });
  it('tsc_mode "native_paravirt" was removed (x86, every guest type)', () => {
    for (const t of [PV, PVH, HVM]) {
      const x = refusal(create(t + 'tsc_mode = "native_paravirt"\n'), 'relation/tsc-native-paravirt');
      assert.deepEqual(x.printed, ['TSC Mode native_paravirt (a.k.a PVRDTSCP) has been removed']);
    }
    none(create(PV + 'tsc_mode = "native"\n'), 'relation/tsc-native-paravirt');
    none(create(PVH + 'tsc_mode = "native_paravirt"\n', '4.20', 'arm'), 'relation/tsc-native-paravirt');
  });
  it('vPMU: a refusal only when the host has none', () => {
    none(create(PV + 'vpmu = 1\n'), 'relation/vpmu-unsupported');
    assert.ok(create(PV + 'vpmu = 1\n').undecided.some((u) => u.needs === 'vpmu'));
    refusal(create(PV + 'vpmu = 1\n', '4.20', 'x86', { vpmu: false }), 'relation/vpmu-unsupported');
    none(create(PV + 'vpmu = 1\n', '4.20', 'x86', { vpmu: true }), 'relation/vpmu-unsupported');
  });
});

describe('libxl: QEMU command line', () => {
  it('qemu-xen-traditional: no HVM direct kernel boot, no dm_restrict (4.17-4.20)', () => {
    const TRAD = HVM + 'device_model_version = "qemu-xen-traditional"\n';
    for (const rel of UP_TO_420) {
      refusal(create(TRAD + 'kernel = "/k"\n', rel), 'relation/hvm-kernel-qemu-traditional');
      refusal(create(TRAD + 'dm_restrict = 1\n', rel), 'relation/dm-restrict-qemu-traditional');
      none(create(TRAD, rel), 'relation/hvm-kernel-qemu-traditional');
    }
    none(create(HVM + 'kernel = "/k"\n'), 'relation/hvm-kernel-qemu-traditional');
    none(create(HVM + 'dm_restrict = 1\n'), 'relation/dm-restrict-qemu-traditional');
  });
  it('SPICE needs a port and a password (or no ticketing), in dom0 only', () => {
    const S = HVM + 'spice = 1\n';
    assert.deepEqual(refusal(create(S), 'relation/spice-incomplete').printed, [
      'at least one of the spiceport or tls_port must be provided',
    ]);
    assert.deepEqual(refusal(create(S + 'spiceport = 5900\n'), 'relation/spice-incomplete').printed, [
      'spice ticketing is enabled but missing password',
    ]);
    assert.deepEqual(refusal(create(S + 'spiceport = 5900\nspicepasswd = ""\n'), 'relation/spice-incomplete').printed, [
      "spice password can't be empty",
    ]);
    none(create(S + 'spiceport = 5900\nspicepasswd = "x"\n'), 'relation/spice-incomplete');
    none(create(S + 'spicetls_port = 5901\nspicedisable_ticketing = 1\n'), 'relation/spice-incomplete');
    none(
      create(S + 'device_model_stubdomain_override = 1\ndevice_model_version = "qemu-xen"\n'),
      'relation/spice-incomplete',
    );
    none(
      create(HVM + 'device_model_version = "qemu-xen-traditional"\nspice = 1\n', '4.20'),
      'relation/spice-incomplete',
    );
  });
  it('usbversion 1..3, usbredirection 0..4', () => {
    assert.deepEqual(refusal(create(HVM + 'usbversion = 4\n'), 'relation/usbversion-invalid').printed, [
      'usbversion parameter is invalid, must be between 1 and 3',
    ]);
    none(create(HVM + 'usbversion = 3\n'), 'relation/usbversion-invalid');
    const S = HVM + 'spice = 1\nspiceport = 5900\nspicedisable_ticketing = 1\n';
    refusal(create(S + 'spiceusbredirection = 5\n'), 'relation/usbredirection-invalid');
    none(create(S + 'spiceusbredirection = 4\n'), 'relation/usbredirection-invalid');
  });
  it('soundhw must be a card qemu-xen knows (any case)', () => {
    assert.deepEqual(refusal(create(HVM + 'soundhw = "sb32"\n'), 'relation/soundhw-unknown').printed, [
      "Unknown soundhw option 'sb32'",
    ]);
    none(create(HVM + 'soundhw = "HDA"\n'), 'relation/soundhw-unknown');
    const long = refusal(create(HVM + `soundhw = "${'x'.repeat(200)}"\n`), 'relation/soundhw-unknown');
    assert.ok(long.message.length <= 100);
    none(
      create(HVM + 'device_model_version = "qemu-xen-traditional"\nsoundhw = "sb32"\n', '4.20'),
      'relation/soundhw-unknown',
    );
  });
});

describe('libxl: reports', () => {
  it('later refusals are marked afterRefusal, in libxl order', () => {
    const r = create(POD + PCI + 'bios = "rombios"\n');
    assert.deepEqual(
      r.reports.map((x) => [x.rule, !!x.afterRefusal]),
      [
        ['relation/pod-passthrough', false],
        ['relation/bios-device-model', true],
      ],
    );
  });
  it('one line of at most 100 characters that says "at creation", and a citation', () => {
    const texts = [
      POD +
        PCI +
        'bios = "rombios"\nvideoram = 1\nviridian = [ "freq" ]\ntsc_mode = "native_paravirt"\nusbversion = 9\nsoundhw = "x"\nspiceusbredirection = 1\nusb = 1\n',
      HVM +
        'device_model_version = "qemu-xen-traditional"\nbios = "ovmf"\nkernel = "/k"\ndm_restrict = 1\nvga = "qxl"\nbios_path_override = "/b"\n',
      PV +
        'device_model_stubdomain_override = 1\nvfb = [ "vnc=1" ]\nmax_grant_version = 0\nmax_grant_frames = 0\naltp2m = "mixed"\nvmtrace_buf_kb = 1\n',
      PVH + 'pvshim_path = "/s"\npassthrough = "sync_pt"\naltp2m = "limited"\nmaxvcpus = 300\n',
    ];
    let seen = 0;
    for (const rel of ALL) {
      for (const t of texts) {
        for (const arch of ['x86', 'arm'] as const) {
          let r: ReturnType<typeof create>;
          try {
            r = create(t, rel, arch);
          } catch {
            continue; // xl refuses this text for this release
          }
          for (const x of r.reports) {
            seen++;
            assert.ok(x.message.length <= 100, `${x.rule}: ${x.message.length} chars`);
            assert.doesNotMatch(x.message, /\n/);
            assert.match(x.message, /at creation/, x.message);
            assert.match(x.citation, /^(tools\/libs\/light|xen)\/[\w/]+\.c: \w+ \(4\.\d\d(-4\.\d\d)?\)$/, x.citation);
            assert.ok(x.keys.length > 0, x.rule);
          }
          for (const u of r.undecided) assert.ok(u.message.length <= 100, u.message);
        }
      }
    }
    assert.ok(seen > 50, `only ${seen} reports seen`);
  });
});
