/**
 * Linux x86-64 (CONFIG_X86_X2APIC=y, as in distro kernels) on Xen HVM or PVH.
 * `x2` holds Linux's belief about the mode (x2apic_mode), which is what its register
 * accessors follow; after a skipped #GP the belief and the hardware disagree.
 */
import type { BootProfile, Step } from '../types';
import {
  CPUID1_ECX_X2APIC,
  EN,
  EXTD,
  ICR,
  MMIO,
  X2,
  bit,
  extdSet,
  lapicRead,
  lapicWrite,
  sendIcr,
  truthy,
} from './common';

const CPUID7_EDX_ARCH_CAPS = 1n << 29n;
const ARCH_CAPS_XAPIC_DISABLE = 1n << 21n;

const TRAMPOLINE_VECTOR = 0x9a;

/** __x2apic_disable: two writes, EN|EXTD off, then EN back on without EXTD. */
const x2apicDisable = (why: string): Step[] => [
  { op: 'rdmsr', msr: 0x1b, save: 'dis', why },
  { op: 'wrmsr', msr: 0x1b, value: { var: 'dis', clear: EN | EXTD }, why: `${why} -> __x2apic_disable` },
  { op: 'wrmsr', msr: 0x1b, value: { var: 'dis', clear: EXTD }, why: `${why} -> __x2apic_disable` },
];

/**
 * x2apic_hw_locked (Linux 6.1+, commit b8d1d163604b): IA32_ARCH_CAPABILITIES is read only when
 * CPUID.7:EDX[29] enumerates it; bit 21 then enumerates MSR 0xBD, whose bit 0 is the lock.
 * Older kernels have no such check, so `locked` stays 0.
 */
const hwLocked = (why: string): Step[] => [
  {
    op: 'if',
    cond: { all: [{ setup: 'linux>=6.1' }, bit('c7', CPUID7_EDX_ARCH_CAPS)] },
    then: [
      { op: 'rdmsr', msr: 0x10a, save: 'archCaps', why: `${why}: x2apic_hw_locked` },
      {
        op: 'if',
        cond: bit('archCaps', ARCH_CAPS_XAPIC_DISABLE),
        then: [
          { op: 'rdmsr', msr: 0xbd, save: 'xds', why: `${why}: x2apic_hw_locked` },
          { op: 'if', cond: bit('xds', 1n), then: [{ op: 'set', var: 'locked', value: 1n }] },
        ],
      },
    ],
  },
];

/** setup_local_APIC + end_local_APIC_setup, via MSRs or MMIO per belief. */
const setupLocalApic = (bsp: boolean): Step[] => [
  lapicRead('x2', X2.VERSION, MMIO.VERSION, undefined, 'setup_local_APIC: version'),
  lapicWrite('x2', X2.TPR, MMIO.TPR, 0x10n, 'setup_local_APIC: TPR'),
  lapicRead('x2', X2.SVR, MMIO.SVR, 'svr', 'setup_local_APIC'),
  {
    op: 'if',
    cond: truthy('x2'),
    then: [
      {
        op: 'wrmsr',
        msr: X2.SVR,
        value: { var: 'svr', clear: 0xffn, set: 0x1ffn },
        why: 'setup_local_APIC: enable, spurious 0xFF',
      },
    ],
    else: [
      {
        op: 'mmio-write',
        reg: MMIO.SVR,
        value: { var: 'svr', clear: 0xffn, set: 0x1ffn },
        why: 'setup_local_APIC: enable, spurious 0xFF',
      },
    ],
  },
  lapicWrite('x2', X2.LVT0, MMIO.LVT0, 0x10700n, 'setup_local_APIC: LINT0 ExtINT masked'),
  lapicWrite('x2', X2.LVT1, MMIO.LVT1, bsp ? 0x400n : 0x10400n, 'setup_local_APIC: LINT1 NMI'),
  lapicWrite('x2', X2.ESR, MMIO.ESR, 0n, 'end_local_APIC_setup: clear ESR'),
  lapicWrite('x2', X2.LVTERR, MMIO.LVTERR, 0xfen, 'end_local_APIC_setup: error vector 0xFE'),
];

