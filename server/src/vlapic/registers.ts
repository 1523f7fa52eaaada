/**
 * The per-vCPU vLAPIC: register page, enable flags, reset and INIT.
 *
 * Register offsets are the xAPIC MMIO offsets (xen/arch/x86/include/asm/apicdef.h); the
 * page is stored as 64 32-bit slots (offset >> 4), which covers 0x000-0x3F0, the part Xen
 * saves (save.h: LAPIC_REGS). Timers are not modelled in time: no simulated clock advances, so
 * an armed timer never expires and TMCCT reads back the initial count.
 */
import type { ApicMode } from './apicBase';
import { apicModeOf, resetApicBaseValue } from './apicBase';
import { x2apicIdOf, x2apicLdrOf, xapicIdRegisterOf } from './x2apicId';

export const APIC_ID = 0x020;
export const APIC_LVR = 0x030;
export const APIC_TASKPRI = 0x080;
export const APIC_ARBPRI = 0x090;
export const APIC_PROCPRI = 0x0a0;
export const APIC_EOI = 0x0b0;
export const APIC_RRR = 0x0c0;
export const APIC_LDR = 0x0d0;
export const APIC_DFR = 0x0e0;
export const APIC_SPIV = 0x0f0;
export const APIC_ISR = 0x100;
export const APIC_TMR = 0x180;
export const APIC_IRR = 0x200;
export const APIC_ESR = 0x280;
export const APIC_CMCI = 0x2f0;
export const APIC_ICR = 0x300;
export const APIC_ICR2 = 0x310;
export const APIC_LVTT = 0x320;
export const APIC_LVTTHMR = 0x330;
export const APIC_LVTPC = 0x340;
export const APIC_LVT0 = 0x350;
export const APIC_LVT1 = 0x360;
export const APIC_LVTERR = 0x370;
export const APIC_TMICT = 0x380;
export const APIC_TMCCT = 0x390;
export const APIC_TDCR = 0x3e0;
export const APIC_SELF_IPI = 0x3f0;

/** Version 0x14, Max LVT Entry 5 (six LVTs), no EOI-broadcast suppression (bit 24). vlapic.c: vlapic_do_init */
export const VLAPIC_VERSION = 0x00050014;
export const APIC_LVT_MASKED = 0x0001_0000;
export const APIC_SPIV_APIC_ENABLED = 0x100;
export const APIC_ESR_SEND_ILLEGAL_VECTOR = 0x20;
export const APIC_ESR_RECV_ILLEGAL_VECTOR = 0x40;
/** Vectors 0-15 are reserved: vlapic.h APIC_VECTOR_VALID. */
export const APIC_FIRST_VALID_VECTOR = 16;

/** Flags of struct vlapic.hw.disabled (asm/hvm/vlapic.h). */
export const VLAPIC_HW_DISABLED = 0x1;
export const VLAPIC_SW_DISABLED = 0x2;

/** The six LVTs in register order, and the bits each keeps on write (vlapic.c: vlapic_lvt_mask). */
export const LVT_OFFSETS = [APIC_LVTT, APIC_LVTTHMR, APIC_LVTPC, APIC_LVT0, APIC_LVT1, APIC_LVTERR] as const;
export const LVT_WRITE_MASK: Readonly<Record<number, number>> = {
  [APIC_LVTT]: 0x000710ff,
  [APIC_LVTTHMR]: 0x000117ff,
  [APIC_LVTPC]: 0x000117ff,
  [APIC_LVT0]: 0x0001f7ff,
  [APIC_LVT1]: 0x0001f7ff,
  [APIC_LVTERR]: 0x000110ff,
};
const LVTT_MODE_SHIFT = 17;
/** LVTT timer modes (apicdef.h: APIC_TIMER_MODE_*); 3 is reserved. */
export const LVTT_ONESHOT = 0;
export const LVTT_PERIODIC = 1;
export const LVTT_TSC_DEADLINE = 2;
export function lvttMode(v: Vlapic): number {
  return (v.get(APIC_LVTT) >>> LVTT_MODE_SHIFT) & 3;
}
/** vlapic.c: vlapic_lvtt_oneshot || vlapic_lvtt_period - the only modes that use TMICT. */
function countingMode(mode: number): boolean {
  return mode === LVTT_ONESHOT || mode === LVTT_PERIODIC;
}

