// Client side of xlu-harness.c: compiles it on demand and runs batches of inputs through
// libxlutil in one child process. Shared by the differential test, the fuzzer and the bench.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Value } from '../../server/src/syntax/tree';
import { onPath } from '../onPath';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const buildDir = path.join(repoRoot, '.build');
export const LIBXLUTIL_HEADER = '/usr/include/libxlutil.h';

export type OracleResult =
  | { ok: true; settings: Record<string, Value>; report: string[] }
  | { ok: false; report: string[] }
  | { abort: true }
  | { crash: number | string };

/** The harness binary, or why it cannot be built here (callers skip with that line). */
export type Harness = { bin: string; skip?: undefined } | { bin?: undefined; skip: string };

/** Builds the harness into `outDir` when it is missing or older than its source. */
export function buildHarness(outDir = buildDir): Harness {
  if (!existsSync(LIBXLUTIL_HEADER)) return { skip: `libxen-dev not installed (no ${LIBXLUTIL_HEADER})` };
  const src = path.join(__dirname, 'xlu-harness.c');
  const bin = path.join(outDir, 'xlu-harness');
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
    if (!onPath('cc')) return { skip: 'no C compiler (cc) on PATH to build the libxlutil harness' };
    mkdirSync(outDir, { recursive: true });
    execFileSync('cc', ['-O2', '-o', bin, src, '-lxlutil'], { stdio: 'inherit' });
  }
  return { bin };
}

const IDENT_START = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const IDENT_PART = (c: number): boolean => IDENT_START(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e;

/**
 * Candidate key names: every identifier-looking run followed by blanks and `=` or `+=`, plus
 * every suffix of such a run that starts with a-z (a key may sit right after a NUMBER token).
 * Over-approximating is harmless: names libxlutil does not hold are simply absent.
 */
export function candidateKeys(bytes: Uint8Array, extra: Iterable<string> = []): string[] {
  const keys = new Set<string>(extra);
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    if (!IDENT_PART(bytes[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && IDENT_PART(bytes[j])) j++;
    let k = j;
    while (k < n && (bytes[k] === 0x20 || bytes[k] === 0x09)) k++;
    if (k < n && (bytes[k] === 0x3d || (bytes[k] === 0x2b && bytes[k + 1] === 0x3d))) {
      for (let s = i; s < j; s++)
        if (IDENT_START(bytes[s])) keys.add(Buffer.from(bytes.subarray(s, j)).toString('latin1'));
    }
    i = j;
  }
  return [...keys];
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

export function frame(bytes: Uint8Array, keys: string[]): Buffer {
  const parts: Buffer[] = [u32(bytes.length), Buffer.from(bytes), u32(keys.length)];
  for (const k of keys) {
    const kb = Buffer.from(k, 'latin1');
    parts.push(u32(kb.length), kb);
  }
  return Buffer.concat(parts);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Runs one batch through a fresh harness process; results are in input order. */
export function runOracle(bin: string, inputs: Array<{ bytes: Uint8Array; keys: string[] }>): Promise<OracleResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`xlu-harness exited with ${code}`));
      const out = Buffer.concat(chunks);
      const results: OracleResult[] = [];
      let start = 0;
      for (let i = 0; i < out.length; i++) {
        if (out[i] !== 0x0a) continue;
        // WHATWG replacement decoding, the same rule decodeUtf8 applies to the config itself.
        results.push(JSON.parse(utf8.decode(out.subarray(start, i))) as OracleResult);
        start = i + 1;
      }
      if (results.length !== inputs.length)
        return reject(new Error(`xlu-harness answered ${results.length} of ${inputs.length} inputs`));
      resolve(results);
    });
    child.stdin.on('error', () => undefined); // EPIPE is reported through 'close'
    child.stdin.end(Buffer.concat(inputs.map((x) => frame(x.bytes, x.keys))));
  });
}
