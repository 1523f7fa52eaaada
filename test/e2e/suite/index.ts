// Mocha entry the extension host loads (runTests' extensionTestsPath): the @vscode/test-electron
// contract is a module exporting run(): Promise<void> that rejects when tests fail.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
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
