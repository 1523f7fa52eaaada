// The device model at creation (libxl_create.c: domcreate_launch_dm, libxl_dm.c): whether QEMU
// runs for the guest, and what libxl refuses while it builds QEMU's command line
// (libxl__build_device_model_args_old for qemu-xen-traditional, _new for qemu-xen).
import { type CreateModel, enumOf, flag, int, items, struct, text } from './createModel';
import type { DeviceModelVersion, DomainType, Settled } from './createReport';
import type { LibxlStruct } from './value';
import { QEMU_SOUNDHW } from './xenLimits';

export interface DeviceModelInput {
  type: DomainType;
  version: DeviceModelVersion;
  stubdomain: boolean;
  usbversion: number;
  usbredirection: number;
}

export function deviceModelAtCreation(m: CreateModel, d: DeviceModelInput): Settled<boolean | 'unknown'> {
  if (d.type === 'hvm') {
    // Every HVM guest gets QEMU, in a stub domain or in dom0.
    if (d.version === 'qemu_xen_traditional' && !m.atLeast('4.21')) argsOld(m);
    else if (d.version === 'qemu_xen') argsNew(m, d);
    return {
      value: true,
      from: 'default',
      field: 'c_info.type',
      by: 'libxl_create.c: domcreate_launch_dm',
      why: 'HVM guests always have a device model',
    };
  }
  const need = needXenpvQemu(m);
  if (d.stubdomain) {
    const cite = m.cite('libxl_dm.c', 'libxl__spawn_local_dm');
    if (need.value === true) {
      m.crash(
        'relation/stubdomain-not-hvm',
        ['device_model_stubdomain_override'],
        [],
        `Stub domains are for HVM guests: with ${need.why} libxl aborts at creation`,
        cite,
      );
    } else if (!m.stopped && need.value === false) {
      m.silent(
        'relation/stubdomain-not-hvm',
        ['device_model_stubdomain_override'],
        'Stub domains are for HVM guests: libxl ignores this setting at creation',
        m.cite('libxl_create.c', 'domcreate_launch_dm'),
      );
    }
  }
  return need;
}

/** libxl_dm.c: libxl__need_xenpv_qemu: a PV/PVH guest needs QEMU for these devices. */
function needXenpvQemu(m: CreateModel): Settled<boolean | 'unknown'> {
  const out = (value: boolean | 'unknown', why: string): Settled<boolean | 'unknown'> => ({
    value,
    from: 'default',
    field: 'the devices of d_config',
    by: 'libxl_dm.c: libxl__need_xenpv_qemu',
    why,
  });
  const d = m.config;
  if (items(d, 'vfbs').length) return out(true, 'a vfb');
  const p9s = items(d, 'p9s');
  // 4.19 moved 9pfs into the device table: only the "qemu" backend (the default) needs QEMU.
  if (
    p9s.length &&
    (!m.atLeast('4.19') || p9s.some((p) => enumOf(p, 'type', 'unknown') !== 'xen_9pfsd' && !text(p, 'backend_domname')))
  )
    return out(true, 'a 9pfs share');
  if (items(d, 'channels').some((c) => !text(c, 'backend_domname'))) return out(true, 'a channel');
  const disks = items(d, 'disks');
  const local = (x: LibxlStruct): boolean => !text(x, 'backend_domname');
  if (disks.some((k) => local(k) && enumOf(k, 'backend', 'unknown') === 'qdisk')) return out(true, 'a qdisk disk');
  // phy needs a raw image: any other format is served by QEMU (libxl_device.c: disk_try_backend).
  if (
    disks.some(
      (k) =>
        local(k) &&
        enumOf(k, 'backend', 'unknown') === 'unknown' &&
        !['unknown', 'raw', 'empty'].includes(enumOf(k, 'format', 'unknown')),
    )
  )
    return out(true, 'a non-raw disk image');
  if (items(d, 'usbctrls').some((c) => local(c) && enumOf(c, 'type', 'auto') === 'qusb'))
    return out(true, 'a qusb USB controller');
  const hostPicks =
    disks.some((k) => local(k) && enumOf(k, 'backend', 'unknown') === 'unknown') ||
    items(d, 'usbctrls').some((c) => enumOf(c, 'type', 'auto') === 'auto');
  if (hostPicks) return out('unknown', 'the host picks the disk or USB backends');
  return out(false, 'no device needs QEMU');
}

