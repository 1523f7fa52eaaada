/**
 * ROMBIOS (Xen's legacy BIOS, used with qemu-xen-traditional). Read in
 * tools/firmware/rombios/rombios.c: at its prompt, interactive_bootkey checks the keyboard once
 * (check_for_keystroke, INT 16h AH=1, which does not wait) and goes on to INT 18h; the delay
 * that would wait on the BIOS tick (delay_ticks_and_check_for_keystroke) is never called. So it
 * does not hang at its prompt; where a guest stops without the 8259 tick was not traced.
 */
import type { BootProfile } from '../types';

export const rombios: BootProfile = {
  id: 'rombios',
  name: 'ROMBIOS',
  kind: 'firmware',
  guestTypes: ['hvm'],
  confidence: 'low',
  bootConfidence: 'medium',
  citations: [
    'xen: tools/firmware/rombios/rombios.c: interactive_bootkey, check_for_keystroke, delay_ticks, delay_ticks_and_check_for_keystroke (never called)',
    'xen: xen/arch/x86/hvm/vlapic.c: vlapic_accept_pic_intr, __vlapic_accept_pic_intr',
  ],
  summary: 'Legacy BIOS; polls for F12 once at its prompt. Where it stops without the 8259 tick is not established.',
  bootsExplanation: 'ROMBIOS boots the guest (normal Xen path, xAPIC virtual wire set up by hvmloader).',
  onGp: { policy: 'fatal', explanation: 'ROMBIOS does not expect a #GP.', confidence: 'low' },
  bsp: [
    { op: 'io-out', port: 0x20, value: 0x11, why: '8259 initialisation' },
    {
      op: 'note',
      text: 'interactive_bootkey: "Press F12 for boot menu.", one check_for_keystroke (no wait), then INT 18h',
    },
    {
      op: 'if',
      cond: { not: { irq: 'pic' } },
      then: [
        {
          op: 'conclude',
          outcome: 'unknown',
          confidence: 'low',
          waitingFor: 'not established (no 8259 tick can arrive)',
          explanation:
            "Not established. hvmloader's LAPIC set-up was lost in x2APIC mode, so no 8259 interrupt (BIOS tick, keyboard) can reach vCPU 0. Unlike SeaBIOS, ROMBIOS does not wait for the tick at its prompt: interactive_bootkey checks the keyboard once and boots, and the tick-based delay is never called. Which later code first waits for a tick that never comes (a disk time-out, the bootloader's menu) was not traced, so xlcfg does not say where the guest stops.",
        },
      ],
    },
  ],
};
