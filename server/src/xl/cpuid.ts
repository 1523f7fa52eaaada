// parse_config_data: `cpuid` (tools/xl/xl_parse.c). A list is the xend form (each item
// "leaf[,subleaf]:eax=..."), a string the libxl form ("host,flag=value,..."). Errors are printed
// and the item skipped; none stops xl.
import { listItem } from './libxlu';
import type { XlModel } from './model';
import { parseSpec } from './specItems';

export function readCpuid(m: XlModel): void {
  const { xlu } = m;
  const list = xlu.getList('cpuid', true);
  if (list.ok) {
    const { items, nodes } = list.value;
    const parts = [];
    for (let i = 0; i < items.length; i++) {
      const item = listItem(list.value, i);
      if (item === undefined) break;
      parts.push(parseSpec(m, 'cpuid', 'cpuid-xend', item, nodes[i], m.valueAt(list.setting), { index: i }));
    }
    const policy = mergePolicies(parts.map((p) => p.device));
    if (policy) m.b.cpuid = policy;
    return;
  }
  if (list.why !== 'not-a-list') return;
  const s = xlu.getString('cpuid');
  if (!s.ok) return;
  const parse = parseSpec(m, 'cpuid', 'cpuid-libxl', s.value, s.setting.sources.length === 1 ? s.setting.sources[0].value : undefined, m.valueAt(s.setting));
  if (parse.device) m.b.cpuid = parse.device;
}

function mergePolicies(parts: unknown[]): import('../libxl/value').CpuidPolicy | undefined {
  void parts;
  return undefined;
}
