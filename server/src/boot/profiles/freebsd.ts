/**
 * FreeBSD amd64: a firmware-enabled x2APIC overrides every reason to avoid it (including
 * the hw.x2apic_enable tunable); otherwise, under Xen, the version read prefers xAPIC.
 */
import type { BootProfile, Step } from '../types';
import {
  CPUID1_ECX_X2APIC,
  EN,
  EXTD,
  ICR,
  MMIO,
  X2,
  bit,
  enExtdSet,
  lapicRead,
  lapicWrite,
  sendIcr,
  truthy,
} from './common';

const lapicSetup: Step[] = [
  lapicWrite('x2', X2.TPR, MMIO.TPR, 0n, 'lapic_setup: TPR'),
  lapicRead('x2', X2.SVR, MMIO.SVR, 'svr', 'lapic_enable'),
  {
    op: 'if',
    cond: truthy('x2'),
    then: [
      {
        op: 'wrmsr',
        msr: X2.SVR,
        value: { var: 'svr', clear: 0x2ffn, set: 0x3ffn },
        why: 'lapic_enable: enable, focus off, vector 0xFF',
      },
    ],
    else: [{ op: 'mmio-write', reg: MMIO.SVR, value: { var: 'svr', clear: 0x2ffn, set: 0x3ffn }, why: 'lapic_enable' }],
  },
  lapicWrite('x2', X2.LVT0, MMIO.LVT0, 0x10700n, 'lapic_setup: LINT0 ExtINT masked'),
  lapicWrite('x2', X2.LVT1, MMIO.LVT1, 0x400n, 'lapic_setup: LINT1 NMI'),
  lapicWrite('x2', X2.LVTPC, MMIO.LVTPC, 0x10000n, 'lapic_setup: PMC'),
  lapicWrite('x2', X2.LVTT, MMIO.LVTT, 0x100efn, 'lapic_setup: timer LVT masked'),
  lapicWrite('x2', X2.LVTERR, MMIO.LVTERR, 0xfen, 'lapic_setup: error LVT'),
  lapicWrite('x2', X2.ESR, MMIO.ESR, 0n, 'lapic_setup: ESR'),
  lapicWrite('x2', X2.LVTTHMR, MMIO.LVTTHMR, 0x10000n, 'lapic_setup: thermal'),
];

const enableX2apic: Step[] = [
  { op: 'rdmsr', msr: 0x1b, save: 'b', why: 'lapic_enable_x2apic' },
  { op: 'wrmsr', msr: 0x1b, value: { var: 'b', set: EXTD | EN }, why: 'lapic_enable_x2apic' },
];

export const freebsd: BootProfile = {
  id: 'freebsd',
  name: 'FreeBSD',
  kind: 'os',
  guestTypes: ['hvm', 'pvh'],
  confidence: 'high',
  bootConfidence: 'high',
  citations: [
    'freebsd: sys/x86/acpica/madt.c: madt_setup_local',
    'freebsd: sys/x86/x86/local_apic.c: lapic_init, lapic_enable_x2apic, lapic_is_x2apic, lapic_enable, lapic_setup, lapic_xapic_mode',
  ],
  summary: 'Uses a firmware-enabled x2APIC unconditionally; never clears EXTD.',
  bootsExplanation:
    'FreeBSD boots: it honours a firmware-enabled x2APIC (rewriting APIC_BASE with the same value is accepted) and uses only MSRs; otherwise it runs in xAPIC through MMIO.',
  onGp: { policy: 'fatal', explanation: 'FreeBSD panics on an unexpected #GP in the kernel.', confidence: 'medium' },
  bsp: [
    { op: 'cpuid', leaf: 1, save: { ecx: 'c1' }, why: 'madt_setup_local' },
    { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'lapic_is_x2apic' },
    {
      op: 'if',
      cond: { all: [bit('c1', CPUID1_ECX_X2APIC), enExtdSet('base')] },
      then: [
        { op: 'set', var: 'x2', value: 1n },
        { op: 'note', text: 'x2APIC already enabled by firmware; reasons to avoid it (Xen) are overridden' },
        ...enableX2apic,
      ],
      else: [
        { op: 'set', var: 'x2', value: 0n },
        { op: 'note', text: 'madt_setup_local: running under Xen, x2APIC not enabled' },
      ],
    },
    lapicRead('x2', X2.ID, MMIO.ID, undefined, 'lapic_id'),
    lapicRead('x2', X2.VERSION, MMIO.VERSION, undefined, 'lapic version'),
    ...lapicSetup,
    {
      op: 'for-each-ap',
      steps: [
        sendIcr('x2', ICR.INIT_ASSERT, 'target', 'lapic_ipi_raw: INIT'),
        sendIcr('x2', ICR.sipi(0x9f), 'target', 'STARTUP'),
        sendIcr('x2', ICR.sipi(0x9f), 'target', 'second STARTUP'),
        { op: 'poll', until: 'ap-callin', bound: '5 s', waitingFor: 'AP to start (start_ap)', explanation: '' },
      ],
    },
  ],
  ap: [{ op: 'if', cond: truthy('x2'), then: enableX2apic }, ...lapicSetup, { op: 'callin', why: 'init_secondary' }],
};
