// parse_config_data: the device model (QEMU) and the display: device_model_*, stub domains, extra
// arguments, VNC/SDL, and the HVM-only display and USB keys (tools/xl/xl_parse.c).
import { toInt32 } from '../libxl/cnum';
import type { LibxlStruct } from '../libxl/value';
import { kib } from './buildInfo';
import { deviceArray, type XlModel } from './model';

export function readDeviceModel(m: XlModel): void {
  const { xlu, b, c } = m;

  const dm = xlu.getString('device_model');
  if (dm.ok) {
    const printed = [
      'WARNING: ignoring device_model directive.',
      'WARNING: Use "device_model_override" instead if you really want a non-default device_model',
    ];
    if (dm.value.includes('stubdom-dm')) {
      printed.push(
        c.type === 'hvm'
          ? 'WARNING: Or use "device_model_stubdomain_override" if you  want to enable stubdomains'
          : 'WARNING: ignoring "device_model_stubdomain_override" directive for pv guest',
      );
    }
    m.warn(
      'key/ignored',
      'device_model',
      m.keyAt(dm.setting),
      printed,
      'xl ignores `device_model` with a warning: use `device_model_override`',
    );
  }

  const override = xlu.getString('device_model_override');
  if (override.ok) b.device_model = override.value;
  const version = xlu.getString('device_model_version');
  if (version.ok) {
    // qemu-xen-traditional was removed in 4.21 (commit 19ab8356ab).
    if (version.value === 'qemu-xen-traditional' && !m.atLeast('4.21')) b.device_model_version = 'qemu_xen_traditional';
    else if (version.value === 'qemu-xen') b.device_model_version = 'qemu_xen';
    else {
      const removed = version.value === 'qemu-xen-traditional';
      m.refuse(
        'value/enum',
        'device_model_version',
        m.valueAt(version.setting),
        [`Unknown device_model_version "${version.value}" specified`],
        removed
          ? `Xen ${m.release} has no qemu-xen-traditional: xl refuses the domain`
          : `"${version.value}" is no device model: xl refuses the domain`,
        {
          expected: m.atLeast('4.21') ? ['qemu-xen'] : ['qemu-xen', 'qemu-xen-traditional'],
        },
      );
    }
  } else if (b.device_model !== undefined) {
    m.warn(
      'relation/dm-override-without-version',
      'device_model_override',
      m.keyAt(override.ok ? override.setting : xlu.file.settings.get('device_model_override')!),
      ['WARNING: device model override given without specific DM version'],
      '`device_model_override` without `device_model_version`: xl warns',
    );
  }

  m.reading('device_model_stubdomain_override', 'boolean');
  const stub = xlu.getDefbool('device_model_stubdomain_override');
  if (stub.ok) b.device_model_stubdomain = stub.value;
  const stubLabel = xlu.getString('device_model_stubdomain_seclabel');
  if (stubLabel.ok) b.device_model_ssid_label = stubLabel.value;
  const dmUser = xlu.getString('device_model_user');
  if (dmUser.ok) b.device_model_user = dmUser.value;
  for (const key of ['stubdomain_kernel', 'stubdomain_cmdline', 'stubdomain_ramdisk'] as const) {
    const r = xlu.getString(key);
    if (r.ok) b[key] = r.value;
  }
  m.reading('stubdomain_memory', 'memory');
  const stubMem = xlu.getLong('stubdomain_memory');
  if (stubMem.ok) b.stubdomain_memkb = kib(stubMem.value);

  for (const [key, field] of [
    ['device_model_args', 'extra'],
    ['device_model_args_pv', 'extra_pv'],
    ['device_model_args_hvm', 'extra_hvm'],
  ] as const) {
    const r = xlu.getListAsStringList(key);
    if (r.ok) b[field] = r.value;
    else if (r.why !== 'absent')
      m.refuse(
        'value/list-expected',
        key,
        m.valueAt(r.setting!),
        [`xl: Unable to parse ${key}.`],
        `\`${key}\` must be a list: xl refuses the domain`,
      );
  }

  // Top-level VNC/SDL: a PV guest without `vfb` gets a framebuffer when vnc is on; every other
  // guest has them read into b_info->u.hvm (for PV with vfb and PVH that memory is not the
  // member in use, and nothing of it is printed).
  if (c.type === 'pv' && !((m.d.vfbs as unknown[] | undefined)?.length ?? 0)) {
    m.reading('vnc', 'boolean');
    const vnc = xlu.getLong('vnc');
    if (vnc.ok && vnc.value !== 0n) {
      const vfbs = deviceArray(m.d, 'vfbs');
      const vkbs = deviceArray(m.d, 'vkbs');
      const vfb: LibxlStruct = { devid: vfbs.length };
      vfbs.push(vfb);
      vkbs.push({ devid: vkbs.length });
      vfb.vnc = topLevelVnc(m);
      vfb.sdl = topLevelSdl(m);
      const keymap = xlu.getString('keymap');
      if (keymap.ok) vfb.keymap = keymap.value;
    }
  } else {
    const vnc = topLevelVnc(m);
    const sdl = topLevelSdl(m);
    const u = m.hvmField();
    u.vnc = vnc;
    u.sdl = sdl;
  }

  m.reading('dm_restrict', 'boolean');
  const restrict = xlu.getDefbool('dm_restrict');
  if (restrict.ok) b.dm_restrict = restrict.value;

  if (c.type === 'hvm') readHvmDisplay(m);
}

