// Generates server/src/specs/cpuid-names.generated.ts: the names libxl_cpuid_parse_config
// (tools/libs/light/libxl_cpuid.c) accepts in each Xen release xlcfg models, as data:
//   - its own `cpuid_flags` table (legacy names: leaf, subleaf, register, first bit, width);
//   - the feature names gen-cpuid.py derives from xen/include/public/arch-x86/cpufeatureset.h
//     (INIT_FEATURE_NAMES / INIT_FEATURE_NAME_TO_VAL: the name lower-cased with `_` -> `-`, and
//     its bit number word*32+bit);
//   - the `feature_to_policy` table that says which CPUID leaf register or MSR each featureset
//     word lands in.
//
//   node --import tsx scripts/gen-cpuid-names.ts [--xen <xen git dir>] [--check]
//
// --check compares the output with the committed file and exits 1 when it differs.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RELEASE_COMMITS } from '../server/src/libxl/releases';
import type { CpuidNameData, CpuidReleaseNames } from '../server/src/specs/cpuid-names';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/specs/cpuid-names.generated.ts');
const LIBXL = 'tools/libs/light/libxl_cpuid.c';
const FEATURESET = 'xen/include/public/arch-x86/cpufeatureset.h';
const NA = 0xffffffff; // XEN_CPUID_INPUT_UNUSED
const REGS: Record<string, number> = { CPUID_REG_EAX: 1, CPUID_REG_EBX: 2, CPUID_REG_ECX: 3, CPUID_REG_EDX: 4 };

