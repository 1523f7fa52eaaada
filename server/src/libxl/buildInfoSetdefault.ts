// libxl_create.c: libxl__domain_build_info_setdefault, and the arch part it calls
// (libxl_x86.c / libxl_arm.c: libxl__arch_domain_build_info_setdefault): the device model and its
// stub domain, the BIOS it pairs with, HVM direct boot, vCPUs, memory, video RAM, USB and SPICE,
// the PV shim and the grant table version.
import { firmwareDir } from './releases';
import { type CreateModel, MEMKB_DEFAULT, bitmap, enumOf, flag, int, memkb, struct, text } from './createModel';
import type { BiosType, DeviceModelVersion, DomainType, LibxlEffective, Settled } from './createReport';
import { LargeBitmap, type LibxlStruct } from './value';
import {
  GRANT_VERSION_MASK,
  HVM_MAX_VCPUS,
  LINUX_STUBDOM_MEM_MIB,
  MINIOS_STUBDOM_MEM_MIB,
  PVSHIM_BASENAME,
  PVSHIM_CMDLINE,
  STUBDOM_IMAGES,
  VIDEO_RAM,
  type VgaKind,
} from './xenLimits';

const FILE = 'libxl_create.c';
const FN = 'libxl__domain_build_info_setdefault';
const BY = `${FILE}: ${FN}`;

export interface BuildInfo {
  bType: DomainType;
  deviceModel: Omit<LibxlEffective['deviceModel'], 'runs'>;
  bios?: Settled<BiosType | undefined>;
  vga?: Settled<VgaKind>;
  videoMemkb?: Settled<bigint>;
  /** USB as the device model gets it (after SPICE redirection is dropped or implies USB 2). */
  usbversion: number;
  usbredirection: number;
  pvshim?: LibxlEffective['pvshim'];
  memory: { maxKb: Settled<bigint>; targetKb: Settled<bigint> };
  vcpus: LibxlEffective['vcpus'];
  acpi: Settled<boolean>;
  nestedHvm: Settled<boolean>;
  tscMode: Settled<string>;
}

const dflt = <T>(value: T, field: string, why?: string, by = BY): Settled<T> => ({
  value,
  from: 'default',
  field,
  by,
  ...(why ? { why } : {}),
});
const fromConfig = <T>(value: T, field: string, key: string): Settled<T> => ({
  value,
  from: 'config',
  field,
  by: `xl (${key})`,
});

export function buildInfoSetdefault(m: CreateModel, cType: DomainType): BuildInfo {
  let bType = enumOf(m.b, 'type', 'invalid') as DomainType;
  const stub = flag(m.b, 'device_model_stubdomain');
  const stubdomain =
    stub === undefined
      ? dflt(false, 'b_info.device_model_stubdomain')
      : fromConfig(stub, 'b_info.device_model_stubdomain', 'device_model_stubdomain_override');
  const version = deviceModelVersion(m, bType, stubdomain.value);

  let bios: Settled<BiosType | undefined> | undefined;
  if (bType === 'hvm') {
    bios = biosPairing(m, version, stubdomain.value);
    // Direct boot: ramdisk and cmdline are honoured only with a kernel.
    if (
      text(m.b, 'kernel') === undefined &&
      (text(m.b, 'ramdisk') !== undefined || text(m.b, 'cmdline') !== undefined)
    ) {
      m.refuse(
        'relation/hvm-direct-boot-without-kernel',
        ['ramdisk', 'cmdline', 'root', 'extra', 'kernel'],
        ['direct boot parameters specified but kernel missing'],
        'HVM ramdisk/cmdline (or root/extra) without a kernel: libxl refuses at creation',
        m.cite(FILE, FN),
      );
    }
  }
  const deviceModel: BuildInfo['deviceModel'] = { version, stubdomain };
  if (bType === 'hvm' && stubdomain.value) Object.assign(deviceModel, stubdomainImages(m, version.value));

  const vcpus = vcpuDefaults(m);
  const memory = memoryDefaults(m);

  // libxl__arch_domain_build_info_setdefault
  const acpiSet = flag(m.b, 'acpi');
  const acpi =
    acpiSet !== undefined
      ? fromConfig(acpiSet, 'b_info.acpi', 'acpi')
      : dflt(
          m.arch === 'x86',
          'b_info.acpi',
          m.arch === 'x86' ? undefined : 'ACPI is off by default on Arm',
          `libxl_${m.arch}.c: libxl__arch_domain_build_info_setdefault`,
        );
  let u = m.u;
  if (m.arch === 'arm' && bType === 'pv') {
    // The build info is re-initialised as PVH: every PV-only field is dropped.
    bType = 'pvh';
    u = {};
  }

  const out: BuildInfo = {
    bType,
    deviceModel,
    bios,
    usbversion: 0,
    usbredirection: 0,
    memory,
    vcpus,
    acpi,
    nestedHvm: nested(m, cType),
    tscMode: tscMode(m),
  };
  if (bType === 'hvm') hvmDisplay(m, version.value, out);
  if (bType === 'pvh') out.pvshim = pvshimDefaults(m, u);
  grantVersion(m);
  return out;
}

