// CPUID policy overrides, two forms:
//  - libxl string form `cpuid = "host,x2apic=0,..."`: tools/xl/xl_parse.c
//    (strtok on ',', first word must be "host") and
//    tools/libs/light/libxl_cpuid.c: libxl_cpuid_parse_config;
//  - xend list form `cpuid = [ "1:ecx=xxxx...", ... ]`:
//    libxl_cpuid.c: libxl_cpuid_parse_config_xend.
// xl prints errors for both forms ("error #N") but never refuses the domain.
import { own } from '../own';
import type { SpecField, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q, strtok, strtoul } from './util';
import { CPUID_BITS, CPUID_FEATURES, CPUID_LEGACY, CPUID_MSR_FEATURES } from './cpuid-names';

const FEATURE_SET = new Set(CPUID_FEATURES);
const MSR_SET = new Set(CPUID_MSR_FEATURES);
const ALL_NAMES = [...Object.keys(CPUID_LEGACY), ...CPUID_FEATURES];

export const cpuidLibxlFields: SpecFieldDoc[] = [
  { name: 'host', doc: 'Must be the first word: start from the host policy.' },
  ...Object.keys(CPUID_LEGACY).map((n) => ({
    name: n,
    doc: `Legacy libxl CPUID field (${CPUID_LEGACY[n]} bit${CPUID_LEGACY[n] > 1 ? 's' : ''}).`,
    values: CPUID_LEGACY[n] === 1 ? ['0', '1', 'x', 'k'] : ['x', 'k'],
  })),
  ...CPUID_FEATURES.map((n) => ({
    name: n,
    doc: `CPUID feature \`${n}\` (cpufeatureset.h). 0 hides it from the guest, 1 forces it, x keeps Xen's default, k/s copy the host.${MSR_SET.has(n) ? ' Backed by MSR_ARCH_CAPABILITIES: only a single 0, 1, x, k or s.' : ''}`,
    values: ['0', '1', 'x', 'k'],
  })),
];

export const cpuidXendFields: SpecFieldDoc[] = [
  { name: 'leaf', doc: 'CPUID leaf (C number: decimal, 0x hex or 0 octal).' },
  { name: 'subleaf', doc: 'Optional subleaf after a comma (C number).' },
  ...['eax', 'ebx', 'ecx', 'edx'].map((r) => ({
    name: r,
    doc: `Policy for ${r}: exactly 32 characters, most significant bit first; 0 clear, 1 set, x default, k/s host value.`,
  })),
];

const SKIP = 'xl prints it and skips this item';

