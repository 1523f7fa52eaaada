// One boot-preview panel bound to one document (host side). It asks the server for the simulation
// after edits, drops answers that are out of date, and relays the page's few allowed requests.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The LSP WorkspaceEdit type, taken from the converter so no protocol package import is needed. */
type LspWorkspaceEdit = Parameters<LanguageClient['protocol2CodeConverter']['asWorkspaceEdit']>[0];
import {
  DEFAULT_DESIGN,
  DESIGNS,
  SIMULATE_METHOD,
  type SimulateParams,
  type SimulateResult,
  type WireDiagnostic,
  type WireSimulation,
} from '../../../server/src/protocol';
import { isFresh, sameUri, validatePageMessage, type HostToPageMessage, type PageToHostMessage } from './protocol';

/** What a preview needs from its owner; keeps this class free of global state. */
export interface PreviewHost {
  readonly client: LanguageClient;
  readonly log: vscode.LogOutputChannel;
  debounceMs(uri: vscode.Uri): number;
  /** Every message posted to a page goes through here, so tests can observe the traffic. */
  posted(preview: BootPreview, message: HostToPageMessage): void;
  received(preview: BootPreview, raw: unknown, accepted: boolean): void;
}

export class BootPreview implements vscode.Disposable {
  private uriValue: vscode.Uri;
  private compare: boolean;
  /** The design picked in the page; undefined shows the configured one. */
  private design: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Incremented per request round; an answer whose round is not the latest is dropped. */
  private round = 0;
  private lastRenderedVersion = -1;
  private lastDiagnostics: readonly WireDiagnostic[] = [];
  private lastMessage: HostToPageMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    uri: vscode.Uri,
    private readonly host: PreviewHost,
    options: { compare?: boolean; design?: string } = {},
  ) {
    this.uriValue = uri;
    this.compare = options.compare ?? false;
    this.design = options.design;
    this.updateTitle();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => void this.onPageMessage(raw)),
    );
    this.refresh();
  }

  get uri(): vscode.Uri {
    return this.uriValue;
  }

  get compareEnabled(): boolean {
    return this.compare;
  }

  get lastPosted(): HostToPageMessage | undefined {
    return this.lastMessage;
  }

  matches(uri: vscode.Uri | string): boolean {
    return sameUri(this.uriValue.toString(), uri.toString());
  }

  /** Points the panel at another document (the preview follows the active editor). */
  retarget(uri: vscode.Uri): void {
    if (this.matches(uri)) return;
    this.uriValue = uri;
    this.lastRenderedVersion = -1;
    this.lastDiagnostics = [];
    this.updateTitle();
    this.refresh();
  }

  get pickedDesign(): string | undefined {
    return this.design;
  }

  /** Shows the document under another design (undefined: the configured one). */
  setDesign(design: string | undefined): void {
    if (this.design === design) return;
    this.design = design;
    this.lastRenderedVersion = -1; // the same version must be redrawn under the new design
    this.refresh();
  }

  setCompare(enabled: boolean): void {
    if (this.compare === enabled) return;
    this.compare = enabled;
    this.lastRenderedVersion = -1; // the same version must be redrawn with or without the comparison
    this.refresh();
  }

  /** Re-simulates after the debounce delay; every new call restarts the delay. */
  scheduleRefresh(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), this.host.debounceMs(this.uriValue));
  }

  refresh(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.update(++this.round);
  }

  private fileName(): string {
    const path = this.uriValue.path;
    return path.slice(path.lastIndexOf('/') + 1) || this.uriValue.toString();
  }

  private updateTitle(): void {
    this.panel.title = `Boot: ${this.fileName()}`;
  }

  private openDocument(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => this.matches(d.uri));
  }

  private async update(round: number): Promise<void> {
    const uri = this.uriValue.toString();
    const fileName = this.fileName();
    if (this.lastRenderedVersion < 0)
      this.post({ type: 'status', uri, fileName, state: 'loading', text: 'Simulating…' });
    let doc = this.openDocument();
    if (!doc) {
      // Restored after a reload, or the editor was closed: opening the document also syncs it to the server.
      try {
        doc = await vscode.workspace.openTextDocument(this.uriValue);
      } catch (e) {
        if (round === this.round)
          this.post({
            type: 'status',
            uri,
            fileName,
            state: 'error',
            text: `Cannot open ${fileName}: ${errorText(e)}`,
          });
        return;
      }
    }
    const client = this.host.client;
    if (client.state === State.Stopped) {
      if (round === this.round)
        this.post({
          type: 'status',
          uri,
          fileName,
          state: 'unavailable',
          text: 'The xlcfg language server is not running.',
        });
      return;
    }
    try {
      const design = this.design;
      const picked = design !== undefined ? { design } : {};
      const main = await client.sendRequest<SimulateResult>(SIMULATE_METHOD, {
        uri,
        compareDesigns: true,
        ...picked,
      } satisfies SimulateParams);
      let compareSimulation: WireSimulation | null | undefined;
      if (this.compare && main?.simulation) {
        const flipped = !(main.simulation.forceX2apic ?? false);
        const other = await client.sendRequest<SimulateResult>(SIMULATE_METHOD, {
          uri,
          forceX2apic: flipped,
          ...picked,
        } satisfies SimulateParams);
        // Both halves of the comparison must describe the same text.
        compareSimulation = other && other.version === main.version ? other.simulation : null;
      }
      if (this.disposed || round !== this.round || !main) return;
      const current = this.openDocument()?.version;
      if (!isFresh(main, uri, current, this.lastRenderedVersion)) {
        this.host.log.debug(`preview: dropped stale simulation v${main.version} of ${uri} (document v${current})`);
        return;
      }
      this.lastRenderedVersion = main.version;
      this.lastDiagnostics = Array.isArray(main.simulation?.diagnostics) ? main.simulation!.diagnostics! : [];
      this.post({
        type: 'render',
        uri,
        fileName,
        version: main.version,
        simulation: main.simulation ?? null,
        compare: this.compare,
        ...(this.compare ? { compareSimulation: compareSimulation ?? null } : {}),
        pickedDesign: design ?? null,
        designs: DESIGNS,
        defaultDesign: DEFAULT_DESIGN,
      });
    } catch (e) {
      if (this.disposed || round !== this.round) return;
      this.host.log.warn(`preview: ${SIMULATE_METHOD} failed for ${uri}: ${errorText(e)}`);
      this.post({ type: 'status', uri, fileName, state: 'error', text: `The simulation failed: ${errorText(e)}` });
    }
  }

  private post(message: HostToPageMessage): void {
    if (this.disposed) return;
    this.lastMessage = message;
    this.host.posted(this, message);
    void this.panel.webview.postMessage(message);
  }

  /** Entry point for everything the page sends; also callable by tests through the extension API. */
  async onPageMessage(raw: unknown): Promise<boolean> {
    const checked = validatePageMessage(raw, {
      diagnostics: this.lastDiagnostics,
      lineCount: this.openDocument()?.lineCount ?? 0,
    });
    this.host.received(this, raw, checked.ok);
    if (!checked.ok) {
      this.host.log.warn(`preview: ignored a message from the page (${checked.reason})`);
      return false;
    }
    await this.handle(checked.message);
    return true;
  }

  private async handle(message: PageToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // The page (re)loaded: it may have missed what was posted before its script ran.
        if (this.lastMessage?.type === 'render') this.post(this.lastMessage);
        else this.refresh();
        return;
      case 'toggleCompare':
        this.setCompare(message.enabled);
        return;
      case 'setDesign':
        this.setDesign(message.design ?? undefined);
        return;
      case 'reveal':
        await this.reveal(message.line);
        return;
      case 'applyFix':
        await this.applyFix(message.diagnostic, message.fix);
        return;
    }
  }

  private async reveal(line: number): Promise<void> {
    const doc = this.openDocument() ?? (await vscode.workspace.openTextDocument(this.uriValue));
    const visible = vscode.window.visibleTextEditors.find((e) => this.matches(e.document.uri));
    const position = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(doc, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(position, position),
      preserveFocus: false,
    });
  }

  private async applyFix(diagnostic: number, fixIndex: number): Promise<void> {
    const fix = this.lastDiagnostics[diagnostic]?.fixes?.[fixIndex];
    if (!fix) return;
    try {
      if (!fix.edit) throw new Error('the fix carries no edit');
      const edit = await this.host.client.protocol2CodeConverter.asWorkspaceEdit(fix.edit as LspWorkspaceEdit);
      if (!edit || !(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showWarningMessage(`xlcfg: could not apply "${fix.title}".`);
      }
    } catch (e) {
      this.host.log.error(`preview: applying "${fix.title}" failed: ${errorText(e)}`);
      void vscode.window.showWarningMessage(`xlcfg: could not apply "${fix.title}".`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.onDisposeEmitter.fire();
    this.onDisposeEmitter.dispose();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
