// The parser's statement and atom nodes: classes that hold only what cannot be derived, behind the
// plain interfaces of tree.ts (which is what the rest of the code reads). A generator gone wrong
// makes files of a million statements, where each field of each node costs 8 bytes: the constant
// `kind` lives on the prototype, `keyStart` is `start`, `keyEnd` follows from the key's length,
// `end` from the value (or the operator), a number's `end` from its text, and an assignment's
// line, operator, the blanks before it and `broken` share one small integer. 4 fields instead of 11
// for an assignment, 2 instead of 4 for a number: 188 -> 112 bytes per `a=1` statement with its arrays.
// A list keeps a lone item without an array until read. `toJSON` gives the plain shape.
import type { Assignment, ListNode, NumberAtom, StringAtom, ValueNode } from './tree';

/**
 * AssignmentNode.packed = line * 32 + gap * 4 + flags, where gap is the count of blanks between
 * the key and the operator (7 meaning "7 or more, see WIDE_GAPS") and flags are BROKEN and APPEND.
 * Up to 67 M lines it is a small integer (read with shifts); past that a double, read with
 * arithmetic, so any file still reads right.
 */
const BROKEN = 1;
const APPEND = 2;
const GAP = 4;
const LINE = 32;
const WIDE = 7;
/** Gaps of 7 blanks or more (rare: `key       = 1`), by statement. */
const WIDE_GAPS = new WeakMap<AssignmentNode, number>();
const SMALL = 0x80000000;

export class AssignmentNode implements Assignment {
  declare readonly kind: 'assignment';
  /** Missing when the statement broke before a value was complete. */
  value: ValueNode | undefined;
  private packed: number;

  constructor(
    public key: string,
    /** The key's offset. */
    public start: number,
    append: boolean,
    opStart: number,
    line: number,
  ) {
    this.value = undefined;
    const gap = opStart - start - key.length;
    this.packed = line * LINE + Math.min(gap, WIDE) * GAP + (append ? APPEND : 0);
    if (gap >= WIDE) WIDE_GAPS.set(this, gap);
  }

  /** The low bits: gap * 4 + flags. */
  private get low(): number {
    const p = this.packed;
    return p < SMALL ? p & (LINE - 1) : p % LINE;
  }

  /** 0-based line of the key. */
  get line(): number {
    const p = this.packed;
    return p < SMALL ? p >> 5 : Math.floor(p / LINE);
  }

  get keyStart(): number {
    return this.start;
  }

  get keyEnd(): number {
    return this.start + this.key.length;
  }

  get op(): '=' | '+=' {
    return this.low & APPEND ? '+=' : '=';
  }

  get opStart(): number {
    const gap = this.low >> 2;
    return this.start + this.key.length + (gap === WIDE ? WIDE_GAPS.get(this)! : gap);
  }

  /** From the key to the end of the value, or of the operator when there is no value. */
  get end(): number {
    return this.value ? this.value.end : this.opStart + (this.low & APPEND ? 2 : 1);
  }

  get broken(): boolean {
    return (this.low & BROKEN) !== 0;
  }

  /** The statement has a syntax error (set by the parser only). */
  markBroken(): void {
    if (!(this.low & BROKEN)) this.packed += BROKEN;
  }

  /** Move the statement itself (not its value: see resume.ts) by `delta`, `lineDelta` lines. */
  moveBy(delta: number, lineDelta: number): void {
    this.start += delta;
    this.packed += lineDelta * LINE;
  }

  toJSON(): Assignment {
    return {
      kind: 'assignment',
      key: this.key,
      keyStart: this.keyStart,
      keyEnd: this.keyEnd,
      op: this.op,
      opStart: this.opStart,
      value: this.value,
      start: this.start,
      end: this.end,
      line: this.line,
      broken: this.broken,
    };
  }
}

export class NumberNode implements NumberAtom {
  declare readonly kind: 'number';

  constructor(
    public start: number,
    /** Source text, which is also the stored value. */
    public value: string,
  ) {}

  get end(): number {
    return this.start + this.value.length;
  }

  toJSON(): NumberAtom {
    return { kind: 'number', start: this.start, end: this.end, value: this.value };
  }
}

export class StringNode implements StringAtom {
  declare readonly kind: 'string';
  declare sourceMap?: number[];
  declare unterminated?: boolean;
  declare bareword?: boolean;

  constructor(
    public start: number,
    public end: number,
    public quote: '"' | "'",
    /** The decoded value, as libxlutil's dequoting produces it. */
    public value: string,
  ) {}

  toJSON(): StringAtom {
    const out: StringAtom = { kind: 'string', start: this.start, end: this.end, quote: this.quote, value: this.value };
    if (this.sourceMap) out.sourceMap = this.sourceMap;
    if (this.unterminated) out.unterminated = this.unterminated;
    if (this.bareword) out.bareword = this.bareword;
    return out;
  }
}

/**
 * A list. Until its items are first read, a list of one item holds that item itself rather than
 * an array of it: one item is the commonest list (`cpus = ["2"]`, a disk), and its own array costs
 * 56 bytes (5 MB of `a=[1]` lines hold 870,000 of them). The array is made on first read and kept.
 */
export class ListValueNode implements ListNode {
  declare readonly kind: 'list';
  /** The items, or the only item until `items` is read. */
  private held: ValueNode[] | ValueNode;
  closed = false;

  constructor(
    public start: number,
    public end: number,
    items: ValueNode[],
    public commas: number[],
  ) {
    this.held = items.length === 1 ? items[0] : items;
  }

  get items(): ValueNode[] {
    const held = this.held;
    if (Array.isArray(held)) return held;
    const items = [held];
    this.held = items;
    return items;
  }

  /** The items, without keeping an array made for a lone item (for passes that only read them). */
  peekItems(): readonly ValueNode[] {
    const held = this.held;
    return Array.isArray(held) ? held : [held];
  }

  set items(items: ValueNode[]) {
    this.held = items.length === 1 ? items[0] : items;
  }

  toJSON(): ListNode {
    return {
      kind: 'list',
      start: this.start,
      end: this.end,
      // Serialising a tree (xlcfg parse) keeps no array for a lone item.
      items: this.peekItems() as ValueNode[],
      commas: this.commas,
      closed: this.closed,
    };
  }
}

/** A list's items for a pass that only reads them: a lone item's array is not kept. */
export function peekItems(list: ListNode): readonly ValueNode[] {
  return list instanceof ListValueNode ? list.peekItems() : list.items;
}

// On the prototypes: reading a constant there costs what an own field would, and not 8 bytes a node.
Object.defineProperty(AssignmentNode.prototype, 'kind', { value: 'assignment' });
Object.defineProperty(NumberNode.prototype, 'kind', { value: 'number' });
Object.defineProperty(StringNode.prototype, 'kind', { value: 'string' });
Object.defineProperty(ListValueNode.prototype, 'kind', { value: 'list' });
