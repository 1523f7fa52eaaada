// Pure re-implementations of the typed getters of libxlutil (tools/libs/util/libxlu_cfg.c) and
// of the few string-matching rules tools/xl/xl_parse.c applies on top of them. They take the
// final stored value of a key (after last-wins and `+=`, see syntax/tree.ts Setting) and say
// what xl would get, or which warning libxlu would print and why.
import type { Value } from '../syntax/tree';
import { enumValuesFor } from './catalogue';
import type { GuestType, KeyInfo } from './types';

/** 64-bit `long` (x86_64 and aarch64 Linux, the only hosts xl runs on in practice). */
export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;

export type ReadFailure = 'list' | 'appended' | 'not-a-number' | 'range';

export type LongResult =
  | { ok: true; n: number /** exact value; `n` loses precision beyond 2^53 */; big: bigint }
  | { ok: false; reason: ReadFailure; message: string };

export type BoundedLongResult =
  | { ok: true; n: number; big: bigint }
  | { ok: false; reason: ReadFailure | 'below-min' | 'above-max'; message: string };

export type BoolResult = { ok: true; value: boolean; n: number } | { ok: false; reason: ReadFailure; message: string };

export type StringResult = { ok: true; value: string } | { ok: false; reason: 'list'; message: string };

export type ListResult = { ok: true; items: Value[] } | { ok: false; reason: 'not-a-list'; message: string };

// ---------------------------------------------------------------------------------------------
// strtol(s, &end, 0)

export interface StrtolResult {
  /** Clamped to LONG_MIN/LONG_MAX on overflow, like C. */
  value: bigint;
  /** Index just past the last digit consumed; 0 when no conversion was performed. */
  end: number;
  /** errno == ERANGE. */
  overflow: boolean;
}

