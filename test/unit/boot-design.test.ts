// The design parameter: rfc (nothing advertised) vs xapic-disable-status (Xen emulates MSR 0xBD and
// advertises it in ARCH_CAPABILITIES bit 21 on Intel hosts), in the vLAPIC/CPUID/MSR layer and in
// the guests that read it (Linux's x2apic_hw_locked, 6.1+).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, type GuestSetup } from '../../server/src/boot/simulate';
import { runBoot } from '../../server/src/boot/engine';
import { linux } from '../../server/src/boot/profiles/linux';
import type { SetupFlag } from '../../server/src/boot/types';
import { Access, Machine } from '../../server/src/vlapic/machine';

const base: GuestSetup = {
  type: 'pvh',
  hostVendor: 'intel',
  xenVersion: '4.22',
  forceX2apic: true,
  cpuidX2apic: true,
  vcpus: 2,
  maxVcpus: 2,
  firmware: 'none',
  bootloader: 'none',
  os: 'linux',
  pvshim: false,
  linux: { nox2apic: true, nopv: false },
};
const sim = (c: Partial<GuestSetup>) => simulate({ ...base, ...c });

test('vLAPIC layer: bit 21 and MSR 0xBD only under xapic-disable-status, on Intel, with the flag', () => {
  const mk = (design: 'rfc' | 'xapic-disable-status', hostVendor: 'intel' | 'amd', forceX2apic = true) =>
    new Machine({
      maxVcpus: 1,
      vcpus: 1,
      forceX2apic,
      cpuidX2apic: true,
      bugX2apicLdrVcpuId: false,
      hostVendor,
      mmioBackend: 'sink-page',
      design,
    });
  const m = mk('xapic-disable-status', 'intel');
  assert.equal(m.cpuid(0, 7, 0).edx & (1 << 29), 1 << 29);
  assert.equal(m.rdmsr(0, 0x10a), Access.Read);
  assert.equal(m.value, 1n << 21n);
  assert.equal(m.rdmsr(0, 0xbd), Access.Read);
  assert.equal(m.value, 1n);
  for (const other of [mk('rfc', 'intel'), mk('xapic-disable-status', 'intel', false)]) {
    assert.equal(other.rdmsr(0, 0x10a), Access.Read);
    assert.equal(other.value, 0n);
    assert.equal(other.rdmsr(0, 0xbd), Access.Gp);
  }
  const amd = mk('xapic-disable-status', 'amd');
  assert.equal(amd.cpuid(0, 7, 0).edx & (1 << 29), 0);
  assert.equal(amd.rdmsr(0, 0x10a), Access.Gp);
  assert.equal(amd.rdmsr(0, 0xbd), Access.Gp);
  // The lock itself is the same in both designs: a write clearing EXTD faults.
  assert.equal(m.wrmsr(0, 0x1b, 0xfee00900n), Access.Gp);
});

test('the simulation reads the advertisement back as the guest sees it', () => {
  assert.deepEqual(sim({ design: 'xapic-disable-status' }).lock, {
    advertised: true,
    archCapabilities: '0x200000',
    xapicDisableStatus: '0x1',
  });
  assert.deepEqual(sim({ design: 'rfc' }).lock, {
    advertised: false,
    archCapabilities: '0x0',
    xapicDisableStatus: '#GP',
  });
  assert.deepEqual(sim({ design: 'xapic-disable-status', hostVendor: 'amd' }).lock, {
    advertised: false,
    archCapabilities: '#GP',
    xapicDisableStatus: '#GP',
  });
  assert.equal(sim({}).design, 'rfc');
});

