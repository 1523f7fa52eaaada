// Small helpers shared by the sub-language parsers. Everything here is
// linear in the input length and never throws.
import { didYouMean as closestName } from '../schema/suggest';
import type { LibxlValue } from '../libxl/value';
import type { SpecField, SpecParse, SpecProblem, SpecSeverity, XlOutput } from './types';

export interface Tok {
  text: string;
  start: number;
  end: number;
}

export class Builder {
  readonly fields: SpecField[] = [];
  readonly problems: SpecProblem[] = [];
  readonly summary: Array<[string, string]> = [];
  /**
   * True for xl loops that exit at their first refusal: problems found after it keep their
   * message (the editor shows them) but lose `xl`, since xl never gets there.
   */
  exitOnRefusal = false;
  constructor(
    readonly syntax: string,
    readonly text: string,
  ) {}

  private clamp(n: number): number {
    if (!Number.isFinite(n) || n < 0) return 0;
    return Math.min(n, this.text.length);
  }

  problem(start: number, end: number, message: string, severity: SpecSeverity, fatal: boolean, xl?: XlOutput): void {
    // Keep absurd inputs cheap for the editor: beyond 1000 only fatal problems and xl's own output are kept.
    if (this.problems.length >= 1000 && !fatal && !xl) return;
    let s = this.clamp(start);
    let e = this.clamp(end);
    if (e < s) [s, e] = [e, s];
    const p: SpecProblem = { start: s, end: e, message, severity, fatal };
    if (xl && !(this.exitOnRefusal && this.exited)) {
      p.xl = xl;
      if (xl.effect === 'refusal' || xl.effect === 'crash') this.exited = true;
    }
    this.problems.push(p);
  }
  /** xl refuses the domain; `xl` says what xl prints there when xl reaches this problem. */
  fatal(start: number, end: number, message: string, xl?: XlOutput): void {
    this.problem(start, end, message, 'error', true, xl);
  }
  /** xl prints something and carries on, or the result is surely not what was meant */
  warn(start: number, end: number, message: string, xl?: XlOutput): void {
    this.problem(start, end, message, 'warning', false, xl);
  }
  /** xl silently ignores or alters the value */
  info(start: number, end: number, message: string, xl?: XlOutput): void {
    this.problem(start, end, message, 'information', false, xl);
  }
  hint(start: number, end: number, message: string): void {
    this.problem(start, end, message, 'hint', false);
  }
  private exited = false;
  /** True once a problem xl reaches makes it exit: later checks of xl never run. */
  get xlExited(): boolean {
    return this.exited;
  }
  field(name: string, value: string, start: number, end: number, valueStart: number, positional?: boolean): SpecField {
    const f: SpecField = {
      name,
      value,
      start: this.clamp(start),
      end: this.clamp(end),
      valueStart: this.clamp(valueStart),
    };
    if (f.end < f.start) f.end = f.start;
    if (f.valueStart < f.start || f.valueStart > f.end) f.valueStart = f.end;
    if (positional) f.positional = true;
    this.fields.push(f);
    return f;
  }
  sum(label: string, text: string): void {
    this.summary.push([label, text]);
  }
  done(device?: LibxlValue): SpecParse {
    const p: SpecParse = { syntax: this.syntax, fields: this.fields, problems: this.problems, summary: this.summary };
    if (device !== undefined) p.device = device;
    return p;
  }
}

/** strtok(3) semantics: runs of separators collapse, empty tokens vanish. */
export function strtok(text: string, sep: string, from = 0, to = text.length): Tok[] {
  const out: Tok[] = [];
  let i = from;
  while (i < to) {
    while (i < to && sep.includes(text[i])) i++;
    if (i >= to) break;
    const s = i;
    while (i < to && !sep.includes(text[i])) i++;
    out.push({ text: text.slice(s, i), start: s, end: i });
  }
  return out;
}

/** Skip leading ' ' (space only), as the xl loops `while (*p == ' ') p++` do. */
export function skipSpaces(t: Tok): Tok {
  let s = 0;
  while (s < t.text.length && t.text[s] === ' ') s++;
  return s ? { text: t.text.slice(s), start: t.start + s, end: t.end } : t;
}

export function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/** trim(isspace, ...) from xl_parse.c, keeping offsets. */
export function trimTok(t: Tok): Tok {
  let s = 0;
  let e = t.text.length;
  while (s < e && isCSpace(t.text[s])) s++;
  while (e > s && isCSpace(t.text[e - 1])) e--;
  return { text: t.text.slice(s, e), start: t.start + s, end: t.start + e };
}

/**
 * MATCH_OPTION from xl_parse.c: the token must start with exactly `key=`.
 * Returns the key/value split of a token at its first '='.
 */
export interface KV {
  key: string;
  keyStart: number;
  value: string;
  valueStart: number;
  hasEq: boolean;
}
export function splitAtEq(t: Tok): KV {
  const eq = t.text.indexOf('=');
  if (eq < 0) return { key: t.text, keyStart: t.start, value: '', valueStart: t.end, hasEq: false };
  return {
    key: t.text.slice(0, eq),
    keyStart: t.start,
    value: t.text.slice(eq + 1),
    valueStart: t.start + eq + 1,
    hasEq: true,
  };
}

