// What the libxl stage tells the rest of xlcfg: the values libxl settles on for a domain (each
// with where it came from) and what libxl (or Xen, when the create hypercall fails) says or does
// at creation, each cited to the function and the releases it holds for.
import type { XlEffect } from '../xl/report';

/** The releases whose libxl is modelled (xl's target versions map onto them; see xl/release.ts). */
export type LibxlRelease = '4.17' | '4.18' | '4.19' | '4.20' | '4.21' | '4.22';

export const LIBXL_RELEASES: readonly LibxlRelease[] = ['4.17', '4.18', '4.19', '4.20', '4.21', '4.22'];

/** A value libxl uses, with where it came from. */
export interface Settled<T> {
  value: T;
  /** `config`: the domain config xl built holds it; `default`: libxl filled it in. */
  from: 'config' | 'default';
  /** Where it lives in libxl's domain config (`b_info.u.hvm.bios`). */
  field: string;
  /** The libxl (or Xen) function that settles it, with its file. */
  by: string;
  /** What a default rests on, in words ("device model qemu-xen-traditional", "Xen 4.21+"). */
  why?: string;
}

export interface LibxlReport {
  /** refusal: creation fails; crash: libxl aborts (xl dies); warning: libxl logs WARN and goes on;
   *  silent: libxl changes or ignores something without a word. */
  effect: XlEffect;
  /** The xlcfg rule it is shown under. */
  rule: string;
  /** The config keys it is about, most specific first (the caller ranges it on the first one the
   *  file sets; none set: the file as a whole). */
  keys: string[];
  /** What libxl logs, in its own words (without the `libxl: error: file:line:function: ` prefix). */
  printed: string[];
  /** xlcfg's one line (at most 100 characters, says "at creation"). */
  message: string;
  /** `tools/libs/light/<file>.c: <function> (<releases>)`, or the Xen function for Xen's refusals. */
  citation: string;
  /** Who acts: libxl itself, or Xen (the domain-create hypercall fails and libxl reports it). */
  by: 'libxl' | 'xen';
  /** libxl has already stopped at an earlier refusal: it would say this once that is fixed. */
  afterRefusal?: boolean;
}

/** What a host shape would decide (`--host-...`): not a refusal until the host is known. */
export interface Undecided {
  rule: string;
  keys: string[];
  /** The HostShape field that decides it. */
  needs: string;
  message: string;
  citation: string;
}

/** Guest types as libxl_domain_type names them. */
export type DomainType = 'pv' | 'pvh' | 'hvm';
export type DeviceModelVersion = 'qemu_xen' | 'qemu_xen_traditional' | 'unknown';
export type BiosType = 'seabios' | 'rombios' | 'ovmf';

export interface LibxlEffective {
  release: LibxlRelease;
  arch: 'x86' | 'arm';
  /** The guest type libxl builds (Arm turns PV into PVH). */
  type: Settled<DomainType>;
  deviceModel: {
    version: Settled<DeviceModelVersion>;
    stubdomain: Settled<boolean>;
    /** Whether libxl starts QEMU for the guest: always for HVM; for PV/PVH only when a device needs
     *  it (libxl_dm.c: libxl__need_xenpv_qemu); 'unknown' when that rests on backends the host picks. */
    runs: Settled<boolean | 'unknown'>;
    /** HVM with a stub domain: its kernel, ramdisk and memory. */
    stubdomainKernel?: Settled<string>;
    stubdomainRamdisk?: Settled<string>;
    stubdomainMemkb?: Settled<bigint>;
  };
  /** HVM only: what boots first. */
  hvm?: {
    /** The BIOS hvmloader runs; undefined when libxl stops before choosing one. */
    bios: Settled<BiosType | undefined>;
    /** The file loaded as the domain's firmware: hvmloader, or the `firmware`/`firmware_override` path. */
    loader: Settled<string>;
    /** `loader` is not hvmloader: a custom firmware replaces it (and what it runs is its own affair). */
    customLoader: boolean;
    /** The file hvmloader gets as the BIOS image instead of the built-in one (`bios_path_override`);
     *  qemu-xen only: with qemu-xen-traditional ROMBIOS is part of hvmloader and this is not used. */
    systemFirmware?: Settled<string> & { used: boolean };
    vga: Settled<'cirrus' | 'std' | 'qxl' | 'none'>;
    videoMemkb: Settled<bigint>;
    /** The enlightenment groups set in HVM_PARAM_VIRIDIAN, in libxl's order. */
    viridian: Settled<string[]>;
  };
  /** PVH only: the PV shim that runs the kernel as a PV guest inside the PVH container. */
  pvshim?: {
    enabled: Settled<boolean>;
    /** libxl loads a shim (it does whenever a path is set, even with pvshim off). */
    loaded: boolean;
    path?: Settled<string>;
    cmdline?: Settled<string>;
  };
  memory: {
    maxKb: Settled<bigint>;
    targetKb: Settled<bigint>;
    /** Populate-on-demand: a non-PV guest booted with less memory than its maximum. */
    pod: Settled<boolean>;
  };
  vcpus: {
    max: Settled<number>;
    /** vCPUs online at boot (the bits of avail_vcpus). */
    online: Settled<number>;
  };
  acpi: Settled<boolean>;
  /** c_info.passthrough after libxl's defaulting; 'enabled' stays when the host picks share/sync. */
  passthrough: Settled<string>;
  altp2m: Settled<string>;
  nestedHvm: Settled<boolean>;
  tscMode: Settled<string>;
}

export interface LibxlCreateResult {
  release: LibxlRelease;
  arch: 'x86' | 'arm';
  /** No refusal or crash: libxl would create the domain, as far as the config shows. */
  accepted: boolean;
  effective: LibxlEffective;
  /** In libxl's order; those after the first refusal are marked afterRefusal. */
  reports: LibxlReport[];
  undecided: Undecided[];
}
