// The key catalogue: every key xl reads from a domain config (plus the proposed force_x2apic), and
// the names xl never reads that still turn up in configs (removed keys, other tools' keys, names
// proposed in review). The data is generated from data/keys/ by scripts/gen-catalogue.ts; facts
// come from tools/xl/xl_parse.c (parse_config_data), libxl and xl.cfg(5), the prose is our own.
import { KEY_DATA, OTHER_NAME_DATA } from './keys.generated';
import type { KeyInfo, OtherName } from './types';
import { compareVersions } from './versions';

export type { EnumMatch, GuestType, KeyInfo, KeyRange, KeyStatus, OtherName, ValueKind } from './types';

export const KEYS: readonly KeyInfo[] = KEY_DATA;

// Maps, not object lookups: a key is a slice of the file text, and using it as a property name
// makes V8 internalise it (and `constructor` is no key).
const BY_NAME: ReadonlyMap<string, KeyInfo> = new Map(KEYS.map((k) => [k.name, k]));
const OTHER_BY_NAME: ReadonlyMap<string, OtherName> = new Map(OTHER_NAME_DATA.map((o) => [o.name, o]));

/** The catalogue entry of a key, by exact name (xl key names are case-sensitive). */
export function keyInfo(name: string): KeyInfo | undefined {
  return BY_NAME.get(name);
}

/** What xlcfg knows about a name no xl reads (removed, another tool's, proposed in review). */
export function otherName(name: string): OtherName | undefined {
  return OTHER_BY_NAME.get(name);
}

/** The words of an enum key that xl of `target` accepts (every word when no target is given). */
export function enumValuesFor(info: KeyInfo, target?: string): readonly string[] {
  const values = info.enumValues ?? [];
  const until = info.enumValuesUntil;
  if (!until || !target) return values;
  return values.filter((v) => until[v] === undefined || compareVersions(target, until[v]) <= 0);
}

/** All key names, in catalogue order (for did-you-mean). */
export const KEY_NAMES: readonly string[] = KEYS.map((k) => k.name);

/** Every key, the ones real configs set most often first (ties in catalogue order). */
export const KEYS_BY_USE: readonly KeyInfo[] = KEYS.map((k, i) => ({ k, i }))
  .sort((a, b) => b.k.uses - a.k.uses || a.i - b.i)
  .map((x) => x.k);