/** Domain-wide settings the vLAPIC consults. */
export interface DomainApicConfig {
  readonly forceX2apic: boolean;
  readonly cpuidX2apic: boolean;
  readonly bugX2apicLdrVcpuId: boolean;
}

/**
 * Counts a domain's vCPUs whose APIC ID differs from Xen's default 2n. While it is 0, a
 * physical unicast IPI can only reach vCPU dest/2, so the sender need not scan every vCPU.
 */
export class ApicIdCensus {
  nonDefault = 0;
}

export class Vlapic {
  private base: bigint;
  // Plain fields, derived from `base` and the ID register and refreshed by their setters:
  // IPI destination matching reads them per target, so they must cost no more than a load.
  /** apicModeOf(apicBase). */
  mode: ApicMode;
  /** mode === 'x2apic'. */
  x2apicMode: boolean;
  /** VLAPIC_ID: whole ID register in x2APIC mode, bits 31:24 otherwise. */
  apicId = 0;
  /** Exact value RDMSR 0x1B returns. */
  get apicBase(): bigint {
    return this.base;
  }
  set apicBase(v: bigint) {
    this.base = v;
    this.mode = apicModeOf(v);
    this.x2apicMode = this.mode === 'x2apic';
    this.refreshId();
  }
  /** VLAPIC_HW_DISABLED | VLAPIC_SW_DISABLED. */
  disabled = 0;
  /** ESR errors accumulated since the last ESR write; survives reset and INIT. */
  pendingEsr = 0;
  timerDivisor = 2;
  /** hw.tdt_msr: IA32_TSC_DEADLINE shadow (MSR 0x6E0). */
  tdtMsr = 0n;
  /** A periodic_time is running (Xen: timer_last_update != 0); with no clock it never fires. */
  timerArmed = false;
  /** The register page; write the ID register only through set(), which keeps `apicId`. */
  readonly regs = new Uint32Array(64);

  constructor(
    readonly vcpu: number,
    apicBase: bigint,
    private readonly census?: ApicIdCensus,
  ) {
    this.base = apicBase;
    this.mode = apicModeOf(apicBase);
    this.x2apicMode = this.mode === 'x2apic';
    if (census && this.apicId !== x2apicIdOf(vcpu)) census.nonDefault++;
    this.refreshId();
  }

  /** vlapic.h: vlapic_xapic_mode - enabled in hardware and EXTD clear. */
  get xapicMode(): boolean {
    return !(this.disabled & VLAPIC_HW_DISABLED) && !this.x2apicMode;
  }
  get hwDisabled(): boolean {
    return (this.disabled & VLAPIC_HW_DISABLED) !== 0;
  }
  get swDisabled(): boolean {
    return (this.disabled & VLAPIC_SW_DISABLED) !== 0;
  }
  /** vlapic_enabled: neither HW- nor SW-disabled; required to accept fixed/lowest interrupts. */
  get enabled(): boolean {
    return this.disabled === 0;
  }
  get(offset: number): number {
    return this.regs[offset >>> 4];
  }
  set(offset: number, value: number): void {
    this.regs[offset >>> 4] = value >>> 0;
    if (offset === APIC_ID) this.refreshId();
  }

  /** Recompute `apicId` after the ID register or the mode changed, keeping the census. */
  private refreshId(): void {
    const reg = this.regs[APIC_ID >>> 4];
    const id = this.x2apicMode ? reg : reg >>> 24;
    if (id === this.apicId) return;
    const census = this.census;
    if (census) {
      const def = x2apicIdOf(this.vcpu);
      if (this.apicId === def) census.nonDefault++;
      else if (id === def) census.nonDefault--;
    }
    this.apicId = id;
  }
}

