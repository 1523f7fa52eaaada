// CPUID policy overrides, two forms, built exactly as xl and libxl build b_info.cpuid:
//  - libxl string form `cpuid = "host,x2apic=0,..."`: tools/xl/xl_parse.c (strtok_r on ',', the
//    first word must be "host") hands each further word to libxl_cpuid_parse_config
//    (tools/libs/light/libxl_cpuid.c);
//  - xend list form `cpuid = [ "1:ecx=xxxx...", ... ]`: each item goes to
//    libxl_cpuid_parse_config_xend.
// xl prints two lines per error ("while parsing ..." and "  error #N: ...") and carries on: cpuid
// errors are never fatal. The xl side is the same in 4.17 ... 4.22; the names libxl accepts change
// with every release (cpuid-names.ts). Behaviour changes in libxl_cpuid.c: the legacy names `pbe`
// and `btc-no` left the table in 4.18 (ed317b8619, "libxl/CPUID: drop two more feature flag table
// entries", both duplicates of feature names with the same bits, so nothing observable changed);
// 4.18.6's xend loop differs only by a const pointer (4c8867621b, a glibc 2.43 build fix). MSR
// features (MSR_ARCH_CAPABILITIES) are in every modelled release, 4.17 included (Debian's 4.17.5
// carries 7374a8d770 and 8df6cec384). 4.19 reads the names from INIT_FEATURE_NAME_TO_VAL, the
// same list renamed (f79189cb29).
import type { CpuidLeafPolicy, CpuidPolicy } from '../libxl/value';
import type { SpecContext, SpecField, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { strtoul, ULONG_MAX } from './clib';
import { Builder, didYouMeanNote, q, strtok } from './util';
import { CPUID_INPUT_UNUSED, CPUID_REG_NAMES, cpuidName, cpuidNames, type CpuidFlag } from './cpuid-names';
import { specRelease } from './release';
import { xlWarn } from './xlOutput';

// ---- the policy list as libxl keeps it ------------------------------------------------------

interface LeafEntry {
  leaf: number;
  subleaf: number;
  /** eax, ebx, ecx, edx: NULL until something writes the register. */
  regs: Array<string | undefined>;
}

/**
 * libxl_cpuid_policy_list under construction: NULL until the first cpuid_find_match or
 * msr_find_match allocates it; leaves and MSRs in the order they were first matched.
 */
export class CpuidPolicyModel {
  allocated = false;
  readonly leaves: LeafEntry[] = [];
  private readonly byInput = new Map<string, LeafEntry>();
  readonly msrs: Array<{ index: number; policy: string[] }> = [];

  /**
   * cpuid_find_match. A leaf of 0xffffffff is XEN_CPUID_INPUT_UNUSED, the list's own terminator:
   * libxl writes the entry where the terminator was, so it is never seen again (and the next new
   * leaf takes its slot). Its registers are written to a scratch entry here.
   */
  leaf(leaf: number, subleaf: number): LeafEntry {
    this.allocated = true;
    if (leaf === CPUID_INPUT_UNUSED) return { leaf, subleaf, regs: [undefined, undefined, undefined, undefined] };
    const key = `${leaf}:${subleaf}`;
    const found = this.byInput.get(key);
    if (found) return found;
    const e: LeafEntry = { leaf, subleaf, regs: [undefined, undefined, undefined, undefined] };
    this.leaves.push(e);
    this.byInput.set(key, e);
    return e;
  }

  /** msr_find_match: a new MSR starts as 64 'x'. */
  msr(index: number): { index: number; policy: string[] } {
    this.allocated = true;
    let m = this.msrs.find((x) => x.index === index);
    if (!m) {
      m = { index, policy: Array<string>(64).fill('x') };
      this.msrs.push(m);
    }
    return m;
  }

  /** What b_info.cpuid holds: undefined while NULL. */
  policy(): CpuidPolicy | undefined {
    if (!this.allocated) return undefined;
    return {
      cpuid: this.leaves.map((e) => {
        const l: CpuidLeafPolicy = { leaf: e.leaf };
        if (e.subleaf !== CPUID_INPUT_UNUSED) l.subleaf = e.subleaf;
        e.regs.forEach((r, i) => {
          if (r !== undefined) l[CPUID_REG_NAMES[i]] = r;
        });
        return l;
      }),
      msr: this.msrs.map((m) => ({ index: m.index, policy: m.policy.join('') })),
    };
  }
}

const splice = (s: string, at: number, part: string): string => s.slice(0, at) + part + s.slice(at + part.length);

/** cpuid_add: 0, or 3 for an illegal value. The leaf entry exists either way. */
function cpuidAdd(model: CpuidPolicyModel, flag: CpuidFlag, val: string): 0 | 3 {
  const entry = model.leaf(flag.leaf, flag.subleaf);
  const r = strtoul(val, 0, 0);
  let num = r.ok ? r.value : 0n;
  let flags: string[];
  if (r.ok) {
    flags = [];
    for (let i = 0; i < flag.length; i++) flags[flag.length - 1 - i] = (num >> BigInt(i)) & 1n ? '1' : '0';
  } else if (val[0] === 'x' || val[0] === 'k' || val[0] === 's') {
    flags = Array<string>(flag.length).fill(val[0]);
  } else return 3;
  let res = entry.regs[flag.reg - 1] ?? 'x'.repeat(32);
  if (flag.name === 'family' && flag.length === 8) {
    // Family and extended family are split across Fn0000_0001_EAX.
    if (num < 16n) {
      res = splice(res, 32 - 4 - flag.bit, flags.slice(4, 8).join(''));
      res = splice(res, 32 - 8 - 20, '00000000');
    } else {
      num = (num - 15n) & ULONG_MAX;
      res = splice(res, 32 - 4 - flag.bit, '1111');
      for (let i = 0; i < 7; i++) {
        flags[7 - i] = num & 1n ? '1' : '0';
        num >>= 1n;
      }
      res = splice(res, 32 - 8 - 20, flags.join(''));
    }
  } else if (flag.name === 'model' && flag.length === 8) {
    res = splice(res, 32 - 4 - 16, flags.slice(0, 4).join(''));
    res = splice(res, 32 - 4 - flag.bit, flags.slice(4, 8).join(''));
  } else {
    res = splice(res, 32 - flag.length - flag.bit, flags.join(''));
  }
  entry.regs[flag.reg - 1] = res;
  return 0;
}

/** msr_add: a single 0, 1, x, k or s (stored as k); 3 otherwise. The MSR entry exists either way. */
function msrAdd(model: CpuidPolicyModel, index: number, bit: number, val: string): 0 | 3 {
  const entry = model.msr(index);
  if (utf8Length(val) !== 1) return 3;
  if (!'01xks'.includes(val)) return 3;
  entry.policy[63 - bit] = val === 's' ? 'k' : val;
  return 0;
}

/** libxl_cpuid_parse_config: 0, 1 (no `=`), 2 (unknown name) or 3 (illegal value). */
export function applyCpuidFlag(model: CpuidPolicyModel, str: string, release?: string): 0 | 1 | 2 | 3 {
  const eq = str.indexOf('=');
  if (eq < 0) return 1;
  const n = cpuidName(str.slice(0, eq), release);
  if (!n) return 2;
  const val = str.slice(eq + 1);
  return n.kind === 'msr' ? msrAdd(model, n.index, n.bit, val) : cpuidAdd(model, n.flag, val);
}

/** libxl_cpuid_parse_config_xend: 0, or 1-5 (the errors xl names). Registers before an error stay. */
export function applyCpuidXend(model: CpuidPolicyModel, str: string): 0 | 1 | 2 | 3 | 4 | 5 {
  const rl = strtoul(str, 0, 0);
  if (!rl.ok) return 1;
  const leaf = Number(rl.value & 0xffffffffn);
  let subleaf = CPUID_INPUT_UNUSED;
  let p = rl.end;
  if (str[p] === ',') {
    const rs = strtoul(str, p + 1, 0);
    if (!rs.ok) return 2;
    subleaf = Number(rs.value & 0xffffffffn);
    p = rs.end;
  }
  if (str[p] !== ':') return 3;
  const entry = model.leaf(leaf, subleaf);
  p++;
  while (p < str.length) {
    const reg = 'abcd'.indexOf(str[p + 1] ?? '\0');
    const eq = str.indexOf('=', p);
    if (str[p] !== 'e' || str[p + 2] !== 'x' || reg < 0 || eq < 0) return 4;
    const vs = eq + 1;
    let comma = str.indexOf(',', vs);
    if (comma < 0) comma = str.length;
    const bits = str.slice(vs, comma);
    if (utf8Length(bits) !== 32) return 5;
    entry.regs[reg] = bits;
    if (comma >= str.length) break;
    p = comma + 1;
    while (p < str.length && (str[p] === ' ' || str[p] === '\n')) p++;
  }
  return 0;
}

/** Bytes of the UTF-8 encoding (libxl counts bytes; the syntax tree hands us decoded text). */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

// ---- what xl prints ------------------------------------------------------------------------

const FLAG_ERRORS: Record<number, string> = {
  1: 'missing "=" in key=value',
  2: 'unknown CPUID flag name',
  3: 'illegal CPUID value (must be: [0|1|x|k|s])',
};

const XEND_ERRORS: Record<number, string> = {
  1: 'illegal leaf number',
  2: 'illegal subleaf number',
  3: 'missing colon',
  4: 'invalid register name (must be e[abcd]x)',
  5: 'policy string must be exactly 32 characters long',
};

const flagPrinted = (item: string, e: number): string[] => [
  `while parsing CPUID flag: "${item}":`,
  `  error #${e}: ${FLAG_ERRORS[e]}`,
];
const xendPrinted = (item: string, e: number): string[] => [
  `while parsing CPUID line: "${item}":`,
  `  error #${e}: ${XEND_ERRORS[e]}`,
];

// ---- field documentation -------------------------------------------------------------------

/** The fields of the newest release, for completion and hover: made on first use (start-up). */
function cpuidLibxlFields(): SpecFieldDoc[] {
  const newest = cpuidNames();
  return [
    { name: 'host', doc: 'Must be the first word: start from the host policy.' },
    ...newest.legacy.map((f) => ({
      name: f.name,
      doc: `Legacy libxl CPUID field (${f.length} bit${f.length > 1 ? 's' : ''}).`,
      values: f.length === 1 ? ['0', '1', 'x', 'k'] : ['x', 'k'],
    })),
    ...newest.features.map((n) => ({
      name: n,
      doc:
        `CPUID feature \`${n}\` (cpufeatureset.h). 0 hides it from the guest, 1 forces it, x keeps Xen's default, k/s copy the host.` +
        (newest.msr.has(n) ? ' Backed by MSR_ARCH_CAPABILITIES: only a single 0, 1, x, k or s.' : ''),
      values: ['0', '1', 'x', 'k'],
    })),
  ];
}

export const cpuidXendFields: SpecFieldDoc[] = [
  { name: 'leaf', doc: 'CPUID leaf (C number: decimal, 0x hex or 0 octal).' },
  { name: 'subleaf', doc: 'Optional subleaf after a comma (C number).' },
  ...['eax', 'ebx', 'ecx', 'edx'].map((r) => ({
    name: r,
    doc: `Policy for ${r}: exactly 32 characters, most significant bit first; 0 clear, 1 set, x default, k/s host value.`,
  })),
];

// ---- the string form -----------------------------------------------------------------------

/** The string form, as xl_parse.c reads `cpuid = "host,..."`: device is b_info.cpuid (or none). */
export function parseCpuidLibxl(text: string, context?: SpecContext): SpecParse {
  const release = context?.release;
  const b = new Builder('cpuid-libxl', text);
  const model = new CpuidPolicyModel();
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
    const why =
      first.text.trim() === 'host'
        ? ' (no blanks around it)'
        : first.text.includes('=')
          ? ' (start it with `host,`)'
          : '';
    xlWarn(b, first.start, first.end, `xl ignores the whole cpuid string: first word must be "host"${why}`, [
      `while parsing CPUID string: "${text}":`,
      '  error: first word must be "host"',
    ]);
    b.fields[b.fields.length - 1].ignored = true;
  }
  const names = cpuidNames(release);
  const allNames = [...names.legacy.map((f) => f.name), ...names.features];
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i];
    const eq = t.text.indexOf('=');
    const name = eq < 0 ? t.text : t.text.slice(0, eq);
    const val = eq < 0 ? '' : t.text.slice(eq + 1);
    const vs = eq < 0 ? t.end : t.start + eq + 1;
    const f: SpecField = b.field(name, val, t.start, t.end, vs);
    if (!hostOk) {
      f.ignored = true;
      continue;
    }
    const e = applyCpuidFlag(model, t.text, release);
    if (e !== 0) f.ignored = true;
    const printed = e ? flagPrinted(t.text, e) : [];
    if (e === 1) {
      xlWarn(
        b,
        t.start,
        t.end,
        `xl skips ${q(t.text, 20)}: no \`=\` (\`=0\` hides the feature, \`=1\` forces it)`,
        printed,
      );
      continue;
    }
    if (e === 2) {
      const trimmed = name.trim();
      let note: string;
      if (trimmed !== name && cpuidName(trimmed, release)) note = `: blanks are part of the name (\`${trimmed}\`)`;
      else {
        const us = name.replace(/_/g, '-').toLowerCase();
        note = us !== name && cpuidName(us, release) ? ` (did you mean \`${us}\`?)` : didYouMeanNote(name, allNames);
      }
      xlWarn(
        b,
        t.start,
        t.start + eq,
        `xl skips ${q(name, 20)}: unknown CPUID flag in Xen ${relName(release)}${note}`,
        printed,
      );
      continue;
    }
    const n = cpuidName(name, release)!;
    if (e === 3) {
      const what = n.kind === 'msr' ? 'an MSR-backed flag takes one of 0, 1, x, k, s' : 'use 0, 1, a number, x or k';
      xlWarn(b, vs, t.end, `xl skips ${q(name, 20)}: illegal value ${q(val, 12)} (${what})`, printed);
      continue;
    }
    if (n.kind === 'msr') {
      settings.push([name, meaning(val)]);
      continue;
    }
    const width = n.flag.length;
    const r = strtoul(val, 0, 0);
    if (r.ok) {
      if (r.end < val.length) b.info(vs + r.end, t.end, `xl ignores ${q(val.slice(r.end))} after the number`);
      const kept = r.value & ((1n << BigInt(width)) - 1n);
      if (r.negative) b.warn(vs, t.end, `a negative number wraps around in xl; ${q(val)} means ${kept} here`);
      else if (kept !== r.value)
        b.warn(
          vs,
          t.end,
          `${q(name)} is ${width} bit${width > 1 ? 's' : ''} wide; xl keeps the low bits: ${q(val)} means ${kept}`,
        );
      settings.push([name, width === 1 ? (kept ? '1 (forced on)' : '0 (hidden)') : `${kept}`]);
    } else {
      if (val.length > 1) b.info(vs + 1, t.end, `xl only looks at the first letter ${q(val[0])}`);
      settings.push([name, meaning(val[0])]);
    }
  }
  if (!hostOk) b.sum('policy', 'ignored by xl (first word is not "host")');
  else {
    b.sum('base', 'host policy (Xen default for this guest type)');
    for (const [n, v] of settings) b.sum(n, v);
  }
  const out = b.done();
  const policy = model.policy();
  if (policy) out.device = policy;
  return out;
}

