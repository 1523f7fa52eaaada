// Which release's xl a sub-language parser follows. xlcfg models xl release by release from 4.17
// to 4.22 (libxl/releases.ts); older targets read like 4.17 and newer ones like 4.22.
import { MODELLED_RELEASES } from '../libxl/releases';
import { compareVersions, LATEST_XEN } from '../schema/versions';
import type { SpecContext, SpecFieldDoc } from './types';

const OLDEST = MODELLED_RELEASES[0];
const NEWEST = MODELLED_RELEASES[MODELLED_RELEASES.length - 1];

/**
 * The modelled release a parse follows: the context's (or the release given), clamped to
 * 4.17 ... 4.22; without one, the latest.
 */
export function specRelease(context?: SpecContext | string): string {
  const r = (typeof context === 'string' ? context : context?.release) ?? LATEST_XEN;
  // Asked for every spec string and release check: remember the few targets ever seen.
  let m = CLAMPED.get(r);
  if (m === undefined) {
    m = clamp(r);
    if (CLAMPED.size < 100) CLAMPED.set(r, m);
  }
  return m;
}

const CLAMPED = new Map<string, string>();

function clamp(r: string): string {
  if (!/^\d+\.\d+/.test(r)) return NEWEST;
  if (compareVersions(r, OLDEST) < 0) return OLDEST;
  if (compareVersions(r, NEWEST) > 0) return NEWEST;
  return MODELLED_RELEASES.find((m) => compareVersions(m, r) === 0) ?? NEWEST;
}

/** True when `release` is `since` or newer. */
export function atLeast(release: string, since: string): boolean {
  return compareVersions(release, since) >= 0;
}

/** True when xl of `release` reads the field (its since/until range). */
export function fieldInRelease(f: Pick<SpecFieldDoc, 'since' | 'until'>, release: string): boolean {
  return (
    (f.since === undefined || atLeast(release, f.since)) &&
    (f.until === undefined || compareVersions(release, f.until) <= 0)
  );
}

/** True when the release a parse follows for target `release` is `since` or newer. */
export function releaseAtLeast(release: string, since: string): boolean {
  return atLeast(specRelease(release), since);
}
