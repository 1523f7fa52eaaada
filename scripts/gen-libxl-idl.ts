// Generates server/src/libxl/idl.generated.ts: the shape of `libxl_domain_config` (every struct,
// enum, array and keyed union it reaches, with each field's initial value) for each Xen release
// xlcfg models, read from Xen's own tools/libs/light/libxl_types.idl.
//
//   node --import tsx scripts/gen-libxl-idl.ts [--xen <xen git dir>] [--check]
//
// The IDL is a small Python program that calls the constructors of Xen's idl.py. This script
// evaluates that subset of Python itself (literals, names, calls, tuples, lists, dicts) instead of
// running Python, so the only input is the IDL text at each release's commit. --check compares
// the output with the committed file and exits 1 when it differs (npm test runs it when a Xen
// checkout is at hand).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RELEASE_COMMITS } from '../server/src/libxl/releases';
import type {
  IdlData,
  IdlEnum,
  IdlField,
  IdlInit,
  IdlStruct,
  IdlTypeRef,
  IdlUnion,
  LeafKind,
} from '../server/src/libxl/idl';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/libxl/idl.generated.ts');
const IDL_PATH = 'tools/libs/light/libxl_types.idl';

// ---- a tiny evaluator for the Python subset libxl_types.idl is written in ---------------------

type Tok = { t: 'name' | 'str' | 'num' | 'punct'; v: string; line: number };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      if (depth === 0) out.push({ t: 'punct', v: '\n', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\\') i++;
    else if (c === '#') while (i < src.length && src[i] !== '\n') i++;
    else if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) s += src[j++];
      out.push({ t: 'str', v: s, line });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1]))) {
      const m = /^-?(0x[0-9a-fA-F]+|[0-9]+)/.exec(src.slice(i))!;
      out.push({ t: 'num', v: m[0], line });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0], line });
      i += m[0].length;
    } else if ('()[]{},:='.includes(c)) {
      if ('([{'.includes(c)) depth++;
      if (')]}'.includes(c)) depth--;
      out.push({ t: 'punct', v: c, line });
      i++;
    } else throw new Error(`idl: unexpected character ${JSON.stringify(c)} on line ${line}`);
  }
  return out;
}

/** A Python value as the IDL builds it: idl.py objects are plain records with a `cls`. */
type Py =
  | string
  | number
  | boolean
  | null
  | Py[]
  | { cls: string; [k: string]: unknown }
  | { dict: Record<string, Py> };

interface PyObj {
  cls: string;
  [k: string]: unknown;
}

class Evaluator {
  private pos = 0;
  private namespace = 'libxl_';
  readonly env = new Map<string, Py>();
  /** Top-level assignments in order: the IDL's own names for its types. */
  readonly order: string[] = [];

  constructor(private readonly toks: Tok[]) {
    for (const n of ['PASS_BY_REFERENCE', 'PASS_BY_VALUE', 'DIR_NONE', 'DIR_IN', 'DIR_OUT', 'DIR_BOTH'])
      this.env.set(n, n);
    // idl.py's standard types.
    const num = (ctype: string, leaf: LeafKind): PyObj => ({ cls: 'Number', typename: ctype, leaf });
    this.env.set('void', { cls: 'Builtin', typename: 'void *', private: false });
    this.env.set('bool', { cls: 'Builtin', typename: 'bool' });
    this.env.set('size_t', num('size_t', 'uint64'));
    this.env.set('integer', num('int', 'int'));
    this.env.set('uint8', num('uint8_t', 'uint8'));
    this.env.set('uint16', num('uint16_t', 'uint16'));
    this.env.set('uint32', num('uint32_t', 'uint32'));
    this.env.set('uint64', num('uint64_t', 'uint64'));
    this.env.set('string', { cls: 'Builtin', typename: 'char *' });
  }

