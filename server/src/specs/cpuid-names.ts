// The names libxl_cpuid_parse_config (tools/libs/light/libxl_cpuid.c) accepts, per Xen release:
// its own legacy `cpuid_flags` table, then the feature names of cpufeatureset.h (lower case, `_`
// as `-`), each placed by the `feature_to_policy` table in a CPUID leaf register or in
// MSR_ARCH_CAPABILITIES. The data is generated (scripts/gen-cpuid-names.ts) from each release's
// source; this file only looks names up.
import { CPUID_NAME_DATA } from './cpuid-names.generated';
import { specRelease } from './release';

/** XEN_CPUID_INPUT_UNUSED: "no subleaf" in libxl's tables and policy lists. */
export const CPUID_INPUT_UNUSED = 0xffffffff;

/** Registers as libxl numbers them (CPUID_REG_EAX = 1 ... CPUID_REG_EDX = 4). */
export const CPUID_REG_NAMES = ['eax', 'ebx', 'ecx', 'edx'] as const;
export type CpuidReg = (typeof CPUID_REG_NAMES)[number];

export type CpuidWord = { leaf: number; subleaf: number; reg: number } | { msr: number; reg: number };

export interface CpuidReleaseNames {
  /** cpuid_flags: name, leaf, subleaf (CPUID_INPUT_UNUSED: none), register 1-4, first bit, width. */
  legacy: Array<[string, number, number, number, number, number]>;
  /** feature_to_policy: where featureset word i lives. */
  words: CpuidWord[];
  /** INIT_FEATURE_NAMES: name and featureset bit (word * 32 + bit), sorted by name. */
  features: Array<[string, number]>;
}

export interface CpuidNameData {
  releases: Record<string, CpuidReleaseNames>;
}

/** One cpuid_flags entry, or a feature bit placed in a leaf (libxl builds the same struct). */
export interface CpuidFlag {
  name: string;
  leaf: number;
  subleaf: number;
  /** 1 = eax ... 4 = edx. */
  reg: number;
  bit: number;
  length: number;
}

export type CpuidName =
  | { kind: 'cpuid'; flag: CpuidFlag; legacy: boolean }
  /** A feature backed by an MSR: libxl's msr_add with the bit of the 64-bit policy. */
  | { kind: 'msr'; name: string; index: number; bit: number };

interface Lookup {
  legacy: Map<string, CpuidFlag>;
  features: Map<string, number>;
  words: CpuidWord[];
}

const cache = new Map<string, Lookup>();

function lookup(release: string | undefined): Lookup {
  const r = specRelease(release);
  let l = cache.get(r);
  if (!l) {
    const d = CPUID_NAME_DATA.releases[r];
    l = {
      legacy: new Map(
        d.legacy.map(([name, leaf, subleaf, reg, bit, length]) => [name, { name, leaf, subleaf, reg, bit, length }]),
      ),
      features: new Map(d.features),
      words: d.words,
    };
    cache.set(r, l);
  }
  return l;
}

/**
 * What `name` means to libxl_cpuid_parse_config in `release`: the legacy table is searched first
 * (so its `clflush`, `aes`, `ppin`... shadow the feature names), then the feature names.
 */
export function cpuidName(name: string, release?: string): CpuidName | undefined {
  const l = lookup(release);
  const legacy = l.legacy.get(name);
  if (legacy) return { kind: 'cpuid', flag: legacy, legacy: true };
  const bit = l.features.get(name);
  if (bit === undefined) return undefined;
  const w = l.words[bit >> 5];
  if (!w) return undefined;
  if ('msr' in w) return { kind: 'msr', name, index: w.msr, bit: (bit % 32) + (w.reg === 4 ? 32 : 0) };
  return {
    kind: 'cpuid',
    flag: { name, leaf: w.leaf, subleaf: w.subleaf, reg: w.reg, bit: bit % 32, length: 1 },
    legacy: false,
  };
}

/** Every name libxl accepts in `release`: the legacy ones, then the features. */
export function cpuidNames(release?: string): { legacy: CpuidFlag[]; features: string[]; msr: Set<string> } {
  const l = lookup(release);
  const features = [...l.features.keys()].filter((n) => !l.legacy.has(n));
  const msr = new Set(features.filter((n) => cpuidName(n, release)?.kind === 'msr'));
  return { legacy: [...l.legacy.values()], features, msr };
}
