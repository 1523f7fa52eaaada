// What an incremental re-parse needs: where each statement boundary of a parse was, what a
// parse leaves for the next one, and the helpers that find an edit and move kept nodes past it.
//
// The parser reads statement by statement, and at the top of its loop everything it will do next
// depends only on the text from the next token on. So after an edit, the statements before the
// edited line can be kept, parsing resumes at the last statement boundary whose reads all lie
// before that line, and it stops at the first boundary past the edit (at a line start) where the
// previous parse had a boundary too: from there both parses see the same text, and the old
// statements are kept, moved by the length the edit added. The whole-file passes (settings,
// duplicates, Python, file-level notes) run again. The result equals parse(text): the property
// tests compare them after random edit sequences.

import type { ScanNotes } from './scanner';
import type { SpanList } from './spans';
import type { AssignmentNode } from './nodes';
import type { Setting, ValueNode } from './tree';
import type { Problem } from './problem';

/** Bytes of text between two recorded resume points, by default (see Marks.due). */
export const MARK_SPACING = 256;

/**
 * Resume points: for some top-level loop iterations, where the next token starts, how far the
 * scanner had read (the lookahead frontier), that token's line, and how many statements and
 * problems the parse had found so far. Flat in one typed array.
 *
 * Not every iteration is recorded: one every `spacing` bytes or so, preferring line starts (where
 * a resumed parse can rejoin). Recording all of them cost 20-40 bytes per statement, 84 MB for a
 * 5 MB file of one-character lines; spaced out, an edit re-parses at most a few hundred bytes more.
 */
export class Marks {
  static readonly WIDTH = 5;
  private data: Int32Array;
  count = 0;
  /** Where the next mark is due (see due). */
  private next = 0;

  /** `spacing` 0 records every boundary (the property tests exercise resumes at each of them). */
  constructor(
    readonly spacing = MARK_SPACING,
    capacity = 16,
  ) {
    this.data = new Int32Array(capacity * Marks.WIDTH);
  }

  /**
   * Whether to record the boundary at `start`: the first one a parse meets, then one at a line
   * start once `spacing` bytes have passed, or anywhere once twice that have (indented lines).
   */
  due(start: number, first: boolean, atLineStart: boolean): boolean {
    if (first || start >= this.next + (atLineStart ? 0 : this.spacing)) {
      this.next = start + this.spacing;
      return true;
    }
    return false;
  }

  push(start: number, frontier: number, line: number, statements: number, problems: number): void {
    if ((this.count + 1) * Marks.WIDTH > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const m = this.count++ * Marks.WIDTH;
    const d = this.data;
    d[m] = start;
    d[m + 1] = frontier;
    d[m + 2] = line;
    d[m + 3] = statements;
    d[m + 4] = problems;
  }

  start(k: number): number {
    return this.data[k * Marks.WIDTH];
  }
  frontier(k: number): number {
    return this.data[k * Marks.WIDTH + 1];
  }
  line(k: number): number {
    return this.data[k * Marks.WIDTH + 2];
  }
  statements(k: number): number {
    return this.data[k * Marks.WIDTH + 3];
  }
  problems(k: number): number {
    return this.data[k * Marks.WIDTH + 4];
  }

  /** The first `n` entries of `other`. */
  static prefix(other: Marks, n: number): Marks {
    // Room for the rest of the previous parse too: the resumed parse usually ends up as long.
    const m = new Marks(other.spacing, other.count + 64);
    m.data.set(other.data.subarray(0, n * Marks.WIDTH));
    m.count = n;
    return m;
  }

  /** Index of the first entry whose `field` (a non-decreasing one) is >= `value`. */
  firstAtLeast(field: 0 | 1, value: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.data[mid * Marks.WIDTH + field] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** What a parse leaves for the next one to resume from. */
export interface ParseTrace {
  marks: Marks;
  /** Problems found statement by statement (before the whole-file passes), in report order. */
  problems: Problem[];
  statements: AssignmentNode[];
  comments: SpanList;
  notes: ScanNotes;
  settings: Map<string, Setting>;
  /** An `+=` mixed a list and a string somewhere (the settings then exclude that statement). */
  mixed: boolean;
}

/** Where a resumed parse starts and what it keeps. */
export interface Resume {
  from: number;
  line: number;
  statements: AssignmentNode[];
  problems: Problem[];
  marks: Marks;
  comments: SpanList;
  bom: boolean;
  /** The previous parse, and how the edit moved its text after `syncFrom`. */
  old: ParseTrace;
  delta: number;
  lineDelta: number;
  syncFrom: number;
}

export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let p = 0;
  // Compare in blocks first (a string comparison is a memcmp), then character by character.
  for (let block = 4096; p + block <= n && a.substring(p, p + block) === b.substring(p, p + block); ) p += block;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

export function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let s = 0;
  for (
    let block = 4096;
    s + block <= n &&
    a.substring(a.length - s - block, a.length - s) === b.substring(b.length - s - block, b.length - s);
  )
    s += block;
  while (s < n && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

export function countLf(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Move a statement kept from the previous parse (and every node under it) by `delta`. */
export function moveAssignment(a: AssignmentNode, delta: number, lineDelta: number): void {
  a.moveBy(delta, lineDelta);
  if (!a.value) return;
  const stack: ValueNode[] = [a.value];
  while (stack.length) {
    const v = stack.pop()!;
    v.start += delta;
    // A number's end follows from its start (nodes.ts: NumberNode).
    if (v.kind !== 'number') v.end += delta;
    if (v.kind === 'list') {
      for (let i = 0; i < v.commas.length; i++) v.commas[i] += delta;
      for (const item of v.items) stack.push(item);
    } else if (v.kind === 'string' && v.sourceMap) {
      for (let i = 0; i < v.sourceMap.length; i++) v.sourceMap[i] += delta;
    }
  }
}

export function moveProblem(p: Problem, delta: number): Problem {
  const moved: Problem = { ...p, start: p.start + delta, end: p.end + delta };
  if (p.fixes)
    moved.fixes = p.fixes.map((f) => ({
      ...f,
      edits: f.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })),
    }));
  return moved;
}

/**
 * A copy of `s` that does not point into the text it was cut from. V8 keeps a slice of 13 or more
 * characters as a view of its whole parent string: a statement kept across edits would keep every
 * version of a large document it was parsed in alive. (Flattening a fresh concatenation copies.)
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Detach the strings of a statement parsed in a resumed parse (its key and every atom's value). */
export function detachAssignment(a: AssignmentNode): void {
  a.key = detached(a.key);
  if (!a.value) return;
  const stack: ValueNode[] = [a.value];
  while (stack.length) {
    const v = stack.pop()!;
    if (v.kind === 'list') for (const item of v.items) stack.push(item);
    else v.value = detached(v.value);
  }
}

/** The same for a problem: its message and its fixes' texts. */
export function detachProblem(p: Problem): void {
  p.message = detached(p.message);
  for (const f of p.fixes ?? []) {
    f.title = detached(f.title);
    for (const e of f.edits) e.newText = detached(e.newText);
  }
}
