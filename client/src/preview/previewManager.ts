// Owns every boot-preview panel: creates or reveals them, restores them after a reload, makes the
// most recent one follow the active xl.cfg editor, and routes edits and setting changes to them.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BootPreview, type PreviewHost } from './bootPreview';
import { renderShell } from './html';
import { makeNonce } from './nonce';
import { DESIGNS } from '../../../server/src/protocol';
import { PREVIEW_VIEW_TYPE, type HostToPageMessage } from './protocol';

export const LANGUAGE_ID = 'xlcfg';

export interface PostedMessage {
  uri: string;
  message: HostToPageMessage;
}

export interface ReceivedMessage {
  uri: string;
  message: unknown;
  accepted: boolean;
}

export class PreviewManager implements vscode.Disposable, PreviewHost {
  private readonly previews: BootPreview[] = [];
  /** The preview that follows the active editor: the one most recently shown or created. */
  private following: BootPreview | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly postedEmitter = new vscode.EventEmitter<PostedMessage>();
  private readonly receivedEmitter = new vscode.EventEmitter<ReceivedMessage>();
  readonly onDidPostMessage = this.postedEmitter.event;
  readonly onDidReceiveMessage = this.receivedEmitter.event;
  lastPosted: PostedMessage | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly client: LanguageClient,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.postedEmitter,
      this.receivedEmitter,
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state),
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        for (const p of this.previews) if (p.matches(e.document.uri)) p.scheduleRefresh();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Host CPU, Xen version and rule severities all change what the simulation reports.
        if (e.affectsConfiguration('xlcfg')) for (const p of this.previews) p.scheduleRefresh();
      }),
    );
  }

  private get mediaRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'client', 'media');
  }

  debounceMs(uri: vscode.Uri): number {
    const v = vscode.workspace.getConfiguration('xlcfg.preview', uri).get<number>('debounceMs', 150);
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, 0), 5000) : 150;
  }

  posted(preview: BootPreview, message: HostToPageMessage): void {
    this.lastPosted = { uri: preview.uri.toString(), message };
    this.postedEmitter.fire(this.lastPosted);
  }

  received(preview: BootPreview, raw: unknown, accepted: boolean): void {
    this.receivedEmitter.fire({ uri: preview.uri.toString(), message: raw, accepted });
  }

  find(uri: vscode.Uri | string): BootPreview | undefined {
    return this.previews.find((p) => p.matches(uri));
  }

  /** Simulates every open preview again (after the server restarted, none has a live answer). */
  refreshAll(): void {
    for (const p of this.previews) p.refresh();
  }

  /** The panel showing `uri`, if any (exposed to tests). */
  panelFor(uri: vscode.Uri | string): vscode.WebviewPanel | undefined {
    return this.find(uri)?.panel;
  }

  /** The preview of the active editor, else the one whose panel is active, else the following one. */
  current(): BootPreview | undefined {
    const editor = vscode.window.activeTextEditor;
    return (editor && this.find(editor.document.uri)) ?? this.previews.find((p) => p.panel.active) ?? this.following;
  }

  /** Opens the preview of `uri` beside the editor, or reveals it when it is already open. */
  show(uri: vscode.Uri): BootPreview {
    const existing = this.find(uri);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      this.following = existing;
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      'Boot preview',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.webviewOptions(),
    );
    return this.attach(panel, uri, false);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [this.mediaRoot],
      enableFindWidget: true,
    };
  }

  private attach(panel: vscode.WebviewPanel, uri: vscode.Uri, compare: boolean, design?: string): BootPreview {
    const webview = panel.webview;
    // Set again on restore: a deserialized panel comes back with default options.
    webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, 'icon.png');
    webview.html = renderShell({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'preview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'preview.css')).toString(),
    });
    const preview = new BootPreview(panel, uri, this, { compare, design });
    this.previews.push(preview);
    this.following = preview;
    preview.onDidDispose(() => {
      const i = this.previews.indexOf(preview);
      if (i >= 0) this.previews.splice(i, 1);
      if (this.following === preview) this.following = this.previews[this.previews.length - 1];
    });
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.following = preview;
    });
    return preview;
  }

  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = (typeof state === 'object' && state !== null ? state : {}) as {
      uri?: unknown;
      compare?: unknown;
      design?: unknown;
    };
    let uri: vscode.Uri | undefined;
    if (typeof saved.uri === 'string') {
      try {
        uri = vscode.Uri.parse(saved.uri, true);
      } catch {
        uri = undefined;
      }
    }
    uri ??= activeXlcfgUri();
    if (!uri || this.find(uri)) {
      // Nothing to show, or another panel already shows it: keep one panel per document.
      panel.dispose();
      return;
    }
    const design = DESIGNS.find((d) => d === saved.design);
    this.attach(panel, uri, saved.compare === true, design);
  }

  /** A preview follows the active xl.cfg editor, unless that document already has its own panel. */
  private follow(editor: vscode.TextEditor | undefined): void {
    if (!editor || editor.document.languageId !== LANGUAGE_ID) return;
    const existing = this.find(editor.document.uri);
    if (existing) {
      this.following = existing;
      return;
    }
    this.following?.retarget(editor.document.uri);
  }

  dispose(): void {
    for (const p of this.previews.splice(0)) p.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export function activeXlcfgUri(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === LANGUAGE_ID ? doc.uri : undefined;
}
