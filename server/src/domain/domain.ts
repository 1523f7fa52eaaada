// The domain view: what a parsed config says about the guest and its host, each fact with where
// xlcfg got it (a key, a comment directive, a setting or flag, a default, or a guess). Rules, the
// simulation, hovers and the preview all read this one object.
import type { BootloaderKind, FirmwareKind, GuestOs, GuestType, HostVendor } from '../boot/simulate';
import type { XlcfgOptions } from '../options';
import { DEFAULT_DESIGN, isDesign, type Design } from '../vlapic/design';
import { firmwareMeaning, matchBuilderPrefix, matchTypePrefix, readBool, readLong } from '../schema/getters';
import { cpuidFeatureSetting, parseCpuidLibxl, parseCpuidXend } from '../specs/cpuid';
import type { SpecParse } from '../specs/types';
import { sourceOffset, type ConfigFile, type Setting, type StringAtom, type ValueNode } from '../syntax/tree';
import { factDirectives, type FactDirective } from './directives';

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
  forceX2apic: {
    /** The key is written at all. */
    present: boolean;
    /** xl would read it as true (a valid integer, non-zero, not `+=`). */
    enabled: boolean;
    /** xl can read the value (otherwise it warns and leaves the flag off). */
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

const OS_NAMES: readonly GuestOs[] = ['linux', 'freebsd', 'netbsd', 'openbsd', 'illumos', 'windows', 'xen', 'unknown'];

export function isGuestOs(s: string): s is GuestOs {
  return (OS_NAMES as readonly string[]).includes(s);
}

export function buildDomain(file: ConfigFile, options: XlcfgOptions): Domain {
  const directives = factDirectives(file);
  const directive = (name: string): FactDirective | undefined => {
    let found: FactDirective | undefined;
    for (const d of directives) if (d.name === name) found = d;
    return found;
  };
  const keySource = (s: Setting, detail = `key \`${s.key}\``): Source => {
    const a = s.sources[s.sources.length - 1];
    return { kind: 'key', detail, start: a.keyStart, end: a.end };
  };
  const str = (key: string): { setting: Setting; value: string } | undefined => {
    const s = file.settings.get(key);
    return s && typeof s.value === 'string' ? { setting: s, value: s.value } : undefined;
  };

  // Architecture: xl.cfg cannot say it; a directive can. x86 otherwise.
  const archD = directive('arch');
  const arch: Fact<'x86' | 'arm'> =
    archD && (archD.value === 'arm' || archD.value === 'x86')
      ? { value: archD.value, source: { kind: 'directive', detail: 'comment directive `arch`', start: archD.start, end: archD.end } }
      : { value: 'x86', source: { kind: 'default', detail: 'default (x86)' } };

  // Guest type: tools/xl/xl_parse.c: parse_config_data reads `type` by prefix, else `builder`.
  let type: Fact<GuestType> = { value: arch.value === 'arm' ? 'pvh' : 'pv', source: { kind: 'default', detail: `default (${arch.value === 'arm' ? 'PVH on Arm' : 'PV on x86'})` } };
  const typeS = str('type');
  const builderS = str('builder');
  if (typeS && matchTypePrefix(typeS.value)) type = { value: matchTypePrefix(typeS.value)!, source: keySource(typeS.setting) };
  else if (builderS && matchBuilderPrefix(builderS.value)) type = { value: matchBuilderPrefix(builderS.value)!, source: keySource(builderS.setting) };

  // Firmware and bootloader.
  let firmware: Fact<FirmwareKind> = { value: 'none', source: { kind: 'default', detail: type.value === 'pv' ? 'PV guests run no firmware' : 'direct kernel boot' } };
  let bootloader: Fact<BootloaderKind> = { value: 'none', source: { kind: 'default', detail: 'none' } };
  const biosS = str('bios');
  const fwS = str('firmware');
  const kernelS = str('kernel');
  const bootloaderS = str('bootloader');
  if (type.value === 'hvm') {
    firmware = { value: 'seabios', source: { kind: 'default', detail: 'default (SeaBIOS is the HVM default)' } };
    const fwMeaning = fwS ? firmwareMeaning(fwS.value, 'hvm') : undefined;
    const biosName = biosS?.value.toLowerCase();
    // xl_parse.c reads `bios` first and `firmware` at the end of the HVM block: a firmware naming
    // a BIOS (or a prefix of "uefi") overrides `bios`; "bios" or a file path leaves it alone.
    if (biosName === 'seabios' || biosName === 'rombios' || biosName === 'ovmf') firmware = { value: biosName, source: keySource(biosS!.setting) };
    if (fwMeaning && fwS) {
      if (fwMeaning.kind === 'bios' || fwMeaning.kind === 'uefi') firmware = { value: fwMeaning.bios as FirmwareKind, source: keySource(fwS.setting) };
      else if (fwMeaning.kind === 'path' && firmware.source.kind === 'default') {
        const guessOvmf = /ovmf|uefi|\.fd$/i.test(fwS.value);
        firmware = { value: guessOvmf ? 'ovmf' : 'seabios', source: { ...keySource(fwS.setting), kind: 'guess', detail: `guess from the firmware file name in \`firmware\`` } };
      }
    }
    // Without direct kernel boot the firmware loads a bootloader from disk (usually GRUB).
    bootloader = kernelS
      ? { value: 'none', source: { ...keySource(kernelS.setting), detail: 'direct kernel boot (key `kernel`)' } }
      : { value: 'grub', source: { kind: 'guess', detail: 'guess: a bootloader on the guest disk' } };
  } else {
    if (fwS && firmwareMeaning(fwS.value, type.value).kind === 'pvgrub') bootloader = { value: 'pvgrub', source: keySource(fwS.setting) };
    else if (bootloaderS) bootloader = { value: 'pygrub', source: keySource(bootloaderS.setting) };
    if (type.value === 'pvh' && kernelS && /ovmf/i.test(kernelS.value)) firmware = { value: 'ovmf', source: { ...keySource(kernelS.setting), kind: 'guess', detail: 'guess: `kernel` names an OVMF build' } };
  }

  // PV-shim: a PVH container running Xen, which runs the PV guest.
  const pvshimS = file.settings.get('pvshim');
  const pvshimRead = pvshimS ? readBool(pvshimS.value, pvshimS.appended) : undefined;
  const pvshim = type.value === 'pvh' && !!pvshimRead?.ok && pvshimRead.value;

  // Guest OS: --guest-os, then a directive, then guesses from names.
  let os: Fact<GuestOs> = { value: 'unknown', source: { kind: 'default', detail: 'unknown (say it with `# xlcfg: guest-os=NAME`)' } };
  const osD = directive('guest-os');
  if (options.guestOs && isGuestOs(options.guestOs)) os = { value: options.guestOs, source: { kind: 'option', detail: options.guestOsOrigin ?? '--guest-os' } };
  else if (osD && isGuestOs(osD.value)) os = { value: osD.value, source: { kind: 'directive', detail: 'comment directive `guest-os`', start: osD.start, end: osD.end } };
  else if (pvshim) os = { value: 'xen', source: { ...keySource(pvshimS!), detail: 'key `pvshim` (Xen runs as the PVH guest)' } };
  else {
    const guess = guessOs(file);
    if (guess) os = guess;
  }

  // Host CPU vendor: an explicit flag, a directive, the setting, then /proc/cpuinfo for `auto`.
  let hostCpu: Fact<HostVendor> = { value: 'unknown', source: { kind: 'default', detail: 'unknown' } };
  const hostD = directive('host-cpu');
  const explicit = options.hostCpu !== 'auto' ? { value: options.hostCpu, source: { kind: 'option' as const, detail: options.hostCpuOrigin } } : undefined;
  if (explicit && options.hostCpuOrigin.startsWith('--')) hostCpu = explicit;
  else if (hostD && (hostD.value === 'intel' || hostD.value === 'amd')) hostCpu = { value: hostD.value, source: { kind: 'directive', detail: 'comment directive `host-cpu`', start: hostD.start, end: hostD.end } };
  else if (explicit) hostCpu = explicit;
  else if (options.hostCpuAuto) hostCpu = { value: options.hostCpuAuto.vendor, source: { kind: 'detected', detail: options.hostCpuAuto.origin } };

  // vCPUs: xl_parse.c reads `vcpus` (values < 1 become 1) and `maxvcpus` (defaults to vcpus).
  const vcpusS = file.settings.get('vcpus');
  const vcpusR = vcpusS ? readLong(vcpusS.value, vcpusS.appended) : undefined;
  const vcpus: Fact<number> =
    vcpusS && vcpusR?.ok ? { value: Math.max(1, vcpusR.n), source: keySource(vcpusS) } : { value: 1, source: { kind: 'default', detail: 'default (1)' } };
  const maxS = file.settings.get('maxvcpus');
  const maxR = maxS ? readLong(maxS.value, maxS.appended) : undefined;
  const maxVcpus: Fact<number> =
    maxS && maxR?.ok && maxR.n >= 1 ? { value: maxR.n, source: keySource(maxS) } : { value: vcpus.value, source: { kind: 'default', detail: 'equal to vcpus' } };

  // force_x2apic would be read like msr_relaxed: xlu_cfg_get_defbool (an integer, not `+=`).
  const fxS = file.settings.get('force_x2apic');
  const fxR = fxS ? readBool(fxS.value, fxS.appended) : undefined;
  const forceX2apic = { present: !!fxS, readable: !!fxR?.ok, enabled: !!fxR?.ok && fxR.value, setting: fxS };

  // Design: an explicit --design, then a directive, then the setting / xlcfg.json, then rfc.
  let design: Fact<Design> = { value: DEFAULT_DESIGN, source: { kind: 'default', detail: `default (${DEFAULT_DESIGN})` } };
  const designD = directive('design');
  const designOpt = options.design && isDesign(options.design) ? { value: options.design, source: { kind: 'option' as const, detail: options.designOrigin ?? 'option' } } : undefined;
  if (designOpt && (options.designForced || (options.designOrigin ?? '').startsWith('--'))) design = designOpt;
  else if (designD && isDesign(designD.value)) design = { value: designD.value, source: { kind: 'directive', detail: 'comment directive `design`', start: designD.start, end: designD.end } };
  else if (designOpt) design = designOpt;

  const versionD = directive('linux-version');
  const linuxVersion: Fact<string> | undefined =
    versionD && /^\d+\.\d+/.test(versionD.value)
      ? { value: versionD.value, source: { kind: 'directive', detail: 'comment directive `linux-version`', start: versionD.start, end: versionD.end } }
      : undefined;

  return {
    arch,
    type,
    firmware,
    bootloader,
    os,
    hostCpu,
    xenVersion: { value: options.xenVersion, source: { kind: 'option', detail: 'target Xen version (xlcfg.xenVersion / --xen-version)' } },
    vcpus,
    maxVcpus,
    pvshim,
    forceX2apic,
    cpuidX2apic: cpuidX2apic(file),
    design,
    ...(linuxVersion ? { linuxVersion } : {}),
    linux: linuxWords(file),
    directives,
  };
}

/** The value node a setting's final value came from, when it came from a single statement. */
export function settingNode(s: Setting): ValueNode | undefined {
  return s.sources.length === 1 ? s.sources[0].value : undefined;
}

/** Offsets of text [i, j) of a string atom's decoded value. */
export function atomSpan(atom: StringAtom, i: number, j: number): Span {
  return { start: sourceOffset(atom, i), end: Math.max(sourceOffset(atom, i), sourceOffset(atom, j)) };
}

function cpuidX2apic(file: ConfigFile): { hidden: boolean; span?: Span } {
  const s = file.settings.get('cpuid');
  if (!s) return { hidden: false };
  const node = settingNode(s);
  let parses: SpecParse[];
  let atoms: Array<StringAtom | undefined>;
  if (typeof s.value === 'string') {
    parses = [parseCpuidLibxl(s.value)];
    atoms = [node?.kind === 'string' ? node : undefined];
  } else {
    const items = s.value;
    parses = items.map((v) => (typeof v === 'string' ? parseCpuidXend(v) : { syntax: 'cpuid-xend', fields: [], problems: [], summary: [] }));
    atoms = items.map((_, k) => (node?.kind === 'list' && node.items[k]?.kind === 'string' ? (node.items[k] as StringAtom) : undefined));
  }
  const hit = cpuidFeatureSetting(parses, 'x2apic');
  if (!hit || hit.value !== '0') return { hidden: false };
  const atom = atoms[hit.index];
  return { hidden: true, span: atom ? atomSpan(atom, hit.start, hit.end) : undefined };
}

/**
 * `nox2apic` / `nopv` in the kernel command line xl builds: `cmdline` when it is a string,
 * otherwise "root=" + root + " " + extra (xl_parse.c: parse_config_data). Words after a lone `--`
 * go to init, not to the kernel. A span marked `inKey` points at a key because the word was built
 * across `+=` pieces and has no single place in the text.
 */
function linuxWords(file: ConfigFile): Domain['linux'] {
  const out: Domain['linux'] = {};
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
    if (!v || v.kind !== 'string') break;
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
          return { value: os, source: { kind: 'guess', detail: `guess from \`${key}\``, start: a.keyStart, end: a.end } };
        }
      }
    }
  }
  return undefined;
}
