// libxl_domain_config_to_json as gentypes.py generates it: a struct prints every field that
// differs from its initial value (numbers and enums without one: non-zero; strings: non-NULL;
// defbools: set; lists and bitmaps: non-empty), and always prints nested structs and unions;
// arrays print when they have elements. This is exactly what `xl -N create` shows.
// (tools/libs/light/gentypes.py: libxl_C_type_gen_json, get_default_expr.)
import { IDL, enumName, isLeaf, namedStruct, structFields, type IdlField, type IdlTypeRef, type LeafKind } from './idl';
import type { JsonValue } from './jsonText';
import { LibxlBitmap, Unknown, isCpuidPolicy, type LibxlStruct, type LibxlValue } from './value';

/** The JSON `xl -N create` prints for a domain config built for Xen `version`. */
export function domainConfigJson(config: LibxlStruct, version: string): { [key: string]: JsonValue } {
  return structJson('libxl_domain_config', config, version);
}

/** The paths (`b_info.vcpu_hard_affinity[0]`) of the values that are Unknown, with why. */
export function unknownPaths(config: LibxlStruct): Array<{ path: string; reason: string }> {
  const out: Array<{ path: string; reason: string }> = [];
  const walk = (v: unknown, path: string): void => {
    if (v instanceof Unknown) out.push({ path, reason: v.reason });
    else if (Array.isArray(v)) v.forEach((e, i) => walk(e, `${path}[${i}]`));
    else if (v && typeof v === 'object' && !(v instanceof LibxlBitmap) && !isCpuidPolicy(v)) {
      for (const [k, e] of Object.entries(v)) walk(e, path ? `${path}.${k}` : k);
    }
  };
  walk(config, '');
  return out;
}

/** A named struct (libxl_device_disk, ...) as libxl prints it. */
export function structJson(
  name: string,
  value: LibxlStruct | undefined,
  version: string,
): { [key: string]: JsonValue } {
  return fieldsJson(namedStruct(name).fields, value ?? {}, version);
}

function fieldsJson(fields: readonly IdlField[], obj: LibxlStruct, version: string): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  const present = structFields(fields, version);
  for (const f of present) {
    const t = f.type;
    const v = obj[f.name];
    if (typeof t === 'object' && 'union' in t) {
      // The key is the union's own sibling member (gentypes emits it beside the union).
      const keyValue = obj[t.union.key] ?? t.union.keyInit ?? enumName(t.union.keyEnum, 0, version);
      const member = t.union.members.find((m) => m.name === keyValue);
      if (!member) continue; // no case of the switch matches: libxl prints nothing
      const label = `${t.union.key}.${member.name}`;
      out[label] = member.type ? valueJson(member.type, (v as LibxlStruct | undefined) ?? {}, version) : {};
      continue;
    }
    if (typeof t === 'object' && 'struct' in t) {
      out[f.name] = fieldsJson(t.struct, (v as LibxlStruct | undefined) ?? {}, version);
      continue;
    }
    if (typeof t === 'string' && !isLeaf(t)) {
      out[f.name] = structJson(t, v as LibxlStruct | undefined, version);
      continue;
    }
    if (typeof t === 'object' && 'array' in t) {
      if (Array.isArray(v) && v.length) out[f.name] = v.map((e) => valueJson(t.array, e as LibxlValue, version));
      continue;
    }
    if (v === undefined) continue;
    if (v instanceof Unknown) {
      out[f.name] = null;
      continue;
    }
    if (f.init !== undefined) {
      if (equalsInit(v, f.init)) continue;
    } else if (isDefault(t, v)) continue;
    out[f.name] = valueJson(t, v, version);
  }
  return out;
}

function equalsInit(v: LibxlValue, init: number | string): boolean {
  if (typeof v === 'bigint') return typeof init === 'string' && /^\d+$/.test(init) && v === BigInt(init);
  return v === init;
}

/** The check_default_fn of each leaf type, or C truthiness when it has none. */
function isDefault(t: IdlTypeRef, v: LibxlValue): boolean {
  if (typeof t === 'object' && 'enum' in t)
    return v === 0 || (typeof v === 'string' && IDL.enums[t.enum]?.values.find((x) => x.name === v)?.n === 0);
  switch (t as LeafKind) {
    case 'int':
    case 'uint8':
    case 'uint16':
    case 'uint32':
      return v === 0;
    case 'uint64':
      return v === 0n;
    case 'bool':
      return v === false;
    case 'defbool':
      return false; // a boolean is a set defbool; default is the absent field
    case 'uuid':
      return /^[0-]*$/.test(v as string);
    case 'mac':
    case 'ms_vm_genid':
      return (v as number[]).every((b) => b === 0);
    case 'hwcap':
      return false; // libxl__hwcap_is_default always says no
    case 'bitmap':
      return (v as LibxlBitmap).isEmpty();
    case 'string_list':
    case 'key_value_list':
      return (v as unknown[]).length === 0;
    case 'cpuid_policy_list':
      return isCpuidPolicy(v) && v.cpuid.length === 0 && v.msr.length === 0;
    default:
      return false;
  }
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function valueJson(t: IdlTypeRef, v: LibxlValue, version: string): JsonValue {
  if (v instanceof Unknown) return null;
  if (typeof t === 'object') {
    if ('enum' in t) return typeof v === 'number' ? (enumName(t.enum, v, version) ?? null) : (v as string);
    if ('struct' in t) return fieldsJson(t.struct, v as LibxlStruct, version);
    if ('array' in t) return (v as LibxlValue[]).map((e) => valueJson(t.array, e, version));
    throw new Error('a union is printed by its parent struct');
  }
  if (!isLeaf(t)) return structJson(t, v as LibxlStruct, version);
  switch (t) {
    case 'defbool':
      return v ? 'True' : 'False';
    case 'bitmap':
      return (v as LibxlBitmap).bits();
    case 'mac':
      return (v as number[]).map(hex2).join(':');
    case 'string_list':
    case 'hwcap':
    case 'ms_vm_genid':
      return [...(v as JsonValue[])];
    case 'key_value_list':
      return Object.fromEntries(v as [string, string | null][]);
    case 'cpuid_policy_list': {
      if (!isCpuidPolicy(v)) throw new Error('cpuid field holds no CpuidPolicy');
      const regs = ['eax', 'ebx', 'ecx', 'edx'] as const;
      return {
        cpuid: v.cpuid.map((l) => {
          const o: { [k: string]: JsonValue } = { leaf: l.leaf };
          if (l.subleaf !== undefined) o.subleaf = l.subleaf;
          for (const r of regs) if (l[r] !== undefined) o[r] = l[r]!;
          return o;
        }),
        msr: v.msr.map((m) => ({ index: m.index, policy: m.policy })),
      };
    }
    default:
      return v as JsonValue;
  }
}
