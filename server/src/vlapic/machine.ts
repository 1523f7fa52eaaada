/**
 * A whole domain's worth of vLAPICs: every vCPU Xen creates at domain build (max_vcpus of
 * them, xen/arch/x86/hvm/vlapic.c: vlapic_init runs for each), the unclaimed-MMIO backend
 * shared by the domain, the IOAPIC pin 0 route hvmloader programs, and the guest-visible
 * operations (RDMSR/WRMSR/MMIO/CPUID/IPIs/VCPUOP hypercalls).
 *
 * Access methods return a status code and leave the read value in `value`, so a boot engine
 * can drive 128 vCPUs without allocating per operation.
 */
import type { ApicMode } from './apicBase';
import {
  APIC_BASE_EXTD,
  apicBaseStateName,
  apicModeOf,
  checkApicBaseWrite,
  hex64,
  MSR_APIC_BASE,
  toMsr64,
} from './apicBase';
import type { CpuidPolicy, CpuidRegs } from './cpuid';
import {
  guestCpuid,
  MSR_ARCH_CAPABILITIES,
  MSR_XAPIC_DISABLE_STATUS,
  readArchCapabilities,
  readXapicDisableStatus,
} from './cpuid';
import type { VcpuRunState } from './ipi';
import {
  ICR_DEST_LOGICAL,
  ICR_DM_EXTINT,
  ICR_DM_FIXED,
  ICR_DM_INIT,
  ICR_DM_LOWEST,
  ICR_DM_NMI,
  ICR_DM_STARTUP,
  icrDeliveryMode,
  icrShorthand,
  icrVector,
  initSipiOne,
  InitSipiResult,
  matchDest,
  senderDest,
  SH_NONE,
} from './ipi';
import type { MmioBackendKind } from './mmio';
import {
  APIC_MMIO_DEFAULT,
  UnclaimedApicMmio,
  UnclaimedWrite,
  vlapicClaims,
  vlapicMmioRead,
  vlapicMmioWrite,
} from './mmio';
import { isX2apicMsr, x2apicRdmsr, X2apicWriteResult, x2apicWrmsr } from './msrAccess';
import type { Design } from './design';
import { lockAdvertised } from './design';
import type { DomainApicConfig, Vlapic } from './registers';
import {
  APIC_ESR_SEND_ILLEGAL_VECTOR,
  APIC_FIRST_VALID_VECTOR,
  APIC_ICR,
  APIC_ICR2,
  APIC_LDR,
  APIC_LVT0,
  APIC_LVT1,
  APIC_LVT_MASKED,
  APIC_LVTT,
  APIC_SPIV,
  ApicIdCensus,
  createVlapic,
  RegWriteEffect,
  setX2apicId,
  VLAPIC_HW_DISABLED,
  vlapicError,
  vlapicPpr,
  vlapicReset,
  vlapicSetIrq,
  vlapicTdtRead,
  vlapicTdtWrite,
} from './registers';
import { hex32 } from './x2apicId';
import type { HostVendor } from '../guest';

const SIPI_STARTED = InitSipiResult.Started;
const UNCLAIMED_DROPPED = UnclaimedWrite.Dropped;
const UNCLAIMED_MSI = UnclaimedWrite.Msi;
const X2APIC_WRITE_GP = X2apicWriteResult.Gp;
const X2APIC_WRITE_SEND_IPI = X2apicWriteResult.SendIpi;
const REG_WRITE_SEND_IPI = RegWriteEffect.SendIpi;

// Snapshots format the same few values (APIC_BASE, SVR, LVTs, a cluster's LDRs) for every
// vCPU; their text is remembered. Bounded: cleared when it grows past a few hundred entries.
const HEX_CACHE_MAX = 512;
const hex32Cache = new Map<number, string>();
const hex64Cache = new Map<bigint, string>();
function hex32Cached(v: number): string {
  let s = hex32Cache.get(v);
  if (s === undefined) {
    if (hex32Cache.size >= HEX_CACHE_MAX) hex32Cache.clear();
    s = hex32(v);
    hex32Cache.set(v, s);
  }
  return s;
}
function hex64Cached(v: bigint): string {
  let s = hex64Cache.get(v);
  if (s === undefined) {
    if (hex64Cache.size >= HEX_CACHE_MAX) hex64Cache.clear();
    s = hex64(v);
    hex64Cache.set(v, s);
  }
  return s;
}

