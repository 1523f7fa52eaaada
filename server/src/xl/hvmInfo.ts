// parse_config_data, the HVM case of the guest-type switch: firmware, BIOS, platform flags,
// Viridian, the MMIO hole, SMBIOS, the VM generation id, MCA (tools/xl/xl_parse.c).
import { toUint64 } from '../libxl/cnum';
import { enumValue } from '../libxl/idl';
import { LibxlBitmap, Unknown } from '../libxl/value';
import { kib } from './buildInfo';
import { cPrefix } from './createInfo';
import { listItem } from './libxlu';
import { readSmbios } from './lists';
import type { XlModel } from './model';

/** HVM_BELOW_4G_MMIO_START and _LENGTH (xen/include/public/hvm/e820.h). */
const MMIO_START = 0xf0000000n;
const MMIO_LENGTH = 0x10000000n;

/** LIBXL_BUILDINFO_HVM_VIRIDIAN_ENABLE_DISABLE_WIDTH */
const VIRIDIAN_WIDTH = 64;

/** libxl_basename: the part after the last '/' ("." for NULL or ""). */
function basename(path: string | undefined): string {
  if (!path) return '.';
  return path.slice(path.lastIndexOf('/') + 1);
}

export function readHvmInfo(m: XlModel): void {
  const { xlu, b } = m;
  const u = m.u;

  if (basename(b.kernel as string | undefined) === 'hvmloader') {
    const s = xlu.file.settings.get('kernel')!;
    m.warn(
      'relation/hvmloader-kernel',
      'kernel',
      m.keyAt(s),
      [
        'WARNING: you seem to be using "kernel" directive to override HVM guest firmware. Ignore that. Use "firmware_override" instead if you really want a non-default firmware',
      ],
      'xl ignores a `kernel` naming hvmloader, with a warning',
    );
    delete b.kernel;
  }

  const fwOverride = xlu.getString('firmware_override');
  if (fwOverride.ok) u.firmware = fwOverride.value;
  const biosPath = xlu.getString('bios_path_override');
  if (biosPath.ok) u.system_firmware = biosPath.value;
  const bios = xlu.getString('bios');
  if (bios.ok) {
    const name = m.fromString('libxl_bios_type', bios.setting, bios.value);
    if (name !== undefined) u.bios = name;
    else
      m.refuse(
        'value/enum',
        'bios',
        m.valueAt(bios.setting),
        [`ERROR: invalid value "${bios.value}" for "bios"`],
        `bios "${bios.value}" is unknown: xl refuses the domain`,
        { expected: ['seabios', 'rombios', 'ovmf'] },
      );
  } else if (biosPath.ok) {
    m.warn(
      'relation/bios-path-without-bios',
      'bios_path_override',
      m.keyAt(biosPath.setting),
      ['WARNING: bios_path_override given without specific bios name'],
      '`bios_path_override` without `bios`: xl warns (the file is still used)',
    );
  }

  for (const [key, field] of [
    ['pae', 'pae'],
    ['acpi_s3', 'acpi_s3'],
    ['acpi_s4', 'acpi_s4'],
    ['acpi_laptop_slate', 'acpi_laptop_slate'],
    ['nx', 'nx'],
    ['hpet', 'hpet'],
    ['vpt_align', 'vpt_align'],
  ] as const) {
    m.reading(key, 'boolean');
    const r = xlu.getDefbool(key);
    if (r.ok) u[field] = r.value;
  }
  m.reading('apic', 'boolean');
  const apic = xlu.getDefbool('apic');
  if (apic.ok) b.apic = apic.value;
  if (m.atLeast('4.19')) {
    // 4.19 (commit 024e7131be): XENFEAT_hvm_pirqs is no longer exposed by default.
    m.reading('hvm_pirq', 'boolean');
    const pirq = xlu.getDefbool('hvm_pirq');
    if (pirq.ok) u.pirq = pirq.value;
  }

  readViridian(m);

  m.reading('mmio_hole', 'memory');
  const hole = xlu.getLong('mmio_hole');
  if (hole.ok) {
    u.mmio_hole_memkb = kib(hole.value);
    const size = toUint64((u.mmio_hole_memkb as bigint) * 1024n);
    if (size < MMIO_LENGTH || size > MMIO_START) {
      m.refuse(
        'value/range',
        'mmio_hole',
        m.valueAt(hole.setting),
        [`ERROR: invalid value ${hole.value} for "mmio_hole"`],
        '`mmio_hole` must be 256..3840 MiB: xl refuses the domain',
      );
    }
  }

  m.reading('altp2mhvm', 'boolean');
  const altp2mhvm = xlu.getDefbool('altp2mhvm');
  if (altp2mhvm.ok) {
    u.altp2m = altp2mhvm.value;
    m.warn(
      'key/deprecated',
      'altp2mhvm',
      m.keyAt(altp2mhvm.setting),
      ['WARNING: Specifying "altp2mhvm" is deprecated. Please use "altp2m" instead.'],
      '`altp2mhvm` is deprecated: xl warns; use `altp2m`',
    );
  }

  const smbiosFw = xlu.getString('smbios_firmware');
  if (smbiosFw.ok) u.smbios_firmware = smbiosFw.value;
  const acpiFw = xlu.getString('acpi_firmware');
  if (acpiFw.ok) u.acpi_firmware = acpiFw.value;

  // 4.18 (commit 9aeb3a20c4).
  if (m.atLeast('4.18')) readSmbios(m);

  const genid = xlu.getString('ms_vm_genid');
  if (genid.ok) {
    // libxl_ms_vm_genid_generate: random bytes, different every time.
    if (genid.value === 'generate') u.ms_vm_genid = new Unknown('xl generates it at random');
    else if (genid.value !== 'none') {
      m.refuse(
        'value/enum',
        'ms_vm_genid',
        m.valueAt(genid.setting),
        ['ERROR: "ms_vm_genid" option must be "generate" or "none"'],
        '`ms_vm_genid` must be "generate" or "none": xl refuses the domain',
        { expected: ['generate', 'none'] },
      );
    }
  }

  m.reading('rdm_mem_boundary', 'memory');
  const boundary = xlu.getLong('rdm_mem_boundary');
  if (boundary.ok) u.rdm_mem_boundary_memkb = kib(boundary.value);

  readMcaCaps(m);

  // `firmware`: a BIOS name; else a prefix of "uefi" (OVMF) or of "bios" (the device model's
  // default BIOS); anything else is a path that replaces hvmloader.
  const fw = xlu.getString('firmware');
  if (fw.ok) {
    const name = m.fromString('libxl_bios_type', fw.setting, fw.value);
    if (name !== undefined) u.bios = name;
    else if (cPrefix(fw.value, 'uefi')) {
      u.bios = 'ovmf';
      m.readAs(fw.setting, fw.value, 'uefi', 'prefix');
    } else if (cPrefix(fw.value, 'bios')) m.readAs(fw.setting, fw.value, 'bios', 'prefix');
    else u.firmware = fw.value;
  }
}

