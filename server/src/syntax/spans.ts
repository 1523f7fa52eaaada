// A growable list of (start, end) offset pairs in one flat array. Comments are kept this way: a
// file can hold tens of thousands, and the parse itself never needs them as objects. A plain
// array of small integers rather than a typed array: it grows in place on the heap, where a typed
// array past 64 bytes is a separate allocation outside it, regrown by copying (the growth showed
// in profiles of the CLI over typical files, which have ten or so comments).

export class SpanList {
  private readonly data: number[] = [];
  private n = 0;

  get count(): number {
    return this.n;
  }

  start(k: number): number {
    return this.data[2 * k];
  }

  end(k: number): number {
    return this.data[2 * k + 1];
  }

  add(start: number, end: number): void {
    this.data.push(start, end);
    this.n++;
  }

  /** Drop the last span (the scanner takes back a comment that turns out to be the dropped last byte). */
  pop(): void {
    if (this.n === 0) return;
    this.n--;
    this.data.length = this.n * 2;
  }

  /** Index of the first span starting at or after `offset`. */
  firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.data[2 * mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Append spans [from, to) of `other`, moved by `shift`. */
  addFrom(other: SpanList, from: number, to: number, shift: number): void {
    if (to <= from) return;
    const d = this.data;
    const src = other.data;
    let w = this.n * 2;
    // Grown once to the final size rather than push by push (a large file has thousands of comments).
    d.length = w + (to - from) * 2;
    for (let k = 2 * from; k < 2 * to; k++) d[w++] = src[k] + shift;
    this.n += to - from;
  }

  /** The spans as objects, in order. */
  list(): Array<{ start: number; end: number }> {
    const out = new Array<{ start: number; end: number }>(this.n);
    for (let k = 0; k < this.n; k++) out[k] = { start: this.data[2 * k], end: this.data[2 * k + 1] };
    return out;
  }

  /** The spans whose text contains `word`, as objects, in order. */
  containing(text: string, word: string): Array<{ start: number; end: number }> {
    const out: Array<{ start: number; end: number }> = [];
    // One forward search for the word, not one per span.
    let at = text.indexOf(word);
    for (let k = 0; k < this.n && at !== -1; k++) {
      const start = this.data[2 * k];
      const end = this.data[2 * k + 1];
      if (at < start) at = text.indexOf(word, start);
      if (at !== -1 && at + word.length <= end) out.push({ start, end });
    }
    return out;
  }
}