function relName(release: string | undefined): string {
  return specRelease(release);
}

function meaning(c: string): string {
  switch (c) {
    case '0':
      return '0 (hidden)';
    case '1':
      return '1 (forced on)';
    case 'x':
      return 'x (Xen default)';
    default:
      return `${c} (host value)`;
  }
}

// ---- the xend list form --------------------------------------------------------------------

/**
 * One item of the list form, reported and recorded as libxl_cpuid_parse_config_xend reads it.
 * `model`, when given, accumulates a whole list (cpuid_find_match merges items of the same leaf)
 * and the device is left to its caller (parseCpuidXendList); a lone item gets a fresh model and
 * its policy as device.
 */
export function parseCpuidXend(text: string, context?: SpecContext, model?: CpuidPolicyModel): SpecParse {
  const own = model === undefined;
  const m = model ?? new CpuidPolicyModel();
  const p = readXendItem(text, context, m);
  // A list's items share one model: its caller takes the policy once, at the end.
  if (own) withDevice(p, m);
  return p;
}

function readXendItem(text: string, context: SpecContext | undefined, model: CpuidPolicyModel): SpecParse {
  void context; // the xend form reads the same in every release
  const b = new Builder('cpuid-xend', text);
  const n = text.length;
  const e = applyCpuidXend(model, text);
  const printed = e ? xendPrinted(text, e) : [];
  const fail = (s: number, end: number, what: string): SpecParse => {
    xlWarn(b, s, end, `xl skips the rest of this line: ${what}`, printed);
    return b.done();
  };
  const rl = strtoul(text, 0, 0);
  if (!rl.ok) return fail(0, Math.min(n, 1), 'illegal leaf number');
  b.field('leaf', text.slice(0, rl.end), 0, rl.end, 0, true);
  let p = rl.end;
  let subleaf: bigint | undefined;
  if (text[p] === ',') {
    const rs = strtoul(text, p + 1, 0);
    if (!rs.ok) return fail(p, p + 1, 'illegal subleaf number');
    b.field('subleaf', text.slice(p + 1, rs.end), p + 1, rs.end, p + 1, true);
    subleaf = rs.value;
    p = rs.end;
  }
  if (text[p] !== ':') return fail(p, Math.min(n, p + 1), 'missing colon after the leaf');
  p++;
  const regs: Array<[string, string]> = [];
  while (p < n) {
    const r1 = text[p + 1];
    const eq = text.indexOf('=', p);
    if (text[p] !== 'e' || text[p + 2] !== 'x' || r1 === undefined || !'abcd'.includes(r1) || eq < 0) {
      return fail(p, eq < 0 ? n : eq, 'invalid register name (eax, ebx, ecx or edx)');
    }
    if (eq > p + 3) b.info(p + 3, eq, `xl ignores ${q(text.slice(p + 3, eq))} between the register name and \`=\``);
    const reg = 'e' + r1 + 'x';
    const vs = eq + 1;
    let comma = text.indexOf(',', vs);
    if (comma < 0) comma = n;
    const bits = text.slice(vs, comma);
    const f: SpecField = b.field(reg, bits, p, comma, vs);
    if (utf8Length(bits) !== 32) {
      f.ignored = true;
      return fail(vs, comma, `the policy must be exactly 32 characters, not ${utf8Length(bits)}`);
    }
    const badAt = bits.search(/[^01xks]/);
    if (badAt >= 0)
      b.warn(
        vs + badAt,
        vs + badAt + 1,
        `${q(bits[badAt])} is not one of 0 1 x k s; libxl may reject the policy at creation`,
      );
    regs.push([reg, bits]);
    if (comma >= n) break;
    p = comma + 1;
    while (p < n && (text[p] === ' ' || text[p] === '\n')) p++;
  }
  b.sum('leaf', '0x' + (rl.value & 0xffffffffn).toString(16));
  b.sum('subleaf', subleaf === undefined ? '(none)' : '0x' + (subleaf & 0xffffffffn).toString(16));
  const leaf = Number(rl.value & 0xffffffffn);
  const sub = subleaf === undefined ? CPUID_INPUT_UNUSED : Number(subleaf & 0xffffffffn);
  for (const [r, bits] of regs) {
    const forced: string[] = [];
    for (const [feat, loc] of knownBits(context?.release)) {
      if (
        loc.leaf === leaf &&
        (loc.subleaf === CPUID_INPUT_UNUSED || loc.subleaf === sub) &&
        CPUID_REG_NAMES[loc.reg - 1] === r
      ) {
        const c = bits[31 - loc.bit];
        if (c === '0' || c === '1') forced.push(`${feat}=${c}`);
      }
    }
    b.sum(r, bits + (forced.length ? ` (${forced.slice(0, 8).join(', ')}${forced.length > 8 ? ', ...' : ''})` : ''));
  }
  return b.done();
}