export interface MachineConfig {
  /** vCPUs Xen creates (max_vcpus / maxvcpus=). */
  readonly maxVcpus: number;
  /** vCPUs online at boot (vcpus=); the first `vcpus` ids. */
  readonly vcpus: number;
  readonly forceX2apic: boolean;
  readonly cpuidX2apic: boolean;
  readonly bugX2apicLdrVcpuId: boolean;
  readonly hostVendor: HostVendor;
  readonly mmioBackend: MmioBackendKind;
  /** How Xen advertises the lock (default rfc: not at all). */
  readonly design?: Design;
}

export interface SimVcpu extends VcpuRunState {
  readonly id: number;
  readonly online: boolean;
}

export interface ApicBaseTransition {
  vcpu: number;
  from: ApicMode;
  /** Mode the written value asks for; EN=0/EXTD=1 (never storable) is reported as 'disabled' with invalid: true. */
  to: ApicMode;
  value: string;
  faulted: boolean;
  invalid?: boolean;
  /** Which Xen rule refused the write. */
  rule?: string;
}

export interface VcpuSnapshot {
  vcpu: number;
  online: boolean;
  apicBase: string;
  mode: ApicMode;
  apicId: number;
  ldr: string;
  swDisabled: boolean;
  hwDisabled: boolean;
  svr: string;
  lvt0: string;
  lvt1: string;
  initialised: boolean;
  running: boolean;
}

export const enum Access {
  Ok = 0,
  Read = 1,
  Gp = 2,
  /** MMIO access the vLAPIC did not claim. */
  MmioLost = 3,
}

/** IA32_TSC_DEADLINE (msr-index.h: MSR_IA32_TSC_DEADLINE). */
export const MSR_TSC_DEADLINE = 0x6e0;

export class Machine {
  readonly cpus: SimVcpu[];
  readonly dom: DomainApicConfig;
  readonly policy: CpuidPolicy;
  readonly unclaimed: UnclaimedApicMmio;
  /** IOAPIC redirection entry 0 programmed as unmasked ExtINT to the BSP (hvmloader.c: apic_setup). */
  ioapicPin0ExtInt = false;
  /** Value of the last successful read. */
  value = 0n;
  /** Reason of the last #GP. */
  lastFault = '';
  /** What the unclaimed backend did with the last lost MMIO write. */
  lastUnclaimed: UnclaimedWrite = UNCLAIMED_DROPPED;
  /** vCPUs started (SIPI or VCPUOP_up) by the last operation, in id order. */
  readonly started: number[] = [];
  readonly transitions: ApicBaseTransition[] = [];
  /** Set when the guest did something that makes Xen crash the domain (ExtINT IPI). */
  crashed: string | undefined;
  /** hvm_domain_irq(d)->round_robin_prev_vcpu: where the lowest-priority search resumes. */
  roundRobinPrev = 0;
  private readonly cpuidOut: CpuidRegs = { eax: 0, ebx: 0, ecx: 0, edx: 0 };
  private readonly census = new ApicIdCensus();

  constructor(readonly config: MachineConfig) {
    this.dom = {
      forceX2apic: config.forceX2apic,
      cpuidX2apic: config.cpuidX2apic,
      bugX2apicLdrVcpuId: config.bugX2apicLdrVcpuId,
    };
    this.policy = {
      x2apic: config.cpuidX2apic,
      hostVendor: config.hostVendor,
      lockAdvertised: lockAdvertised(config.design ?? 'rfc', config.hostVendor, config.forceX2apic),
    };
    this.unclaimed = new UnclaimedApicMmio(config.mmioBackend);
    const n = Math.max(1, config.maxVcpus | 0);
    const online = Math.min(n, Math.max(1, config.vcpus | 0));
    this.cpus = new Array<SimVcpu>(n);
    for (let i = 0; i < n; i++) {
      // Only the BSP is initialised and running at power-on; APs wait for SIPI or VCPUOP_up.
      this.cpus[i] = {
        id: i,
        online: i < online,
        vlapic: createVlapic(i, this.dom, this.census),
        initialised: i === 0,
        running: i === 0,
      };
    }
  }

  get onlineCount(): number {
    let c = 0;
    for (const cpu of this.cpus) if (cpu.online) c++;
    return c;
  }

  lapic(cpu: number): Vlapic {
    return this.cpus[cpu].vlapic;
  }

  // ---- MSRs --------------------------------------------------------------------------

