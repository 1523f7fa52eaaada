/**
 * Boot engine: interprets guest profiles (data) against a vLAPIC machine and reports a
 * trace, the IA32_APIC_BASE transitions and an outcome. Deterministic: the machine has no
 * clock, so a poll is decided by one evaluation (nothing else runs while the BSP spins,
 * because APs run to completion as soon as an IPI or VCPUOP_up starts them).
 */
import type { Machine } from '../vlapic/machine';
import { Access } from '../vlapic/machine';
import { APIC_ICR, APIC_ICR2 } from '../vlapic/registers';
import { MSR_X2APIC_ICR } from '../vlapic/msrAccess';
import { APIC_MMIO_DEFAULT, UnclaimedWrite } from '../vlapic/mmio';
import { describeIcr } from '../vlapic/ipi';
import { x2apicIdOf } from '../vlapic/x2apicId';
import type {
  ApicBaseTransition,
  BootOutcome,
  BootProfile,
  BootResult,
  Cond,
  Confidence,
  IrqSource,
  SetupFlag,
  Step,
  TraceEntry,
  TraceResult,
  Val,
} from './types';

/** APs whose operations are traced in full: the first two and the last. */
const DETAIL_APS = 2;
/** Hard cap on trace length; further ok/read entries are only counted. */
const MAX_TRACE = 4000;

const ACCESS_GP = Access.Gp;
const ACCESS_MMIO_LOST = Access.MmioLost;
const UNCLAIMED_STORED = UnclaimedWrite.Stored;
const UNCLAIMED_EOI = UnclaimedWrite.Eoi;
const UNCLAIMED_MSI = UnclaimedWrite.Msi;

const CONF_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
export function minConfidence(a: Confidence, b: Confidence): Confidence {
  return CONF_RANK[a] <= CONF_RANK[b] ? a : b;
}

const hex = (v: bigint | number): string => '0x' + v.toString(16);

interface Stop {
  outcome: BootOutcome;
  confidence: Confidence;
  explanation: string;
  waitingFor?: string;
  at?: TraceEntry;
}

const CONTINUE = 0;
const STOP = 1;
type Status = typeof CONTINUE | typeof STOP;

class Run {
  readonly trace: TraceEntry[] = [];
  readonly calledIn: Uint8Array;
  readonly globals = new Map<string, bigint>();
  readonly locals = new Map<string, bigint>();
  profile!: BootProfile;
  cpu = 0;
  inAp = false;
  apTarget = -1;
  lastAp: number;
  stop: Stop | undefined;
  firstProblem: TraceEntry | undefined;
  skippedGp: { entry: TraceEntry; profile: BootProfile } | undefined;
  lostInOs: { entry: TraceEntry; profile: BootProfile } | undefined;
  suppressed = 0;
  suppressedLo = Infinity;
  suppressedHi = -1;
  transitionsSeen = 0;
  readonly transitions: ApicBaseTransition[] = [];
  /** Facts the boots explanation must mention (op 'remark'). */
  readonly remarks: string[] = [];

  constructor(
    readonly m: Machine,
    readonly flags: ReadonlySet<SetupFlag>,
  ) {
    this.calledIn = new Uint8Array(m.cpus.length);
    this.calledIn[0] = 1;
    let last = 0;
    for (const c of m.cpus) if (c.online) last = c.id;
    this.lastAp = last;
  }

  // ---- values and conditions ---------------------------------------------------------

  getVar(name: string): bigint {
    const l = this.inAp ? this.locals.get(name) : undefined;
    if (l !== undefined) return l;
    return this.globals.get(name) ?? 0n;
  }
  setVar(name: string, v: bigint): void {
    (this.inAp ? this.locals : this.globals).set(name, v);
  }
  val(v: Val): bigint {
    if (typeof v === 'bigint') return v;
    let x = this.getVar(v.var);
    if (v.clear !== undefined) x &= ~v.clear;
    if (v.set !== undefined) x |= v.set;
    return x;
  }
  cond(c: Cond): boolean {
    if ('atLeast' in c) return this.getVar(c.var) >= c.atLeast;
    if ('var' in c) return (this.getVar(c.var) & c.mask) === c.eq;
    if ('setup' in c) return this.flags.has(c.setup);
    if ('irq' in c) return this.deliverable(c.irq);
    if ('not' in c) return !this.cond(c.not);
    if ('all' in c) return c.all.every((x) => this.cond(x));
    return c.any.some((x) => this.cond(x));
  }

