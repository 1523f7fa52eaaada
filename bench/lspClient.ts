// A raw JSON-RPC client for timing the bundled server. Not test/protocol/lspProcess.ts: that one
// re-concatenates its whole buffer on every chunk, which is quadratic in the message size and would
// charge the client's copying to the server on the 1 MB file (its ~15k diagnostics make a
// multi-megabyte publishDiagnostics). It also keeps every notification, which we must not.
import { SERVER_EXEC_ARGV } from '../client/src/serverArgs';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';

type Message = { id?: number | string; method?: string; params?: any; result?: any; error?: any };

export class LspClient {
  readonly child: ChildProcessWithoutNullStreams;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1; // body length of the message being read, -1 while reading its header
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly listeners = new Set<(m: Message) => void>();
  /** Server-to-client requests seen, by method (workspace/configuration is the interesting one). */
  readonly serverRequests = new Map<string, number>();
  /** Size of the last publishDiagnostics body, in bytes. */
  lastPublishBytes = 0;
  stderr = '';

  /** `nodeArgs` default to the flags the VS Code client starts the server with; a profiling run may add --cpu-prof. */
  constructor(serverJs: string, nodeArgs: readonly string[] = SERVER_EXEC_ARGV) {
    this.child = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
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
      // No editor settings: every document gets the defaults, as in a fresh VS Code.
      const result = msg.method === 'workspace/configuration' ? (msg.params.items as unknown[]).map(() => ({})) : null;
      this.write({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.method) {
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
    const body = JSON.stringify(obj);
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 60000): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out; server stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result as T);
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification matching `pred` from now on. Register before sending. */
  waitFor(pred: (m: Message) => boolean, timeoutMs = 120000): Promise<Message> {
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

  diagnostics(uri: string, version: number, timeoutMs?: number): Promise<Message> {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version, timeoutMs);
  }

  onNotification(l: (m: Message) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** `pullConfiguration: false` plays a client without workspace/configuration (no settings round trips). */
  async initialize(pullConfiguration = true): Promise<void> {
    await this.request('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { workspace: { configuration: pullConfiguration } } });
    this.notify('initialized', {});
  }

  /** Resident set and its peak, in MB, from /proc (Linux only). */
  memory(): { rssMb: number; hwmMb: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  }

  async shutdown(): Promise<void> {
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const t = setTimeout(() => {
        this.child.kill();
        resolve();
      }, 3000);
      this.child.on('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}