/** xl_parse.c: parse_top_level_vnc_options */
function topLevelVnc(m: XlModel): LibxlStruct {
  const { xlu } = m;
  const vnc: LibxlStruct = {};
  m.reading('vnc', 'boolean').reading('vncunused', 'boolean').reading('vncdisplay', 'integer');
  const enable = xlu.getDefbool('vnc');
  if (enable.ok) vnc.enable = enable.value;
  const listen = xlu.getString('vnclisten');
  if (listen.ok) vnc.listen = listen.value;
  const passwd = xlu.getString('vncpasswd');
  if (passwd.ok) vnc.passwd = passwd.value;
  const display = xlu.getLong('vncdisplay');
  if (display.ok) vnc.display = toInt32(display.value);
  const unused = xlu.getDefbool('vncunused');
  if (unused.ok) vnc.findunused = unused.value;
  return vnc;
}

/** xl_parse.c: parse_top_level_sdl_options */
function topLevelSdl(m: XlModel): LibxlStruct {
  const { xlu } = m;
  const sdl: LibxlStruct = {};
  m.reading('sdl', 'boolean').reading('opengl', 'boolean');
  const enable = xlu.getDefbool('sdl');
  if (enable.ok) sdl.enable = enable.value;
  const opengl = xlu.getDefbool('opengl');
  if (opengl.ok) sdl.opengl = opengl.value;
  const display = xlu.getString('display');
  if (display.ok) sdl.display = display.value;
  const xauth = xlu.getString('xauthority');
  if (xauth.ok) sdl.xauthority = xauth.value;
  return sdl;
}

const VGA_KINDS: Readonly<Record<string, string>> = { stdvga: 'std', cirrus: 'cirrus', none: 'none', qxl: 'qxl' };

