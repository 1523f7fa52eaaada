import { test } from 'node:test';
import assert from 'node:assert/strict';
import { x2apicIdOf, x2apicLdrOf, x2apicLdrFromId, hex32 } from '../../server/src/vlapic/x2apicId';
import { Machine } from '../../server/src/vlapic/machine';

// vlapic-model.md 2.1 worked values: n -> [ID, LDR correct, LDR with bug_x2apic_ldr_vcpu_id]
const WORKED: [number, number, number, number][] = [
  [0, 0x00, 0x00000001, 0x00000001],
  [1, 0x02, 0x00000004, 0x00000002],
  [7, 0x0e, 0x00004000, 0x00000080],
  [8, 0x10, 0x00010001, 0x00000100],
  [15, 0x1e, 0x00014000, 0x00008000],
  [16, 0x20, 0x00020001, 0x00010001],
  [127, 0xfe, 0x000f4000, 0x00078000],
];

for (const [n, id, ldr, quirk] of WORKED) {
  test(`vCPU ${n}: ID ${id}, LDR ${hex32(ldr)}, quirk LDR ${hex32(quirk)}`, () => {
    assert.equal(x2apicIdOf(n), id);
    assert.equal(x2apicLdrOf(n), ldr);
    assert.equal(x2apicLdrOf(n, true), quirk);
    assert.equal(x2apicLdrFromId(id), ldr);
  });
}

test('machine programs ID/LDR at reset under force_x2apic, with and without the quirk', () => {
  for (const bug of [false, true]) {
    const m = new Machine({
      maxVcpus: 128,
      vcpus: 128,
      forceX2apic: true,
      cpuidX2apic: true,
      bugX2apicLdrVcpuId: bug,
      hostVendor: 'intel',
      mmioBackend: 'sink-page',
    });
    const s = m.snapshot();
    for (const [n, id, ldr, quirk] of WORKED) {
      assert.equal(s[n].apicId, id);
      assert.equal(s[n].ldr, hex32(bug ? quirk : ldr));
    }
  }
});

test('xAPIC -> x2APIC switch derives ID and LDR; INIT keeps mode, ID and LDR', () => {
  const m = new Machine({
    maxVcpus: 9,
    vcpus: 9,
    forceX2apic: false,
    cpuidX2apic: true,
    bugX2apicLdrVcpuId: false,
    hostVendor: 'intel',
    mmioBackend: 'sink-page',
  });
  assert.equal(m.wrmsr(8, 0x1b, 0xfee00c00n), 0);
  assert.equal(m.lapic(8).apicId, 0x10);
  assert.equal(m.lapic(8).get(0xd0), 0x00010001);
  // BSP in x2APIC sends INIT then SIPI to vCPU 8 (ID 0x10).
  assert.equal(m.wrmsr(0, 0x1b, 0xfee00d00n), 0);
  m.cpus[8].initialised = true;
  m.cpus[8].running = true;
  m.wrmsr(8, 0x80f, 0x1ffn);
  assert.equal(m.lapic(8).swDisabled, false);
  assert.equal(m.wrmsr(0, 0x830, (0x10n << 32n) | 0x4500n), 0);
  const v = m.lapic(8);
  assert.equal(m.cpus[8].initialised, false);
  assert.equal(v.mode, 'x2apic');
  assert.equal(v.apicBase, 0xfee00c00n);
  assert.equal(v.apicId, 0x10);
  assert.equal(v.get(0xd0), 0x00010001);
  assert.equal(v.swDisabled, true);
  assert.equal(v.get(0xf0), 0xff);
  assert.equal(m.wrmsr(0, 0x830, (0x10n << 32n) | 0x4699n), 0);
  assert.deepEqual([...m.started], [8]);
});

test('INIT in xAPIC mode clears the LDR but keeps the (guest-written) ID', () => {
  const m = new Machine({
    maxVcpus: 2,
    vcpus: 2,
    forceX2apic: false,
    cpuidX2apic: true,
    bugX2apicLdrVcpuId: false,
    hostVendor: 'amd',
    mmioBackend: 'all-ones',
  });
  m.cpus[1].initialised = true;
  m.mmioWrite(1, 0xfee000d0, 0x02000000);
  m.mmioWrite(1, 0xfee00020, 0x07000000);
  m.mmioWrite(0, 0xfee00310, 0x07000000);
  m.mmioWrite(0, 0xfee00300, 0x4500);
  assert.equal(m.lapic(1).get(0xd0), 0);
  assert.equal(m.lapic(1).get(0x20), 0x07000000);
  assert.equal(m.lapic(1).mode, 'xapic');
});