export const linux: BootProfile = {
  id: 'linux',
  name: 'Linux',
  kind: 'os',
  guestTypes: ['hvm', 'pvh'],
  confidence: 'high',
  bootConfidence: 'high',
  citations: [
    'linux: arch/x86/kernel/apic/apic.c: check_x2apic, setup_nox2apic, x2apic_hw_locked, __x2apic_disable, __x2apic_enable, x2apic_disable, try_to_enable_x2apic, x2apic_setup, setup_local_APIC',
    'linux: commit b8d1d163604b "x86/apic: Don\'t disable x2APIC if locked" (x2apic_hw_locked; merged for 6.1 via tip x86_apic_for_v6.1_rc1)',
    'linux: commit 0ecc5be200c8 "x86/apic: Make x2apic_disable() work correctly" (6.11; the lock check in x2apic_disable was unreachable before)',
    'linux: arch/x86/xen/enlighten_hvm.c: xen_x2apic_available, xen_platform_hvm (nopv hook override)',
    'linux: arch/x86/kernel/head_64.S: secondary_startup_64',
    'linux: arch/x86/kernel/smpboot.c: wakeup_secondary_cpu_via_init',
  ],
  summary:
    'Follows a firmware-enabled x2APIC; clears EXTD only for nox2apic, or when the Xen x2APIC hook is false (nopv on HVM, old kernels), unless it reads an advertised lock (6.1+).',
  bootsExplanation:
    "Linux boots: it reads IA32_APIC_BASE before touching the APIC, drives it through MSRs in x2APIC mode (or switches from xAPIC to x2APIC itself, since Xen's x2apic_available hook is true), and never writes EXTD clear.",
  onGp: {
    policy: 'skip',
    explanation:
      'Linux asked to leave x2APIC and Xen refused: the WRMSR to IA32_APIC_BASE raised #GP, which Linux skips with an "unchecked MSR access error" warning. It then believes it is in xAPIC mode and programs an MMIO page the vLAPIC no longer serves: LAPIC set-up, EOIs and IPIs are lost, so expect a degraded uniprocessor boot or a hang (end state depends on the MMIO backend; low confidence beyond the #GP itself).',
    confidence: 'medium',
  },
  lostMmioExplanation:
    'Linux drove the xAPIC MMIO page while the vLAPIC was in x2APIC mode (e.g. CPUID hides x2APIC while force_x2apic starts the vCPU in x2APIC), so its LAPIC set-up never reached the vLAPIC; the end state is not modelled.',
  bsp: [
    { op: 'cpuid', leaf: 1, save: { ecx: 'c1' }, why: 'X86_FEATURE_X2APIC' },
    { op: 'cpuid', leaf: 7, save: { edx: 'c7' }, why: 'X86_FEATURE_ARCH_CAPABILITIES' },
    { op: 'set', var: 'x2', value: 0n },
    { op: 'set', var: 'locked', value: 0n },
    {
      op: 'if',
      cond: { setup: 'linux.nox2apic' },
      then: [
        { op: 'set', var: 'keepX2apic', value: 0n },
        { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'setup_nox2apic' },
        {
          op: 'if',
          cond: { all: [extdSet('base'), bit('c1', CPUID1_ECX_X2APIC)] },
          then: [
            { op: 'rdmsr', msr: X2.ID, why: 'setup_nox2apic: APIC ID < 255?' },
            ...hwLocked('setup_nox2apic'),
            {
              op: 'if',
              cond: truthy('locked'),
              then: [
                {
                  op: 'remark',
                  text: 'nox2apic was ignored: Linux read the advertised lock (x2apic_hw_locked: ARCH_CAPABILITIES bit 21, MSR 0xBD bit 0) and kept x2APIC mode ("APIC locked in x2apic mode, can\'t disable").',
                },
                { op: 'set', var: 'keepX2apic', value: 1n },
              ],
              else: x2apicDisable('setup_nox2apic'),
            },
          ],
        },
        // X86_FEATURE_X2APIC is cleared unless the lock made setup_nox2apic return early.
        { op: 'if', cond: truthy('keepX2apic'), then: [], else: [{ op: 'set', var: 'c1', value: 0n }] },
      ],
    },
    { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'check_x2apic' },
    {
      op: 'if',
      cond: { all: [extdSet('base'), bit('c1', CPUID1_ECX_X2APIC)] },
      then: [
        { op: 'set', var: 'x2', value: 1n },
        ...hwLocked('check_x2apic: X2APIC_ON_LOCKED?'),
        { op: 'rdmsr', msr: X2.ID, why: 'check_x2apic: boot APIC ID' },
        { op: 'rdmsr', msr: X2.VERSION, why: 'check_x2apic' },
      ],
      else: [
        { op: 'mmio-read', reg: MMIO.ID, why: 'register_lapic_address' },
        { op: 'mmio-read', reg: MMIO.VERSION, why: 'register_lapic_address' },
      ],
    },
    {
      op: 'if',
      cond: bit('c1', CPUID1_ECX_X2APIC),
      then: [
        {
          op: 'if',
          cond: { all: [{ setup: 'linux.nopv' }, { setup: 'hvm' }] },
          then: [
            {
              op: 'note',
              text: 'enable_IR_x2apic: no interrupt remapping and x2apic_available() is false (nopv) -> x2apic_disable',
            },
            {
              op: 'if',
              cond: { all: [truthy('locked'), { not: { setup: 'linux>=6.11' } }] },
              then: [
                {
                  op: 'conclude',
                  outcome: 'unknown',
                  confidence: 'low',
                  waitingFor: 'not established (x2apic_disable of Linux 6.1-6.10)',
                  explanation:
                    'Linux 6.1 to 6.10 sees the lock (state X2APIC_ON_LOCKED) but x2apic_disable() clears x2apic_mode before its state check and returns without disabling x2APIC or mapping the xAPIC page (fixed in 6.11 by 0ecc5be200c8, "x86/apic: Make x2apic_disable() work correctly"). The kernel then believes it is in xAPIC mode while the APIC stays in x2APIC mode; what follows was not traced.',
                },
              ],
            },
            {
              op: 'if',
              cond: truthy('x2'),
              then: [
                { op: 'rdmsr', msr: X2.ID, why: 'x2apic_disable: APIC ID < 255?' },
                ...hwLocked('x2apic_disable'),
                {
                  op: 'if',
                  cond: truthy('locked'),
                  then: [
                    {
                      op: 'remark',
                      text: 'nopv did not make Linux leave x2APIC: x2apic_disable read the advertised lock and kept x2APIC mode ("Cannot disable locked x2apic").',
                    },
                  ],
                  else: [
                    ...x2apicDisable('x2apic_disable'),
                    { op: 'set', var: 'x2', value: 0n },
                    { op: 'mmio-read', reg: MMIO.ID, why: 'apic_set_fixmap' },
                  ],
                },
              ],
            },
          ],
          else: [
            { op: 'rdmsr', msr: 0x1b, save: 'base', why: 'try_to_enable_x2apic -> x2apic_enable' },
            {
              op: 'if',
              cond: extdSet('base'),
              else: [{ op: 'wrmsr', msr: 0x1b, value: { var: 'base', set: EXTD }, why: '__x2apic_enable' }],
              then: [],
            },
            { op: 'set', var: 'x2', value: 1n },
          ],
        },
      ],
    },
    ...setupLocalApic(true),
    {
      op: 'for-each-ap',
      steps: [
        sendIcr('x2', ICR.INIT_LEVEL_ASSERT, 'target', 'wakeup_secondary_cpu_via_init: INIT assert'),
        sendIcr('x2', ICR.INIT_DEASSERT, 'target', 'INIT de-assert'),
        lapicWrite('x2', X2.ESR, MMIO.ESR, 0n, 'clear ESR'),
        sendIcr('x2', ICR.sipi(TRAMPOLINE_VECTOR), 'target', 'STARTUP'),
        sendIcr('x2', ICR.sipi(TRAMPOLINE_VECTOR), 'target', 'second STARTUP'),
        {
          op: 'poll',
          until: 'ap-callin',
          bound: '10 s',
          waitingFor: 'AP to come online (do_boot_cpu)',
          explanation: '',
        },
      ],
    },
  ],
  ap: [
    { op: 'rdmsr', msr: 0x1b, save: 'apbase', why: 'secondary_startup_64: which APIC mode?' },
    {
      op: 'if',
      cond: extdSet('apbase'),
      then: [{ op: 'rdmsr', msr: X2.ID, why: 'secondary_startup_64: APIC ID' }],
      else: [{ op: 'mmio-read', reg: MMIO.ID, why: 'secondary_startup_64: APIC ID' }],
    },
    {
      op: 'if',
      cond: { not: truthy('locked') },
      then: [
        {
          op: 'if',
          cond: { all: [{ setup: 'linux>=6.1' }, bit('c7', CPUID7_EDX_ARCH_CAPS)] },
          then: [
            { op: 'rdmsr', msr: 0x10a, save: 'apCaps', why: 'x2apic_setup: x2apic_hw_locked (lock mismatch check)' },
          ],
        },
      ],
    },
    { op: 'rdmsr', msr: 0x1b, save: 'apbase', why: 'x2apic_setup' },
    {
      op: 'if',
      cond: truthy('x2'),
      then: [
        {
          op: 'if',
          cond: extdSet('apbase'),
          then: [],
          else: [
            { op: 'wrmsr', msr: 0x1b, value: { var: 'apbase', set: EXTD }, why: 'x2apic_setup -> __x2apic_enable' },
          ],
        },
      ],
      else: [
        {
          op: 'if',
          cond: extdSet('apbase'),
          then: [
            {
              op: 'wrmsr',
              msr: 0x1b,
              value: { var: 'apbase', clear: EN | EXTD },
              why: 'x2apic_setup -> __x2apic_disable',
            },
            { op: 'wrmsr', msr: 0x1b, value: { var: 'apbase', clear: EXTD }, why: 'x2apic_setup -> __x2apic_disable' },
          ],
        },
      ],
    },
    ...setupLocalApic(false),
    { op: 'callin', why: 'cpu_callin / set_cpu_online' },
  ],
};
