#!/usr/bin/env node
// A stand-in for the `code` executable, so that @vscode/test-electron's
// runTests({ vscodeExecutablePath }) drives a real VS Code on a machine without internet.
//
// Desktop VS Code cannot be downloaded here, but code-server 4.100.3 ships VS Code 1.100.3's server
// and web workbench. code-server rejects --extensionDevelopmentPath/--extensionTestsPath on its
// command line; the web workbench accepts them in its URL `payload` (as vscode-remote:// URIs), runs
// the test module in the remote (node) extension host, and reports the result through
// window.codeAutomationExit. So: start code-server, open that URL in Debian's chromium via
// playwright-core, relay the extension host's console, exit with the tests' exit code.
//
// Environment: CODE_SERVER_ENTRY (required; …/node_modules/code-server/out/node/entry.js),
// CHROMIUM (default /usr/bin/chromium), XLCFG_E2E_TIMEOUT_MS (default 300000),
// XLCFG_E2E_SHOTS (where to put a screenshot of the workbench when the run fails).
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium, startCodeServer } from './code-server.mjs';

const argv = process.argv.slice(2);
const values = (name) => argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const devPaths = values('extensionDevelopmentPath').map((p) => path.resolve(p));
const testsPath = values('extensionTestsPath').map((p) => path.resolve(p))[0];
const userDataDir = path.resolve(values('user-data-dir')[0] ?? '.vscode-test/user-data');
const extensionsDir = path.resolve(values('extensions-dir')[0] ?? '.vscode-test/extensions');
// runTests puts launchArgs (the workspace folder) among its flags; the folder is the one bare argument.
// Flags the workbench has no use for (--no-sandbox, --disable-extensions, …) are ignored.
const folder = argv.find((a) => !a.startsWith('-'));
const entry = process.env.CODE_SERVER_ENTRY;
if (!entry || !testsPath || devPaths.length === 0) {
  console.error(
    'usage: CODE_SERVER_ENTRY=<entry.js> code-standin.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]',
  );
  process.exit(2);
}

// The environment given to us (runTests' extensionTestsEnv included) reaches the extension host.
const server = await startCodeServer({ entry, userDataDir, extensionsDir, env: {} }).catch((e) => {
  console.error(String(e));
  process.exit(1);
});
const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
const payload = [
  ...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
  ['extensionTestsPath', remote(testsPath)],
  ['skipWelcome', 'true'],
];
// ?folder= must be an absolute server path, else the workbench stops at "Workspace does not exist".
const where = folder ? `folder=${encodeURIComponent(path.resolve(folder))}` : 'ew=true';
const url = `${server.base}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const timeoutMs = Number(process.env.XLCFG_E2E_TIMEOUT_MS ?? 300_000);
const code = await new Promise((resolve) => {
  const timer = setTimeout(() => {
    console.error(`extension tests did not finish within ${timeoutMs} ms`);
    resolve(124);
  }, timeoutMs);
  server.exited.then((c) => {
    console.error(`code-server exited (${c}) before the tests finished; see ${userDataDir}/code-server.log`);
    resolve(1);
  });
  (async () => {
    // The workbench forwards its own and the extension host's console with printf-style arguments.
    // Drop what every start prints: the offline gallery lookup (open-vsx.org) and connection chatter.
    const noise = /ENOTFOUND open-vsx\.org|^(Resolving connection token|Resolved connection token|Creating a socket) /;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...args);
      if (!noise.test(text)) (type === 'error' ? console.error : console.log)(text);
    });
    await page.exposeFunction('codeAutomationExit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
    await page.goto(url);
  })().catch((e) => {
    console.error(`could not open the workbench: ${e}`);
    resolve(1);
  });
});
const shots = process.env.XLCFG_E2E_SHOTS;
if (code !== 0 && shots) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'api-failed.png') }).catch(() => {});
}
await browser.close().catch(() => {});
server.stop();
process.exit(code);