test('Linux nox2apic: boots when the lock is advertised (Intel), faults under rfc and on AMD', () => {
  const locked = sim({ design: 'xapic-disable-status' });
  assert.equal(locked.boot.outcome, 'boots');
  assert.match(locked.boot.explanation, /nox2apic was ignored/);
  assert.ok(locked.boot.transitions.every((t) => !t.faulted));
  assert.ok(locked.boot.trace.some((e) => /RDMSR 0xbd/.test(e.detail)));
  assert.ok(locked.vcpusAfter.every((v) => v.mode === 'x2apic'));
  assert.match((locked.notes ?? []).join(' '), /Linux version not given: assumed 6\.11/);
  for (const other of [sim({ design: 'rfc' }), sim({ design: 'xapic-disable-status', hostVendor: 'amd' })]) {
    assert.equal(other.boot.outcome, 'faults');
    assert.equal(other.boot.firstProblem?.result, '#GP');
  }
  assert.match((sim({ design: 'xapic-disable-status', hostVendor: 'amd' }).notes ?? []).join(' '), /behaves as rfc/);
});

test('Linux before 6.1 has no x2apic_hw_locked and faults under either design; 6.1 honours nox2apic', () => {
  const old = sim({ design: 'xapic-disable-status', linux: { nox2apic: true, nopv: false, version: '5.15' } });
  assert.equal(old.boot.outcome, 'faults');
  assert.ok(!old.boot.trace.some((e) => /RDMSR 0xbd/.test(e.detail)));
  assert.equal(
    sim({ design: 'xapic-disable-status', linux: { nox2apic: true, nopv: false, version: '6.1' } }).boot.outcome,
    'boots',
  );
});

/** The Linux profile alone, as an HVM guest reaches it once firmware is past (no firmware gets there under the flag). */
function linuxHvm(design: 'rfc' | 'xapic-disable-status', version: string) {
  const m = new Machine({
    maxVcpus: 2,
    vcpus: 2,
    forceX2apic: true,
    cpuidX2apic: true,
    bugX2apicLdrVcpuId: false,
    hostVendor: 'intel',
    mmioBackend: 'sink-page',
    design,
  });
  const flags = new Set<SetupFlag>(['hvm', 'smp', 'linux.nopv']);
  const [maj, min] = version.split('.').map(Number);
  if (maj > 6 || (maj === 6 && min >= 1)) flags.add('linux>=6.1');
  if (maj > 6 || (maj === 6 && min >= 11)) flags.add('linux>=6.11');
  return runBoot(m, [linux], flags, 'hvm');
}

test('Linux nopv on HVM (x2apic_disable): 6.11+ keeps x2APIC, 6.1-6.10 is not established, older faults', () => {
  assert.equal(linuxHvm('rfc', '6.12').outcome, 'faults');
  const fixed = linuxHvm('xapic-disable-status', '6.12');
  assert.equal(fixed.outcome, 'boots');
  assert.match(fixed.explanation, /nopv did not make Linux leave x2APIC/);
  const window = linuxHvm('xapic-disable-status', '6.6');
  assert.equal(window.outcome, 'unknown');
  assert.match(window.explanation, /0ecc5be200c8/);
  assert.equal(linuxHvm('xapic-disable-status', '5.10').outcome, 'faults');
});

test('guests that never read the MSR behave as under rfc', () => {
  const cases: Partial<GuestSetup>[] = [
    { type: 'hvm', firmware: 'seabios', linux: { nox2apic: false, nopv: false } },
    { type: 'hvm', firmware: 'rombios', linux: { nox2apic: false, nopv: false } },
    { type: 'hvm', firmware: 'ovmf', linux: { nox2apic: false, nopv: false } },
    { os: 'freebsd' },
    { os: 'netbsd' },
    { os: 'xen', pvshim: true },
    { os: 'unknown' },
    { linux: { nox2apic: false, nopv: false } },
  ];
  for (const c of cases) {
    const a = sim({ ...c, design: 'rfc' }).boot;
    const b = sim({ ...c, design: 'xapic-disable-status' }).boot;
    assert.deepEqual([b.outcome, b.stage], [a.outcome, a.stage], JSON.stringify(c));
  }
});
