// The LAPIC timer registers as vlapic.c: vlapic_reg_write / vlapic_read_aligned / vlapic_tdt_msr_*
// treat them (Xen 4.13 to 4.22 alike): only entering or leaving TSC-deadline mode clears TMICT and
// the deadline; TMICT is written and read only in one-shot and periodic mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Access, Machine } from '../../server/src/vlapic/machine';

const mk = () =>
  new Machine({
    maxVcpus: 1,
    vcpus: 1,
    forceX2apic: true,
    cpuidX2apic: true,
    bugX2apicLdrVcpuId: false,
    hostVendor: 'intel',
    mmioBackend: 'sink-page',
  });
const rd = (m: Machine, msr: number) => {
  assert.equal(m.rdmsr(0, msr), Access.Read);
  return m.value;
};
const ONESHOT = 0x20n;
const PERIODIC = 0x20020n;
const TSC_DEADLINE = 0x40020n;
const RESERVED = 0x60020n;

test('one-shot <-> periodic keeps TMICT and the running count', () => {
  const m = mk();
  m.wrmsr(0, 0x80f, 0x1ffn);
  m.wrmsr(0, 0x832, ONESHOT);
  m.wrmsr(0, 0x838, 1000n);
  m.wrmsr(0, 0x832, PERIODIC);
  assert.equal(rd(m, 0x838), 1000n);
  assert.equal(rd(m, 0x839), 1000n);
  assert.equal(m.lapicTimerDeliverable(0), true);
});

test('a reserved timer mode keeps TMICT but reads and writes none of it, and stops the timer', () => {
  const m = mk();
  m.wrmsr(0, 0x832, PERIODIC);
  m.wrmsr(0, 0x838, 1000n);
  m.wrmsr(0, 0x832, RESERVED);
  assert.equal(rd(m, 0x838), 0n);
  m.wrmsr(0, 0x838, 7n); // ignored
  m.wrmsr(0, 0x832, PERIODIC);
  assert.equal(rd(m, 0x838), 1000n);
  assert.equal(rd(m, 0x839), 0n, 'stopped: no count runs until TMICT is written again');
});

test('entering and leaving TSC-deadline mode zero TMICT and the deadline', () => {
  const m = mk();
  m.wrmsr(0, 0x832, PERIODIC);
  m.wrmsr(0, 0x838, 1000n);
  m.wrmsr(0, 0x6e0, 5000n); // not in deadline mode: ignored
  assert.equal(rd(m, 0x6e0), 0n);
  m.wrmsr(0, 0x832, TSC_DEADLINE);
  assert.equal(rd(m, 0x838), 0n);
  m.wrmsr(0, 0x838, 9n); // ignored
  m.wrmsr(0, 0x6e0, 5000n);
  assert.equal(rd(m, 0x6e0), 5000n);
  m.wrmsr(0, 0x832, PERIODIC);
  assert.equal(rd(m, 0x838), 0n);
  m.wrmsr(0, 0x832, TSC_DEADLINE);
  assert.equal(rd(m, 0x6e0), 0n, 'the deadline was cleared when the mode was left');
});
