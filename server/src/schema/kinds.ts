// What each value kind means to xl, in words: how xl reads such a value (libxlu's getters,
// tools/libs/util/libxlu_cfg.c) and what it does with one it cannot read. The hover and completion
// compose a key's documentation from these and the key's own facts (keys.generated.ts).
import type { ValueKind } from './types';

export interface KindText {
  /** How to write a value, in a few words (the "Value" line). */
  value: string;
  /** What xl does with a value it cannot read, for keys where that is not fatal. */
  onBadValue: string;
}

const NOT_A_STRING = 'A list instead of a string draws a libxlu warning and the key is treated as unset.';
const NOT_A_NUMBER =
  'Anything that is not a plain number (`512M`, `1e5`, `"12 "`, a list, or a `+=` assignment) draws a libxlu warning ' +
  'and xl carries on as if the key were absent.';

export const KIND_TEXT: Readonly<Record<ValueKind, KindText>> = {
  string: { value: 'a string (a bare number is taken as its text)', onBadValue: NOT_A_STRING },
  integer: {
    value: 'a whole number: decimal, `0x` hexadecimal, or octal after a leading `0`; no units',
    onBadValue: NOT_A_NUMBER,
  },
  boolean: {
    value: '`0` for off, any other number for on (words such as `"true"` are not understood)',
    onBadValue:
      'A word, a list or a `+=` assignment draws a libxlu warning ("not a valid number") and xl keeps the default.',
  },
  'memory-mb': { value: 'a whole number of MiB, no unit (`2048`, not `"2G"`)', onBadValue: NOT_A_NUMBER },
  'memory-kb': { value: 'a whole number of KiB, no unit', onBadValue: NOT_A_NUMBER },
  enum: { value: 'one of the allowed words', onBadValue: NOT_A_STRING },
  'enum-or-string': { value: 'one of the allowed words, or any other string', onBadValue: NOT_A_STRING },
  'enum-or-integer': { value: 'one of the allowed words, or the older number form', onBadValue: NOT_A_STRING },
  'boolean-or-enum': { value: '`0`/`1`, or one of the allowed words', onBadValue: NOT_A_STRING },
  'boolean-or-list': { value: '`0`/`1`, or a list of the allowed words', onBadValue: NOT_A_STRING },
  list: {
    value: 'a list of strings, `[ "...", "..." ]` (a single string is refused)',
    onBadValue:
      'A single string instead of a list draws a warning and the key counts as unset; ' +
      'an item that is itself a list silently ends the list.',
  },
  'string-or-list': { value: 'a string, or a list of strings', onBadValue: NOT_A_STRING },
  cpulist: { value: 'a CPU-list string, or a list with one CPU-list string per vCPU', onBadValue: NOT_A_STRING },
  'list-of-lists': {
    value: 'a list whose items are lists of strings',
    onBadValue: 'A single string instead of a list draws a warning and the key counts as unset.',
  },
};
