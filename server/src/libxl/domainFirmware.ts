// libxl_dom.c: libxl__domain_firmware: what an HVM guest boots. The firmware file is hvmloader,
// unless `firmware_override` (or a `firmware` that names no BIOS) replaces it; with qemu-xen,
// hvmloader gets the BIOS image as a module: `bios_path_override` when set (even without `bios`:
// xl only warns), else the build's SeaBIOS or OVMF. qemu-xen-traditional's ROMBIOS is part of
// hvmloader, so no image is loaded and `bios_path_override` is not used.
import { firmwareDir } from './releases';
import { type CreateModel, text } from './createModel';
import type { DeviceModelVersion, LibxlEffective } from './createReport';

const BY = 'libxl_dom.c: libxl__domain_firmware';

export function hvmFirmware(
  m: CreateModel,
  version: DeviceModelVersion,
): Pick<NonNullable<LibxlEffective['hvm']>, 'loader' | 'customLoader' | 'systemFirmware'> {
  const dir = firmwareDir(m.release);
  const custom = text(m.u, 'firmware');
  // libxl__abs_path: a relative name is taken in XENFIRMWAREDIR.
  const loader =
    custom !== undefined
      ? {
          value: custom.startsWith('/') ? custom : `${dir}/${custom}`,
          from: 'config' as const,
          field: 'b_info.u.hvm.firmware',
          by: BY,
        }
      : {
          value: `${dir}/hvmloader`,
          from: 'default' as const,
          field: 'b_info.u.hvm.firmware',
          by: BY,
          why: 'hvmloader',
        };
  const out: ReturnType<typeof hvmFirmware> = { loader, customLoader: custom !== undefined };
  const image = text(m.u, 'system_firmware');
  if (image !== undefined) {
    const used = version === 'qemu_xen';
    out.systemFirmware = { value: image, from: 'config', field: 'b_info.u.hvm.system_firmware', by: BY, used };
    if (!used && version === 'qemu_xen_traditional') {
      m.silent(
        'relation/bios-path-ignored',
        ['bios_path_override'],
        'qemu-xen-traditional has ROMBIOS built in: libxl ignores bios_path_override at creation',
        m.cite('libxl_dom.c', 'libxl__domain_firmware', '4.17', '4.20'),
      );
    }
  }
  return out;
}
