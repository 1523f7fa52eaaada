// The libxl stage: device model, stub domains, the BIOS each pairs with, and what boots first.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALL, FROM_421, HVM, PV, PVH, UP_TO_420, create, createWith, none, one, refusal } from './libxlHelpers';

const TRAD = HVM + 'device_model_version = "qemu-xen-traditional"\n';
const STUB = HVM + 'device_model_stubdomain_override = 1\n';

describe('libxl: device model version', () => {
  it('qemu-xen by default for every guest type and release', () => {
    for (const rel of ALL) {
      for (const text of [HVM, PV, PVH]) {
        const r = create(text, rel);
        assert.equal(r.effective.deviceModel.version.value, 'qemu_xen', `${rel}: ${text}`);
        assert.equal(r.effective.deviceModel.version.from, 'default');
        assert.equal(r.accepted, true);
      }
    }
  });
  it('an HVM stub domain gets qemu-xen-traditional up to 4.20, a MiniOS one', () => {
    for (const rel of UP_TO_420) {
      const r = create(STUB, rel);
      const dm = r.effective.deviceModel;
      assert.equal(dm.version.value, 'qemu_xen_traditional', rel);
      assert.match(dm.version.why ?? '', /stub domain/);
      assert.equal(dm.stubdomain.value, true);
      assert.equal(dm.stubdomainKernel?.value, `/usr/lib/xen-${rel}/boot/ioemu-stubdom.gz`);
      assert.equal(dm.stubdomainRamdisk, undefined);
      assert.equal(dm.stubdomainMemkb?.value, 28n * 1024n);
      assert.equal(r.effective.hvm?.bios.value, 'rombios');
      assert.equal(r.accepted, true, rel);
    }
  });
  it('4.21+: an HVM stub domain without device_model_version is refused (or aborts with a bios)', () => {
    for (const rel of FROM_421) {
      const r = create(STUB, rel);
      assert.equal(r.effective.deviceModel.version.value, 'unknown');
      const x = refusal(r, 'relation/stubdomain-dm-version');
      assert.deepEqual(x.printed, ['qemu-xen is unavailable: Bad address', 'unknown device model version']);
      assert.match(x.citation, /libxl_create\.c: libxl__domain_build_info_setdefault \(4\.21-4\.22\)/);
      const c = one(create(STUB + 'bios = "seabios"\n', rel), 'relation/stubdomain-dm-version');
      assert.equal(c.effect, 'crash');
    }
  });
  it('an HVM stub domain with qemu-xen is a Linux one, on every release', () => {
    for (const rel of ALL) {
      const r = create(STUB + 'device_model_version = "qemu-xen"\n', rel);
      const dm = r.effective.deviceModel;
      assert.equal(dm.version.value, 'qemu_xen');
      assert.equal(dm.stubdomainKernel?.value, `/usr/lib/xen-${rel}/boot/qemu-stubdom-linux-kernel`);
      assert.equal(dm.stubdomainRamdisk?.value, `/usr/lib/xen-${rel}/boot/qemu-stubdom-linux-rootfs`);
      assert.equal(dm.stubdomainMemkb?.value, 128n * 1024n);
      assert.equal(r.effective.hvm?.bios.value, 'seabios');
      assert.equal(r.accepted, true);
      none(r, 'relation/stubdomain-dm-version');
    }
    const own = create(
      STUB + 'device_model_version = "qemu-xen"\nstubdomain_kernel = "/sk"\nstubdomain_memory = 256\n',
    );
    assert.equal(own.effective.deviceModel.stubdomainKernel?.value, '/sk');
    assert.equal(own.effective.deviceModel.stubdomainKernel?.from, 'config');
    assert.equal(own.effective.deviceModel.stubdomainMemkb?.value, 256n * 1024n);
  });
  it('a PV/PVH stub domain: refused up to 4.20 without a version; ignored, or an abort when QEMU runs', () => {
    for (const rel of UP_TO_420) {
      const x = refusal(create(PV + 'device_model_stubdomain_override = 1\n', rel), 'relation/stubdomain-not-hvm');
      assert.deepEqual(x.printed, ['qemu-xen access error: Bad address']);
      refusal(create(PVH + 'device_model_stubdomain_override = 1\n', rel), 'relation/stubdomain-not-hvm');
    }
    for (const rel of ALL) {
      const text = PV + 'device_model_stubdomain_override = 1\ndevice_model_version = "qemu-xen"\n';
      const quiet = one(create(text, rel), 'relation/stubdomain-not-hvm');
      assert.equal(quiet.effect, 'silent');
      const withVfb = one(create(text + 'vfb = [ "vnc=1" ]\n', rel), 'relation/stubdomain-not-hvm');
      assert.equal(withVfb.effect, 'crash');
    }
    for (const rel of FROM_421) {
      const r = create(PV + 'device_model_stubdomain_override = 1\n', rel);
      assert.equal(r.effective.deviceModel.version.value, 'unknown');
      assert.equal(one(r, 'relation/stubdomain-not-hvm').effect, 'silent');
      assert.equal(r.accepted, true);
    }
    none(create(PV + 'device_model_stubdomain_override = 0\n', '4.17'), 'relation/stubdomain-not-hvm');
  });
  it('whether QEMU runs: always for HVM; for PV only for devices that need it', () => {
    assert.equal(create(HVM).effective.deviceModel.runs.value, true);
    assert.equal(create(PV).effective.deviceModel.runs.value, false);
    assert.equal(create(PV + 'vfb = [ "vnc=1" ]\n').effective.deviceModel.runs.value, true);
    assert.equal(create(PV + 'vnc = 1\n').effective.deviceModel.runs.value, true);
    const withDisk = (disk: Record<string, string>) =>
      createWith(PV, (d) => {
        d.disks = [disk];
      }).effective.deviceModel.runs.value;
    assert.equal(withDisk({ backend: 'qdisk', vdev: 'xvda' }), true);
    assert.equal(withDisk({ format: 'qcow2', vdev: 'xvda' }), true);
    assert.equal(withDisk({ format: 'raw', vdev: 'xvda' }), 'unknown');
    assert.equal(withDisk({ backend: 'phy', format: 'raw', vdev: 'xvda' }), false);
    assert.equal(
      createWith(PV, (d) => {
        d.channels = [{ name: 'a' }];
      }).effective.deviceModel.runs.value,
      true,
    );
    // 9pfs: any share up to 4.18; from 4.19 only the QEMU backend.
    assert.equal(
      createWith(
        PV,
        (d) => {
          d.p9s = [{ tag: 't', type: 'xen_9pfsd' }];
        },
        '4.18',
      ).effective.deviceModel.runs.value,
      true,
    );
    assert.equal(
      createWith(
        PV,
        (d) => {
          d.p9s = [{ tag: 't', type: 'xen_9pfsd' }];
        },
        '4.19',
      ).effective.deviceModel.runs.value,
      false,
    );
    assert.equal(
      createWith(
        PV,
        (d) => {
          d.p9s = [{ tag: 't' }];
        },
        '4.19',
      ).effective.deviceModel.runs.value,
      true,
    );
  });
});