function show(git: string, commit: string, path: string): string {
  return execFileSync('git', ['-C', git, 'show', `${commit}:${path}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
}

const num = (s: string): number => (s.trim() === 'NA' ? NA : Number(s.trim()));

function reg(s: string): number {
  const r = REGS[s.trim()];
  if (!r) throw new Error(`cpuid: unknown register ${s}`);
  return r;
}

/** The body of `libxl_cpuid_parse_config`, where both tables live. */
function parseConfigBody(src: string): string {
  const at = src.indexOf('int libxl_cpuid_parse_config(');
  const end = src.indexOf('int libxl_cpuid_parse_config_xend(');
  if (at < 0 || end < at) throw new Error('cpuid: libxl_cpuid_parse_config not found');
  return src.slice(at, end);
}

function legacyTable(body: string): CpuidReleaseNames['legacy'] {
  const start = body.indexOf('cpuid_flags[] = {');
  const stop = body.indexOf('{NULL,', start);
  if (start < 0 || stop < 0) throw new Error('cpuid: cpuid_flags table not found');
  const out: CpuidReleaseNames['legacy'] = [];
  const re = /\{\s*"([^"]+)",\s*([0-9a-fA-Fx]+),\s*(NA|[0-9]+),\s*(CPUID_REG_E[A-D]X),\s*([0-9]+),\s*([0-9]+)\s*\}/g;
  for (const m of body.slice(start, stop).matchAll(re)) {
    out.push([m[1], num(m[2]), num(m[3]), reg(m[4]), Number(m[5]), Number(m[6])]);
  }
  if (out.length < 20) throw new Error('cpuid: cpuid_flags table looks truncated');
  return out;
}

function wordTable(body: string): CpuidReleaseNames['words'] {
  const start = body.indexOf('feature_to_policy[] = {');
  const stop = body.indexOf('#undef MSR_ENTRY', start);
  if (start < 0 || stop < 0) throw new Error('cpuid: feature_to_policy table not found');
  const out: CpuidReleaseNames['words'] = [];
  const text = body.slice(start, stop).replace(/#define[^\n]*(\\\n[^\n]*)*/g, '');
  const re = /(CPUID_ENTRY|MSR_ENTRY)\(([^)]*)\)/g;
  for (const m of text.matchAll(re)) {
    const a = m[2].split(',');
    if (m[1] === 'CPUID_ENTRY') out.push({ leaf: num(a[0]), subleaf: num(a[1]), reg: reg(a[2]) });
    else out.push({ msr: num(a[0]), reg: reg(a[1]) });
  }
  return out;
}

/** gen-cpuid.py: parse_definitions, then `state.values[name.lower().replace("_", "-")] = val`. */
function features(header: string): { names: Array<[string, number]>; words: number } {
  const feat = /^XEN_CPUFEATURE\(([A-Z0-9_]+),\s+([\s\d]+\*[\s\d]+\+[\s\d]+)\)\s+\/\*([\w!|]*) .*$/;
  const word = /^\/\* .* word (\d*) .*\*\/$/;
  const names: Array<[string, number]> = [];
  let words = 0;
  for (const l of header.split('\n')) {
    if (!l.startsWith('XEN_CPUFEATURE(') && !l.startsWith('/* ')) continue;
    if (l.startsWith('/* ')) {
      const w = word.exec(l);
      if (w) words = Number(w[1]) + 1;
      continue;
    }
    const m = feat.exec(l);
    if (!m) throw new Error(`cpuid: cannot read ${l}`);
    const [w, b] = m[2].split('+');
    const [w1, w2] = w.split('*');
    names.push([m[1].toLowerCase().replace(/_/g, '-'), Number(w1) * Number(w2) + Number(b)]);
  }
  names.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return { names, words };
}

function build(git: string): CpuidNameData {
  const releases: Record<string, CpuidReleaseNames> = {};
  for (const r of RELEASE_COMMITS) {
    const body = parseConfigBody(show(git, r.commit, LIBXL));
    const f = features(show(git, r.commit, FEATURESET));
    const words = wordTable(body);
    // libxl's BUILD_BUG_ON(ARRAY_SIZE(feature_to_policy) != FEATURESET_NR_ENTRIES).
    if (words.length !== f.words)
      throw new Error(`cpuid ${r.version}: ${words.length} policy words, ${f.words} featureset words`);
    releases[r.version] = { legacy: legacyTable(body), words, features: f.names };
  }
  return { releases };
}

function render(data: CpuidNameData): string {
  const lines: string[] = [
    '// Generated by scripts/gen-cpuid-names.ts from tools/libs/light/libxl_cpuid.c and',
    '// xen/include/public/arch-x86/cpufeatureset.h at each release in server/src/libxl/releases.ts.',
    '// Do not edit: run `node --import tsx scripts/gen-cpuid-names.ts`.',
    "import type { CpuidNameData } from './cpuid-names';",
    '',
    'export const CPUID_NAME_DATA: CpuidNameData = { releases: {',
  ];
  for (const [v, r] of Object.entries(data.releases)) {
    lines.push(`  '${v}': {`);
    lines.push('    legacy: [');
    for (const l of r.legacy) lines.push(`      ${JSON.stringify(l)},`);
    lines.push('    ],');
    lines.push('    words: [');
    for (const w of r.words) lines.push(`      ${JSON.stringify(w)},`);
    lines.push('    ],');
    lines.push('    features: [');
    for (let i = 0; i < r.features.length; i += 6) {
      lines.push(
        '      ' +
          r.features
            .slice(i, i + 6)
            .map((x) => JSON.stringify(x))
            .join(', ') +
          ',',
      );
    }
    lines.push('    ],');
    lines.push('  },');
  }
  lines.push('} };', '');
  return lines.join('\n');
}

const args = process.argv.slice(2);
const xenAt = args.indexOf('--xen');
const xenGit = xenAt >= 0 ? args[xenAt + 1] : (process.env.XEN_GIT ?? '/work/.mirror/xen-project+xen/repo');
const text = render(build(xenGit));
if (args.includes('--check')) {
  if (readFileSync(OUT, 'utf8') !== text) {
    console.error(`${OUT} is not what scripts/gen-cpuid-names.ts makes from ${xenGit}`);
    process.exit(1);
  }
  console.log('cpuid name data is current');
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}`);
}