/** libxl_dm.c: libxl__build_device_model_args_old (qemu-xen-traditional, 4.17-4.20). */
function argsOld(m: CreateModel): void {
  const cite = m.cite('libxl_dm.c', 'libxl__build_device_model_args_old', '4.17', '4.20');
  if (text(m.b, 'kernel') !== undefined) {
    m.refuse(
      'relation/hvm-kernel-qemu-traditional',
      ['kernel', 'device_model_version', 'device_model_stubdomain_override'],
      ['HVM direct kernel boot is not supported by qemu-xen-traditional'],
      'HVM direct kernel boot needs qemu-xen, not qemu-xen-traditional: libxl refuses at creation',
      cite,
    );
  }
  if (flag(m.b, 'dm_restrict') === true) {
    m.refuse(
      'relation/dm-restrict-qemu-traditional',
      ['dm_restrict', 'device_model_version'],
      ['dm_restrict not supported by qemu-xen-traditional'],
      'dm_restrict needs qemu-xen, not qemu-xen-traditional: libxl refuses at creation',
      cite,
    );
  }
}

/** libxl_dm.c: libxl__build_device_model_args_new (qemu-xen): SPICE, USB, sound. */
function argsNew(m: CreateModel, d: DeviceModelInput): void {
  const cite = m.cite('libxl_dm.c', 'libxl__build_device_model_args_new');
  const spice = struct(m.u, 'spice');
  // dm_spice_options: only for QEMU in dom0 (a stub domain's QEMU gets no SPICE).
  if (flag(spice, 'enable') === true && !d.stubdomain) {
    const keys = ['spice', 'spiceport', 'spicetls_port', 'spicepasswd', 'spicedisable_ticketing'];
    const passwd = text(spice, 'passwd');
    if (!int(spice, 'port') && !int(spice, 'tls_port')) {
      m.refuse(
        'relation/spice-incomplete',
        ['spiceport', 'spicetls_port', 'spice'],
        ['at least one of the spiceport or tls_port must be provided'],
        'spice = 1 needs spiceport or spicetls_port: libxl refuses at creation',
        cite,
      );
    } else if (flag(spice, 'disable_ticketing') !== true && passwd === undefined) {
      m.refuse(
        'relation/spice-incomplete',
        ['spicepasswd', ...keys],
        ['spice ticketing is enabled but missing password'],
        'spice = 1 needs spicepasswd or spicedisable_ticketing = 1: libxl refuses at creation',
        cite,
      );
    } else if (flag(spice, 'disable_ticketing') !== true && passwd === '') {
      m.refuse(
        'relation/spice-incomplete',
        ['spicepasswd'],
        ["spice password can't be empty"],
        'spicepasswd is empty: libxl refuses at creation',
        cite,
      );
    }
  }
  const legacyUsb =
    flag(m.u, 'usb') === true ||
    text(m.u, 'usbdevice') !== undefined ||
    (Array.isArray(m.u.usbdevice_list) && m.u.usbdevice_list.length > 0);
  if (!legacyUsb && d.usbversion) {
    if (d.usbversion < 1 || d.usbversion > 3) {
      m.refuse(
        'relation/usbversion-invalid',
        ['usbversion'],
        ['usbversion parameter is invalid, must be between 1 and 3'],
        `usbversion ${d.usbversion} is not 1, 2 or 3: libxl refuses at creation`,
        cite,
      );
    } else if (d.usbredirection < 0 || d.usbredirection > 4) {
      m.refuse(
        'relation/usbredirection-invalid',
        ['spiceusbredirection'],
        ['usbredirection parameter is invalid, it must be between 1 and 4'],
        `spiceusbredirection ${d.usbredirection} is not 0..4: libxl refuses at creation`,
        cite,
      );
    }
  }
  const soundhw = text(m.u, 'soundhw');
  if (soundhw !== undefined && !(QEMU_SOUNDHW as readonly string[]).includes(soundhw.toLowerCase())) {
    const shown = soundhw.length > 16 ? `${soundhw.slice(0, 15)}…` : soundhw;
    m.refuse(
      'relation/soundhw-unknown',
      ['soundhw'],
      [`Unknown soundhw option '${soundhw}'`],
      `soundhw "${shown}" is no sound card qemu-xen knows: libxl refuses at creation`,
      cite,
    );
  }
}
