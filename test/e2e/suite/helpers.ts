// Shared helpers for the extension-API suite. Everything waits on events (with a polling fallback)
// and a deadline; nothing sleeps for a fixed time.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'xlcfg.xlcfg';

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run must open test/e2e/workspace (a copy of it) as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function openFixture(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/**
 * Resolves with the first truthy value of `probe`, checked now, on each `event`, and every 100 ms
 * (events can fire before we subscribe). Rejects after `ms` with `describe()` for context.
 */
export function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: { event?: vscode.Event<unknown>; ms?: number; describe?: () => string } = {},
): Promise<T> {
  const ms = options.ms ?? 20_000;
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const subscriptions: vscode.Disposable[] = [];
    const finish = (error: Error | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(deadline);
      subscriptions.forEach((s) => s.dispose());
      if (error) reject(error);
      else resolve(value as T);
    };
    const check = async () => {
      try {
        const value = await probe();
        if (value) finish(undefined, value);
      } catch (e) {
        finish(e as Error);
      }
    };
    const poll = setInterval(check, 100);
    const deadline = setTimeout(() => {
      const context = options.describe ? `\n${options.describe()}` : '';
      finish(new Error(`timed out after ${ms} ms waiting for ${what}${context}`));
    }, ms);
    if (options.event) subscriptions.push(options.event(() => void check()));
    void check();
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function showDiagnostics(uri: vscode.Uri): string {
  const lines = vscode.languages.getDiagnostics(uri).map((d) => `  ${fmtRange(d.range)} ${codeOf(d)}: ${d.message}`);
  return `diagnostics of ${uri.path}:\n${lines.join('\n') || '  (none)'}`;
}

export function fmtRange(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Waits until the document has a diagnostic with `code` and returns it. */
export function diagnostic(uri: vscode.Uri, code: string, ms?: number): Promise<vscode.Diagnostic> {
  return waitFor(`diagnostic ${code}`, () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === code), {
    event: vscode.languages.onDidChangeDiagnostics,
    ms,
    describe: () => showDiagnostics(uri),
  });
}

export function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Applies a code action the way the lightbulb does: its edit first, then its command. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit)
    assert.ok(await vscode.workspace.applyEdit(action.edit), `workspace.applyEdit refused "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // A bare Command has a string `command`; a CodeAction's `command` is optional and an object.
  return (result ?? []).filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
}