function readViridian(m: XlModel): void {
  const { xlu } = m;
  const u = m.u;
  const list = xlu.getList('viridian', true);
  if (list.ok) {
    const items = list.value;
    let enable: LibxlBitmap | undefined;
    let disable: LibxlBitmap | undefined;
    if (items.items.length) {
      enable = u.viridian_enable = new LibxlBitmap(VIRIDIAN_WIDTH);
      disable = u.viridian_disable = new LibxlBitmap(VIRIDIAN_WIDTH);
    }
    for (let i = 0; i < items.items.length; i++) {
      let buf = listItem(items, i);
      const at = items.nodes[i] ?? m.valueAt(list.setting);
      if (buf === undefined) {
        // strcmp(NULL, "all") on a nested list.
        m.crash('value/nested-list', 'viridian', at, [], 'A nested list in `viridian` crashes xl');
        return;
      }
      if (buf === 'all') enable!.setAny();
      else if (buf === 'defaults') u.viridian = true;
      else {
        let set = enable!;
        let reset = disable!;
        if (buf.startsWith('!')) {
          set = disable!;
          reset = enable!;
          buf = buf.slice(1);
        }
        const v = enumValue('libxl_viridian_enlightenment', buf, m.release);
        if (v === undefined) {
          m.refuse(
            'value/enum',
            'viridian',
            at,
            [`xl: unknown viridian enlightenment '${buf}'`],
            `"${buf}" is no Viridian group: xl refuses the domain`,
          );
          continue;
        }
        set.set(v);
        reset.reset(v);
      }
    }
    return;
  }
  if (list.why === 'not-a-list') {
    // A single value: read as a boolean, silently ignored when it is not one.
    const r = xlu.getDefbool('viridian', true);
    if (r.ok) u.viridian = r.value;
    else
      m.silent(
        'value/boolean',
        'viridian',
        m.valueAt(list.setting!),
        '`viridian` is neither 0/1 nor a list: xl ignores it silently',
      );
  }
}

function readMcaCaps(m: XlModel): void {
  const { xlu } = m;
  const list = xlu.getList('mca_caps', true);
  if (list.ok) {
    let caps = 0;
    for (let i = 0; i < list.value.items.length; i++) {
      const buf = listItem(list.value, i);
      const at = list.value.nodes[i] ?? m.valueAt(list.setting);
      if (buf === undefined) {
        m.crash('value/nested-list', 'mca_caps', at, [], 'A nested list in `mca_caps` crashes xl');
        return;
      }
      // XEN_HVM_MCA_CAP_LMCE (xen/include/public/hvm/params.h)
      if (buf === 'lmce') caps |= 1;
      else
        m.refuse(
          'value/enum',
          'mca_caps',
          at,
          [`ERROR: unrecognized MCA capability '${buf}'.`],
          `"${buf}" is no MCA capability (only "lmce"): xl refuses the domain`,
          { expected: ['lmce'] },
        );
    }
    if (caps) m.u.mca_caps = BigInt(caps);
  } else if (list.why !== 'absent') {
    m.refuse(
      'value/list-expected',
      'mca_caps',
      m.valueAt(list.setting!),
      ['ERROR: unable to parse mca_caps.'],
      '`mca_caps` must be a list: xl refuses the domain',
    );
  }
}
