// vNUMA: `vnuma = [ [ "pnode=0", "size=512", "vcpus=0-1", "vdistances=10,20" ], ... ]`, as
// tools/xl/xl_parse.c parse_vnuma_config builds b_info.vnuma_nodes (libxl_vnode_info) and
// adjusts max_vcpus / max_memkb. Every failure is fatal. What changed between releases: the
// `key=value` split (pair.ts: 4.18's 4bad14a133), and the line of libxl's own log message when
// maxvcpus is negative. The rest reads the same in 4.17 ... 4.22.
//
// Quirks kept as xl has them (checked against xl 4.17 and 4.20):
//  - `vcpus` ranges go through parse_range with its result ignored: `x` is vCPU 0, `3x` is 3,
//    `5-4` and `7-` are nothing; each number counts once towards max_vcpus even when the bit is
//    dropped (beyond the map, or a C int wrap: 4294967297 is vCPU 1); `-1` loops for ever.
//  - `vcpus=` or `vdistances=` with nothing between the commas makes xl crash (strdup(NULL) in
//    split_string_into_string_list).
//  - vdistances beyond the number of vnodes are written past a calloc'd array: undefined
//    behaviour. What the test runs show with glibc on x86-64: writes that stay inside the malloc
//    chunk's slack change nothing; further ones corrupt the heap and xl usually aborts (sometimes
//    it exits with another error, or even succeeds). Modelled as: harmless inside the slack, a
//    crash beyond it.
//  - The vcpus map of each vnode has max_vcpus bits, or the host's CPU count when maxvcpus is
//    unset (libxl_cpu_bitmap_alloc(ctx, map, 0)).
import { toInt32, toUint32 } from '../libxl/cnum';
import { cpuBitmapAllocError } from '../libxl/cpuBitmap';
import type { HostShape } from '../libxl/physinfo';
import { LargeBitmap, LibxlBitmap, MAX_MODELLED_BITS, MEMKB_DEFAULT, Unknown, type LibxlStruct } from '../libxl/value';
import type { Value } from '../syntax/tree';
import { intHits } from './cpulist';
import { splitXlPair } from './pair';
import { specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse, SpecProblem } from './types';
import { strtoul, ULONG_MAX } from './clib';
import { Builder, didYouMeanNote, q, strtok, type Tok } from './util';
import { xlRefuse, xlReport } from './xlOutput';

export const vnumaFields: SpecFieldDoc[] = [
  { name: 'pnode', doc: 'Physical NUMA node backing this virtual node (decimal; must exist on the host).' },
  {
    name: 'size',
    doc: 'Memory of this virtual node in MiB (decimal). The sizes must add up to `maxmem` when it is set.',
  },
  { name: 'vcpus', doc: 'vCPUs of this node: comma list of `N` or `N-M`.' },
  { name: 'vdistances', doc: 'Distances to every virtual node, comma separated, in vnode order (e.g. `10,20`).' },
];
const VNUMA_KEYS = vnumaFields.map((f) => f.name);

/** LIBXL_MEMKB_DEFAULT: max_memkb when `maxmem` is unset. */
export { MEMKB_DEFAULT };

/** Loops over this many numbers or more are taken as never finishing. */
const HANG = 1n << 40n;

interface NodeState {
  memkb?: bigint;
  distances: number[];
  pnode?: number;
  /** vcpus ranges as xl's loop walks them (s..e, unsigned long). */
  ranges: Array<[bigint, bigint]>;
}

interface State {
  release: string;
  host?: HostShape;
  numVnuma: number;
  /** max_vcpus counted by the vcpus loops. */
  count: bigint;
  memSum: bigint;
  placementOff: boolean;
  unknowns: string[];
}

/** parse_ulong: strtoul base 10, exits on no digits or ULONG_MAX; junk after the number is ignored. */
function parseUlong(b: Builder, key: string, v: Tok): bigint | undefined {
  const r = strtoul(v.text, 0, 10);
  if (!r.ok || r.value === ULONG_MAX) {
    xlRefuse(b, v.start, v.end, `xl refuses this vnuma ${key}: ${q(v.text)} is not a number`, [
      `xl: failed to convert "${v.text}" to number`,
    ]);
    return undefined;
  }
  if (r.end < v.text.length) b.info(v.start + r.end, v.end, `xl ignores ${q(v.text.slice(r.end))} after the number`);
  return r.value;
}

