/**
 * Shapes shared by the boot engine, the guest profiles and simulate.ts. Profiles are data:
 * a list of steps the engine interprets against a vLAPIC machine.
 */
import type { GuestType } from '../guest';

export type Confidence = 'high' | 'medium' | 'low';
export type BootOutcome = 'boots' | 'hangs' | 'faults' | 'unknown';
export type TraceResult = 'ok' | '#GP' | 'mmio-lost' | 'read';

export interface TraceEntry {
  /** Profile id of the stage that ran the operation (e.g. 'hvmloader', 'linux'). */
  stage: string;
  vcpu: number;
  op: string;
  detail: string;
  result: TraceResult;
  value?: string;
}

export interface ApicBaseTransition {
  vcpu: number;
  from: 'disabled' | 'xapic' | 'x2apic';
  to: 'disabled' | 'xapic' | 'x2apic';
  value: string;
  faulted: boolean;
  /** The written value had EN=0/EXTD=1, which no APIC can hold ('to' is then 'disabled'). */
  invalid?: boolean;
  /** Xen rule that refused the write. */
  rule?: string;
  stage?: string;
}

/** Facts about the configuration a guest knows without reading hardware (its own command line, boot path). */
export type SetupFlag =
  | 'hvm'
  | 'pvh'
  /** More than one vCPU online. */
  | 'smp'
  /** Xen >= 4.19 (hvmloader wakes APs with VCPUOP hypercalls, commit 752ec9a9b1). */
  | 'xen>=4.19'
  /** Xen >= 4.21 (hvmloader's CPUs read their own APIC ID with CPUID, commit 9ad0db58c7). */
  | 'xen>=4.21'
  /** The Linux kernel has x2apic_hw_locked (6.1+, commit b8d1d163604b). */
  | 'linux>=6.1'
  /** x2apic_disable honours the lock (6.11+, commit 0ecc5be200c8). */
  | 'linux>=6.11'
  | 'linux.nox2apic'
  | 'linux.nopv'
  /** Legacy BIOS firmware (SeaBIOS/ROMBIOS) ran before this stage. */
  | 'bios'
  /** UEFI firmware (OVMF) ran before this stage. */
  | 'uefi'
  | 'intel-host';

/** A 64-bit value: a constant, or a saved variable with bits cleared/set (read-modify-write). */
export type Val = bigint | { readonly var: string; readonly clear?: bigint; readonly set?: bigint };

export type Cond =
  /** (var & mask) === eq */
  | { readonly var: string; readonly mask: bigint; readonly eq: bigint }
  /** var >= atLeast (a CPUID max leaf, a version) */
  | { readonly var: string; readonly atLeast: bigint }
  | { readonly setup: SetupFlag }
  /** Whether an interrupt of this kind could be delivered now (same test as wait-irq). */
  | { readonly irq: IrqSource }
  | { readonly not: Cond }
  | { readonly all: readonly Cond[] }
  | { readonly any: readonly Cond[] };

export type PollTarget =
  /** 32-bit MMIO load at the APIC page offset, done until (value & mask) === eq. */
  | { readonly mmio: number; readonly mask: number; readonly eq: number }
  /** The AP addressed by the enclosing for-each-ap has run its `callin` step. */
  | 'ap-callin'
  /** Every online AP has called in. */
  | 'all-aps-callin';

export type IrqSource =
  /** 8259 interrupt (PIT tick, keyboard) to vCPU 0: vlapic.c: __vlapic_accept_pic_intr */
  | 'pic'
  /** The vCPU's own LAPIC timer. */
  | 'lapic-timer'
  /** A fixed vector injected through the vLAPIC (Xen's per-vCPU event-channel upcall). */
  | 'upcall';

interface StepBase {
  /** Why the guest does this: function name in the guest source, shown in the trace. */
  readonly why?: string;
}

