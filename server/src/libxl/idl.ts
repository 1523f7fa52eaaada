// The shape of libxl's domain configuration as data: what scripts/gen-libxl-idl.ts reads from
// libxl_types.idl, and the lookups the JSON printer and the xl model need. A field or enum value
// that exists only in some releases carries `since`/`until` (inclusive).
import { IDL } from './idl.generated';

/** How libxl prints a value that is not a struct, array, enum or union. */
export type LeafKind =
  | 'int'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'bool'
  | 'string'
  | 'defbool'
  | 'uuid'
  | 'mac'
  | 'bitmap'
  | 'cpuid_policy_list'
  | 'string_list'
  | 'key_value_list'
  | 'hwcap'
  | 'ms_vm_genid';

export interface IdlUnion {
  /** The sibling field holding the key (an enum). */
  key: string;
  keyEnum: string;
  /** The key's initial value when the IDL gives one (otherwise 0, as calloc leaves it). */
  keyInit?: string;
  members: Array<{ name: string; type: IdlTypeRef | null }>;
}

export type IdlTypeRef =
  | LeafKind
  /** A named struct. */
  | string
  | { enum: string }
  | { struct: IdlField[] }
  | { array: IdlTypeRef; len: string }
  | { union: IdlUnion };

/** An initial value: a number, a decimal string for 64-bit values, or an enum value's name. */
export type IdlInit = number | string;

export interface Ranged {
  since?: string;
  until?: string;
}

export interface IdlField extends Ranged {
  name: string;
  type: IdlTypeRef;
  init?: IdlInit;
}

export interface IdlStruct {
  fields: IdlField[];
}

export interface IdlEnum {
  values: Array<{ n: number; name: string } & Ranged>;
  init?: string;
}

export interface IdlData {
  releases: Array<{ version: string; commit: string; origin: string }>;
  structs: Record<string, IdlStruct>;
  enums: Record<string, IdlEnum>;
}

export { IDL };

const LEAVES: ReadonlySet<string> = new Set<LeafKind>([
  'int',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'bool',
  'string',
  'defbool',
  'uuid',
  'mac',
  'bitmap',
  'cpuid_policy_list',
  'string_list',
  'key_value_list',
  'hwcap',
  'ms_vm_genid',
]);

export function isLeaf(t: IdlTypeRef): t is LeafKind {
  return typeof t === 'string' && LEAVES.has(t);
}

// The model asks these for every value it reads, many times a check: the order of a version
// string and each enum's lookups in a release are computed once.
const ORDERS = new Map<string, number>();

const order = (v: string): number => {
  let o = ORDERS.get(v);
  if (o === undefined) {
    const [a, b] = v.split('.').map(Number);
    o = a * 1000 + b;
    // Callers pass releases and `since`/`until` marks: a handful of strings.
    if (ORDERS.size < 1000) ORDERS.set(v, o);
  }
  return o;
};

/** True when something marked `since`/`until` exists in release `version` ("4.17" ... "4.22"). */
export function inRelease(r: Ranged, version: string): boolean {
  const v = order(version);
  return (r.since === undefined || order(r.since) <= v) && (r.until === undefined || v <= order(r.until));
}

/** The fields of a struct in a release, in libxl's order. */
export function structFields(fields: readonly IdlField[], version: string): IdlField[] {
  return fields.filter((f) => inRelease(f, version));
}

export function namedStruct(name: string): IdlStruct {
  const s = IDL.structs[name];
  if (!s) throw new Error(`libxl has no struct ${name}`);
  return s;
}

/** One enum in one release: the first value of each number and of each name, as the finds below. */
interface EnumInRelease {
  nameOf: Map<number, string>;
  valueOf: Map<string, number>;
}

/** By release, then by enum type (null: libxl has no such enum). */
const ENUMS = new Map<string, Map<string, EnumInRelease | null>>();

function enumIn(enumType: string, version: string): EnumInRelease | null {
  let byType = ENUMS.get(version);
  if (!byType) {
    byType = new Map();
    if (ENUMS.size < 100) ENUMS.set(version, byType);
  }
  let e = byType.get(enumType);
  if (e === undefined) {
    const values = Object.hasOwn(IDL.enums, enumType) ? IDL.enums[enumType].values : undefined;
    e = values ? { nameOf: new Map(), valueOf: new Map() } : null;
    for (const v of values ?? []) {
      if (!inRelease(v, version)) continue;
      if (!e!.nameOf.has(v.n)) e!.nameOf.set(v.n, v.name);
      if (!e!.valueOf.has(v.name)) e!.valueOf.set(v.name, v.n);
    }
    if (byType.size < 1000) byType.set(enumType, e);
  }
  return e;
}

/** The name libxl_<enum>_to_string gives value n in a release, or undefined (printed as null). */
export function enumName(enumType: string, n: number, version: string): string | undefined {
  return enumIn(enumType, version)?.nameOf.get(n);
}

/** The value of an enum name in a release (case-insensitive, as libxl_<enum>_from_string). */
export function enumValue(enumType: string, name: string, version: string): number | undefined {
  return enumIn(enumType, version)?.valueOf.get(asciiLower(name));
}

/** ASCII letters in lower case, other characters as they are (libxl compares with strcasecmp). */
function asciiLower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.replace(/[A-Z]/g, (x) => x.toLowerCase());
  }
  return s;
}
