// Differential checks of the device sub-language parsers (server/src/specs) against Xen's real xl
// (test/oracle/xlDryrun.ts): for each spec string, the device JSON xl builds, whether xl refuses
// or crashes, and the lines it prints must equal what the parser says.
//
// Specs the parser expects xl to accept are run several to a config (one device each), the others
// one per config; a batch that does not agree is re-run one spec at a time to name the culprit.
import fc from 'fast-check';
import { structJson } from '../../server/src/libxl/json';
import { stringifyJson, type JsonValue } from '../../server/src/libxl/jsonText';
import type { LibxlStruct } from '../../server/src/libxl/value';
import type { SpecContext, SpecLanguage, SpecParse } from '../../server/src/specs/types';
import { runXl, type OracleRelease, type XlRun } from '../oracle/xlDryrun';
import { SEED } from '../fc-seed';

export interface DeviceKind {
  /** The config key, e.g. `disk`. */
  key: string;
  lang: SpecLanguage;
  /** Where xl's config holds the devices (`disks`) and their libxl struct. */
  configKey: string;
  struct: string;
  /** xl sets devid to the list index (ARRAY_EXTEND_INIT) in this release. */
  indexDevid?: (release: string) => boolean;
  /** Top-level lines before the device list (type, pci_* keys, ...). */
  preamble?: string;
  context?: (release: string) => Partial<SpecContext>;
  /** The device list's text for one spec (default: a list of the one string). */
  item?: (spec: string) => string;
  /** The config's line for the specs (default: `key = [ items ]`). */
  line?: (specs: readonly string[]) => string;
  /** Where xl's config holds device i (default: config[configKey][i]). */
  select?: (config: { [key: string]: JsonValue }, index: number) => JsonValue | undefined;
  /** Extra comparisons beyond the device itself (vfb's vkb twin); returns a difference or undefined. */
  extra?: (
    parse: SpecParse,
    config: { [key: string]: JsonValue },
    index: number,
    release: string,
  ) => string | undefined;
  /** Parses one spec for the xl model (default: lang.parse). */
  parse?: (spec: string, context: SpecContext) => SpecParse;
}

/** A difference the parser is known to have with xl, and why (matched on the spec string). */
export interface KnownDifference {
  spec: string | RegExp;
  release?: OracleRelease;
  why: string;
}

export interface Agreement {
  compared: number;
  differences: string[];
  /** Known differences met, with why. */
  known: string[];
  accepted: number;
  refused: number;
  crashed: number;
}

/** A config string literal for `s` (libxlu's escapes). */
export function quoteSpec(s: string): string {
  return (
    '"' +
    s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r') +
    '"'
  );
}

const BASE = 'name = "t"\ntype = "pvh"\nkernel = "/k"\n';

function configText(kind: DeviceKind, specs: readonly string[]): string {
  if (kind.line) return `${BASE}${kind.preamble ?? ''}${kind.line(specs)}\n`;
  const items = specs.map((s) => (kind.item ? kind.item(s) : quoteSpec(s)));
  return `${BASE}${kind.preamble ?? ''}${kind.key} = [ ${items.join(', ')} ]\n`;
}

/** What the parser says xl prints for one spec, in order (libxlu's unterminated lines joined). */
export function expectedLines(p: SpecParse): string[] {
  const out: string[] = [];
  let open = false;
  for (const x of p.problems) {
    if (!x.xl) continue;
    x.xl.printed.forEach((line, i) => {
      if (open && i === 0) out[out.length - 1] += line;
      else out.push(line);
    });
    open = !!x.xl.unterminated && x.xl.printed.length > 0;
  }
  return out;
}

type Verdict = 'accepted' | 'refused' | 'crashed';

function ourVerdict(p: SpecParse): Verdict {
  const reached = p.problems.filter((x) => x.xl);
  if (reached.some((x) => x.xl!.effect === 'crash')) return 'crashed';
  return p.problems.some((x) => x.fatal) ? 'refused' : 'accepted';
}

function xlVerdict(r: XlRun): Verdict {
  return r.rc === 0 ? 'accepted' : r.rc === 134 || r.rc === 139 ? 'crashed' : 'refused';
}

/** xl's stderr without the file-name prefix libxlu adds, and without the wrapper's crash notes. */
function xlLines(r: XlRun, file: string): string[] {
  return r.stderr
    .filter((l) => !/xl-dryrun: line \d+: /.test(l))
    .map((l) => (l.startsWith(file + ': ') ? l.slice(file.length + 2) : l));
}

function deviceJson(kind: DeviceKind, p: SpecParse, index: number, release: string): JsonValue {
  const dev = { ...((p.device as LibxlStruct | undefined) ?? {}) };
  if (kind.indexDevid?.(release) && dev.devid === undefined) dev.devid = index;
  return structJson(kind.struct, dev, release);
}

function parseOne(kind: DeviceKind, spec: string, release: string): SpecParse {
  const ctx: SpecContext = { release, ...(kind.context?.(release) ?? {}) };
  return kind.parse ? kind.parse(spec, ctx) : kind.lang.parse(spec, ctx);
}

