// Types of build-cli.mjs for the TypeScript that imports it (the bench).
import type * as esbuild from 'esbuild';

export function buildCli(esb: typeof esbuild, common: esbuild.BuildOptions, outDir: string): void;
