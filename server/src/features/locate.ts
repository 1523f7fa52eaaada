// Finding what sits at an offset: the statement, the comment, the value node and the character
// of a decoded string. Binary searches over the parser's sorted arrays, so a request on a large
// file costs O(log n) plus the depth of the list at the cursor.
import type { KeyInfo } from '../schema/types';
import { specFor, type SpecLanguage } from '../specs/index';
import type { Assignment, Comment, ConfigFile, ListNode, StringAtom, ValueNode } from '../syntax/tree';

/** Index of the last element whose `start` is <= offset, or -1. */
export function lastStartingAtOrBefore<T extends { start: number }>(items: readonly T[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The statement that starts at or before `offset` and whose text reaches it (end inclusive). */
export function statementAt(file: ConfigFile, offset: number): Assignment | undefined {
  const i = lastStartingAtOrBefore(file.statements, offset);
  if (i < 0) return undefined;
  const s = file.statements[i];
  return offset <= s.end ? s : undefined;
}

/** The last statement starting at or before `offset`, whether or not it reaches it. */
export function statementBefore(file: ConfigFile, offset: number): Assignment | undefined {
  const i = lastStartingAtOrBefore(file.statements, offset);
  return i < 0 ? undefined : file.statements[i];
}

/** The comment containing `offset` (its `#` up to, and including, the position before its LF). */
export function commentAt(file: ConfigFile, offset: number): Comment | undefined {
  const i = lastStartingAtOrBefore(file.comments, offset);
  if (i < 0) return undefined;
  const c = file.comments[i];
  return offset >= c.start && offset <= c.end ? c : undefined;
}

export interface NodeHit {
  /** The innermost value node containing the offset. */
  node: ValueNode;
  /** Enclosing lists, outermost first. */
  lists: ListNode[];
}

/** The innermost value node of `root` whose [start, end] contains `offset`. */
export function nodeAt(root: ValueNode | undefined, offset: number): NodeHit | undefined {
  if (!root || offset < root.start || offset > root.end) return undefined;
  const lists: ListNode[] = [];
  let node: ValueNode = root;
  while (node.kind === 'list') {
    const i = lastStartingAtOrBefore(node.items, offset);
    const child = i >= 0 ? node.items[i] : undefined;
    if (!child || offset > child.end) break;
    lists.push(node);
    node = child;
  }
  return { node, lists };
}

/** True when `offset` is between the quotes of a string atom (a cursor right after the opening quote counts). */
export function insideString(atom: StringAtom, offset: number): boolean {
  if (atom.bareword) return offset >= atom.start && offset <= atom.end;
  const closeAt = atom.unterminated ? atom.end : atom.end - 1;
  return offset > atom.start && offset <= closeAt;
}

/** Number of decoded characters of `atom` that lie before `offset`. */
export function decodedIndex(atom: StringAtom, offset: number): number {
  const first = atom.bareword ? atom.start : atom.start + 1;
  if (!atom.sourceMap) return Math.max(0, Math.min(offset - first, atom.value.length));
  let lo = 0;
  let hi = atom.sourceMap.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (atom.sourceMap[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The sub-language of a string value of this key. `cpuid` has two: the libxl string form when
 * the value is a single string, the xend form for list items (catalogue syntax "a | b").
 */
export function languageFor(info: KeyInfo | undefined, inList: boolean): SpecLanguage | undefined {
  if (!info?.syntax) return undefined;
  const alts = info.syntax.split('|').map((s) => s.trim());
  const name = alts.length > 1 ? (inList ? alts[1] : alts[0]) : alts[0];
  return specFor(name);
}
