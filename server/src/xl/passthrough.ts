// parse_config_data: PCI and device-tree passthrough and the reserved device memory policy
// (tools/xl/xl_parse.c, from e820_host to `passthrough`).
import { toInt32 } from '../libxl/cnum';
import { enumValue } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { listItem } from './libxlu';
import { deviceArray, type XlModel } from './model';
import { fatal, parseSpec } from './specItems';

export function readPassthrough(m: XlModel): void {
  const { xlu, c } = m;

  if (c.type === 'pv') {
    m.reading('e820_host', 'boolean');
    const e820 = xlu.getDefbool('e820_host');
    if (e820.ok) m.u.e820_host = e820.value;
  }

  // Per-device defaults for every `pci` entry.
  // Each is an int in xl stored into a bool of libxl_device_pci: any non-zero value is true.
  const defaults: Record<string, boolean> = {};
  for (const key of ['pci_msitranslate', 'pci_power_mgmt', 'pci_permissive', 'pci_seize'] as const) {
    m.reading(key, 'boolean');
    const r = xlu.getLong(key);
    defaults[key.slice(4)] = r.ok && toInt32(r.value) !== 0;
  }

  // `rdm` is stored into b_info->u.hvm whatever the guest type (see XlModel.hvmField); for PV and
  // PVH the policy read back for `pci` entries is then that memory's zero, "strict".
  let rdmPolicy: string | number | undefined = c.type === 'hvm' ? undefined : 'strict';
  const rdm = xlu.getString('rdm');
  if (rdm.ok) {
    const parse = parseSpec(m, 'rdm', 'rdm-spec', rdm.value, rdm.setting.sources.length === 1 ? rdm.setting.sources[0].value : undefined, m.valueAt(rdm.setting));
    const device = parse.device as LibxlStruct | undefined;
    if (device && !fatal(parse)) {
      const target = m.hvmField();
      target.rdm = { ...device };
      rdmPolicy = device.policy as string | number | undefined;
    }
  }

  const pcis = xlu.getList('pci');
  if (pcis.ok) {
    const list = pcis.value;
    const devs = deviceArray(m.d, 'pcidevs');
    for (let i = 0; ; i++) {
      const item = listItem(list, i);
      if (item === undefined) break;
      const base: LibxlStruct = { msitranslate: defaults.msitranslate, power_mgmt: defaults.power_mgmt, permissive: defaults.permissive, seize: defaults.seize };
      if (rdmPolicy !== undefined) base.rdm_policy = rdmPolicy;
      const parse = parseSpec(m, 'pci', 'pci-spec', item, list.nodes[i], m.valueAt(pcis.setting), { index: i });
      if (fatal(parse)) continue;
      devs.push({ ...base, ...((parse.device as LibxlStruct | undefined) ?? {}) });
    }
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
    else m.refuse('value/enum', 'passthrough', m.valueAt(passthrough.setting), [`ERROR: unknown passthrough option '${passthrough.value}'`], `passthrough "${passthrough.value}" is unknown: xl refuses the domain`, { expected: ['default', 'disabled', 'enabled', 'sync_pt', 'share_pt'] });
  }
}
