import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, type GuestSetup } from '../../server/src/boot/simulate';

const base: GuestSetup = {
  type: 'hvm',
  hostVendor: 'intel',
  xenVersion: '4.22',
  forceX2apic: true,
  cpuidX2apic: true,
  vcpus: 4,
  maxVcpus: 4,
  firmware: 'seabios',
  bootloader: 'none',
  os: 'linux',
  pvshim: false,
  linux: { nox2apic: false, nopv: false },
};
const sim = (c: Partial<GuestSetup>) => simulate({ ...base, ...c });
const pvh = { type: 'pvh' as const, firmware: 'none' as const };

test('HVM + SeaBIOS + Linux with force_x2apic hangs in SeaBIOS waiting for the PIC tick', () => {
  const s = sim({});
  assert.equal(s.boot.outcome, 'hangs');
  assert.equal(s.boot.stage, 'seabios');
  assert.match(s.boot.waitingFor ?? '', /8259/);
  assert.equal(s.boot.firstProblem?.stage, 'hvmloader');
  assert.equal(s.boot.firstProblem?.result, 'mmio-lost');
  assert.equal(s.boot.transitions.length, 0);
  assert.equal(s.vcpusAfter[0].swDisabled, true);
});

test('HVM + GRUB under SeaBIOS also stops in SeaBIOS; without the flag boots', () => {
  assert.equal(sim({ bootloader: 'grub' }).boot.stage, 'seabios');
  assert.equal(sim({ bootloader: 'grub', forceX2apic: false }).boot.outcome, 'boots');
});

test('PVH + Linux boots with force_x2apic, no APIC_BASE mode change, APs in x2APIC', () => {
  const s = sim(pvh);
  assert.equal(s.boot.outcome, 'boots');
  assert.equal(s.boot.confidence, 'high');
  assert.equal(s.boot.firstProblem, undefined);
  assert.ok(s.vcpusAfter.every((v) => v.mode === 'x2apic'));
  assert.ok(s.vcpusAfter.every((v) => !v.swDisabled));
});

test('Linux nox2apic under force_x2apic: #GP on WRMSR 0x1B -> faults', () => {
  const s = sim({ ...pvh, linux: { nox2apic: true, nopv: false } });
  assert.equal(s.boot.outcome, 'faults');
  assert.equal(s.boot.stage, 'linux');
  assert.equal(s.boot.firstProblem?.result, '#GP');
  assert.match(s.boot.firstProblem?.detail ?? '', /WRMSR 0x1b/);
  assert.ok(s.boot.transitions.length >= 2);
  assert.ok(s.boot.transitions.every((t) => t.faulted && t.from === 'x2apic'));
  assert.ok(s.vcpusAfter.every((v) => v.mode === 'x2apic'));
});

test('Linux nopv on HVM faults (behind SeaBIOS it never gets there; direct chain via OVMF concludes first)', () => {
  // HVM firmware gates it; check the Linux profile itself by confirming nopv on PVH is harmless.
  assert.equal(sim({ ...pvh, linux: { nox2apic: false, nopv: true } }).boot.outcome, 'boots');
  assert.equal(sim({ linux: { nox2apic: false, nopv: true } }).boot.stage, 'seabios');
});

test('OVMF: reported freeze, low confidence, cause not established', () => {
  for (const t of [{}, { type: 'pvh' as const, firmware: 'ovmf' as const }]) {
    const s = sim({ firmware: 'ovmf', ...t });
    assert.equal(s.boot.outcome, 'hangs');
    assert.equal(s.boot.stage, 'ovmf');
    assert.equal(s.boot.confidence, 'low');
    assert.match(s.boot.explanation, /cause not established/);
    assert.ok(!s.boot.trace.some((e) => e.stage === 'ovmf' && e.result === '#GP'));
  }
});

test('NetBSD (PVH): low confidence, cause not established', () => {
  const s = sim({ ...pvh, os: 'netbsd' });
  assert.equal(s.boot.outcome, 'unknown');
  assert.equal(s.boot.confidence, 'low');
  assert.match(s.boot.explanation, /cause not established/);
  assert.match(s.boot.explanation, /lapic_setup_bsp/);
  assert.doesNotMatch(s.boot.explanation, /hypothes/i, 'no invented mechanism');
  assert.ok(!s.boot.trace.some((e) => e.result === '#GP' || e.result === 'mmio-lost'));
});

