/**
 * Public entry point: simulate what every vCPU's local APIC looks like at power-on under a
 * given guest configuration (with or without the force_x2apic RFC), then run the guest's boot
 * chain against it. Pure and deterministic.
 */
import {
  ARCH_CAPS_XAPIC_DISABLE,
  CPUID7_EDX_ARCH_CAPS,
  LEGACY_XAPIC_DISABLED,
  MSR_ARCH_CAPABILITIES,
  MSR_XAPIC_DISABLE_STATUS,
} from '../vlapic/cpuid';
import { DEFAULT_DESIGN, type Design } from '../vlapic/design';
import { Access, Machine } from '../vlapic/machine';
import { type MmioBackendKind, defaultMmioBackend } from '../vlapic/mmio';
import { minConfidence, runBoot } from './engine';
import { BOOTLOADER, CUSTOM_LOADER, FIRMWARE, LOADER, OS } from './profiles/index';
import type { ApicBaseTransition, BootProfile, SetupFlag, TraceEntry } from './types';
import type { BootloaderKind, FirmwareKind, GuestOs, GuestType, HostVendor } from '../guest';
import { attribute, type Verdict } from './verdict';

export type { ApicBaseTransition, TraceEntry } from './types';
export type { BootProfile, Step, Cond, Val, Confidence, BootOutcome } from './types';
export type { Design } from '../vlapic/design';
export type { Verdict, VerdictKind } from './verdict';

export interface GuestSetup {
  type: GuestType;
  hostVendor: HostVendor;
  xenVersion: string /* e.g. '4.22', '4.18' */;
  forceX2apic: boolean;
  cpuidX2apic: boolean /* false when cpuid policy hides x2apic */;
  vcpus: number;
  maxVcpus: number;
  firmware: FirmwareKind;
  bootloader: BootloaderKind;
  os: GuestOs;
  pvshim: boolean;
  /** `version`: the Linux kernel release ('6.1', '5.15.0-91'); absent = a current kernel is assumed. */
  linux: { nox2apic: boolean; nopv: boolean; version?: string };
  /** How Xen advertises the lock (default 'rfc'). */
  design?: Design;
  mmioBackend?: 'sink-page' | 'intercepted' | 'all-ones' | 'qemu-stub'; // default chosen from vendor + type
  bugX2apicLdrVcpuId?: boolean;
}

export interface VcpuState {
  vcpu: number;
  online: boolean;
  apicBase: string /* '0x...' hex, lowercase */;
  mode: 'x2apic' | 'xapic' | 'disabled';
  apicId: number;
  ldr: string /* '0x00000001' 8 hex digits */;
  swDisabled: boolean;
  svr: string;
  lvt0: string;
  lvt1: string;
  /** Extra: HW-disabled flag (EN=0). */
  hwDisabled?: boolean;
  /** Extra: scheduled at the end of the run. */
  running?: boolean;
}

/** What the guest can learn about the lock, read back from the simulated CPUID and MSRs. */
export interface LockView {
  /** CPUID.7:EDX[29] and IA32_ARCH_CAPABILITIES bit 21 set, MSR 0xBD readable. */
  advertised: boolean;
  /** RDMSR 0x10A as the guest sees it ('#GP' on AMD). */
  archCapabilities: string;
  /** RDMSR 0xBD as the guest sees it ('#GP' when not emulated). */
  xapicDisableStatus: string;
}

export interface Simulation {
  applicable: boolean; // false for PV (no emulated local APIC)
  forceX2apic: boolean;
  /** The design simulated (how Xen advertises the lock). */
  design: Design;
  lock: LockView;
  hostCpu: HostVendor;
  mmioBackend: string;
  guest: { type: GuestType; firmware: FirmwareKind; bootloader: BootloaderKind; os: GuestOs };
  vcpus: VcpuState[]; // at power-on, before any guest code runs, for every vCPU Xen creates (maxVcpus)
  vcpusAfter: VcpuState[]; // after the simulated boot
  boot: {
    outcome: 'boots' | 'hangs' | 'faults' | 'unknown';
    stage: string;
    waitingFor?: string;
    confidence: 'high' | 'medium' | 'low';
    explanation: string;
    citations: string[];
    firstProblem?: TraceEntry;
    /** Index in `trace` of the operation the guest stops at (see BootResult.stoppedAt). */
    stoppedAt?: number;
    trace: TraceEntry[];
    transitions: ApicBaseTransition[];
  };
  /**
   * What force_x2apic does to this guest, with its cause (present only when the flag is on and
   * changes the boot, or is set on a PV guest). The force-x2apic/* rules report exactly this.
   */
  verdict?: Verdict;
  /** Extra: profile ids in the order they ran (or would run). */
  chain?: string[];
  /** Extra: adjustments made to an impossible setup (e.g. SeaBIOS on PVH). */
  notes?: string[];
}