function withDevice(p: SpecParse, model: CpuidPolicyModel): void {
  const policy = model.policy();
  if (policy) p.device = policy;
}

const bitsCache = new Map<string, Array<[string, CpuidFlag]>>();

/** Every single-bit CPUID feature of a release with where it lives, for the xend summary. */
function knownBits(release: string | undefined): Array<[string, CpuidFlag]> {
  const r = specRelease(release);
  let out = bitsCache.get(r);
  if (!out) {
    out = [];
    for (const name of cpuidNames(r).features) {
      const n = cpuidName(name, r);
      if (n?.kind === 'cpuid') out.push([name, n.flag]);
    }
    bitsCache.set(r, out);
  }
  return out;
}

/**
 * The list form as xl reads it: every item in order into one policy. The caller stops at the
 * first item that is not a string (xlu_cfg_get_listitem returns NULL there and xl's loop ends).
 */
export function parseCpuidXendList(
  items: readonly string[],
  context?: SpecContext,
): { parses: SpecParse[]; device?: CpuidPolicy } {
  const model = new CpuidPolicyModel();
  const parses = items.map((t) => parseCpuidXend(t, context, model));
  return { parses, device: model.policy() };
}

/**
 * Where a CPUID feature is set by the parsed cpuid value(s). `parses` are the parses of the
 * string form (one element) or of each list item. The last setting wins, as in libxl; `value` is
 * the bit as libxl writes it (`0`, `1`, `x`, `k`, `s`); `index` is the position in `parses`.
 */