/** parse_range as parse_vnuma_config uses it: the (s, e) its loop walks, whatever it returned. */
function vnumaRange(t: string): { s: bigint; e: bigint; clean: boolean } {
  const ra = strtoul(t, 0, 10);
  const a = ra.ok ? ra.value : 0n;
  if (!ra.ok || a === ULONG_MAX) return { s: a, e: a, clean: false };
  if (t[ra.end] === '-') {
    const rb = strtoul(t, ra.end + 1, 10);
    const bv = rb.ok ? rb.value : 0n;
    if (!rb.ok || bv === ULONG_MAX || bv < a) return { s: a, e: bv, clean: false };
    return { s: a, e: bv, clean: rb.end === t.length };
  }
  return { s: a, e: a, clean: ra.end === t.length };
}

/** Uint32 slots a calloc(n, 4) chunk holds on glibc x86-64 (the slack past n is harmless). */
function mallocSlots(n: number): number {
  const chunk = Math.max(32, Math.ceil((4 * n + 8) / 16) * 16);
  return (chunk - 8) / 4;
}

/** One `key=value` string of a vnode, applied to `node`; false when xl stops there. */
function applyItem(b: Builder, st: State, node: NodeState, text: string, countsKnown: boolean): boolean {
  const pair = splitXlPair(text, st.release);
  if (!pair) {
    xlRefuse(b, 0, text.length, `xl refuses this vnuma setting: ${q(text)} is not \`key=value\``, [
      `xl: failed to split "${text}" into pair`,
    ]);
    return false;
  }
  const { key, value } = pair;
  b.field(key.text, value.text, 0, text.length, value.start);
  if (pair.dropped)
    b.warn(pair.dropped.start, pair.dropped.end, `xl ${st.release} drops ${q(pair.dropped.text)} after a second \`=\``);
  switch (key.text) {
    case 'pnode': {
      const v = parseUlong(b, 'pnode', value);
      if (v === undefined) return false;
      const nodes = st.host?.nodes;
      if (nodes !== undefined) {
        if (v >= BigInt(nodes)) {
          xlRefuse(b, value.start, value.end, `xl refuses vnuma: the host has no NUMA node ${v}`, [
            `xl: invalid pnode number: ${v}`,
          ]);
          return false;
        }
      } else {
        b.hint(value.start, value.end, `xl exits unless the host has NUMA node ${v} (needs --host-nodes)`);
        st.unknowns.push(`pnode ${v} exists on the host (needs --host-nodes)`);
      }
      node.pnode = toUint32(v);
      st.placementOff = true;
      b.sum('pnode', v.toString());
      return true;
    }
    case 'size': {
      const v = parseUlong(b, 'size', value);
      if (v === undefined) return false;
      node.memkb = BigInt.asUintN(64, v << 10n);
      st.memSum = BigInt.asUintN(64, st.memSum + node.memkb);
      b.sum('size', `${v} MiB`);
      return true;
    }
    case 'vcpus': {
      const toks = strtok(value.text, ',');
      if (!toks.length) {
        xlReport(b, value.start, value.end, 'xl crashes on a vcpus list with no numbers', 'crash', []);
        return false;
      }
      const ids: string[] = [];
      for (const t of toks) {
        const at = value.start + t.start;
        const r = vnumaRange(t.text);
        if (r.s <= r.e && (r.e === ULONG_MAX || r.e - r.s + 1n >= HANG)) {
          xlReport(
            b,
            at,
            at + t.text.length,
            `xl never finishes: it counts every vCPU of ${q(t.text)} one by one`,
            'hang',
            [],
          );
          return false;
        }
        if (!r.clean) {
          const means = r.s > r.e ? 'no vCPU' : r.s === r.e ? `vCPU ${r.s}` : `vCPUs ${r.s}-${r.e}`;
          b.warn(at, at + t.text.length, `${q(t.text)} is not \`N\` or \`N-M\`; xl does not check and reads ${means}`);
        }
        if (r.s <= r.e) {
          node.ranges.push([r.s, r.e]);
          st.count += r.e - r.s + 1n;
          ids.push(r.s === r.e ? `${r.s}` : `${r.s}-${r.e}`);
        }
      }
      b.sum('vcpus', ids.join(',') || '(none)');
      return true;
    }
    case 'vdistances': {
      const toks = strtok(value.text, ',');
      if (!toks.length) {
        xlReport(b, value.start, value.end, 'xl crashes on a vdistances list with no numbers', 'crash', []);
        return false;
      }
      const ds: string[] = [];
      for (let j = 0; j < toks.length; j++) {
        const t = toks[j];
        const tok: Tok = { text: t.text, start: value.start + t.start, end: value.start + t.end };
        const v = parseUlong(b, 'vdistances', tok);
        if (v === undefined) return false;
        if (!countsKnown || j < st.numVnuma) {
          if (j < node.distances.length) node.distances[j] = toUint32(v);
          ds.push(v.toString());
          continue;
        }
        if (j < mallocSlots(st.numVnuma)) {
          b.warn(
            tok.start,
            tok.end,
            `only ${st.numVnuma} vnode${st.numVnuma > 1 ? 's' : ''}: xl writes this past its table (undefined behaviour)`,
          );
          continue;
        }
        xlReport(
          b,
          tok.start,
          tok.end,
          `xl writes past its ${st.numVnuma}-entry distance table and corrupts memory (it usually crashes)`,
          'crash',
          [],
        );
        return false;
      }
      b.sum('vdistances', ds.join(', '));
      return true;
    }
    default:
      b.info(
        key.start,
        key.end,
        `xl silently ignores the unknown vnuma key ${q(key.text)}` + didYouMeanNote(key.text, VNUMA_KEYS),
      );
      return true;
  }
}