test('hvmloader <= 4.18 with >= 2 vCPUs hangs in AP bring-up (every backend); 1 vCPU gets past it', () => {
  for (const mmioBackend of ['sink-page', 'intercepted', 'all-ones', 'qemu-stub'] as const) {
    const s = sim({ xenVersion: '4.18', mmioBackend });
    assert.equal(s.boot.outcome, 'hangs', mmioBackend);
    assert.equal(s.boot.stage, 'hvmloader', mmioBackend);
    assert.equal(s.boot.confidence, 'high');
  }
  assert.match(sim({ xenVersion: '4.18', mmioBackend: 'all-ones' }).boot.waitingFor ?? '', /ICR/);
  assert.match(sim({ xenVersion: '4.18', mmioBackend: 'sink-page' }).boot.waitingFor ?? '', /call-in/);
  assert.equal(sim({ xenVersion: '4.18', vcpus: 1, maxVcpus: 1 }).boot.stage, 'seabios');
  assert.equal(sim({ xenVersion: '4.18', forceX2apic: false }).boot.outcome, 'boots');
});

test('FreeBSD and PV-shim boot under force_x2apic', () => {
  assert.equal(sim({ ...pvh, os: 'freebsd' }).boot.outcome, 'boots');
  assert.equal(sim({ ...pvh, pvshim: true }).boot.outcome, 'boots');
  assert.equal(sim({ ...pvh, os: 'xen' }).boot.outcome, 'boots');
});

test('HVM-only OSes are blocked by firmware; on PVH the path does not exist', () => {
  for (const os of ['openbsd', 'illumos', 'windows'] as const) {
    assert.equal(sim({ os }).boot.stage, 'seabios', os);
    const p = sim({ ...pvh, os });
    assert.equal(p.boot.outcome, 'unknown', os);
    assert.equal(p.boot.confidence, 'low');
  }
});

test('ROMBIOS: no hang at its prompt (interactive_bootkey only polls); where it stops is not established', () => {
  const s = sim({ firmware: 'rombios' });
  assert.equal(s.boot.outcome, 'unknown');
  assert.equal(s.boot.stage, 'rombios');
  assert.equal(s.boot.confidence, 'low');
  assert.match(s.boot.explanation, /Not established/);
  assert.match(s.boot.explanation, /interactive_bootkey checks the keyboard once/);
  assert.ok(!s.boot.trace.some((e) => e.op === 'wait-irq' && e.stage === 'rombios'), 'no wait on the BIOS tick');
  assert.equal(sim({ firmware: 'rombios', forceX2apic: false }).boot.outcome, 'boots');
});

test('SeaBIOS explanation: 8259 interrupts never reach a hardware-disabled LAPIC', () => {
  const e = sim({}).boot.explanation;
  assert.match(e, /only while its LAPIC is enabled in hardware/);
  assert.doesNotMatch(e, /or the LAPIC is hardware-disabled/);
});

test('hvmloader: CPUs read their APIC ID with CPUID 0xB only from Xen 4.21 (9ad0db58c7)', () => {
  const cpuidB = (xenVersion: string, vcpu: number) =>
    sim({ xenVersion }).boot.trace.some(
      (e) => e.stage === 'hvmloader' && e.vcpu === vcpu && e.op === 'cpuid' && /^CPUID 0xb/.test(e.detail),
    );
  for (const v of ['4.19', '4.20']) {
    assert.equal(cpuidB(v, 0), false, v);
    assert.equal(cpuidB(v, 1), false, v);
    assert.ok(
      !sim({ xenVersion: v }).boot.trace.some((e) => e.stage === 'hvmloader' && e.op === 'cpuid'),
      `${v}: no CPUID in hvmloader`,
    );
  }
  for (const v of ['4.21', '4.22']) {
    assert.equal(cpuidB(v, 0), true, v);
    assert.equal(cpuidB(v, 1), true, v);
  }
  // Without x2APIC in CPUID, read_apic_id uses leaf 1.
  const hidden = sim({ cpuidX2apic: false, forceX2apic: false }).boot.trace.filter(
    (e) => e.stage === 'hvmloader' && e.op === 'cpuid',
  );
  assert.ok(hidden.every((e) => !/^CPUID 0xb/.test(e.detail)));
  assert.ok(hidden.some((e) => e.vcpu === 1 && /^CPUID 0x1\b/.test(e.detail)));
});

test('PV-shim: APs start only when the PV guest brings them up (pv_shim_cpu_up), not at boot', () => {
  const s = sim({ ...pvh, pvshim: true, os: 'xen' });
  assert.equal(s.boot.outcome, 'boots');
  const t = s.boot.trace;
  const up = t.findIndex(
    (e) => e.op === 'hypercall' && /VCPUOP_up from the PV guest/.test(e.detail) && /vCPU 1/.test(e.detail),
  );
  const init = t.findIndex((e) => e.op === 'icr' && /INIT/.test(e.detail) && /to 0x2/.test(e.detail));
  const started = t.findIndex((e) => e.op === 'note' && /starts the PV guest/.test(e.detail));
  assert.ok(started >= 0 && up > started && init > up, `${started} ${up} ${init}`);
});

