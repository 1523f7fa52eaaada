// parse_config_data: `cpuid` (tools/xl/xl_parse.c). A list is the xend form (each item
// "leaf[,subleaf]:eax=..."), a string the libxl form ("host,flag=value,..."). Errors are printed
// and the item skipped; none stops xl.
import { parseCpuidXendList } from '../specs/cpuid';
import { listItem, stringNode } from './libxlu';
import type { XlModel } from './model';
import { parseSpec, reportParse, specContext } from './specItems';

export function readCpuid(m: XlModel): void {
  const { xlu } = m;
  const list = xlu.getList('cpuid', true);
  if (list.ok) {
    // The items up to the first nested list (xlu_cfg_get_listitem returns NULL there).
    const texts: string[] = [];
    for (let i = 0; i < list.value.items.length; i++) {
      const item = listItem(list.value, i);
      if (item === undefined) break;
      texts.push(item);
    }
    const { parses, device } = parseCpuidXendList(texts, specContext(m));
    parses.forEach((p, i) =>
      reportParse(m, 'cpuid', 'cpuid-xend', texts[i], list.value.nodes[i], m.valueAt(list.setting), { index: i }, p),
    );
    if (device) m.b.cpuid = device;
    return;
  }
  if (list.why !== 'not-a-list') return;
  const s = xlu.getString('cpuid');
  if (!s.ok) return;
  const parse = parseSpec(m, 'cpuid', 'cpuid-libxl', s.value, stringNode(s.setting), m.valueAt(s.setting));
  if (parse.device) m.b.cpuid = parse.device;
}