/** Create a vCPU's vLAPIC as vlapic_init does (zeroed page, then vlapic_reset). */
export function createVlapic(vcpu: number, dom: DomainApicConfig, census?: ApicIdCensus): Vlapic {
  const v = new Vlapic(vcpu, 0n, census);
  vlapicReset(v, dom);
  return v;
}

/**
 * x2APIC ID and LDR. vlapic.c: set_x2apic_id - runs on every accepted APIC_BASE write that
 * leaves EXTD set and, with the RFC, from vlapic_reset.
 */
export function setX2apicId(v: Vlapic, dom: DomainApicConfig): void {
  v.set(APIC_ID, x2apicIdOf(v.vcpu));
  v.set(APIC_LDR, x2apicLdrOf(v.vcpu, dom.bugX2apicLdrVcpuId));
}

/**
 * Full power-on reset. vlapic.c: vlapic_reset. Leaves the HW-disabled flag alone (the
 * APIC_BASE write path clears it itself) and ESR untouched.
 */
export function vlapicReset(v: Vlapic, dom: DomainApicConfig): void {
  v.apicBase = resetApicBaseValue(v.vcpu, dom.forceX2apic);
  if (dom.forceX2apic) {
    // RFC hunk: start in x2APIC format; do_init below then keeps the LDR.
    setX2apicId(v, dom);
  } else {
    v.set(APIC_ID, xapicIdRegisterOf(v.vcpu));
  }
  vlapicDoInit(v);
}

/**
 * INIT reset. vlapic.c: vlapic_do_init. Never touches APIC_BASE, the ID register, the
 * HW-disabled flag or ESR; the LDR is only cleared outside x2APIC mode (read-only there).
 */
export function vlapicDoInit(v: Vlapic): void {
  const r = v.regs;
  v.set(APIC_LVR, VLAPIC_VERSION);
  for (let i = APIC_ISR >>> 4; i < (APIC_IRR >>> 4) + 8; i++) r[i] = 0; // ISR, TMR, IRR
  v.set(APIC_ICR, 0);
  v.set(APIC_ICR2, 0);
  v.set(APIC_TASKPRI, 0);
  v.set(APIC_TMICT, 0);
  v.set(APIC_TMCCT, 0);
  v.set(APIC_TDCR, 0);
  v.timerDivisor = 2;
  v.timerArmed = false; // destroy_periodic_time
  if (!v.x2apicMode) v.set(APIC_LDR, 0);
  v.set(APIC_DFR, 0xffffffff);
  for (const off of LVT_OFFSETS) v.set(off, APIC_LVT_MASKED);
  v.set(APIC_SPIV, 0xff);
  v.disabled |= VLAPIC_SW_DISABLED;
}

/** TDCR decode. vlapic.c: vlapic_set_tdcr */
export function tdcrDivisor(tdcr: number): number {
  const k = (((tdcr & 3) | ((tdcr & 8) >>> 1)) + 1) & 7;
  return 1 << k;
}

/** Highest set vector in an 8-word bitmap starting at `base`, or -1. */
export function highestVector(v: Vlapic, base: number): number {
  const r = v.regs;
  const b = base >>> 4;
  for (let w = 7; w >= 0; w--) {
    const word = r[b + w];
    if (word !== 0) return w * 32 + (31 - Math.clz32(word));
  }
  return -1;
}

/** PPR from TPR and the highest in-service vector. vlapic.c: vlapic_get_ppr */
export function vlapicPpr(v: Vlapic): number {
  const tpr = v.get(APIC_TASKPRI);
  const isr = highestVector(v, APIC_ISR);
  const isrClass = isr < 0 ? 0 : isr & 0xf0;
  return (tpr & 0xf0) >= isrClass ? tpr & 0xff : isrClass;
}