export function parseCpuidLibxl(text: string): SpecParse {
  const b = new Builder('cpuid-libxl', text);
  const toks = strtok(text, ',');
  const settings: Array<[string, string]> = [];
  if (toks.length === 0) {
    b.info(0, text.length, 'empty cpuid string: xl ignores it');
    b.sum('policy', 'host default (nothing overridden)');
    return b.done();
  }
  const first = toks[0];
  const hostOk = first.text === 'host';
  b.field('host', first.text, first.start, first.end, first.start, true);
  if (!hostOk) {
    const why = first.text.trim() === 'host' ? ' (no blanks around it)' : first.text.includes('=') ? ` (start the string with \`host,\`: \`host,${text.slice(first.start, first.start + 60)}\`)` : '';
    b.warn(first.start, first.end, `xl prints 'first word must be "host"' and ignores the whole cpuid setting${why}`);
    b.fields[b.fields.length - 1].ignored = true;
  }
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i];
    const eq = t.text.indexOf('=');
    if (eq < 0) {
      const f = b.field(t.text, '', t.start, t.end, t.end);
      f.ignored = true;
      if (hostOk) b.warn(t.start, t.end, `${SKIP} as error #1: missing \`=\` in ${q(t.text)} (write \`${t.text.trim()}=0\` to hide or \`=1\` to force)`);
      continue;
    }
    const name = t.text.slice(0, eq);
    const val = t.text.slice(eq + 1);
    const vs = t.start + eq + 1;
    const f = b.field(name, val, t.start, t.end, vs);
    if (!hostOk) {
      f.ignored = true;
      continue;
    }
    const legacy = own(CPUID_LEGACY, name);
    const known = legacy !== undefined || FEATURE_SET.has(name);
    if (!known) {
      const trimmed = name.trim();
      if (trimmed !== name && (FEATURE_SET.has(trimmed) || CPUID_LEGACY[trimmed] !== undefined)) {
        f.ignored = true;
        b.warn(t.start, t.start + eq, `xl reports error #2 (unknown CPUID flag name) for ${q(name)} and skips it: blanks are part of the name here; write \`${trimmed}\``);
        continue;
      }
      const us = name.replace(/_/g, '-').toLowerCase();
      const alt = us !== name && FEATURE_SET.has(us) ? ` (did you mean \`${us}\`?)` : didYouMeanNote(name, ALL_NAMES);
      b.warn(t.start, t.start + eq, `${q(name)} is not a feature name known to xlcfg; xl reports error #2 and skips it if its Xen doesn't know it either${alt}`);
      continue;
    }
    const width = legacy ?? 1;
    if (MSR_SET.has(name)) {
      if (val.length !== 1 || !'01xks'.includes(val)) {
        f.ignored = true;
        b.warn(vs, t.end, `${SKIP} as error #3 (illegal CPUID value): ${q(name)} is an MSR-backed feature and takes exactly one of 0, 1, x, k, s`);
        continue;
      }
      settings.push([name, meaning(val)]);
      continue;
    }
    const r = strtoul(val, 0, 0);
    if (r.ok && !r.negative && r.end > 0) {
      if (r.end < val.length) b.info(vs + r.end, t.end, `xl ignores ${q(val.slice(r.end))} after the number`);
      const mask = (1n << BigInt(width)) - 1n;
      const kept = r.value & mask;
      if (kept !== r.value) b.warn(vs, t.end, `${q(name)} is ${width} bit${width > 1 ? 's' : ''} wide; xl keeps only the low bits, so ${q(val)} means ${kept}`);
      settings.push([name, width === 1 ? (kept ? '1 (forced on)' : '0 (hidden)') : `${kept}`]);
    } else if (r.ok && r.negative) {
      const kept = r.value & ((1n << BigInt(width)) - 1n);
      b.warn(vs, t.end, `a negative number wraps around in xl; ${q(val)} means ${kept} here`);
      settings.push([name, `${kept}`]);
    } else if (val.length > 0 && 'xks'.includes(val[0])) {
      if (val.length > 1) b.info(vs + 1, t.end, `xl only looks at the first letter ${q(val[0])}`);
      settings.push([name, meaning(val[0])]);
    } else {
      f.ignored = true;
      b.warn(vs, t.end, `${SKIP} as error #3 (illegal CPUID value): ${q(val)} (use 0, 1, a number, x for the default or k for the host value)`);
    }
  }
  if (!hostOk) b.sum('policy', 'ignored by xl (first word is not "host")');
  else {
    b.sum('base', 'host policy (Xen default for this guest type)');
    for (const [n, v] of settings) b.sum(n, v);
  }
  return b.done();
}

function meaning(c: string): string {
  switch (c) {
    case '0': return '0 (hidden)';
    case '1': return '1 (forced on)';
    case 'x': return 'x (Xen default)';
    default: return `${c} (host value)`;
  }
}