  run(): void {
    while (this.pos < this.toks.length) {
      if (this.peek('\n')) {
        this.pos++;
        continue;
      }
      if (this.toks[this.pos].t === 'name' && this.toks[this.pos + 1]?.v === '=') {
        const name = this.toks[this.pos].v;
        this.pos += 2;
        this.env.set(name, this.expr());
        this.order.push(name);
      } else this.expr();
    }
  }

  private peek(v: string): boolean {
    return this.toks[this.pos]?.t === 'punct' && this.toks[this.pos].v === v;
  }

  private eat(v: string): void {
    if (!this.peek(v)) throw new Error(`idl: expected ${v} on line ${this.toks[this.pos]?.line}`);
    this.pos++;
  }

  private expr(): Py {
    const tok = this.toks[this.pos++];
    if (tok.t === 'str') return tok.v;
    if (tok.t === 'num') return Number(tok.v);
    if (tok.t === 'punct' && (tok.v === '(' || tok.v === '[')) {
      const close = tok.v === '(' ? ')' : ']';
      const items: Py[] = [];
      while (!this.peek(close)) {
        items.push(this.expr());
        if (!this.peek(close)) this.eat(',');
      }
      this.eat(close);
      return items;
    }
    if (tok.t === 'punct' && tok.v === '{') {
      const dict: Record<string, Py> = {};
      while (!this.peek('}')) {
        const k = this.expr();
        this.eat(':');
        dict[String(k)] = this.expr();
        if (!this.peek('}')) this.eat(',');
      }
      this.eat('}');
      return { dict };
    }
    if (tok.t === 'name') {
      if (tok.v === 'None') return null;
      if (tok.v === 'True') return true;
      if (tok.v === 'False') return false;
      if (this.peek('(')) return this.call(tok.v);
      if (!this.env.has(tok.v)) throw new Error(`idl: unknown name ${tok.v} on line ${tok.line}`);
      return this.env.get(tok.v)!;
    }
    throw new Error(`idl: unexpected ${tok.v} on line ${tok.line}`);
  }

  private call(fn: string): Py {
    this.eat('(');
    const args: Py[] = [];
    const kw: Record<string, Py> = {};
    while (!this.peek(')')) {
      if (this.toks[this.pos].t === 'name' && this.toks[this.pos + 1]?.v === '=') {
        const k = this.toks[this.pos].v;
        this.pos += 2;
        kw[k] = this.expr();
      } else args.push(this.expr());
      if (!this.peek(')')) this.eat(',');
    }
    this.eat(')');
    const ns = (kw.namespace === undefined ? this.namespace : (kw.namespace as string | null)) ?? '';
    const named = (raw: Py): string | null => (raw === null ? null : ns + String(raw));
    switch (fn) {
      case 'namespace':
        this.namespace = String(args[0] ?? '');
        return null;
      case 'hidden':
        return null;
      case 'Builtin':
        return { cls: 'Builtin', typename: named(args[0]), ...kw };
      case 'Number':
        return { cls: 'Number', typename: String(args[0]), leaf: kw.signed ? 'int' : 'uint64', ...kw };
      case 'UInt':
        return { cls: 'Number', typename: `uint${args[0]}_t`, leaf: `uint${args[0]}`, ...kw };
      case 'Enumeration':
        return { cls: 'Enumeration', typename: named(args[0]), values: args[1], ...kw };
      case 'Struct':
        return { cls: 'Struct', typename: named(args[0]), fields: args[1], ...kw };
      case 'KeyedUnion':
        return { cls: 'KeyedUnion', keyType: args[1], keyName: args[2], fields: args[3], ...kw };
      case 'Array':
        return { cls: 'Array', elem: args[0], lenvar: args[1], ...kw };
      default:
        throw new Error(`idl: unknown constructor ${fn}`);
    }
  }
}

// ---- from idl.py objects to xlcfg's data ---------------------------------------------------------

