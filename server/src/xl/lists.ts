// parse_config_data: the lists of ranges and numbers (llc_colors, ioports, irqs, iomem, smbios,
// xenstore_quota), vNUMA and arm_sci. The list handling is xl's (tools/xl/xl_parse.c); each item
// goes to its parser in server/src/specs, which says what xl stores and prints.
import { toUint32 } from '../libxl/cnum';
import { MEMKB_DEFAULT, type LibxlStruct, type LibxlValue } from '../libxl/value';
import { listItem, type XluList } from './libxlu';
import { silentlyIgnored, type XlModel } from './model';
import { llcColorList } from '../specs/llcColors';
import { smbiosList } from '../specs/smbios';
import { parseVnumaConfig } from '../specs/vnuma';
import { fatal, parseSpec, printedLines, reportParse, specContext, textSpan } from './specItems';

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
      m.refuse(
        'value/nested-list',
        l.key,
        nodes[i] ?? m.valueAt(got.setting),
        [l.notString(i)],
        `A nested list in \`${l.key}\`: xl refuses the domain`,
      );
      continue;
    }
    const parse = parseSpec(m, l.key, l.syntax, item, nodes[i], m.valueAt(got.setting), { index: i });
    if (!fatal(parse) && parse.device !== undefined) out.push(parse.device);
  }
  return out;
}

/** llc_colors (4.20): each item a color or a range of them, all expanded into one array. */
export function readLlcColors(m: XlModel): void {
  const got = m.xlu.getList('llc_colors');
  if (!got.ok) return;
  const texts = leadingStrings(m, got.value, (i) => `xl: Can't get element ${i} in LLC color list`);
  const { parses, colors } = llcColorList(texts, specContext(m));
  parses.forEach((p, i) =>
    reportParse(m, 'llc_colors', 'color-range', texts[i], got.value.nodes[i], m.valueAt(got.setting), { index: i }, p),
  );
  if (colors !== undefined && (!Array.isArray(colors) || colors.length)) m.b.llc_colors = colors;
}

/**
 * The strings of a list up to its first nested list, where xl (xlu_cfg_get_listitem returning
 * NULL) prints `notString` and exits.
 */
function leadingStrings(m: XlModel, list: XluList, notString: (i: number) => string): string[] {
  const texts: string[] = [];
  for (let i = 0; i < list.items.length; i++) {
    const item = listItem(list, i);
    if (item === undefined) {
      m.refuse(
        'value/nested-list',
        list.setting.key,
        list.nodes[i] ?? m.valueAt(list.setting),
        [notString(i)],
        `A nested list in \`${list.setting.key}\`: xl refuses the domain`,
      );
      break;
    }
    texts.push(item);
  }
  return texts;
}

export function readIoports(m: XlModel): void {
  const r = readItems(m, {
    key: 'ioports',
    syntax: 'ioport-range',
    notString: (i) => `xl: Unable to get element #${i} in ioport list`,
  });
  if (r?.length) m.b.ioports = r;
}

export function readIrqs(m: XlModel): void {
  const r = readItems(m, {
    key: 'irqs',
    syntax: 'irq-number',
    notString: (i) => `xl: Unable to get element ${i} in irq list`,
  });
  if (r?.length) m.b.irqs = r.map((n) => toUint32(n as number));
}

export function readIomem(m: XlModel): void {
  const r = readItems(m, {
    key: 'iomem',
    syntax: 'iomem-range',
    notString: (i) => `xl: Unable to get element ${i} in iomem list`,
  });
  if (r?.length) m.b.iomem = r;
}