/**
 * The device model when the config names none. Up to 4.20 an HVM stub domain gets
 * qemu-xen-traditional and everything else qemu-xen, whose binary must then be found: a stub
 * domain has no local binary (libxl__domain_device_model gives NULL and access() fails with
 * EFAULT), so a PV/PVH guest with one is refused. 4.21 has only qemu-xen (commit 19ab8356ab) and
 * since commit 3c8fccd30d a missing binary leaves the version unknown instead, which only HVM
 * guests then fail on. xlcfg assumes the qemu-xen binary is installed.
 */
function deviceModelVersion(m: CreateModel, bType: DomainType, stub: boolean): Settled<DeviceModelVersion> {
  const set = m.b.device_model_version;
  if (typeof set === 'string' && set !== 'unknown')
    return fromConfig(set as DeviceModelVersion, 'b_info.device_model_version', 'device_model_version');
  const field = 'b_info.device_model_version';
  if (!m.atLeast('4.21')) {
    if (bType === 'hvm' && stub) return dflt('qemu_xen_traditional', field, 'an HVM stub domain (Xen 4.20 and older)');
    if (stub) {
      m.refuse(
        'relation/stubdomain-not-hvm',
        ['device_model_stubdomain_override', 'device_model_version'],
        ['qemu-xen access error: Bad address'],
        'Stub domains are for HVM guests: libxl refuses this one at creation',
        m.cite(FILE, FN, '4.17', '4.20'),
      );
    }
    return dflt('qemu_xen', field, 'qemu-xen is the default device model');
  }
  if (stub) return dflt('unknown', field, 'a stub domain has no local qemu-xen to find (Xen 4.21+)');
  return dflt('qemu_xen', field, 'qemu-xen is the only device model (Xen 4.21+)');
}

/** The BIOS by device model, and the pairing libxl enforces. */
function biosPairing(
  m: CreateModel,
  version: Settled<DeviceModelVersion>,
  stub: boolean,
): Settled<BiosType | undefined> {
  const set = text(m.u, 'bios') as BiosType | undefined;
  const v = version.value;
  const trad = v === 'qemu_xen_traditional';
  const removed = m.atLeast('4.21');
  const keys = ['bios', 'firmware', 'device_model_version', 'device_model_stubdomain_override'];
  const cite = m.cite(FILE, FN);
  // What libxl prints when the stub domain left the version unknown (4.21+).
  const unavailable = v === 'unknown' ? ['qemu-xen is unavailable: Bad address'] : [];
  const stubRule = 'relation/stubdomain-dm-version';
  const stubMessage = (verb: string): string =>
    `An HVM stub domain needs device_model_version = "qemu-xen" here: libxl ${verb} at creation`;
  const removedMessage = (verb: string): string =>
    `Xen ${m.release} has no qemu-xen-traditional (removed in 4.21): libxl ${verb} at creation`;
  const stubCite = m.cite(FILE, FN, '4.21');

  let bios: Settled<BiosType | undefined>;
  if (set !== undefined) bios = fromConfig(set, 'b_info.u.hvm.bios', 'bios/firmware');
  else if (v === 'qemu_xen') bios = dflt('seabios', 'b_info.u.hvm.bios', 'device model qemu-xen');
  else if (trad && !removed)
    bios = dflt(
      'rombios',
      'b_info.u.hvm.bios',
      stub && version.from === 'default'
        ? 'an HVM stub domain runs qemu-xen-traditional'
        : 'device model qemu-xen-traditional',
    );
  else {
    bios = dflt(undefined, 'b_info.u.hvm.bios', 'no device model to pair a BIOS with');
    if (v === 'unknown')
      m.refuse(
        stubRule,
        ['device_model_stubdomain_override', 'device_model_version'],
        [...unavailable, 'unknown device model version'],
        stubMessage('refuses'),
        stubCite,
      );
    else
      m.refuse(
        'relation/qemu-traditional-removed',
        ['device_model_version'],
        ['unknown device model version'],
        removedMessage('refuses'),
        m.cite(FILE, FN, '4.21'),
      );
    return bios;
  }

  if (trad && removed) {
    m.crash(
      'relation/qemu-traditional-removed',
      ['device_model_version'],
      [],
      removedMessage('aborts'),
      m.cite(FILE, FN, '4.21'),
    );
  } else if (v === 'unknown') {
    m.crash(
      stubRule,
      ['device_model_stubdomain_override', 'device_model_version'],
      unavailable,
      stubMessage('aborts'),
      stubCite,
    );
  } else if (trad && bios.value !== 'rombios') {
    const viaStub = version.from === 'default';
    m.refuse(
      'relation/bios-device-model',
      viaStub ? ['bios', 'firmware', 'device_model_stubdomain_override'] : keys,
      ['qemu-xen-traditional requires bios=rombios.'],
      viaStub
        ? `An HVM stub domain runs qemu-xen-traditional, which needs ROMBIOS: libxl refuses at creation`
        : `qemu-xen-traditional runs only ROMBIOS: libxl refuses bios "${bios.value}" at creation`,
      m.cite(FILE, FN, '4.17', '4.20'),
    );
  } else if (v === 'qemu_xen' && bios.value === 'rombios') {
    m.refuse(
      'relation/bios-device-model',
      ['bios', 'firmware', 'device_model_version'],
      ['qemu-xen does not support bios=rombios.'],
      removed
        ? 'ROMBIOS needs qemu-xen-traditional, removed in Xen 4.21: libxl refuses at creation'
        : 'ROMBIOS needs device_model_version = "qemu-xen-traditional": libxl refuses at creation',
      cite,
    );
  }
  return bios;
}

