// C integer conversions, for assignments of xl's `long` values into libxl's narrower fields
// (C11 6.3.1.3: unsigned types wrap; GCC wraps signed ones too).
export const toInt32 = (v: bigint | number): number => Number(BigInt.asIntN(32, BigInt(v)));
export const toUint32 = (v: bigint | number): number => Number(BigInt.asUintN(32, BigInt(v)));
export const toUint8 = (v: bigint | number): number => Number(BigInt.asUintN(8, BigInt(v)));
export const toUint64 = (v: bigint | number): bigint => BigInt.asUintN(64, BigInt(v));
/** `long` (64-bit on every host xl runs on). */
export const toLong = (v: bigint | number): bigint => BigInt.asIntN(64, BigInt(v));
