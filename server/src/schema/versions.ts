// Xen releases xlcfg knows about. Used to say "key X needs Xen 4.N" and to pick the target.
// The parser of xl (libxlu) has been stable since 4.13; what changes between releases is
// which keys tools/xl/xl_parse.c reads (see KeyInfo.since).

/** Every released Xen version whose xl we model, oldest first (xl first shipped in 4.0). */
export const XEN_VERSIONS: readonly string[] = Array.from({ length: 23 }, (_, i) => `4.${i}`);

/** The newest release; the default target when the user configures none. */
export const LATEST_XEN = '4.22';

export interface ParsedVersion {
  major: number;
  minor: number;
}

/** Accepts "4.22", "4.22.0", "4.22.1-rc2", "RELEASE-4.22.0" and " v4.22 "; returns undefined otherwise. */
export function parseVersion(s: string): ParsedVersion | undefined {
  // Rules compare versions for every key of every file: remember the few strings ever seen.
  const hit = PARSED.get(s);
  if (hit !== undefined) return hit ?? undefined;
  const m = /^\s*(?:RELEASE-|v)?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.-]*)?\s*$/.exec(s);
  const v = m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
  if (PARSED.size < 1000) PARSED.set(s, v);
  return v ?? undefined;
}

const PARSED = new Map<string, Readonly<ParsedVersion> | null>();

/**
 * Orders two versions: negative when a < b, 0 when equal, positive when a > b.
 * Unparsable strings (such as 'proposed', used for keys in no release) sort after every release.
 */
export function compareVersions(a: string, b: string): number {
  // The usual arguments are plain `major.minor` strings (releases, `since` fields): read them in
  // place, without the parse cache's lookups (the xl model compares versions thousands of times
  // per file).
  const ka = plainVersion(a);
  if (ka >= 0) {
    const kb = plainVersion(b);
    if (kb >= 0) return (ka >> 16) - (kb >> 16) || (ka & 0xffff) - (kb & 0xffff);
  }
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) {
    if (!pa && !pb) return a < b ? -1 : a > b ? 1 : 0;
    return pa ? -1 : 1;
  }
  return pa.major - pb.major || pa.minor - pb.minor;
}

/** `major << 16 | minor` of a string that is exactly `major.minor` (1-3 digits each), else -1. */
function plainVersion(s: string): number {
  const n = s.length;
  let i = 0;
  let major = 0;
  let c = 0;
  for (; i < n && i < 3 && (c = s.charCodeAt(i)) >= 48 && c <= 57; i++) major = major * 10 + c - 48;
  if (i === 0 || i >= n || s.charCodeAt(i) !== 46) return -1;
  const dot = ++i;
  let minor = 0;
  for (; i < n && i - dot < 3 && (c = s.charCodeAt(i)) >= 48 && c <= 57; i++) minor = minor * 10 + c - 48;
  return i === dot || i !== n ? -1 : (major << 16) | minor;
}

/** True for the releases listed in XEN_VERSIONS (patch levels are ignored: "4.17.3" is known). */
export function isKnownVersion(s: string): boolean {
  const p = parseVersion(s);
  return p !== undefined && XEN_VERSIONS.includes(`${p.major}.${p.minor}`);
}

/** Normalises a version to "major.minor", or undefined when it does not parse. */
export function normaliseVersion(s: string): string | undefined {
  const p = parseVersion(s);
  return p ? `${p.major}.${p.minor}` : undefined;
}
