/**
 * IA32_APIC_BASE (MSR 0x1B): bit layout, reset value and Xen's write rules.
 *
 * Bit names follow xen/arch/x86/include/asm/msr-index.h. The write check mirrors
 * xen/arch/x86/hvm/vlapic.c: guest_wrmsr_apic_base step by step, in Xen's order, plus
 * the check added by the force_x2apic RFC (xen-devel, Oct 2025), which is not merged.
 * Values are bigint because bits 52-63 are reserved and must be seen by the check.
 */

export const MSR_APIC_BASE = 0x1b;
export const APIC_BASE_BSP = 1n << 8n;
export const APIC_BASE_EXTD = 1n << 10n;
export const APIC_BASE_ENABLE = 1n << 11n;
/** Xen uses a fixed 52-bit address mask, not the guest's MAXPHYADDR. */
export const APIC_BASE_ADDR_MASK = 0x000f_ffff_ffff_f000n;
export const APIC_DEFAULT_BASE = 0xfee0_0000n;
const U64 = (1n << 64n) - 1n;

export type ApicMode = 'disabled' | 'xapic' | 'x2apic';

/**
 * Mode as Xen derives it (asm/hvm/vlapic.h: vlapic_x2apic_mode / vlapic_xapic_mode):
 * only EXTD is tested for x2APIC, because EN=0/EXTD=1 is never stored.
 */
export function apicModeOf(value: bigint): ApicMode {
  if (value & APIC_BASE_EXTD) return 'x2apic';
  return value & APIC_BASE_ENABLE ? 'xapic' : 'disabled';
}

/** Architectural name of a value's EN/EXTD pair, including the invalid EN=0/EXTD=1. */
export function apicBaseStateName(value: bigint): ApicMode | 'invalid' {
  const en = (value & APIC_BASE_ENABLE) !== 0n;
  const extd = (value & APIC_BASE_EXTD) !== 0n;
  if (!en) return extd ? 'invalid' : 'disabled';
  return extd ? 'x2apic' : 'xapic';
}

/**
 * Power-on value. vlapic.c: vlapic_reset sets base | EN (| BSP on vCPU 0); the RFC ORs in
 * EXTD when the domain has force_x2apic.
 */
export function resetApicBaseValue(vcpu: number, forceX2apic: boolean): bigint {
  let v = APIC_DEFAULT_BASE | APIC_BASE_ENABLE;
  if (vcpu === 0) v |= APIC_BASE_BSP;
  if (forceX2apic) v |= APIC_BASE_EXTD;
  return v;
}

export interface ApicBaseRules {
  /** RFC flag: vCPUs start in x2APIC and writes with EXTD clear fault. */
  forceX2apic: boolean;
  /** CPUID.1:ECX[21] in the domain policy; when false EXTD is a reserved bit. */
  cpuidX2apic: boolean;
}

export type ApicBaseFaultRule =
  | 'force-x2apic-extd-clear'
  | 'reserved-bits'
  | 'xapic-relocation'
  | 'en-change-with-extd'
  | 'extd-change-outside-xapic';

export type ApicBaseEffect =
  /** Value stored; registers untouched (BSP bit / base / same-mode rewrite). */
  | 'store'
  /** EN 0->1: full vlapic_reset, HW-disabled flag cleared. */
  | 'enable-reset'
  /** EN 1->0: HW-disabled flag set, registers kept until the next enable. */
  | 'hw-disable';

export type ApicBaseWriteResult =
  | { readonly ok: true; readonly effect: ApicBaseEffect; readonly setX2apicId: boolean }
  | { readonly ok: false; readonly rule: ApicBaseFaultRule; readonly reason: string };

