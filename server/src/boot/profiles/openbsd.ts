/** OpenBSD amd64 (HVM only): uses x2APIC when firmware enabled it or under a hypervisor offering it. */
import type { BootProfile } from '../types';
import { CPUID1_ECX_X2APIC, EXTD, ICR, MMIO, X2, bit, extdSet, lapicWrite, sendIcr } from './common';

export const openbsd: BootProfile = {
  id: 'openbsd',
  name: 'OpenBSD',
  kind: 'os',
  guestTypes: ['hvm'],
  confidence: 'medium',
  bootConfidence: 'medium',
  citations: ['openbsd: sys/arch/amd64/amd64/lapic.c: lapic_map (index copy)'],
  summary:
    'Switches to (or keeps) x2APIC under a hypervisor; writes APIC_BASE only to set EXTD. HVM only, so firmware decides first.',
  bootsExplanation:
    'OpenBSD boots in x2APIC mode (it enables x2APIC itself when running under a hypervisor that offers it).',
  onGp: { policy: 'fatal', explanation: 'OpenBSD panics on an unexpected #GP.', confidence: 'low' },
  bsp: [
    { op: 'cpuid', leaf: 1, save: { ecx: 'c1' }, why: 'lapic_map' },
    { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'lapic_map' },
    {
      op: 'if',
      cond: bit('c1', CPUID1_ECX_X2APIC),
      then: [
        { op: 'set', var: 'x2', value: 1n },
        {
          op: 'if',
          cond: extdSet('base'),
          then: [],
          else: [{ op: 'wrmsr', msr: 0x1b, value: { var: 'base', set: EXTD }, why: 'lapic_map: enable x2APIC' }],
        },
      ],
      else: [{ op: 'set', var: 'x2', value: 0n }],
    },
    lapicWrite('x2', X2.SVR, MMIO.SVR, 0x1ffn, 'lapic_enable'),
    lapicWrite('x2', X2.LVT0, MMIO.LVT0, 0x10700n, 'lapic_set_lvt'),
    lapicWrite('x2', X2.LVT1, MMIO.LVT1, 0x400n, 'lapic_set_lvt'),
    {
      op: 'for-each-ap',
      steps: [
        sendIcr('x2', ICR.INIT_ASSERT, 'target', 'x86_ipi_init'),
        sendIcr('x2', ICR.sipi(0x9f), 'target', 'STARTUP'),
        { op: 'poll', until: 'ap-callin', bound: '1 s', waitingFor: 'AP to start', explanation: '' },
      ],
    },
  ],
  ap: [
    { op: 'rdmsr', msr: 0x1b, save: 'b', why: 'lapic_map (AP)' },
    { op: 'if', cond: extdSet('b'), then: [], else: [{ op: 'wrmsr', msr: 0x1b, value: { var: 'b', set: EXTD } }] },
    { op: 'callin' },
  ],
};