/** One string of a vnode list, read on its own (the checks across vnodes need parseVnumaConfig). */
export function parseVnumaItem(text: string, context?: SpecContext): SpecParse {
  const b = new Builder('vnuma-vnode', text);
  const st: State = {
    release: specRelease(context?.release),
    host: context?.host,
    numVnuma: 1,
    count: 0n,
    memSum: 0n,
    placementOff: false,
    unknowns: [],
  };
  applyItem(b, st, { distances: [], ranges: [] }, text, false);
  return b.done();
}

/** A problem of `vnuma`: in item `item` of vnode list `node` (offsets in that string), or of the whole setting. */
export interface VnumaReport extends SpecProblem {
  node?: number;
  item?: number;
}

export interface VnumaConfig {
  /** xl read vnodes (the setting is a non-empty list). */
  read: boolean;
  /** b_info.vnuma_nodes (libxl_vnode_info): memkb, distances, pnode, vcpus. Empty when xl exits. */
  vnodes: LibxlStruct[];
  /** b_info.max_vcpus after vnuma (the caller's value when xl did not change it). */
  maxVcpus: number;
  /** b_info.max_memkb after vnuma (LIBXL_MEMKB_DEFAULT stays when maxmem and vnuma leave it). */
  maxMemkb: bigint;
  /** libxl_defbool_set(&b_info->numa_placement, false): some vnode names its pnode. */
  numaPlacementOff: boolean;
  reports: VnumaReport[];
  /** xl exits (refusal), crashes or never finishes. */
  fatal: boolean;
  /** The host-dependent checks that could not be made. */
  unknowns: string[];
}

export interface VnumaInput {
  /** The setting's value as the syntax tree gives it. */
  value: Value;
  /** b_info.max_vcpus when parse_vnuma_config runs: `maxvcpus` as xl stored it (an int), or 0. */
  maxVcpus: number;
  /** b_info.max_memkb at that point: `maxmem` * 1024, or MEMKB_DEFAULT. */
  maxMemkb: bigint;
  host?: HostShape;
  release: string;
}

