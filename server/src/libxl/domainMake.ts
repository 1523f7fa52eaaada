// libxl_create.c: libxl__domain_make: the arch's last word on the create config, then Xen's
// XEN_DOMCTL_createdomain, whose checks (xen/common/domain.c: sanitise_domain_config, the arch's
// arch_sanitise_domain_config, xen/common/grant_table.c: grant_table_init) refuse with EINVAL,
// which libxl reports as "domain creation fail".
import { type CreateModel, enumOf, flag, int, struct } from './createModel';
import type { DomainType } from './createReport';
import {
  ARM_GICV2_MAX_VCPUS,
  ARM_MAX_VCPUS,
  GNTTAB_MAX_VERSION,
  HVM_MAX_VCPUS,
  INITIAL_NR_GRANT_FRAMES,
  X86_PV_MAX_VCPUS,
} from './xenLimits';

/** xen/arch/x86/include/asm/domain.h: MAX_NR_ALTP2M = MAX_EPTP = PAGE_SIZE / 8. */
const MAX_NR_ALTP2M = 512;

export interface MakeInput {
  type: DomainType;
  maxVcpus: number;
  nested: boolean;
}

export function domainMake(m: CreateModel, d: MakeInput): void {
  archPrepareConfig(m);
  if (m.arch === 'x86') x86Sanitise(m, d);
  else armSanitise(m, d);
  grantTableInit(m);
}

/** libxl_x86.c: libxl__arch_domain_prepare_config: trap_unmapped_accesses is Arm's (4.21+). */
function archPrepareConfig(m: CreateModel): void {
  if (m.arch === 'x86' && m.atLeast('4.21') && flag(m.b, 'trap_unmapped_accesses') === true) {
    m.refuse(
      'relation/trap-unmapped-x86',
      ['trap_unmapped_accesses'],
      ['trap_unmapped_accesses is not supported on x86', 'fail to get domain config'],
      'trap_unmapped_accesses = 1 is for Arm: on x86 libxl refuses at creation',
      m.cite('libxl_x86.c', 'libxl__arch_domain_prepare_config', '4.21'),
    );
  }
}

const vcpusMessage = (limit: number, what: string): string =>
  `${what} can have at most ${limit} vCPUs: Xen refuses at creation`;

/** xen/arch/x86/domain.c: arch_sanitise_domain_config (the release's own copy). */
function x86Sanitise(m: CreateModel, d: MakeInput): void {
  const cite = (extra = ''): string => `xen/arch/x86/domain.c: arch_sanitise_domain_config${extra} (${m.release})`;
  const hvm = d.type !== 'pv';
  // max_vcpus is an unsigned 32-bit field in the hypercall.
  const max = d.maxVcpus >>> 0;
  const limit = hvm ? HVM_MAX_VCPUS : X86_PV_MAX_VCPUS;
  if (max > limit)
    m.xenRefuses(
      'relation/vcpus-max',
      ['maxvcpus', 'vcpus'],
      vcpusMessage(limit, hvm ? `${d.type.toUpperCase()} guests` : 'PV guests'),
      cite(),
    );

  const hap = hvm ? flag(m.c, 'hap') : false;
  if (hvm && d.nested && hap === false) {
    m.xenRefuses(
      'relation/nestedhvm-hap',
      ['nestedhvm', 'hap'],
      'nestedhvm needs hap = 1: Xen refuses at creation',
      cite(),
    );
  }
  vmtrace(m, hvm, cite());
  // 4.19 (commit 0291089f6e) hands the altp2m mode to Xen at creation, for every guest type;
  // before, libxl set it as an HVM parameter of HVM and PVH guests only.
  const mode = enumOf(m.b, 'altp2m', 'disabled');
  if (!m.atLeast('4.19')) {
    if (!hvm && mode !== 'disabled') {
      m.silent(
        'relation/altp2m-hap',
        ['altp2m', 'type'],
        'PV guests have no altp2m: libxl ignores it at creation',
        m.cite('libxl_x86.c', 'hvm_set_conf_params', '4.17', '4.18'),
      );
    }
    return;
  }
  const on = mode !== 'disabled' || (d.type === 'hvm' && m.atLeast('4.20') && flag(m.u, 'altp2m') === true);
  if (on && hap === false) {
    m.xenRefuses(
      'relation/altp2m-hap',
      ['altp2m', 'hap', 'type'],
      hvm ? 'altp2m needs hap = 1: Xen refuses at creation' : 'PV guests cannot have altp2m: Xen refuses at creation',
      cite(),
    );
  }
  if (!m.atLeast('4.21')) return;
  // 4.21 (Xen commit 06cf6cdab4, xl/libxl commit 3712f464fd): Xen checks that it offers altp2m, and
  // the number of views; libxl's default count is 10 for HVM with altp2m, else 0.
  if (on && m.host.altp2m === false) {
    m.xenRefuses(
      'relation/altp2m-unsupported',
      ['altp2m', 'altp2mhvm'],
      'This Xen offers no altp2m (boot it with altp2m=1): Xen refuses at creation',
      cite(),
    );
  } else if (on && m.host.altp2m === undefined) {
    m.undecide({
      rule: 'relation/altp2m-unsupported',
      keys: ['altp2m', 'altp2mhvm'],
      needs: 'altp2m',
      message: 'altp2m needs Xen booted with altp2m=1: else Xen refuses at creation',
      citation: cite(),
    });
  }
  const countSet = int(m.b, 'altp2m_count');
  const count = countSet ?? (d.type === 'hvm' && on ? 10 : 0);
  if (on && count === 0) {
    m.xenRefuses(
      'relation/altp2m-count',
      ['altp2m_count', 'altp2m'],
      countSet === undefined
        ? 'altp2m on PVH needs altp2m_count >= 1: Xen refuses at creation'
        : 'altp2m_count = 0 with altp2m on: Xen refuses at creation',
      cite(),
    );
  } else if (on && count > MAX_NR_ALTP2M) {
    m.xenRefuses(
      'relation/altp2m-count',
      ['altp2m_count'],
      `altp2m_count is at most ${MAX_NR_ALTP2M}: Xen refuses ${count} at creation`,
      cite(),
    );
  } else if (!on && count > 0) {
    m.xenRefuses(
      'relation/altp2m-count',
      ['altp2m_count', 'altp2m'],
      'altp2m_count without altp2m: Xen refuses at creation',
      cite(),
    );
  }
}