/**
 * The "strtok" style of xl_parse.c: strtok(",") then `while (*p == ' ') p++` and
 * MATCH_OPTION("key", p, oparg) (vtpm, vfb, pvcalls, usbctrl, usbdev, vkb, virtio, vdispl).
 */
export interface KvTok extends KV {
  tok: Tok;
}
export function strtokKv(text: string): KvTok[] {
  return strtok(text, ',').map((raw) => {
    const tok = skipSpaces(raw);
    return { tok, ...splitAtEq(tok) };
  });
}

/**
 * strtok-style items that xl reads up to the first one without `=`
 * (xl_parse.c: `if ((p2 = strchr(p, '=')) == NULL) break;`; vtpm, vfb, pvcalls). Each item is
 * recorded as a field before `each` sees it; `what` names the device in the message.
 */
export function forEachKvUntilBare(b: Builder, text: string, what: string, each: (k: KvTok) => void): void {
  for (const k of strtokKv(text)) {
    if (!k.hasEq) {
      b.info(k.tok.start, text.length, `xl silently ignores ${what} from ${q(k.tok.text, 30)} on (no \`=\`)`);
      break;
    }
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    each(k);
  }
}

/**
 * strtok-style items where anything but a known `key=value` (MATCH_OPTION) makes xl exit with
 * "unknown string ... in <spec> spec" (usbctrl, usbdev, vkb, vdispl). Each item is recorded as a
 * field; `each` sees only the known ones. `refusal` starts the message.
 */
export function forEachKnownKv(
  b: Builder,
  text: string,
  keys: readonly string[],
  refusal: string,
  spec: string,
  each: (k: KvTok) => void,
): void {
  for (const k of strtokKv(text)) {
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (!k.hasEq || !keys.includes(k.key)) {
      b.fatal(
        k.tok.start,
        k.tok.end,
        `${refusal}unknown string ${q(k.tok.text)} in ${spec} spec` + didYouMeanNote(k.key, keys),
      );
      continue;
    }
    each(k);
  }
}

/**
 * xl_parse.c: split_string_into_pair(str, "=") uses strtok on '=': runs of
 * '=' collapse, a missing key or value is an error, and anything after a
 * second '=' run is dropped. Result keeps offsets; key/value are trimmed
 * with isspace as the callers do.
 */
export interface Pair {
  key: Tok;
  value: Tok;
  /** text after the value that xl silently drops (value contained '=') */
  dropped?: Tok;
}
export function splitPair(t: Tok): Pair | undefined {
  const parts = strtok(t.text, '=');
  if (parts.length < 2) return undefined;
  const shift = (p: Tok): Tok => ({ text: p.text, start: p.start + t.start, end: p.end + t.start });
  const key = trimTok(shift(parts[0]));
  const value = trimTok(shift(parts[1]));
  const pair: Pair = { key, value };
  if (parts.length > 2) {
    const d = shift(parts[2]);
    pair.dropped = { text: t.text.slice(d.start - t.start - 1), start: d.start - 1, end: t.end };
  }
  return pair;
}

/**
 * The "pair" style of xl_parse.c: split_string_into_string_list(",") then
 * split_string_into_pair("=") on each item (channel, p9). Every item is recorded as a field
 * before `each` sees it; an item that does not split is fatal (`refusal` says why).
 */
export function forEachPair(
  b: Builder,
  text: string,
  refusal: (t: Tok) => string,
  each: (key: Tok, value: Tok) => void,
): void {
  for (const t of strtok(text, ',')) {
    const pair = splitPair(t);
    if (!pair) {
      b.fatal(t.start, t.end, refusal(t));
      continue;
    }
    const { key, value } = pair;
    b.field(key.text, value.text, t.start, t.end, value.start);
    if (pair.dropped)
      b.warn(pair.dropped.start, pair.dropped.end, `xl drops ${q(pair.dropped.text)}: values cannot contain \`=\``);
    each(key, value);
  }
}

/**
 * A whole value that xl splits with split_string_into_pair("=") (vnuma items, smbios,
 * xenstore_quota): recorded as one field, or fatal with `refusal`. `droppedNote`, when given,
 * warns about text after a second `=`.
 */
export function wholePair(b: Builder, text: string, refusal: string, droppedNote?: string): Pair | undefined {
  const pair = splitPair({ text, start: 0, end: text.length });
  if (!pair) {
    b.fatal(0, text.length, refusal);
    return undefined;
  }
  b.field(pair.key.text, pair.value.text, 0, text.length, pair.value.start);
  if (pair.dropped && droppedNote)
    b.warn(pair.dropped.start, pair.dropped.end, `xl drops ${q(pair.dropped.text)}: ${droppedNote}`);
  return pair;
}