export type Step =
  | (StepBase & { readonly op: 'rdmsr'; readonly msr: number; readonly save?: string })
  | (StepBase & {
      readonly op: 'wrmsr';
      readonly msr: number;
      readonly value: Val;
      /** Overrides the profile's #GP policy for this write. */
      readonly onGp?: 'skip' | 'fatal';
    })
  | (StepBase & { readonly op: 'mmio-read'; readonly reg: number; readonly save?: string })
  | (StepBase & { readonly op: 'mmio-write'; readonly reg: number; readonly value: Val })
  | (StepBase & {
      readonly op: 'cpuid';
      readonly leaf: number;
      readonly sub?: number;
      readonly save?: { readonly eax?: string; readonly ebx?: string; readonly ecx?: string; readonly edx?: string };
    })
  | (StepBase & {
      readonly op: 'icr';
      /** x2APIC: one 64-bit WRMSR 0x830; xAPIC: MMIO write of ICR2 then ICR. */
      readonly via: 'msr' | 'mmio';
      readonly low: number;
      /** Physical destination: the enclosing for-each-ap's AP (its APIC ID 2n), or a constant. */
      readonly dest?: 'target' | number;
    })
  | (StepBase & {
      readonly op: 'poll';
      readonly until: PollTarget;
      /** Human bound ("10 s", "50 ms"); absent = the guest polls forever. */
      readonly bound?: string;
      readonly waitingFor: string;
      /** Shown when the poll can never be satisfied. */
      readonly explanation: string;
      readonly confidence?: Confidence;
    })
  | (StepBase & {
      readonly op: 'wait-irq';
      readonly source: IrqSource;
      readonly waitingFor: string;
      readonly explanation: string;
      readonly confidence?: Confidence;
    })
  | (StepBase & {
      readonly op: 'hypercall';
      readonly name: string;
      readonly effect?: 'vcpu-initialise' | 'vcpu-up' | 'vcpu-down';
    })
  | (StepBase & { readonly op: 'io-out'; readonly port: number; readonly value: number })
  | (StepBase & { readonly op: 'ioapic-pin0-extint' })
  | (StepBase & { readonly op: 'set'; readonly var: string; readonly value: Val })
  | (StepBase & {
      readonly op: 'if';
      readonly cond: Cond;
      readonly then: readonly Step[];
      readonly else?: readonly Step[];
    })
  /** Run `steps` on the BSP once per online AP (ids 1..vcpus-1), with that AP as 'target'. */
  | (StepBase & { readonly op: 'for-each-ap'; readonly steps: readonly Step[] })
  /** AP side: tell the BSP this AP is up. */
  | (StepBase & { readonly op: 'callin' })
  | (StepBase & { readonly op: 'note'; readonly text: string })
  /** Traced like a note, and added to the explanation when the whole chain boots. */
  | (StepBase & { readonly op: 'remark'; readonly text: string })
  /** The profile states the outcome itself (reported behaviour whose mechanism is not in code). */
  | (StepBase & {
      readonly op: 'conclude';
      readonly outcome: BootOutcome;
      readonly confidence: Confidence;
      readonly explanation: string;
      readonly waitingFor?: string;
    });

export interface BootProfile {
  readonly id: string;
  readonly name: string;
  readonly kind: 'loader' | 'firmware' | 'bootloader' | 'os';
  /** Guest types this code can run as. */
  readonly guestTypes: readonly Exclude<GuestType, 'pv'>[];
  /** Confidence of the research behind this profile's x2APIC prediction. */
  readonly confidence: Confidence;
  /** Confidence that a normal run through this stage boots. */
  readonly bootConfidence: Confidence;
  readonly citations: readonly string[];
  readonly summary: string;
  /** Shown when the whole chain completes and this is the last stage. */
  readonly bootsExplanation: string;
  /** What the guest does when one of its WRMSRs faults. */
  readonly onGp: { readonly policy: 'skip' | 'fatal'; readonly explanation: string; readonly confidence: Confidence };
  /** Shown when this OS stage completes but some of its APIC MMIO went nowhere. */
  readonly lostMmioExplanation?: string;
  /** Steps run on vCPU 0. */
  readonly bsp: readonly Step[];
  /** Steps an AP runs when this stage starts it (SIPI or VCPUOP_up). */
  readonly ap?: readonly Step[];
}

export interface BootResult {
  outcome: BootOutcome;
  stage: string;
  waitingFor?: string;
  confidence: Confidence;
  explanation: string;
  citations: string[];
  firstProblem?: TraceEntry;
  /** Index in `trace` of the operation the guest stops at (the endless wait, the fatal #GP), when
   *  the boot stops at one. A wait nothing can satisfy is traced as `ok` (the guest did wait): this
   *  is what says it never ends. */
  stoppedAt?: number;
  trace: TraceEntry[];
  transitions: ApicBaseTransition[];
}