/** vmtrace: HVM only, a power-of-two buffer of 4 KiB ... 64 MiB (after rounding up to pages). */
function vmtrace(m: CreateModel, hvm: boolean, cite: string): void {
  const kb = int(m.b, 'vmtrace_buf_kb');
  if (!kb) return;
  // libxl: ROUNDUP(vmtrace_buf_kb << 10, XC_PAGE_SHIFT) in 32 bits.
  const size = ((((kb << 10) >>> 0) + 0xfff) & ~0xfff) >>> 0;
  if (!hvm) {
    m.xenRefuses(
      'relation/vmtrace',
      ['vmtrace_buf_kb', 'type'],
      'PV guests have no vmtrace buffer: Xen refuses at creation',
      cite,
    );
  } else if (size < 4096 || size > 64 * 1024 * 1024 || (size & (size - 1)) !== 0) {
    m.xenRefuses(
      'relation/vmtrace',
      ['vmtrace_buf_kb'],
      'vmtrace_buf_kb must be a power of two, 4..65536: Xen refuses at creation',
      cite,
    );
  }
}

/** xen/arch/arm/domain.c: arch_sanitise_domain_config: flags Arm requires or allows; the vGIC's vCPUs. */
function armSanitise(m: CreateModel, d: MakeInput): void {
  const cite = `xen/arch/arm/domain.c: arch_sanitise_domain_config (${m.release})`;
  // Arm requires HAP and allows only IOMMU and vPMU besides: no shadow, no oos_off, no nested virt.
  const bad = [
    flag(m.c, 'hap') === false && 'hap = 0',
    flag(m.c, 'oos') === false && 'oos = 0',
    d.nested && 'nestedhvm = 1',
  ].filter(Boolean);
  if (bad.length)
    m.xenRefuses(
      'relation/arm-unsupported-flag',
      ['hap', 'oos', 'nestedhvm'],
      `Arm guests cannot have ${bad.join(', ')}: Xen refuses at creation`,
      cite,
    );
  const max = d.maxVcpus >>> 0;
  const gic = enumOf(struct(m.b, 'arch_arm'), 'gic_version', 'default');
  const effective = gic === 'default' ? m.host.gic : gic;
  if (max > ARM_MAX_VCPUS) {
    m.xenRefuses('relation/vcpus-max', ['maxvcpus', 'vcpus'], vcpusMessage(ARM_MAX_VCPUS, 'Arm guests'), cite);
  } else if (max > ARM_GICV2_MAX_VCPUS) {
    if (effective === 'v2')
      m.xenRefuses(
        'relation/vcpus-max',
        ['maxvcpus', 'vcpus', 'gic_version'],
        vcpusMessage(ARM_GICV2_MAX_VCPUS, 'Guests with a GICv2'),
        cite,
      );
    else if (effective === undefined) {
      m.undecide({
        rule: 'relation/vcpus-max',
        keys: ['maxvcpus', 'vcpus', 'gic_version'],
        needs: 'gic',
        message: `On a GICv2 host guests have at most ${ARM_GICV2_MAX_VCPUS} vCPUs: Xen refuses more at creation`,
        citation: cite,
      });
    }
  }
}

/** xen/common/grant_table.c: grant_table_init: a grant version of 1 up to what Xen allows, and a frame. */
function grantTableInit(m: CreateModel): void {
  const cite = `xen/common/grant_table.c: grant_table_init (${m.release})`;
  const v = int(m.b, 'max_grant_version');
  const most = GNTTAB_MAX_VERSION[m.arch];
  // libxl refused versions outside the mask already; what is left reaches Xen as v & 0xf.
  if (v !== undefined && v !== -1 && (v & ~0xf) === 0) {
    if (v === 0)
      m.xenRefuses(
        'relation/max-grant-version',
        ['max_grant_version'],
        'max_grant_version = 0 asks for no grant table: Xen refuses at creation',
        cite,
      );
    else if (v > most)
      m.xenRefuses(
        'relation/max-grant-version',
        ['max_grant_version'],
        `max_grant_version is at most ${most} on ${m.arch === 'x86' ? 'x86' : 'Arm'}: Xen refuses ${v} at creation`,
        cite,
      );
  }
  const frames = int(m.b, 'max_grant_frames');
  if (frames !== undefined && frames < INITIAL_NR_GRANT_FRAMES) {
    m.xenRefuses(
      'relation/max-grant-frames',
      ['max_grant_frames'],
      'max_grant_frames = 0 leaves no grant table: Xen refuses at creation',
      cite,
    );
  }
}
