/**
 * The xAPIC MMIO page (default 0xFEE00000).
 *
 * The vLAPIC claims an access only for a vCPU in xAPIC mode, within 4 KiB of that vCPU's
 * base (xen/arch/x86/hvm/vlapic.c: vlapic_range), so in x2APIC mode or HW-disabled the
 * access goes elsewhere. Where it goes depends on the host and the device model
 * (vlapic-model.md section 4.2); that is a parameter here, with a default chooser.
 */
import type { Vlapic } from './registers';
import { APIC_BASE_ADDR_MASK } from './apicBase';
import { APIC_EOI, APIC_ICR, APIC_TDCR, RegWriteEffect, vlapicEoi, vlapicRegRead, vlapicRegWrite } from './registers';
import type { GuestType, HostVendor } from '../guest';

const REG_WRITE_NONE = RegWriteEffect.None;

export const APIC_MMIO_DEFAULT = 0xfee0_0000;
export const APIC_MMIO_SIZE = 0x1000;

/**
 * Who answers an APIC MMIO access the vLAPIC did not claim:
 * - sink-page: Intel with APIC-access virtualisation + x2APIC virtualisation. The per-domain
 *   APIC access page stays mapped (vmx.c: domain_creation_finished) and, with access
 *   virtualisation off (vmx.c: vmx_vlapic_msr_changed), behaves as RAM shared by all vCPUs
 *   (XSA-412 fix commit 3b5beaf490).
 * - intercepted: Intel with APIC-access virtualisation but no x2APIC virtualisation: the
 *   access exits; a write at 0xB0 is still an EOI (vmx.c: vmx_handle_eoi_write); the rest
 *   falls through to the null handler.
 * - all-ones: no mapping and no ioreq server: emulate.c: null_read/null_write.
 * - qemu-stub: QEMU's Xen APIC stub (qemu hw/i386/xen/xen_apic.c): reads all ones, a 4-byte
 *   write becomes an MSI injection attempt (offset as address, value as data). Whether QEMU's
 *   range reaches Xen was not verified (low-medium confidence).
 */
export type MmioBackendKind = 'sink-page' | 'intercepted' | 'all-ones' | 'qemu-stub';

/**
 * Default backend. Intel hosts are assumed to have APICv with x2APIC virtualisation (the
 * common modern case) -> sink page, for HVM and PVH alike. Without APIC-access
 * virtualisation (AMD: Xen has no AVIC; unknown vendor treated the same) the access reaches
 * emulation: an HVM guest has QEMU, a PVH guest has no device model -> null handler.
 */
export function defaultMmioBackend(vendor: HostVendor, type: GuestType): MmioBackendKind {
  if (vendor === 'intel') return 'sink-page';
  return type === 'hvm' ? 'qemu-stub' : 'all-ones';
}

/** vlapic.c: vlapic_range, evaluated against the accessing vCPU. */
export function vlapicClaims(v: Vlapic, addr: number): boolean {
  if (!v.xapicMode) return false;
  const base = Number(v.apicBase & APIC_BASE_ADDR_MASK);
  return addr >= base && addr < base + APIC_MMIO_SIZE;
}

/**
 * Claimed read. vlapic.c: vlapic_mmio_read - only dword-contained accesses at offset <= TDCR
 * are served; everything else reads 0. Sub-dword reads are not modelled (callers use 4 bytes).
 */
export function vlapicMmioRead(v: Vlapic, offset: number): number {
  if (offset > APIC_TDCR || (offset & 0xf) !== 0) return 0;
  return vlapicRegRead(v, offset);
}

/** Claimed write. vlapic.c: vlapic_mmio_write -> vlapic_reg_write. */
export function vlapicMmioWrite(v: Vlapic, offset: number, value: number): RegWriteEffect {
  if (offset > APIC_TDCR || (offset & 0xf) !== 0) return REG_WRITE_NONE;
  return vlapicRegWrite(v, offset, value);
}

export const enum UnclaimedWrite {
  Dropped = 0,
  /** Stored in the shared sink page; no vLAPIC effect. */
  Stored = 1,
  /** Intercepted EOI honoured by the vLAPIC of the accessing vCPU. */
  Eoi = 2,
  /** QEMU stub turned it into an MSI injection attempt. */
  Msi = 3,
}

/** One per domain: the sink page is shared by every vCPU. */
export class UnclaimedApicMmio {
  /** Sink-page contents, allocated on the first store (most boots never make one); reads 0 until then. */
  private page: Uint32Array | undefined;
  constructor(readonly kind: MmioBackendKind) {}
  read(offset: number): number {
    if (this.kind === 'sink-page') return this.page ? this.page[(offset & 0xfff) >>> 2] : 0;
    return 0xffffffff;
  }
  write(v: Vlapic, offset: number, value: number): UnclaimedWrite {
    switch (this.kind) {
      case 'sink-page':
        (this.page ??= new Uint32Array(APIC_MMIO_SIZE / 4))[(offset & 0xfff) >>> 2] = value >>> 0;
        return UnclaimedWrite.Stored;
      case 'intercepted':
        if (offset === APIC_EOI) {
          vlapicEoi(v);
          return UnclaimedWrite.Eoi;
        }
        return UnclaimedWrite.Dropped;
      case 'qemu-stub':
        return UnclaimedWrite.Msi;
      default:
        return UnclaimedWrite.Dropped;
    }
  }
}

/** The delivery-status bit an xAPIC guest polls in ICR low. */
export const ICR_DELIVERY_STATUS = 0x1000;
export { APIC_ICR };
