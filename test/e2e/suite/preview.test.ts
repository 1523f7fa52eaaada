// The boot preview: the command opens its webview panel next to the config, the host posts the
// server's simulation to the page, and the host refuses messages outside its whitelist.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { XlcfgApi } from '../../../client/src/extension';
import { EXTENSION_ID, allTabs, openFixture, waitFor } from './helpers';

suite('boot preview', () => {
  let doc: vscode.TextDocument;
  let api: XlcfgApi;
  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<XlcfgApi>(EXTENSION_ID)!.activate();
    doc = await openFixture('xen/problems.cfg');
  });

  test('xlcfg.previewBoot opens the bootPreview webview', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('xlcfg.previewBoot'), 'command xlcfg.previewBoot is not registered');
    await vscode.commands.executeCommand('xlcfg.previewBoot');
    // Webview tabs report viewType with a host prefix (mainThreadWebview-<viewType>), hence `includes`.
    // The panel opens with a generic title and is renamed after the file once it knows it
    // ("Boot: problems.cfg" at the time of writing), so wait for the final label.
    const tab = await waitFor(
      'a xlcfg.bootPreview tab titled after problems.cfg',
      () =>
        allTabs().find(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            t.input.viewType.includes('xlcfg.bootPreview') &&
            /problems\.cfg/.test(t.label),
        ),
      {
        event: vscode.window.tabGroups.onDidChangeTabs,
        describe: () =>
          `tabs: ${JSON.stringify(allTabs().map((t) => [t.label, (t.input as { viewType?: string })?.viewType]))}`,
      },
    );
    assert.match(tab.label, /boot/i);
    assert.ok(api.previewPanelFor(doc.uri), 'the API does not know the panel of problems.cfg');
  });

  test('the page is sent the simulation of all 4 vCPUs', async () => {
    // The host posts `status: loading` first, then `render` once the server has simulated.
    const message = await waitFor(
      'a render message with a simulation',
      () => {
        const m = api.lastPreviewMessageFor(doc.uri);
        return m?.type === 'render' && m.simulation ? m : undefined;
      },
      {
        event: api.onDidPostPreviewMessage,
        ms: 30_000,
        describe: () => JSON.stringify(api.lastPreviewMessageFor(doc.uri))?.slice(0, 500),
      },
    );
    assert.equal(message.simulation?.vcpus?.length, 4, JSON.stringify(message.simulation?.vcpus));
    assert.ok((message.simulation?.boot?.trace?.length ?? 0) > 0, 'the simulation has no boot trace for the timeline');
  });

  test('the page gets the design in use and every design side by side; the picker shows another', async () => {
    const first = await waitFor(
      'a render with the designs compared',
      () => {
        const m = api.lastPreviewMessageFor(doc.uri);
        return m?.type === 'render' && m.simulation?.designs ? m : undefined;
      },
      { event: api.onDidPostPreviewMessage, ms: 30_000 },
    );
    assert.equal(first.simulation?.design, 'rfc');
    assert.equal(first.pickedDesign, null);
    assert.deepEqual(
      first.simulation?.designs?.runs?.map((r) => r.design),
      ['rfc', 'xapic-disable-status'],
    );
    assert.equal(await api.sendPreviewMessage(doc.uri, { type: 'setDesign', design: 'xapic-disable-status' }), true);
    const picked = await waitFor(
      'a render under the picked design',
      () => {
        const m = api.lastPreviewMessageFor(doc.uri);
        return m?.type === 'render' && m.pickedDesign === 'xapic-disable-status' ? m : undefined;
      },
      { event: api.onDidPostPreviewMessage, ms: 30_000 },
    );
    assert.equal(picked.simulation?.design, 'xapic-disable-status');
    assert.equal(await api.sendPreviewMessage(doc.uri, { type: 'setDesign', design: 'bogus' }), false);
    assert.equal(await api.sendPreviewMessage(doc.uri, { type: 'setDesign', design: null }), true);
    await waitFor(
      'back to the configured design',
      () => {
        const m = api.lastPreviewMessageFor(doc.uri);
        return m?.type === 'render' && m.pickedDesign === null && m.simulation?.design === 'rfc' ? m : undefined;
      },
      { event: api.onDidPostPreviewMessage, ms: 30_000 },
    );
  });

  test('the host rejects a page message outside its whitelist', async () => {
    assert.equal(
      await api.sendPreviewMessage(doc.uri, { type: 'runCommand', command: 'workbench.action.quit' }),
      false,
    );
  });
});