export function cpuidFeatureSetting(
  parses: SpecParse[],
  feature: string,
  release?: string,
): { value: string; start: number; end: number; index: number } | undefined {
  let found: { value: string; start: number; end: number; index: number } | undefined;
  const n = cpuidName(feature, release);
  const loc = n?.kind === 'cpuid' && !n.legacy ? n.flag : undefined;
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
      if (!leaf.ok || (leaf.value & 0xffffffffn) !== BigInt(loc.leaf)) return;
      const sub = p.fields.find((f) => f.name === 'subleaf');
      const subleaf = sub ? Number(strtoul(sub.value, 0, 0).value & 0xffffffffn) : CPUID_INPUT_UNUSED;
      // A leaf without subleaves also matches an item that names subleaf 0 (as before).
      if (subleaf !== loc.subleaf && !(loc.subleaf === CPUID_INPUT_UNUSED && subleaf === 0)) return;
      const reg = CPUID_REG_NAMES[loc.reg - 1];
      for (const f of p.fields) {
        if (f.name === reg && !f.ignored && f.value.length === 32) {
          const i = 31 - loc.bit;
          found = { value: f.value[i], start: f.valueStart + i, end: f.valueStart + i + 1, index };
        }
      }
    }
  });
  return found;
}

let libxlFields: SpecFieldDoc[] | undefined;
export const cpuidLibxlSpec: SpecLanguage = {
  syntax: 'cpuid-libxl',
  parse: parseCpuidLibxl,
  get fields() {
    libxlFields ??= cpuidLibxlFields();
    return libxlFields;
  },
};
export const cpuidXendSpec: SpecLanguage = {
  syntax: 'cpuid-xend',
  parse: (t, c) => parseCpuidXend(t, c),
  fields: cpuidXendFields,
};