/** 'major.minor[.patch]' (a Xen or Linux release) at least major.minor; unparsable counts as current. */
function xenAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return true;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > major || (a === major && b >= minor);
}

/** Highest number of vCPUs an HVM/PVH domain can have: HVM_MAX_VCPUS (public/hvm/hvm_info_table.h). */
export const HVM_MAX_VCPUS = 128;

/**
 * The boot chain as Xen runs it. HVM: hvmloader -> SeaBIOS|ROMBIOS|OVMF -> [GRUB] -> OS.
 * PVH: [OVMF] -> [GRUB/pvgrub] -> OS, or the PV-shim (whose inner PV guest has no LAPIC).
 * pygrub runs in dom0, not in the guest, so it is no stage.
 */
export function bootChain(setup: GuestSetup, notes: string[] = []): BootProfile[] {
  const chain: BootProfile[] = [];
  if (setup.type === 'hvm') {
    if (setup.firmware === 'custom') {
      chain.push(CUSTOM_LOADER);
      return chain;
    }
    chain.push(LOADER);
    let fw = setup.firmware;
    if (fw === 'none') {
      notes.push('HVM guests always run firmware; assuming SeaBIOS (the qemu-xen default).');
      fw = 'seabios';
    }
    chain.push(FIRMWARE[fw]);
    if (setup.bootloader === 'grub' || setup.bootloader === 'pvgrub') chain.push(BOOTLOADER.grub);
  } else {
    if (setup.firmware === 'ovmf') chain.push(FIRMWARE.ovmf);
    else if (setup.firmware === 'custom')
      notes.push('A custom firmware file does not run in a PVH guest; treating as direct boot.');
    else if (setup.firmware !== 'none')
      notes.push(`${setup.firmware} does not run in a PVH guest; treating as direct boot.`);
    if (setup.pvshim) {
      chain.push(OS.xen);
      return chain;
    }
    if (setup.bootloader === 'grub' || setup.bootloader === 'pvgrub') chain.push(BOOTLOADER.grub);
  }
  chain.push(OS[setup.os] ?? OS.unknown);
  return chain;
}

const ACCESS_GP = Access.Gp;

/** Linux releases whose behaviour differs under the lock; see profiles/linux.ts. */
const LINUX_ASSUMED = '6.11';

function flagsOf(setup: GuestSetup, chain: readonly BootProfile[]): Set<SetupFlag> {
  const f = new Set<SetupFlag>();
  if (setup.type === 'hvm') f.add('hvm');
  if (setup.type === 'pvh') f.add('pvh');
  if (Math.min(setup.vcpus, setup.maxVcpus) > 1) f.add('smp');
  if (xenAtLeast(setup.xenVersion, 4, 19)) f.add('xen>=4.19');
  if (xenAtLeast(setup.xenVersion, 4, 21)) f.add('xen>=4.21');
  const kernel = setup.linux?.version ?? LINUX_ASSUMED;
  if (xenAtLeast(kernel, 6, 1)) f.add('linux>=6.1');
  if (xenAtLeast(kernel, 6, 11)) f.add('linux>=6.11');
  if (setup.linux?.nox2apic) f.add('linux.nox2apic');
  if (setup.linux?.nopv) f.add('linux.nopv');
  if (chain.some((p) => p.id === 'seabios' || p.id === 'rombios')) f.add('bios');
  if (chain.some((p) => p.id === 'ovmf')) f.add('uefi');
  if (setup.hostVendor === 'intel') f.add('intel-host');
  return f;
}

/** Simulate, and when the flag is on, attribute the outcome (see verdict.ts). */
export function simulate(setup: GuestSetup): Simulation {
  const sim = simulateOnce(setup);
  if (!setup.forceX2apic) return sim;
  const linuxWords = setup.linux.nox2apic || (setup.linux.nopv && setup.type === 'hvm');
  const verdict = attribute(
    sim.boot,
    { applicable: sim.applicable, cpuidHidden: !setup.cpuidX2apic, linuxWords },
    (change) => {
      const s =
        change === 'flag-off'
          ? { ...setup, forceX2apic: false }
          : change === 'cpuid-visible'
            ? { ...setup, cpuidX2apic: true }
            : { ...setup, linux: { ...setup.linux, nox2apic: false, nopv: false } };
      return simulateOnce(s).boot;
    },
  );
  if (verdict) sim.verdict = verdict;
  return sim;
}

