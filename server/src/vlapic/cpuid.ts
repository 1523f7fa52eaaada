/**
 * CPUID leaves and feature MSRs an HVM/PVH guest reads when deciding how to drive its APIC.
 * xen/arch/x86/cpuid.c: guest_cpuid (dynamic fix-ups), xen/arch/x86/cpu-policy.c
 * (calculate_hvm_max_policy forces x2APIC into the HVM max policy),
 * xen/include/public/arch-x86/cpufeatureset.h.
 */
import { x2apicIdOf } from './x2apicId';
import type { HostVendor } from '../guest';

export interface CpuidPolicy {
  /** CPUID.1:ECX[21]; default on for HVM/PVH, cleared by cpuid="host,x2apic=0". */
  readonly x2apic: boolean;
  readonly hostVendor: HostVendor;
  /**
   * The x2APIC lock is advertised (design xapic-disable-status on an Intel host, flag on):
   * ARCH_CAPABILITIES.XAPIC_DISABLE_STATUS set and MSR 0xBD emulated. See design.ts.
   */
  readonly lockAdvertised?: boolean;
}

export interface CpuidRegs {
  eax: number;
  ebx: number;
  ecx: number;
  edx: number;
}

export const CPUID1_ECX_X2APIC = 1 << 21;
export const CPUID1_EDX_APIC = 1 << 9;
export const CPUID1_EDX_HTT = 1 << 28;
export const CPUID7_EDX_ARCH_CAPS = 1 << 29;
/** Guest basic leaves stop at 0xD (min(host, 0xD)); assumes a host with max leaf >= 0xD. */
export const GUEST_MAX_BASIC_LEAF = 0xd;

export const MSR_ARCH_CAPABILITIES = 0x10a;
export const ARCH_CAPS_XAPIC_DISABLE = 1n << 21n;
export const MSR_XAPIC_DISABLE_STATUS = 0xbd;
/** IA32_XAPIC_DISABLE_STATUS bit 0: the APIC is locked in x2APIC mode. */
export const LEGACY_XAPIC_DISABLED = 1n;

/**
 * Guest view of one leaf for vCPU `vcpu`. Only the APIC-relevant bits are modelled; other
 * bits read 0. Writes into `out` when given, to avoid allocation in hot loops.
 */
export function guestCpuid(
  leaf: number,
  subleaf: number,
  vcpu: number,
  hwDisabled: boolean,
  policy: CpuidPolicy,
  out: CpuidRegs = { eax: 0, ebx: 0, ecx: 0, edx: 0 },
): CpuidRegs {
  out.eax = out.ebx = out.ecx = out.edx = 0;
  if (leaf >= 0x40000000 && leaf < 0x40010000) {
    if ((leaf & 0xff) === 0) {
      out.eax = 0x40000005; // "XenVMMXenVMM" signature leaf; max hypervisor leaf
      out.ebx = 0x566e6558;
      out.ecx = 0x65584d4d;
      out.edx = 0x4d4d566e;
    } else if ((leaf & 0xff) === 4) {
      out.ebx = vcpu; // HVM features leaf: EBX = vCPU id (cpuid.c: cpuid_hypervisor_leaves)
    }
    return out;
  }
  if (leaf > GUEST_MAX_BASIC_LEAF && leaf < 0x80000000) return out; // e.g. 0x1F: zeros
  switch (leaf) {
    case 0:
      out.eax = GUEST_MAX_BASIC_LEAF;
      break;
    case 1:
      // Initial APIC ID 2n filled in dynamically (cpuid.c: guest_cpuid); HTT forced on.
      out.ebx = ((x2apicIdOf(vcpu) & 0xff) << 24) >>> 0;
      out.ecx = policy.x2apic ? CPUID1_ECX_X2APIC : 0;
      // APIC bit cleared while the vLAPIC is HW-disabled (cpuid.c: guest_cpuid).
      out.edx = CPUID1_EDX_HTT | (hwDisabled ? 0 : CPUID1_EDX_APIC);
      break;
    case 7:
      // ARCH_CAPS is offered on Intel hosts only (cpu-policy.c: guest_common_max_feature_adjustments).
      if (subleaf === 0 && policy.hostVendor === 'intel') out.edx = CPUID7_EDX_ARCH_CAPS;
      break;
    case 0xb:
      // Topology zeroed; only the x2APIC ID (EDX) and the sub-leaf echo (ECX[7:0]) are filled,
      // and only when the policy has x2APIC. cpuid.c: guest_cpuid
      if (policy.x2apic) {
        out.ecx = subleaf & 0xff;
        out.edx = x2apicIdOf(vcpu);
      }
      break;
  }
  return out;
}

/**
 * RDMSR of IA32_ARCH_CAPABILITIES. Xen's XAPIC_STATUS (bit 21) has no guest-visibility attribute
 * in cpufeatureset.h, so it reads 0, unless the xapic-disable-status design advertises the lock.
 * The MSR is absent on AMD (-> #GP, undefined).
 */
export function readArchCapabilities(policy: CpuidPolicy): bigint | undefined {
  if (policy.hostVendor !== 'intel') return undefined;
  return policy.lockAdvertised ? ARCH_CAPS_XAPIC_DISABLE : 0n;
}

/**
 * IA32_XAPIC_DISABLE_STATUS (0xBD): not emulated by Xen (RDMSR -> #GP); the xapic-disable-status
 * design emulates it with LEGACY_XAPIC_DISABLED set.
 */
export function readXapicDisableStatus(policy: CpuidPolicy): bigint | undefined {
  return policy.lockAdvertised ? LEGACY_XAPIC_DISABLED : undefined;
}
