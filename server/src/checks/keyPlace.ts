// Where a finding about some keys is shown: the first of them the file sets. Shared by the libxl
// rules and the simulation's refusals, so a refusal and its diagnostic point at the same text.
import type { ConfigFile } from '../syntax/tree';
import { keySpan, valueSpan } from '../xl/libxlu';

/** The first of `keys` (most specific first) the file sets, on its value or its key; else 0..0. */
export function spanOf(
  file: ConfigFile,
  keys: readonly string[],
  onValue: boolean,
): { start: number; end: number; key?: string } {
  for (const k of keys) {
    const s = file.settings.get(k);
    if (s) return { ...(onValue ? valueSpan(s) : keySpan(s)), key: k };
  }
  return { start: 0, end: 0 };
}
