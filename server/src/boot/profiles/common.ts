/** Constants and tiny condition builders shared by the profile data. */
import type { Cond, Step } from '../types';

export const MSR_APIC_BASE = 0x1b;
export const EXTD = 1n << 10n;
export const EN = 1n << 11n;
export const X2 = {
  ID: 0x802,
  VERSION: 0x803,
  TPR: 0x808,
  EOI: 0x80b,
  LDR: 0x80d,
  SVR: 0x80f,
  ESR: 0x828,
  ICR: 0x830,
  LVTT: 0x832,
  LVTTHMR: 0x833,
  LVTPC: 0x834,
  LVT0: 0x835,
  LVT1: 0x836,
  LVTERR: 0x837,
  TMICT: 0x838,
  TMCCT: 0x839,
  TDCR: 0x83e,
} as const;
export const MMIO = {
  ID: 0x20,
  VERSION: 0x30,
  TPR: 0x80,
  EOI: 0xb0,
  SVR: 0xf0,
  ESR: 0x280,
  ICR: 0x300,
  ICR2: 0x310,
  LVTT: 0x320,
  LVTTHMR: 0x330,
  LVTPC: 0x340,
  LVT0: 0x350,
  LVT1: 0x360,
  LVTERR: 0x370,
  TMICT: 0x380,
  TMCCT: 0x390,
  TDCR: 0x3e0,
} as const;

/** IA32_APIC_BASE value saved in `v` has EXTD set. */
export const extdSet = (v: string): Cond => ({ var: v, mask: EXTD, eq: EXTD });
/** Both EN and EXTD set (FreeBSD/NetBSD lapic_is_x2apic). */
export const enExtdSet = (v: string): Cond => ({ var: v, mask: EN | EXTD, eq: EN | EXTD });
/** A saved flag/bit is set. */
export const bit = (v: string, b: bigint): Cond => ({ var: v, mask: b, eq: b });
export const truthy = (v: string): Cond => ({ var: v, mask: 1n, eq: 1n });
export const CPUID1_ECX_X2APIC = 1n << 21n;

/** ICR low words used by the guests below. */
export const ICR = {
  /** INIT, level assert, edge (Linux/FreeBSD per-AP). */
  INIT_ASSERT: 0x00004500,
  /** INIT, level trigger, assert (Linux 0xC500). */
  INIT_LEVEL_ASSERT: 0x0000c500,
  /** INIT de-assert, level trigger (0x8500) - ignored by Xen. */
  INIT_DEASSERT: 0x00008500,
  INIT_ALL_BUT_SELF: 0x000c4500,
  sipi: (vector: number) => 0x00004600 | (vector & 0xff),
  sipiAllButSelf: (vector: number) => 0x000c4600 | (vector & 0xff),
} as const;

/** The same register write done through MSR in x2APIC mode or MMIO otherwise, chosen by a saved belief flag. */
export function lapicWrite(belief: string, msr: number, mmio: number, value: bigint, why?: string): Step {
  return {
    op: 'if',
    cond: truthy(belief),
    then: [{ op: 'wrmsr', msr, value, why }],
    else: [{ op: 'mmio-write', reg: mmio, value, why }],
  };
}
export function lapicRead(belief: string, msr: number, mmio: number, save?: string, why?: string): Step {
  return {
    op: 'if',
    cond: truthy(belief),
    then: [{ op: 'rdmsr', msr, save, why }],
    else: [{ op: 'mmio-read', reg: mmio, save, why }],
  };
}
export function sendIcr(belief: string, low: number, dest: 'target' | number | undefined, why?: string): Step {
  return {
    op: 'if',
    cond: truthy(belief),
    then: [{ op: 'icr', via: 'msr', low, dest, why }],
    else: [{ op: 'icr', via: 'mmio', low, dest, why }],
  };
}