export interface NumRead {
  /** value as a bigint (exact) */
  value: bigint;
  /** index just past the number, or the starting index when nothing was read */
  end: number;
  ok: boolean;
  negative: boolean;
}

const ULONG_MAX = (1n << 64n) - 1n;
export { ULONG_MAX };
/** UINT32_MAX, the bound of the 32-bit reads (ioports, irqs, xenstore_quota). */
export const U32 = 0xffffffffn;

/**
 * C strtoul/strtoull emulation on 64-bit: skips isspace, optional sign,
 * base 0 (0x hex, leading 0 octal), 10 or 16. On overflow the value is
 * ULONG_MAX. A negative number wraps modulo 2^64 like C does.
 */
export function strtoul(text: string, pos: number, base: 0 | 8 | 10 | 16): NumRead {
  let i = pos;
  const n = text.length;
  while (i < n && isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  let b: number = base;
  if (
    (b === 0 || b === 16) &&
    text[i] === '0' &&
    (text[i + 1] === 'x' || text[i + 1] === 'X') &&
    hexVal(text[i + 2]) >= 0
  ) {
    i += 2;
    b = 16;
  } else if (b === 0) {
    b = text[i] === '0' ? 8 : 10;
  }
  const digitsStart = i;
  let v = 0n;
  let overflow = false;
  const bb = BigInt(b);
  while (i < n) {
    const d = hexVal(text[i]);
    if (d < 0 || d >= b) break;
    if (!overflow) {
      v = v * bb + BigInt(d);
      if (v > ULONG_MAX) overflow = true;
    }
    i++;
  }
  if (i === digitsStart) return { value: 0n, end: pos, ok: false, negative: false };
  if (overflow) v = ULONG_MAX;
  else if (negative) v = (ULONG_MAX + 1n - v) & ULONG_MAX;
  return { value: v, end: i, ok: true, negative };
}

export function hexVal(c: string | undefined): number {
  if (c === undefined) return -1;
  const k = c.charCodeAt(0);
  if (k >= 48 && k <= 57) return k - 48;
  if (k >= 97 && k <= 102) return k - 87;
  if (k >= 65 && k <= 70) return k - 55;
  return -1;
}

/** C atoi: leading isspace, sign, decimal digits; garbage gives 0. */
export function atoi(text: string): number {
  const r = strtoul(text, 0, 10);
  if (!r.ok) return 0;
  const m = r.negative ? -Number((ULONG_MAX + 1n - r.value) & ULONG_MAX) : Number(r.value);
  return Number.isFinite(m) ? m : 0;
}

/**
 * xl_parse.c: parse_ulong — decimal, exits on no digits; trailing junk ignored.
 * The message reads `xl refuses ${what}: failed to convert ...`.
 */
export function parseUlong(b: Builder, key: string, v: Tok, what: string): bigint | undefined {
  const r = strtoul(v.text, 0, 10);
  if (!r.ok || r.value === ULONG_MAX) {
    b.fatal(v.start, v.end, `xl refuses ${what}: failed to convert ${q(v.text)} to a number for \`${key}\``);
    return undefined;
  }
  if (r.end < v.text.length) b.info(v.start + r.end, v.end, `xl ignores ${q(v.text.slice(r.end))} after the number`);
  return r.value;
}

/** A strtoul/atoi read that never fails: no digits read as 0 (warning), trailing junk ignored. */
export function numInfo(b: Builder, v: string, vs: number, base: 0 | 10): number {
  const r = strtoul(v, 0, base);
  if (!r.ok) {
    b.warn(vs, vs + v.length, `${q(v)} is not a number; xl reads it as 0`);
    return 0;
  }
  if (r.end < v.length) b.info(vs + r.end, vs + v.length, `xl ignores ${q(v.slice(r.end))} after the number`);
  return base === 10 ? atoi(v) : Number(r.value);
}

/** Readable excerpt of user text for messages (bounded length). */
export function q(s: string, max = 40): string {
  const shown = s.length > max ? s.slice(0, max) + '…' : s;
  return (
    '`' + shown.replace(/[\u0000-\u001f\u007f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')) + '`'
  );
}

/**
 * ` (did you mean \`x\`?)` for a misspelt key or word, or ''. The distance is the one of
 * schema/suggest.ts with a flat limit of 2 edits (sub-language keys are short); overlong words
 * are not compared at all, so the work stays bounded.
 */
export function didYouMeanNote(word: string, options: readonly string[]): string {
  if (word.length > 40) return '';
  // A spec of thousands of the same misspelt key asks the same question thousands of times.
  let memo = NOTES.get(options);
  if (!memo) NOTES.set(options, (memo = new Map()));
  let note = memo.get(word);
  if (note === undefined) {
    const s = closestName(word, options, 2);
    note = s ? ` (did you mean \`${s}\`?)` : '';
    if (memo.size < 1000) memo.set(word, note);
  }
  return note;
}

const NOTES = new WeakMap<readonly string[], Map<string, string>>();

/** libxl_uuid_from_string: 8-4-4-4-12 hex digits, nothing else. */
export function isUuid(s: string): boolean {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);
}