function readHvmDisplay(m: XlModel): void {
  const { xlu } = m;
  const u = m.u;
  const vga = ((u.vga as LibxlStruct | undefined) ??= {});
  const vgaKey = xlu.getString('vga');
  if (vgaKey.ok) {
    const kind = Object.hasOwn(VGA_KINDS, vgaKey.value) ? VGA_KINDS[vgaKey.value] : undefined;
    if (kind) vga.kind = kind;
    else
      m.refuse(
        'value/enum',
        'vga',
        m.valueAt(vgaKey.setting),
        [`Unknown vga "${vgaKey.value}" specified`],
        `vga "${vgaKey.value}" is unknown: xl refuses the domain`,
        { expected: Object.keys(VGA_KINDS) },
      );
  } else {
    m.reading('stdvga', 'boolean');
    const stdvga = xlu.getLong('stdvga');
    if (stdvga.ok) vga.kind = stdvga.value !== 0n ? 'std' : 'cirrus';
  }

  const hdtype = xlu.getString('hdtype');
  if (hdtype.ok) {
    const hd = m.fromString('libxl_hdtype', hdtype.setting, hdtype.value);
    if (hd !== undefined) u.hdtype = hd;
    else
      m.refuse(
        'value/enum',
        'hdtype',
        m.valueAt(hdtype.setting),
        [`ERROR: invalid value "${hdtype.value}" for "hdtype"`],
        `hdtype "${hdtype.value}" is unknown: xl refuses the domain`,
        { expected: ['ide', 'ahci'] },
      );
  }

  const keymap = xlu.getString('keymap');
  if (keymap.ok) u.keymap = keymap.value;

  const spice = ((u.spice as LibxlStruct | undefined) ??= {});
  const bools: Array<[string, string]> = [['spice', 'enable']];
  for (const [key, field] of bools) {
    m.reading(key, 'boolean');
    const r = xlu.getDefbool(key);
    if (r.ok) spice[field] = r.value;
  }
  for (const [key, field] of [
    ['spiceport', 'port'],
    ['spicetls_port', 'tls_port'],
  ] as const) {
    m.reading(key, 'integer');
    const r = xlu.getLong(key);
    if (r.ok) spice[field] = toInt32(r.value);
  }
  const host = xlu.getString('spicehost');
  if (host.ok) spice.host = host.value;
  m.reading('spicedisable_ticketing', 'boolean');
  const ticketing = xlu.getDefbool('spicedisable_ticketing');
  if (ticketing.ok) spice.disable_ticketing = ticketing.value;
  const passwd = xlu.getString('spicepasswd');
  if (passwd.ok) spice.passwd = passwd.value;
  for (const [key, field] of [
    ['spiceagent_mouse', 'agent_mouse'],
    ['spicevdagent', 'vdagent'],
    ['spice_clipboard_sharing', 'clipboard_sharing'],
  ] as const) {
    m.reading(key, 'boolean');
    const r = xlu.getDefbool(key);
    if (r.ok) spice[field] = r.value;
  }
  m.reading('spiceusbredirection', 'integer');
  const redir = xlu.getLong('spiceusbredirection');
  if (redir.ok) spice.usbredirection = toInt32(redir.value);
  for (const [key, field] of [
    ['spice_image_compression', 'image_compression'],
    ['spice_streaming_video', 'streaming_video'],
  ] as const) {
    const r = xlu.getString(key);
    if (r.ok) spice[field] = r.value;
  }

  m.reading('nographic', 'boolean');
  const nographic = xlu.getDefbool('nographic');
  if (nographic.ok) u.nographic = nographic.value;

  const gfxLong = xlu.getLong('gfx_passthru', true);
  if (gfxLong.ok) u.gfx_passthru = gfxLong.value !== 0n;
  else {
    const gfx = xlu.getString('gfx_passthru');
    if (gfx.ok) {
      const kind = m.fromString('libxl_gfx_passthru_kind', gfx.setting, gfx.value);
      if (kind !== undefined) {
        u.gfx_passthru_kind = kind;
        u.gfx_passthru = true;
      } else
        m.refuse(
          'value/enum',
          'gfx_passthru',
          m.valueAt(gfx.setting),
          [`ERROR: invalid value "${gfx.value}" for "gfx_passthru"`],
          `gfx_passthru "${gfx.value}" is unknown: xl refuses the domain`,
          { expected: ['0', '1', 'default', 'igd'] },
        );
    }
  }

  for (const [key, listField, stringField] of [
    ['serial', 'serial_list', 'serial'],
    ['usbdevice', 'usbdevice_list', 'usbdevice'],
  ] as const) {
    const list = xlu.getListAsStringList(key, true);
    if (list.ok) u[listField] = list.value;
    else if (list.why === 'not-a-list') {
      const s = xlu.getString(key);
      if (s.ok) u[stringField] = s.value;
    }
    if (key === 'serial') {
      const boot = xlu.getString('boot');
      if (boot.ok) u.boot = boot.value;
      m.reading('usb', 'boolean').reading('usbversion', 'integer');
      const usb = xlu.getDefbool('usb');
      if (usb.ok) u.usb = usb.value;
      const usbversion = xlu.getLong('usbversion');
      if (usbversion.ok) u.usbversion = toInt32(usbversion.value);
    }
  }

  m.reading('vkb_device', 'boolean');
  const vkbDevice = xlu.getDefbool('vkb_device');
  if (vkbDevice.ok) u.vkb_device = vkbDevice.value;
  const soundhw = xlu.getString('soundhw');
  if (soundhw.ok) u.soundhw = soundhw.value;
  m.reading('xen_platform_pci', 'boolean');
  const platformPci = xlu.getDefbool('xen_platform_pci');
  if (platformPci.ok) u.xen_platform_pci = platformPci.value;
  if (m.atLeast('4.21')) {
    // 4.21 (commit 22650d6054).
    m.reading('xen_platform_pci_bar_uc', 'boolean');
    const uc = xlu.getDefbool('xen_platform_pci_bar_uc');
    if (uc.ok) u.xen_platform_pci_bar_uc = uc.value;
  }

  const vnc = (u.vnc as LibxlStruct | undefined) ?? {};
  if (vnc.listen !== undefined && vnc.display && (vnc.listen as string).includes(':')) {
    m.refuse(
      'relation/vnc-display-conflict',
      'vncdisplay',
      m.at('vncdisplay'),
      ['ERROR: Display specified both in vnclisten and vncdisplay!'],
      '`vnclisten` already names a display and `vncdisplay` is set: xl refuses',
    );
  }

  const vendor = xlu.getString('vendor_device');
  if (vendor.ok) {
    const vd = m.fromString('libxl_vendor_device', vendor.setting, vendor.value);
    if (vd !== undefined) u.vendor_device = vd;
    else
      m.refuse(
        'value/enum',
        'vendor_device',
        m.valueAt(vendor.setting),
        [`xl: unknown vendor_device '${vendor.value}'`],
        `vendor_device "${vendor.value}" is unknown: xl refuses the domain`,
        { expected: ['none', 'xenserver'] },
      );
  }
}