const FAULTS: Record<ApicBaseFaultRule, ApicBaseWriteResult> = {
  'force-x2apic-extd-clear': {
    ok: false,
    rule: 'force-x2apic-extd-clear',
    reason: 'force_x2apic: the written value has EXTD clear, leaving x2APIC mode is refused',
  },
  'reserved-bits': {
    ok: false,
    rule: 'reserved-bits',
    reason: 'reserved bit set (bits 0-7, 9, 52-63, or EXTD while x2APIC is hidden in CPUID)',
  },
  'xapic-relocation': {
    ok: false,
    rule: 'xapic-relocation',
    reason: 'enabled xAPIC with a base other than 0xFEE00000 (Xen refuses to move the MMIO window)',
  },
  'en-change-with-extd': {
    ok: false,
    rule: 'en-change-with-extd',
    reason: 'EN changes while the written value has EXTD set (disabled->x2APIC or x2APIC->EN=0,EXTD=1)',
  },
  'extd-change-outside-xapic': {
    ok: false,
    rule: 'extd-change-outside-xapic',
    reason: 'EXTD changes while the APIC is not in xAPIC mode (x2APIC->xAPIC or disabled->EN=0,EXTD=1)',
  },
};

/** Preallocated success results: writes happen often enough in 128-vCPU runs. */
const OK = {
  store: { ok: true, effect: 'store', setX2apicId: false },
  storeX2: { ok: true, effect: 'store', setX2apicId: true },
  enable: { ok: true, effect: 'enable-reset', setX2apicId: false },
  disable: { ok: true, effect: 'hw-disable', setX2apicId: false },
} as const satisfies Record<string, ApicBaseWriteResult>;

/** Normalise an arbitrary bigint to the 64 bits a WRMSR carries (EDX:EAX). */
export function toMsr64(value: bigint): bigint {
  // Compare first: values are almost always in range, and `&` allocates a new BigInt.
  return value >= 0n && value <= U64 ? value : value & U64;
}

/**
 * Decide a guest WRMSR to IA32_APIC_BASE. Pure: the caller applies the effect.
 * `old` is the stored value, `written` the guest's 64-bit value.
 */
export function checkApicBaseWrite(old: bigint, written: bigint, rules: ApicBaseRules): ApicBaseWriteResult {
  const val = written & U64;
  // Step 1 (no vLAPIC -> #GP) cannot happen for HVM/PVH: domain.c: emulation_flags_ok.

  // Step 2, RFC only: any value with EXTD clear faults, before the reserved-bit check.
  // xen/arch/x86/hvm/vlapic.c: guest_wrmsr_apic_base (force_x2apic hunk)
  if (rules.forceX2apic && !(val & APIC_BASE_EXTD)) return FAULTS['force-x2apic-extd-clear'];

  // Step 3: reserved bits; EXTD only counts as defined when CPUID exposes x2APIC.
  // vlapic.c: guest_wrmsr_apic_base (APIC_BASE_ADDR_MASK | ENABLE | BSP | EXTD-if-x2apic)
  let allowed = APIC_BASE_ADDR_MASK | APIC_BASE_ENABLE | APIC_BASE_BSP;
  if (rules.cpuidX2apic) allowed |= APIC_BASE_EXTD;
  if (val & ~allowed) return FAULTS['reserved-bits'];

  const newEn = (val & APIC_BASE_ENABLE) !== 0n;
  const newExtd = (val & APIC_BASE_EXTD) !== 0n;

  // Step 4: an enabled xAPIC must stay at the default base (Xen commit 3b5e03b939).
  if (newEn && !newExtd && (val & APIC_BASE_ADDR_MASK) !== APIC_DEFAULT_BASE) return FAULTS['xapic-relocation'];

  const oldEn = (old & APIC_BASE_ENABLE) !== 0n;
  const oldExtd = (old & APIC_BASE_EXTD) !== 0n;

  // Step 5: EN changes.
  if (oldEn !== newEn) {
    if (newExtd) return FAULTS['en-change-with-extd'];
    return newEn ? OK.enable : OK.disable;
  }
  // Step 6: EXTD may only change from xAPIC (i.e. xAPIC -> x2APIC).
  const oldXapic = oldEn && !oldExtd;
  if (oldExtd !== newExtd && !oldXapic) return FAULTS['extd-change-outside-xapic'];

  // Step 7: commit; set_x2apic_id runs on every accepted write that leaves EXTD set.
  return newExtd ? OK.storeX2 : OK.store;
}

export function hex64(v: bigint): string {
  return '0x' + v.toString(16);
}
