// Types of the key catalogue. Kept apart from the data so getters.ts can use them without
// importing the (large) catalogue. The data is generated (keys.generated.ts) from data/keys/.
import type { Arch, GuestType } from '../guest';

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

export type { GuestType };

export type KeyStatus = 'active' | 'deprecated' | 'ignored' | 'proposed';

export type EnumMatch = 'exact' | 'prefix' | 'case-insensitive';

/** A key xl reads. Field meanings are documented once, in data/keys/keys.schema.json. */
export interface KeyInfo {
  name: string;
  kind: ValueKind;
  /** A literal default (booleans as '0'/'1'); absent when it is not a fixed value. */
  default?: string;
  /** A computed or conditional default. */
  defaultNote?: string;
  /** Guest types for which xl reads the key. */
  guestTypes: readonly GuestType[];
  arch: Arch | 'all';
  /** First Xen release whose xl reads the key ('4.0' ... '4.22'), or 'proposed'. */
  since: string;
  status: KeyStatus;
  /** The key to use instead. */
  replacedBy?: string;
  /** The release that deprecated the key, when later than `since`. */
  deprecatedSince?: string;
  /** xl itself warns that the key is deprecated or ignored (the xl stage reports it). */
  xlWarns?: true;
  /** Why an ignored key has no effect. */
  ignoredWhy?: string;
  /** Where a proposed key was proposed. */
  proposal?: string;
  /** The words xl gives a meaning to (for enum-like kinds). */
  enumValues?: readonly string[];
  /** Words of enumValues that xl accepts only up to a release (inclusive): word -> last release. */
  enumValuesUntil?: Readonly<Record<string, string>>;
  /** How xl compares the value against enumValues. */
  enumMatch?: EnumMatch;
  /** xl passes the word on unchecked; the device model decides. */
  enumCheckedByDeviceModel?: true;
  /** Name of the sub-language inside the string value(s), e.g. 'disk-spec'. */
  syntax?: string;
  range?: KeyRange;
  /** A bad value makes xl exit instead of ignoring the key. */
  fatal?: true;
  /** What goes wrong with a bad value, for fatal keys. */
  onBadValue?: string;
  /** A complete line as it would appear in a config file. */
  example: string;
  /** The key's item in xl.cfg(5), or xl_parse.c for keys the manual does not describe. */
  manUrl: string;
  /** The value changes the simulated boot. */
  simulation?: true;
  /** One line, for completion lists and the first line of the hover (our words, keys.md). */
  summary: string;
  /** Markdown paragraphs beyond the summary (our words, keys.md). */
  notes?: string;
  /** How many configs of the real-world corpus set the key (data/keys/usage.json). */
  uses: number;
}

export interface KeyRange {
  min: number;
  max: number;
  /** 'xl': xl refuses values outside; 'manual': only xl.cfg(5) states it; 'none': see note. */
  checkedBy: 'xl' | 'manual' | 'none';
  note?: string;
}

/** A name no xl reads that still turns up in configs. */
export type OtherName =
  | { name: string; kind: 'removed'; since: string; until: string; replacement: string }
  | { name: string; kind: 'foreign'; belongsTo: string }
  | { name: string; kind: 'suggested'; key: string };
