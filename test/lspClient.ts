// The one JSON-RPC client of the bundled language server, for the protocol tests and the bench:
// spawns `node server.js --stdio` and speaks raw frames, so tests can also send garbage the way a
// broken client would.
// Buffering is linear in the message size: chunks are joined once a whole body is there (joining
// on every chunk is quadratic, and would charge the client's copying to the server on the 1 MB
// file, whose ~15k diagnostics make a multi-megabyte publishDiagnostics).
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_EXEC_ARGV, serverEnv } from '../client/src/serverArgs';

export const ROOT = join(__dirname, '..');
const DEV_SERVER = join(ROOT, 'dist', 'server.js');

export type Message = {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: any;
  result?: any;
  error?: any;
};

export interface LspClientOptions {
  /** The bundle to run; default dist/server.js (built first when missing). */
  serverJs?: string;
  /** Node flags; default those the VS Code client starts the server with. A profiling run may add --cpu-prof. */
  nodeArgs?: readonly string[];
  /** Arguments after the bundle; default `--stdio`. */
  args?: readonly string[];
  /** The server's environment; default serverEnv(process.env), as the VS Code client sets it. */
  env?: NodeJS.ProcessEnv;
  /** Keep every notification for waitFor(..., includePast): tests do, the bench must not. Default true. */
  keepNotifications?: boolean;
}

export class LspClient {
  readonly child: ChildProcessWithoutNullStreams;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1; // body length of the message being read, -1 while reading its header
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly listeners = new Set<(m: Message) => void>();
  private readonly keep: boolean;
  /** Every notification received (when keepNotifications). */
  readonly notifications: Message[] = [];
  /** Server-to-client requests seen, by method (workspace/configuration is the interesting one). */
  readonly serverRequests = new Map<string, number>();
  /** The answer to each item of a workspace/configuration request (the `xlcfg` section). */
  configuration: unknown = {};
  /** Size of the last publishDiagnostics body, in bytes. */
  lastPublishBytes = 0;
  stderr = '';

  constructor(options: LspClientOptions = {}) {
    const serverJs = options.serverJs ?? DEV_SERVER;
    if (serverJs === DEV_SERVER && !existsSync(serverJs))
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    this.keep = options.keepNotifications ?? true;
    this.child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? SERVER_EXEC_ARGV), serverJs, ...(options.args ?? ['--stdio'])],
      { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? serverEnv(process.env) },
    );
    this.child.stdout.on('data', (c: Buffer) => this.onData(c));
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    this.chunks = n < all.length ? [all.subarray(n)] : [];
    this.buffered = all.length - n;
    return all.subarray(0, n);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.need < 0) {
        const head = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
        this.chunks = [head];
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const m = /Content-Length: (\d+)/i.exec(head.subarray(0, end).toString('latin1'));
        this.take(end + 4);
        this.need = m ? Number(m[1]) : 0;
      }
      // Wait until the whole body is here; only then concatenate, once.
      if (this.buffered < this.need) return;
      const body = this.take(this.need);
      this.need = -1;
      const msg = JSON.parse(body.toString('utf8')) as Message;
      if (msg.method === 'textDocument/publishDiagnostics') this.lastPublishBytes = body.length;
      this.dispatch(msg);
    }
  }

  private dispatch(msg: Message): void {
    if (msg.method && msg.id !== undefined) {
      this.serverRequests.set(msg.method, (this.serverRequests.get(msg.method) ?? 0) + 1);
      const result =
        msg.method === 'workspace/configuration' ? (msg.params.items as unknown[]).map(() => this.configuration) : null;
      this.write({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.method) {
      if (this.keep) this.notifications.push(msg);
      for (const l of [...this.listeners]) l(msg);
      return;
    }
    const cb = this.pending.get(msg.id as number);
    if (cb) {
      this.pending.delete(msg.id as number);
      cb(msg);
    }
  }

  write(obj: unknown): void {
    this.writeRaw(JSON.stringify(obj));
  }

  writeRaw(body: string): void {
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 60000): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${method} timed out; server stderr: ${this.stderr.slice(-2000)}`)),
        timeoutMs,
      );
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(Object.assign(new Error(`${method}: ${m.error.message}`), { code: m.error.code }));
        else resolve(m.result as T);
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Send a request without waiting; returns its id and the whole answer (for cancellation tests). */
  requestNoWait(method: string, params: unknown): { id: number; done: Promise<Message> } {
    const id = this.nextId++;
    const done = new Promise<Message>((resolve) => this.pending.set(id, resolve));
    this.write({ jsonrpc: '2.0', id, method, params });
    return { id, done };
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The next notification matching `pred` (or, with `includePast`, one already received). Register before sending. */
  waitFor(pred: (m: Message) => boolean, timeoutMs = 120000, includePast = false): Promise<Message> {
    if (includePast) {
      const past = this.notifications.find(pred);
      if (past) return Promise.resolve(past);
    }
    return new Promise((resolve, reject) => {
      const l = (m: Message): void => {
        if (!pred(m)) return;
        clearTimeout(timer);
        this.listeners.delete(l);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(l);
        reject(new Error(`notification timed out; server stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.listeners.add(l);
    });
  }

  /** The next publishDiagnostics for `uri` (and `version`, when given). */
  published(uri: string, version?: number, timeoutMs?: number): Promise<Message> {
    return this.waitFor(
      (m) =>
        m.method === 'textDocument/publishDiagnostics' &&
        m.params.uri === uri &&
        (version === undefined || m.params.version === version),
      timeoutMs,
    );
  }

  /** The diagnostics of the next publishDiagnostics for `uri` (and `version`). */
  diagnosticsFor(uri: string, version?: number, timeoutMs?: number): Promise<any[]> {
    return this.published(uri, version, timeoutMs).then((m) => m.params.diagnostics);
  }

  onNotification(l: (m: Message) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** `capabilities` default to a client that answers workspace/configuration. */
  async initialize(
    capabilities: Record<string, unknown> = { workspace: { configuration: true } },
    extra: Record<string, unknown> = {},
  ): Promise<any> {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities,
      ...extra,
    });
    this.notify('initialized', {});
    return result;
  }

  /** Resident set and its peak, in MB, from /proc (Linux only). */
  memory(): { rssMb: number; hwmMb: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  }

  /** shutdown + exit; resolves with the exit code (null when it had to be killed). */
  async shutdown(): Promise<number | null> {
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve(this.child.exitCode);
      const t = setTimeout(() => {
        this.child.kill();
        resolve(null);
      }, 3000);
      this.child.on('exit', (code) => {
        clearTimeout(t);
        resolve(code);
      });
    });
  }
}
