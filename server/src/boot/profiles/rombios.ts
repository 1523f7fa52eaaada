/**
 * ROMBIOS (Xen's legacy BIOS, used with qemu-traditional). Not covered by the research: the
 * wait below is an inference from it being a legacy BIOS whose timer services run from the
 * 8259 IRQ0 tick, and is flagged as such.
 */
import type { BootProfile } from '../types';

export const rombios: BootProfile = {
  id: 'rombios',
  name: 'ROMBIOS',
  kind: 'firmware',
  guestTypes: ['hvm'],
  confidence: 'low',
  bootConfidence: 'medium',
  citations: ['xen: tools/firmware/rombios/rombios.c (not read for this model)', 'xen: xen/arch/x86/hvm/vlapic.c: __vlapic_accept_pic_intr'],
  summary: 'Legacy BIOS; assumed to depend on the 8259 tick like SeaBIOS (not verified in source).',
  bootsExplanation: 'ROMBIOS boots the guest (normal Xen path, xAPIC virtual wire set up by hvmloader).',
  onGp: { policy: 'fatal', explanation: 'ROMBIOS does not expect a #GP.', confidence: 'low' },
  bsp: [
    { op: 'io-out', port: 0x20, value: 0x11, why: '8259 initialisation' },
    {
      op: 'wait-irq',
      source: 'pic',
      why: 'BIOS timer services (assumed)',
      waitingFor: 'PIT IRQ0 through the 8259 (BIOS tick) - assumed, not read in ROMBIOS source',
      confidence: 'low',
      explanation:
        'Inferred, not verified in ROMBIOS source: as a legacy BIOS it is expected to need the 8259 timer tick, which Xen cannot deliver while the BSP LAPIC is software-disabled with LVT0 masked (hvmloader\'s xAPIC MMIO set-up was lost in x2APIC mode). Treat as a likely hang of the same kind as SeaBIOS.',
    },
  ],
};
