// The C library calls xl and libxlu use to read numbers, as glibc on a 64-bit host behaves:
// strtol, atoi (which is (int) strtol), sscanf's %x / %u, and the integer conversions of the
// assignments that follow them. strtoul itself lives in util.ts.
import { hexVal, isCSpace, strtoul, ULONG_MAX } from './util';

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

export interface SignedRead {
  value: bigint;
  end: number;
  ok: boolean;
}

/** strtol(text + pos, &end, base): signed, clamped to LONG_MIN..LONG_MAX on overflow. */
export function strtol(text: string, pos: number, base: 0 | 10 | 16): SignedRead {
  let i = pos;
  while (i < text.length && isCSpace(text[i])) i++;
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
  } else if (b === 0) b = text[i] === '0' ? 8 : 10;
  const first = i;
  let mag = 0n;
  for (; i < text.length; i++) {
    const d = hexVal(text[i]);
    if (d < 0 || d >= b) break;
    if (mag <= ULONG_MAX) mag = mag * BigInt(b) + BigInt(d);
  }
  if (i === first) return { value: 0n, end: pos, ok: false };
  let value = negative ? -mag : mag;
  if (value > LONG_MAX) value = LONG_MAX;
  if (value < LONG_MIN) value = LONG_MIN;
  return { value, end: i, ok: true };
}

/** C atoi: (int) strtol(text, NULL, 10) in glibc; no digits gives 0. */
export function atoi(text: string): number {
  const r = strtol(text, 0, 10);
  return r.ok ? Number(BigInt.asIntN(32, r.value)) : 0;
}

/** strtoul(text, NULL, base) as a value: 0 when there are no digits. */
export function strtoulValue(text: string, base: 0 | 10 | 16): bigint {
  const r = strtoul(text, 0, base);
  return r.ok ? r.value : 0n;
}

export interface ScanRead {
  /** The unsigned int stored: the strtoul result truncated to 32 bits. */
  value: number;
  end: number;
}

/**
 * One sscanf conversion `%x` (base 16) or `%u` (base 10) into an unsigned int, from `pos`:
 * leading white space is skipped, a sign and (for %x) a 0x prefix are accepted, and the value is
 * strtoul's truncated to 32 bits. Undefined when nothing converts (sscanf stops there);
 * `atEnd` tells an input failure (nothing but white space left: sscanf returns EOF) from a
 * matching failure.
 */
export function scanUnsigned(text: string, pos: number, base: 10 | 16): ScanRead | { atEnd: boolean } {
  let i = pos;
  while (i < text.length && isCSpace(text[i])) i++;
  if (i >= text.length) return { atEnd: true };
  const r = strtoul(text, i, base);
  if (!r.ok) return { atEnd: false };
  return { value: Number(BigInt.asUintN(32, r.value)), end: r.end };
}

/** C `bool` from an integer: any non-zero value is true. */
export const toBool = (v: bigint | number): boolean => BigInt(v) !== 0n;
