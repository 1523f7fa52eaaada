// The Xen release a sub-language parser follows. Parsers model each release xlcfg knows
// (server/src/libxl/releases.ts); an older target reads like the oldest modelled one and a newer
// one like the newest, and a parse without a context follows the newest (xlcfg.xenVersion's
// default).
import { MODELLED_RELEASES } from '../libxl/releases';

const order = (v: string): number => {
  const [a, b] = v.split('.').map(Number);
  return (a || 0) * 1000 + (b || 0);
};

/** The modelled release whose source a parse follows for target `release`. */
export function specRelease(release?: string): string {
  const newest = MODELLED_RELEASES[MODELLED_RELEASES.length - 1];
  if (release === undefined || !/^\d+\.\d+$/.test(release)) return newest;
  if (MODELLED_RELEASES.includes(release)) return release;
  if (order(release) < order(MODELLED_RELEASES[0])) return MODELLED_RELEASES[0];
  return newest;
}

/** True when `release` is `since` or newer (both "4.x"). */
export function releaseAtLeast(release: string, since: string): boolean {
  return order(specRelease(release)) >= order(since);
}
