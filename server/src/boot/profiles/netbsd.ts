/**
 * NetBSD amd64. Its generic LAPIC code honours a firmware-enabled x2APIC, yet the RFC author
 * reports it does not work as a Xen guest in x2APIC mode. The Xen-specific path responsible
 * was not read; the profile reports the outcome as unknown and says why.
 */
import type { BootProfile, Step } from '../types';
import { CPUID1_ECX_X2APIC, EN, EXTD, MMIO, X2, bit, enExtdSet, lapicRead, lapicWrite, truthy } from './common';

const enableX2apic: Step[] = [
  { op: 'rdmsr', msr: 0x1b, save: 'b', why: 'lapic_enable_x2apic' },
  { op: 'wrmsr', msr: 0x1b, value: { var: 'b', set: EXTD }, why: 'lapic_enable_x2apic (same value)' },
];

export const netbsd: BootProfile = {
  id: 'netbsd',
  name: 'NetBSD',
  kind: 'os',
  guestTypes: ['hvm', 'pvh'],
  confidence: 'low',
  bootConfidence: 'medium',
  citations: [
    'netbsd: sys/arch/x86/x86/lapic.c: lapic_setup_bsp, lapic_is_x2apic, lapic_enable_x2apic, lapic_map, lapic_enable (rev 1.85)',
    'netbsd: sys/arch/xen/xen/hypervisor.c: xen_hvm_init, xen_hvm_init_cpu',
    'netbsd: sys/arch/amd64/amd64/vector.S (Xen upcall stub; current revision not read)',
    'xen-devel: "[RFC PATCH for-4.22] x86/hvm: Introduce force_x2apic flag" (test report: NetBSD lacks x2APIC support as a Xen guest)',
  ],
  summary: 'Generic code accepts a firmware-enabled x2APIC; reported failure as a Xen guest with no established cause.',
  bootsExplanation: 'NetBSD boots in xAPIC mode (under Xen HVM it has a reason to avoid x2APIC and firmware did not enable it).',
  onGp: { policy: 'fatal', explanation: 'NetBSD panics on an unexpected #GP.', confidence: 'low' },
  bsp: [
    { op: 'cpuid', leaf: 1, save: { ecx: 'c1' }, why: 'lapic_setup_bsp' },
    { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'lapic_is_x2apic (rdmsr_safe)' },
    {
      op: 'if',
      cond: { all: [bit('c1', CPUID1_ECX_X2APIC), enExtdSet('base')] },
      then: [{ op: 'set', var: 'x2', value: 1n }, ...enableX2apic, { op: 'rdmsr', msr: X2.ID, why: 'cpu_init_first' }],
      else: [
        { op: 'set', var: 'x2', value: 0n },
        { op: 'rdmsr', msr: 0x1b, save: 'b', why: 'lapic_map' },
        { op: 'wrmsr', msr: 0x1b, value: { var: 'b', set: EN }, why: 'lapic_map (read-modify-write, EXTD preserved)' },
        { op: 'mmio-read', reg: MMIO.ID, why: 'cpu_init_first' },
      ],
    },
    lapicWrite('x2', X2.SVR, MMIO.SVR, 0x1ffn, 'lapic_enable'),
    lapicWrite('x2', X2.LVT0, MMIO.LVT0, 0x10700n, 'lapic_set_lvt'),
    lapicWrite('x2', X2.LVT1, MMIO.LVT1, 0x400n, 'lapic_set_lvt'),
    lapicWrite('x2', X2.LVTT, MMIO.LVTT, 0x100efn, 'lapic_calibrate_timer: masked'),
    lapicWrite('x2', X2.TDCR, MMIO.TDCR, 0xbn, 'lapic_calibrate_timer: divide by 1'),
    lapicWrite('x2', X2.TMICT, MMIO.TMICT, 0x80000000n, 'lapic_calibrate_timer'),
    lapicRead('x2', X2.TMCCT, MMIO.TMCCT, undefined, 'lapic_calibrate_timer'),
    {
      op: 'if',
      cond: truthy('x2'),
      then: [
        {
          op: 'conclude',
          outcome: 'unknown',
          confidence: 'low',
          waitingFor: 'unknown (reported failure)',
          explanation:
            'Reported; cause not established. NetBSD\'s generic LAPIC code accepts the firmware-enabled x2APIC and every simulated access above succeeds, but the RFC author reports that NetBSD does not work as a Xen guest in x2APIC mode. The responsible Xen-specific path was not read. Unverified hypothesis: the event-channel upcall stub acknowledges with an xAPIC MMIO EOI that is lost in x2APIC mode (if so the failure would not reproduce on hosts that still intercept the MMIO EOI).',
        },
      ],
    },
    { op: 'wait-irq', source: 'upcall', why: 'Xen event-channel upcall (PV timer)', waitingFor: 'Xen upcall vector', explanation: 'The upcall vector is injected through the vLAPIC, which must be software-enabled.' },
  ],
  ap: [{ op: 'callin' }],
};
