// Interrupt delivery as Xen does it: PIC acceptance, SELF_IPI through the ICR, errors of the sender
// and of the receiver, lowest-priority arbitration. Each case failed on the model before issue 11.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Access, Machine } from '../../server/src/vlapic/machine';

type Backend = 'sink-page' | 'intercepted' | 'all-ones' | 'qemu-stub';
const mk = (force: boolean, n = 2, backend: Backend = 'sink-page', hostVendor: 'intel' | 'amd' = 'intel') =>
  new Machine({
    maxVcpus: n,
    vcpus: n,
    forceX2apic: force,
    cpuidX2apic: true,
    bugX2apicLdrVcpuId: false,
    hostVendor,
    mmioBackend: backend,
  });

const IRR = 0x200;
const irrHas = (m: Machine, cpu: number, vec: number) =>
  (m.lapic(cpu).regs[(IRR >> 4) + (vec >> 5)] & (1 << (vec & 31))) !== 0;
/** ESR as the guest sees it: write 0 to latch the pending errors, then read (x2APIC). */
function esr(m: Machine, cpu: number): bigint {
  assert.equal(m.wrmsr(cpu, 0x828, 0n), Access.Ok);
  assert.equal(m.rdmsr(cpu, 0x828), Access.Read);
  return m.value;
}

test('8259 interrupts never reach a hardware-disabled LAPIC (vlapic_accept_pic_intr)', () => {
  const m = mk(false);
  assert.equal(m.wrmsr(0, 0x1b, 0xfee00100n), Access.Ok); // EN cleared: HW-disabled
  assert.equal(m.lapic(0).hwDisabled, true);
  assert.equal(m.picDeliverable(), false);
  // The two accepting paths of __vlapic_accept_pic_intr still work on an enabled LAPIC.
  const lvt0 = mk(false);
  lvt0.mmioWrite(0, 0xfee000f0, 0x1ff);
  lvt0.mmioWrite(0, 0xfee00350, 0x700);
  assert.equal(lvt0.picDeliverable(), true);
  const pin0 = mk(false);
  pin0.ioapicPin0ExtInt = true;
  assert.equal(pin0.picDeliverable(), false, 'software-disabled LAPIC: pin 0 route refused');
  pin0.mmioWrite(0, 0xfee000f0, 0x1ff);
  assert.equal(pin0.picDeliverable(), true);
});

test('SELF_IPI is an ICR write: ICR low changes and the IPI is delivered to self', () => {
  const m = mk(true);
  m.wrmsr(0, 0x80f, 0x1ffn);
  assert.equal(m.wrmsr(0, 0x83f, 0x35n), Access.Ok);
  assert.ok(irrHas(m, 0, 0x35));
  assert.ok(!irrHas(m, 1, 0x35));
  m.rdmsr(0, 0x830);
  assert.equal(m.value, 0x40035n);
});

test('SELF_IPI with an illegal vector is a send error even while software-disabled', () => {
  const m = mk(true);
  assert.equal(m.wrmsr(0, 0x83f, 0x05n), Access.Ok);
  assert.equal(esr(m, 0), 0x20n);
  // An unmasked error LVT with a valid vector is injected (vlapic_error).
  const e = mk(true);
  e.wrmsr(0, 0x80f, 0x1ffn);
  e.wrmsr(0, 0x837, 0xfen);
  e.wrmsr(0, 0x83f, 0x05n);
  assert.ok(irrHas(e, 0, 0xfe));
  assert.equal(esr(e, 0), 0x20n);
});

test('an illegal vector arriving by MSI is a receive error of the target', () => {
  // AMD HVM: the unclaimed xAPIC page is QEMU's stub, which turns a store into an MSI.
  const m = mk(true, 2, 'qemu-stub', 'amd');
  m.wrmsr(0, 0x80f, 0x1ffn);
  assert.equal(m.mmioWrite(0, 0xfee00300, 0x0005), Access.MmioLost);
  assert.equal(esr(m, 0), 0x40n);
  // A legal vector is made pending on the BSP (destination 0).
  m.mmioWrite(1, 0xfee00300, 0x0041);
  assert.ok(irrHas(m, 0, 0x41));
});

test('a lowest-priority IPI reaches one vCPU, round-robin among equals', () => {
  const m = mk(true, 4);
  for (let c = 0; c < 4; c++) m.wrmsr(c, 0x80f, 0x1ffn);
  // Logical cluster 0, vCPUs 1-3 (x2APIC LDR bits 1 << 2n).
  const icr = (0x54n << 32n) | 0x940n; // lowest priority, logical, vector 0x40
  assert.equal(m.wrmsr(0, 0x830, icr), Access.Ok);
  assert.deepEqual(
    [1, 2, 3].map((c) => irrHas(m, c, 0x40)),
    [true, false, false],
  );
  m.wrmsr(0, 0x830, (0x54n << 32n) | 0x941n);
  assert.deepEqual(
    [1, 2, 3].map((c) => irrHas(m, c, 0x41)),
    [false, true, false],
  );
  // Lower PPR wins over the round-robin order.
  m.wrmsr(3, 0x808, 0n);
  m.wrmsr(1, 0x808, 0x20n);
  m.wrmsr(2, 0x808, 0x20n);
  m.wrmsr(0, 0x830, (0x54n << 32n) | 0x942n);
  assert.deepEqual(
    [1, 2, 3].map((c) => irrHas(m, c, 0x42)),
    [false, false, true],
  );
  // An illegal vector: still one arbitration, then a send error and no delivery.
  m.wrmsr(0, 0x830, (0x54n << 32n) | 0x905n);
  assert.equal(esr(m, 0), 0x20n);
});

test('an ExtINT IPI crashes the domain only when some vCPU accepts it', () => {
  const m = mk(true);
  m.wrmsr(0, 0x830, (0x40n << 32n) | 0x700n); // no vCPU has x2APIC ID 0x40
  assert.equal(m.crashed, undefined);
  m.wrmsr(0, 0x830, (0x2n << 32n) | 0x700n);
  assert.match(m.crashed ?? '', /ExtINT/);
});
