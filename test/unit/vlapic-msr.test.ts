import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Access, Machine } from '../../server/src/vlapic/machine';
import { defaultMmioBackend } from '../../server/src/vlapic/mmio';
import { guestCpuid } from '../../server/src/vlapic/cpuid';

const mk = (
  force: boolean,
  backend: 'sink-page' | 'intercepted' | 'all-ones' | 'qemu-stub' = 'sink-page',
  cpuidX2apic = true,
) =>
  new Machine({
    maxVcpus: 2,
    vcpus: 2,
    forceX2apic: force,
    cpuidX2apic,
    bugX2apicLdrVcpuId: false,
    hostVendor: 'intel',
    mmioBackend: backend,
  });

test('x2APIC MSRs #GP outside x2APIC mode', () => {
  const m = mk(false);
  assert.equal(m.rdmsr(0, 0x802), Access.Gp);
  assert.equal(m.wrmsr(0, 0x80f, 0x1ffn), Access.Gp);
});

test('readable set and write-only registers', () => {
  const m = mk(true);
  for (const [msr, val] of [
    [0x802, 0n],
    [0x803, 0x50014n],
    [0x80d, 1n],
    [0x80f, 0xffn],
    [0x832, 0x10000n],
    [0x82f, 0n],
  ] as const) {
    assert.equal(m.rdmsr(0, msr), Access.Read, hexs(msr));
    assert.equal(m.value, val, hexs(msr));
  }
  for (const msr of [0x80b, 0x83f, 0x80e, 0x831, 0x809, 0x80c, 0x840, 0x8ff])
    assert.equal(m.rdmsr(0, msr), Access.Gp, hexs(msr));
});

test('write masks: allowed bits accepted, others #GP; read-only registers #GP', () => {
  const m = mk(true);
  assert.equal(m.wrmsr(0, 0x808, 0xffn), Access.Ok);
  assert.equal(m.wrmsr(0, 0x808, 0x100n), Access.Gp);
  assert.equal(m.wrmsr(0, 0x80f, 0x3ffn), Access.Ok);
  assert.equal(m.wrmsr(0, 0x80f, 0x11ffn), Access.Gp); // EOI-broadcast suppression not offered
  assert.equal(m.wrmsr(0, 0x80b, 0n), Access.Ok);
  assert.equal(m.wrmsr(0, 0x80b, 1n), Access.Gp);
  assert.equal(m.wrmsr(0, 0x828, 0n), Access.Ok);
  assert.equal(m.wrmsr(0, 0x802, 0n), Access.Gp);
  assert.equal(m.wrmsr(0, 0x80d, 0n), Access.Gp);
  assert.equal(m.wrmsr(0, 0x835, 0x1f7ffn), Access.Ok);
  assert.equal(m.wrmsr(0, 0x835, 0x20000n), Access.Gp);
  assert.equal(m.wrmsr(0, 0x838, 0xffff_ffff_0000_0010n), Access.Ok); // TMICT: upper half dropped
  assert.equal(m.wrmsr(0, 0x83e, 0xbn), Access.Ok);
  assert.equal(m.wrmsr(0, 0x83e, 0x4n), Access.Gp);
  assert.equal(m.wrmsr(0, 0x830, 0x1000n), Access.Gp); // ICR bit 12
  assert.equal(m.wrmsr(0, 0x82f, 0x117ffn), Access.Ok);
  assert.equal(m.rdmsr(0, 0x82f), Access.Read);
  assert.equal(m.value, 0n);
});

test('64-bit ICR stores the full destination and reads it back', () => {
  const m = mk(true);
  assert.equal(m.wrmsr(0, 0x830, (0x12345678n << 32n) | 0x40f0n), Access.Ok);
  m.rdmsr(0, 0x830);
  assert.equal(m.value, (0x12345678n << 32n) | 0x40f0n);
});

