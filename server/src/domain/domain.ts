// The domain view: what xl and libxl make of a config, plus what the config cannot say (the
// guest OS, the host CPU), each fact with where xlcfg got it. Built from the xl stage's libxl
// domain config (never by reading keys again) and the libxl stage's defaults; rules, the
// simulation, hovers and the preview all read this one object.
import {
  isArch,
  isGuestOs,
  isKnownHostVendor,
  type BootloaderKind,
  type FirmwareKind,
  type GuestOs,
  type GuestType,
  type HostVendor,
} from '../guest';
import type { LibxlCreateResult, LibxlEffective } from '../libxl/createReport';
import type { LibxlBitmap, LibxlStruct } from '../libxl/value';
import type { XlcfgOptions } from '../options';
import { KEYS, keyInfo } from '../schema/catalogue';
import { cpuidFeatureSetting } from '../specs/cpuid';
import { DEFAULT_DESIGN, isDesign, type Design } from '../vlapic/design';
import type { SpecParse } from '../specs/types';
import { sourceOffset, type ConfigFile, type Setting, type StringAtom } from '../syntax/tree';
import { Xlu } from '../xl/libxlu';
import type { XlResult } from '../xl/parseConfigData';
import { firmwareDir } from '../libxl/releases';
import { factAccepts, factDirectives, type FactDirective } from './directives';

export type SourceKind = 'key' | 'directive' | 'option' | 'default' | 'guess' | 'detected';

export interface Source {
  kind: SourceKind;
  /** Human wording: "key `type`", "comment directive", "setting xlcfg.host.cpuVendor", "default". */
  detail: string;
  /** Offsets in the file, when the fact comes from text in it. */
  start?: number;
  end?: number;
}

export interface Fact<T> {
  value: T;
  source: Source;
}

/** A position in the file: offsets into `file.text`. */
export interface Span {
  start: number;
  end: number;
}

export interface Domain {
  arch: Fact<'x86' | 'arm'>;
  type: Fact<GuestType>;
  firmware: Fact<FirmwareKind>;
  bootloader: Fact<BootloaderKind>;
  os: Fact<GuestOs>;
  hostCpu: Fact<HostVendor>;
  xenVersion: Fact<string>;
  vcpus: Fact<number>;
  maxVcpus: Fact<number>;
  pvshim: boolean;
  /** What libxl fills in after xl (device model, BIOS, ...). */
  libxl: LibxlEffective;
  forceX2apic: {
    /** The key is written at all. */
    present: boolean;
    /** The RFC's xl would read it as true (a valid integer, non-zero, not `+=`). */
    enabled: boolean;
    /** The RFC's xl can read the value (otherwise it warns and leaves the flag off). */
    readable: boolean;
    setting?: Setting;
  };
  /** The cpuid policy clears the x2APIC feature (`x2apic=0` or leaf 1 ECX bit 21 forced to 0). */
  cpuidX2apic: { hidden: boolean; span?: Span };
  /** How Xen advertises the x2APIC lock (the design simulated): --design, a directive, a setting. */
  design: Fact<Design>;
  /** The Linux kernel release, when a `# xlcfg: linux-version=` directive states it. */
  linuxVersion?: Fact<string>;
  /** Linux command-line words that make Linux leave x2APIC mode. */
  linux: { nox2apic?: Span & { inKey?: boolean }; nopv?: Span & { inKey?: boolean }; cmdlineKey?: string };
  directives: FactDirective[];
}

/**
 * The architecture: a `# xlcfg: arch=` directive, else Arm when the file uses Arm-only keys and no
 * x86-only one (so working Arm configs are not flagged key by key), else x86.
 */
