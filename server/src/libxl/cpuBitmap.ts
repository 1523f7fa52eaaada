// libxl_cpu_bitmap_alloc (tools/libs/light/libxl_utils.c) refuses a negative CPU count and logs
// why before it returns: xl prints that libxl line before its own.

/** Line of `LOG(ERROR, "invalid number of cpus provided")` in libxl_utils.c, per release. */
const LOG_LINE: Record<string, number> = { '4.17': 809, '4.18': 810, '4.19': 812, '4.20': 812, '4.21': 812, '4.22': 812 };

/** The line libxl logs when libxl_cpu_bitmap_alloc gets a negative count (release "4.17" ... "4.22"). */
export function cpuBitmapAllocError(release: string): string {
  return `libxl: error: libxl_utils.c:${LOG_LINE[release]}:libxl_cpu_bitmap_alloc: invalid number of cpus provided`;
}
