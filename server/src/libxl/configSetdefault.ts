// libxl_create.c: libxl__domain_config_setdefault, the checks around the build-info defaults: the
// guest type (Arm has no PV), passthrough, populate-on-demand against passthrough, vNUMA and
// altp2m, nested HVM against altp2m, and the vPMU.
import { type CreateModel, enumOf, flag, items, memkb } from './createModel';
import type { DomainType, Settled } from './createReport';

const CREATE = 'libxl_create.c';

/** libxl__domain_create_info_setdefault, with libxl_arm.c's PV-to-PVH conversion. */
export function createInfoSetdefault(m: CreateModel): Settled<DomainType> {
  const t = enumOf(m.c, 'type', 'invalid') as DomainType;
  if (m.arch === 'arm' && t === 'pv') {
    m.warn(
      'relation/arm-pv-converted',
      ['type', 'builder'],
      ['Converting PV guest to PVH.', 'Arm guest are now PVH.', 'Please fix your configuration file/toolstack.'],
      'Arm has no PV guests: libxl warns and creates a PVH guest at creation',
      m.cite('libxl_arm.c', 'libxl__arch_domain_create_info_setdefault'),
    );
    return {
      value: 'pvh',
      from: 'default',
      field: 'c_info.type',
      by: 'libxl_arm.c: libxl__arch_domain_create_info_setdefault',
      why: 'Arm guests are PVH',
    };
  }
  return { value: t, from: 'config', field: 'c_info.type', by: 'xl (type/builder)' };
}

/** Passthrough: the default, the host's IOMMU, devices with it disabled, and the arch's modes. */
export function passthroughSetdefault(m: CreateModel, type: DomainType): Settled<string> {
  const cite = m.cite(CREATE, 'libxl__domain_config_setdefault');
  const needPt = items(m.config, 'pcidevs').length > 0 || items(m.config, 'dtdevs').length > 0;
  const set = enumOf(m.c, 'passthrough', 'default');
  const mode = set === 'default' ? (needPt ? 'enabled' : 'disabled') : set;
  const keys = ['passthrough', 'pci', 'dtdev'];

  if (mode !== 'disabled') {
    if (m.host.iommu === false) {
      m.refuse(
        'relation/passthrough-no-iommu',
        keys,
        ['passthrough not supported on this platform'],
        'Passthrough needs an IOMMU this host lacks: libxl refuses at creation',
        cite,
      );
    } else if (m.host.iommu === undefined) {
      m.undecide({
        rule: 'relation/passthrough-no-iommu',
        keys,
        needs: 'iommu',
        message: 'Passthrough needs an IOMMU on the host: without one libxl refuses at creation',
        citation: cite,
      });
    }
  }
  if (mode === 'disabled' && needPt) {
    m.refuse(
      'relation/passthrough-disabled',
      ['passthrough', 'pci', 'dtdev'],
      ['passthrough disabled but devices are specified'],
      'passthrough is "disabled" but devices are listed: libxl refuses at creation',
      cite,
    );
  }

  const settled = (value: string, why?: string): Settled<string> =>
    set === 'default'
      ? {
          value,
          from: 'default',
          field: 'c_info.passthrough',
          by: `${CREATE}: libxl__domain_config_setdefault`,
          why: why ?? (needPt ? 'pci/dtdev devices are listed' : 'no pci/dtdev devices'),
        }
      : { value, from: 'config', field: 'c_info.passthrough', by: 'xl (passthrough)' };
  return m.arch === 'arm' ? armPassthrough(m, mode, settled) : x86Passthrough(m, type, mode, settled);
}

