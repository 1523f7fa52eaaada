import { cpusOfNode, type HostShape } from '../libxl/physinfo';
import { LibxlBitmap, Unknown } from '../libxl/value';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { strtoul, ULONG_MAX } from './clib';
import { Builder, q, strtok } from './util';
import { xlRefuse, xlReport } from './xlOutput';

export const cpulistFields: SpecFieldDoc[] = [
  { name: 'N', doc: 'A single physical CPU number (decimal).' },
  { name: 'N-M', doc: 'A range of physical CPUs, M >= N.' },
  { name: 'all', doc: 'Every physical CPU.' },
  { name: '^', doc: 'Prefix: remove the CPUs (or nodes) from the set built so far. Not allowed with `all`.' },
  { name: 'node:', doc: 'Prefix (also `nodes:`): the numbers are NUMA node ids; all CPUs of those nodes are meant.' },
];

/** One element of the list, as update_cpumap_range acts on it. */
type Op = { all: true } | { all: false; not: boolean; nodes: boolean; a: bigint; b: bigint };

/** Loops of this many numbers or more are taken as never finishing (hours of xl's time). */
const HANG_CPUS = 1n << 40n;
const HANG_NODES = 1n << 32n;
/** Hosts with more CPUs are not modelled (Xen's NR_CPUS tops out at a few thousand). */
const MAX_HOST_CPUS = 1 << 20;
/** Bits checked when the host is unknown; a CPU set at or beyond it is taken as host-dependent. */
const PROBE_BITS = 1 << 16;

function parseElement(b: Builder, raw: string, start: number): Op | undefined {
  let s = raw;
  let off = start;
  let not = false;
  let nodes = false;
  // STR_SKIP_PREFIX: "^" first, then "node:" or "nodes:".
  if (s.startsWith('^')) {
    not = true;
    s = s.slice(1);
    off++;
  }
  for (const p of ['node:', 'nodes:']) {
    if (s.startsWith(p)) {
      nodes = true;
      s = s.slice(p.length);
      off += p.length;
      break;
    }
  }
  const end = start + raw.length;
  if (s === 'all') {
    if (not) {
      xlRefuse(b, start, end, "xl refuses this CPU list: can't combine `^` and `all`", [
        `Can't combine "^" and "all".`,
      ]);
      return undefined;
    }
    return { all: true };
  }
  const printed = [`Invalid pcpu range: ${s}.`];
  const bad = (from: number, why: string): undefined => {
    xlRefuse(b, from, end, `xl refuses this CPU list: invalid pcpu range ${q(raw, 20)}${why}`, printed);
    return undefined;
  };
  const ra = strtoul(s, 0, 10);
  if (!ra.ok || ra.value === ULONG_MAX) {
    const lead = /^[ \t\n\v\f\r]+(\^|node|all)/.test(raw);
    return bad(start, lead ? ' (no blanks before `^`, `node:`, `all`)' : ' (use N, N-M or all)');
  }
  let hi = ra.value;
  let p = ra.end;
  if (s[p] === '-') {
    const rb = strtoul(s, p + 1, 10);
    if (!rb.ok || rb.value === ULONG_MAX || rb.value < ra.value) {
      return bad(start, rb.ok && rb.value < ra.value ? ` (the end ${rb.value} is below the start ${ra.value})` : '');
    }
    hi = rb.value;
    p = rb.end;
  }
  if (p < s.length) {
    const junk = s.slice(p);
    return bad(off + p, `: unexpected ${q(junk, 16)}` + (/^[ \t\n\v\f\r]+$/.test(junk) ? ' (no trailing blanks)' : ''));
  }
  if (ra.negative) b.info(start, end, 'a negative number wraps to a huge CPU number in xl');
  return { all: false, not, nodes, a: ra.value, b: hi };
}

