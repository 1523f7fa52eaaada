/** Xen itself running as a PVH guest (PV-shim): detects a pre-enabled x2APIC first and stays there. */
import type { BootProfile, Step } from '../types';
import { EXTD, ICR, MMIO, X2, extdSet, lapicWrite, sendIcr } from './common';

const enable: Step[] = [
  { op: 'rdmsr', msr: 0x1b, save: 'b', why: '__enable_x2apic' },
  { op: 'if', cond: extdSet('b'), then: [], else: [{ op: 'wrmsr', msr: 0x1b, value: { var: 'b', set: EXTD }, why: '__enable_x2apic' }] },
];
const setup: Step[] = [
  { op: 'wrmsr', msr: X2.SVR, value: 0x1ffn, why: 'setup_local_APIC' },
  { op: 'wrmsr', msr: X2.LVT0, value: 0x10700n, why: 'setup_local_APIC' },
  { op: 'wrmsr', msr: X2.LVT1, value: 0x400n, why: 'setup_local_APIC' },
  { op: 'wrmsr', msr: X2.ESR, value: 0n, why: 'setup_local_APIC' },
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
    'xen: xen/arch/x86/smpboot.c: wakeup_secondary_cpu',
    'xen: xen/arch/x86/pv/shim.c: pv_shim_cpu_up',
  ],
  summary: 'Xen as a guest: honours a pre-enabled x2APIC, otherwise switches to x2APIC itself; never clears EXTD.',
  bootsExplanation: 'The shim boots; the PV guest inside it has no emulated local APIC.',
  onGp: { policy: 'fatal', explanation: 'Xen panics on an unexpected #GP during boot.', confidence: 'medium' },
  lostMmioExplanation: 'The shim used the xAPIC MMIO page while the vLAPIC was not in xAPIC mode; end state not modelled.',
  bsp: [
    { op: 'cpuid', leaf: 1, why: 'check_x2apic_preenabled' },
    { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'check_x2apic_preenabled / record_boot_APIC_mode' },
    {
      op: 'if',
      cond: extdSet('base'),
      then: [{ op: 'note', text: 'x2APIC mode is already enabled by BIOS; no MMIO mapping' }],
      else: [{ op: 'mmio-read', reg: MMIO.ID, why: 'init_apic_mappings' }, ...enable],
    },
    { op: 'set', var: 'x2', value: 1n },
    ...setup,
    {
      op: 'for-each-ap',
      steps: [
        lapicWrite('x2', X2.ESR, MMIO.ESR, 0n, 'wakeup_secondary_cpu'),
        sendIcr('x2', ICR.INIT_LEVEL_ASSERT, 'target', 'wakeup_secondary_cpu: INIT'),
        sendIcr('x2', ICR.sipi(0x9f), 'target', 'STARTUP'),
        sendIcr('x2', ICR.sipi(0x9f), 'target', 'second STARTUP'),
        { op: 'poll', until: 'ap-callin', bound: '5 s', waitingFor: 'AP call-in', explanation: '' },
      ],
    },
  ],
  ap: [...enable, ...setup, { op: 'callin', why: 'start_secondary' }],
};
