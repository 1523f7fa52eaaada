// The libxl stage: the values libxl fills in that the rest of xlcfg reads, with where each came from.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALL, HVM, PV, PVH, create, createWith, one } from './libxlHelpers';

describe('libxl: defaults', () => {
  it('guest type: as xl set it on x86; PV becomes PVH on Arm', () => {
    assert.deepEqual(
      [create(PV).effective.type.value, create(PVH).effective.type.value, create(HVM).effective.type.value],
      ['pv', 'pvh', 'hvm'],
    );
    const arm = create('name = "g"\nbuilder = "generic"\nkernel = "/k"\n', '4.17', 'arm').effective.type;
    assert.equal(arm.value, 'pvh');
    assert.equal(arm.from, 'default');
    assert.match(arm.by, /libxl_arm\.c: libxl__arch_domain_create_info_setdefault/);
    assert.equal(create(PV).effective.type.from, 'config');
  });
  it('Arm re-initialises a PV build info as PVH: no PV shim', () => {
    const r = create('name = "g"\ntype = "pv"\nkernel = "/k"\n', '4.20', 'arm');
    assert.equal(r.effective.pvshim?.enabled.value, false);
    assert.equal(r.effective.pvshim?.loaded, false);
  });
  it('vCPUs: one by default; maxvcpus and vcpus', () => {
    const d = create(PV).effective.vcpus;
    assert.deepEqual([d.max.value, d.max.from, d.online.value, d.online.from], [1, 'default', 1, 'default']);
    const four = create(HVM + 'vcpus = 4\n').effective.vcpus;
    assert.deepEqual([four.max.value, four.online.value], [4, 4]);
    const hot = create(HVM + 'vcpus = 2\nmaxvcpus = 8\n').effective.vcpus;
    assert.deepEqual([hot.max.value, hot.online.value, hot.max.from], [8, 2, 'config']);
  });
  it('memory: 32 MiB when nothing is set; the target follows the maximum', () => {
    const m = create(PV).effective.memory;
    assert.deepEqual([m.maxKb.value, m.targetKb.value, m.maxKb.from], [32768n, 32768n, 'default']);
    const set = create(PV + 'memory = 512\n').effective.memory;
    assert.deepEqual([set.maxKb.value, set.targetKb.value], [524288n, 524288n]);
    const max = create(PV + 'maxmem = 1024\n').effective.memory;
    assert.deepEqual([max.maxKb.value, max.targetKb.value, max.targetKb.from], [1048576n, 1048576n, 'default']);
  });
  it("PV shim: the firmware directory's xen-shim and its command line", () => {
    for (const rel of ALL) {
      const s = create(PVH + 'pvshim = 1\n', rel).effective.pvshim!;
      assert.equal(s.enabled.value, true);
      assert.equal(s.loaded, true);
      assert.equal(s.path?.value, `/usr/lib/xen-${rel}/boot/xen-shim`);
      assert.equal(s.cmdline?.value, 'pv-shim console=xen,pv');
    }
    const own = create(PVH + 'pvshim = 1\npvshim_path = "/s"\npvshim_extra = "loglvl=all"\n').effective.pvshim!;
    assert.deepEqual(
      [own.path?.value, own.path?.from, own.cmdline?.value],
      ['/s', 'config', 'pv-shim console=xen,pv loglvl=all'],
    );
    const off = create(PVH).effective.pvshim!;
    assert.deepEqual([off.enabled.value, off.loaded, off.path, off.cmdline], [false, false, undefined, undefined]);
    assert.equal(create(HVM).effective.pvshim, undefined);
  });
  it('PV shim: a path without pvshim = 1 is still loaded, with the command line "(null)"', () => {
    const r = create(PVH + 'pvshim_path = "/s"\n');
    assert.equal(r.effective.pvshim?.loaded, true);
    assert.equal(r.effective.pvshim?.cmdline?.value, '(null)');
    assert.equal(one(r, 'relation/pvshim-path-without-pvshim').effect, 'silent');
    assert.equal(r.accepted, true);
  });
  it('ACPI: on for x86, off for Arm, unless set', () => {
    assert.equal(create(HVM).effective.acpi.value, true);
    assert.equal(create(PVH, '4.20', 'arm').effective.acpi.value, false);
    assert.equal(create(HVM + 'acpi = 0\n').effective.acpi.value, false);
    assert.equal(create(HVM + 'acpi = 0\n').effective.acpi.from, 'config');
  });
  it('altp2m: altp2mhvm on x86 HVM is the mixed mode; disabled by default', () => {
    assert.equal(create(HVM + 'altp2mhvm = 1\n').effective.altp2m.value, 'mixed');
    assert.equal(create(HVM + 'altp2m = "external"\n').effective.altp2m.value, 'external');
    assert.equal(create(HVM).effective.altp2m.value, 'disabled');
  });
  it('nested HVM, TSC mode, device model stub domain: off / "default"', () => {
    const e = create(HVM).effective;
    assert.deepEqual([e.nestedHvm.value, e.tscMode.value, e.deviceModel.stubdomain.value], [false, 'default', false]);
    assert.equal(create(HVM + 'nestedhvm = 1\n').effective.nestedHvm.value, true);
    assert.equal(create(PV + 'nestedhvm = 1\n').effective.nestedHvm.value, false);
  });
  it('VGA: Cirrus unless set', () => {
    assert.equal(create(HVM).effective.hvm?.vga.value, 'cirrus');
    assert.equal(create(HVM + 'stdvga = 1\n').effective.hvm?.vga.value, 'std');
  });
  it('online vCPUs: bits of avail_vcpus below max_vcpus', () => {
    const r = createWith(HVM + 'vcpus = 4\n', (_d, b) => {
      b.max_vcpus = 2;
    });
    assert.equal(r.effective.vcpus.online.value, 2);
  });
});