export function archOf(
  file: ConfigFile,
  directives: readonly FactDirective[],
): Fact<'x86' | 'arm'> & { inferredFrom?: string } {
  const d = lastDirective(directives, 'arch');
  if (d && isArch(d.value)) {
    return {
      value: d.value,
      source: { kind: 'directive', detail: 'comment directive `arch`', start: d.start, end: d.end },
    };
  }
  // Usually no Arm-only key is set: a few lookups tell, instead of one per setting (thousands in a
  // generated file). Otherwise the scan below names the first one, in the file's order.
  ARM_ONLY ??= KEYS.filter((k) => k.arch === 'arm').map((k) => k.name);
  if (!ARM_ONLY.some((k) => file.settings.has(k)))
    return { value: 'x86', source: { kind: 'default', detail: 'default (x86)' } };
  let armKey: string | undefined;
  let x86Key = false;
  file.settings.forEach((_, k) => {
    const a = keyInfo(k)?.arch;
    if (a === 'arm') armKey ??= k;
    else if (a === 'x86') x86Key = true;
  });
  if (armKey && !x86Key)
    return {
      value: 'arm',
      source: { kind: 'guess', detail: `the file uses the Arm-only key \`${armKey}\`` },
      inferredFrom: armKey,
    };
  return { value: 'x86', source: { kind: 'default', detail: 'default (x86)' } };
}

/** The catalogue's Arm-only keys (made on first use). */
let ARM_ONLY: string[] | undefined;

function lastDirective(directives: readonly FactDirective[], name: string): FactDirective | undefined {
  let found: FactDirective | undefined;
  for (const d of directives) if (d.name === name) found = d;
  return found;
}

