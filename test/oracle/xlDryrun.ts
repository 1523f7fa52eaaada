// Xen's real xl, run dry (`xl -N create`) through ../shared/oracle/xl-dryrun: its verdict, what it
// prints and the libxl domain config it builds. Tests that use it skip when ../shared is absent.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseJson, type JsonValue } from '../../server/src/libxl/jsonText';
import { onPath } from '../onPath';

export const XL_DRYRUN = resolve(__dirname, '../../../shared/oracle/xl-dryrun/xl-dryrun');

/** The releases the oracle runs. */
export const ORACLE_RELEASES = ['4.17', '4.20'] as const;
export type OracleRelease = (typeof ORACLE_RELEASES)[number];

export interface XlRun {
  file: string;
  rc: number;
  /** Every line xl printed on stderr except "Parsing config from ...". */
  stderr: string[];
  config: { [key: string]: JsonValue } | null;
}

/** The shell of the xl-dryrun wrapper reporting that xl died (`...: line 48: 5095 Segmentation fault ...`). */
export const WRAPPER_LINE = /^\S*xl-dryrun: line \d+: /;

/**
 * What glibc prints when it aborts a process whose heap is corrupt (xl using memory it never
 * initialised): the words depend on the heap's state, not on xl.
 */
export const GLIBC_ABORT =
  /^(free\(\): |double free or corruption|munmap_chunk\(\): |malloc\(\): |realloc\(\): |corrupted |malloc_consolidate\(\): )/;

/** Why the oracle cannot run here, or undefined when it can. */
export function xlUnavailable(pathVar = process.env.PATH): string | undefined {
  if (!existsSync(XL_DRYRUN)) return `${XL_DRYRUN} is absent (../shared is not beside the checkout)`;
  // The wrapper prints its JSON with python3 and builds its LD_PRELOAD shim with cc.
  for (const tool of ['python3', 'cc']) if (!onPath(tool, pathVar)) return `no ${tool} on PATH (xl-dryrun needs it)`;
  return undefined;
}

/**
 * Runs xl on each text (as a file named after its key, in a fresh folder) and returns the runs in
 * the same order. A text given as bytes is written as is (real configs need not be UTF-8). One process for the batch; xl itself runs once per file (~10 ms each).
 */
export function runXl(
  texts: ReadonlyArray<string | Uint8Array>,
  release: OracleRelease,
  names?: readonly string[],
): XlRun[] {
  const dir = mkdtempSync(join(tmpdir(), 'xlcfg-xl-'));
  try {
    const files = texts.map((t, i) => {
      const f = join(dir, names?.[i] ?? `c${i}.cfg`);
      writeFileSync(f, t);
      return f;
    });
    const out: XlRun[] = [];
    // Batches keep the command line short.
    for (let i = 0; i < files.length; i += 400) {
      const batch = files.slice(i, i + 400);
      const text = execFileSync(XL_DRYRUN, ['--xen', release, ...batch], { encoding: 'utf8', maxBuffer: 1 << 28 });
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const r = parseJson(line) as { file: string; rc: number; stderr: string[]; config: XlRun['config'] };
        // libxlutil prefixes its lines with the path it was given (after the words of a message
        // left without a newline, too): keep only the file name.
        const strip = (l: string): string => l.split(dir + '/').join('');
        out.push({ file: r.file, rc: r.rc, stderr: r.stderr.map(strip), config: r.config });
      }
    }
    if (out.length !== texts.length) throw new Error(`xl-dryrun answered ${out.length} of ${texts.length} files`);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