describe('libxl: BIOS by device model', () => {
  it('qemu-xen-traditional without `bios` gets ROMBIOS (4.17-4.20), not SeaBIOS', () => {
    for (const rel of UP_TO_420) {
      const r = create(TRAD, rel);
      assert.equal(r.effective.hvm?.bios.value, 'rombios', rel);
      assert.equal(r.effective.hvm?.bios.from, 'default');
      assert.equal(r.accepted, true);
      none(r, 'relation/bios-device-model');
    }
  });
  it('qemu-xen without `bios` gets SeaBIOS', () => {
    for (const rel of ALL) assert.equal(create(HVM, rel).effective.hvm?.bios.value, 'seabios');
  });
  it('qemu-xen-traditional with SeaBIOS or OVMF is refused (4.17-4.20)', () => {
    for (const rel of UP_TO_420) {
      for (const bios of ['seabios', 'ovmf']) {
        const x = refusal(create(TRAD + `bios = "${bios}"\n`, rel), 'relation/bios-device-model');
        assert.deepEqual(x.printed, ['qemu-xen-traditional requires bios=rombios.']);
        assert.match(x.message, new RegExp(bios));
        assert.doesNotMatch(x.message, /no longer|removed/);
        assert.match(x.citation, /\(4\.17-4\.20\)/);
      }
      none(create(TRAD + 'bios = "rombios"\n', rel), 'relation/bios-device-model');
    }
  });
  it('a stub domain (qemu-xen-traditional by default) with `bios = "seabios"` is refused, saying why', () => {
    const x = refusal(create(STUB + 'bios = "seabios"\n', '4.17'), 'relation/bios-device-model');
    assert.match(x.message, /stub domain/);
    assert.ok(x.keys.includes('device_model_stubdomain_override'));
  });
  it('qemu-xen with ROMBIOS is refused; the message names the removal only from 4.21', () => {
    for (const rel of ALL) {
      const x = refusal(create(HVM + 'bios = "rombios"\n', rel), 'relation/bios-device-model');
      assert.deepEqual(x.printed, ['qemu-xen does not support bios=rombios.']);
      if (rel === '4.21' || rel === '4.22') assert.match(x.message, /removed in Xen 4\.21/);
      else assert.doesNotMatch(x.message, /no longer|removed/);
    }
    none(create(TRAD + 'bios = "rombios"\n', '4.20'), 'relation/bios-device-model');
    none(create(HVM + 'bios = "seabios"\n', '4.20'), 'relation/bios-device-model');
  });
  it('4.21+: qemu-xen-traditional in a config is refused, or aborts libxl with a bios', () => {
    for (const rel of FROM_421) {
      const trad = (d: Record<string, unknown>, b: Record<string, unknown>) => {
        b.device_model_version = 'qemu_xen_traditional';
      };
      const x = refusal(createWith(HVM, trad, rel), 'relation/qemu-traditional-removed');
      assert.deepEqual(x.printed, ['unknown device model version']);
      const withBios = createWith(
        HVM,
        (d, b, u) => {
          trad(d, b);
          u.bios = 'rombios';
        },
        rel,
      );
      assert.equal(one(withBios, 'relation/qemu-traditional-removed').effect, 'crash');
    }
  });
});

