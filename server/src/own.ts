// Lookups in constant tables by text that comes from a config file. A plain `table[text]` would
// find Object.prototype's members: `constructor`, `toString` and friends are valid xl.cfg words.
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
