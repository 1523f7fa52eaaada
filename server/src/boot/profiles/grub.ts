/**
 * GRUB 2: no local-APIC register access in grub-core; BIOS GRUB waits via INT 16h/1Ah (8259
 * tick), EFI GRUB via UEFI timer events, PVH GRUB uses neither. Outcome = firmware's.
 */
import type { BootProfile } from '../types';

export const grub: BootProfile = {
  id: 'grub',
  name: 'GRUB',
  kind: 'bootloader',
  guestTypes: ['hvm', 'pvh'],
  confidence: 'medium',
  bootConfidence: 'high',
  citations: [
    'grub: grub-core (no LAPIC register access; commands/lsacpi.c only prints the MADT)',
    'seabios: src/kbd.c: dequeue_key',
  ],
  summary: 'Pass-through: inherits the firmware outcome.',
  bootsExplanation: 'GRUB loads the kernel.',
  onGp: { policy: 'fatal', explanation: 'GRUB does not expect a #GP.', confidence: 'low' },
  bsp: [
    {
      op: 'if',
      cond: { setup: 'bios' },
      then: [
        {
          op: 'wait-irq',
          source: 'pic',
          why: 'menu time-out via INT 16h / BIOS tick',
          waitingFor: 'PIT IRQ0 through the 8259 (GRUB menu time-out)',
          explanation:
            'BIOS GRUB waits on BIOS keyboard/timer services, which need the 8259 tick; it cannot be delivered with the BSP LAPIC left software-disabled.',
        },
      ],
    },
    { op: 'note', text: 'GRUB loads the kernel; no APIC access' },
  ],
};