describe('libxl: what an HVM guest boots first', () => {
  it('`firmware = "<path>"` replaces hvmloader; the BIOS stays the device model default', () => {
    const r = create(HVM + 'firmware = "/opt/fw/my.bin"\n');
    assert.equal(r.effective.hvm?.loader.value, '/opt/fw/my.bin');
    assert.equal(r.effective.hvm?.customLoader, true);
    assert.equal(r.effective.hvm?.bios.value, 'seabios');
    const rel = create(HVM + 'firmware_override = "other"\n', '4.17');
    assert.equal(rel.effective.hvm?.loader.value, '/usr/lib/xen-4.17/boot/other');
  });
  it('`firmware` naming a BIOS keeps hvmloader', () => {
    const r = create(HVM + 'firmware = "ovmf"\n');
    assert.equal(r.effective.hvm?.loader.value, '/usr/lib/xen-4.20/boot/hvmloader');
    assert.equal(r.effective.hvm?.customLoader, false);
    assert.equal(r.effective.hvm?.bios.value, 'ovmf');
    assert.equal(create(HVM + 'firmware = "uefi"\n').effective.hvm?.bios.value, 'ovmf');
  });
  it('bios_path_override without `bios` is still loaded (qemu-xen), and not with qemu-xen-traditional', () => {
    const r = create(HVM + 'bios_path_override = "/b.bin"\n');
    assert.deepEqual(
      {
        value: r.effective.hvm?.systemFirmware?.value,
        used: r.effective.hvm?.systemFirmware?.used,
        bios: r.effective.hvm?.bios.value,
      },
      { value: '/b.bin', used: true, bios: 'seabios' },
    );
    const t = create(TRAD + 'bios_path_override = "/b.bin"\n', '4.20');
    assert.equal(t.effective.hvm?.systemFirmware?.used, false);
    assert.equal(one(t, 'relation/bios-path-ignored').effect, 'silent');
    none(r, 'relation/bios-path-ignored');
  });
});