  // ---- tracing -----------------------------------------------------------------------

  /** Whether an ok/read entry for the current context is listed in full. */
  detailed(): boolean {
    if (this.trace.length >= MAX_TRACE) return false;
    const ap = this.inAp ? this.cpu : this.apTarget;
    return ap <= DETAIL_APS || ap === this.lastAp;
  }
  count(): void {
    this.suppressed++;
    const ap = this.inAp ? this.cpu : this.apTarget;
    if (ap < this.suppressedLo) this.suppressedLo = ap;
    if (ap > this.suppressedHi) this.suppressedHi = ap;
  }
  push(op: string, detail: string, result: TraceResult, value?: bigint | number): TraceEntry {
    const e: TraceEntry = { stage: this.profile.id, vcpu: this.cpu, op, detail, result };
    if (value !== undefined) e.value = hex(value);
    this.trace.push(e);
    if ((result === '#GP' || result === 'mmio-lost') && !this.firstProblem) this.firstProblem = e;
    return e;
  }
  flushSuppressed(): void {
    if (this.suppressed === 0) return;
    const range =
      this.suppressedLo === this.suppressedHi
        ? `vCPU ${this.suppressedLo}`
        : `vCPUs ${this.suppressedLo}-${this.suppressedHi}`;
    this.trace.push({
      stage: this.profile.id,
      vcpu: 0,
      op: 'summary',
      detail: `${this.suppressed} further operation(s) for ${range} not listed: same sequence as the listed APs, all ok`,
      result: 'ok',
    });
    this.suppressed = 0;
    this.suppressedLo = Infinity;
    this.suppressedHi = -1;
  }
  /** Copy machine transitions recorded since the last call, tagging the stage. */
  syncTransitions(): void {
    const t = this.m.transitions;
    for (; this.transitionsSeen < t.length; this.transitionsSeen++) {
      // Field by field rather than a spread (slow here), in the key order of the machine's
      // record (Machine.writeApicBase adds `invalid` before `rule`, each only when set).
      const x = t[this.transitionsSeen];
      const c: ApicBaseTransition = { vcpu: x.vcpu, from: x.from, to: x.to, value: x.value, faulted: x.faulted };
      if (x.invalid !== undefined) c.invalid = x.invalid;
      if (x.rule !== undefined) c.rule = x.rule;
      c.stage = this.profile.id;
      this.transitions.push(c);
    }
  }

  // ---- execution ---------------------------------------------------------------------

  steps(list: readonly Step[]): Status {
    for (let i = 0; i < list.length; i++) {
      if (this.step(list[i]) === STOP) return STOP;
      if (this.m.crashed) {
        this.stop = { outcome: 'faults', confidence: 'high', explanation: this.m.crashed };
        return STOP;
      }
    }
    return CONTINUE;
  }

  /** The guest waits forever at step `s` (an unbounded poll, or an interrupt nothing can deliver). */
  private hang(s: { confidence?: Confidence; explanation: string; waitingFor: string }, at: TraceEntry): Status {
    this.stop = {
      outcome: 'hangs',
      confidence: s.confidence ?? this.profile.confidence,
      explanation: s.explanation,
      waitingFor: s.waitingFor,
      at,
    };
    return STOP;
  }

  private deliverable(source: IrqSource): boolean {
    if (source === 'pic') return this.m.picDeliverable();
    if (source === 'lapic-timer') return this.m.lapicTimerDeliverable(this.cpu);
    return this.m.fixedVectorDeliverable(this.cpu);
  }

  private why(s: Step): string {
    return s.why ? ` (${s.why})` : '';
  }

  private onGp(entry: TraceEntry, policy: 'skip' | 'fatal'): Status {
    if (policy === 'fatal') {
      this.stop = {
        outcome: 'faults',
        confidence: this.profile.onGp.confidence,
        explanation: this.profile.onGp.explanation,
        at: entry,
      };
      return STOP;
    }
    if (!this.skippedGp) this.skippedGp = { entry, profile: this.profile };
    return CONTINUE;
  }