/** Compares a batch run (devices 0..n-1 of one config); returns the differences. */
function compareRun(
  kind: DeviceKind,
  specs: readonly string[],
  parses: SpecParse[],
  run: XlRun,
  release: string,
): string[] {
  const diffs: string[] = [];
  const verdicts = parses.map(ourVerdict);
  const ours: Verdict = verdicts.includes('crashed')
    ? 'crashed'
    : verdicts.includes('refused')
      ? 'refused'
      : 'accepted';
  const theirs = xlVerdict(run);
  const label = specs.length === 1 ? JSON.stringify(specs[0]) : `batch ${JSON.stringify(specs)}`;
  if (ours !== theirs) diffs.push(`${label}: xl ${theirs} (rc ${run.rc}), parser says ${ours}`);
  if (theirs !== 'crashed') {
    const want = parses.flatMap(expectedLines);
    const got = xlLines(run, run.file.replace(/^.*\//, ''));
    if (stringifyJson(want) !== stringifyJson(got))
      diffs.push(`${label}: xl printed ${JSON.stringify(got)}, parser says ${JSON.stringify(want)}`);
  }
  if (theirs === 'accepted' && ours === 'accepted' && run.config) {
    const list = run.config[kind.configKey] as JsonValue[] | undefined;
    parses.forEach((p, i) => {
      const want = stringifyJson(deviceJson(kind, p, i, release));
      const got = stringifyJson((kind.select ? kind.select(run.config!, i) : list?.[i]) ?? null);
      if (want !== got) diffs.push(`${JSON.stringify(specs[i])}: xl built ${got}, parser builds ${want}`);
      const extra = kind.extra?.(p, run.config!, i, release);
      if (extra) diffs.push(`${JSON.stringify(specs[i])}: ${extra}`);
    });
  }
  return diffs;
}

/**
 * Runs every spec through the parser and xl `release` and returns the agreement. Known
 * differences are taken out of the count of differences and listed apart.
 */
export function agreement(
  kind: DeviceKind,
  specs: readonly string[],
  release: OracleRelease,
  known: readonly KnownDifference[] = [],
  batch = 8,
): Agreement {
  const unique = [...new Set(specs)];
  const parses = unique.map((s) => parseOne(kind, s, release));
  const groups: number[][] = [];
  let open: number[] = [];
  unique.forEach((_, i) => {
    if (ourVerdict(parses[i]) === 'accepted' && batch > 1) {
      open.push(i);
      if (open.length === batch) {
        groups.push(open);
        open = [];
      }
    } else groups.push([i]);
  });
  if (open.length) groups.push(open);
  const runGroups = (gs: number[][]): XlRun[] =>
    runXl(
      gs.map((g) =>
        configText(
          kind,
          g.map((i) => unique[i]),
        ),
      ),
      release,
    );
  const runs = runGroups(groups);
  const result: Agreement = {
    compared: unique.length,
    differences: [],
    known: [],
    accepted: 0,
    refused: 0,
    crashed: 0,
  };
  const retry: number[] = [];
  const judge = (g: number[], run: XlRun): void => {
    const diffs = compareRun(
      kind,
      g.map((i) => unique[i]),
      g.map((i) => parses[i]),
      run,
      release,
    );
    if (diffs.length && g.length > 1) {
      retry.push(...g);
      return;
    }
    if (g.length === 1) result[xlVerdict(run)]++;
    else result.accepted += g.length;
    if (!diffs.length) return;
    const spec = unique[g[0]];
    const k = known.find(
      (x) =>
        (x.release === undefined || x.release === release) &&
        (typeof x.spec === 'string' ? x.spec === spec : x.spec.test(spec)),
    );
    if (k) result.known.push(`${JSON.stringify(spec)} (${release}): ${k.why}`);
    else result.differences.push(...diffs);
  };
  groups.forEach((g, i) => judge(g, runs[i]));
  if (retry.length) {
    const singles = retry.map((i) => [i]);
    runGroups(singles).forEach((run, i) => judge(singles[i], run));
  }
  return result;
}

/** `n` values of `arb`, the same on every run (seeded from the fc-seed preload's seed). */
export function sample<T>(arb: fc.Arbitrary<T>, n: number, salt: number): T[] {
  const seed = (SEED + salt) | 0;
  return fc.sample(arb, { numRuns: n, seed });
}

/** A fast-check arbitrary of comma-joined items drawn from `parts`. */
export function joined(
  parts: fc.Arbitrary<string>,
  max = 6,
  sep: fc.Arbitrary<string> = fc.constantFrom(',', ',', ',', ', ', ',,'),
): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(parts, sep), { maxLength: max })
    .map((xs) => xs.map(([p, s], i) => (i < xs.length - 1 ? p + s : p)).join(''));
}

/** One line per parser and release for the test's log: compared, differences, known. */
export function report(name: string, release: string, a: Agreement): string {
  return (
    `${name} ${release}: ${a.compared} specs (${a.accepted} accepted, ${a.refused} refused, ${a.crashed} crashed by xl), ` +
    `${a.differences.length} differences, ${a.known.length} known`
  );
}
