// The lossless syntax tree. Every node records offsets into the original text, and the text is
// kept whole, so comments, blank lines and spacing are never lost: edits are expressed as
// ranges over the original, never by re-printing the tree.
import type { Diagnostic } from '../diagnostic';
import type { LineIndex } from './positions';

/** A value as libxlutil stores it: only strings and (nested) lists. Numbers are their source text. */
export type Value = string | Value[];

export interface StringAtom {
  kind: 'string';
  start: number;
  end: number;
  quote: '"' | "'";
  /** The decoded value, as libxlutil's dequoting produces it. */
  value: string;
  /**
   * Source offset of each decoded character, present only when the literal contains escapes
   * or replaced bytes; otherwise character i sits at `start + 1 + i`.
   */
  sourceMap?: number[];
  /** The closing quote is missing (the string runs to the end of its line). */
  unterminated?: boolean;
  /** Not a string at all: an unquoted word kept (as if quoted) only for error recovery. */
  bareword?: boolean;
}

export interface NumberAtom {
  kind: 'number';
  start: number;
  end: number;
  /** Source text, which is also the stored value. */
  value: string;
}

export interface ListNode {
  kind: 'list';
  start: number;
  /** Offset just past `]`, or the end of what was parsed when `]` is missing. */
  end: number;
  items: ValueNode[];
  /** Offsets of the separating commas (for formatting and completion). */
  commas: number[];
  closed: boolean;
}

export type ValueNode = StringAtom | NumberAtom | ListNode;

export interface Assignment {
  kind: 'assignment';
  key: string;
  keyStart: number;
  keyEnd: number;
  op: '=' | '+=';
  opStart: number;
  /** Missing when the statement broke before a value was complete. */
  value?: ValueNode;
  /** From the key to the end of the value (or of what was parsed). */
  start: number;
  end: number;
  /** 0-based line of the key. */
  line: number;
  /** The statement has a syntax error: libxlutil would not store it. */
  broken: boolean;
}

export interface Comment {
  start: number;
  /** Offset of the terminating LF, or of the end of the file. */
  end: number;
}

/** The final value of one key after last-wins and `+=`, with where it came from. */
export interface Setting {
  key: string;
  value: Value;
  /** The winning statement used `+=` (numeric getters refuse such a setting). */
  appended: boolean;
  /** The statements that built the value: the last plain `=` and every `+=` after it. */
  sources: Assignment[];
  /** Every assignment of this key, in source order (for duplicate-key diagnostics). May be the same array as `sources`; treat both as read-only. */
  all: Assignment[];
}

export interface ConfigFile {
  /** The decoded text (UTF-8, invalid sequences replaced by U+FFFD). */
  text: string;
  lines: LineIndex;
  statements: Assignment[];
  comments: Comment[];
  /**
   * The comments that contain `xlcfg`: the only ones that can be `# xlcfg:` or `# xlcfg-disable`
   * directives. Found without making an object of every comment (a 1 MB file has thousands).
   */
  directiveComments: Comment[];
  /** Lexical and syntax diagnostics (`syntax/*`), in source order. */
  diagnostics: Diagnostic[];
  /** True iff libxlutil's parser would accept the file. */
  ok: boolean;
  /** Problems found beyond ParseOptions.maxProblems: counted, not kept in `diagnostics`. */
  unreported: number;
  /** The text is binary, not a config: `diagnostics` holds one syntax/not-a-config and nothing else. */
  notAConfig: boolean;
  /** Final values by key, in order of first appearance. Recovered even when `ok` is false. */
  settings: Map<string, Setting>;
}

/** Source offset of character `index` of a string atom's decoded value (index may equal length). */
export function sourceOffset(atom: StringAtom, index: number): number {
  if (atom.sourceMap) {
    if (index < atom.sourceMap.length) return atom.sourceMap[index];
    return atom.unterminated ? atom.end : atom.end - 1;
  }
  return Math.min(atom.start + 1 + index, atom.unterminated ? atom.end : atom.end - 1);
}