  private lost(entry: TraceEntry): void {
    if (this.profile.kind === 'os' && !this.lostInOs) this.lostInOs = { entry, profile: this.profile };
  }

  step(s: Step): Status {
    const m = this.m;
    const cpu = this.cpu;
    switch (s.op) {
      case 'rdmsr': {
        const r = m.rdmsr(cpu, s.msr);
        if (r === ACCESS_GP) {
          const e = this.push('rdmsr', `RDMSR ${hex(s.msr)}${this.why(s)}: #GP, ${m.lastFault}`, '#GP');
          return this.onGp(e, this.profile.onGp.policy);
        }
        if (s.save) this.setVar(s.save, m.value);
        if (this.detailed()) this.push('rdmsr', `RDMSR ${hex(s.msr)}${this.why(s)}`, 'read', m.value);
        else this.count();
        return CONTINUE;
      }
      case 'wrmsr': {
        const value = this.val(s.value);
        const r = m.wrmsr(cpu, s.msr, value);
        this.syncTransitions();
        if (r === ACCESS_GP) {
          const e = this.push(
            'wrmsr',
            `WRMSR ${hex(s.msr)} <- ${hex(value)}${this.why(s)}: #GP, ${m.lastFault}`,
            '#GP',
            value,
          );
          return this.onGp(e, s.onGp ?? this.profile.onGp.policy);
        }
        if (this.detailed()) this.push('wrmsr', `WRMSR ${hex(s.msr)} <- ${hex(value)}${this.why(s)}`, 'ok', value);
        else this.count();
        return this.runStarted();
      }
      case 'mmio-read': {
        const addr = APIC_MMIO_DEFAULT + s.reg;
        const r = m.mmioRead(cpu, addr);
        if (s.save) this.setVar(s.save, m.value);
        if (r === ACCESS_MMIO_LOST) {
          const e = this.push(
            'mmio-read',
            `load ${hex(addr)}${this.why(s)}: not claimed by the vLAPIC (${m.unclaimed.kind} backend)`,
            'mmio-lost',
            m.value,
          );
          this.lost(e);
        } else if (this.detailed()) this.push('mmio-read', `load ${hex(addr)}${this.why(s)}`, 'read', m.value);
        else this.count();
        return CONTINUE;
      }
      case 'mmio-write': {
        const addr = APIC_MMIO_DEFAULT + s.reg;
        const value = Number(this.val(s.value) & 0xffffffffn);
        const r = m.mmioWrite(cpu, addr, value);
        if (r === ACCESS_MMIO_LOST) {
          const e = this.push(
            'mmio-write',
            `store ${hex(addr)} <- ${hex(value)}${this.why(s)}: ${unclaimedText(m)}`,
            'mmio-lost',
            value,
          );
          this.lost(e);
          return CONTINUE;
        }
        if (this.detailed()) this.push('mmio-write', `store ${hex(addr)} <- ${hex(value)}${this.why(s)}`, 'ok', value);
        else this.count();
        return this.runStarted();
      }
      case 'cpuid': {
        const r = m.cpuid(cpu, s.leaf, s.sub ?? 0);
        if (s.save) {
          if (s.save.eax) this.setVar(s.save.eax, BigInt(r.eax >>> 0));
          if (s.save.ebx) this.setVar(s.save.ebx, BigInt(r.ebx >>> 0));
          if (s.save.ecx) this.setVar(s.save.ecx, BigInt(r.ecx >>> 0));
          if (s.save.edx) this.setVar(s.save.edx, BigInt(r.edx >>> 0));
        }
        if (this.detailed()) {
          this.push(
            'cpuid',
            `CPUID ${hex(s.leaf)}${s.sub ? '.' + s.sub : ''}${this.why(s)}: eax=${hex(r.eax >>> 0)} ebx=${hex(r.ebx >>> 0)} ecx=${hex(r.ecx >>> 0)} edx=${hex(r.edx >>> 0)}`,
            'read',
          );
        } else this.count();
        return CONTINUE;
      }
      case 'icr':
        return this.icr(s.via, s.low, s.dest, s.why);
      case 'poll':
        return this.poll(s);
      case 'wait-irq': {
        const ok = this.deliverable(s.source);
        const e = this.push(
          'wait-irq',
          `wait for ${s.waitingFor}${this.why(s)}: ${ok ? 'deliverable' : 'no path can deliver it'}`,
          'ok',
        );
        if (ok) return CONTINUE;
        return this.hang(s, e);
      }
      case 'hypercall': {
        const t = this.apTarget;
        if (s.effect === 'vcpu-initialise') m.vcpuInitialise(t);
        else if (s.effect === 'vcpu-down') m.vcpuDown(t);
        else if (s.effect === 'vcpu-up') m.vcpuUp(t);
        if (this.detailed()) this.push('hypercall', `${s.name}${t >= 0 ? ` (vCPU ${t})` : ''}${this.why(s)}`, 'ok');
        else this.count();
        return s.effect === 'vcpu-up' ? this.runStarted() : CONTINUE;
      }
      case 'io-out':
        if (this.detailed()) this.push('io-out', `OUT ${hex(s.port)} <- ${hex(s.value)}${this.why(s)}`, 'ok', s.value);
        else this.count();
        return CONTINUE;
      case 'ioapic-pin0-extint':
        m.ioapicPin0ExtInt = true;
        this.push('ioapic', `IOAPIC pin 0 := ExtINT, unmasked, to the BSP${this.why(s)}`, 'ok');
        return CONTINUE;
      case 'set':
        this.setVar(s.var, this.val(s.value));
        return CONTINUE;
      case 'if':
        if (this.cond(s.cond)) return this.steps(s.then);
        return s.else ? this.steps(s.else) : CONTINUE;
      case 'for-each-ap': {
        for (let ap = 1; ap < m.cpus.length; ap++) {
          if (!m.cpus[ap].online) continue;
          this.apTarget = ap;
          const st = this.steps(s.steps);
          if (st === STOP) {
            this.apTarget = -1;
            return STOP;
          }
        }
        this.apTarget = -1;
        this.flushSuppressed();
        return CONTINUE;
      }
      case 'callin':
        this.calledIn[cpu] = 1;
        if (this.detailed()) this.push('callin', `AP vCPU ${cpu} reports in${this.why(s)}`, 'ok');
        else this.count();
        return CONTINUE;
      case 'note':
        if (this.detailed()) this.push('note', s.text, 'ok');
        else this.count();
        return CONTINUE;
      case 'remark':
        this.push('note', s.text, 'ok');
        if (!this.remarks.includes(s.text)) this.remarks.push(s.text);
        return CONTINUE;
      case 'conclude': {
        const e = this.push('conclude', s.explanation, 'ok');
        this.stop = {
          outcome: s.outcome,
          confidence: s.confidence,
          explanation: s.explanation,
          waitingFor: s.waitingFor,
          at: s.outcome === 'boots' ? undefined : e,
        };
        return STOP;
      }
    }
  }