/** An HVM stub domain's kernel, ramdisk and memory, by device model. */
function stubdomainImages(m: CreateModel, v: DeviceModelVersion): Partial<LibxlEffective['deviceModel']> {
  const out: Partial<LibxlEffective['deviceModel']> = {};
  const dir = firmwareDir(m.release);
  const kernel = text(m.b, 'stubdomain_kernel');
  const ramdisk = text(m.b, 'stubdomain_ramdisk');
  const images = v === 'qemu_xen' || v === 'qemu_xen_traditional' ? STUBDOM_IMAGES[v] : undefined;
  const why = v === 'qemu_xen' ? 'a Linux stub domain (qemu-xen)' : 'a MiniOS stub domain (qemu-xen-traditional)';
  if (kernel !== undefined) out.stubdomainKernel = fromConfig(kernel, 'b_info.stubdomain_kernel', 'stubdomain_kernel');
  else if (images) out.stubdomainKernel = dflt(`${dir}/${images.kernel}`, 'b_info.stubdomain_kernel', why);
  if (ramdisk !== undefined)
    out.stubdomainRamdisk = fromConfig(ramdisk, 'b_info.stubdomain_ramdisk', 'stubdomain_ramdisk');
  else if (images?.ramdisk) out.stubdomainRamdisk = dflt(`${dir}/${images.ramdisk}`, 'b_info.stubdomain_ramdisk', why);
  const mem = memkb(m.b, 'stubdomain_memkb');
  if (mem !== MEMKB_DEFAULT) out.stubdomainMemkb = fromConfig(mem, 'b_info.stubdomain_memkb', 'stubdomain_memory');
  else
    out.stubdomainMemkb = dflt(
      BigInt((v === 'qemu_xen' ? LINUX_STUBDOM_MEM_MIB : MINIOS_STUBDOM_MEM_MIB) * 1024),
      'b_info.stubdomain_memkb',
      why,
    );
  return out;
}

function vcpuDefaults(m: CreateModel): LibxlEffective['vcpus'] {
  const maxSet = int(m.b, 'max_vcpus') ?? 0;
  const max = maxSet ? fromConfig(maxSet, 'b_info.max_vcpus', 'maxvcpus/vcpus') : dflt(1, 'b_info.max_vcpus');
  const avail = bitmap(m.b, 'avail_vcpus');
  const large = m.b.avail_vcpus instanceof LargeBitmap ? m.b.avail_vcpus.bits : undefined;
  // The size libxl compares is in bytes (libxl_bitmap_alloc rounds the bits up to bytes).
  if (Math.ceil((large ?? avail?.size ?? 0) / 8) > HVM_MAX_VCPUS) {
    m.refuse(
      'relation/vcpus-max',
      ['vcpus', 'maxvcpus'],
      ['avail_vcpus bitmap contains too many VCPUS'],
      `More than ${HVM_MAX_VCPUS * 8} vCPUs: libxl refuses at creation`,
      m.cite(FILE, FN),
    );
  }
  if (large !== undefined) {
    return { max, online: fromConfig(Math.min(large, max.value), 'b_info.avail_vcpus', 'vcpus') };
  }
  if (!avail || avail.size === 0) return { max, online: dflt(1, 'b_info.avail_vcpus', 'vCPU 0 only') };
  const online = avail.bits().filter((b) => b < max.value).length;
  return { max, online: fromConfig(online, 'b_info.avail_vcpus', 'vcpus') };
}