/** libxl's builtins, by C type name, and how libxl_domain_config_gen_json prints each. */
const BUILTIN_LEAF: Record<string, LeafKind> = {
  libxl_defbool: 'defbool',
  libxl_domid: 'uint32',
  libxl_devid: 'int',
  libxl_uuid: 'uuid',
  libxl_mac: 'mac',
  libxl_bitmap: 'bitmap',
  libxl_cpuid_policy_list: 'cpuid_policy_list',
  libxl_string_list: 'string_list',
  libxl_key_value_list: 'key_value_list',
  libxl_hwcap: 'hwcap',
  libxl_ms_vm_genid: 'ms_vm_genid',
  'char *': 'string',
  bool: 'bool',
};

/** Constants the IDL names as initial values (tools/include/libxl.h, libxl_internal.h). */
const CONSTANTS: Record<string, bigint> = {
  LIBXL_MEMKB_DEFAULT: 2n ** 64n - 1n, // ~0ULL
  LIBXL_MAX_GRANT_DEFAULT: 2n ** 32n - 1n, // ~(uint32_t)0
  LIBXL_INVALID_GFN: 2n ** 64n - 1n, // ~(uint64_t)0
  LIBXL_NR_SPIS_DEFAULT: 2n ** 32n - 1n, // ~(uint32_t)0 (4.22)
  LIBXL_ALTP2M_COUNT_DEFAULT: 2n ** 32n - 1n, // ~(uint32_t)0 (4.21)
  '~0U': 2n ** 32n - 1n, // written out in the IDL (xenstore_feature_mask, 4.21)
  LIBXL_TIMER_MODE_DEFAULT: -1n,
  LIBXL_SCHED_PARAM_VCPU_INDEX_DEFAULT: -1n,
};
for (const p of ['WEIGHT', 'CAP', 'PERIOD', 'SLICE', 'LATENCY', 'EXTRATIME', 'BUDGET'])
  CONSTANTS[`LIBXL_DOMAIN_SCHED_PARAM_${p}_DEFAULT`] = -1n;

/** A C constant converted to the width of the field it initialises, as C's `!=` compares it. */
function toWidth(v: bigint, leaf: LeafKind): bigint {
  switch (leaf) {
    case 'int':
      return BigInt.asIntN(32, v);
    case 'uint8':
      return BigInt.asUintN(8, v);
    case 'uint16':
      return BigInt.asUintN(16, v);
    case 'uint32':
      return BigInt.asUintN(32, v);
    default:
      return BigInt.asUintN(64, v);
  }
}

class Converter {
  readonly structs = new Map<string, IdlStruct>();
  readonly enums = new Map<string, IdlEnum>();
  private readonly enumValues = new Map<string, { enumName: string; name: string; n: number }>();

  constructor(env: Map<string, Py>) {
    for (const v of env.values()) {
      const o = v as PyObj;
      if (o && typeof o === 'object' && o.cls === 'Enumeration') {
        const name = o.typename as string;
        const rawname = name.replace(/^libxl_/, '');
        const valueNs = (o.value_namespace as string | undefined) ?? 'libxl_';
        for (const [n, vn] of o.values as [number, string][]) {
          this.enumValues.set(`${valueNs}${rawname}_${vn}`.toUpperCase(), {
            enumName: name,
            name: vn.toLowerCase(),
            n,
          });
        }
      }
    }
  }

  private init(raw: unknown, leaf: LeafKind | 'enum', enumName?: string): IdlInit | undefined {
    if (raw === undefined || raw === null) return undefined;
    const s = String(raw);
    const ev = this.enumValues.get(s.toUpperCase());
    if (ev) {
      if (leaf !== 'enum' || ev.enumName !== enumName)
        throw new Error(`idl: ${s} initialises a non-${ev.enumName} field`);
      return ev.name;
    }
    const c = CONSTANTS[s] ?? (/^-?\d+$/.test(s) ? BigInt(s) : undefined);
    if (c === undefined) throw new Error(`idl: unknown constant ${s}`);
    if (leaf === 'enum') {
      const e = this.enums.get(enumName!);
      const hit = e?.values.find((x) => BigInt(x.n) === c);
      if (!hit) throw new Error(`idl: ${s} is no value of ${enumName}`);
      return hit.name;
    }
    const w = toWidth(c, leaf);
    return leaf === 'uint64' ? w.toString() : Number(w);
  }

