/**
 * Windows: no source. Only the mode check is assumed; the x2APIC outcome is unknown. HVM only,
 * and under force_x2apic it can only be reached through SeaBIOS or OVMF, which stop first.
 */
import type { BootProfile } from '../types';
import { extdSet } from './common';

export const windows: BootProfile = {
  id: 'windows',
  name: 'Windows',
  kind: 'os',
  guestTypes: ['hvm'],
  confidence: 'low',
  bootConfidence: 'medium',
  citations: ['none: no source available; x2APIC support since the Windows 7 / Server 2008 R2 era (unverified)'],
  summary: 'No source; outcome with a pre-enabled x2APIC unknown.',
  bootsExplanation: 'Windows boots on the normal Xen xAPIC path.',
  onGp: { policy: 'fatal', explanation: 'Windows bug-checks on an unexpected #GP in the kernel.', confidence: 'low' },
  bsp: [
    { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'assumed: APIC mode check (no source)' },
    {
      op: 'if',
      cond: extdSet('base'),
      then: [
        {
          op: 'conclude',
          outcome: 'unknown',
          confidence: 'low',
          explanation: 'No Windows source to check how it treats a pre-enabled, locked x2APIC; outcome unknown.',
        },
      ],
    },
  ],
};