/** The k in [0, size) with some n in [a, b] and (int)n == k: what a C loop over n sets. */
export function intHits(a: bigint, b: bigint, size: number): Array<[number, number]> {
  const M = 1n << 32n;
  const lim = BigInt(Math.min(size, 2 ** 31));
  const clip = (lo: bigint, hi: bigint): Array<[number, number]> => {
    const h = hi < lim - 1n ? hi : lim - 1n;
    return lo <= h ? [[Number(lo), Number(h)]] : [];
  };
  if (b - a + 1n >= M) return clip(0n, M - 1n);
  const lo = a % M;
  const hi = lo + (b - a);
  if (hi < M) return clip(lo, hi);
  return [...clip(0n, hi - M), ...clip(lo, M - 1n)];
}

/** The map xl builds for a host of `cpus` CPUs; `nodeCpus` answers libxl_node_to_cpumap. */
function evaluate(
  ops: readonly Op[],
  cpus: number,
  nodeCpus: (node: number) => number[],
  nodeCount: number,
): LibxlBitmap {
  const map = new LibxlBitmap(cpus);
  const bits = new Uint8Array(map.size);
  const nodes = new Map<number, number[]>();
  for (const op of ops) {
    if (op.all) {
      bits.fill(1); // libxl_bitmap_set_any: every allocated bit
      continue;
    }
    const v = op.not ? 0 : 1;
    if (!op.nodes) {
      for (const [lo, hi] of intHits(op.a, op.b, bits.length)) bits.fill(v, lo, hi + 1);
      continue;
    }
    for (const [lo, hi] of intHits(op.a, op.b, nodeCount)) {
      for (let node = lo; node <= hi; node++) {
        let cs = nodes.get(node);
        if (!cs) nodes.set(node, (cs = nodeCpus(node).filter((c) => c < bits.length)));
        for (const c of cs) bits[c] = v;
      }
    }
  }
  bits.forEach((x, i) => x && map.set(i));
  return map;
}

/** A host-dependent map of which some CPUs (0-7) are set on every host. */
export class PartialCpumap extends Unknown {
  constructor(
    reason: string,
    /** CPUs set whatever the host. */
    readonly surelySet: readonly number[],
  ) {
    super(reason);
  }
}

/** What xl prints when a vCPU's hard affinity map ends up empty (xl_vcpu.c). */
export const HARD_AFFINITY_EMPTY = 'vcpu hard affinity map is empty';

/**
 * apply_global_affinity_masks (tools/xl/xl_vcpu.c), run by create_domain right after
 * parse_config_data in every release: each vCPU's hard affinity map (`cpus`, not `cpus_soft`) is
 * ANDed with xl.conf's vm.cpumask and vm.hvm/pv.cpumask (every CPU unless set there) and xl exits
 * with HARD_AFFINITY_EMPTY when nothing is left. True when the map is empty, undefined when that
 * depends on the host.
 */
export function hardAffinityEmpty(map: LibxlBitmap | Unknown): boolean | undefined {
  if (map instanceof LibxlBitmap) return map.isEmpty();
  if (map instanceof PartialCpumap && map.surelySet.length) return false;
  return undefined;
}

/** What xl makes of one CPU list string: the map, or Unknown with what is missing. */
function cpumapOf(ops: readonly Op[], host: HostShape | undefined): LibxlBitmap | Unknown {
  const usesNodes = ops.some((o) => !o.all && o.nodes);
  if (host?.cpus !== undefined && host.cpus > MAX_HOST_CPUS)
    return new Unknown(`a host of ${host.cpus} CPUs is too large to model`);
  if (host?.cpus !== undefined && host.cpus > 0) {
    if (usesNodes && (host.nodes === undefined || host.nodes < 1))
      return new Unknown('needs --host-nodes (NUMA nodes of the host)');
    const h = host;
    return evaluate(ops, h.cpus!, (n) => cpusOfNode(h, n) ?? [], h.nodes ?? 0);
  }
  if (ops.some((o) => o.all)) return new Unknown('needs --host-cpus (`all` is every CPU of the host)');
  if (usesNodes) return new Unknown('needs --host-cpus and --host-nodes (CPUs of NUMA nodes)');
  // Bits 0-7 exist on every host: a result inside them is the same everywhere.
  const probe = setRanges(ops, PROBE_BITS);
  const far = ops.some((o) => !o.all && !o.not && intHits(o.a, o.b, 2 ** 31).some(([, hi]) => hi >= PROBE_BITS));
  const highRange = probe.find(([, hi]) => hi >= 8);
  const high = highRange ? Math.max(8, highRange[0]) : undefined;
  const low: number[] = [];
  for (const [lo, hi] of probe) for (let i = lo; i <= Math.min(hi, 7); i++) low.push(i);
  if (far || high !== undefined) {
    return new PartialCpumap(`needs --host-cpus (CPU ${high ?? 'numbers'} beyond 7 exist only on larger hosts)`, low);
  }
  const small = new LibxlBitmap(8);
  for (const i of low) small.set(i);
  return small;
}