export function buildDomain(
  file: ConfigFile,
  xl: XlResult,
  created: LibxlCreateResult,
  options: XlcfgOptions,
  arch = archOf(file, factDirectives(file)),
): Domain {
  const directives = factDirectives(file);
  const config = xl.config;
  const c = (config.c_info as LibxlStruct | undefined) ?? {};
  const b = (config.b_info as LibxlStruct | undefined) ?? {};
  const u = (b.u as LibxlStruct | undefined) ?? {};
  const keySource = (key: string, detail = `key \`${key}\``): Source => {
    const s = file.settings.get(key);
    const a = s?.sources[s.sources.length - 1];
    return a ? { kind: 'key', detail, start: a.keyStart, end: a.end } : { kind: 'default', detail };
  };
  const read = (key: string): boolean => xl.reads.has(key) && file.settings.has(key);

  const libxl = created.effective;

  // Guest type: xl's c_info.type (from `type`, `builder` or xl's default); on Arm libxl makes PV
  // into PVH (libxl_arm.c: libxl__arch_domain_create_info_setdefault).
  const xlType = (c.type as GuestType | undefined) ?? 'pv';
  let type: Fact<GuestType>;
  if (read('type') && file.settings.get('type')!.value === typeValue(file, 'type'))
    type = { value: xlType, source: keySource('type') };
  else if (read('builder') && typeof file.settings.get('builder')!.value === 'string')
    type = { value: xlType, source: keySource('builder') };
  else
    type = {
      value: xlType,
      source: { kind: 'default', detail: `default (${xlType === 'pvh' ? 'PVH on Arm' : 'PV on x86'})` },
    };
  if (libxl.type.value !== xlType)
    type = {
      value: libxl.type.value,
      source: { kind: 'default', detail: 'libxl converts this PV guest to PVH on Arm' },
    };

  // Firmware: HVM runs hvmloader, then the BIOS libxl picks (from `bios`/`firmware`, else by the
  // device model), unless `firmware` names a file that replaces hvmloader.
  let firmware: Fact<FirmwareKind> = {
    value: 'none',
    source: { kind: 'default', detail: type.value === 'pv' ? 'PV guests run no firmware' : 'direct kernel boot' },
  };
  let bootloader: Fact<BootloaderKind> = { value: 'none', source: { kind: 'default', detail: 'none' } };
  if (type.value === 'hvm') {
    const bios = libxl.hvm?.bios;
    if (libxl.hvm?.customLoader) {
      const key =
        read('firmware') && u.firmware === file.settings.get('firmware')!.value ? 'firmware' : 'firmware_override';
      firmware = { value: 'custom', source: keySource(key, `key \`${key}\` (a file that replaces hvmloader)`) };
    } else if (bios?.value && bios.from === 'config') {
      const key = read('firmware') && firmwareNamesBios(file) ? 'firmware' : 'bios';
      firmware = { value: bios.value, source: keySource(key) };
    } else if (bios?.value) {
      firmware = {
        value: bios.value,
        source: { kind: 'default', detail: `libxl's default${bios.why ? ` (${bios.why})` : ''}` },
      };
    } else {
      firmware = {
        value: 'seabios',
        source: { kind: 'guess', detail: 'libxl stops before choosing a BIOS; SeaBIOS assumed' },
      };
    }
    bootloader =
      b.kernel !== undefined
        ? { value: 'none', source: keySource('kernel', 'direct kernel boot (key `kernel`)') }
        : { value: 'grub', source: { kind: 'guess', detail: 'guess: a bootloader on the guest disk' } };
  } else {
    const kernel = b.kernel as string | undefined;
    if (
      kernel !== undefined &&
      /^.*\/pvgrub(32|64)?[^/]*\.bin$/.test(kernel) &&
      kernel.startsWith(firmwareDir(xl.release)) &&
      read('firmware')
    ) {
      bootloader = { value: 'pvgrub', source: keySource('firmware') };
    } else if (b.bootloader !== undefined) bootloader = { value: 'pygrub', source: keySource('bootloader') };
    if (type.value === 'pvh' && kernel !== undefined && /ovmf/i.test(kernel)) {
      firmware = {
        value: 'ovmf',
        source: { ...keySource('kernel'), kind: 'guess', detail: 'guess: `kernel` names an OVMF build' },
      };
    }
  }

  // libxl loads the shim whenever a shim path is set, even with pvshim off (libxl_dom.c).
  const pvshim = type.value === 'pvh' && !!libxl.pvshim?.loaded;

  // Guest OS: --guest-os, then a directive, then guesses from names.
  let os: Fact<GuestOs> = {
    value: 'unknown',
    source: { kind: 'default', detail: 'unknown (say it with `# xlcfg: guest-os=NAME`)' },
  };
  const osD = lastDirective(directives, 'guest-os');
  if (options.guestOs && isGuestOs(options.guestOs))
    os = { value: options.guestOs, source: { kind: 'option', detail: options.guestOsOrigin ?? '--guest-os' } };
  else if (osD && isGuestOs(osD.value))
    os = {
      value: osD.value,
      source: { kind: 'directive', detail: 'comment directive `guest-os`', start: osD.start, end: osD.end },
    };
  else if (pvshim) os = { value: 'xen', source: keySource('pvshim', 'key `pvshim` (Xen runs as the PVH guest)') };
  else {
    const guess = guessOs(file);
    if (guess) os = guess;
  }

  // Host CPU vendor: an explicit flag, a directive, the setting, then the detected host.
  let hostCpu: Fact<HostVendor> = { value: 'unknown', source: { kind: 'default', detail: 'unknown' } };
  const hostD = lastDirective(directives, 'host-cpu');
  const explicit =
    options.hostCpu !== 'auto'
      ? { value: options.hostCpu, source: { kind: 'option' as const, detail: options.hostCpuOrigin } }
      : undefined;
  if (explicit && options.hostCpuOrigin.startsWith('--')) hostCpu = explicit;
  else if (hostD && isKnownHostVendor(hostD.value))
    hostCpu = {
      value: hostD.value,
      source: { kind: 'directive', detail: 'comment directive `host-cpu`', start: hostD.start, end: hostD.end },
    };
  else if (explicit) hostCpu = explicit;
  else if (options.hostCpuAuto)
    hostCpu = { value: options.hostCpuAuto.vendor, source: { kind: 'detected', detail: options.hostCpuAuto.origin } };

  // vCPUs: what libxl starts with (avail_vcpus) and can ever have (max_vcpus).
  const vcpus: Fact<number> = {
    value: libxl.vcpus.online.value,
    source: read('vcpus') ? keySource('vcpus') : { kind: 'default', detail: 'default (1)' },
  };
  const maxVcpus: Fact<number> = {
    value: libxl.vcpus.max.value,
    source: read('maxvcpus') ? keySource('maxvcpus') : { kind: 'default', detail: 'equal to vcpus' },
  };

  // Design: an explicit --design, then a directive, then the setting / xlcfg.json, then rfc.
  let design: Fact<Design> = {
    value: DEFAULT_DESIGN,
    source: { kind: 'default', detail: `default (${DEFAULT_DESIGN})` },
  };
  const designD = lastDirective(directives, 'design');
  const designOpt =
    options.design && isDesign(options.design)
      ? { value: options.design, source: { kind: 'option' as const, detail: options.designOrigin ?? 'option' } }
      : undefined;
  if (designOpt && (options.designForced || (options.designOrigin ?? '').startsWith('--'))) design = designOpt;
  else if (designD && isDesign(designD.value))
    design = {
      value: designD.value,
      source: { kind: 'directive', detail: 'comment directive `design`', start: designD.start, end: designD.end },
    };
  else if (designOpt) design = designOpt;

  const versionD = lastDirective(directives, 'linux-version');
  const linuxVersion: Fact<string> | undefined =
    versionD && factAccepts('linux-version', versionD.value)
      ? {
          value: versionD.value,
          source: {
            kind: 'directive',
            detail: 'comment directive `linux-version`',
            start: versionD.start,
            end: versionD.end,
          },
        }
      : undefined;

  return {
    arch,
    type,
    firmware,
    bootloader,
    os,
    hostCpu,
    xenVersion: {
      value: options.xenVersion,
      source: { kind: 'option', detail: 'target Xen version (xlcfg.xenVersion / --xen-version)' },
    },
    vcpus,
    maxVcpus,
    pvshim,
    libxl,
    forceX2apic: forceX2apicFact(file),
    design,
    ...(linuxVersion ? { linuxVersion } : {}),
    cpuidX2apic: cpuidX2apic(xl),
    linux: linuxWords(file, xl),
    directives,
  };
}