  private icr(via: 'msr' | 'mmio', low: number, destSpec: 'target' | number | undefined, why?: string): Status {
    const m = this.m;
    const dest = destSpec === 'target' ? x2apicIdOf(this.apTarget) : (destSpec ?? 0);
    if (via === 'msr') {
      const value = (BigInt(dest >>> 0) << 32n) | BigInt(low >>> 0);
      const r = m.wrmsr(this.cpu, MSR_X2APIC_ICR, value);
      if (r === ACCESS_GP) {
        const e = this.push(
          'icr',
          `WRMSR 0x830 <- ${hex(value)}: ${icrText(low, dest, why)}: #GP, ${m.lastFault}`,
          '#GP',
          value,
        );
        return this.onGp(e, this.profile.onGp.policy);
      }
      if (this.detailed()) this.push('icr', `WRMSR 0x830 <- ${hex(value)}: ${icrText(low, dest, why)}`, 'ok', value);
      else this.count();
      return this.runStarted();
    }
    // xAPIC: destination into ICR2[31:24] first, the ICR low write sends.
    const r2 = m.mmioWrite(this.cpu, APIC_MMIO_DEFAULT + APIC_ICR2, (dest << 24) >>> 0);
    const r = m.mmioWrite(this.cpu, APIC_MMIO_DEFAULT + APIC_ICR, low);
    if (r === ACCESS_MMIO_LOST || r2 === ACCESS_MMIO_LOST) {
      const e = this.push(
        'icr',
        `store ICR ${hex(low)} via MMIO: ${icrText(low, dest, why)}: ${unclaimedText(m)}; no IPI sent`,
        'mmio-lost',
        low,
      );
      this.lost(e);
      return CONTINUE;
    }
    if (this.detailed()) this.push('icr', `store ICR ${hex(low)} via MMIO: ${icrText(low, dest, why)}`, 'ok', low);
    else this.count();
    return this.runStarted();
  }

