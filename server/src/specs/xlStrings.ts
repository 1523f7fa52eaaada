// Helpers of tools/xl/xl_parse.c the device parsers share, with offsets into the spec string:
// split_string_into_string_list, split_string_into_pair (release by release), MATCH_OPTION,
// parse_ulong.
import { atLeast } from './release';
import { strtoul, ULONG_MAX } from './clib';
import { type Builder, didYouMeanNote, q, skipSpaces, strtok, trimTok, type Tok } from './util';
import { xlRefuses } from './xlOutput';

/**
 * split_string_into_string_list(str, delim): the strtok_r tokens. xl counts at least one token
 * and strdup()s a NULL one when there is none, so a string of nothing but delimiters crashes xl
 * (`crash` is then true and `items` empty).
 */
export function splitStringList(
  text: string,
  delim: string,
  from = 0,
  to = text.length,
): { items: Tok[]; crash: boolean } {
  const items = strtok(text, delim, from, to);
  return { items, crash: items.length === 0 };
}

export interface XlPair {
  key: Tok;
  value: Tok;
  /** 4.17 only: text after the value that strtok dropped (the value held another delimiter). */
  dropped?: Tok;
}

/**
 * split_string_into_pair(str, delim, &a, &b, trim ? isspace : NULL) on `t`.
 * Up to 4.17 it is two strtok_r calls: runs of `delim` collapse, the key is the first run of other
 * characters and the value the second, the rest is dropped. From 4.18 (commits eee0d79134 and
 * 4bad14a133) it splits at the first `delim`; the value must not be empty (before trimming) and
 * keeps any later `delim`. The 4.17 callers trim with isspace themselves where 4.18 passes it.
 */
export function splitPair(release: string, t: Tok, delim: string, trimSpace: boolean): XlPair | undefined {
  const tidy = (x: Tok): Tok => (trimSpace ? trimTok(x) : x);
  if (!atLeast(release, '4.18')) {
    const parts = strtok(t.text, delim);
    if (parts.length < 2) return undefined;
    const shift = (p: Tok): Tok => ({ text: p.text, start: p.start + t.start, end: p.end + t.start });
    const pair: XlPair = { key: tidy(shift(parts[0])), value: tidy(shift(parts[1])) };
    if (parts.length > 2)
      pair.dropped = { text: t.text.slice(parts[1].end), start: t.start + parts[1].end, end: t.end };
    return pair;
  }
  const at = t.text.indexOf(delim);
  if (at < 0 || at === t.text.length - 1) return undefined;
  const key = { text: t.text.slice(0, at), start: t.start, end: t.start + at };
  const value = { text: t.text.slice(at + 1), start: t.start + at + 1, end: t.end };
  return { key: tidy(key), value: tidy(value) };
}

/**
 * The items of a usbctrl, usbdev, vkb or vdispl spec: strtok(","), leading spaces skipped, then
 * MATCH_OPTION(key, item, oparg) for each key. Every item is recorded as a field; one that is not
 * a known `key=value` makes xl print `xlLine(item)` and exit. `each` sees the known ones.
 */
export function forEachOption(
  b: Builder,
  text: string,
  keys: readonly string[],
  refusal: string,
  spec: string,
  xlLine: (item: string) => string,
  each: (key: string, value: Tok, item: Tok) => void,
): void {
  for (const t of xlTokens(text)) {
    const eq = t.text.indexOf('=');
    const key = eq < 0 ? t.text : t.text.slice(0, eq);
    const value: Tok =
      eq < 0
        ? { text: '', start: t.end, end: t.end }
        : { text: t.text.slice(eq + 1), start: t.start + eq + 1, end: t.end };
    b.field(key, value.text, t.start, t.end, value.start);
    if (eq < 0 || !keys.includes(key)) {
      const message = `${refusal}unknown string ${q(t.text)} in ${spec} spec` + didYouMeanNote(key, keys);
      b.fatal(t.start, t.end, message, xlRefuses(xlLine(t.text)));
      continue;
    }
    each(key, value, t);
  }
}

/** The strtok(",") tokens of xl's device loops, after `while (*p == ' ') p++`. */
export function xlTokens(text: string, delim = ','): Tok[] {
  return strtok(text, delim).map(skipSpaces);
}

/**
 * parse_ulong: strtoul(,10); no digits or ULONG_MAX make xl print `xl: failed to convert "..." to
 * number` and exit; trailing junk is ignored. `refusal` starts our message.
 */
export function xlParseUlong(b: Builder, key: string, v: Tok, refusal: string): bigint | undefined {
  const r = strtoul(v.text, 0, 10);
  if (!r.ok || r.value === ULONG_MAX) {
    b.fatal(
      v.start,
      v.end,
      `${refusal}failed to convert ${q(v.text)} to a number for \`${key}\``,
      xlRefuses(`xl: failed to convert "${v.text}" to number`),
    );
    return undefined;
  }
  if (r.end < v.text.length) b.info(v.start + r.end, v.end, `xl ignores ${q(v.text.slice(r.end))} after the number`);
  return r.value;
}
