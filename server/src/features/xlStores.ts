// What xl stores for a key: the fields of the libxl domain config (as `xl -N create` prints it)
// that change when the key is left out. Found by running the xl model a second time on the same
// settings without the key, so it can never disagree with the model; only a hover pays for it,
// once per document version and key.
import type { CheckResult } from '../checks/check';
import { domainConfigJson } from '../libxl/json';
import { stringifyJson, type JsonValue } from '../libxl/jsonText';
import type { ConfigFile } from '../syntax/tree';
import { parseConfigData } from '../xl/parseConfigData';

export interface StoredField {
  /** The field as xl prints it: `b_info.max_memkb`, `disks[0].vdev`, `b_info.type.hvm.acpi`. */
  path: string;
  /** Its JSON with the key; undefined when the key leaves it unset (libxl's default applies). */
  value?: string;
}

const CACHE = new WeakMap<CheckResult, Map<string, StoredField[] | undefined>>();

/**
 * The fields the key's setting decides, in the printed config's order; empty when leaving the key
 * out gives the same config. Undefined when the key is not set. When xl refuses the file, the
 * model has still read every key it reaches (see xl/model.ts): these are the fields the key would
 * set once the refusal is fixed (`result.xl.accepted` tells).
 */
export function xlStores(result: CheckResult, key: string): StoredField[] | undefined {
  let perKey = CACHE.get(result);
  if (!perKey) CACHE.set(result, (perKey = new Map()));
  if (perKey.has(key)) return perKey.get(key);
  const out = compute(result, key);
  perKey.set(key, out);
  return out;
}

function compute(result: CheckResult, key: string): StoredField[] | undefined {
  const { xl, file, options, domain } = result;
  if (!file.settings.has(key)) return undefined;
  // The model reads `settings` only (libxlu's lookups): a copy without the key is the same file
  // with its statements deleted, without parsing anything again.
  const settings = new Map(file.settings);
  settings.delete(key);
  const without: ConfigFile = { ...file, settings };
  const other = parseConfigData(without, {
    xenVersion: options.xenVersion,
    arch: domain.arch.value,
    host: options.host,
    proposed: options.enableProposed,
  });
  const out: StoredField[] = [];
  diff(domainConfigJson(xl.config, xl.release), domainConfigJson(other.config, xl.release), '', out);
  return out;
}

function diff(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: StoredField[]): void {
  if (isRecord(a) && isRecord(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].some((x) => x !== null && typeof x === 'object')) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diff(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  // A union member libxl prints as empty sub-structs (`type.hvm: {vga: {}, ...}`) says nothing
  // the member's key does not already say.
  if (hollow(a) && hollow(b)) return;
  const sa = a === undefined ? undefined : stringifyJson(a);
  if (sa !== (b === undefined ? undefined : stringifyJson(b))) out.push({ path, value: sa });
}

/** Absent, or a struct holding nothing but empty structs. */
function hollow(v: JsonValue | undefined): boolean {
  return v === undefined || (isRecord(v) && Object.values(v).every(hollow));
}

function isRecord(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
