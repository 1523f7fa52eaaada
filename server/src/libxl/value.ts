// libxl values as the xl model builds them. A struct is a plain object holding only the fields xl
// set; a field that is absent has libxl's initial value (libxl_<type>_init), which the JSON
// printer fills in from the IDL. This keeps each xl step a plain assignment, as in xl_parse.c.
//
// Field values by IDL type:
//   int, uint8/16/32         number, already converted to the field's C type (see cnum.ts)
//   uint64 (MemKB too)       bigint
//   enum                     the name libxl_<enum>_to_string gives (lower case), or a number when
//                            the stored integer is no value of the enum (printed as null)
//   string                   string (absent: NULL)
//   defbool                  boolean (absent: default)
//   bool                     boolean
//   bitmap                   LibxlBitmap
//   uuid                     string, 36 lower-case hex characters and dashes
//   mac                      six numbers
//   string_list              string[]
//   key_value_list           Array<[key, value or null]>
//   hwcap                    four numbers
//   ms_vm_genid              sixteen numbers
//   cpuid_policy_list        CpuidPolicy
//   Array(T, "num_x")        T[] under the field's name (the count is the length)
//   KeyedUnion field `u`     the active member's struct; the key is its sibling field
// Any field may instead hold an Unknown: a value that depends on something xlcfg was not told
// (the host's CPUs and NUMA nodes); the printer shows null and lists where.

export type LibxlValue =
  | number
  | bigint
  | string
  | boolean
  | LibxlBitmap
  | CpuidPolicy
  | readonly LibxlValue[]
  | readonly [string, string | null][]
  | LibxlStruct
  | Unknown;

/** A value xl would compute from facts xlcfg does not have, with what is missing. */
export class Unknown {
  constructor(readonly reason: string) {}
}

/**
 * The most bits xlcfg builds a libxl_bitmap of, one by one. xl goes further (a vCPU map has as many
 * bits as `vcpus` says), but no Xen domain has a million vCPUs, and holding such a map, or printing
 * its JSON, would stall the editor.
 */
export const MAX_MODELLED_BITS = 1 << 20;

/** A libxl_bitmap of more than MAX_MODELLED_BITS bits: its size is known, not its bits. */
export class LargeBitmap extends Unknown {
  constructor(readonly bits: number) {
    super(`a ${bits}-bit map, too large for xlcfg to spell out`);
  }
}

export interface LibxlStruct {
  [field: string]: LibxlValue | undefined;
}

/** libxl_bitmap: a byte-sized bit array; bits past its size are ignored (libxl_bitmap_set). */
export class LibxlBitmap {
  private readonly bytes: Uint8Array;

  /** `bits` is rounded up to whole bytes, as libxl_bitmap_alloc does. */
  constructor(bits: number) {
    this.bytes = new Uint8Array(Math.max(0, Math.ceil(bits / 8)));
  }

  /** Size in bits (a multiple of 8). */
  get size(): number {
    return this.bytes.length * 8;
  }

  set(bit: number): void {
    if (bit >= 0 && bit < this.size) this.bytes[bit >> 3] |= 1 << (bit & 7);
  }

  reset(bit: number): void {
    if (bit >= 0 && bit < this.size) this.bytes[bit >> 3] &= ~(1 << (bit & 7));
  }

  test(bit: number): boolean {
    return bit >= 0 && bit < this.size && (this.bytes[bit >> 3] & (1 << (bit & 7))) !== 0;
  }

  /** libxl_bitmap_set_any: every bit of the allocated size. */
  setAny(): void {
    this.bytes.fill(0xff);
  }

  setNone(): void {
    this.bytes.fill(0);
  }

  isEmpty(): boolean {
    return this.bytes.every((b) => b === 0);
  }

  /** The set bits, ascending: what libxl_bitmap_gen_json prints. */
  bits(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.test(i)) out.push(i);
    return out;
  }

  copy(): LibxlBitmap {
    const c = new LibxlBitmap(this.size);
    c.bytes.set(this.bytes);
    return c;
  }
}

/** One CPUID leaf override: 32-character policy strings per register (libxl_cpuid.c). */
export interface CpuidLeafPolicy {
  leaf: number;
  /** Absent when the leaf has no subleaf (XEN_CPUID_INPUT_UNUSED). */
  subleaf?: number;
  eax?: string;
  ebx?: string;
  ecx?: string;
  edx?: string;
}

/** libxl_cpuid_policy_list: CPUID leaf overrides and MSR overrides (64-character policies). */
export interface CpuidPolicy {
  cpuid: CpuidLeafPolicy[];
  msr: Array<{ index: number; policy: string }>;
}

export function isCpuidPolicy(v: unknown): v is CpuidPolicy {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as CpuidPolicy).cpuid) &&
    Array.isArray((v as CpuidPolicy).msr)
  );
}

/** LIBXL_MEMKB_DEFAULT (~0ULL, libxl.h): what a memory field holds when nobody set it. */
export const MEMKB_DEFAULT = 2n ** 64n - 1n;
