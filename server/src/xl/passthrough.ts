// parse_config_data: PCI and device-tree passthrough and the reserved device memory policy
// (tools/xl/xl_parse.c, from e820_host to `passthrough`).
import { toInt32 } from '../libxl/cnum';
import type { LibxlStruct, LibxlValue } from '../libxl/value';
import { listItem, stringNode } from './libxlu';
import { deviceArray, type XlModel } from './model';
import { fatal, parseSpec } from './specItems';

export function readPassthrough(m: XlModel): void {
  const { xlu, c } = m;

  if (c.type === 'pv') {
    m.reading('e820_host', 'boolean');
    const e820 = xlu.getDefbool('e820_host');
    if (e820.ok) m.u.e820_host = e820.value;
  }

  // Per-device defaults for every `pci` entry: xl's int locals, 0 when unset.
  const defaults = { msitranslate: 0, power_mgmt: 0, permissive: 0, seize: 0 };
  for (const key of ['pci_msitranslate', 'pci_power_mgmt', 'pci_permissive', 'pci_seize'] as const) {
    m.reading(key, 'boolean');
    const r = xlu.getLong(key);
    if (r.ok) defaults[key.slice(4) as keyof typeof defaults] = toInt32(r.value);
  }

  // `rdm` is stored into b_info->u.hvm whatever the guest type (see XlModel.hvmField). The policy
  // every `pci` entry then copies from there: for PV and PVH that memory is the zeroed union,
  // "strict"; for HVM libxl's initial value unless rdm set one.
  let rdmPolicy: LibxlValue | undefined = c.type === 'hvm' ? undefined : 'strict';
  const rdm = xlu.getString('rdm');
  if (rdm.ok) {
    const parse = parseSpec(m, 'rdm', 'rdm-spec', rdm.value, stringNode(rdm.setting), m.valueAt(rdm.setting));
    const device = parse.device as LibxlStruct | undefined;
    // No device: xl ignores the setting (xlu_rdm_parse failed).
    if (device) {
      m.hvmField().rdm = { ...device };
      rdmPolicy = device.policy;
    }
  }

  const pcis = xlu.getList('pci');
  if (pcis.ok) {
    const list = pcis.value;
    const devs = deviceArray(m.d, 'pcidevs');
    const pciDefaults = rdmPolicy === undefined ? defaults : { ...defaults, rdm_policy: rdmPolicy };
    for (let i = 0; ; i++) {
      const item = listItem(list, i);
      if (item === undefined) break;
      const parse = parseSpec(
        m,
        'pci',
        'pci-spec',
        item,
        list.nodes[i],
        m.valueAt(pcis.setting),
        { index: i },
        { pciDefaults },
      );
      if (fatal(parse)) continue;
      devs.push((parse.device as LibxlStruct | undefined) ?? {});
    }
    if (!devs.length) delete m.d.pcidevs;
    if (devs.length && c.type === 'pv') m.u.e820_host = true;
  }

  const dtdevs = xlu.getList('dtdev');
  if (dtdevs.ok) {
    const devs = deviceArray(m.d, 'dtdevs');
    for (let i = 0; ; i++) {
      const item = listItem(dtdevs.value, i);
      if (item === undefined) break;
      devs.push({ path: item });
    }
  }

  const passthrough = xlu.getString('passthrough');
  if (passthrough.ok) {
    const p = m.fromString('libxl_passthrough', passthrough.setting, passthrough.value);
    if (p !== undefined) c.passthrough = p;
    else
      m.refuse(
        'value/enum',
        'passthrough',
        m.valueAt(passthrough.setting),
        [`ERROR: unknown passthrough option '${passthrough.value}'`],
        `passthrough "${passthrough.value}" is unknown: xl refuses the domain`,
        { expected: ['default', 'disabled', 'enabled', 'sync_pt', 'share_pt'] },
      );
  }
}
