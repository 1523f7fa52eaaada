/** illumos (HVM only): the apix PSM takes over a firmware-enabled x2APIC; pcplusmp then declines. */
import type { BootProfile } from '../types';
import { ICR, MMIO, X2, extdSet, lapicWrite, sendIcr } from './common';

export const illumos: BootProfile = {
  id: 'illumos',
  name: 'illumos',
  kind: 'os',
  guestTypes: ['hvm'],
  confidence: 'low',
  bootConfidence: 'medium',
  citations: [
    'illumos: i86pc PSM apix: apix_probe; pcplusmp: apic_probe; apic_enable_x2apic (index copies; file paths not checked)',
  ],
  summary: 'apix honours firmware-enabled x2APIC (register ops switched, no APIC_BASE write). HVM only.',
  bootsExplanation: 'illumos boots (apix drives the APIC in the mode it finds).',
  onGp: { policy: 'fatal', explanation: 'illumos panics on an unexpected #GP.', confidence: 'low' },
  bsp: [
    { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'apix_probe / apic_enable_x2apic' },
    {
      op: 'if',
      cond: extdSet('base'),
      then: [
        { op: 'set', var: 'x2', value: 1n },
        { op: 'note', text: 'x2APIC activated by BIOS: apix handles it, pcplusmp declines' },
      ],
      else: [{ op: 'set', var: 'x2', value: 0n }],
    },
    lapicWrite('x2', X2.SVR, MMIO.SVR, 0x1ffn, 'apic init'),
    lapicWrite('x2', X2.LVT0, MMIO.LVT0, 0x10700n, 'apic init'),
    {
      op: 'for-each-ap',
      steps: [
        sendIcr('x2', ICR.INIT_ASSERT, 'target', 'INIT'),
        sendIcr('x2', ICR.sipi(0x9f), 'target', 'STARTUP'),
        { op: 'poll', until: 'ap-callin', bound: '1 s', waitingFor: 'AP to start', explanation: '' },
      ],
    },
  ],
  ap: [{ op: 'callin' }],
};