/** libxl_x86.c: libxl__arch_passthrough_mode_setdefault */
function x86Passthrough(
  m: CreateModel,
  type: DomainType,
  mode: string,
  settled: (v: string, why?: string) => Settled<string>,
): Settled<string> {
  const cite = m.cite('libxl_x86.c', 'libxl__arch_passthrough_mode_setdefault');
  if (mode !== 'disabled' && type === 'pvh') {
    m.refuse(
      'relation/passthrough-pvh',
      ['pci', 'dtdev', 'passthrough'],
      ['passthrough not yet supported for x86 PVH guests'],
      'x86 PVH guests cannot have passthrough: libxl refuses at creation',
      cite,
    );
  }
  // Why the IOMMU cannot share the HAP page tables, as far as the config and host tell.
  const hap = flag(m.c, 'hap') ?? m.host.hap;
  let whynot: string | undefined;
  let decided = true;
  if (type === 'pv') whynot = 'not valid for PV domain';
  else if (m.host.iommuHapPtShare === false) whynot = 'not supported on this platform';
  else if (hap === false) whynot = 'only valid for HAP guests';
  else decided = m.host.iommuHapPtShare !== undefined && hap !== undefined;

  if (mode === 'enabled') {
    if (whynot) return settled('sync_pt', `sharing is ${whynot}`);
    if (decided) return settled('share_pt', 'the IOMMU shares the HAP page tables');
    return settled('enabled', 'share_pt or sync_pt, as the host allows');
  }
  if (mode === 'share_pt') {
    if (whynot) {
      m.refuse(
        'relation/passthrough-mode',
        ['passthrough'],
        [`passthrough="share_pt" ${whynot}`],
        shareMessage(whynot),
        cite,
      );
    } else if (!decided) {
      m.undecide({
        rule: 'relation/passthrough-mode',
        keys: ['passthrough'],
        needs: 'iommuHapPtShare',
        message: 'share_pt needs an IOMMU that shares HAP page tables: else libxl refuses at creation',
        citation: cite,
      });
    }
  }
  return settled(mode);
}

function shareMessage(whynot: string): string {
  if (whynot.startsWith('not valid')) return 'passthrough = "share_pt" is not for PV guests: libxl refuses at creation';
  if (whynot.startsWith('only valid')) return 'passthrough = "share_pt" needs HAP (hap = 1): libxl refuses at creation';
  return 'This host cannot share page tables with the IOMMU: libxl refuses share_pt at creation';
}

/** libxl_arm.c: libxl__arch_passthrough_mode_setdefault: Arm shares the page tables or nothing. */
function armPassthrough(
  m: CreateModel,
  mode: string,
  settled: (v: string, why?: string) => Settled<string>,
): Settled<string> {
  if (mode === 'enabled') return settled('share_pt', 'Arm always shares the page tables');
  if (mode !== 'disabled' && mode !== 'share_pt') {
    m.refuse(
      'relation/passthrough-mode',
      ['passthrough'],
      [`passthrough="${mode}" not supported on ARM`],
      `passthrough = "${mode}" does not exist on Arm: libxl refuses at creation`,
      m.cite('libxl_arm.c', 'libxl__arch_passthrough_mode_setdefault'),
    );
  }
  return settled(mode);
}

export interface Pod {
  pod: Settled<boolean>;
}

/**
 * Populate-on-demand: a non-PV guest whose target is below its maximum (compared before the build
 * info defaults, so an unset target is LIBXL_MEMKB_DEFAULT and never below). It cannot be combined
 * with passthrough (the IOMMU needs every page populated) or with vNUMA; and PV has no vNUMA.
 */