/** parse_vnuma_config for one config: the vnodes, the new limits and every report, in xl's order. */
export function parseVnumaConfig(input: VnumaInput): VnumaConfig {
  const release = specRelease(input.release);
  const out: VnumaConfig = {
    read: false,
    vnodes: [],
    maxVcpus: input.maxVcpus,
    maxMemkb: input.maxMemkb,
    numaPlacementOff: false,
    reports: [],
    fatal: false,
    unknowns: [],
  };
  const list = input.value;
  if (typeof list === 'string' || list.length === 0) return out; // xlu_cfg_get_list with dont_warn
  out.read = true;
  const whole = (message: string, printed: string[]): VnumaConfig => {
    out.reports.push({ start: 0, end: 0, message, severity: 'error', fatal: true, xl: { effect: 'refusal', printed } });
    out.fatal = true;
    return out;
  };
  if (input.maxVcpus < 0) {
    return whole('xl refuses vnuma with a negative maxvcpus', [
      cpuBitmapAllocError(release),
      'libxl_node_bitmap_alloc failed.',
    ]);
  }
  const st: State = {
    release,
    host: input.host,
    numVnuma: list.length,
    count: 0n,
    memSum: 0n,
    placementOff: false,
    unknowns: out.unknowns,
  };
  const nodes: NodeState[] = list.map(() => ({ distances: Array<number>(list.length).fill(0), ranges: [] }));
  for (let i = 0; i < list.length; i++) {
    const spec = list[i];
    if (typeof spec === 'string') {
      // xlu_cfg_value_get_list warns (with the item's file:line:column) and xl exits.
      out.reports.push({
        node: i,
        start: 0,
        end: spec.length,
        message: 'xl refuses vnuma: each vnode must be a list of `key=value` strings',
        severity: 'error',
        fatal: true,
        xl: {
          effect: 'refusal',
          printed: ['warning: value is not a list', 'xl: cannot get vnode config option list'],
          prefix: 'value',
        },
      });
      out.fatal = true;
      return out;
    }
    for (let j = 0; j < spec.length; j++) {
      const item = spec[j];
      if (typeof item !== 'string') continue; // only XLU_STRING options are read
      const b = new Builder('vnuma-vnode', item);
      const ok = applyItem(b, st, nodes[i], item, true);
      for (const p of b.problems) out.reports.push({ ...p, node: i, item: j });
      if (!ok) {
        out.fatal = true;
        return out;
      }
    }
  }
  const count = st.count;
  if (input.maxVcpus !== 0) {
    if (BigInt(input.maxVcpus) !== count) {
      return whole(`xl refuses vnuma: its vnodes have ${count} vCPUs, maxvcpus is ${input.maxVcpus}`, [
        'xl: vnuma vcpus and maxvcpus= mismatch',
      ]);
    }
  } else {
    const hostCpus = input.host?.cpus;
    if (hostCpus === undefined) out.unknowns.push(`the host has at least ${count} CPUs (needs --host-cpus)`);
    else if (BigInt(hostCpus) < count) {
      return whole(`xl refuses vnuma: ${count} vCPUs but the host has ${hostCpus} CPUs (set maxvcpus)`, [
        'xl: vnuma specifies more vcpus than pcpus, use maxvcpus= to override this check.',
      ]);
    }
    out.maxVcpus = toInt32(count);
  }
  if (input.maxMemkb !== MEMKB_DEFAULT && input.maxMemkb !== st.memSum) {
    return whole(`xl refuses vnuma: the vnode sizes add up to ${st.memSum} KiB, maxmem is ${input.maxMemkb} KiB`, [
      'xl: maxmem and vnuma memory size mismatch',
    ]);
  }
  out.maxMemkb = st.memSum;
  out.numaPlacementOff = st.placementOff;
  const bits = input.maxVcpus > 0 ? input.maxVcpus : input.host?.cpus;
  out.vnodes = nodes.map((n) => {
    const v: LibxlStruct = {};
    if (n.memkb !== undefined) v.memkb = n.memkb;
    v.distances = n.distances;
    if (n.pnode !== undefined) v.pnode = n.pnode;
    v.vcpus = vcpuMap(n.ranges, bits);
    return v;
  });
  return out;
}

/** The vnode's vcpus map: `bits` bits (rounded to bytes), or Unknown when the host sizes it. */
function vcpuMap(ranges: ReadonlyArray<[bigint, bigint]>, bits: number | undefined): LibxlBitmap | Unknown {
  if (bits !== undefined && bits > MAX_MODELLED_BITS) return new LargeBitmap(bits);
  const size = bits ?? 1 << 16;
  const map = new LibxlBitmap(size);
  for (const [s, e] of ranges)
    for (const [lo, hi] of intHits(s, e, map.size)) for (let k = lo; k <= hi; k++) map.set(k);
  if (bits !== undefined) return map;
  const far = ranges.some(([s, e]) => intHits(s, e, 2 ** 31).some(([, hi]) => hi >= size));
  if (far || map.bits().some((k) => k >= 8))
    return new Unknown('needs --host-cpus (without maxvcpus the vnode vCPU map has one bit per host CPU)');
  const small = new LibxlBitmap(8);
  for (const k of map.bits()) small.set(k);
  return small;
}

export const vnumaSpec: SpecLanguage = { syntax: 'vnuma-vnode', parse: parseVnumaItem, fields: vnumaFields };
