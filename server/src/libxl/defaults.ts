// What libxl fills in after xl, as far as the domain view needs it: the guest type after libxl's
// Arm conversion, the device model, the BIOS and the vCPU counts
// (tools/libs/light/libxl_create.c: libxl__domain_build_info_setdefault;
// libxl_arm.c: libxl__arch_domain_create_info_setdefault).
import { compareVersions } from '../schema/versions';
import type { LibxlBitmap, LibxlStruct } from './value';

export type GuestType = 'pv' | 'pvh' | 'hvm';

export interface LibxlEffective {
  type: GuestType;
  /** The device model libxl runs for an HVM guest ('none' for PV/PVH). */
  deviceModel: 'qemu-xen' | 'qemu-xen-traditional' | 'none';
  /** The BIOS hvmloader loads (HVM), with where it came from. */
  bios: { value: 'seabios' | 'rombios' | 'ovmf'; origin: 'config' | 'default'; why: string };
  /** `firmware`/`firmware_override` names a file that libxl loads instead of hvmloader. */
  customFirmware: boolean;
  /** vCPUs online at boot (avail_vcpus) and the most there can be (max_vcpus). */
  vcpus: number;
  maxVcpus: number;
}

export function effectiveDefaults(config: LibxlStruct, release: string, arch: 'x86' | 'arm'): LibxlEffective {
  const c = (config.c_info as LibxlStruct | undefined) ?? {};
  const b = (config.b_info as LibxlStruct | undefined) ?? {};
  const u = (b.u as LibxlStruct | undefined) ?? {};
  const xlType = (c.type as GuestType | undefined) ?? 'pv';
  const type: GuestType = arch === 'arm' && xlType === 'pv' ? 'pvh' : xlType;

  let deviceModel: LibxlEffective['deviceModel'] = 'none';
  if (type === 'hvm') {
    if (b.device_model_version === 'qemu_xen_traditional') deviceModel = 'qemu-xen-traditional';
    else if (b.device_model_version === 'qemu_xen') deviceModel = 'qemu-xen';
    // Without a version, a stub domain means qemu-xen-traditional while that exists (removed in 4.21).
    else deviceModel = b.device_model_stubdomain === true && compareVersions(release, '4.21') < 0 ? 'qemu-xen-traditional' : 'qemu-xen';
  }

  let bios: LibxlEffective['bios'];
  const given = u.bios as string | undefined;
  if (given === 'seabios' || given === 'rombios' || given === 'ovmf') bios = { value: given, origin: 'config', why: 'from the config' };
  else if (deviceModel === 'qemu-xen-traditional') bios = { value: 'rombios', origin: 'default', why: 'default for qemu-xen-traditional (ROMBIOS)' };
  else bios = { value: 'seabios', origin: 'default', why: 'default for qemu-xen (SeaBIOS)' };

  const maxVcpus = (b.max_vcpus as number | undefined) || 1;
  const avail = b.avail_vcpus as LibxlBitmap | undefined;
  const vcpus = avail && avail.size ? Math.max(1, avail.bits().length) : 1;
  return { type, deviceModel, bios, customFirmware: type === 'hvm' && u.firmware !== undefined, vcpus, maxVcpus };
}
