import type { HostVendor } from '../guest';
/**
 * The ways Xen could lock a domain's local APICs in x2APIC mode that the RFC's reviewers weighed
 * (xen-devel, "[RFC PATCH for-4.22] x86/hvm: Introduce force_x2apic flag", Oct-Nov 2025). Each
 * design starts every vCPU in x2APIC mode and makes a write that clears EXTD fault; they differ
 * in what the guest can learn about the lock.
 */
export type Design = 'rfc' | 'xapic-disable-status';

export const DESIGNS: readonly Design[] = ['rfc', 'xapic-disable-status'];

export const DEFAULT_DESIGN: Design = 'rfc';

export function isDesign(s: unknown): s is Design {
  return typeof s === 'string' && (DESIGNS as readonly string[]).includes(s);
}

/** One line per design, for settings, completion and the preview's picker. */
export const DESIGN_SUMMARY: Readonly<Record<Design, string>> = {
  rfc: 'The patch as posted: EXTD set at reset, #GP on a write that clears it, nothing advertised.',
  'xapic-disable-status':
    "The reviewers' MSR route: Xen emulates IA32_XAPIC_DISABLE_STATUS (MSR 0xBD, LEGACY_XAPIC_DISABLED) and advertises it in IA32_ARCH_CAPABILITIES bit 21 on Intel hosts.",
};

/**
 * Whether the guest can discover the lock: only the MSR design, only on Intel (AMD has no
 * IA32_ARCH_CAPABILITIES; cpu-policy.c offers ARCH_CAPS to guests on Intel hosts only), and only
 * while the domain is locked. Modelling choice: with the flag off there is no lock to report, so
 * bit 21 and MSR 0xBD are not offered.
 */
export function lockAdvertised(design: Design, hostVendor: HostVendor, forceX2apic: boolean): boolean {
  return design === 'xapic-disable-status' && hostVendor === 'intel' && forceX2apic;
}