  ref(t: PyObj, fieldInit?: unknown): { type: IdlTypeRef; init?: IdlInit } {
    switch (t.cls) {
      case 'Number': {
        const leaf = t.leaf as LeafKind;
        return { type: leaf, init: this.init(fieldInit ?? t.init_val, leaf) };
      }
      case 'Builtin': {
        const leaf = BUILTIN_LEAF[t.typename as string];
        if (!leaf) throw new Error(`idl: no JSON form known for builtin ${t.typename}`);
        return { type: leaf, init: this.init(fieldInit ?? t.init_val, leaf) };
      }
      case 'Enumeration': {
        const name = t.typename as string;
        this.enumDef(t);
        return { type: { enum: name }, init: this.init(fieldInit ?? t.init_val, 'enum', name) };
      }
      case 'Struct': {
        const fields = this.fields(t.fields as Py[]);
        if (t.typename === null) return { type: { struct: fields } };
        const name = t.typename as string;
        if (!this.structs.has(name)) this.structs.set(name, { fields });
        return { type: name };
      }
      case 'Array':
        return { type: { array: this.ref(t.elem as PyObj).type, len: t.lenvar as string } };
      case 'KeyedUnion': {
        const keyType = t.keyType as PyObj;
        this.enumDef(keyType);
        const members = (t.fields as [string, PyObj | null][]).map(([name, ty]) => ({
          name: name.toLowerCase(),
          type: ty ? this.ref(ty).type : null,
        }));
        const union: IdlUnion = { key: t.keyName as string, keyEnum: keyType.typename as string, members };
        const keyInit = this.init(t.keyvar_init_val, 'enum', union.keyEnum);
        if (keyInit !== undefined) union.keyInit = keyInit as string;
        return { type: { union } };
      }
      default:
        throw new Error(`idl: cannot describe ${t.cls}`);
    }
  }

  private enumDef(t: PyObj): void {
    const name = t.typename as string;
    if (this.enums.has(name)) return;
    const values = (t.values as [number, string][]).map(([n, v]) => ({ n, name: v.toLowerCase() }));
    const e: IdlEnum = { values };
    this.enums.set(name, e);
    const init = this.init(t.init_val, 'enum', name);
    if (init !== undefined) e.init = init as string;
  }

  private fields(list: Py[]): IdlField[] {
    const out: IdlField[] = [];
    for (const f of list as Py[][]) {
      const [name, ty, kwv] = f as [string, PyObj, { dict: Record<string, Py> } | undefined];
      const kw = kwv?.dict ?? {};
      if ((ty as PyObj).private) continue; // gentypes skips private types in JSON
      if (kw.const) continue; // and const fields
      const r = this.ref(ty, kw.init_val);
      const field: IdlField = { name, type: r.type };
      if (r.init !== undefined) field.init = r.init;
      out.push(field);
    }
    return out;
  }
}

// ---- one description per release, merged into one table with version ranges --------------------

interface ReleaseShape {
  version: string;
  structs: Map<string, IdlStruct>;
  enums: Map<string, IdlEnum>;
}

