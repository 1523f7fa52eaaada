/**
 * NetBSD amd64. Its generic LAPIC code keeps an x2APIC that firmware already enabled, even under
 * Xen (lapic.c: lapic_setup_bsp clears its "running under XEN" reason when lapic_is_x2apic()),
 * and never writes EXTD clear. The RFC author reports that NetBSD does not work as a Xen guest
 * with the flag. What fails is not established: the Xen-specific code was not read. The profile
 * says exactly that (outcome unknown) and invents no mechanism.
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
    'netbsd: sys/arch/x86/x86/lapic.c: lapic_setup_bsp, lapic_is_x2apic, lapic_enable_x2apic, lapic_map, lapic_enable (rev 1.58.2.5, 1.85)',
    'netbsd: sys/arch/xen/xen/hypervisor.c: xen_hvm_init, xen_hvm_init_cpu (per-vCPU upcall vector; the upcall stub was not read)',
    'xen-devel: "[RFC PATCH for-4.22] x86/hvm: Introduce force_x2apic flag" (test report: NetBSD does not work as a Xen guest)',
  ],
  summary: 'Generic code keeps a firmware-enabled x2APIC; reported not to work as a Xen guest, cause not established.',
  bootsExplanation:
    'NetBSD boots in xAPIC mode (under Xen HVM it has a reason to avoid x2APIC and firmware did not enable it).',
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
            'Reported; cause not established. The RFC author reports that NetBSD does not work as a Xen guest with force_x2apic. Its generic LAPIC code keeps the firmware-enabled x2APIC (lapic_setup_bsp overrides its "running under XEN" reason when lapic_is_x2apic() holds), uses MSRs only and never writes EXTD clear, and every simulated access above succeeds. NetBSD\'s Xen-specific code (the event-channel upcall path) was not read, so xlcfg cannot say what fails.',
        },
      ],
    },
    {
      op: 'wait-irq',
      source: 'upcall',
      why: 'Xen event-channel upcall (PV timer)',
      waitingFor: 'Xen upcall vector',
      explanation: 'The upcall vector is injected through the vLAPIC, which must be software-enabled.',
    },
  ],
  ap: [{ op: 'callin' }],
};
