/**
 * APIC IDs and the x2APIC logical destination register (LDR).
 *
 * Xen gives vCPU n the APIC ID 2n in both modes (vlapic.c: vlapic_reset writes (2n)<<24 in
 * xAPIC format, set_x2apic_id writes 2n in x2APIC format). The LDR follows the SDM formula
 * applied to the ID (vlapic.c: x2apic_ldr_from_id), unless the domain carries the
 * bug_x2apic_ldr_vcpu_id restore quirk, in which case pre-4.19 Xen's derivation from the
 * vCPU number is kept (vlapic.c: set_x2apic_id, lapic_load_fixup).
 */

/** x2APIC ID of vCPU n. vlapic.c: set_x2apic_id */
export function x2apicIdOf(vcpu: number): number {
  return (vcpu * 2) >>> 0;
}

/** ID register value in xAPIC format: 8-bit ID in bits 31:24. vlapic.c: vlapic_reset */
export function xapicIdRegisterOf(vcpu: number): number {
  return ((vcpu * 2) << 24) >>> 0;
}

/** cluster = ID >> 4 in bits 31:16, one bit 1 << (ID & 0xF) in bits 15:0. vlapic.c: x2apic_ldr_from_id */
export function x2apicLdrFromId(id: number): number {
  return (((id >>> 4) << 16) | (1 << (id & 0xf))) >>> 0;
}

/**
 * LDR Xen programs for vCPU n in x2APIC mode. With the quirk the vCPU number stands in for
 * the ID (16 vCPUs per cluster); otherwise IDs are 2n so a cluster holds 8 vCPUs.
 */
export function x2apicLdrOf(vcpu: number, bugX2apicLdrVcpuId = false): number {
  return x2apicLdrFromId(bugX2apicLdrVcpuId ? vcpu : x2apicIdOf(vcpu));
}

export function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}