/** smbios (4.18): `type=value` items; at most 99 OEM strings. */
export function readSmbios(m: XlModel): void {
  const got = m.xlu.getList('smbios');
  if (!got.ok) {
    if (got.why !== 'absent')
      m.refuse(
        'value/list-expected',
        'smbios',
        m.valueAt(got.setting!),
        ['xl: Unable to parse smbios options.'],
        '`smbios` must be a list: xl refuses the domain',
      );
    return;
  }
  const texts = leadingStrings(m, got.value, (i) => `xl: Unable to get element #${i} in smbios list`);
  const { parses, entries } = smbiosList(texts, specContext(m));
  parses.forEach((p, i) =>
    reportParse(m, 'smbios', 'smbios-spec', texts[i], got.value.nodes[i], m.valueAt(got.setting), { index: i }, p),
  );
  if (entries?.length) m.u.smbios = entries;
}

/** xenstore_quota (4.22, commit ea3099e191): `name=value` items. */
export function readXenstoreQuota(m: XlModel): void {
  const r = readItems(m, {
    key: 'xenstore_quota',
    syntax: 'quota-spec',
    notString: (i) => `xl: Can't get element ${i} in Xenstore quota list`,
  });
  if (r?.length) m.b.xenstore_quota = { quota: r };
}

/** arm_sci (4.21, commit 10e7473d60): one string of `type=` options; a bad one makes xl exit. */
export function readArmSci(m: XlModel): void {
  const s = m.xlu.getString('arm_sci', true);
  if (!s.ok) return silentlyIgnored(m, s);
  const parse = parseSpec(
    m,
    'arm_sci',
    'arm-sci-spec',
    s.value,
    s.setting.sources.length === 1 ? s.setting.sources[0].value : undefined,
    m.valueAt(s.setting),
  );
  if (!fatal(parse) && parse.device) {
    const arm = ((m.b.arch_arm as LibxlStruct | undefined) ??= {});
    arm.arm_sci = parse.device;
  }
}

/**
 * vnuma (xl_parse.c: parse_vnuma_config): a list of vnodes, each a list of `key=value` strings. It
 * may set max_vcpus and max_memkb, and checks them against the host when its shape is known.
 */
export function readVnuma(m: XlModel): void {
  const got = m.xlu.getList('vnuma', true);
  if (!got.ok) return;
  const setting = got.setting;
  const r = parseVnumaConfig({
    value: setting.value,
    maxVcpus: (m.b.max_vcpus as number | undefined) ?? 0,
    maxMemkb: (m.b.max_memkb as bigint | undefined) ?? MEMKB_DEFAULT,
    host: m.host,
    release: m.release,
  });
  const nodes = got.value.nodes;
  for (const p of r.reports) {
    const node = p.node === undefined ? undefined : nodes[p.node];
    const inner = p.item !== undefined && node?.kind === 'list' ? node.items[p.item] : undefined;
    const atom = inner?.kind === 'string' ? inner : undefined;
    const at = atom ? textSpan(atom, p.start, p.end, inner!) : (inner ?? node ?? m.valueAt(setting));
    const xl = p.xl;
    if (!xl) continue;
    const printed = printedLines(m, 'vnuma', xl, inner ?? node);
    if (xl.effect === 'refusal') m.refuse('spec/vnuma', 'vnuma', at, printed, p.message);
    else if (xl.effect === 'crash') m.crash('spec/vnuma', 'vnuma', at, xl.printed.slice(), p.message);
    else if (xl.effect === 'hang')
      m.report({ effect: 'hang', rule: 'spec/vnuma', key: 'vnuma', ...at, printed, message: p.message });
    else if (xl.effect === 'warning') m.warn('spec/vnuma', 'vnuma', at, printed, p.message);
    else m.silent('spec/vnuma', 'vnuma', at, p.message);
  }
  for (const u of r.unknowns)
    m.silent('spec/vnuma', 'vnuma', m.keyAt(setting), `Not checked without the host's shape: ${u}`);
  if (r.fatal || !r.read) return;
  if (r.vnodes.length) m.b.vnuma_nodes = r.vnodes;
  m.b.max_vcpus = r.maxVcpus;
  m.b.max_memkb = r.maxMemkb;
  if (r.numaPlacementOff) m.b.numa_placement = false;
}