  private poll(s: Extract<Step, { op: 'poll' }>): Status {
    const m = this.m;
    let ok: boolean;
    let value: bigint | undefined;
    let lost = false;
    const u = s.until;
    if (u === 'ap-callin') ok = this.apTarget >= 0 && this.calledIn[this.apTarget] === 1;
    else if (u === 'all-aps-callin') {
      ok = true;
      for (const c of m.cpus) if (c.online && !this.calledIn[c.id]) ok = false;
    } else {
      lost = m.mmioRead(this.cpu, APIC_MMIO_DEFAULT + u.mmio) === ACCESS_MMIO_LOST;
      value = m.value;
      ok = (Number(value & 0xffffffffn) & u.mask) === u.eq;
    }
    const w = this.why(s);
    if (ok) {
      if (this.detailed()) this.push('poll', `poll ${s.waitingFor}${w}: satisfied`, 'read', value);
      else this.count();
      return CONTINUE;
    }
    if (s.bound !== undefined) {
      this.push(
        'poll',
        `poll ${s.waitingFor}${w}: never satisfied, gives up after ${s.bound}`,
        lost ? 'mmio-lost' : 'read',
        value,
      );
      return CONTINUE;
    }
    const e = this.push(
      'poll',
      `poll ${s.waitingFor}${w}: never satisfied and unbounded${lost ? ` (load not claimed by the vLAPIC, ${m.unclaimed.kind} backend)` : ''}`,
      lost ? 'mmio-lost' : 'read',
      value,
    );
    return this.hang(s, e);
  }

  /** Run the current stage's AP code on every vCPU the last operation started. */
  private runStarted(): Status {
    const m = this.m;
    if (m.started.length === 0) return CONTINUE;
    const list = m.started.slice();
    const apSteps = this.profile.ap;
    const savedCpu = this.cpu;
    const savedInAp = this.inAp;
    for (const ap of list) {
      this.cpu = ap;
      this.inAp = true;
      this.locals.clear();
      if (this.detailed()) this.push('ap-start', `vCPU ${ap} starts running ${this.profile.name} AP code`, 'ok');
      else this.count();
      if (apSteps) {
        const st = this.steps(apSteps);
        if (st === STOP) {
          // An AP that stops only stops itself; the BSP notices through its own polls.
          const why = this.stop;
          this.stop = undefined;
          this.push('ap-stuck', `vCPU ${ap} did not finish: ${why ? why.explanation : 'stopped'}`, 'ok');
        }
      }
    }
    this.cpu = savedCpu;
    this.inAp = savedInAp;
    if (this.apTarget < 0 && !savedInAp) this.flushSuppressed();
    return CONTINUE;
  }
}

/** Built only for entries that are listed: most ICR writes are just counted. */
function icrText(low: number, dest: number, why: string | undefined): string {
  return `${describeIcr(low, dest)}${why ? ` (${why})` : ''}`;
}

function unclaimedText(m: Machine): string {
  switch (m.lastUnclaimed) {
    case UNCLAIMED_STORED:
      return 'not claimed by the vLAPIC; lands in the shared APIC access page (sink-page backend)';
    case UNCLAIMED_EOI:
      return 'not claimed by the vLAPIC; the intercepted write at 0xB0 is still honoured as an EOI';
    case UNCLAIMED_MSI:
      return 'not claimed by the vLAPIC; QEMU stub turns it into an MSI injection attempt';
    default:
      return `not claimed by the vLAPIC; dropped (${m.unclaimed.kind} backend)`;
  }
}