test('SVR software enable/disable; LVTs forced masked while SW-disabled', () => {
  const m = mk(true);
  m.wrmsr(0, 0x835, 0x700n);
  m.rdmsr(0, 0x835);
  assert.equal(m.value, 0x10700n);
  m.wrmsr(0, 0x80f, 0x1ffn);
  assert.equal(m.lapic(0).swDisabled, false);
  m.wrmsr(0, 0x835, 0x700n);
  m.rdmsr(0, 0x835);
  assert.equal(m.value, 0x700n);
});

test('MMIO is claimed only in xAPIC mode', () => {
  const x = mk(false);
  assert.equal(x.mmioRead(0, 0xfee00030), Access.Read);
  assert.equal(x.value, 0x50014n);
  assert.equal(x.mmioWrite(0, 0xfee000f0, 0x1ff), Access.Ok);
  assert.equal(x.lapic(0).swDisabled, false);
  const f = mk(true);
  assert.equal(f.mmioWrite(0, 0xfee000f0, 0x1ff), Access.MmioLost);
  assert.equal(f.lapic(0).swDisabled, true);
  // HW-disabled: not claimed either
  const d = mk(false);
  d.wrmsr(1, 0x1b, 0xfee00000n);
  assert.equal(d.mmioRead(1, 0xfee00030), Access.MmioLost);
});

test('unclaimed backends', () => {
  const sink = mk(true, 'sink-page');
  sink.mmioWrite(0, 0xfee00300, 0x4500);
  assert.equal(sink.mmioRead(1, 0xfee00300), Access.MmioLost);
  assert.equal(sink.value, 0x4500n); // RAM-like and shared by all vCPUs
  for (const k of ['all-ones', 'qemu-stub', 'intercepted'] as const) {
    const m = mk(true, k);
    m.mmioWrite(0, 0xfee00300, 0x4500);
    m.mmioRead(0, 0xfee00300);
    assert.equal(m.value, 0xffffffffn, k);
  }
  // intercepted: EOI at 0xB0 still honoured
  const ic = mk(true, 'intercepted');
  ic.lapic(0).regs[(0x100 >> 4) + 1] = 1 << 3; // vector 0x23 in service
  ic.mmioWrite(0, 0xfee000b0, 0);
  assert.equal(ic.lapic(0).regs[(0x100 >> 4) + 1], 0);
  const ao = mk(true, 'all-ones');
  ao.lapic(0).regs[(0x100 >> 4) + 1] = 1 << 3;
  ao.mmioWrite(0, 0xfee000b0, 0);
  assert.equal(ao.lapic(0).regs[(0x100 >> 4) + 1], 8);
});

test('default backend from vendor and guest type', () => {
  assert.equal(defaultMmioBackend('intel', 'hvm'), 'sink-page');
  assert.equal(defaultMmioBackend('intel', 'pvh'), 'sink-page');
  assert.equal(defaultMmioBackend('amd', 'pvh'), 'all-ones');
  assert.equal(defaultMmioBackend('amd', 'hvm'), 'qemu-stub');
});

test('CPUID: x2APIC bit, IDs 2n, APIC bit cleared when HW-disabled, 0xB only with x2APIC; 0xBD #GP', () => {
  const p = { x2apic: true, hostVendor: 'intel' as const };
  const l1 = guestCpuid(1, 0, 5, false, p);
  assert.equal(l1.ecx & (1 << 21), 1 << 21);
  assert.equal(l1.ebx >>> 24, 10);
  assert.equal(l1.edx & (1 << 9), 1 << 9);
  assert.equal(guestCpuid(1, 0, 5, true, p).edx & (1 << 9), 0);
  assert.equal(guestCpuid(0xb, 1, 5, false, p).edx, 10);
  assert.equal(guestCpuid(0xb, 0, 5, false, { ...p, x2apic: false }).edx, 0);
  assert.equal(guestCpuid(1, 0, 5, false, { ...p, x2apic: false }).ecx & (1 << 21), 0);
  const m = mk(true);
  assert.equal(m.rdmsr(0, 0xbd), Access.Gp);
  assert.equal(m.rdmsr(0, 0x10a), Access.Read);
  assert.equal(m.value & (1n << 21n), 0n);
});

function hexs(n: number): string {
  return '0x' + n.toString(16);
}