/**
 * The CPUs below `size` that CPU-number elements (no `all`, no nodes) leave set, as sorted
 * disjoint ranges: what evaluate() would set, without a byte per CPU (the unknown-host probe
 * spans 65,536 CPUs for every `cpus` string).
 */
function setRanges(ops: readonly Op[], size: number): Array<[number, number]> {
  let ranges: Array<[number, number]> = [];
  for (const op of ops) {
    if (op.all || op.nodes) continue;
    for (const [lo, hi] of intHits(op.a, op.b, size)) {
      const next: Array<[number, number]> = [];
      for (const [a, b] of ranges) {
        // Keep the parts outside [lo, hi]; a set op adds [lo, hi] back, merged below.
        if (b < lo || a > hi) next.push([a, b]);
        else {
          if (a < lo) next.push([a, lo - 1]);
          if (b > hi) next.push([hi + 1, b]);
        }
      }
      if (!op.not) next.push([lo, hi]);
      next.sort((x, y) => x[0] - y[0]);
      ranges = [];
      for (const r of next) {
        const last = ranges[ranges.length - 1];
        if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
        else ranges.push([r[0], r[1]]);
      }
    }
  }
  return ranges;
}

/**
 * One CPU list string as parse_cpurange reads it. device: the LibxlBitmap xl builds (sized for
 * the host as libxl_cpu_bitmap_alloc would, or 8 bits when only CPUs 0-7 are named and the host
 * is unknown), or an Unknown saying which host facts are missing; absent when xl exits.
 */
export function parseCpulist(text: string, context?: SpecContext): SpecParse {
  const b = new Builder('cpulist', text);
  const ops: Op[] = [];
  let ok = true;
  const toks = strtok(text, ',');
  for (const t of toks) {
    b.field(t.text, t.text, t.start, t.end, t.start, true);
    const op = parseElement(b, t.text, t.start);
    if (!op) {
      ok = false;
      break; // xl exits at the first bad element
    }
    if (!op.all && op.b - op.a + 1n >= (op.nodes ? HANG_NODES : HANG_CPUS)) {
      const what = op.nodes ? 'node' : 'CPU';
      xlReport(
        b,
        t.start,
        t.end,
        `xl never finishes: it visits every ${what} number of this range one by one`,
        'hang',
        [],
      );
      ok = false;
      break;
    }
    ops.push(op);
  }
  if (toks.length === 0)
    b.warn(0, text.length, 'empty CPU list: no CPU is selected (as `cpus`, xl refuses an empty map)');
  const out = b.done();
  if (!ok) return out;
  const map = cpumapOf(ops, context?.host);
  out.device = map;
  out.summary.push(['CPUs', map instanceof Unknown ? describeOps(ops) : describe(map.bits())]);
  return out;
}

function describe(arr: number[]): string {
  if (arr.length === 0) return '(none)';
  const parts: string[] = [];
  let i = 0;
  while (i < arr.length) {
    let j = i;
    while (j + 1 < arr.length && arr[j + 1] === arr[j] + 1) j++;
    parts.push(i === j ? `${arr[i]}` : `${arr[i]}-${arr[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function describeOps(ops: readonly Op[]): string {
  return (
    ops
      .map((o) =>
        o.all ? 'all' : `${o.not ? 'minus ' : ''}${o.nodes ? 'node ' : ''}${o.a === o.b ? o.a : `${o.a}-${o.b}`}`,
      )
      .join(', ') + ' (host-dependent)'
  );
}

export const cpulistSpec: SpecLanguage = { syntax: 'cpulist', parse: parseCpulist, fields: cpulistFields };