// C isspace() in the "C" locale.
const C_SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/** glibc strtol with base 0, on a JS string (one char per byte is assumed; xl values are bytes). */
export function strtol0(s: string): StrtolResult {
  let i = 0;
  while (i < s.length && C_SPACE.has(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  let base = 10;
  if (s[i] === '0') {
    // "0x" only switches to hex when a hex digit follows; otherwise the "0" alone is the number
    // and end points at the 'x' (glibc behaviour).
    if ((s[i + 1] === 'x' || s[i + 1] === 'X') && i + 2 < s.length && digitValue(s[i + 2]) < 16) {
      base = 16;
      i += 2;
    } else {
      base = 8;
    }
  }
  const digitsStart = i;
  let acc = 0n;
  const big = BigInt(base);
  while (i < s.length && digitValue(s[i]) < base) {
    acc = acc * big + BigInt(digitValue(s[i]));
    i++;
  }
  if (i === digitsStart) return { value: 0n, end: 0, overflow: false };
  let value = negative ? -acc : acc;
  let overflow = false;
  if (value > LONG_MAX) {
    value = LONG_MAX;
    overflow = true;
  } else if (value < LONG_MIN) {
    value = LONG_MIN;
    overflow = true;
  }
  return { value, end: i, overflow };
}

// ---------------------------------------------------------------------------------------------
// Getters

const q = (key: string) => `\`${key}'`;

// tools/libs/util/libxlu_cfg.c: find_atom — a list where a single value is wanted.
function listMessage(key: string): string {
  return `parameter ${q(key)} is a list but should be a single value`;
}

/**
 * tools/libs/util/libxlu_cfg.c: xlu_cfg_get_long. Order of checks as in C: list (find_atom),
 * then `+=`, then strtol errno (overflow), then leftovers / nothing parsed.
 */
export function readLong(value: Value, appended: boolean, key = 'KEY'): LongResult {
  if (typeof value !== 'string') return { ok: false, reason: 'list', message: listMessage(key) };
  if (appended) {
    return { ok: false, reason: 'appended', message: `can't use += with numbers for parameter ${q(key)}` };
  }
  const r = strtol0(value);
  if (r.overflow) {
    return {
      ok: false,
      reason: 'range',
      message: `parameter ${q(key)} could not be parsed as a number: Numerical result out of range`,
    };
  }
  // `*ep || ep == value`: something left over, or no digits at all (this covers the empty string).
  if (r.end === 0 || r.end !== value.length) {
    return { ok: false, reason: 'not-a-number', message: `parameter ${q(key)} is not a valid number` };
  }
  return { ok: true, n: Number(r.value), big: r.value };
}

/** tools/libs/util/libxlu_cfg.c: xlu_cfg_get_bounded_long — get_long, then inclusive bounds. */
export function readBoundedLong(
  value: Value,
  appended: boolean,
  min: number | bigint,
  max: number | bigint,
  key = 'KEY',
): BoundedLongResult {
  const r = readLong(value, appended, key);
  if (!r.ok) return r;
  const lo = BigInt(min);
  const hi = BigInt(max);
  if (r.big < lo) {
    return { ok: false, reason: 'below-min', message: `value \`${r.big}' is smaller than minimum bound '${lo}'` };
  }
  if (r.big > hi) {
    return { ok: false, reason: 'above-max', message: `value \`${r.big}' is greater than maximum bound '${hi}'` };
  }
  return r;
}

/**
 * tools/libs/util/libxlu_cfg.c: xlu_cfg_get_defbool — only integers; any non-zero value
 * (2, -1, 0x10) is true. Words such as "true" or "yes" are "not a valid number".
 */
export function readBool(value: Value, appended: boolean, key = 'KEY'): BoolResult {
  const r = readLong(value, appended, key);
  if (!r.ok) return r;
  return { ok: true, value: r.big !== 0n, n: r.n };
}

/** tools/libs/util/libxlu_cfg.c: xlu_cfg_get_string — any atom; `+=` is fine for strings. */
export function readString(value: Value, key = 'KEY'): StringResult {
  if (typeof value !== 'string') return { ok: false, reason: 'list', message: listMessage(key) };
  return { ok: true, value };
}

/** tools/libs/util/libxlu_cfg.c: xlu_cfg_get_list — a single atom is refused, never wrapped. */
export function readList(value: Value, key = 'KEY'): ListResult {
  if (typeof value === 'string') {
    return { ok: false, reason: 'not-a-list', message: `parameter ${q(key)} is a single value but should be a list` };
  }
  return { ok: true, items: value };
}

/**
 * tools/libs/util/libxlu_cfg.c: xlu_cfg_get_list_as_string_list / xlu_cfg_get_listitem — items
 * are taken up to the first nested list, which silently ends the list.
 */
export function listStrings(items: Value[]): { strings: string[]; truncatedAt?: number } {
  const strings: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (typeof it !== 'string') return { strings, truncatedAt: i };
    strings.push(it);
  }
  return { strings };
}

// ---------------------------------------------------------------------------------------------
// Matching rules of xl_parse.c

/** `!strncmp(s, word, strlen(s))`: s is a (possibly empty) prefix of word. */
export function isCPrefix(s: string, word: string): boolean {
  return word.startsWith(s);
}

/**
 * tools/xl/xl_parse.c: parse_config_data, `type` — tried as a prefix of hvm, pv, pvh in that
 * order, case-sensitively, so "" and "h" mean hvm, "p" means pv. Undefined: xl exits
 * ("Invalid domain type").
 */
export function matchTypePrefix(s: string): GuestType | undefined {
  for (const t of ['hvm', 'pv', 'pvh'] as const) if (isCPrefix(s, t)) return t;
  return undefined;
}

/**
 * tools/xl/xl_parse.c: parse_config_data, deprecated `builder` — prefix of hvm, then generic
 * (which means PV). Undefined: xl exits.
 */
export function matchBuilderPrefix(s: string): 'hvm' | 'pv' | undefined {
  if (isCPrefix(s, 'hvm')) return 'hvm';
  if (isCPrefix(s, 'generic')) return 'pv';
  return undefined;
}

/** ASCII-only strcasecmp equality, as libxl's *_from_string tables use. */
export function asciiCaseEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const lower = (s: string) => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
  return lower(a) === lower(b);
}

