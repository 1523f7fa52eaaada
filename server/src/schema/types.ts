// Types of the key catalogue. Kept apart from the data so getters.ts can use them without
// importing the (large) catalogue.

/** How xl interprets a key's value; see xlcfg-grammar.md §11 in the research notes. */
export type ValueKind =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'memory-mb'
  | 'memory-kb'
  | 'enum'
  | 'enum-or-string'
  | 'enum-or-integer'
  | 'boolean-or-enum'
  | 'boolean-or-list'
  | 'list'
  | 'string-or-list'
  | 'cpulist'
  | 'list-of-lists';

export type GuestType = 'pv' | 'pvh' | 'hvm';

export type KeyStatus = 'active' | 'deprecated' | 'ignored' | 'proposed';

export type EnumMatch = 'exact' | 'prefix' | 'case-insensitive';

export interface KeyInfo {
  name: string;
  kind: ValueKind;
  /** A literal default (booleans as '0'/'1'), or null when it is not a fixed value. */
  default: string | null;
  /** Explanation of a computed or conditional default. */
  defaultNote: string | null;
  /** Guest types for which the key has an effect. */
  guestTypes: GuestType[];
  arch: 'x86' | 'arm' | 'all';
  /** First Xen release whose xl reads the key ('4.0' ... '4.22'), or 'proposed'. */
  since: string;
  status: KeyStatus;
  /** The key that replaces this one, if any. */
  deprecated: string | null;
  /** The words xl gives a meaning to (for enum-like kinds). */
  enumValues: string[] | null;
  /** How xl compares the value against enumValues. */
  enumMatch?: EnumMatch;
  /** Name of the sub-language inside the string value(s), e.g. 'disk-spec'. */
  syntax: string | null;
  /** Keys understood inside the sub-language, when it is a key=value list. */
  subKeys: string[] | null;
  /** libxlu getters tools/xl/xl_parse.c uses for this key. */
  xlRead: string[];
  /** One line, for completion lists. */
  summary: string;
  /** Markdown hover body. */
  doc: string;
  /** A complete line as it would appear in a config file. */
  example: string;
  /** xl.cfg(5) section, or the xl_parse.c source for keys the manual does not describe. */
  manAnchor: string;
  /** Inclusive bounds; `doc` says whether xl enforces them or the manual only documents them. */
  min?: number;
  max?: number;
  /** When true xl exits (creates nothing) on a bad value instead of ignoring the key. */
  fatalOnBadValue?: boolean;
  /** Other names that refer to this key (never read by xl). */
  aliases?: string[];
}