function simulateOnce(setup: GuestSetup): Simulation {
  const guest = { type: setup.type, firmware: setup.firmware, bootloader: setup.bootloader, os: setup.os };
  const mmioBackend: MmioBackendKind = setup.mmioBackend ?? defaultMmioBackend(setup.hostVendor, setup.type);

  const design = setup.design ?? DEFAULT_DESIGN;
  if (setup.type === 'pv') {
    // libxl_x86.c: libxl__arch_domain_prepare_config gives PV guests no emulation flags.
    return {
      applicable: false,
      forceX2apic: setup.forceX2apic,
      design,
      lock: { advertised: false, archCapabilities: 'not applicable', xapicDisableStatus: 'not applicable' },
      hostCpu: setup.hostVendor,
      mmioBackend: 'none',
      guest,
      vcpus: [],
      vcpusAfter: [],
      boot: {
        outcome: 'boots',
        stage: 'none',
        confidence: 'high',
        explanation:
          'PV guests have no emulated local APIC (libxl__arch_domain_prepare_config sets no emulation flags for PV), so force_x2apic has nothing to act on; interrupts arrive as event channels.',
        citations: [
          'xen: tools/libs/light/libxl_x86.c: libxl__arch_domain_prepare_config',
          'xen: xen/arch/x86/domain.c: emulation_flags_ok',
        ],
        trace: [],
        transitions: [],
      },
    };
  }

  const notes: string[] = [];
  const maxVcpus = Math.max(1, Math.min(HVM_MAX_VCPUS, Math.floor(setup.maxVcpus || setup.vcpus || 1)));
  const vcpus = Math.max(1, Math.min(maxVcpus, Math.floor(setup.vcpus || 1)));
  if (maxVcpus !== setup.maxVcpus) notes.push(`maxVcpus clamped to ${maxVcpus} (HVM_MAX_VCPUS = ${HVM_MAX_VCPUS}).`);

  const machine = new Machine({
    maxVcpus,
    vcpus,
    forceX2apic: setup.forceX2apic,
    cpuidX2apic: setup.cpuidX2apic,
    bugX2apicLdrVcpuId: setup.bugX2apicLdrVcpuId ?? false,
    hostVendor: setup.hostVendor,
    mmioBackend,
    design,
  });
  const lock = lockView(machine);
  const before = machine.snapshot();
  const chain = bootChain(setup, notes);
  const boot = runBoot(machine, chain, flagsOf(setup, chain), setup.type);
  if (setup.forceX2apic && !setup.cpuidX2apic) {
    notes.push(
      'force_x2apic with x2APIC hidden in CPUID is contradictory: EXTD is reserved, so every APIC_BASE write faults.',
    );
    boot.confidence = minConfidence(boot.confidence, 'medium');
  }
  if (design === 'xapic-disable-status' && setup.forceX2apic && !lock.advertised) {
    notes.push(
      setup.hostVendor === 'amd'
        ? 'AMD host: there is no IA32_ARCH_CAPABILITIES to advertise the lock in, so xapic-disable-status behaves as rfc.'
        : 'Host CPU vendor unknown: the lock is advertised only on Intel hosts, so this run behaves as rfc.',
    );
  }
  if (setup.os === 'linux' && setup.linux?.version === undefined && lock.advertised) {
    notes.push(
      `Linux version not given: assumed ${LINUX_ASSUMED} or later, which honours the advertised lock on every path. Linux 6.1-6.10 honours it for nox2apic only; older kernels never read it and fault as under rfc.`,
    );
  }
  const sim: Simulation = {
    applicable: true,
    forceX2apic: setup.forceX2apic,
    design,
    lock,
    hostCpu: setup.hostVendor,
    mmioBackend,
    guest,
    vcpus: before,
    vcpusAfter: machine.snapshot(),
    boot,
    chain: chain.map((p) => p.id),
  };
  if (notes.length) sim.notes = notes;
  return sim;
}

/** Read the lock's advertisement back through the guest's CPUID and RDMSR, as a guest would. */
function lockView(m: Machine): LockView {
  const edx7 = m.cpuid(0, 7, 0).edx;
  const caps = m.rdmsr(0, MSR_ARCH_CAPABILITIES) === ACCESS_GP ? undefined : m.value;
  const xds = m.rdmsr(0, MSR_XAPIC_DISABLE_STATUS) === ACCESS_GP ? undefined : m.value;
  const advertised =
    (edx7 & CPUID7_EDX_ARCH_CAPS) !== 0 &&
    caps !== undefined &&
    (caps & ARCH_CAPS_XAPIC_DISABLE) !== 0n &&
    xds !== undefined &&
    (xds & LEGACY_XAPIC_DISABLED) !== 0n;
  const hex = (v: bigint | undefined) => (v === undefined ? '#GP' : '0x' + v.toString(16));
  return { advertised, archCapabilities: hex(caps), xapicDisableStatus: hex(xds) };
}
