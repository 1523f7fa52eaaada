// Mocha entry the extension host loads (runTests' extensionTestsPath): the @vscode/test-electron
// contract is a module exporting run(): Promise<void> that rejects when tests fail.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * Activation time, measured here because only a real extension host can: from a cold start (no
 * xlcfg document opened yet), how long `activate()` takes to resolve, language server start and
 * `initialize` included. Written where XLCFG_E2E_ACTIVATION says, for `npm run bench` to report.
 */
async function measureActivation(): Promise<void> {
  const ext = vscode.extensions.getExtension('xlcfg.xlcfg');
  if (!ext || ext.isActive) return;
  const t0 = performance.now();
  await ext.activate();
  const activationMs = Math.round((performance.now() - t0) * 10) / 10;
  console.log(`activation: ${activationMs} ms (activate() with the language server started, VS Code ${vscode.version})`);
  const out = process.env.XLCFG_E2E_ACTIVATION;
  if (out) fs.writeFileSync(out, JSON.stringify({ activationMs, vscodeVersion: vscode.version, measuredAt: new Date().toISOString() }) + '\n');
}

export async function run(): Promise<void> {
  await measureActivation();
  return runMocha();
}

function runMocha(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    // Generous per test: the first test waits for the language server to start; waits inside the
    // tests have their own, shorter deadlines with precise messages.
    timeout: 60_000,
    grep: process.env.XLCFG_E2E_GREP || undefined,
  });
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      // Plain closing line that scripts/e2e.sh sums up.
      console.log(`api: ${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} extension API test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
}
