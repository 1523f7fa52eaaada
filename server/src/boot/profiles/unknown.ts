/** A guest OS with no profile. */
import type { BootProfile } from '../types';
import { extdSet } from './common';

export const unknownOs: BootProfile = {
  id: 'unknown',
  name: 'unknown OS',
  kind: 'os',
  guestTypes: ['hvm', 'pvh'],
  confidence: 'low',
  bootConfidence: 'medium',
  citations: [],
  summary: 'No profile: only the architectural reset state is known.',
  bootsExplanation:
    "Xen's default reset state is the architectural xAPIC state, which any PC operating system expects.",
  onGp: { policy: 'fatal', explanation: 'Unknown guest: a #GP on an APIC write is assumed fatal.', confidence: 'low' },
  bsp: [
    { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'assumed: APIC mode check' },
    {
      op: 'if',
      cond: extdSet('base'),
      then: [
        {
          op: 'conclude',
          outcome: 'unknown',
          confidence: 'low',
          explanation:
            'No profile for this guest. It starts with the local APIC already in x2APIC mode and cannot leave it: it works only if it checks IA32_APIC_BASE.EXTD before any APIC access, never writes EXTD clear, and uses MSRs for everything.',
        },
      ],
    },
  ],
};
