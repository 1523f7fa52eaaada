// "Xen: Show Effective Domain Config": a read-only document beside the config with what xl would
// build from it (the JSON `xl -N create` prints) and what xl says on the way, computed by the
// language server and refreshed as the config is edited.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  EFFECTIVE_CONFIG_METHOD,
  type EffectiveConfigParams,
  type EffectiveConfigResult,
} from '../../../server/src/protocol';

export const EFFECTIVE_SCHEME = 'xlcfg-effective';

/** The effective-config document of a config, and back. */
export function effectiveUri(source: vscode.Uri): vscode.Uri {
  const name = source.path.replace(/^.*\//, '') || 'config';
  return vscode.Uri.from({
    scheme: EFFECTIVE_SCHEME,
    path: `/${name}.effective.json`,
    query: encodeURIComponent(source.toString()),
  });
}

function sourceOf(uri: vscode.Uri): string {
  return decodeURIComponent(uri.query);
}

export class EffectiveConfigProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === EFFECTIVE_SCHEME) this.open.delete(d.uri.toString());
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.open.add(uri.toString());
    const params: EffectiveConfigParams = { uri: sourceOf(uri) };
    try {
      const r = await this.client.sendRequest<EffectiveConfigResult | null>(EFFECTIVE_CONFIG_METHOD, params);
      if (!r?.json) return '// Open the config in an editor to see what xl makes of it.\n';
      return r.json + '\n';
    } catch (e) {
      return `// The language server could not compute the effective config: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  /** Refresh the effective config of `source`, shortly after the last edit. */
  private sourceChanged(source: vscode.Uri): void {
    const target = effectiveUri(source);
    const key = target.toString();
    if (!this.open.has(key)) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => this.changed.fire(target), 200),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

export async function showEffectiveConfig(source: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(effectiveUri(source));
  // JSON with `//` comment lines (when the server has no config to show): JSON with Comments.
  await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
  await vscode.window.showTextDocument(doc, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
    preserveFocus: true,
  });
}
