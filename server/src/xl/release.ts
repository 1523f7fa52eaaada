// Which xl the model runs for a target Xen version. 4.17 ... 4.22 are modelled one by one (4.17
// and 4.20 proven against Debian's real xl); an older target runs 4.17's xl, which reads every key
// an older xl read plus the ones it added later: the key rules say which keys the target's xl does
// not know (schema `since`). Unknown or unparsable targets run the newest.
import { MODELLED_RELEASES } from '../libxl/releases';
import { compareVersions, normaliseVersion } from '../schema/versions';

export interface ModelledRelease {
  /** The release whose xl the model runs ("4.17" ... "4.22"). */
  release: string;
  /** The target the user asked for, normalised ("4.13"), when it differs from `release`. */
  target: string;
}

export function modelledRelease(target: string): ModelledRelease {
  const t = normaliseVersion(target) ?? MODELLED_RELEASES[MODELLED_RELEASES.length - 1];
  if (MODELLED_RELEASES.includes(t)) return { release: t, target: t };
  if (compareVersions(t, MODELLED_RELEASES[0]) < 0) return { release: MODELLED_RELEASES[0], target: t };
  return { release: MODELLED_RELEASES[MODELLED_RELEASES.length - 1], target: t };
}

/** `release` is `version` or newer. */
export function atLeast(release: string, version: string): boolean {
  return compareVersions(release, version) >= 0;
}