/** Set a vector's bit in IRR/ISR/TMR. */
export function setVectorBit(v: Vlapic, base: number, vector: number, on: boolean): void {
  const i = (base >>> 4) + (vector >>> 5);
  const bit = 1 << (vector & 31);
  v.regs[i] = on ? (v.regs[i] | bit) >>> 0 : (v.regs[i] & ~bit) >>> 0;
}

/**
 * Record an APIC error. vlapic.c: vlapic_error - only a newly set bit acts: an unmasked LVTERR
 * with a valid vector is injected, an invalid one folds in "receive illegal vector" instead.
 */
export function vlapicError(v: Vlapic, bit: number): void {
  if (v.pendingEsr & bit) return;
  v.pendingEsr |= bit;
  const lvterr = v.get(APIC_LVTERR);
  if (lvterr & APIC_LVT_MASKED) return;
  if ((lvterr & 0xff) >= APIC_FIRST_VALID_VECTOR) vlapicSetIrq(v, lvterr & 0xff, false);
  else v.pendingEsr |= APIC_ESR_RECV_ILLEGAL_VECTOR;
}

/**
 * Make a vector pending in IRR (TMR per trigger mode). vlapic.c: vlapic_set_irq - an illegal
 * vector is an error of the receiving APIC; the enable state is the caller's to check.
 */
export function vlapicSetIrq(v: Vlapic, vector: number, level: boolean): void {
  if (vector < APIC_FIRST_VALID_VECTOR) {
    vlapicError(v, APIC_ESR_RECV_ILLEGAL_VECTOR);
    return;
  }
  setVectorBit(v, APIC_TMR, vector, level);
  setVectorBit(v, APIC_IRR, vector, true);
}

/** EOI: retire the highest in-service vector. vlapic.c: vlapic_EOI_set */
export function vlapicEoi(v: Vlapic): number {
  const vec = highestVector(v, APIC_ISR);
  if (vec >= 0) setVectorBit(v, APIC_ISR, vec, false);
  return vec;
}

/** What a register write asks the caller to do next. */
export const enum RegWriteEffect {
  None = 0,
  /** ICR low written: send the IPI described by ICR/ICR2. */
  SendIpi = 1,
  Eoi = 2,
}

/**
 * Common register write used by both MMIO and MSR paths (vlapic.c: vlapic_reg_write).
 * Callers have already applied interface-specific checks (MSR allowed masks, MMIO sizes).
 */
