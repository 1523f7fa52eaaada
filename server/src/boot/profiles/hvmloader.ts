/**
 * Xen's hvmloader (runs first in every HVM guest, before SeaBIOS/ROMBIOS/OVMF).
 * Three generations of tools/firmware/hvmloader/smp.c:
 * - Xen <= 4.18: xAPIC MMIO INIT/SIPI with unbounded ICR delivery-status and call-in polls.
 * - Xen 4.19 and 4.20: VCPUOP hypercalls (commit 752ec9a9b1, "Wake APs with hypercalls rather
 *   than INIT+SIPI+SIPI", first in 4.19); no CPUID read at all.
 * - Xen >= 4.21: every CPU also reads its own APIC ID with CPUID (read_apic_id: leaf 0xB when
 *   x2APIC is offered, else leaf 1), commit 9ad0db58c7, first in 4.21.
 */
import type { BootProfile, Step } from '../types';
import { CPUID1_ECX_X2APIC, ICR, MMIO, bit } from './common';

const SETUP_MTRR = 0x2ff; // IA32_MTRR_DEF_TYPE: cacheattr set-up, outside the APIC model

/** read_apic_id (Xen >= 4.21): has_x2apic was decided once on the BSP by smp_initialise. */
const readApicId = (why: string): Step => ({
  op: 'if',
  cond: bit('x2', 1n),
  then: [{ op: 'cpuid', leaf: 0xb, why: `${why}: read_apic_id` }],
  else: [{ op: 'cpuid', leaf: 1, why: `${why}: read_apic_id (no x2APIC)` }],
});

const waitReady = (explanation: string): Step => ({
  op: 'poll',
  until: { mmio: MMIO.ICR, mask: 0x1000, eq: 0 },
  waitingFor: 'ICR delivery status idle (lapic_wait_ready)',
  why: 'lapic_wait_ready',
  explanation,
});
const NEVER_IDLE = 'ICR delivery-status poll never ends (unclaimed MMIO reads all ones).';

export const hvmloader: BootProfile = {
  id: 'hvmloader',
  name: 'hvmloader',
  kind: 'loader',
  guestTypes: ['hvm'],
  confidence: 'high',
  bootConfidence: 'high',
  citations: [
    'xen: tools/firmware/hvmloader/hvmloader.c: main, apic_setup',
    'xen: tools/firmware/hvmloader/smp.c: smp_initialise, boot_cpu, cpu_setup, read_apic_id (4.21+, 9ad0db58c7)',
    'xen 4.19-4.20 (752ec9a9b1): tools/firmware/hvmloader/smp.c: smp_initialise, boot_cpu, cpu_setup',
    'xen <= 4.18: tools/firmware/hvmloader/smp.c: boot_cpu, lapic_wait_ready, ap_start',
    'xen: xen/arch/x86/hvm/vlapic.c: vlapic_range',
  ],
  summary:
    'Starts each AP once to record its APIC ID, then programs the BSP LAPIC (SVR, LINT0, LINT1) and IOAPIC pin 0 for virtual-wire mode, always through the xAPIC MMIO page.',
  bootsExplanation: 'hvmloader completed.',
  onGp: { policy: 'fatal', explanation: 'hvmloader has no #GP handler.', confidence: 'medium' },
  bsp: [
    {
      op: 'if',
      cond: { setup: 'xen>=4.21' },
      then: [
        { op: 'cpuid', leaf: 0, save: { eax: 'maxLeaf' }, why: 'smp_initialise' },
        { op: 'set', var: 'x2', value: 0n },
        {
          op: 'if',
          cond: { var: 'maxLeaf', atLeast: 0xbn },
          then: [
            { op: 'cpuid', leaf: 1, save: { ecx: 'c1' }, why: 'smp_initialise: x2APIC supported?' },
            { op: 'if', cond: bit('c1', CPUID1_ECX_X2APIC), then: [{ op: 'set', var: 'x2', value: 1n }] },
          ],
        },
        readApicId('cpu_setup(0)'),
      ],
    },
    { op: 'wrmsr', msr: SETUP_MTRR, value: 0xc06n, why: 'cpu_setup(0): cacheattr_init' },
    {
      op: 'if',
      cond: { setup: 'xen>=4.19' },
      then: [
        {
          op: 'for-each-ap',
          steps: [
            { op: 'hypercall', name: 'VCPUOP_initialise', effect: 'vcpu-initialise', why: 'boot_cpu' },
            { op: 'hypercall', name: 'VCPUOP_up', effect: 'vcpu-up', why: 'boot_cpu' },
            {
              op: 'poll',
              until: 'ap-callin',
              waitingFor: 'AP call-in flag (ap_callin)',
              explanation: 'An AP started with VCPUOP_up never reported in; hvmloader waits forever.',
            },
            { op: 'hypercall', name: 'VCPUOP_down', effect: 'vcpu-down', why: 'boot_cpu: park the AP' },
          ],
        },
      ],
      else: [
        {
          op: 'for-each-ap',
          steps: [
            waitReady(
              'hvmloader (Xen <= 4.18) spins on the xAPIC ICR delivery-status bit with no bound. The vCPU is in x2APIC mode, so the load is not served by the vLAPIC and reads all ones: bit 12 never clears.',
            ),
            { op: 'icr', via: 'mmio', low: 0x500, dest: 'target', why: 'boot_cpu: INIT' },
            waitReady(NEVER_IDLE),
            { op: 'icr', via: 'mmio', low: 0x601, dest: 'target', why: 'boot_cpu: SIPI vector 0x01' },
            waitReady(NEVER_IDLE),
            { op: 'icr', via: 'mmio', low: 0x601, dest: 'target', why: 'boot_cpu: second SIPI' },
            waitReady(NEVER_IDLE),
            {
              op: 'poll',
              until: 'ap-callin',
              waitingFor: 'AP call-in flag (ap_callin)',
              explanation:
                'hvmloader (Xen <= 4.18) sent INIT/SIPI by storing to the xAPIC ICR, but in x2APIC mode those stores never reach the vLAPIC, so no AP starts and the unbounded call-in wait never ends.',
            },
            { op: 'icr', via: 'mmio', low: 0x500, dest: 'target', why: 'boot_cpu: INIT again to park the AP' },
            waitReady(NEVER_IDLE),
          ],
        },
      ],
    },
    { op: 'ioapic-pin0-extint', why: 'apic_setup' },
    { op: 'mmio-write', reg: MMIO.SVR, value: 0x1ffn, why: 'apic_setup: software-enable, spurious vector 0xFF' },
    { op: 'mmio-write', reg: MMIO.LVT0, value: 0x10700n, why: 'apic_setup: LINT0 ExtINT (masked)' },
    { op: 'mmio-write', reg: MMIO.LVT1, value: 0x400n, why: 'apic_setup: LINT1 NMI' },
    { op: 'note', text: 'MP table and ACPI MADT built (local APIC at 0xFEE00000, IDs 2n); jump to the firmware' },
  ],
  ap: [
    { op: 'if', cond: { setup: 'xen>=4.21' }, then: [readApicId('cpu_setup')] },
    { op: 'wrmsr', msr: SETUP_MTRR, value: 0xc06n, why: 'cacheattr_init' },
    { op: 'callin', why: 'ap_callin = 1, then HLT loop' },
  ],
};

export { ICR };