/** The value of a string key when xl read it as one string (for provenance checks). */
function typeValue(file: ConfigFile, key: string): string | undefined {
  const v = file.settings.get(key)?.value;
  return typeof v === 'string' ? v : undefined;
}

/** `firmware` set the BIOS (a BIOS name, or a prefix of "uefi"), not a path. */
function firmwareNamesBios(file: ConfigFile): boolean {
  const v = typeValue(file, 'firmware');
  return v !== undefined && (/^(rombios|seabios|ovmf)$/i.test(v) || 'uefi'.startsWith(v));
}

/**
 * force_x2apic as the RFC's xl reads it (xlu_cfg_get_defbool, like msr_relaxed), whether or not a
 * released xl would: the simulation shows what the proposal would do.
 */
function forceX2apicFact(file: ConfigFile): Domain['forceX2apic'] {
  const setting = file.settings.get('force_x2apic');
  if (!setting) return { present: false, enabled: false, readable: false };
  const r = new Xlu(file, () => undefined).getDefbool('force_x2apic', true);
  return { present: true, readable: r.ok, enabled: r.ok && r.value, setting };
}

/** Offsets of text [i, j) of a string atom's decoded value. */
export function atomSpan(atom: StringAtom, i: number, j: number): Span {
  return { start: sourceOffset(atom, i), end: Math.max(sourceOffset(atom, i), sourceOffset(atom, j)) };
}

