// The words for a guest and the host it runs on, declared once for every layer: the key catalogue
// (guest types), the vLAPIC machine (host vendor), the domain view, the boot simulation, the
// directives and the CLI. It imports nothing, so the lowest layer that needs a word can use it.

export type GuestType = 'pv' | 'pvh' | 'hvm';
export const GUEST_TYPES: readonly GuestType[] = ['pv', 'pvh', 'hvm'];

export type Arch = 'x86' | 'arm';
export const ARCHES: readonly Arch[] = ['x86', 'arm'];

/** A host CPU vendor a user can name (`--host-cpu`, `# xlcfg: host-cpu=`). */
export type KnownHostVendor = 'intel' | 'amd';
export const HOST_VENDORS: readonly KnownHostVendor[] = ['intel', 'amd'];
export type HostVendor = KnownHostVendor | 'unknown';

/** 'none': PVH direct boot or PV; 'custom': a firmware file that replaces hvmloader. */
export type FirmwareKind = 'seabios' | 'rombios' | 'ovmf' | 'custom' | 'none';

export type BootloaderKind = 'none' | 'pygrub' | 'pvgrub' | 'grub';

/** The guest OSes the boot simulation has a profile for (boot/profiles/index.ts: OS), and `unknown`. */
export const GUEST_OSES = ['linux', 'freebsd', 'netbsd', 'openbsd', 'illumos', 'windows', 'xen', 'unknown'] as const;
export type GuestOs = (typeof GUEST_OSES)[number];

export function isGuestOs(s: unknown): s is GuestOs {
  return typeof s === 'string' && (GUEST_OSES as readonly string[]).includes(s);
}

export function isArch(s: unknown): s is Arch {
  return s === 'x86' || s === 'arm';
}

export function isKnownHostVendor(s: unknown): s is KnownHostVendor {
  return s === 'intel' || s === 'amd';
}