function describe(e: TraceEntry): string {
  return `${e.stage}, vCPU ${e.vcpu}: ${e.detail}`;
}

/**
 * Run a chain of profiles (loader -> firmware -> bootloader -> OS) on a machine. Each stage
 * hands over when its BSP steps complete.
 */
export function runBoot(
  machine: Machine,
  chain: readonly BootProfile[],
  flags: ReadonlySet<SetupFlag>,
  guestType: 'hvm' | 'pvh',
): BootResult {
  const run = new Run(machine, flags);
  const citations: string[] = [];
  const addCitations = (p: BootProfile): void => {
    for (const c of p.citations) if (!citations.includes(c)) citations.push(c);
  };
  let bootConfidence: Confidence = 'high';
  type Outcome = Omit<BootResult, 'trace' | 'transitions' | 'citations' | 'firstProblem' | 'stoppedAt'>;
  const result = (r: Outcome, stopEntry?: TraceEntry): BootResult => {
    run.flushSuppressed();
    const out: BootResult = { ...r, citations, trace: run.trace, transitions: run.transitions };
    const fp = run.firstProblem ?? run.stop?.at;
    if (fp) out.firstProblem = fp;
    const at = stopEntry ? run.trace.indexOf(stopEntry) : -1;
    if (at >= 0) out.stoppedAt = at;
    if (out.waitingFor === undefined) delete out.waitingFor;
    return out;
  };

  for (let i = 0; i < chain.length; i++) {
    const p = chain[i];
    run.profile = p;
    addCitations(p);
    if (!p.guestTypes.includes(guestType)) {
      return result({
        outcome: 'unknown',
        stage: p.id,
        confidence: 'low',
        explanation: `${p.name} does not run as a ${guestType.toUpperCase()} guest, so this boot path does not exist.`,
      });
    }
    run.cpu = 0;
    run.inAp = false;
    run.globals.clear();
    if (run.steps(p.bsp) === STOP) {
      const st = run.stop!;
      let explanation = st.explanation;
      const fp = run.firstProblem;
      if (fp && st.at !== fp) explanation += ` Earlier in the trace: ${describe(fp)} [${fp.result}].`;
      return result(
        {
          outcome: st.outcome,
          stage: p.id,
          waitingFor: st.waitingFor,
          confidence: st.outcome === 'boots' ? minConfidence(st.confidence, bootConfidence) : st.confidence,
          explanation,
        },
        st.at,
      );
    }
    run.flushSuppressed();
    bootConfidence = minConfidence(bootConfidence, p.bootConfidence);
    const next = chain[i + 1];
    run.trace.push({
      stage: p.id,
      vcpu: 0,
      op: 'handover',
      detail: next ? `${p.name} hands over to ${next.name}` : `${p.name} is up`,
      result: 'ok',
    });
  }

  const last = chain[chain.length - 1];
  if (run.skippedGp) {
    const { entry, profile } = run.skippedGp;
    return result(
      {
        outcome: 'faults',
        stage: profile.id,
        confidence: profile.onGp.confidence,
        explanation: `${profile.onGp.explanation} First #GP: ${describe(entry)}.`,
      },
      entry,
    );
  }
  if (run.lostInOs) {
    const { entry, profile } = run.lostInOs;
    return result({
      outcome: 'unknown',
      stage: profile.id,
      confidence: 'low',
      explanation:
        (profile.lostMmioExplanation ??
          `${profile.name} drove the xAPIC MMIO page while its vLAPIC was not in xAPIC mode, so those accesses never reached the vLAPIC; the resulting state is not modelled.`) +
        ` First lost access: ${describe(entry)}.`,
    });
  }
  let explanation = last.bootsExplanation;
  for (const r of run.remarks) explanation += ` ${r}`;
  if (run.firstProblem)
    explanation += ` Earlier problem, repaired later in the chain: ${describe(run.firstProblem)} [${run.firstProblem.result}].`;
  return result({ outcome: 'boots', stage: last.id, confidence: bootConfidence, explanation });
}