  /** RDMSR. hvm.c: hvm_msr_read_intercept; msr.c: guest_rdmsr. */
  rdmsr(cpu: number, msr: number): Access {
    const v = this.cpus[cpu].vlapic;
    let r: bigint | undefined;
    if (msr === MSR_APIC_BASE)
      r = v.apicBase; // returned verbatim
    else if (isX2apicMsr(msr)) r = x2apicRdmsr(v, msr);
    else if (msr === MSR_ARCH_CAPABILITIES) r = readArchCapabilities(this.policy);
    else if (msr === MSR_XAPIC_DISABLE_STATUS) r = readXapicDisableStatus(this.policy);
    else if (msr === MSR_TSC_DEADLINE)
      r = vlapicTdtRead(v); // hvm.c: hvm_msr_read_intercept
    else r = 0n; // MSRs outside the APIC model (MTRRs, hypercall page, ...) read as 0 here
    if (r === undefined) {
      this.lastFault = isX2apicMsr(msr)
        ? v.x2apicMode
          ? 'x2APIC MSR not readable'
          : 'x2APIC MSR access while not in x2APIC mode'
        : 'MSR not emulated';
      return Access.Gp;
    }
    this.value = r;
    return Access.Read;
  }

  /** WRMSR. hvm.c: hvm_msr_write_intercept; msr.c: guest_wrmsr. */
  wrmsr(cpu: number, msr: number, value: bigint): Access {
    if (this.started.length !== 0) this.started.length = 0; // setting length is a runtime call
    const v = this.cpus[cpu].vlapic;
    value = toMsr64(value);
    if (msr === MSR_APIC_BASE) return this.writeApicBase(v, value);
    if (isX2apicMsr(msr)) {
      const r = x2apicWrmsr(v, msr, value);
      switch (r) {
        case X2APIC_WRITE_GP:
          this.lastFault = v.x2apicMode
            ? 'bits outside the allowed mask or register not writable'
            : 'x2APIC MSR access while not in x2APIC mode';
          return Access.Gp;
        case X2APIC_WRITE_SEND_IPI:
          this.sendIpi(cpu);
          break;
      }
      return Access.Ok;
    }
    if (msr === MSR_TSC_DEADLINE) vlapicTdtWrite(v, value); // hvm.c: hvm_msr_write_intercept
    return Access.Ok; // outside the APIC model
  }

  /** vlapic.c: guest_wrmsr_apic_base, with the effects applied in Xen's order. */
  private writeApicBase(v: Vlapic, val: bigint): Access {
    const old = v.apicBase;
    const res = checkApicBaseWrite(old, val, this.dom);
    const target = apicBaseStateName(val);
    const t: ApicBaseTransition = {
      vcpu: v.vcpu,
      from: apicModeOf(old),
      to: target === 'invalid' ? 'disabled' : target,
      value: hex64(val),
      faulted: !res.ok,
    };
    if (target === 'invalid') t.invalid = true;
    this.transitions.push(t);
    if (!res.ok) {
      t.rule = res.rule;
      this.lastFault = res.reason;
      return Access.Gp;
    }
    if (res.effect === 'enable-reset') {
      vlapicReset(v, this.dom);
      v.disabled &= ~VLAPIC_HW_DISABLED;
    } else if (res.effect === 'hw-disable') {
      v.disabled |= VLAPIC_HW_DISABLED;
    }
    v.apicBase = val;
    if (res.setX2apicId) setX2apicId(v, this.dom);
    return Access.Ok;
  }

  // ---- MMIO --------------------------------------------------------------------------

  /** 32-bit load from a guest-physical address in the APIC page. */
  mmioRead(cpu: number, addr: number): Access {
    const v = this.cpus[cpu].vlapic;
    if (vlapicClaims(v, addr)) {
      this.value = BigInt(vlapicMmioRead(v, addr & 0xfff));
      return Access.Read;
    }
    this.value = BigInt(this.unclaimed.read(addr & 0xfff));
    return Access.MmioLost;
  }

  /** 32-bit store to a guest-physical address in the APIC page. */
  mmioWrite(cpu: number, addr: number, value: number): Access {
    if (this.started.length !== 0) this.started.length = 0; // setting length is a runtime call
    const v = this.cpus[cpu].vlapic;
    if (vlapicClaims(v, addr)) {
      if (vlapicMmioWrite(v, addr & 0xfff, value) === REG_WRITE_SEND_IPI) this.sendIpi(cpu);
      return Access.Ok;
    }
    const r = this.unclaimed.write(v, addr & 0xfff, value);
    this.lastUnclaimed = r;
    if (r === UNCLAIMED_MSI) this.qemuStubMsi(addr & 0xfff, value >>> 0);
    return Access.MmioLost;
  }

