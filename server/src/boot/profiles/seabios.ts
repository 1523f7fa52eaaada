/**
 * SeaBIOS as Xen builds it (tools/firmware/seabios-config: CONFIG_XEN, CONFIG_BOOTMENU).
 * On Xen it never touches the local APIC (qemu_platform_setup returns early when
 * runningOnXen(), so smp_setup/mptable_setup do not run); what matters is that its boot-menu
 * wait halts until the PIT tick arrives through the 8259.
 */
import type { BootProfile } from '../types';

export const seabios: BootProfile = {
  id: 'seabios',
  name: 'SeaBIOS',
  kind: 'firmware',
  guestTypes: ['hvm'],
  confidence: 'medium',
  bootConfidence: 'high',
  citations: [
    'seabios: src/fw/paravirt.c: qemu_platform_setup',
    'seabios: src/boot.c: interactive_bootmenu, get_keystroke_full',
    'seabios: src/stacks.c: yield_toirq, wait_irq',
    'seabios: src/clock.c: clock_setup',
    'xen: tools/firmware/seabios-config',
    'xen: xen/arch/x86/hvm/vlapic.c: vlapic_accept_pic_intr, __vlapic_accept_pic_intr',
    'xen: xen/arch/x86/hvm/irq.c: hvm_vcpu_has_pending_irq',
  ],
  summary: 'No LAPIC access on Xen; waits for the 8259 timer tick at the boot menu.',
  bootsExplanation:
    'SeaBIOS boots the guest; on Xen it relies on hvmloader having put the BSP LAPIC in virtual-wire mode.',
  onGp: { policy: 'fatal', explanation: 'SeaBIOS does not expect a #GP.', confidence: 'low' },
  bsp: [
    { op: 'cpuid', leaf: 0x40000000, why: 'xen_preinit: hypervisor signature' },
    { op: 'io-out', port: 0x20, value: 0x11, why: 'pic_setup: 8259 ICW1' },
    { op: 'io-out', port: 0xa0, value: 0x11, why: 'pic_setup: slave ICW1' },
    { op: 'wrmsr', msr: 0x40000000, value: 0n, why: 'Xen hypercall page (outside the APIC model)' },
    { op: 'io-out', port: 0x43, value: 0x34, why: 'clock_setup: PIT channel 0 periodic' },
    { op: 'io-out', port: 0x21, value: 0xb8, why: 'clock_setup: unmask IRQ0 (and cascade)' },
    {
      op: 'wait-irq',
      source: 'pic',
      why: 'interactive_bootmenu -> get_keystroke -> wait_irq (sti; hlt)',
      waitingFor: 'PIT IRQ0 through the 8259 (BIOS tick), at "Press ESC for boot menu."',
      confidence: 'medium',
      explanation:
        'SeaBIOS halts waiting for the BIOS timer tick at the boot menu. Xen passes an 8259 interrupt to vCPU 0 only while its LAPIC is enabled in hardware, and then only through IOAPIC pin 0 (ExtINT) when the LAPIC is also software-enabled, or through an unmasked ExtINT LVT0. The BSP LAPIC is still software-disabled with LVT0 masked, because hvmloader programmed it through the xAPIC MMIO page while it was in x2APIC mode, so the tick (and keyboard IRQ1) never arrives and SeaBIOS stops after printing the boot-menu prompt. No #GP is involved.',
    },
    { op: 'note', text: 'boot menu times out; INT 19h boot' },
  ],
};
