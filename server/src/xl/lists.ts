// parse_config_data: the lists of ranges and numbers (llc_colors, ioports, irqs, iomem, smbios,
// xenstore_quota), vNUMA and arm_sci. The list handling is xl's (tools/xl/xl_parse.c); each item
// goes to its parser in server/src/specs, which says what xl stores and prints.
import { toUint32 } from '../libxl/cnum';
import type { LibxlStruct, LibxlValue } from '../libxl/value';
import { listItem } from './libxlu';
import { silentlyIgnored, type XlModel } from './model';
import { fatal, parseSpec } from './specItems';

interface ItemList {
  key: string;
  syntax: string;
  /** What xl prints for an item that is not a string (a nested list), then exits. */
  notString: (i: number) => string;
}

/** Each item's parsed value, or undefined when the list could not be read (absent or refused). */
function readItems(m: XlModel, l: ItemList): LibxlValue[] | undefined {
  const got = m.xlu.getList(l.key);
  if (!got.ok) return undefined;
  const out: LibxlValue[] = [];
  const { items, nodes } = got.value;
  for (let i = 0; i < items.length; i++) {
    const item = listItem(got.value, i);
    if (item === undefined) {
      m.refuse('value/nested-list', l.key, nodes[i] ?? m.valueAt(got.setting), [l.notString(i)], `A nested list in \`${l.key}\`: xl refuses the domain`);
      continue;
    }
    const parse = parseSpec(m, l.key, l.syntax, item, nodes[i], m.valueAt(got.setting), { index: i });
    if (!fatal(parse) && parse.device !== undefined) out.push(parse.device);
  }
  return out;
}

/** llc_colors (4.20): each item a color or a range of them, all expanded into one array. */
export function readLlcColors(m: XlModel): void {
  const colors = readItems(m, { key: 'llc_colors', syntax: 'color-range', notString: (i) => `xl: Can't get element ${i} in LLC color list` });
  if (colors) {
    const flat = colors.flatMap((c) => (Array.isArray(c) ? (c as number[]) : [c as number]));
    if (flat.length) m.b.llc_colors = flat;
  }
}

export function readIoports(m: XlModel): void {
  const r = readItems(m, { key: 'ioports', syntax: 'ioport-range', notString: (i) => `xl: Unable to get element #${i} in ioport list` });
  if (r?.length) m.b.ioports = r;
}

export function readIrqs(m: XlModel): void {
  const r = readItems(m, { key: 'irqs', syntax: 'irq-number', notString: (i) => `xl: Unable to get element ${i} in irq list` });
  if (r?.length) m.b.irqs = r.map((n) => toUint32(n as number));
}

export function readIomem(m: XlModel): void {
  const r = readItems(m, { key: 'iomem', syntax: 'iomem-range', notString: (i) => `xl: Unable to get element ${i} in iomem list` });
  if (r?.length) m.b.iomem = r;
}

/** smbios (4.18): `type=value` items; at most 99 OEM strings. */
export function readSmbios(m: XlModel): void {
  const got = m.xlu.getList('smbios');
  if (!got.ok) {
    if (got.why !== 'absent') m.refuse('value/list-expected', 'smbios', m.valueAt(got.setting!), ['xl: Unable to parse smbios options.'], '`smbios` must be a list: xl refuses the domain');
    return;
  }
  const out: LibxlValue[] = [];
  let oem = 1;
  const { items, nodes } = got.value;
  for (let i = 0; i < items.length; i++) {
    const item = listItem(got.value, i);
    if (item === undefined) {
      m.refuse('value/nested-list', 'smbios', nodes[i] ?? m.valueAt(got.setting), [`xl: Unable to get element #${i} in smbios list`], 'A nested list in `smbios`: xl refuses the domain');
      continue;
    }
    const parse = parseSpec(m, 'smbios', 'smbios-spec', item, nodes[i], m.valueAt(got.setting), { index: i });
    const device = parse.device as LibxlStruct | undefined;
    if (fatal(parse) || !device) continue;
    if (device.key === 'oem') {
      if (oem > 99) {
        m.refuse('spec/smbios', 'smbios', nodes[i] ?? m.valueAt(got.setting), ['xl: smbios limited to 99 oem strings'], 'At most 99 OEM strings: xl refuses the domain');
        continue;
      }
      oem++;
    }
    out.push(device);
  }
  if (out.length) m.u.smbios = out;
}

/** xenstore_quota (4.22, commit ea3099e191): `name=value` items. */
export function readXenstoreQuota(m: XlModel): void {
  const r = readItems(m, { key: 'xenstore_quota', syntax: 'quota-spec', notString: (i) => `xl: Can't get element ${i} in Xenstore quota list` });
  if (r?.length) m.b.xenstore_quota = { quota: r };
}

/** arm_sci (4.21, commit 10e7473d60): one string of `type=` options; a bad one makes xl exit. */
export function readArmSci(m: XlModel): void {
  const s = m.xlu.getString('arm_sci', true);
  if (!s.ok) return silentlyIgnored(m, s);
  const parse = parseSpec(m, 'arm_sci', 'arm-sci-spec', s.value, s.setting.sources.length === 1 ? s.setting.sources[0].value : undefined, m.valueAt(s.setting));
  if (!fatal(parse) && parse.device) {
    const arm = ((m.b.arch_arm as LibxlStruct | undefined) ??= {});
    arm.arm_sci = parse.device;
  }
}

/** vnuma (xl_parse.c: parse_vnuma_config): a list of vnodes, each a list of `key=value` strings. */
export function readVnuma(m: XlModel): void {
  const got = m.xlu.getList('vnuma', true);
  if (!got.ok) return;
  const { items, nodes } = got.value;
  for (let i = 0; i < items.length; i++) {
    const vnode = items[i];
    const node = nodes[i];
    if (!Array.isArray(vnode)) {
      m.refuse('value/list-expected', 'vnuma', node ?? m.valueAt(got.setting), ['xl: cannot get vnode config option list'], 'Each `vnuma` node must be a list: xl refuses the domain');
      continue;
    }
    vnode.forEach((opt, j) => {
      if (typeof opt !== 'string') return;
      const inner = node?.kind === 'list' ? node.items[j] : undefined;
      parseSpec(m, 'vnuma', 'vnuma-vnode', opt, inner, node ?? m.valueAt(got.setting), { index: i, inner: j });
    });
  }
}
