// Bundles the entry points (VS Code client, language server, CLI) with esbuild. The server
// and the CLI are executables (the package's `xlcfg-language-server` and `xlcfg` bins).
// `--production` minifies; otherwise sourcemaps are emitted for debugging.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';
import { buildCli } from './build-cli.mjs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'dist/server.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  // The CLI is two files (scripts/build-cli.mjs): the command and the executable that loads it.
  Promise.resolve().then(() => buildCli(esbuild, common, 'dist')),
]);
chmodSync('dist/server.js', 0o755);
