// The `xlcfg` executable (dist/cli.js): a few lines that load the command's bundle
// (dist/cli-main.js, built from main.ts) through the compile cache, then run it. Kept apart from
// the bundle because a script cannot be compiled from a cache it is itself part of.
import * as path from 'node:path';
import { compileCacheDir, requireWithCompileCache } from './compileCache';

/** A hash of dist/cli-main.js, set by scripts/build.mjs (absent when run from source). */
declare const XLCFG_CLI_BUILD_ID: string | undefined;

const buildId = typeof XLCFG_CLI_BUILD_ID === 'string' ? XLCFG_CLI_BUILD_ID : undefined;
const cli = requireWithCompileCache(path.join(__dirname, 'cli-main.js'), buildId, compileCacheDir());
try {
  (cli.exports.runProcess as () => void)();
} finally {
  cli.save();
}
