#!/usr/bin/env node
// One-off generator: reads the research key table (xlcfg-keys.json) and writes
// server/src/schema/catalogue.ts. The output is committed and then maintained by hand; the
// language server never reads the JSON at run time (the core must not touch the filesystem).
//
//   node scripts/gen-catalogue.mjs [path/to/xlcfg-keys.json] > server/src/schema/catalogue.ts
//
// All prose below is our own wording, written from the research notes and xl_parse.c; it is
// deliberately not taken from xl.cfg(5).
import { readFileSync } from 'node:fs';

const src = process.argv[2] ?? '/work/shared/research/xen/xlcfg-keys.json';
const keys = JSON.parse(readFileSync(src, 'utf8'));

const MAN = 'https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html';
const XL_PARSE = 'https://github.com/xen-project/xen/blob/RELEASE-4.22.0/tools/xl/xl_parse.c';

// Item headings of xl.cfg(5) (only the `=item` text, used to compute pod2html anchors).
const HEADING = {
  name: 'name="NAME"', type: 'type="pv"', builder: 'builder="generic"', pool: 'pool="CPUPOOLNAME"',
  vcpus: 'vcpus=N', maxvcpus: 'maxvcpus=M', cpus: 'cpus="CPULIST"', cpus_soft: 'cpus_soft="CPULIST"',
  cpu_weight: 'cpu_weight=WEIGHT', cap: 'cap=N', memory: 'memory=MBYTES', maxmem: 'maxmem=MBYTES',
  vnuma: 'vnuma=[ VNODE_SPEC, VNODE_SPEC, ... ]',
  on_poweroff: 'on_poweroff="ACTION"', on_reboot: 'on_reboot="ACTION"', on_watchdog: 'on_watchdog="ACTION"',
  on_crash: 'on_crash="ACTION"', on_soft_reset: 'on_soft_reset="ACTION"',
  kernel: 'kernel="PATHNAME"', ramdisk: 'ramdisk="PATHNAME"', cmdline: 'cmdline="STRING"', root: 'root="STRING"',
  extra: 'extra="STRING"', firmware: 'firmware="pvgrub32|pvgrub64"', pvshim: 'pvshim=BOOLEAN',
  pvshim_path: 'pvshim_path="PATH"', pvshim_cmdline: 'pvshim_cmdline="STRING"', pvshim_extra: 'pvshim_extra="STRING"',
  uuid: 'uuid="UUID"', seclabel: 'seclabel="LABEL"', init_seclabel: 'init_seclabel="LABEL"',
  max_grant_frames: 'max_grant_frames=NUMBER', max_maptrack_frames: 'max_maptrack_frames=NUMBER',
  max_grant_version: 'max_grant_version=NUMBER', nomigrate: 'nomigrate=BOOLEAN', driver_domain: 'driver_domain=BOOLEAN',
  device_tree: 'device_tree=PATH', passthrough: 'passthrough="STRING"',
  xend_suspend_evtchn_compat: 'xend_suspend_evtchn_compat=BOOLEAN', vmtrace_buf_kb: 'vmtrace_buf_kb=KBYTES',
  vpmu: 'vpmu=BOOLEAN', disk: 'disk=[ "DISK_SPEC_STRING", "DISK_SPEC_STRING", ...]',
  vif: 'vif=[ "NET_SPEC_STRING", "NET_SPEC_STRING", ...]', vtpm: 'vtpm=[ "VTPM_SPEC_STRING", "VTPM_SPEC_STRING", ...]',
  p9: 'p9=[ "9PFS_SPEC_STRING", "9PFS_SPEC_STRING", ...]', pvcalls: 'pvcalls=[ "backend=domain-id", ... ]',
  vfb: 'vfb=[ "VFB_SPEC_STRING", "VFB_SPEC_STRING", ...]',
  channel: 'channel=[ "CHANNEL_SPEC_STRING", "CHANNEL_SPEC_STRING", ...]', rdm: 'rdm="RDM_RESERVATION_STRING"',
  usbctrl: 'usbctrl=[ "USBCTRL_SPEC_STRING", "USBCTRL_SPEC_STRING", ...]',
  usbdev: 'usbdev=[ "USBDEV_SPEC_STRING", "USBDEV_SPEC_STRING", ...]',
  pci: 'pci=[ "PCI_SPEC_STRING", "PCI_SPEC_STRING", ...]', pci_permissive: 'pci_permissive=BOOLEAN',
  pci_msitranslate: 'pci_msitranslate=BOOLEAN', pci_seize: 'pci_seize=BOOLEAN', pci_power_mgmt: 'pci_power_mgmt=BOOLEAN',
  gfx_passthru: 'gfx_passthru=BOOLEAN|"STRING"', rdm_mem_boundary: 'rdm_mem_boundary=MBYTES',
  dtdev: 'dtdev=[ "DTDEV_PATH", "DTDEV_PATH", ...]', ioports: 'ioports=[ "IOPORT_RANGE", "IOPORT_RANGE", ...]',
  iomem: 'iomem=[ "IOMEM_START,NUM_PAGES[@GFN]", "IOMEM_START,NUM_PAGES[@GFN]", ...]',
  irqs: 'irqs=[ NUMBER, NUMBER, ...]', max_event_channels: 'max_event_channels=N',
  vdispl: 'vdispl=[ "VDISPL_SPEC_STRING", "VDISPL_SPEC_STRING", ...]', dm_restrict: 'dm_restrict=BOOLEAN',
  device_model_user: 'device_model_user=USERNAME', vsnd: 'vsnd=[ VCARD_SPEC, VCARD_SPEC, ... ]',
  vkb: 'vkb=[ "VKB_SPEC_STRING", "VKB_SPEC_STRING", ...]',
  virtio: 'virtio=[ "VIRTIO_DEVICE_STRING", "VIRTIO_DEVICE_STRING", ...]', tee: 'tee="STRING"',
  bootloader: 'bootloader="PROGRAM"', bootloader_args: 'bootloader_args=[ "ARG", "ARG", ...]',
  bootloader_restrict: 'bootloader_restrict=BOOLEAN', bootloader_user: 'bootloader_user=USERNAME',
  e820_host: 'e820_host=BOOLEAN', boot: 'boot="STRING"', hdtype: 'hdtype=STRING', hap: 'hap=BOOLEAN',
  oos: 'oos=BOOLEAN', shadow_memory: 'shadow_memory=MBYTES', bios: 'bios="STRING"',
  bios_path_override: 'bios_path_override="PATH"', pae: 'pae=BOOLEAN', acpi: 'acpi=BOOLEAN',
  acpi_s3: 'acpi_s3=BOOLEAN', acpi_s4: 'acpi_s4=BOOLEAN', acpi_laptop_slate: 'acpi_laptop_slate=BOOLEAN',
  apic: 'apic=BOOLEAN', nx: 'nx=BOOLEAN', hpet: 'hpet=BOOLEAN', altp2m: 'altp2m="MODE"', altp2mhvm: 'altp2mhvm=BOOLEAN',
  nestedhvm: 'nestedhvm=BOOLEAN', cpuid: 'cpuid="LIBXL_STRING" or cpuid=[ "XEND_STRING", "XEND_STRING" ]',
  acpi_firmware: 'acpi_firmware="STRING"', smbios_firmware: 'smbios_firmware="STRING"',
  smbios: 'smbios=[ "SMBIOS_SPEC_STRING", "SMBIOS_SPEC_STRING", ...]', ms_vm_genid: 'ms_vm_genid="OPTION"',
  tsc_mode: 'tsc_mode="MODE"', localtime: 'localtime=BOOLEAN', rtc_timeoffset: 'rtc_timeoffset=SECONDS',
  vpt_align: 'vpt_align=BOOLEAN', timer_mode: 'timer_mode="MODE"', mmio_hole: 'mmio_hole=MBYTES',
  xen_platform_pci: 'xen_platform_pci=BOOLEAN', viridian: 'viridian=[ "GROUP", "GROUP", ...] or viridian=BOOLEAN',
  hvm_pirq: 'hvm_pirq=BOOLEAN', videoram: 'videoram=MBYTES', stdvga: 'stdvga=BOOLEAN', vga: 'vga="STRING"',
  vnc: 'vnc=BOOLEAN', vnclisten: 'vnclisten="ADDRESS[:DISPLAYNUM]"', vncdisplay: 'vncdisplay=DISPLAYNUM',
  vncunused: 'vncunused=BOOLEAN', vncpasswd: 'vncpasswd="PASSWORD"', keymap: 'keymap="LANG"', sdl: 'sdl=BOOLEAN',
  opengl: 'opengl=BOOLEAN', nographic: 'nographic=BOOLEAN', spice: 'spice=BOOLEAN', spicehost: 'spicehost="ADDRESS"',
  spiceport: 'spiceport=NUMBER', spicetls_port: 'spicetls_port=NUMBER',
  spicedisable_ticketing: 'spicedisable_ticketing=BOOLEAN', spicepasswd: 'spicepasswd="PASSWORD"',
  spiceagent_mouse: 'spiceagent_mouse=BOOLEAN', spicevdagent: 'spicevdagent=BOOLEAN',
  spice_clipboard_sharing: 'spice_clipboard_sharing=BOOLEAN', spiceusbredirection: 'spiceusbredirection=NUMBER',
  spice_image_compression: 'spice_image_compression="COMPRESSION"', spice_streaming_video: 'spice_streaming_video="VIDEO"',
  serial: 'serial=[ "DEVICE", "DEVICE", ...]', soundhw: 'soundhw="DEVICE"', vkb_device: 'vkb_device=BOOLEAN',
  usb: 'usb=BOOLEAN', usbversion: 'usbversion=NUMBER', usbdevice: 'usbdevice=[ "DEVICE", "DEVICE", ...]',
  vendor_device: 'vendor_device="VENDOR_DEVICE"', device_model_version: 'device_model_version="DEVICE-MODEL"',
  device_model_override: 'device_model_override="PATH"', stubdomain_kernel: 'stubdomain_kernel="PATH"',
  stubdomain_cmdline: 'stubdomain_cmdline="STRING"', stubdomain_ramdisk: 'stubdomain_ramdisk="PATH"',
  stubdomain_memory: 'stubdomain_memory=MBYTES', device_model_stubdomain_override: 'device_model_stubdomain_override=BOOLEAN',
  device_model_stubdomain_seclabel: 'device_model_stubdomain_seclabel="LABEL"',
  device_model_args: 'device_model_args=[ "ARG", "ARG", ...]', device_model_args_pv: 'device_model_args_pv=[ "ARG", "ARG", ...]',
  device_model_args_hvm: 'device_model_args_hvm=[ "ARG", "ARG", ...]', gic_version: 'gic_version="vN"',
  vuart: 'vuart="uart"', sve: 'sve="vl"', mca_caps: 'mca_caps=[ "CAP", "CAP", ... ]', msr_relaxed: 'msr_relaxed=BOOLEAN',
};