function memoryDefaults(m: CreateModel): BuildInfo['memory'] {
  const max = memkb(m.b, 'max_memkb');
  const target = memkb(m.b, 'target_memkb');
  const maxKb =
    max === MEMKB_DEFAULT
      ? dflt(32n * 1024n, 'b_info.max_memkb', '32 MiB')
      : fromConfig(max, 'b_info.max_memkb', 'maxmem/memory');
  const targetKb =
    target === MEMKB_DEFAULT
      ? dflt(maxKb.value, 'b_info.target_memkb', 'the maximum')
      : fromConfig(target, 'b_info.target_memkb', 'memory');
  return { maxKb, targetKb };
}

function nested(m: CreateModel, cType: DomainType): Settled<boolean> {
  const set = flag(m.b, 'nested_hvm');
  if (cType === 'pv') return dflt(false, 'b_info.nested_hvm', 'PV guests have no nested HVM');
  return set === undefined ? dflt(false, 'b_info.nested_hvm') : fromConfig(set, 'b_info.nested_hvm', 'nestedhvm');
}

function tscMode(m: CreateModel): Settled<string> {
  const set = m.b.tsc_mode;
  return typeof set === 'string'
    ? fromConfig(set, 'b_info.tsc_mode', 'tsc_mode')
    : dflt('default', 'b_info.tsc_mode', undefined, 'libxl_types.idl');
}

/** Video RAM by adapter and device model; USB and SPICE redirection. */
function hvmDisplay(m: CreateModel, v: DeviceModelVersion, out: BuildInfo): void {
  const cite = m.cite(FILE, FN);
  const kindSet = struct(m.u, 'vga').kind as VgaKind | undefined;
  out.vga = kindSet
    ? fromConfig(kindSet, 'b_info.u.hvm.vga.kind', 'vga/stdvga')
    : dflt('cirrus', 'b_info.u.hvm.vga.kind');
  const kind = out.vga.value;
  // qemu-xen-traditional's own table; anything else (qemu-xen, unknown) takes qemu-xen's.
  const trad = v === 'qemu_xen_traditional' && !m.atLeast('4.21');
  const entry = VIDEO_RAM[trad ? 'qemu_xen_traditional' : 'qemu_xen'][kind];
  const set = memkb(m.b, 'video_memkb');
  const dmName = trad ? 'QEMU_XEN_TRADITIONAL' : 'QEMU_XEN';
  if (!entry) {
    m.refuse(
      'relation/qxl-qemu-traditional',
      ['vga', 'device_model_version', 'device_model_stubdomain_override'],
      ['qemu upstream required for qxl vga'],
      'vga = "qxl" needs qemu-xen, not qemu-xen-traditional: libxl refuses at creation',
      m.cite(FILE, FN, '4.17', '4.20'),
    );
    out.videoMemkb =
      set === MEMKB_DEFAULT ? dflt(0n, 'b_info.video_memkb') : fromConfig(set, 'b_info.video_memkb', 'videoram');
    return;
  }
  const why = `${kind} on ${trad ? 'qemu-xen-traditional' : 'qemu-xen'}`;
  out.videoMemkb =
    set === MEMKB_DEFAULT
      ? dflt(BigInt(entry.def * 1024), 'b_info.video_memkb', why)
      : fromConfig(set, 'b_info.video_memkb', 'videoram');
  if (set !== MEMKB_DEFAULT && entry.min !== undefined && set < BigInt(entry.min * 1024)) {
    const printed =
      kind === 'qxl'
        ? '128 Mib videoram is the minimum for qxl default'
        : `videoram must be at least ${entry.min} MB for ${kind === 'std' ? 'STDVGA' : 'CIRRUS'} on ${dmName}`;
    m.refuse(
      'relation/videoram-too-small',
      ['videoram', 'vga', 'stdvga'],
      [printed],
      `A ${kind === 'std' ? 'stdvga' : kind} adapter needs videoram >= ${entry.min} MiB: libxl refuses at creation`,
      cite,
    );
  }
  if (trad && kind === 'cirrus' && set !== MEMKB_DEFAULT && set !== 4096n) {
    m.warn(
      'relation/videoram-ignored',
      ['videoram'],
      ['ignoring videoram other than 4 MB for CIRRUS on QEMU_XEN_TRADITIONAL'],
      "qemu-xen-traditional's Cirrus has 4 MiB whatever videoram says: libxl warns at creation",
      m.cite(FILE, FN, '4.17', '4.20'),
    );
  }

  // SPICE USB redirection needs SPICE, and implies USB 2 unless usbversion says otherwise.
  const spice = struct(m.u, 'spice');
  let redir = int(spice, 'usbredirection') ?? 0;
  if (flag(spice, 'enable') !== true && redir > 0) {
    m.warn(
      'relation/spiceusbredirection-without-spice',
      ['spiceusbredirection', 'spice'],
      ['spice disabled, disabling usbredirection'],
      'spiceusbredirection without spice = 1: libxl warns and drops it at creation',
      cite,
    );
    redir = 0;
  }
  let usbversion = int(m.u, 'usbversion') ?? 0;
  if (!usbversion && redir > 0) usbversion = 2;
  const legacyUsb =
    flag(m.u, 'usb') === true || m.u.usbdevice_list !== undefined || text(m.u, 'usbdevice') !== undefined;
  if ((usbversion || redir) && legacyUsb) {
    m.refuse(
      'relation/usb-conflict',
      ['usbversion', 'spiceusbredirection', 'usb', 'usbdevice'],
      ['usbversion and/or usbredirection cannot be enabled with usb and/or usbdevice parameters.'],
      'usbversion/spiceusbredirection cannot go with usb = 1 or usbdevice: libxl refuses at creation',
      cite,
    );
  }
  out.usbversion = usbversion;
  out.usbredirection = redir;
}

