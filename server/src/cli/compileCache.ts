// The `xlcfg` command's start-up. Compiling its bundle is most of what a one-file check costs
// over Node's own start-up: V8 pre-parses the whole 500 kB script, then compiles each function
// the run calls. V8 can keep that work as a code cache, which Node 20 reaches through vm.Script's
// `cachedData` (Node 22's module.enableCompileCache does the same for modules). This loads a
// CommonJS bundle through such a cache, made once per user after a run (so it holds the functions
// that run compiled) and reused while the bundle, Node and V8's flags stay the same.
//
// V8 rejects a cache made by another V8 version or with other flags, but compares the source by
// its length only: the file name therefore carries the bundle's build id (a hash of its content,
// set by scripts/build.mjs) and size. The cache is the user's own ($XDG_CACHE_HOME/xlcfg or
// ~/.cache/xlcfg; %LOCALAPPDATA%\xlcfg on Windows), written to a temporary file and renamed, so a
// concurrent run never reads half a file. Any failure falls back to a plain compile.
// XLCFG_NO_COMPILE_CACHE=1 (or Node's NODE_DISABLE_COMPILE_CACHE=1) turns it off.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';

/** Cache files kept per directory (other builds or Node versions used side by side). */
const KEEP = 4;
const SUFFIX = '.v8cache';

/** Where the code cache lives, or undefined when it is turned off or there is no home. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.XLCFG_NO_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base =
    env.XDG_CACHE_HOME ||
    (process.platform === 'win32' ? env.LOCALAPPDATA : env.HOME ? path.join(env.HOME, '.cache') : undefined);
  return base ? path.join(base, 'xlcfg') : undefined;
}

export interface CachedModule {
  /** The bundle's `module.exports`. */
  exports: Record<string, unknown>;
  /** Whether V8 took the compiled code from the cache. */
  fromCache: boolean;
  /** Writes the cache if there was none usable; call after the run, so it holds what the run compiled. */
  save(): void;
}

/**
 * Runs the CommonJS file `file` (a bundle that requires only Node's built-in modules) and returns
 * its exports. `buildId` names its content; without it or a `dir`, the file is compiled as usual.
 */
export function requireWithCompileCache(
  file: string,
  buildId: string | undefined,
  dir: string | undefined,
): CachedModule {
  const source = readFileSync(file, 'utf8');
  const cacheFile =
    buildId && dir
      ? path.join(
          dir,
          `${path.basename(file, '.js')}-${buildId}-${source.length}-${process.version}-${process.arch}${SUFFIX}`,
        )
      : undefined;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // No cache yet.
    }
  }
  // The wrapper keeps the bundle's first line on line 1, so stack traces point where they should.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  const mod = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  return {
    exports: mod.exports,
    fromCache,
    save() {
      if (!cacheFile || !dir || fromCache) return;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile);
        prune(dir, path.basename(cacheFile));
      } catch {
        // A read-only or full disk only costs the next run its speed.
      }
    },
  };
}

/** Keeps the KEEP most recently written caches of the directory (`current` among them). */
function prune(dir: string, current: string): void {
  const others = readdirSync(dir)
    .filter((f) => f.endsWith(SUFFIX) && f !== current)
    .map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of others.slice(KEEP - 1)) unlinkSync(path.join(dir, f));
}
