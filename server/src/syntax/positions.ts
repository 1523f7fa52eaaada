// Offsets <-> LSP positions. Offsets index the decoded JavaScript string (UTF-16 code units),
// which is exactly what LSP's default position encoding counts, so a column is just
// `offset - lineStart`.
import type { Position, Range } from '../diagnostic';

export class LineIndex {
  private starts?: Int32Array;
  /** The line of the last offset looked up (see lineOf). */
  private recent = 0;

  constructor(readonly text: string) {}

  /**
   * Offset of the first character of every line; a line ends at LF only (xl knows no other).
   * Computed on first use: parsing a file xl accepts needs no positions at all. Counted first, then
   * filled in an array of exactly that size: 4 bytes a line, where a growing array of numbers cost
   * 8 and left about twice that in dead copies (5 MB of one-character lines: 21 MB + 42 MB).
   */
  get lineStarts(): Int32Array {
    if (!this.starts) {
      const text = this.text;
      let n = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
      const starts = new Int32Array(n);
      for (let i = text.indexOf('\n'), k = 1; i !== -1; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
      this.starts = starts;
    }
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  /**
   * The line holding `offset` (in range). Lookups mostly come in document order (diagnostics,
   * symbols), so the line of the previous lookup and the next one are tried before a binary search.
   */
  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    const last = starts.length - 1;
    let k = this.recent;
    if (starts[k] <= offset) {
      if (k === last || offset < starts[k + 1]) return k;
      if (k + 1 === last || offset < starts[k + 2]) return (this.recent = k + 1);
    }
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    k = lo;
    this.recent = k;
    return k;
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] - 1 : this.text.length;
    return Math.min(start + Math.max(0, position.character), end);
  }

  range(start: number, end: number): Range {
    const from = this.positionAt(start);
    // Most ranges lie on one line: the end's line is then known without a second lookup.
    if (start >= 0 && end >= start && end <= this.lineEnd(from.line))
      return { start: from, end: { line: from.line, character: end - this.lineStarts[from.line] } };
    return { start: from, end: this.positionAt(end) };
  }

  /** End offset of a line, excluding its LF. */
  lineEnd(line: number): number {
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
  }
}