/** The PV shim's path and command line (libxl_create.c: libxl__domain_build). */
function pvshimDefaults(m: CreateModel, u: LibxlStruct): NonNullable<LibxlEffective['pvshim']> {
  const set = flag(u, 'pvshim');
  const enabled =
    set === undefined ? dflt(false, 'b_info.u.pvh.pvshim') : fromConfig(set, 'b_info.u.pvh.pvshim', 'pvshim');
  const pathSet = text(u, 'pvshim_path');
  const cmdSet = text(u, 'pvshim_cmdline');
  const extra = text(u, 'pvshim_extra');
  const path =
    pathSet !== undefined
      ? fromConfig(pathSet, 'b_info.u.pvh.pvshim_path', 'pvshim_path')
      : enabled.value
        ? dflt(`${firmwareDir(m.release)}/${PVSHIM_BASENAME}`, 'b_info.u.pvh.pvshim_path', 'XENFIRMWAREDIR/xen-shim')
        : undefined;
  // libxl__domain_build joins cmdline and extra with "%s%s%s": an unset cmdline prints "(null)".
  const base = cmdSet ?? (enabled.value ? PVSHIM_CMDLINE : '(null)');
  const line = `${base}${extra !== undefined ? ` ${extra}` : ''}`;
  const cmdline =
    path === undefined
      ? undefined
      : cmdSet !== undefined || extra !== undefined
        ? fromConfig(line, 'b_info.u.pvh.pvshim_cmdline', 'pvshim_cmdline/pvshim_extra')
        : dflt(line, 'b_info.u.pvh.pvshim_cmdline');
  if (!enabled.value && path !== undefined) {
    m.silent(
      'relation/pvshim-path-without-pvshim',
      ['pvshim_path', 'pvshim'],
      'pvshim_path without pvshim = 1: libxl still boots the guest in the shim at creation',
      m.cite(FILE, 'libxl__domain_build'),
    );
  }
  return { enabled, loaded: path !== undefined, ...(path ? { path } : {}), ...(cmdline ? { cmdline } : {}) };
}

/** max_grant_version: unset takes the host's highest; set, it must fit XEN_DOMCTL_GRANT_version_mask. */
function grantVersion(m: CreateModel): void {
  const v = int(m.b, 'max_grant_version');
  if (v === undefined || v === -1) return;
  if (v & ~GRANT_VERSION_MASK) {
    m.refuse(
      'relation/max-grant-version',
      ['max_grant_version'],
      [`max grant version ${v} out of range`],
      `max_grant_version ${v} is out of range (1..${m.arch === 'arm' ? 1 : 2}): libxl refuses at creation`,
      m.cite(FILE, FN),
    );
  }
}
