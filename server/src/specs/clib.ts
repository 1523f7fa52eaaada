// The C library calls xl and libxlu use to read numbers, as glibc on a 64-bit host behaves:
// isspace, strtoul, strtol, atoi (which is (int) strtol), sscanf's %x / %u, and the integer
// conversions of the assignments that follow them.

/** ULONG_MAX on a 64-bit host: strtoul's result on overflow. */
export const ULONG_MAX = (1n << 64n) - 1n;
/** UINT32_MAX, the bound of the 32-bit reads (ioports, irqs, xenstore_quota). */
export const U32 = 0xffffffffn;
const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** isspace() in the C locale. */
export function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/** The digit value of `c` in bases up to 16, or -1. */
export function hexVal(c: string | undefined): number {
  if (c === undefined) return -1;
  const k = c.charCodeAt(0);
  if (k >= 48 && k <= 57) return k - 48;
  if (k >= 97 && k <= 102) return k - 87;
  if (k >= 65 && k <= 70) return k - 55;
  return -1;
}

interface Magnitude {
  negative: boolean;
  /** The digits' value, or undefined past ULONG_MAX. */
  mag: bigint | undefined;
  end: number;
  ok: boolean;
}

/**
 * What strtoul and strtol share: white space, a sign, base 0's prefix (0x hex, leading 0 octal)
 * or base 16's 0x, then the digits. Nothing converts (ok false, end at `pos`) without a digit.
 */
function readMagnitude(text: string, pos: number, base: 0 | 8 | 10 | 16): Magnitude {
  let i = pos;
  const n = text.length;
  while (i < n && isCSpace(text[i])) i++;
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
  } else if (b === 0) {
    b = text[i] === '0' ? 8 : 10;
  }
  const digitsStart = i;
  let v: bigint | undefined = 0n;
  const bb = BigInt(b);
  while (i < n) {
    const d = hexVal(text[i]);
    if (d < 0 || d >= b) break;
    if (v !== undefined) {
      v = v * bb + BigInt(d);
      if (v > ULONG_MAX) v = undefined;
    }
    i++;
  }
  if (i === digitsStart) return { negative: false, mag: 0n, end: pos, ok: false };
  return { negative, mag: v, end: i, ok: true };
}

export interface NumRead {
  /** value as a bigint (exact) */
  value: bigint;
  /** index just past the number, or the starting index when nothing was read */
  end: number;
  ok: boolean;
  negative: boolean;
}

/**
 * strtoul/strtoull(text + pos, &end, base) on 64-bit: ULONG_MAX on overflow; a negative number
 * wraps modulo 2^64 as C does.
 */
export function strtoul(text: string, pos: number, base: 0 | 8 | 10 | 16): NumRead {
  const m = readMagnitude(text, pos, base);
  if (!m.ok) return { value: 0n, end: pos, ok: false, negative: false };
  let value = m.mag ?? ULONG_MAX;
  if (m.mag !== undefined && m.negative) value = (ULONG_MAX + 1n - value) & ULONG_MAX;
  return { value, end: m.end, ok: true, negative: m.negative };
}

export interface SignedRead {
  value: bigint;
  end: number;
  ok: boolean;
}

/** strtol(text + pos, &end, base): signed, clamped to LONG_MIN..LONG_MAX on overflow. */
export function strtol(text: string, pos: number, base: 0 | 10 | 16): SignedRead {
  const m = readMagnitude(text, pos, base);
  if (!m.ok) return { value: 0n, end: pos, ok: false };
  if (m.mag === undefined) return { value: m.negative ? LONG_MIN : LONG_MAX, end: m.end, ok: true };
  let value = m.negative ? -m.mag : m.mag;
  if (value > LONG_MAX) value = LONG_MAX;
  if (value < LONG_MIN) value = LONG_MIN;
  return { value, end: m.end, ok: true };
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
