// The boot preview command opens its webview panel next to the config.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allTabs, openFixture, waitFor } from './helpers';

suite('boot preview', () => {
  test('xlcfg.previewBoot opens the bootPreview webview', async () => {
    await openFixture('xen/problems.cfg');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('xlcfg.previewBoot'), 'command xlcfg.previewBoot is not registered');
    await vscode.commands.executeCommand('xlcfg.previewBoot');
    // Webview tabs report viewType with a host prefix (mainThreadWebview-<viewType>), hence `includes`.
    const tab = await waitFor('a xlcfg.bootPreview tab', () => allTabs().find((t) =>
      t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('xlcfg.bootPreview')), {
      event: vscode.window.tabGroups.onDidChangeTabs,
      describe: () => `tabs: ${JSON.stringify(allTabs().map((t) => t.label))}`,
    });
    assert.match(tab.label, /boot preview/i);
    assert.match(tab.label, /problems\.cfg/);
  });
});