/** x2apic=0 in the cpuid strings xl parsed (from the xl stage's parses; nothing is parsed again). */
function cpuidX2apic(xl: XlResult): Domain['cpuidX2apic'] {
  const uses = xl.specUses.filter((u) => u.key === 'cpuid');
  if (!uses.length) return { hidden: false };
  const parses: SpecParse[] = uses.map((u) => u.parse);
  const hit = cpuidFeatureSetting(parses, 'x2apic');
  if (hit?.value !== '0') return { hidden: false };
  const use = uses[hit.index];
  return { hidden: true, span: use.atom ? atomSpan(use.atom, hit.start, hit.end) : use.fallback };
}

/**
 * `nox2apic` / `nopv` in the kernel command line xl built (b_info.cmdline): from `cmdline` when xl
 * used it, else from "root=" + root + " " + extra. Words after a lone `--` go to init.
 */
function linuxWords(file: ConfigFile, xl: XlResult): Domain['linux'] {
  const out: Domain['linux'] = {};
  const b = (xl.config.b_info as LibxlStruct | undefined) ?? {};
  if (b.cmdline === undefined) return out;
  const cmdline = file.settings.get('cmdline');
  const keys = cmdline && typeof cmdline.value === 'string' ? ['cmdline'] : ['root', 'extra'];
  for (const key of keys) {
    const s = file.settings.get(key);
    if (!s || typeof s.value !== 'string') continue;
    const end = /(?:^|\s)--(?:\s|$)/.exec(s.value)?.index ?? s.value.length;
    const text = s.value.slice(0, end);
    // The first word of `root` is glued to "root=", so it is never a parameter of its own.
    const words = key === 'root' ? /\s(nox2apic|nopv|xen_nopv)(?=\s|$)/g : /(?:^|\s)(nox2apic|nopv|xen_nopv)(?=\s|$)/g;
    for (let m = words.exec(text); m; m = words.exec(text)) {
      const i = m.index + m[0].length - m[1].length;
      const span = wordSpan(s, i, i + m[1].length);
      if (m[1] === 'nox2apic') out.nox2apic ??= span;
      else out.nopv ??= span;
      out.cmdlineKey = key;
    }
  }
  return out;
}

/** Where characters [i, j) of a string setting's value stand in the text, across `+=` pieces. */
function wordSpan(s: Setting, i: number, j: number): Span & { inKey?: boolean } {
  let at = 0;
  for (const a of s.sources) {
    const v = a.value;
    if (v?.kind !== 'string') break;
    const len = v.value.length;
    if (i >= at && j <= at + len) return atomSpan(v, i - at, j - at);
    at += len;
  }
  const last = s.sources[s.sources.length - 1];
  return { start: last.keyStart, end: last.keyEnd, inKey: true };
}

const OS_HINTS: Array<[RegExp, GuestOs]> = [
  [/netbsd/i, 'netbsd'],
  [/freebsd/i, 'freebsd'],
  [/openbsd/i, 'openbsd'],
  [/illumos|openindiana|omnios|smartos|solaris/i, 'illumos'],
  [/windows|win(?:7|8|10|11|xp|2k|20\d\d)/i, 'windows'],
  [/xen-shim|pvshim/i, 'xen'],
  [/vmlinu[xz]|linux|debian|ubuntu|centos|fedora|alpine|archlinux|rhel|suse|gentoo/i, 'linux'],
];

/** A guess from file names the config mentions; said to be a guess wherever it is shown. */
function guessOs(file: ConfigFile): Fact<GuestOs> | undefined {
  for (const key of ['kernel', 'name', 'disk', 'ramdisk']) {
    const s = file.settings.get(key);
    if (!s) continue;
    const texts = typeof s.value === 'string' ? [s.value] : s.value.filter((v): v is string => typeof v === 'string');
    for (const t of texts) {
      for (const [re, os] of OS_HINTS) {
        if (re.test(t)) {
          const a = s.sources[s.sources.length - 1];
          return {
            value: os,
            source: { kind: 'guess', detail: `guess from \`${key}\``, start: a.keyStart, end: a.end },
          };
        }
      }
    }
  }
  return undefined;
}

export type { LibxlBitmap };
