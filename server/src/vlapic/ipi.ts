/**
 * Inter-processor interrupts: ICR encoding, destination matching and INIT/SIPI effects.
 * xen/arch/x86/hvm/vlapic.c: vlapic_ipi, vlapic_match_dest, vlapic_match_logical_addr,
 * vlapic_init_sipi_action, vlapic_init_sipi_one.
 */
import type { Vlapic } from './registers';
import { APIC_DFR, APIC_LDR, vlapicDoInit } from './registers';

// ICR low (same in both modes; vlapic-model.md 6.1)
export const ICR_VECTOR_MASK = 0xff;
export const ICR_DM_SHIFT = 8;
export const ICR_DM_FIXED = 0;
export const ICR_DM_LOWEST = 1;
export const ICR_DM_SMI = 2;
export const ICR_DM_REMRD = 3;
export const ICR_DM_NMI = 4;
export const ICR_DM_INIT = 5;
export const ICR_DM_STARTUP = 6;
export const ICR_DM_EXTINT = 7;
export const ICR_DEST_LOGICAL = 0x800;
export const ICR_LEVEL_ASSERT = 0x4000;
export const ICR_TRIGGER_LEVEL = 0x8000;
export const ICR_SHORTHAND_SHIFT = 18;
export const SH_NONE = 0;
export const SH_SELF = 1;
export const SH_ALL_INCL_SELF = 2;
export const SH_ALL_EXCL_SELF = 3;

export function icrDeliveryMode(low: number): number {
  return (low >>> ICR_DM_SHIFT) & 7;
}
export function icrShorthand(low: number): number {
  return (low >>> ICR_SHORTHAND_SHIFT) & 3;
}
export function icrVector(low: number): number {
  return low & ICR_VECTOR_MASK;
}

const DM_NAMES = ['fixed', 'lowest', 'SMI', 'remote-read', 'NMI', 'INIT', 'STARTUP', 'ExtINT'];
const SH_NAMES = ['', 'self', 'all-including-self', 'all-excluding-self'];

/** Human description of an ICR, e.g. "INIT assert to 0x2" or "STARTUP vector 0x9a all-excluding-self". */
export function describeIcr(low: number, dest: number): string {
  const dm = icrDeliveryMode(low);
  let s = DM_NAMES[dm];
  if (dm === ICR_DM_INIT) {
    const deassert = (low & ICR_TRIGGER_LEVEL) !== 0 && (low & ICR_LEVEL_ASSERT) === 0;
    s += deassert ? ' de-assert' : ' assert';
  } else {
    s += ' vector 0x' + icrVector(low).toString(16);
  }
  const sh = icrShorthand(low);
  if (sh !== SH_NONE) return s + ' ' + SH_NAMES[sh];
  return s + (low & ICR_DEST_LOGICAL ? ' logical ' : ' to ') + '0x' + (dest >>> 0).toString(16);
}

/**
 * Logical destination match. vlapic.c: vlapic_match_logical_addr. x2APIC: cluster (31:16)
 * equal and a common bit in 15:0, so logical 0xFFFFFFFF is not a broadcast in Xen. xAPIC:
 * flat (DFR 0xFFFFFFFF) or cluster (DFR 0x0FFFFFFF) on LDR bits 31:24.
 */
export function matchLogical(target: Vlapic, mda: number): boolean {
  const ldr = target.get(APIC_LDR);
  if (target.x2apicMode) {
    return mda >>> 16 === ldr >>> 16 && (mda & ldr & 0xffff) !== 0;
  }
  const m = mda & 0xff;
  const logicalId = ldr >>> 24;
  const dfr = target.get(APIC_DFR);
  if (dfr === 0xffffffff) return (m & logicalId) !== 0;
  if (dfr === 0x0fffffff) return m >>> 4 === logicalId >>> 4 && (m & logicalId & 0xf) !== 0;
  return false; // unknown model: Xen warns and matches nothing
}

/**
 * Does an IPI from `source` reach `target`? vlapic.c: vlapic_match_dest. Physical broadcast
 * is per target mode (0xFF for xAPIC, 0xFFFFFFFF for x2APIC); IDs compare exactly.
 */
export function matchDest(
  target: Vlapic,
  sourceVcpu: number,
  shorthand: number,
  dest: number,
  logical: boolean,
): boolean {
  switch (shorthand) {
    case SH_SELF:
      return target.vcpu === sourceVcpu;
    case SH_ALL_INCL_SELF:
      return true;
    case SH_ALL_EXCL_SELF:
      return target.vcpu !== sourceVcpu;
  }
  if (logical) return matchLogical(target, dest >>> 0);
  const bcast = target.x2apicMode ? 0xffffffff : 0xff;
  return dest >>> 0 === bcast || dest >>> 0 === target.apicId;
}

/** The destination a sender uses: full ICR2 in x2APIC mode, ICR2[31:24] otherwise. vlapic.c: vlapic_ipi */
export function senderDest(sender: Vlapic, icr2: number): number {
  return sender.x2apicMode ? icr2 >>> 0 : icr2 >>> 24;
}

/** Scheduling state of a vCPU as far as INIT/SIPI are concerned. */
export interface VcpuRunState {
  readonly vlapic: Vlapic;
  /** Xen's "initialised" flag: has a register state (booted, or VCPUOP_initialise). */
  initialised: boolean;
  /** Currently scheduled (up). */
  running: boolean;
}

export const enum InitSipiResult {
  Ignored = 0,
  /** INIT: vCPU descheduled, vcpu_reset, vlapic_do_init. */
  Reset = 1,
  /** STARTUP: real-mode start at vector * 0x1000. */
  Started = 2,
}

/**
 * One target of an INIT or STARTUP. vlapic.c: vlapic_init_sipi_one. The target's enable state
 * is not checked; INIT only acts on an initialised vCPU; SIPI only on a non-initialised one.
 * INIT never changes APIC_BASE (mode, ID and the x2APIC LDR survive).
 */
export function initSipiOne(target: VcpuRunState, icrLow: number): InitSipiResult {
  const dm = icrDeliveryMode(icrLow);
  if (dm === ICR_DM_INIT) {
    // Level-triggered de-assert (e.g. 0x8500) does nothing; edge INIT counts as assert.
    if ((icrLow & ICR_TRIGGER_LEVEL) !== 0 && (icrLow & ICR_LEVEL_ASSERT) === 0) return InitSipiResult.Ignored;
    if (!target.initialised) return InitSipiResult.Ignored;
    target.running = false; // hvm_vcpu_down
    target.initialised = false; // vcpu_reset
    vlapicDoInit(target.vlapic);
    return InitSipiResult.Reset;
  }
  if (dm === ICR_DM_STARTUP) {
    if (target.initialised) return InitSipiResult.Ignored;
    // hvm_vcpu_reset_state(target, vector << 8, 0): real mode, CS = vector * 0x100.
    target.initialised = true;
    target.running = true;
    return InitSipiResult.Started;
  }
  return InitSipiResult.Ignored;
}
