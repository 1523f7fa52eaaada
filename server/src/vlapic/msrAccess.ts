/**
 * x2APIC MSR interface, MSRs 0x800-0x8FF = 0x800 + (xAPIC offset >> 4).
 * xen/arch/x86/hvm/vlapic.c: guest_rdmsr_x2apic, guest_wrmsr_x2apic (dispatched from
 * xen/arch/x86/msr.c: guest_rdmsr/guest_wrmsr). Both #GP unless the vCPU is in x2APIC mode.
 */
import type { Vlapic } from './registers';
import {
  APIC_CMCI,
  APIC_EOI,
  APIC_ESR,
  APIC_ICR,
  APIC_ICR2,
  APIC_LVT0,
  APIC_LVT1,
  APIC_LVTERR,
  APIC_LVTPC,
  APIC_LVTT,
  APIC_LVTTHMR,
  APIC_SELF_IPI,
  APIC_SPIV,
  APIC_TASKPRI,
  APIC_TDCR,
  APIC_TMICT,
  RegWriteEffect,
  vlapicRegRead,
  vlapicRegWrite,
} from './registers';

const REG_WRITE_EOI = RegWriteEffect.Eoi;
/** ICR shorthand "self" (apicdef.h: APIC_DEST_SELF). */
const ICR_DEST_SELF = 0x40000;

export const MSR_X2APIC_FIRST = 0x800;
export const MSR_X2APIC_LAST = 0x8ff;
export const MSR_X2APIC_ICR = 0x830;
export const MSR_X2APIC_EOI = 0x80b;
export const MSR_X2APIC_SELF_IPI = 0x83f;

export function isX2apicMsr(msr: number): boolean {
  return msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST;
}

/**
 * Readable registers, indexed by MSR - 0x800 (0x00-0x3F). vlapic.c: guest_rdmsr_x2apic
 * (REG() bitmap): ID, version, TPR, PPR, LDR, SVR, ISR/TMR/IRR, ESR, CMCI, ICR, the six
 * LVTs, TMICT, TMCCT, TDCR. EOI and SELF_IPI are write-only; DFR and ICR2 do not exist.
 */
const READABLE = (() => {
  const r = new Uint8Array(0x40);
  for (const i of [0x02, 0x03, 0x08, 0x0a, 0x0d, 0x0f, 0x28, 0x2f, 0x30, 0x38, 0x39, 0x3e]) r[i] = 1;
  for (let i = 0x10; i <= 0x27; i++) r[i] = 1;
  for (let i = 0x32; i <= 0x37; i++) r[i] = 1;
  return r;
})();

export function isReadableX2apicMsr(msr: number): boolean {
  const i = msr - MSR_X2APIC_FIRST;
  return i >= 0 && i < 0x40 && READABLE[i] === 1;
}

/** Read an x2APIC MSR; `undefined` means #GP. */
export function x2apicRdmsr(v: Vlapic, msr: number): bigint | undefined {
  if (!v.x2apicMode || !isReadableX2apicMsr(msr)) return undefined;
  const offset = (msr - MSR_X2APIC_FIRST) << 4;
  if (offset === APIC_ICR) {
    // 64-bit: destination (ICR2 holds all 32 bits in x2APIC mode) in 63:32.
    return (BigInt(v.get(APIC_ICR2)) << 32n) | BigInt(v.get(APIC_ICR));
  }
  return BigInt(vlapicRegRead(v, offset));
}

/**
 * Bits a guest may set per writable MSR. vlapic.c: guest_wrmsr_x2apic. Any other bit -> #GP.
 * SVR bit 12 (EOI-broadcast suppression) is not allowed because the version register does
 * not advertise it. TMICT is special: no check, upper half silently dropped.
 */
const WRITE_MASK: ReadonlyMap<number, bigint> = new Map<number, bigint>([
  [APIC_TASKPRI, 0xffn],
  [APIC_EOI, 0n],
  [APIC_SPIV, 0x3ffn],
  [APIC_ESR, 0n],
  [APIC_CMCI, 0x000117ffn],
  [APIC_ICR, 0xffff_ffff_000c_cfffn],
  [APIC_LVTT, 0x000710ffn],
  [APIC_LVTTHMR, 0x000117ffn],
  [APIC_LVTPC, 0x000117ffn],
  [APIC_LVT0, 0x0001f7ffn],
  [APIC_LVT1, 0x0001f7ffn],
  [APIC_LVTERR, 0x000110ffn],
  [APIC_TDCR, 0xbn],
  [APIC_SELF_IPI, 0xffn],
]);

/** Bits that must be clear, per register slot (offset >> 4); undefined = not writable. */
const MUST_BE_ZERO: ReadonlyArray<bigint | undefined> = (() => {
  const a = new Array<bigint | undefined>(0x40).fill(undefined);
  for (const [offset, mask] of WRITE_MASK) a[offset >>> 4] = ~mask;
  return a;
})();

export const enum X2apicWriteResult {
  Gp = 0,
  Ok = 1,
  /** ICR (or SELF_IPI, which writes ICR) written: the caller sends the IPI. */
  SendIpi = 2,
  Eoi = 4,
}

/** Write an x2APIC MSR with the guest's 64-bit value. */
export function x2apicWrmsr(v: Vlapic, msr: number, value: bigint): X2apicWriteResult {
  if (!v.x2apicMode || !isX2apicMsr(msr)) return X2apicWriteResult.Gp;
  const offset = (msr - MSR_X2APIC_FIRST) << 4;
  const lo = Number(value & 0xffff_ffffn);
  if (offset === APIC_TMICT) {
    vlapicRegWrite(v, APIC_TMICT, lo); // bits 63:32 dropped, no #GP (Xen deviation)
    return X2apicWriteResult.Ok;
  }
  const mbz = MUST_BE_ZERO[offset >>> 4];
  if (mbz === undefined || (value & mbz) !== 0n) return X2apicWriteResult.Gp;
  switch (offset) {
    case APIC_CMCI:
      return X2apicWriteResult.Ok; // accepted and discarded; reads stay 0
    case APIC_SELF_IPI:
      // An ICR write of a fixed IPI to self: ICR low is overwritten and the IPI takes the ICR
      // path (illegal vectors become a send error). vlapic.c: guest_wrmsr_x2apic (APIC_SELF_IPI)
      vlapicRegWrite(v, APIC_ICR, ICR_DEST_SELF | (lo & 0xff));
      return X2apicWriteResult.SendIpi;
    case APIC_ICR:
      v.set(APIC_ICR2, Number(value >> 32n));
      vlapicRegWrite(v, APIC_ICR, lo);
      return X2apicWriteResult.SendIpi;
  }
  const eff = vlapicRegWrite(v, offset, lo);
  return eff === REG_WRITE_EOI ? X2apicWriteResult.Eoi : X2apicWriteResult.Ok;
}
