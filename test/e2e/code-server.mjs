// Starts and stops a throwaway code-server for one test run. Shared by code-standin.mjs (API tests)
// and ui.mjs (UI test) so both get the same isolation and flags.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Headless Debian chromium. No --user-data-dir: playwright refuses it and makes a fresh profile in $TMPDIR. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function codeServerEnv(stateDir, extra) {
  // code-server otherwise writes a config with a random password under ~/.config and data under
  // ~/.local/share; keep everything inside the run's folder.
  const xdg = path.join(stateDir, 'xdg');
  fs.mkdirSync(xdg, { recursive: true });
  return { ...process.env, ...extra, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg };
}

/** Installs a .vsix into extensionsDir with code-server's CLI (about half a second). */
export async function installVsix({ entry, userDataDir, extensionsDir, vsix }) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { env: codeServerEnv(userDataDir), stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`code-server --install-extension ${vsix} exited with ${code}`);
}

/**
 * Starts code-server on a free loopback port with user settings from test/e2e/settings.json, and
 * resolves once /healthz answers. The remote extension host inherits `env`.
 * Returns { base, port, stop(), exited } where `exited` resolves if the server dies.
 */
export async function startCodeServer({ entry, userDataDir, extensionsDir, env = {}, log }) {
  const port = await freePort();
  // A missing --extensions-dir makes the extension host skip the extensions silently.
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.copyFileSync(new URL('./settings.json', import.meta.url), settingsFile);
  }
  const config = path.join(userDataDir, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const server = spawn(
    process.execPath,
    [
      entry,
      '--config',
      config,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
    ],
    // Own process group: stopping it then also ends the extension host, language server, pty host and
    // file watcher, which otherwise linger after code-server itself.
    { env: codeServerEnv(userDataDir, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const out = fs.createWriteStream(log ?? path.join(userDataDir, 'code-server.log'));
  server.stdout.pipe(out);
  server.stderr.pipe(out);
  const exited = new Promise((resolve) => server.on('exit', resolve));
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {} // already gone
  };
  process.on('exit', stop);
  // `timeout` in scripts/e2e.sh ends us with SIGTERM; take the group down with us.
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === 'SIGTERM' ? 15 : 2));
    });
  }

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (server.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not come up on ${base} (see ${out.path})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, port, stop, exited };
}
