// The Xen releases whose xl and libxl xlcfg models, and the commit each is read from. 4.17 and
// 4.20 are the builds the xl oracle runs (Debian 12's 4.17.5+72-g01140da4e8 and Debian 13's
// 4.20.4); the others are the newest release tag of their branch. Targets older than 4.17 are
// modelled with 4.17's xl minus the keys it did not read yet (see xl/release.ts).
export interface ReleaseCommit {
  version: string;
  /** A commit of xen.git (the short hash of the release tag, or of Debian's build). */
  commit: string;
  /** Where the commit comes from, in words. */
  origin: string;
}

export const RELEASE_COMMITS: readonly ReleaseCommit[] = [
  { version: '4.17', commit: '01140da4e8', origin: 'Debian 12 xen-utils-4.17 4.17.5+72-g01140da4e8' },
  { version: '4.18', commit: 'c9355898f3', origin: 'RELEASE-4.18.6' },
  { version: '4.19', commit: '54ee7c511a', origin: 'RELEASE-4.19.6' },
  { version: '4.20', commit: '9611e26eff', origin: 'RELEASE-4.20.4 (Debian 13 xen-utils-4.20 4.20.4+63)' },
  { version: '4.21', commit: '78c2a59f9e', origin: 'RELEASE-4.21.2' },
  { version: '4.22', commit: 'd45d5687f1', origin: 'RELEASE-4.22.0' },
];

/** Releases modelled one by one, oldest first. */
export const MODELLED_RELEASES: readonly string[] = RELEASE_COMMITS.map((r) => r.version);

/** XENFIRMWAREDIR as Debian builds it (the oracle's xl): /usr/lib/xen-<release>/boot. */
export function firmwareDir(release: string): string {
  return `/usr/lib/xen-${release}/boot`;
}