test('PV-shim with x2APIC hidden in CPUID stays in xAPIC and its MMIO set-up is lost', () => {
  const s = sim({ ...pvh, pvshim: true, os: 'xen', cpuidX2apic: false });
  assert.equal(s.boot.outcome, 'unknown');
  assert.equal(s.boot.stage, 'pvshim');
  assert.equal(s.boot.firstProblem?.result, 'mmio-lost');
  assert.equal(s.boot.transitions.length, 0, 'no APIC_BASE write: it never looked at EXTD');
  assert.equal(sim({ ...pvh, pvshim: true, os: 'xen', cpuidX2apic: false, forceX2apic: false }).boot.outcome, 'boots');
});

test('PV: not applicable', () => {
  const s = sim({ type: 'pv', firmware: 'none', bootloader: 'pygrub' });
  assert.equal(s.applicable, false);
  assert.deepEqual(s.vcpus, []);
  assert.equal(s.boot.outcome, 'boots');
  assert.match(s.boot.explanation, /no emulated local APIC/);
  assert.match(s.boot.citations.join(' '), /libxl__arch_domain_prepare_config/);
});

test('without force_x2apic every profile boots (xAPIC, or the OS switches to x2APIC)', () => {
  const oses = ['linux', 'freebsd', 'netbsd', 'openbsd', 'illumos', 'windows'] as const;
  for (const firmware of ['seabios', 'rombios', 'ovmf'] as const) {
    for (const os of oses) {
      for (const xenVersion of ['4.18', '4.22']) {
        for (const mmioBackend of [undefined, 'all-ones'] as const) {
          const s = sim({ forceX2apic: false, firmware, os, xenVersion, mmioBackend, bootloader: 'grub' });
          assert.equal(s.boot.outcome, 'boots', `${firmware} ${os} ${xenVersion}`);
          assert.ok(!s.boot.trace.some((e) => e.result === '#GP' || e.result === 'mmio-lost'), `${firmware} ${os}`);
          assert.ok(s.vcpus.every((v) => v.mode === 'xapic'));
        }
      }
    }
  }
  for (const os of ['linux', 'freebsd', 'netbsd', 'unknown'] as const) {
    assert.equal(sim({ ...pvh, forceX2apic: false, os }).boot.outcome, 'boots', os);
  }
  for (const linux of [
    { nox2apic: true, nopv: false },
    { nox2apic: false, nopv: true },
  ]) {
    const s = sim({ forceX2apic: false, linux });
    assert.equal(s.boot.outcome, 'boots');
    assert.ok(s.vcpusAfter.every((v) => v.mode === 'xapic'));
  }
  const l = sim({ forceX2apic: false });
  assert.ok(
    l.vcpusAfter.every((v) => v.mode === 'x2apic'),
    'Linux switches to x2APIC itself',
  );
  assert.ok(l.boot.transitions.every((t) => !t.faulted && t.from === 'xapic' && t.to === 'x2apic'));
});

test('power-on state lists every created vCPU; online = first vcpus', () => {
  const s = sim({ vcpus: 2, maxVcpus: 6 });
  assert.equal(s.vcpus.length, 6);
  assert.deepEqual(
    s.vcpus.map((v) => v.online),
    [true, true, false, false, false, false],
  );
  assert.equal(s.vcpus[0].apicBase, '0xfee00d00');
  assert.equal(s.vcpus[5].ldr, '0x00000400');
});

test('128 vCPUs: trace stays bounded and results are deterministic', () => {
  const a = sim({ ...pvh, vcpus: 128, maxVcpus: 128 });
  const b = sim({ ...pvh, vcpus: 128, maxVcpus: 128 });
  assert.deepEqual(a, b);
  assert.equal(a.boot.outcome, 'boots');
  assert.ok(a.boot.trace.length < 400, String(a.boot.trace.length));
  assert.ok(a.boot.trace.some((e) => e.op === 'summary'));
  assert.equal(a.vcpusAfter[127].apicId, 254);
});

test('trace entries carry the required fields', () => {
  for (const e of sim({}).boot.trace) {
    assert.equal(typeof e.stage, 'string');
    assert.equal(typeof e.vcpu, 'number');
    assert.ok(['ok', '#GP', 'mmio-lost', 'read'].includes(e.result));
  }
});
