// libxl_cpu_bitmap_alloc (tools/libs/light/libxl_utils.c) for a count of CPUs: it refuses a
// negative one, logging why; libxl_bitmap_alloc then sizes the map `(n_bits + 7) / 8` bytes in an
// int, so a count within 7 of INT_MAX wraps negative and libxl__calloc fails, which is fatal
// (libxl_internal.c: libxl__alloc_failed).
import { toInt32 } from './cnum';
import { compareVersions } from '../schema/versions';

/** Line of `LOG(ERROR, "invalid number of cpus provided")` in libxl_utils.c, per release. */
const LOG_LINE: Record<string, number> = {
  '4.17': 809,
  '4.18': 810,
  '4.19': 812,
  '4.20': 812,
  '4.21': 812,
  '4.22': 812,
};

/** The line libxl logs when libxl_cpu_bitmap_alloc gets a negative count (release "4.17" ... "4.22"). */
export function cpuBitmapAllocError(release: string): string {
  return `libxl: error: libxl_utils.c:${LOG_LINE[release]}:libxl_cpu_bitmap_alloc: invalid number of cpus provided`;
}

/** How libxl_cpu_bitmap_alloc(ctx, map, n) fails for a count `n` (a C int), if it does. */
export type BitmapAllocFailure =
  /** It returns an error (the caller prints its own line after libxl's). */
  | { kind: 'error'; printed: string[] }
  /** libxl__alloc_failed: the process ends, `_exit(-1)` in 4.17, abort() from 4.18 (commit 630dc3798e). */
  | { kind: 'fatal'; effect: 'refusal' | 'crash'; printed: string[] };

export function cpuBitmapAllocFailure(release: string, n: number): BitmapAllocFailure | undefined {
  if (n < 0) return { kind: 'error', printed: [cpuBitmapAllocError(release)] };
  const bytes = Math.trunc(toInt32(n + 7) / 8);
  if (bytes >= 0) return undefined;
  // libxl__calloc(NOGC, 1, sz) with the negative sz as a size_t; libxl__log appends strerror(ENOMEM)
  // after the message's own newline.
  const failure = `libxl: FATAL ERROR: memory allocation failure (libxl__calloc, 1 x ${2n ** 64n + BigInt(bytes)})`;
  return {
    kind: 'fatal',
    effect: compareVersions(release, '4.18') >= 0 ? 'crash' : 'refusal',
    printed: [`libxl: critical: libxl__calloc: ${failure}`, ': Cannot allocate memory', failure],
  };
}
