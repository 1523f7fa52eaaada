// tools/xl/xl_parse.c split_string_into_pair(str, '=', &key, &value, isspace) as each release has it,
// with offsets into the original text. Up to 4.17 it took the first two strtok_r tokens of
// `str` (runs of `=` collapse, a leading `=` is skipped, anything after a second `=` is dropped);
// 4.18 splits at the first `=` and fails only when there is none or nothing after it (4bad14a133,
// "tools/xl: make split_string_into_pair() more usable"; trimming moved inside by eee0d79134).
// Both trim the key and the value with isspace.
import { releaseAtLeast } from './release';
import { strtok, trimTok, type Tok } from './util';

export interface XlPair {
  key: Tok;
  value: Tok;
  /** 4.17 only: text after the value that xl drops. */
  dropped?: Tok;
}

/** The key and value xl gets, or undefined where xl prints "failed to split ... into pair". */
export function splitXlPair(text: string, release: string): XlPair | undefined {
  if (releaseAtLeast(release, '4.18')) {
    const eq = text.indexOf('=');
    if (eq < 0 || eq === text.length - 1) return undefined;
    return {
      key: trimTok({ text: text.slice(0, eq), start: 0, end: eq }),
      value: trimTok({ text: text.slice(eq + 1), start: eq + 1, end: text.length }),
    };
  }
  const parts = strtok(text, '=');
  if (parts.length < 2) return undefined;
  const pair: XlPair = { key: trimTok(parts[0]), value: trimTok(parts[1]) };
  if (parts.length > 2) pair.dropped = { text: text.slice(parts[1].end), start: parts[1].end, end: text.length };
  return pair;
}
