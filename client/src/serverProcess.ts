// The language server's process. Loading this module starts one: VS Code loads the extension's
// bundle and builds its ExtensionContext (storage, read from the workbench) side by side before
// it calls activate(), and in a fresh window the context is the slower of the two, so the server
// boots in that wait instead of after it. extension.ts imports this module first, before the
// language client's own modules are evaluated. The extension is loaded only to be activated
// (`onLanguage:xlcfg`, the preview), so nothing starts a server that is not wanted.
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { SERVER_EXEC_ARGV, serverEnv } from './serverArgs';

/** dist/server.js, next to this bundle (dist/client.js). */
export const SERVER_MODULE = path.join(__dirname, 'server.js');

/**
 * A new server process speaking LSP over its standard input and output, with SERVER_EXEC_ARGV and
 * serverEnv (see serverArgs.ts). In desktop VS Code
 * `process.execPath` is Electron, which runs as plain Node with ELECTRON_RUN_AS_NODE (as the
 * language client does for the servers it forks).
 */
export function spawnServer(): ChildProcess {
  const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER_MODULE, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...serverEnv(process.env), ELECTRON_RUN_AS_NODE: '1' },
    windowsHide: true,
  });
  // A failure to start is reported when the client reads from the process; never an unhandled error.
  child.on('error', () => {});
  return child;
}

let early: ChildProcess | undefined = spawnServer();

/** The process started when the extension was loaded, if it is still running; else a new one. */
export function takeServer(): ChildProcess {
  const child = early;
  early = undefined;
  if (child && child.exitCode === null && child.signalCode === null && child.pid !== undefined) return child;
  return spawnServer();
}

/** Ends the process started at load if nobody took it (activation failed before starting the client). */
export function dropUnusedServer(): void {
  early?.kill();
  early = undefined;
}