// Pod::Simple::XHTML::idify, which pod2html uses for anchors (e.g. #altp2m-MODE).
function idify(t) {
  t = t.replace(/[<>&'"]/g, '').trim();
  if (/^[^a-zA-Z]+$/.test(t)) t = 'pod' + t;
  t = t.replace(/^[^a-zA-Z]+/, '').replace(/[^-a-zA-Z0-9_:.]+/g, '-').replace(/[-:.]+$/, '');
  return t;
}

// Placeholder used in the manual's heading when we have no stored heading (newer keys).
const KIND_PLACEHOLDER = {
  boolean: 'BOOLEAN', integer: 'NUMBER', 'memory-mb': 'MBYTES', 'memory-kb': 'KBYTES', string: '"STRING"',
  enum: '"STRING"',
};

// Matching rule per enum key (research: xlparse-checks.md §4.13).
const ENUM_MATCH = {
  type: 'prefix', builder: 'prefix', firmware: 'prefix',
  bios: 'case-insensitive', tsc_mode: 'case-insensitive', timer_mode: 'case-insensitive',
  altp2m: 'case-insensitive', passthrough: 'case-insensitive', hdtype: 'case-insensitive',
  gfx_passthru: 'case-insensitive', vendor_device: 'case-insensitive', vuart: 'case-insensitive',
  gic_version: 'case-insensitive', tee: 'case-insensitive', sve: 'case-insensitive', viridian: 'case-insensitive',
};

// Bounds: [min, max, who polices them]. 'xl': xl refuses values outside (see FATAL);
// 'manual': only the manual states the range; otherwise a sentence saying what happens.
const BOUNDS = {
  mmio_hole: [256, 3840, 'xl'],
  max_grant_frames: [0, 2147483647, 'xl'],
  max_maptrack_frames: [0, 2147483647, 'xl'],
  max_grant_version: [0, 2147483647, 'xl'],
  altp2m_count: [0, 65535, 'xl'],
  cpu_weight: [1, 65535, 'manual'],
  usbversion: [0, 3, 'manual'],
  xenstore_feature_mask: [0, 4294967295, 'xl keeps only the low 32 bits, silently'],
};

// Keys where a bad value makes xl exit, with what goes wrong (our words, from xlparse-checks.md).
const FATAL = {
  type: 'Anything that is not a prefix of `hvm`, `pv` or `pvh` (case matters) makes xl exit with "Invalid domain type".',
  builder: 'A value that is not a prefix of `hvm` or `generic` makes xl exit; so does a `type` that disagrees with it.',
  name: 'Without a name (or with a list) xl exits before creating anything.',
  uuid: 'A value that is not a 36-character 8-4-4-4-12 hex UUID makes xl exit.',
  xenstore_quota: 'An item without `=`, or whose value is not an unsigned 32-bit number, makes xl exit.',
  llc_colors: 'A malformed item or a range whose start is above its end makes xl exit.',
  vuart: 'Any word other than `sbsa_uart` (any case) makes xl exit.',
  vnuma: 'Malformed vnodes, a bad `pnode`, or totals that disagree with `maxvcpus`/`maxmem` make xl exit.',
  cpus: 'An element that is not valid CPU-list syntax makes xl exit ("Invalid pcpu range").',
  cpus_soft: 'An element that is not valid CPU-list syntax makes xl exit ("Invalid pcpu range").',
  max_grant_frames: 'Any problem (not a number, out of range, a list, `+=`) makes xl exit with status 1 and no message at all.',
  max_maptrack_frames: 'Any problem (not a number, out of range, a list, `+=`) makes xl exit with status 1 and no message at all.',
  max_grant_version: 'Any problem (not a number, out of range, a list, `+=`) makes xl exit with status 1 and no message at all.',
  on_poweroff: 'A word outside the list (case matters) makes xl exit ("Unknown on_poweroff action"). A list only warns.',
  on_reboot: 'A word outside the list (case matters) makes xl exit ("Unknown on_reboot action"). A list only warns.',
  on_watchdog: 'A word outside the list (case matters) makes xl exit ("Unknown on_watchdog action"). A list only warns.',
  on_crash: 'A word outside the list (case matters) makes xl exit ("Unknown on_crash action"). A list only warns.',
  on_soft_reset: 'A word outside the list (case matters) makes xl exit ("Unknown on_soft_reset action"). A list only warns.',
  pci: 'Any entry the PCI parser rejects makes xl exit ("unable to parse PCI_SPEC_STRING").',
  passthrough: 'An unknown word makes xl exit ("unknown passthrough option").',
  tsc_mode: 'An integer outside 0..3 or an unknown word makes xl exit. `native_paravirt` is accepted by xl but refused by libxl.',
  timer_mode: 'An integer outside 0..3 or an unknown word makes xl exit; so does any timer_mode on a PV guest.',
  bios: 'An unknown BIOS name makes xl exit.',
  viridian: 'An unknown group name in the list form makes xl exit ("unknown viridian enlightenment").',
  mmio_hole: 'A value outside 256..3840 makes xl exit ("invalid value ... for mmio_hole").',
  smbios: 'A plain string, an item without a value, an unknown key or more than 99 `oem` entries make xl exit.',
  ms_vm_genid: 'Anything other than exactly `generate` or `none` makes xl exit.',
  mca_caps: 'An item other than `lmce`, or a value that is not a list, makes xl exit.',
  firmware: 'For PV/PVH a value that is not a prefix of `pvgrub32`/`pvgrub64`, or firmware together with `kernel`, makes xl exit. For HVM an unknown word is taken as a file path.',
  altp2m: 'An integer outside 0..3 or an unknown word makes xl exit.',
  altp2m_count: 'A value that does not fit in 16 bits makes xl exit.',
  ioports: 'A bad start port or a port at or above 0xffffffff makes xl exit.',
  irqs: 'A non-decimal item or one at or above 0xffffffff makes xl exit.',
  iomem: 'An item not of the form `HEX,HEX[@HEX]` makes xl exit.',
  disk: 'Every error of the disk-spec parser makes xl exit.',
  p9: 'An unknown key, a bad type, a pair without value, or non-numeric limits make xl exit.',
  vtpm: 'An unknown key, a bad uuid or a missing backend makes xl exit.',
  vdispl: 'An unknown key, a bad connector resolution or no connector at all makes xl exit.',
  pvcalls: 'Any key other than `backend` makes xl exit.',
  vsnd: 'Errors in a card/PCM/stream item make xl exit.',
  channel: 'A bad or missing `connection`, or a socket without `path`, makes xl exit (unknown keys only warn).',
  device_model_version: 'Anything but exactly `qemu-xen` makes xl exit (the old `qemu-xen-traditional` included).',
  device_model_args: 'A plain string instead of a list makes xl exit.',
  device_model_args_pv: 'A plain string instead of a list makes xl exit.',
  device_model_args_hvm: 'A plain string instead of a list makes xl exit.',
  vga: 'Anything but exactly `none`, `stdvga`, `cirrus` or `qxl` makes xl exit ("Unknown vga").',
  hdtype: 'A word other than ide/ahci (any case) makes xl exit.',
  gfx_passthru: 'A string other than default/igd (any case) makes xl exit.',
  vendor_device: 'A word other than none/xenserver (any case) makes xl exit.',
  gic_version: 'An unknown version makes xl exit ("Unknown gic_version").',
  tee: 'A word other than none/optee/ffa makes xl exit.',
  sve: 'A value other than disabled, hw, or a multiple of 128 up to 2048 makes xl exit.',
  arm_sci: 'A `type=` other than none or scmi_smc makes xl exit.',
  vkb: 'An unknown key, a bad or missing backend-type, or multi-touch without sizes makes xl exit.',
  virtio: 'An unknown key makes xl exit.',
  usbctrl: 'An unknown key or controller type makes xl exit.',
  usbdev: 'An unknown key or device type makes xl exit.',
  vif: 'Most mistakes only print a message, but a bad `rate` or a non-numeric `devid`/`mtu` makes xl exit.',
  bootloader: 'Naming pygrub on a build that has no pygrub makes xl exit.',
};

// Example lines.
const EXAMPLE = {
  name: 'name = "web01"', type: 'type = "pvh"', builder: 'builder = "hvm"', pool: 'pool = "Pool-node1"',
  vcpus: 'vcpus = 2', maxvcpus: 'maxvcpus = 8', cpus: 'cpus = "2-5,^3"', cpus_soft: 'cpus_soft = "node:1"',
  cpu_weight: 'cpu_weight = 512', cap: 'cap = 150', memory: 'memory = 2048', maxmem: 'maxmem = 4096',
  vnuma: 'vnuma = [ ["pnode=0", "size=1024", "vcpus=0-1", "vdistances=10,20"], ["pnode=1", "size=1024", "vcpus=2-3", "vdistances=20,10"] ]',
  on_poweroff: 'on_poweroff = "destroy"', on_reboot: 'on_reboot = "restart"', on_watchdog: 'on_watchdog = "coredump-restart"',
  on_crash: 'on_crash = "preserve"', on_soft_reset: 'on_soft_reset = "soft-reset"',
  kernel: 'kernel = "/var/lib/xen/boot/vmlinuz"', ramdisk: 'ramdisk = "/var/lib/xen/boot/initrd.img"',
  cmdline: 'cmdline = "root=/dev/xvda1 console=hvc0"', root: 'root = "/dev/xvda1 ro"', extra: 'extra = "console=hvc0"',
  firmware: 'firmware = "uefi"', pvshim: 'pvshim = 1', pvshim_path: 'pvshim_path = "/usr/lib/xen/boot/xen-shim"',
  pvshim_cmdline: 'pvshim_cmdline = "pv-shim console=xen,pv loglvl=all"', pvshim_extra: 'pvshim_extra = "loglvl=all"',
  uuid: 'uuid = "3f2c8a1e-5b7d-4c9e-8f10-2a3b4c5d6e7f"', seclabel: 'seclabel = "system_u:system_r:domU_t"',
  init_seclabel: 'init_seclabel = "system_u:system_r:nomigrate_t_building"',
  max_grant_frames: 'max_grant_frames = 64', max_maptrack_frames: 'max_maptrack_frames = 1024', max_grant_version: 'max_grant_version = 1',
  nomigrate: 'nomigrate = 1', driver_domain: 'driver_domain = 1', device_tree: 'device_tree = "/etc/xen/guest-passthrough.dtb"',
  passthrough: 'passthrough = "sync_pt"', xend_suspend_evtchn_compat: 'xend_suspend_evtchn_compat = 1',
  vmtrace_buf_kb: 'vmtrace_buf_kb = 64', vpmu: 'vpmu = 1', xenstore_feature_mask: 'xenstore_feature_mask = 0x1',
  xenstore_quota: 'xenstore_quota = [ "nodes=4000", "watches=256" ]',
  disk: 'disk = [ "format=raw, vdev=xvda, access=rw, target=/dev/vg0/web01" ]',
  vif: 'vif = [ "mac=00:16:3e:12:34:56, bridge=xenbr0" ]', vtpm: 'vtpm = [ "backend=vtpm-web01" ]',
  p9: 'p9 = [ "tag=share, security_model=none, path=/srv/share" ]', pvcalls: 'pvcalls = [ "backend=0" ]',
  vfb: 'vfb = [ "vnc=1, vnclisten=127.0.0.1" ]', channel: 'channel = [ "name=org.example.agent.1, connection=pty" ]',
  rdm: 'rdm = "strategy=host"', usbctrl: 'usbctrl = [ "version=2, ports=4" ]', usbdev: 'usbdev = [ "hostbus=1, hostaddr=3" ]',
  pci: 'pci = [ "0000:03:00.0" ]', pci_permissive: 'pci_permissive = 1', pci_msitranslate: 'pci_msitranslate = 1',
  pci_seize: 'pci_seize = 1', pci_power_mgmt: 'pci_power_mgmt = 1', gfx_passthru: 'gfx_passthru = "igd"',
  rdm_mem_boundary: 'rdm_mem_boundary = 2048', dtdev: 'dtdev = [ "/soc/ethernet@ff0e0000" ]',
  ioports: 'ioports = [ "2f8-2ff" ]', iomem: 'iomem = [ "fe000,2@e0000" ]', irqs: 'irqs = [ 45, 46 ]',
  max_event_channels: 'max_event_channels = 2047', vdispl: 'vdispl = [ "backend=0, be-alloc=1, connectors=c0:1920x1080" ]',
  dm_restrict: 'dm_restrict = 1', device_model_user: 'device_model_user = "xen-qemuuser-web01"',
  vsnd: "vsnd = [ [ 'CARD, short-name=Main', 'PCM, name=Main', 'STREAM, unique-id=0, type=p' ] ]",
  vkb: 'vkb = [ "backend-type=linux" ]', virtio: 'virtio = [ "backend=0, type=virtio,device22, transport=mmio" ]',
  tee: 'tee = "optee"', bootloader: 'bootloader = "pygrub"', bootloader_args: 'bootloader_args = [ "--entry=1" ]',
  bootloader_restrict: 'bootloader_restrict = 1', bootloader_user: 'bootloader_user = "xen-bootloader-web01"',
  e820_host: 'e820_host = 1', boot: 'boot = "dc"', hdtype: 'hdtype = "ahci"', hap: 'hap = 0', oos: 'oos = 0',
  shadow_memory: 'shadow_memory = 16', bios: 'bios = "ovmf"', bios_path_override: 'bios_path_override = "/usr/share/ovmf/OVMF.fd"',
  pae: 'pae = 1', acpi: 'acpi = 1', acpi_s3: 'acpi_s3 = 0', acpi_s4: 'acpi_s4 = 0', acpi_laptop_slate: 'acpi_laptop_slate = 1',
  apic: 'apic = 1', nx: 'nx = 1', hpet: 'hpet = 0', altp2m: 'altp2m = "external"', altp2mhvm: 'altp2mhvm = 1',
  altp2m_count: 'altp2m_count = 20', nestedhvm: 'nestedhvm = 1', cpuid: 'cpuid = "host,x2apic=0,avx512f=0"',
  acpi_firmware: 'acpi_firmware = "/etc/xen/acpi/extra-ssdt.aml"', smbios_firmware: 'smbios_firmware = "/etc/xen/smbios.bin"',
  smbios: 'smbios = [ "system_manufacturer=Example Corp", "system_serial_number=SN-0042" ]',
  ms_vm_genid: 'ms_vm_genid = "generate"', tsc_mode: 'tsc_mode = "always_emulate"', localtime: 'localtime = 1',
  rtc_timeoffset: 'rtc_timeoffset = "-3600"', vpt_align: 'vpt_align = 0', timer_mode: 'timer_mode = "delay_for_missed_ticks"',
  mmio_hole: 'mmio_hole = 3072', xen_platform_pci: 'xen_platform_pci = 1', xen_platform_pci_bar_uc: 'xen_platform_pci_bar_uc = 0',
  viridian: 'viridian = [ "defaults", "!hcall_ipi" ]', hvm_pirq: 'hvm_pirq = 1', videoram: 'videoram = 16', stdvga: 'stdvga = 1',
  vga: 'vga = "stdvga"', vnc: 'vnc = 1', vnclisten: 'vnclisten = "0.0.0.0"', vncdisplay: 'vncdisplay = 3', vncunused: 'vncunused = 1',
  vncpasswd: 'vncpasswd = "s3cret"', keymap: 'keymap = "de"', sdl: 'sdl = 1', nographic: 'nographic = 1', spice: 'spice = 1',
  spicehost: 'spicehost = "127.0.0.1"', spiceport: 'spiceport = 6000', spicetls_port: 'spicetls_port = 6001',
  spicedisable_ticketing: 'spicedisable_ticketing = 1', spicepasswd: 'spicepasswd = "s3cret"', spiceagent_mouse: 'spiceagent_mouse = 0',
  spicevdagent: 'spicevdagent = 1', spice_clipboard_sharing: 'spice_clipboard_sharing = 1', spiceusbredirection: 'spiceusbredirection = 2',
  spice_image_compression: 'spice_image_compression = "auto_glz"', spice_streaming_video: 'spice_streaming_video = "filter"',
  serial: 'serial = [ "pty" ]', soundhw: 'soundhw = "hda"', vkb_device: 'vkb_device = 0', usb: 'usb = 1', usbversion: 'usbversion = 2',
  usbdevice: 'usbdevice = [ "tablet" ]', vendor_device: 'vendor_device = "xenserver"', device_model_version: 'device_model_version = "qemu-xen"',
  device_model_override: 'device_model_override = "/usr/local/bin/qemu-system-i386"',
  stubdomain_kernel: 'stubdomain_kernel = "/usr/lib/xen/boot/qemu-stubdom-linux-kernel"',
  stubdomain_cmdline: 'stubdomain_cmdline = "console=hvc0"',
  stubdomain_ramdisk: 'stubdomain_ramdisk = "/usr/lib/xen/boot/qemu-stubdom-linux-rootfs"', stubdomain_memory: 'stubdomain_memory = 256',
  device_model_stubdomain_override: 'device_model_stubdomain_override = 1',
  device_model_stubdomain_seclabel: 'device_model_stubdomain_seclabel = "system_u:system_r:dm_dom_t"',
  device_model_args: 'device_model_args = [ "-d", "guest_errors" ]', device_model_args_pv: 'device_model_args_pv = [ "-nodefaults" ]',
  device_model_args_hvm: 'device_model_args_hvm = [ "-global", "PIIX4_PM.disable_s3=1" ]', gic_version: 'gic_version = "v3"',
  vuart: 'vuart = "sbsa_uart"', sve: 'sve = "512"', llc_colors: 'llc_colors = [ "0-7", "12" ]', nr_spis: 'nr_spis = 64',
  trap_unmapped_accesses: 'trap_unmapped_accesses = 0', arm_sci: 'arm_sci = "type=scmi_smc"', mca_caps: 'mca_caps = [ "lmce" ]',
  msr_relaxed: 'msr_relaxed = 1', device_model: 'device_model = "/usr/bin/qemu-dm"', display: 'display = ":0"',
  xauthority: 'xauthority = "/root/.Xauthority"', opengl: 'opengl = 1', period: 'period = 10000', slice: 'slice = 5000',
  latency: 'latency = 0', extratime: 'extratime = 1', firmware_override: 'firmware_override = "/usr/lib/xen/boot/hvmloader"',
  vif2: 'vif2 = [ "bridge=xenbr0" ]', vncviewer: 'vncviewer = 1', force_x2apic: 'force_x2apic = 1',
};

// Extra explanation per key (our words). Appended after the one-line summary.
const NOTES = {
  name: 'It also names the guest in `xl list` and in the paths of its logs.',
  type: 'Choose `pvh` for a modern kernel without emulated hardware, `hvm` for any OS (BIOS/UEFI, emulated devices), and `pv` for classic paravirtualised guests. When absent, x86 guests are PV and Arm guests PVH. xl compares only as many characters as you wrote, so `"h"` already means hvm and an empty string means hvm too.',
  builder: 'Use `type` instead. `generic` means PV.',
  vcpus: 'Values below 1 are silently turned into 1.',
  maxvcpus: 'When it is larger than `vcpus`, the extra vCPUs exist but start offline and can be brought up later. It must not be smaller than `vcpus`.',
  cpus: 'A string applies the same set to every vCPU; a list gives one set per vCPU (vCPU 0 first). Elements: `N`, `N-M`, `all`, `node:N`/`nodes:N-M`, each optionally negated with `^`.',
  cpus_soft: 'Same syntax as `cpus`, but the scheduler only prefers these CPUs instead of being restricted to them.',
  cpu_weight: 'Relative share of CPU time under the credit/credit2 schedulers when CPUs are contended: 512 gets twice the time of 256. The manual gives 1..65535; xl itself does not check the range.',
  cap: 'Upper limit of CPU use in percent of one physical CPU (100 = one CPU, 250 = two and a half); 0 means unlimited.',
  memory: 'With neither memory nor maxmem set the guest gets only 32 MiB.',
  maxmem: 'If larger than `memory` the guest starts ballooned down (HVM/PVH guests then use populate-on-demand and need a balloon driver). xl does not check that it is at least `memory`.',
  kernel: 'Path on the host (dom0) of the kernel image to boot directly.',
  cmdline: 'When set, `root` and `extra` are ignored (xl warns).',
  root: 'Becomes `root=VALUE` at the front of the kernel command line unless `cmdline` is set.',
  extra: 'Appended to the kernel command line unless `cmdline` is set.',
  firmware: 'For HVM: `bios`, `uefi`, a BIOS name (`seabios`, `rombios`, `ovmf`) or a path to a firmware file. For PV/PVH: `pvgrub32` or `pvgrub64`. xl accepts any prefix of `uefi`/`bios`/`pvgrub32`/`pvgrub64`, so even an empty string means something.',
  pvshim: 'Runs a PV guest inside a PVH container with the PV shim, so the guest sees a PV environment while hardware virtualisation isolates it.',
  max_grant_frames: 'Limits how many pages the guest can share with other domains through grants (PV drivers need them). The default comes from xl.conf.',
  passthrough: 'Controls whether and how the IOMMU maps guest memory for passed-through devices. `default` picks enabled or disabled depending on whether devices are configured.',
  disk: 'Each item is a disk spec: `target=` must come last; positional form is `target, format, vdev, access`.',
  vif: 'Each item is a comma-separated list of `key=value` settings for one network interface; an empty string gives a default interface.',
  pci: 'Each item is `[DDDD:]BB:SS.F[@VSLOT][,option=value...]`.',
  bootloader: 'Usually `pygrub`. Either `kernel` or `bootloader` is required for PV and PVH guests.',
  bootloader_args: 'Prefer the list form; a single string is split at whitespace and xl warns that this is deprecated.',
  boot: 'Letters `c` (hard disk), `d` (CD-ROM) and `n` (network), tried in order. xl passes the string to QEMU without checking it.',
  bios: 'Chooses the HVM firmware. `rombios` does not work with the qemu-xen device model.',
  altp2m: 'Alternate p2m lets a guest or an introspection tool switch between several views of guest memory. The old numeric form 0..3 is still read.',
  cpuid: 'A string in libxl form (`"host,feature=0,..."`) or a list of xend-form strings (`"LEAF[,SUB]:REG=32 bits"`). Errors are printed but never stop creation.',
  tsc_mode: 'Controls whether guest reads of the TSC run natively or are emulated. Writing it as a number still works but is deprecated and must be 0..3.',
  timer_mode: 'Policy for ticks a vCPU missed while it was descheduled. Not allowed on PV guests.',
  rtc_timeoffset: 'A negative offset must be quoted (`"-3600"`): the lexer has no negative numbers.',
  mmio_hole: 'Size in MiB of the gap below 4 GiB left for device MMIO. xl enforces 256..3840; 3072 is a common large choice.',
  viridian: 'Hyper-V enlightenments for Windows guests. `1` equals `["defaults"]`, `0` an empty list; prefix a group with `!` to remove it. `base` must be enabled for any other group.',
  videoram: 'Emulated video card memory in MiB; libxl refuses less than the card needs (8 MiB cirrus, 16 MiB stdvga, 128 MiB qxl with qemu-xen).',
  stdvga: 'Use `vga = "stdvga"` instead.',
  vga: 'The emulated graphics card. When absent, the deprecated `stdvga` decides between stdvga and cirrus.',
  keymap: 'The accepted names are whatever the device model knows; the list shows common ones.',
  device_model_version: '`qemu-xen-traditional` is no longer accepted by current xl.',
  msr_relaxed: 'Interim switch restoring the lax pre-4.15 handling of unknown MSRs; xl warns that it will go away whenever the key is read.',
  tee: 'Arm only: lets the guest talk to a trusted execution environment (OP-TEE or FF-A).',
  sve: 'Arm only (AArch64 guests): maximum SVE vector length in bits, `hw` for what the hardware offers, `disabled` to turn SVE off.',
  trap_unmapped_accesses: 'Arm only. Setting it to 1 on x86 makes libxl fail.',
  device_model: 'Obsolete: xl only reads it to warn that it is ignored; use `device_model_override`.',
  slice: 'Parameter of the removed SEDF scheduler; read but no longer used.',
  latency: 'Parameter of the removed SEDF scheduler; read but no longer used.',
  vif2: 'netchannel2 is gone; xl warns and ignores the key.',
  vncviewer: 'If it parses as a number xl warns that it is ignored and that `xl create -V` should be used instead.',
  rdm: 'Known libxlu bug (since 4.15): a valid `policy=` makes the whole setting be ignored silently; only `strategy=host` alone takes effect.',
  channel: 'The `connection` value must be lowercase `pty` or `socket` even though the manual shows capitals.',
  vsnd: 'Streams are identified with `unique-id=`; the `id=` shown in the manual example is rejected.',
  force_x2apic: [
    'When enabled, every vCPU\'s local APIC comes out of reset already in x2APIC mode, and the guest cannot leave it: a write to IA32_APIC_BASE that clears the EXTD bit raises #GP. There is no xAPIC MMIO page to fall back to.',
    '',
    '**Who boots:** Linux, FreeBSD and the Xen PV shim start fine in x2APIC mode. **Who does not:** SeaBIOS hangs (it drives the APIC through MMIO), OVMF has been reported to freeze, and NetBSD does not use x2APIC when running as a Xen guest.',
    '',
    '**Telling the guest:** AMD has no architectural way to advertise "x2APIC mode is locked". On Intel the spec-compliant signal is IA32_ARCH_CAPABILITIES.XAPIC_DISABLE_STATUS together with MSR 0xBD (IA32_XAPIC_DISABLE_STATUS).',
    '',
    'Not in any released Xen: it comes from an RFC patch series ("x86/hvm: Introduce force_x2apic flag"); a reviewer suggested the name `x2apic_only`. It has no meaning for PV guests (no emulated local APIC) or on Arm, and clashes with a `cpuid` setting that hides the x2apic feature.',
  ].join('\n'),
};

const KIND_VALUE = {
  string: 'a single string (a bare number is taken as its text). A list is refused.',
  integer: 'a whole number read like C `strtol` base 0: decimal, `0x` hexadecimal, or octal when it starts with `0`. Negative numbers have to be quoted; unit suffixes are not understood.',
  boolean: 'a number: `0` means off, any other number means on. Words such as `"true"` or `"yes"` are not understood.',
  'memory-mb': 'a whole number of MiB, with no suffix (`2048`, not `"2G"`).',
  'memory-kb': 'a whole number of KiB, with no suffix.',
  enum: 'one of the words listed below.',
  'enum-or-string': 'one of the special words below, or any other string.',
  'enum-or-integer': 'one of the words below; the older numeric form is still read.',
  'boolean-or-enum': 'a number (`0` off, anything else on) or one of the words below.',
  'boolean-or-list': 'a number (`0`/`1`), or a list of the group names below.',
  list: 'a list of strings, `[ "...", "..." ]`; a single string is refused.',
  'string-or-list': 'a string, or a list of strings.',
  cpulist: 'a CPU-list string, or a list holding one CPU-list string per vCPU.',
  'list-of-lists': 'a list whose items are themselves lists of strings.',
};

const KIND_BAD = {
  string: 'A list instead of a string draws a libxlu warning and the key is treated as unset.',
  integer: 'Anything that is not a plain number (`512M`, `1e5`, `"12 "`, a list, or a `+=` assignment) draws a libxlu warning and xl carries on as if the key were absent.',
  boolean: 'A word, a list or a `+=` assignment draws a libxlu warning ("not a valid number") and xl keeps the default.',
  list: 'A single string instead of a list draws a warning and the key counts as unset; an item that is itself a list silently ends the list.',
  'list-of-lists': 'A single string instead of a list draws a warning and the key counts as unset.',
};
KIND_BAD['memory-mb'] = KIND_BAD['memory-kb'] = KIND_BAD.integer;
KIND_BAD['enum-or-string'] = KIND_BAD.enum = KIND_BAD['string-or-list'] = KIND_BAD.cpulist = KIND_BAD.string;
KIND_BAD['enum-or-integer'] = KIND_BAD['boolean-or-enum'] = KIND_BAD['boolean-or-list'] = KIND_BAD.string;

const GUEST = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };
const MATCH_TEXT = {
  exact: 'Case matters.',
  prefix: 'xl accepts any prefix of these words (case matters).',
  'case-insensitive': 'Case does not matter.',
};
const IGNORED_BY_XL = new Set(['spice_image_compression', 'spice_streaming_video', 'keymap', 'soundhw']);

function fmtDefault(d) {
  if (d === null || d === undefined) return null;
  if (d === true) return '1';
  if (d === false) return '0';
  return String(d);
}

function buildDoc(k, extra) {
  const out = [];
  out.push(k.summary);
  if (NOTES[k.name]) out.push('', NOTES[k.name]);
  out.push('', `**Value:** ${KIND_VALUE[k.kind]}`);
  if (k.enumValues) {
    let line = `**Allowed:** ${k.enumValues.map((v) => '`' + v + '`').join(', ')}.`;
    if (extra.enumMatch) line += ' ' + MATCH_TEXT[extra.enumMatch];
    if (IGNORED_BY_XL.has(k.name)) line += ' xl does not check the word itself; the device model does.';
    out.push('', line);
  }
  const d = fmtDefault(k.default);
  const dl = [d !== null ? '`' + d + '`' : null, k.defaultNote].filter(Boolean).join(' — ');
  out.push('', `**Default:** ${dl || 'none (unset)'}.`);
  const where = [k.guestTypes.map((g) => GUEST[g]).join(', ') + ' guests'];
  if (k.arch !== 'all') where.push(k.arch === 'x86' ? 'x86 only' : 'Arm only');
  where.push(k.status === 'proposed' ? 'not in any released Xen (proposed)' : `read by xl since Xen ${k.since}`);
  out.push('', `**Applies to:** ${where.join('; ')}.`);
  if (extra.min !== undefined || extra.max !== undefined) {
    const range = `${extra.min ?? '−∞'}..${extra.max ?? '∞'}`;
    const how =
      extra.enforced === 'xl' ? 'enforced by xl' : extra.enforced === 'manual' ? 'according to the manual; xl does not check it' : extra.enforced;
    out.push('', `**Range:** ${range}, ${how}.`);
  }
  if (k.status === 'deprecated') out.push('', `**Deprecated**${k.deprecated ? `: use \`${k.deprecated}\` instead` : ''}.`);
  if (k.status === 'ignored') out.push('', '**Ignored:** xl reads this key only to warn about it, or stores it without any effect.');
  if (k.syntax) out.push('', `**Syntax of the string(s):** ${k.syntax}${k.subKeys ? ` — keys: ${k.subKeys.map((s) => '`' + s + '`').join(', ')}` : ''}.`);
  out.push('', '```xl', extra.example, '```');
  out.push('', `**If the value is wrong:** ${FATAL[k.name] ?? KIND_BAD[k.kind]}`);
  return out.join('\n');
}

function exampleFor(k) {
  if (EXAMPLE[k.name]) return EXAMPLE[k.name];
  const d = fmtDefault(k.default);
  switch (k.kind) {
    case 'boolean':
      return `${k.name} = ${d === '1' ? 0 : 1}`;
    case 'integer':
    case 'memory-mb':
    case 'memory-kb':
      return `${k.name} = ${d ?? 1}`;
    case 'list':
      return `${k.name} = [ "" ]`;
    default:
      return `${k.name} = "${k.enumValues?.[0] ?? ''}"`;
  }
}

const entries = keys.map((k) => {
  const b = BOUNDS[k.name];
  const extra = {
    enumMatch: k.enumValues ? ENUM_MATCH[k.name] ?? 'exact' : undefined,
    example: exampleFor(k),
    min: b?.[0],
    max: b?.[1],
    enforced: b?.[2],
  };
  let manAnchor;
  if (HEADING[k.name]) manAnchor = `${MAN}#${idify(HEADING[k.name])}`;
  else if (k.foundIn === 'both') manAnchor = `${MAN}#${idify(`${k.name}=${KIND_PLACEHOLDER[k.kind] ?? '"STRING"'}`)}`;
  else manAnchor = XL_PARSE;
  const e = {
    name: k.name,
    kind: k.kind,
    default: fmtDefault(k.default),
    defaultNote: k.defaultNote,
    guestTypes: k.guestTypes,
    arch: k.arch,
    since: k.since,
    status: k.status,
    deprecated: k.deprecated,
    enumValues: k.enumValues ? k.enumValues.map(String) : null,
    ...(extra.enumMatch ? { enumMatch: extra.enumMatch } : {}),
    syntax: k.syntax,
    subKeys: k.subKeys,
    xlRead: k.xlRead,
    summary: k.summary,
    doc: buildDoc(k, extra),
    example: extra.example,
    manAnchor,
    ...(extra.min !== undefined ? { min: extra.min } : {}),
    ...(extra.max !== undefined ? { max: extra.max } : {}),
    ...(FATAL[k.name] ? { fatalOnBadValue: true } : {}),
    ...(k.name === 'force_x2apic' ? { aliases: ['x2apic_only'] } : {}),
  };
  return e;
});