  /**
   * QEMU's stub (xen_apic.c: xen_apic_mem_write) asks Xen to inject an MSI with the page
   * offset as address and the value as data. hvm/irq.c: hvm_inject_msi treats a zero vector
   * as a PIRQ lookup that fails; otherwise vmsi.c: vmsi_deliver sends it to the destination in
   * address bits 19:12 (0 here, i.e. the BSP), logical if address bit 2 is set.
   */
  private qemuStubMsi(offset: number, data: number): void {
    const vector = data & 0xff;
    if (vector === 0) return;
    const dm = (data >>> 8) & 7;
    const level = (data & 0x8000) !== 0;
    const dest = (offset >>> 12) & 0xff;
    const logical = (offset & 0x4) !== 0;
    if (dm === ICR_DM_LOWEST) {
      const t = this.lowestPriority(-1, SH_NONE, dest, logical);
      if (t) vlapicSetIrq(t, vector, level);
    } else if (dm === ICR_DM_FIXED) {
      for (const c of this.cpus)
        if (c.vlapic.enabled && matchDest(c.vlapic, -1, SH_NONE, dest, logical)) vlapicSetIrq(c.vlapic, vector, level);
    }
    // Other delivery modes: vmsi_deliver refuses them (-EINVAL).
  }

  // ---- CPUID -------------------------------------------------------------------------

  /** Guest CPUID; returns a shared object overwritten by the next call. */
  cpuid(cpu: number, leaf: number, subleaf = 0): CpuidRegs {
    const v = this.cpus[cpu].vlapic;
    return guestCpuid(leaf, subleaf, cpu, v.hwDisabled, this.policy, this.cpuidOut);
  }

  // ---- IPIs --------------------------------------------------------------------------

  /** vlapic.c: vlapic_ipi; INIT/SIPI run to completion before the sender continues. */
  private sendIpi(cpu: number): void {
    const src = this.cpus[cpu].vlapic;
    const low = src.get(APIC_ICR);
    const dest = senderDest(src, src.get(APIC_ICR2));
    const dm = icrDeliveryMode(low);
    const sh = icrShorthand(low);
    const logical = (low & ICR_DEST_LOGICAL) !== 0;
    const vec = icrVector(low);
    if (dm === ICR_DM_LOWEST) {
      // One target, chosen before the vector is checked (the round-robin point moves anyway).
      const t = this.lowestPriority(cpu, sh, dest, logical);
      if (vec < APIC_FIRST_VALID_VECTOR) vlapicError(src, APIC_ESR_SEND_ILLEGAL_VECTOR);
      else if (t) vlapicSetIrq(t, vec, false);
      return;
    }
    if (dm === ICR_DM_FIXED && vec < APIC_FIRST_VALID_VECTOR) {
      vlapicError(src, APIC_ESR_SEND_ILLEGAL_VECTOR);
      return;
    }
    // Physical unicast while every ID is Xen's 2n: vlapic_match_dest can only accept
    // vCPU dest/2, so skip the scan (one AP bring-up would otherwise cost O(vCPUs)).
    // Broadcast values (0xFF xAPIC, 0xFFFFFFFF x2APIC) and moved IDs take the full scan.
    if (sh === SH_NONE && !logical && dest !== 0xff && dest !== 0xffffffff && this.census.nonDefault === 0) {
      const t = (dest & 1) === 0 ? this.cpus[dest >>> 1] : undefined;
      if (t !== undefined) this.deliverOne(t, dm, low, vec);
      return;
    }
    // vlapic.c: vlapic_init_sipi_action and the for_each_vcpu loop of vlapic_ipi - every
    // matching vCPU, online or not, in id order.
    for (const t of this.cpus) {
      if (matchDest(t.vlapic, cpu, sh, dest, logical)) this.deliverOne(t, dm, low, vec);
      if (this.crashed) return;
    }
  }

  /** One accepted target. INIT/STARTUP: vlapic_init_sipi_one; the rest: vlapic_accept_irq. */
  private deliverOne(t: SimVcpu, dm: number, low: number, vec: number): void {
    switch (dm) {
      case ICR_DM_INIT:
      case ICR_DM_STARTUP:
        if (initSipiOne(t, low) === SIPI_STARTED) this.started.push(t.id);
        return;
      case ICR_DM_FIXED:
        if (t.vlapic.enabled) vlapicSetIrq(t.vlapic, vec, false);
        return;
      case ICR_DM_EXTINT:
        this.crashed = 'ExtINT IPI: Xen crashes the domain (vlapic.c: vlapic_accept_irq, "unsupported delivery mode")';
        return;
      case ICR_DM_NMI:
        return; // NMI pending on the target: outside the APIC register model
      default:
        return; // SMI, remote read: ignored with a log line
    }
  }

