/**
 * Xen itself running as a PVH guest (PV-shim). It honours a pre-enabled x2APIC, otherwise switches
 * to x2APIC itself; without x2APIC in CPUID it stays in xAPIC (MMIO). It boots on its BSP only:
 * __start_xen brings no AP up when pv_shim is set; each AP starts later, when the PV guest inside
 * brings that vCPU online with VCPUOP_up (pv/shim.c: pv_shim_cpu_up -> cpu_up).
 */
import type { BootProfile, Step } from '../types';
import { CPUID1_ECX_X2APIC, EXTD, ICR, MMIO, X2, bit, extdSet, lapicRead, lapicWrite, sendIcr, truthy } from './common';

/** __enable_x2apic: writes only when EXTD is clear. */
const enable: Step[] = [
  { op: 'rdmsr', msr: 0x1b, save: 'b', why: '__enable_x2apic' },
  {
    op: 'if',
    cond: extdSet('b'),
    then: [],
    else: [{ op: 'wrmsr', msr: 0x1b, value: { var: 'b', set: EXTD }, why: '__enable_x2apic' }],
  },
];
/** setup_local_APIC through apic_write, which follows x2apic_enabled. */
const setup: Step[] = [
  lapicWrite('x2', X2.SVR, MMIO.SVR, 0x1ffn, 'setup_local_APIC'),
  lapicWrite('x2', X2.LVT0, MMIO.LVT0, 0x10700n, 'setup_local_APIC'),
  lapicWrite('x2', X2.LVT1, MMIO.LVT1, 0x400n, 'setup_local_APIC'),
  lapicWrite('x2', X2.ESR, MMIO.ESR, 0n, 'setup_local_APIC'),
];

export const pvshim: BootProfile = {
  id: 'pvshim',
  name: 'Xen PV-shim',
  kind: 'os',
  guestTypes: ['pvh'],
  confidence: 'high',
  bootConfidence: 'high',
  citations: [
    'xen: xen/arch/x86/genapic/x2apic.c: check_x2apic_preenabled',
    'xen: xen/arch/x86/apic.c: x2apic_bsp_setup, __enable_x2apic, x2apic_ap_setup, init_apic_mappings',
    'xen: xen/arch/x86/setup.c: __start_xen (no AP brought up when pv_shim)',
    'xen: xen/arch/x86/pv/shim.c: pv_shim_cpu_up',
    'xen: xen/arch/x86/smpboot.c: wakeup_secondary_cpu',
  ],
  summary:
    'Xen as a guest: honours a pre-enabled x2APIC, otherwise switches to x2APIC itself; never clears EXTD. APs start on demand.',
  bootsExplanation:
    'The shim boots; the PV guest inside it has no emulated local APIC, and each AP the shim starts for it stays in x2APIC mode.',
  onGp: { policy: 'fatal', explanation: 'Xen panics on an unexpected #GP during boot.', confidence: 'medium' },
  lostMmioExplanation:
    'The shim used the xAPIC MMIO page while the vLAPIC was in x2APIC mode (CPUID hides x2APIC, so it never looked at EXTD and stayed in xAPIC); its LAPIC set-up never reached the vLAPIC and the end state is not modelled.',
  bsp: [
    { op: 'cpuid', leaf: 1, save: { ecx: 'c1' }, why: 'cpu_has_x2apic' },
    { op: 'set', var: 'x2', value: 0n },
    {
      op: 'if',
      cond: bit('c1', CPUID1_ECX_X2APIC),
      then: [
        { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'check_x2apic_preenabled' },
        {
          op: 'if',
          cond: extdSet('base'),
          then: [
            { op: 'set', var: 'x2', value: 1n },
            { op: 'note', text: 'x2APIC mode is already enabled by BIOS; no MMIO mapping' },
          ],
          else: [
            { op: 'mmio-read', reg: MMIO.ID, why: 'init_apic_mappings: get_apic_id' },
            ...enable,
            { op: 'set', var: 'x2', value: 1n },
          ],
        },
      ],
      else: [
        { op: 'note', text: 'no x2APIC in CPUID: check_x2apic_preenabled and x2apic_bsp_setup return at once' },
        { op: 'mmio-read', reg: MMIO.ID, why: 'init_apic_mappings: get_apic_id' },
      ],
    },
    ...setup,
    { op: 'note', text: 'the shim starts the PV guest on vCPU 0; no AP is brought up at boot' },
    {
      op: 'for-each-ap',
      steps: [
        { op: 'hypercall', name: 'VCPUOP_up from the PV guest', why: 'pv_shim_cpu_up -> cpu_up' },
        lapicWrite('x2', X2.ESR, MMIO.ESR, 0n, 'wakeup_secondary_cpu'),
        sendIcr('x2', ICR.INIT_LEVEL_ASSERT, 'target', 'wakeup_secondary_cpu: INIT'),
        sendIcr('x2', ICR.sipi(0x9f), 'target', 'STARTUP'),
        sendIcr('x2', ICR.sipi(0x9f), 'target', 'second STARTUP'),
        { op: 'poll', until: 'ap-callin', bound: '5 s', waitingFor: 'AP call-in', explanation: '' },
      ],
    },
  ],
  ap: [
    { op: 'if', cond: truthy('x2'), then: enable, else: [lapicRead('x2', X2.ID, MMIO.ID, undefined, 'get_apic_id')] },
    ...setup,
    { op: 'callin', why: 'start_secondary' },
  ],
};