export function parseCpuidXend(text: string): SpecParse {
  const b = new Builder('cpuid-xend', text);
  const n = text.length;
  const warn = (s: number, e: number, num: number, what: string) =>
    b.warn(s, e, `xl prints error #${num} (${what}) for this line and skips the rest of it; cpuid errors are not fatal`);
  // leaf
  const rl = strtoul(text, 0, 0);
  if (!rl.ok) {
    warn(0, Math.min(n, 1), 1, 'illegal leaf number');
    return b.done();
  }
  b.field('leaf', text.slice(0, rl.end), 0, rl.end, 0, true);
  let p = rl.end;
  let subleaf: bigint | undefined;
  if (text[p] === ',') {
    const rs = strtoul(text, p + 1, 0);
    if (!rs.ok) {
      warn(p, p + 1, 2, 'illegal subleaf number');
      return b.done();
    }
    b.field('subleaf', text.slice(p + 1, rs.end), p + 1, rs.end, p + 1, true);
    subleaf = rs.value;
    p = rs.end;
  }
  if (text[p] !== ':') {
    warn(p, Math.min(n, p + 1), 3, 'missing colon after the leaf');
    return b.done();
  }
  p++;
  const regs: Array<[string, string]> = [];
  while (p < n) {
    // register: 'e' + [abcd] + 'x'; the C code then jumps to the next '='
    const r1 = text[p + 1];
    const eq = text.indexOf('=', p);
    if (text[p] !== 'e' || text[p + 2] !== 'x' || r1 === undefined || !'abcd'.includes(r1) || eq < 0) {
      const end = eq < 0 ? n : eq;
      warn(p, end, 4, 'invalid register name, must be eax, ebx, ecx or edx');
      return b.done();
    }
    if (eq > p + 3) b.info(p + 3, eq, `xl ignores ${q(text.slice(p + 3, eq))} between the register name and \`=\``);
    const reg = 'e' + r1 + 'x';
    const vs = eq + 1;
    let comma = text.indexOf(',', vs);
    if (comma < 0) comma = n;
    const bits = text.slice(vs, comma);
    const f: SpecField = b.field(reg, bits, p, comma, vs);
    if (bits.length !== 32) {
      f.ignored = true;
      warn(vs, comma, 5, `policy string must be exactly 32 characters long, this one has ${bits.length}`);
      return b.done();
    }
    const badAt = bits.search(/[^01xks]/);
    if (badAt >= 0) b.warn(vs + badAt, vs + badAt + 1, `${q(bits[badAt])} is not one of 0 1 x k s; libxl only checks the length here and may reject the policy when it builds the domain`);
    regs.push([reg, bits]);
    if (comma >= n) break;
    p = comma + 1;
    while (p < n && (text[p] === ' ' || text[p] === '\n')) p++;
  }
  b.sum('leaf', '0x' + rl.value.toString(16));
  b.sum('subleaf', subleaf === undefined ? '(none)' : '0x' + subleaf.toString(16));
  for (const [r, bits] of regs) {
    const forced: string[] = [];
    for (const [feat, loc] of Object.entries(CPUID_BITS)) {
      if (BigInt(loc.leaf) === rl.value && loc.reg === r) {
        const c = bits[31 - loc.bit];
        if (c === '0' || c === '1') forced.push(`${feat}=${c}`);
      }
    }
    b.sum(r, bits + (forced.length ? ` (${forced.join(', ')})` : ''));
  }
  return b.done();
}

/**
 * Where a CPUID feature is set by the parsed cpuid value(s). `parses` are
 * the parses of the string form (one element) or of each list item. The
 * last setting wins, as in libxl. For the xend form only the features in
 * CPUID_BITS (leaf 1 ECX bit 21 is `x2apic`) are recognised; `value` is the
 * policy character there. `index` is the position in `parses`.
 */
export function cpuidFeatureSetting(
  parses: SpecParse[],
  feature: string,
): { value: string; start: number; end: number; index: number } | undefined {
  let found: { value: string; start: number; end: number; index: number } | undefined;
  const loc = own(CPUID_BITS, feature);
  parses.forEach((p, index) => {
    if (p.syntax === 'cpuid-libxl') {
      if (!p.fields.length || p.fields[0].name !== 'host' || p.fields[0].ignored) return;
      for (const f of p.fields.slice(1)) {
        if (f.name === feature && !f.ignored) {
          const r = strtoul(f.value, 0, 0);
          const value = r.ok ? (r.value & 1n).toString() : f.value.slice(0, 1);
          found = { value, start: f.start, end: f.end, index };
        }
      }
    } else if (p.syntax === 'cpuid-xend' && loc) {
      const leafF = p.fields.find((f) => f.name === 'leaf');
      if (!leafF) return;
      const leaf = strtoul(leafF.value, 0, 0);
      if (!leaf.ok || leaf.value !== BigInt(loc.leaf)) return;
      const sub = p.fields.find((f) => f.name === 'subleaf');
      if (sub && strtoul(sub.value, 0, 0).value !== 0n) return;
      for (const f of p.fields) {
        if (f.name === loc.reg && !f.ignored && f.value.length === 32) {
          const i = 31 - loc.bit;
          found = { value: f.value[i], start: f.valueStart + i, end: f.valueStart + i + 1, index };
        }
      }
    }
  });
  return found;
}

export const cpuidLibxlSpec: SpecLanguage = { syntax: 'cpuid-libxl', parse: parseCpuidLibxl, fields: cpuidLibxlFields };
export const cpuidXendSpec: SpecLanguage = { syntax: 'cpuid-xend', parse: parseCpuidXend, fields: cpuidXendFields };
