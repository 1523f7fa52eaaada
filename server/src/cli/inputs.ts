// Which files a command reads: files as given, every *.cfg below a directory (sorted, so output
// is stable), `-` for standard input. An unreadable path is reported by name; the rest still run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface Input {
  /** The path as given (or as found below a given directory). */
  name: string;
  bytes: Uint8Array;
}

export function collectInputs(
  paths: string[],
  stdin: number | string,
): { inputs: Input[]; errors: string[]; notes: string[] } {
  const inputs: Input[] = [];
  const errors: string[] = [];
  /** Worth saying, not an error: a directory with no config in it. */
  const notes: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      try {
        inputs.push({ name: '-', bytes: readFileSync(stdin) });
      } catch (e) {
        errors.push(`cannot read standard input: ${(e as NodeJS.ErrnoException).code ?? e}`);
      }
      continue;
    }
    try {
      if (statSync(p).isDirectory()) {
        const found = cfgFilesBelow(p);
        if (found.length === 0) notes.push(`no *.cfg files under ${p}`);
        for (const f of found) read(f);
      } else read(p);
    } catch (e) {
      errors.push(`cannot read ${p}: ${describeError(e)}`);
    }
  }
  return { inputs, errors, notes };

  function read(f: string): void {
    try {
      inputs.push({ name: f, bytes: readFileSync(f) });
    } catch (e) {
      errors.push(`cannot read ${f}: ${describeError(e)}`);
    }
  }
}

function describeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such file or directory'
    : code === 'EACCES'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'is a directory'
        : String(code ?? e);
}

function cfgFilesBelow(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? 1 : -1))) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') stack.push(p);
      } else if (entry.name.endsWith('.cfg')) out.push(p);
    }
  }
  return out.sort();
}

/** The nearest xlcfg.json from `dir` upwards. */
export function findProjectConfig(dir: string): string | undefined {
  let d = resolve(dir);
  for (;;) {
    const candidate = join(d, 'xlcfg.json');
    if (existsSync(candidate)) return candidate;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}
