/**
 * OVMF (OvmfXen.dsc: LocalApicLib = BaseXApicX2ApicLib, LAPIC-timer based delays and UEFI tick).
 * Every APIC access decides MMIO vs MSR from IA32_APIC_BASE.EXTD; nothing writes EXTD clear.
 * The reported freeze under force_x2apic has no established cause: the profile says so and
 * does not make one up.
 */
import type { BootProfile, Step } from '../types';
import { ICR, MMIO, X2, extdSet, lapicRead, lapicWrite } from './common';

const MODE: Step = { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'GetApicMode' };
const SET_MODE: Step = {
  op: 'if',
  cond: extdSet('base'),
  then: [{ op: 'set', var: 'x2', value: 1n }],
  else: [{ op: 'set', var: 'x2', value: 0n }],
};
const SIPI_VECTOR = 0x9f; // wake-up buffer below 1 MiB; the exact page does not matter here

const virtualWire: Step[] = [
  lapicWrite('x2', X2.SVR, MMIO.SVR, 0x10fn, 'ProgramVirtualWireMode: enable, spurious 0x0F'),
  lapicWrite('x2', X2.LVT0, MMIO.LVT0, 0x700n, 'ProgramVirtualWireMode: LINT0 ExtINT'),
  lapicWrite('x2', X2.LVT1, MMIO.LVT1, 0x400n, 'ProgramVirtualWireMode: LINT1 NMI'),
];