const lines = [];
lines.push('// The typed catalogue of every key xl reads from a domain config (plus the proposed');
lines.push('// force_x2apic). First generated by scripts/gen-catalogue.mjs from the research table');
lines.push('// xlcfg-keys.json, then maintained by hand. Documentation is our own wording; facts come from');
lines.push('// tools/xl/xl_parse.c (parse_config_data) and tools/libs/util/libxlu_cfg.c.');
lines.push("import type { KeyInfo } from './types';");
lines.push('');
lines.push("export type { EnumMatch, GuestType, KeyInfo, KeyStatus, ValueKind } from './types';");
lines.push('');
lines.push('export const KEYS: readonly KeyInfo[] = [');
for (const e of entries) lines.push(`  ${JSON.stringify(e, null, 2).replace(/\n/g, '\n  ')},`);
lines.push('];');
lines.push('');
lines.push(`const BY_NAME: ReadonlyMap<string, KeyInfo> = new Map(KEYS.map((k) => [k.name, k]));`);
lines.push('');
lines.push('/** The catalogue entry of a key, by exact name (xl key names are case-sensitive). */');
lines.push('export function keyInfo(name: string): KeyInfo | undefined {');
lines.push('  return BY_NAME.get(name);');
lines.push('}');
lines.push('');
lines.push('/** Names people use that xl does not read, mapped to the key they mean. */');
lines.push("export const SUGGESTED_NAMES: Readonly<Record<string, string>> = { x2apic_only: 'force_x2apic' };");
lines.push('');
lines.push('/** All key names, in catalogue order (for completion and did-you-mean). */');
lines.push('export const KEY_NAMES: readonly string[] = KEYS.map((k) => k.name);');
lines.push('');
process.stdout.write(lines.join('\n'));
