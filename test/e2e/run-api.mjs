// Extension-API tests: bundles the mocha suite (test/e2e/suite/*.ts -> out/e2e/suite/) and runs it
// with @vscode/test-electron's runTests in a real VS Code.
//
// Here VSCODE_EXECUTABLE is test/e2e/code-standin.mjs (code-server + chromium, see that file); on a
// machine with internet, leave it unset and runTests downloads desktop VS Code instead.
// Environment: XLCFG_E2E_RUN (scratch folder, default .e2e/api), VSCODE_EXECUTABLE, CODE_SERVER_ENTRY.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suiteSrc = path.join(root, 'test/e2e/suite');
const suiteOut = path.join(root, 'out/e2e/suite');
const run = path.resolve(process.env.XLCFG_E2E_RUN ?? path.join(root, '.e2e/api'));

// One bundle per file: index.js finds *.test.js next to itself. vscode comes from the extension
// host, mocha from node_modules (its runner require()s the test files).
fs.rmSync(suiteOut, { recursive: true, force: true });
await esbuild.build({
  entryPoints: fs
    .readdirSync(suiteSrc)
    .filter((f) => /^(index|.*\.test)\.ts$/.test(f))
    .map((f) => path.join(suiteSrc, f)),
  outdir: suiteOut,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

// Fresh state per run; the quick-fix tests edit (and revert) a copy, never the fixtures.
fs.rmSync(run, { recursive: true, force: true });
fs.cpSync(path.join(root, 'test/e2e/workspace'), path.join(run, 'workspace'), { recursive: true });

try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(suiteOut, 'index.js'),
    launchArgs: [
      path.join(run, 'workspace'),
      `--user-data-dir=${path.join(run, 'user-data')}`,
      `--extensions-dir=${path.join(run, 'extensions')}`,
      '--disable-extensions',
    ],
    extensionTestsEnv: {
      XLCFG_E2E_GREP: process.env.XLCFG_E2E_GREP ?? '',
      XLCFG_E2E_ACTIVATION: path.join(root, '.e2e', 'activation.json'),
    },
  });
} catch (e) {
  console.error(`extension API tests failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