export const ovmf: BootProfile = {
  id: 'ovmf',
  name: 'OVMF',
  kind: 'firmware',
  guestTypes: ['hvm', 'pvh'],
  confidence: 'low',
  bootConfidence: 'high',
  citations: [
    'edk2: OvmfPkg/OvmfXen.dsc',
    'edk2: UefiCpuPkg/Library/BaseXApicX2ApicLib/BaseXApicX2ApicLib.c: GetApicMode, SetApicMode, SendIpi, InitializeApicTimer, ProgramVirtualWireMode',
    'edk2: OvmfPkg/Sec/SecMain.c: SecCoreStartupWithStack',
    'edk2: OvmfPkg/XenPlatformPei/Xen.c: CalibrateLapicTimer',
    'edk2: UefiCpuPkg/Library/MpInitLib/MpLib.c: MpInitLibInitialize, WakeUpAP, ApWakeupFunction',
    'edk2: OvmfPkg/LocalApicTimerDxe/LocalApicTimerDxe.c: TimerDriverSetTimerPeriod',
    'xen-devel: "[RFC PATCH for-4.22] x86/hvm: Introduce force_x2apic flag" (test report: OVMF freezes)',
  ],
  summary: 'x2APIC-aware APIC library everywhere; reported to freeze under force_x2apic for reasons not found in code.',
  bootsExplanation: 'OVMF boots the guest.',
  onGp: {
    policy: 'fatal',
    explanation: "OVMF's exception handler dead-loops on an unexpected #GP.",
    confidence: 'medium',
  },
  bsp: [
    { op: 'io-out', port: 0x21, value: 0xff, why: 'SecCoreStartupWithStack: mask 8259' },
    { op: 'io-out', port: 0xa1, value: 0xff, why: 'SecCoreStartupWithStack: mask 8259' },
    MODE,
    SET_MODE,
    lapicRead('x2', X2.SVR, MMIO.SVR, 'svr', 'InitializeApicTimer'),
    lapicWrite('x2', X2.SVR, MMIO.SVR, 0x1ffn, 'InitializeApicTimer: software-enable'),
    lapicWrite('x2', X2.LVTT, MMIO.LVTT, 0x20005n, 'InitializeApicTimer: periodic, vector 5'),
    lapicWrite('x2', X2.TMICT, MMIO.TMICT, 0xffffffffn, 'InitializeApicTimer: initial count'),
    lapicWrite('x2', X2.LVTT, MMIO.LVTT, 0x30005n, 'DisableApicTimerInterrupt'),
    lapicWrite('x2', X2.TDCR, MMIO.TDCR, 0xbn, 'CalibrateLapicTimer: divide by 1'),
    lapicRead('x2', X2.TMCCT, MMIO.TMCCT, undefined, 'CalibrateLapicTimer: current count'),
    lapicRead('x2', X2.TMCCT, MMIO.TMCCT, undefined, 'CalibrateLapicTimer: current count after 1 ms'),
    MODE,
    SET_MODE,
    ...virtualWire,
    {
      op: 'if',
      cond: { setup: 'smp' },
      then: [
        {
          op: 'if',
          cond: extdSet('base'),
          then: [
            { op: 'icr', via: 'msr', low: ICR.INIT_ALL_BUT_SELF, why: 'WakeUpAP: INIT all-excluding-self' },
            { op: 'icr', via: 'msr', low: ICR.sipiAllButSelf(SIPI_VECTOR), why: 'WakeUpAP: SIPI' },
            { op: 'icr', via: 'msr', low: ICR.sipiAllButSelf(SIPI_VECTOR), why: 'WakeUpAP: second SIPI' },
          ],
          else: [
            { op: 'icr', via: 'mmio', low: ICR.INIT_ALL_BUT_SELF, why: 'WakeUpAP: INIT all-excluding-self' },
            { op: 'icr', via: 'mmio', low: ICR.sipiAllButSelf(SIPI_VECTOR), why: 'WakeUpAP: SIPI' },
            { op: 'icr', via: 'mmio', low: ICR.sipiAllButSelf(SIPI_VECTOR), why: 'WakeUpAP: second SIPI' },
          ],
        },
        {
          op: 'poll',
          until: 'all-aps-callin',
          bound: '50 ms',
          waitingFor: 'FinishedCount (TimedWaitForApFinish)',
          explanation: '',
        },
        {
          op: 'poll',
          until: 'all-aps-callin',
          waitingFor: 'NumApsExecuting == 0',
          explanation: 'MpInitLib waits without bound for every woken AP to finish.',
          confidence: 'low',
        },
      ],
    },
    {
      op: 'if',
      cond: extdSet('base'),
      then: [
        {
          op: 'conclude',
          outcome: 'hangs',
          confidence: 'low',
          waitingFor: 'unknown (reported freeze)',
          explanation:
            'Reported; cause not established. The RFC author reports that OVMF freezes with force_x2apic, but its code path looks sound: every APIC access goes through the x2APIC-aware library (the simulated MSR accesses above all succeed), nothing writes IA32_APIC_BASE with EXTD clear, and it repairs the LAPIC state hvmloader could not set. Unverified hypotheses: an unbounded MpInitLib wait, the x2APIC periodic LAPIC-timer path its delays and UEFI tick depend on, or something outside the APIC on the hvmloader+QEMU path. A debug OvmfXen log would settle it.',
        },
      ],
    },
    lapicWrite('x2', X2.LVTT, MMIO.LVTT, 0x20020n, 'LocalApicTimerDxe: periodic, vector 0x20, unmasked'),
    lapicWrite('x2', X2.TMICT, MMIO.TMICT, 0x100000n, 'LocalApicTimerDxe: tick count'),
    {
      op: 'wait-irq',
      source: 'lapic-timer',
      why: 'UEFI timer tick',
      waitingFor: 'LAPIC timer tick (UEFI timer)',
      explanation: 'The UEFI timer is the LAPIC timer; with the LAPIC unable to deliver it, time never advances.',
    },
  ],
  ap: [
    { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'ApWakeupFunction: GetApicMode' },
    SET_MODE,
    ...virtualWire,
    lapicWrite('x2', X2.LVT0, MMIO.LVT0, 0x10700n, 'DisableLvtInterrupts'),
    lapicWrite('x2', X2.LVT1, MMIO.LVT1, 0x10400n, 'DisableLvtInterrupts'),
    lapicRead('x2', X2.ID, MMIO.ID, undefined, 'GetApicId'),
    { op: 'callin', why: 'FinishedCount++' },
  ],
};
