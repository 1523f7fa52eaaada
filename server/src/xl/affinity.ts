// parse_config_data: `cpus` and `cpus_soft`, the hard and soft vCPU affinity
// (tools/xl/xl_parse.c: parse_vcpu_affinity). A string applies to every vCPU; a list gives vCPU i
// the map of item i, items past max_vcpus are dropped, and a list turns automatic NUMA placement
// off (a string does that only for the soft affinity).
import { LibxlBitmap, MAX_MODELLED_BITS, Unknown, type LibxlValue } from '../libxl/value';
import { HARD_AFFINITY_EMPTY, hardAffinityEmpty } from '../specs/cpulist';
import { listItem } from './libxlu';
import type { XlModel } from './model';
import { fatal, parseSpec } from './specItems';

export function readAffinity(m: XlModel, key: 'cpus' | 'cpus_soft', hard: boolean): void {
  const { xlu, b } = m;
  const field = hard ? 'vcpu_hard_affinity' : 'vcpu_soft_affinity';
  const maxVcpus = b.max_vcpus as number;
  const list = xlu.getList(key, true);
  if (list.ok) {
    const { items, nodes } = list.value;
    const n = Math.min(items.length, maxVcpus);
    if (items.length > maxVcpus) {
      m.silent(
        'value/range',
        key,
        nodes[maxVcpus] ?? m.valueAt(list.setting),
        `xl drops \`${key}\` items past max_vcpus (${maxVcpus}) without a word`,
      );
    }
    const maps: LibxlValue[] = [];
    for (let j = 0; j < n; j++) {
      const item = listItem(list.value, j);
      // The loop stops at a nested list, leaving the rest of the array uninitialised: xl goes on,
      // and crashes once it uses the array (see crashOnUninitialisedAffinity).
      if (item === undefined) {
        m.uninitialised.push({ key, ...(nodes[j] ?? m.valueAt(list.setting)) });
        b.numa_placement = false;
        return;
      }
      const parse = parseSpec(m, key, 'cpulist', item, nodes[j], m.valueAt(list.setting), { index: j });
      if (fatal(parse)) continue;
      maps.push(parse.device ?? new Unknown('cpulist not modelled'));
    }
    b[field] = maps;
    b.numa_placement = false;
    return;
  }
  const s = xlu.getString(key);
  if (!s.ok) return;
  const parse = parseSpec(
    m,
    key,
    'cpulist',
    s.value,
    s.setting.sources.length === 1 ? s.setting.sources[0].value : undefined,
    m.valueAt(s.setting),
  );
  if (fatal(parse)) return;
  const map = parse.device ?? new Unknown('cpulist not modelled');
  if (maxVcpus > MAX_MODELLED_BITS) {
    b[field] = new Unknown(`${maxVcpus} vCPU maps: too many for xlcfg to spell out`);
  } else {
    const maps: LibxlValue[] = [];
    for (let i = 0; i < maxVcpus; i++) maps.push(map instanceof LibxlBitmap ? map.copy() : map);
    b[field] = maps;
  }
  if (!hard) b.numa_placement = false;
}

/**
 * After parse_config_data: an affinity array whose elements a nested list left uninitialised
 * (xmalloc'd, never libxl_bitmap_init'ed) makes xl crash when it first uses them: the hard one in
 * apply_global_affinity_masks, the soft one when the config is printed or freed. What glibc says
 * then (a segmentation fault, "free(): invalid pointer", ...) depends on the heap's contents.
 */
export function crashOnUninitialisedAffinity(m: XlModel): void {
  for (const u of m.uninitialised) {
    const message = `A nested list in \`${u.key}\` leaves xl's affinity array uninitialised: xl crashes`;
    m.crash('value/nested-list', u.key, u, [], message);
  }
}

/**
 * xl_vmcontrol.c: create_domain runs apply_global_affinity_masks (xl_vcpu.c) right after
 * parse_config_data: each vCPU's hard affinity map is ANDed with xl.conf's masks (every CPU, as
 * xl.conf leaves them) and xl exits when one ends up empty (`cpus = ""`, CPUs the host lacks).
 */
export function applyGlobalAffinityMasks(m: XlModel): void {
  const maps = m.b.vcpu_hard_affinity as LibxlValue[] | undefined;
  if (!maps?.length) return;
  const empty = maps.findIndex((map) =>
    map instanceof LibxlBitmap || map instanceof Unknown ? hardAffinityEmpty(map) === true : false,
  );
  if (empty < 0) return;
  const s = m.file.settings.get('cpus');
  m.refuse(
    'spec/cpulist',
    'cpus',
    s ? m.valueAt(s) : { start: 0, end: 0 },
    [HARD_AFFINITY_EMPTY],
    `vCPU ${empty} would run on no CPU of the host: xl refuses the domain`,
  );
}
