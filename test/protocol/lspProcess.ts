// A minimal LSP client for protocol tests: spawns the bundled server (dist/server.js --stdio) and
// speaks raw JSON-RPC frames, so tests can also send garbage the way a broken client would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');

type Message = { id?: number | string; method?: string; params?: any; result?: any; error?: any };

export class LspProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Message) => void>();
  private readonly listeners: Array<(m: Message) => void> = [];
  readonly notifications: Message[] = [];
  stderr = '';
  /** Answers to server->client requests such as workspace/configuration. */
  configuration: Record<string, unknown> = {};

  constructor() {
    if (!existsSync(SERVER)) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString());
      const len = m ? Number(m[1]) : 0;
      if (this.buffer.length < headerEnd + 4 + len) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      this.dispatch(JSON.parse(body));
    }
  }

  private dispatch(msg: Message): void {
    if (msg.method && msg.id !== undefined) {
      // A request from the server.
      let result: unknown = null;
      if (msg.method === 'workspace/configuration') result = (msg.params.items as unknown[]).map(() => this.configuration);
      this.write({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.method) {
      this.notifications.push(msg);
      for (const l of [...this.listeners]) l(msg);
      return;
    }
    const cb = this.waiting.get(msg.id as number);
    if (cb) {
      this.waiting.delete(msg.id as number);
      cb(msg);
    }
  }

  write(obj: unknown): void {
    this.writeRaw(JSON.stringify(obj));
  }

  writeRaw(body: string): void {
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 10000): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out; stderr: ${this.stderr}`)), timeoutMs);
      this.waiting.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
        else resolve(m.result as T);
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Send a request without waiting; returns its id (for cancellation tests). */
  requestNoWait(method: string, params: unknown): { id: number; done: Promise<Message> } {
    const id = this.nextId++;
    const done = new Promise<Message>((resolve) => this.waiting.set(id, resolve));
    this.write({ jsonrpc: '2.0', id, method, params });
    return { id, done };
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The next notification matching `pred` (including ones already received when `includePast`). */
  waitFor(pred: (m: Message) => boolean, timeoutMs = 10000, includePast = false): Promise<Message> {
    if (includePast) {
      const past = this.notifications.find(pred);
      if (past) return Promise.resolve(past);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`notification timed out; stderr: ${this.stderr}`)), timeoutMs);
      const l = (m: Message): void => {
        if (!pred(m)) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(l), 1);
        resolve(m);
      };
      this.listeners.push(l);
    });
  }

  diagnosticsFor(uri: string, version?: number): Promise<any[]> {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version)).then((m) => m.params.diagnostics);
  }

  async initialize(capabilities: Record<string, unknown> = { workspace: { configuration: true } }): Promise<any> {
    const result = await this.request('initialize', { processId: process.pid, rootUri: null, capabilities, workspaceFolders: null });
    this.notify('initialized', {});
    return result;
  }

  async shutdown(): Promise<number | null> {
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
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