  /**
   * vlapic.c: vlapic_lowest_prio - from the vCPU after the last one chosen, round the domain
   * once; the first matching enabled vLAPIC with the strictly lowest PPR wins. `source` -1 is
   * an MSI (no sending vLAPIC).
   */
  lowestPriority(source: number, sh: number, dest: number, logical: boolean): Vlapic | undefined {
    const n = this.cpus.length;
    const old = this.roundRobinPrev;
    let target: Vlapic | undefined;
    let best = Infinity;
    for (let k = 1; k <= n; k++) {
      const v = this.cpus[(old + k) % n].vlapic;
      if (!matchDest(v, source, sh, dest, logical) || !v.enabled) continue;
      const ppr = vlapicPpr(v);
      if (ppr < best) {
        target = v;
        best = ppr;
      }
    }
    if (target) this.roundRobinPrev = target.vcpu;
    return target;
  }

  // ---- VCPUOP hypercalls (hvmloader's AP bring-up, smp.c: boot_cpu) ------------------

  /** VCPUOP_initialise: gives the vCPU a register state; the vLAPIC is not touched. */
  vcpuInitialise(target: number): void {
    this.cpus[target].initialised = true;
  }
  /** VCPUOP_up: schedules an initialised vCPU. */
  vcpuUp(target: number): boolean {
    if (this.started.length !== 0) this.started.length = 0; // setting length is a runtime call
    const t = this.cpus[target];
    if (!t.initialised || t.running) return false;
    t.running = true;
    this.started.push(target);
    return true;
  }
  /** VCPUOP_down: deschedules; the vCPU stays initialised ("initialised but down"). */
  vcpuDown(target: number): void {
    this.cpus[target].running = false;
  }

  // ---- Interrupt deliverability -------------------------------------------------------

  /**
   * Can an 8259 (PIC) interrupt reach vCPU 0? vlapic.c: vlapic_accept_pic_intr refuses it
   * while the LAPIC is hardware-disabled (since Xen 4.7, commit 302a8519fb); otherwise
   * __vlapic_accept_pic_intr wants (a) IOAPIC pin 0 an unmasked ExtINT to this LAPIC with the
   * LAPIC enabled (HW and SW), or (b) LVT0 an unmasked ExtINT.
   */
  picDeliverable(): boolean {
    const v = this.cpus[0].vlapic;
    if (v.hwDisabled) return false;
    if (this.ioapicPin0ExtInt && v.enabled) return true;
    const lvt0 = v.get(APIC_LVT0);
    return (lvt0 & APIC_LVT_MASKED) === 0 && ((lvt0 >>> 8) & 7) === ICR_DM_EXTINT;
  }

  /** LAPIC timer interrupt possible: enabled LAPIC, LVTT unmasked, a timer running. */
  lapicTimerDeliverable(cpu: number): boolean {
    const v = this.cpus[cpu].vlapic;
    return v.enabled && (v.get(APIC_LVTT) & APIC_LVT_MASKED) === 0 && v.timerArmed;
  }

  /** A fixed vector injected through the vLAPIC (e.g. Xen's event-channel upcall vector). */
  fixedVectorDeliverable(cpu: number): boolean {
    return this.cpus[cpu].vlapic.enabled;
  }

  // ---- Snapshots ---------------------------------------------------------------------

  snapshot(): VcpuSnapshot[] {
    const out = new Array<VcpuSnapshot>(this.cpus.length);
    for (let i = 0; i < this.cpus.length; i++) {
      const c = this.cpus[i];
      const v = c.vlapic;
      out[i] = {
        vcpu: c.id,
        online: c.online,
        apicBase: hex64Cached(v.apicBase),
        mode: v.hwDisabled && !(v.apicBase & APIC_BASE_EXTD) ? 'disabled' : v.mode,
        apicId: v.apicId,
        ldr: hex32Cached(v.get(APIC_LDR)),
        swDisabled: v.swDisabled,
        hwDisabled: v.hwDisabled,
        svr: hex32Cached(v.get(APIC_SPIV)),
        lvt0: hex32Cached(v.get(APIC_LVT0)),
        lvt1: hex32Cached(v.get(APIC_LVT1)),
        initialised: c.initialised,
        running: c.running,
      };
    }
    return out;
  }
}

export { APIC_MMIO_DEFAULT };
