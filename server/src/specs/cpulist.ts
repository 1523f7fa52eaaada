// CPULIST: `cpus`, `cpus_soft` (string form, or one per vCPU in list form).
// tools/xl/xl_parse.c: parse_cpurange -> update_cpumap_range -> parse_range.
// Every error makes xl exit.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q, strtok, strtoul, ULONG_MAX } from './util';

export const cpulistFields: SpecFieldDoc[] = [
  { name: 'N', doc: 'A single physical CPU number (decimal).' },
  { name: 'N-M', doc: 'A range of physical CPUs, M >= N.' },
  { name: 'all', doc: 'Every physical CPU.' },
  { name: '^', doc: 'Prefix: remove the CPUs (or nodes) from the set built so far. Not allowed with `all`.' },
  { name: 'node:', doc: 'Prefix (also `nodes:`): the numbers are NUMA node ids; all CPUs of those nodes are meant.' },
];

/** Highest CPU number we materialise in sets (xl clips to the host's CPU count anyway). */
const MAX_CPU = 65535;

interface Elem {
  not: boolean;
  nodes: boolean;
  all: boolean;
  a: bigint;
  b: bigint;
}

function parseElement(b: Builder, raw: string, start: number): Elem | undefined {
  const REFUSE = 'xl refuses this CPU list: ';
  let s = raw;
  let off = start;
  const e: Elem = { not: false, nodes: false, all: false, a: 0n, b: 0n };
  if (s.startsWith('^')) {
    e.not = true;
    s = s.slice(1);
    off++;
  }
  if (s.startsWith('node:') || s.startsWith('nodes:')) {
    const l = s.startsWith('node:') ? 5 : 6;
    e.nodes = true;
    s = s.slice(l);
    off += l;
  }
  const end = start + raw.length;
  if (s === 'all') {
    if (e.not) {
      b.fatal(start, end, `${REFUSE}can't combine \`^\` and \`all\``);
      return undefined;
    }
    e.all = true;
    return e;
  }
  // parse_range: strtoul(,10) skips leading blanks; anything after the number is junk.
  const ra = strtoul(s, 0, 10);
  if (!ra.ok || ra.value === ULONG_MAX) {
    const lead = raw.length > 0 && /^[ \t\n\v\f\r]/.test(raw) && /^[ \t\n\v\f\r]*(\^|node|all)/.test(raw);
    b.fatal(start, end, `${REFUSE}invalid pcpu range ${q(raw)}` + (lead ? ' (no blanks are allowed before `^`, `node:` or `all`)' : ' (expected N, N-M, all, optionally after `^` and/or `node:`)'));
    return undefined;
  }
  e.a = e.b = ra.value;
  let p = ra.end;
  if (s[p] === '-') {
    const rb = strtoul(s, p + 1, 10);
    if (!rb.ok || rb.value === ULONG_MAX || rb.value < ra.value) {
      b.fatal(start, end, `${REFUSE}invalid pcpu range ${q(raw)}` + (rb.ok && rb.value < ra.value ? ` (the end ${rb.value} is below the start ${ra.value})` : ''));
      return undefined;
    }
    e.b = rb.value;
    p = rb.end;
  }
  if (p < s.length) {
    const junk = s.slice(p);
    b.fatal(off + p, end, `${REFUSE}invalid pcpu range ${q(raw)}: unexpected ${q(junk)} after the number` + (/^[ \t\n\v\f\r]+$/.test(junk) ? ' (trailing blanks are not allowed)' : ''));
    return undefined;
  }
  if (ra.negative) b.warn(start, end, `a negative number wraps to a huge CPU number in xl; no host has it, so nothing is ${e.not ? 'removed' : 'added'}`);
  return e;
}

function run(text: string, b: Builder): { cpus: Set<number> | 'all'; ok: boolean; nodes: boolean } {
  let set: Set<number> | 'all' = new Set<number>();
  let ok = true;
  let sawNodes = false;
  let budget = 1 << 20; // bounds the work on absurd inputs such as many `0-99999`
  const toks = strtok(text, ',');
  for (const t of toks) {
    b.field(t.text, t.text, t.start, t.end, t.start, true);
    const e = parseElement(b, t.text, t.start);
    if (!e) {
      ok = false;
      break; // xl stops at the first bad element
    }
    if (e.all) {
      set = 'all'; // node:all is every CPU too
      continue;
    }
    if (e.nodes) {
      sawNodes = true;
      continue;
    } // node→CPU mapping is host specific
    if (set === 'all') {
      if (!e.not) continue;
      // 'all' minus something: materialise up to MAX_CPU would be costly; keep 'all'
      // unless the removal is small — represent as explicit set of 0..255 minus range.
      const s = new Set<number>();
      for (let i = 0; i < 256; i++) s.add(i);
      set = s;
    }
    const lo = e.a > BigInt(MAX_CPU) ? MAX_CPU + 1 : Number(e.a);
    const hi = e.b > BigInt(MAX_CPU) ? MAX_CPU : Number(e.b);
    for (let i = lo; i <= hi && budget > 0; i++, budget--) {
      if (e.not) set.delete(i);
      else set.add(i);
    }
  }
  if (toks.length === 0) {
    b.warn(0, text.length, 'empty CPU list: no CPU is selected');
  }
  return { cpus: set, ok, nodes: sawNodes };
}

export function parseCpulist(text: string): SpecParse {
  const b = new Builder('cpulist', text);
  const r = run(text, b);
  if (r.ok) {
    if (r.cpus === 'all') b.sum('CPUs', 'all');
    else b.sum('CPUs', describe(r.cpus) + (r.nodes ? ' plus the CPUs of the named NUMA nodes' : ''));
  }
  return b.done();
}

function describe(s: Set<number>): string {
  const arr = [...s].sort((x, y) => x - y);
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

/**
 * The set of physical CPUs a CPULIST denotes ('all' for every CPU), or
 * undefined when xl would refuse it or it names NUMA nodes (host specific).
 * "all" minus a few CPUs is approximated over CPUs 0..255.
 */
export function cpulistCpus(text: string): Set<number> | 'all' | undefined {
  const b = new Builder('cpulist', text);
  const r = run(text, b);
  if (!r.ok || r.nodes) return undefined;
  return r.cpus;
}

export const cpulistSpec: SpecLanguage = { syntax: 'cpulist', parse: parseCpulist, fields: cpulistFields };
