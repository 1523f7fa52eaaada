// The language server's process: started when the extension is loaded (client/src/serverProcess.ts)
// and replaced by a new one when the user restarts it. Runs last (files run in name order): the
// restart clears every diagnostic for a moment.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, hoverText, openFixture, waitFor } from './helpers';

suite('language server process', () => {
  test('a changed xlcfg setting re-validates open documents (the server registers for changes itself)', async () => {
    const doc = await openFixture('xen/problems.cfg');
    const has = (code: string) => vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === code);
    const event = vscode.languages.onDidChangeDiagnostics;
    await waitFor('key/unknown before the change', () => has('key/unknown'), { event });
    const config = vscode.workspace.getConfiguration('xlcfg', doc.uri);
    await config.update('rules', { 'key/unknown': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('key/unknown turned off', () => !has('key/unknown') && has('value/boolean'), { event });
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('key/unknown back', () => has('key/unknown'), { event });
  });

  test('xlcfg.restartServer starts a new server, which diagnoses and answers hovers again', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const api = (await ext.activate()) as { client: { initializeResult?: unknown; isRunning(): boolean } };
    const doc = await openFixture('xen/problems.cfg');
    const unknownKey = () => vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'key/unknown');
    await waitFor('key/unknown before the restart', unknownKey, { event: vscode.languages.onDidChangeDiagnostics });
    const before = api.client.initializeResult;
    assert.ok(before, 'the client has not been initialized');

    await vscode.commands.executeCommand('xlcfg.restartServer');
    await waitFor('a new initialize result', () => api.client.isRunning() && api.client.initializeResult !== before);
    await waitFor('key/unknown from the new server', unknownKey, { event: vscode.languages.onDidChangeDiagnostics });
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(5, 3),
    );
    assert.match(hoverText(hovers ?? []), /x2apic/i);
  });
});