export type FirmwareMeaning =
  /** HVM: a BIOS chosen by name (case-insensitive). */
  | { kind: 'bios'; bios: 'rombios' | 'seabios' | 'ovmf' }
  /** HVM: a prefix of "uefi" (including the empty string): OVMF. */
  | { kind: 'uefi'; bios: 'ovmf' }
  /** HVM: a prefix of "bios": whatever BIOS the device model defaults to. */
  | { kind: 'default-bios' }
  /** HVM: anything else is a path to a firmware file. */
  | { kind: 'path'; path: string }
  /** PV/PVH: a prefix of pvgrub32 (tried first) or pvgrub64. */
  | { kind: 'pvgrub'; which: 'pvgrub32' | 'pvgrub64' }
  /** PV/PVH: anything else makes xl exit. */
  | { kind: 'error'; message: string };

const BIOS_NAMES = ['rombios', 'seabios', 'ovmf'] as const;

/**
 * What `firmware = "s"` means to xl for the given guest type.
 * tools/xl/xl_parse.c: parse_config_data (HVM block: libxl_bios_type_from_string, then the
 * "uefi"/"bios" prefix tests; PV/PVH block: pvgrub32/pvgrub64 prefix tests).
 */
export function firmwareMeaning(s: string, guestType: GuestType): FirmwareMeaning {
  if (guestType === 'hvm') {
    // libxl_bios_type_from_string also knows the placeholder "unknown"; it is not offered here.
    const bios = BIOS_NAMES.find((b) => asciiCaseEqual(b, s));
    if (bios) return { kind: 'bios', bios };
    if (isCPrefix(s, 'uefi')) return { kind: 'uefi', bios: 'ovmf' };
    if (isCPrefix(s, 'bios')) return { kind: 'default-bios' };
    return { kind: 'path', path: s };
  }
  if (isCPrefix(s, 'pvgrub32')) return { kind: 'pvgrub', which: 'pvgrub32' };
  if (isCPrefix(s, 'pvgrub64')) return { kind: 'pvgrub', which: 'pvgrub64' };
  return { kind: 'error', message: 'only pvgrub{32|64} supported' };
}

/**
 * The enum word xl will actually use for `s`, following the key's matching rule, or undefined
 * when xl does not recognise it (what happens then depends on the key: see fatalOnBadValue).
 * `type`/`builder` use prefix rules; `firmware` is read with its HVM meaning unless a guest
 * type is given (a file path gives undefined); `viridian` items may carry a leading '!'.
 */
export function matchEnum(info: KeyInfo, s: string, guestType?: GuestType, target?: string): string | undefined {
  if (info.name === 'type') return matchTypePrefix(s);
  if (info.name === 'builder') {
    // Report the word written in the manual, not the guest type it selects.
    const t = matchBuilderPrefix(s);
    return t === 'hvm' ? 'hvm' : t === 'pv' ? 'generic' : undefined;
  }
  if (info.name === 'firmware') {
    const m = firmwareMeaning(s, guestType ?? 'hvm');
    switch (m.kind) {
      case 'bios':
        return m.bios;
      case 'uefi':
        return 'uefi';
      case 'default-bios':
        return 'bios';
      case 'pvgrub':
        return m.which;
      default:
        return undefined;
    }
  }
  if (!info.enumValues) return undefined;
  const values = enumValuesFor(info, target);
  if (info.name === 'viridian') {
    // tools/xl/xl_parse.c: parse_config_data, viridian list — "all"/"defaults" exact, groups
    // through libxl_viridian_enlightenment_from_string (case-insensitive) after an optional '!'.
    if (s === 'all' || s === 'defaults') return s;
    const group = s.startsWith('!') ? s.slice(1) : s;
    const hit = values.find((v) => v !== 'all' && v !== 'defaults' && asciiCaseEqual(v, group));
    return hit === undefined ? undefined : s.startsWith('!') ? `!${hit}` : hit;
  }
  switch (info.enumMatch ?? 'exact') {
    case 'prefix':
      return values.find((v) => isCPrefix(s, v));
    case 'case-insensitive':
      return values.find((v) => asciiCaseEqual(v, s));
    default:
      return values.includes(s) ? s : undefined;
  }
}