export function podChecks(m: CreateModel, type: DomainType, passthrough: string): Settled<boolean> {
  const cite = m.cite(CREATE, 'libxl__domain_config_setdefault');
  const target = memkb(m.b, 'target_memkb');
  const max = memkb(m.b, 'max_memkb');
  const pod = type !== 'pv' && target < max;
  const vnuma = items(m.b, 'vnuma_nodes').length > 0;
  if (pod && passthrough !== 'disabled') {
    m.refuse(
      'relation/pod-passthrough',
      ['memory', 'maxmem', 'pci', 'passthrough'],
      ['IOMMU required for device passthrough but not supported together with PoD'],
      'memory below maxmem (populate-on-demand) with passthrough: libxl refuses at creation',
      cite,
    );
  }
  if (pod && vnuma) {
    m.refuse(
      'relation/pod-vnuma',
      ['memory', 'maxmem', 'vnuma'],
      ['Cannot enable PoD and vNUMA at the same time'],
      'memory below maxmem (populate-on-demand) with vNUMA: libxl refuses at creation',
      cite,
    );
  }
  if (type === 'pv' && vnuma) {
    m.refuse(
      'relation/vnuma-pv',
      ['vnuma', 'type'],
      ['PV vNUMA is not yet supported'],
      'PV guests cannot have vNUMA: libxl refuses at creation',
      cite,
    );
  }
  return pod
    ? {
        value: true,
        from: 'default',
        field: 'b_info.target_memkb',
        by: `${CREATE}: libxl__domain_config_setdefault`,
        why: 'memory below maxmem',
      }
    : {
        value: false,
        from: 'default',
        field: 'b_info.target_memkb',
        by: `${CREATE}: libxl__domain_config_setdefault`,
        why: type === 'pv' ? 'PV guests have no PoD' : 'memory is maxmem',
      };
}

/** The altp2m mode libxl uses: `altp2m`, or on x86 HVM the legacy `altp2mhvm` (mode mixed). */
export function altp2mMode(m: CreateModel, type: DomainType): Settled<string> {
  const mode = enumOf(m.b, 'altp2m', 'disabled');
  if (type === 'pv')
    return {
      value: 'disabled',
      from: 'default',
      field: 'b_info.altp2m',
      by: 'libxl_create.c: libxl__domain_make',
      why: 'PV guests have no altp2m',
    };
  if (mode === 'disabled' && type === 'hvm' && flag(m.u, 'altp2m') === true) {
    const by = m.atLeast('4.20')
      ? 'libxl_x86.c: libxl__arch_domain_build_info_setdefault'
      : 'libxl_x86.c: hvm_set_conf_params';
    return { value: 'mixed', from: 'default', field: 'b_info.altp2m', by, why: 'altp2mhvm = 1' };
  }
  return m.b.altp2m === undefined
    ? { value: 'disabled', from: 'default', field: 'b_info.altp2m', by: 'libxl_types.idl' }
    : { value: mode, from: 'config', field: 'b_info.altp2m', by: 'xl (altp2m)' };
}

/** After the build-info defaults: nested HVM and PoD against altp2m, and the host's vPMU. */
export function altp2mChecks(m: CreateModel, type: DomainType, pod: boolean, altp2m: string, nested: boolean): void {
  const cite = m.cite(CREATE, 'libxl__domain_config_setdefault');
  const on = type !== 'pv' && altp2m !== 'disabled';
  if (type !== 'pv' && nested && on) {
    m.refuse(
      'relation/nestedhvm-altp2m',
      ['nestedhvm', 'altp2m', 'altp2mhvm'],
      ['nestedhvm and altp2mhvm cannot be used together'],
      'nestedhvm and altp2m cannot be used together: libxl refuses at creation',
      cite,
    );
  }
  if (on && pod) {
    m.refuse(
      'relation/pod-altp2m',
      ['memory', 'maxmem', 'altp2m', 'altp2mhvm'],
      ['Cannot enable PoD and ALTP2M at the same time'],
      'memory below maxmem (populate-on-demand) with altp2m: libxl refuses at creation',
      cite,
    );
  }
  if (flag(m.b, 'vpmu') === true) {
    if (m.host.vpmu === false) {
      m.refuse(
        'relation/vpmu-unsupported',
        ['vpmu'],
        ['vPMU not supported on this platform'],
        'This host has no virtual PMU for `vpmu`: libxl refuses at creation',
        cite,
      );
    } else if (m.host.vpmu === undefined) {
      m.undecide({
        rule: 'relation/vpmu-unsupported',
        keys: ['vpmu'],
        needs: 'vpmu',
        message: '`vpmu` needs Xen to offer a virtual PMU (vpmu=on): else libxl refuses at creation',
        citation: cite,
      });
    }
  }
}