export function vlapicRegWrite(v: Vlapic, offset: number, value: number): RegWriteEffect {
  value >>>= 0;
  switch (offset) {
    case APIC_ID:
      v.set(APIC_ID, value); // xAPIC only: stored verbatim, all 32 bits
      return RegWriteEffect.None;
    case APIC_TASKPRI:
      v.set(APIC_TASKPRI, value & 0xff);
      return RegWriteEffect.None;
    case APIC_EOI:
      vlapicEoi(v);
      return RegWriteEffect.Eoi;
    case APIC_LDR:
      v.set(APIC_LDR, value & 0xff000000);
      return RegWriteEffect.None;
    case APIC_DFR:
      v.set(APIC_DFR, value | 0x0fffffff);
      return RegWriteEffect.None;
    case APIC_SPIV: {
      v.set(APIC_SPIV, value & 0x3ff);
      if (!(value & APIC_SPIV_APIC_ENABLED)) {
        // Software disable forces every LVT masked. vlapic.c: vlapic_reg_write (APIC_SPIV)
        for (const off of LVT_OFFSETS) v.set(off, v.get(off) | APIC_LVT_MASKED);
        v.disabled |= VLAPIC_SW_DISABLED;
      } else {
        v.disabled &= ~VLAPIC_SW_DISABLED; // LVTs stay masked until rewritten
      }
      return RegWriteEffect.None;
    }
    case APIC_ESR:
      v.set(APIC_ESR, v.pendingEsr);
      v.pendingEsr = 0;
      return RegWriteEffect.None;
    case APIC_ICR:
      v.set(APIC_ICR, value & ~0x1000); // delivery status always reads idle
      return RegWriteEffect.SendIpi;
    case APIC_ICR2:
      // xAPIC: only bits 31:24; the x2APIC MSR path stores the full destination itself.
      v.set(APIC_ICR2, value & 0xff000000);
      return RegWriteEffect.None;
    case APIC_LVTT:
    case APIC_LVTTHMR:
    case APIC_LVTPC:
    case APIC_LVT0:
    case APIC_LVT1:
    case APIC_LVTERR: {
      if (offset === APIC_LVTT) {
        const newMode = (value >>> LVTT_MODE_SHIFT) & 3;
        // Only entering or leaving TSC-deadline mode clears the counts; one-shot <-> periodic
        // keeps TMICT. vlapic.c: vlapic_reg_write (APIC_LVTT)
        if ((lvttMode(v) === LVTT_TSC_DEADLINE) !== (newMode === LVTT_TSC_DEADLINE)) {
          v.set(APIC_TMICT, 0);
          v.tdtMsr = 0n;
        }
        // vlapic_update_timer: a running count carries over into one-shot/periodic, else stops.
        if (!(countingMode(newMode) && v.timerArmed && v.get(APIC_TMICT) !== 0)) v.timerArmed = false;
      }
      let val = value & LVT_WRITE_MASK[offset];
      if (v.swDisabled) val |= APIC_LVT_MASKED;
      v.set(offset, val);
      return RegWriteEffect.None;
    }
    case APIC_TMICT:
      // Ignored unless the timer counts (one-shot or periodic); a zero count stops it.
      if (!countingMode(lvttMode(v))) return RegWriteEffect.None;
      v.set(APIC_TMICT, value);
      v.timerArmed = value !== 0;
      return RegWriteEffect.None;
    case APIC_TDCR:
      v.set(APIC_TDCR, value & 0xb);
      v.timerDivisor = tdcrDivisor(value);
      if (!(countingMode(lvttMode(v)) && v.get(APIC_TMICT) !== 0)) v.timerArmed = false;
      return RegWriteEffect.None;
    default:
      // Version, APR, PPR, RRR, ISR/TMR/IRR, CMCI, TMCCT and above 0x3E0: ignored.
      return RegWriteEffect.None;
  }
}

/**
 * Common register read (vlapic.c: vlapic_read_aligned). PPR is computed. TMICT and TMCCT read 0
 * unless the timer is one-shot or periodic; TMCCT has no clock here, so it reports the initial
 * count while the timer runs and 0 once it was stopped (vlapic_get_tmcct: timer_last_update 0).
 */
export function vlapicRegRead(v: Vlapic, offset: number): number {
  switch (offset) {
    case APIC_PROCPRI:
      return vlapicPpr(v);
    case APIC_TMCCT:
      return countingMode(lvttMode(v)) && v.timerArmed ? v.get(APIC_TMICT) : 0;
    case APIC_TMICT:
      return countingMode(lvttMode(v)) ? v.get(APIC_TMICT) : 0;
    case APIC_CMCI:
      return 0;
    default:
      return v.get(offset);
  }
}

/** RDMSR IA32_TSC_DEADLINE (0x6E0). vlapic.c: vlapic_tdt_msr_get */
export function vlapicTdtRead(v: Vlapic): bigint {
  return lvttMode(v) === LVTT_TSC_DEADLINE ? v.tdtMsr : 0n;
}

/**
 * WRMSR IA32_TSC_DEADLINE. vlapic.c: vlapic_tdt_msr_set - ignored while HW-disabled or outside
 * TSC-deadline mode. The guest TSC stands still here at 0, so any non-zero deadline lies ahead.
 */
export function vlapicTdtWrite(v: Vlapic, value: bigint): void {
  if (v.hwDisabled || lvttMode(v) !== LVTT_TSC_DEADLINE) return;
  v.tdtMsr = value;
  v.timerArmed = value !== 0n;
}
