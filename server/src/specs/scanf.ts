// glibc sscanf's integer conversions (%x, %lx, %u), which differ from strtoul at the edges: a
// "0x" prefix is consumed even with no hex digit after it (sscanf("0x,5", "%lx,%lx") reads 0 and
// 5), and %u stores the unsigned long result truncated to 32 bits (4294967297 reads as 1,
// overflow as 0xffffffff). stdio-common/vfscanf-internal.c collects sign and digits, then
// converts them with __strtoul_internal.
import { isCSpace, ULONG_MAX } from './clib';

export interface ScanRead {
  /** The value as the conversion stores it (unsigned long; truncate for %u yourself). */
  value: bigint;
  /** Index just past what the conversion consumed. */
  end: number;
}

/** One %x/%lx (base 16) or %u (base 10) conversion at `pos`, or undefined on a matching failure. */
export function scanUnsigned(text: string, pos: number, base: 10 | 16): ScanRead | undefined {
  let i = pos;
  while (i < text.length && isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  let digits = 0;
  let v = 0n;
  let overflow = false;
  const B = BigInt(base);
  if (base === 16 && text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    digits = 1; // the '0' counts; the 'x' is skipped
    i += 2;
  }
  for (; i < text.length; i++) {
    const d = digitValue(text[i]);
    if (d < 0 || d >= base) break;
    digits++;
    if (!overflow) {
      v = v * B + BigInt(d);
      if (v > ULONG_MAX) overflow = true;
    }
  }
  if (!digits) return undefined;
  if (overflow) v = ULONG_MAX;
  else if (negative) v = (ULONG_MAX + 1n - v) & ULONG_MAX;
  return { value: v, end: i };
}

function digitValue(c: string): number {
  const k = c.charCodeAt(0);
  if (k >= 48 && k <= 57) return k - 48;
  if (k >= 97 && k <= 102) return k - 87;
  if (k >= 65 && k <= 70) return k - 55;
  return -1;
}
