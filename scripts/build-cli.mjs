// The CLI's two files, shared by scripts/build.mjs and the bench: dist/cli-main.js (the command,
// bundled from server/src/cli/main.ts) and dist/cli.js (the `xlcfg` executable, bin.ts), which
// loads the first through a V8 code cache named after a hash of its content (compileCache.ts).
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds both with esbuild's buildSync and `common` options (bundle, platform, minify, ...). */
export function buildCli(esbuild, common, outDir) {
  const main = path.join(outDir, 'cli-main.js');
  esbuild.buildSync({ ...common, entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: main });
  const id = createHash('sha256').update(readFileSync(main)).digest('hex').slice(0, 16);
  const bin = path.join(outDir, 'cli.js');
  esbuild.buildSync({
    ...common,
    entryPoints: [path.join(root, 'server/src/cli/bin.ts')],
    outfile: bin,
    banner: { js: '#!/usr/bin/env node' },
    define: { XLCFG_CLI_BUILD_ID: JSON.stringify(id) },
  });
  chmodSync(bin, 0o755);
}