function readRelease(xenGit: string, version: string, commit: string): ReleaseShape {
  const text = execFileSync('git', ['-C', xenGit, 'show', `${commit}:${IDL_PATH}`], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const ev = new Evaluator(tokenize(text));
  ev.run();
  const conv = new Converter(ev.env);
  const root = ev.env.get('libxl_domain_config') as PyObj;
  conv.ref(root);
  // Every enum, reachable or not: xl matches words against some that no config field holds
  // (libxl_viridian_enlightenment_from_string fills bitmaps).
  for (const v of ev.env.values()) if ((v as PyObj)?.cls === 'Enumeration') conv.ref(v as PyObj);
  return { version, structs: conv.structs, enums: conv.enums };
}

const key = (x: unknown): string => JSON.stringify(x);

/** Union of ordered lists, each item tagged with the versions that have it (in version order). */
function mergeOrdered<T>(lists: Array<{ version: string; items: T[] }>): Array<{ item: T; versions: string[] }> {
  const merged: Array<{ item: T; versions: string[]; k: string }> = [];
  for (const { version, items } of lists) {
    let after = -1;
    for (const item of items) {
      const k = key(item);
      let at = merged.findIndex((m) => m.k === k);
      if (at < 0) {
        at = after + 1;
        merged.splice(at, 0, { item, versions: [], k });
      }
      merged[at].versions.push(version);
      after = at;
    }
  }
  return merged;
}

function range<T extends object>(item: T, versions: string[], all: string[]): T {
  const out = { ...item } as T & { since?: string; until?: string };
  const first = all.indexOf(versions[0]);
  const last = all.indexOf(versions[versions.length - 1]);
  if (last - first + 1 !== versions.length) throw new Error(`idl: ${key(item)} comes and goes (${versions.join(',')})`);
  if (first > 0) out.since = versions[0];
  if (last < all.length - 1) out.until = versions[versions.length - 1];
  return out;
}

function build(xenGit: string): IdlData {
  const releases = RELEASE_COMMITS.map((r) => readRelease(xenGit, r.version, r.commit));
  const versions = releases.map((r) => r.version);
  const structs: Record<string, IdlStruct> = {};
  const names = new Set(releases.flatMap((r) => [...r.structs.keys()]));
  for (const name of [...names].sort()) {
    const merged = mergeOrdered(
      releases
        .filter((r) => r.structs.has(name))
        .map((r) => ({ version: r.version, items: r.structs.get(name)!.fields })),
    );
    structs[name] = { fields: merged.map((m) => range(m.item, m.versions, versions)) };
  }
  const enums: Record<string, IdlEnum> = {};
  const enumNames = new Set(releases.flatMap((r) => [...r.enums.keys()]));
  for (const name of [...enumNames].sort()) {
    const present = releases.filter((r) => r.enums.has(name));
    const inits = new Set(present.map((r) => r.enums.get(name)!.init));
    if (inits.size > 1) throw new Error(`idl: initial value of ${name} changes between releases`);
    const merged = mergeOrdered(present.map((r) => ({ version: r.version, items: r.enums.get(name)!.values })));
    const e: IdlEnum = { values: merged.map((m) => range(m.item, m.versions, versions)) };
    const init = present[0].enums.get(name)!.init;
    if (init !== undefined) e.init = init;
    enums[name] = e;
  }
  return { releases: RELEASE_COMMITS.map((r) => ({ ...r })), structs, enums };
}

function render(data: IdlData): string {
  return (
    '// Generated by scripts/gen-libxl-idl.ts from tools/libs/light/libxl_types.idl at each release in\n' +
    '// server/src/libxl/releases.ts. Do not edit: run `npm run gen:libxl-idl`.\n' +
    "import type { IdlData } from './idl';\n\n" +
    `export const IDL: IdlData = ${JSON.stringify(data, null, 1)};\n`
  );
}

const args = process.argv.slice(2);
const xenAt = args.indexOf('--xen');
const xenGit = xenAt >= 0 ? args[xenAt + 1] : (process.env.XEN_GIT ?? '/work/.mirror/xen-project+xen/repo');
const text = render(build(xenGit));
if (args.includes('--check')) {
  const current = readFileSync(OUT, 'utf8');
  if (current !== text) {
    console.error(`${OUT} is not what scripts/gen-libxl-idl.ts makes from ${xenGit}: run npm run gen:libxl-idl`);
    process.exit(1);
  }
  console.log('libxl IDL data is current');
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}`);
}
