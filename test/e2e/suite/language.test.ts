// Activation and language association, as a user opening the fixtures would get them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture } from './helpers';

suite('extension and language', () => {
  test('activates and returns its API object', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    const api = await ext.activate();
    assert.equal(typeof api, 'object', 'activate() should return an API object');
    assert.ok(api !== null);
  });

  // The built-in ini extension claims *.cfg as `properties`; ours must win under a xen/ folder.
  test('a .cfg under xen/ is xlcfg', async () => {
    const doc = await openFixture('xen/problems.cfg');
    assert.equal(doc.languageId, 'xlcfg');
  });

  test('.xl and .xlcfg files are xlcfg', async () => {
    for (const file of ['guests/complete.xl', 'guests/web.xlcfg']) {
      const doc = await openFixture(file);
      assert.equal(doc.languageId, 'xlcfg', file);
    }
  });
});
