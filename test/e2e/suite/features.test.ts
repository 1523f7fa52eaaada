// Language-server features through the vscode API, on test/e2e/workspace/xen/problems.cfg:
//   0 name = "e2e-guest"
//   1 type = "hvm"
//   2 memmory = 2048        key/unknown on `memmory`, fix -> memory
//   3 acpi = "true"         value/boolean on `"true"`, preferred fix -> 1
//   4 vcpus = 4
//   5 force_x2apic = 1      force-x2apic/seabios (warning) on the key; hover has the vCPU table
// Codes and ranges are the server's contract; messages are not asserted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyAction,
  codeOf,
  diagnostic,
  fmtRange,
  hoverText,
  labelOf,
  openFixture,
  quickFixes,
  showDiagnostics,
  waitFor,
} from './helpers';

const FILE = 'xen/problems.cfg';

async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(doc.isDirty, false, 'revert left the document dirty');
}

function assertRange(d: vscode.Diagnostic, expected: vscode.Range): void {
  assert.ok(d.range.isEqual(expected), `${codeOf(d)} range is ${fmtRange(d.range)}, expected ${fmtRange(expected)}`);
}

suite('diagnostics', () => {
  let doc: vscode.TextDocument;
  suiteSetup(async () => {
    doc = await openFixture(FILE);
  });

  // The first wait also covers the language server's start, hence the longer deadline.
  test('key/unknown on the misspelt key `memmory`', async () => {
    const d = await diagnostic(doc.uri, 'key/unknown', 45_000);
    assertRange(d, new vscode.Range(2, 0, 2, 7));
  });

  test('value/boolean on the string "true"', async () => {
    const d = await diagnostic(doc.uri, 'value/boolean');
    assertRange(d, new vscode.Range(3, 7, 3, 13));
  });

  test('force-x2apic/seabios is a warning on the key', async () => {
    const d = await diagnostic(doc.uri, 'force-x2apic/seabios');
    assertRange(d, new vscode.Range(5, 0, 5, 12));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, showDiagnostics(doc.uri));
  });
});

suite('quick fixes', () => {
  let doc: vscode.TextDocument;
  suiteSetup(async () => {
    doc = await openFixture(FILE);
  });
  teardown(async () => {
    if (doc.isDirty) await revert(doc);
  });

  test('key/unknown offers `memory` and the edit renames the key', async () => {
    const d = await diagnostic(doc.uri, 'key/unknown', 45_000);
    const fixes = await quickFixes(doc.uri, d.range);
    const fix = fixes.find((a) => a.title.includes('memory'));
    assert.ok(fix, `no quick fix mentioning "memory"; got: ${JSON.stringify(fixes.map((a) => a.title))}`);
    await applyAction(fix);
    assert.equal(doc.lineAt(2).text, 'memory = 2048');
    // The server re-checks the edited (unsaved) text.
    await waitFor(
      'key/unknown to go away after the fix',
      () => !vscode.languages.getDiagnostics(doc.uri).some((x) => codeOf(x) === 'key/unknown'),
      {
        event: vscode.languages.onDidChangeDiagnostics,
        describe: () => showDiagnostics(doc.uri),
      },
    );
  });

  test('value/boolean has a preferred fix to 1', async () => {
    const d = await diagnostic(doc.uri, 'value/boolean');
    const fixes = await quickFixes(doc.uri, d.range);
    // The fixes were asked for on the diagnostic's range; the command's result does not carry
    // `diagnostics` back, so `isPreferred` is what identifies the lightbulb's default.
    const preferred = fixes.filter((a) => a.isPreferred);
    assert.equal(
      preferred.length,
      1,
      `expected one preferred fix for value/boolean; got: ${JSON.stringify(fixes.map((a) => [a.title, a.isPreferred]))}`,
    );
    await applyAction(preferred[0]);
    assert.equal(doc.lineAt(3).text, 'acpi = 1');
  });
});

suite('hover and completion', () => {
  test('hover on force_x2apic shows the simulated vCPU table', async () => {
    const doc = await openFixture(FILE);
    // Nothing but the server provides hovers here; poll until it has started and answers.
    const text = await waitFor(
      'a non-empty hover on force_x2apic',
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          new vscode.Position(5, 3),
        );
        const t = hoverText(hovers ?? []);
        return t.trim() ? t : undefined;
      },
      { ms: 45_000 },
    );
    assert.match(text, /^\|.*vCPU.*\|/m, `hover lacks a markdown table with a vCPU column:\n${text}`);
    assert.match(text, /APIC_BASE|0xfee00/i, `hover lacks APIC_BASE/0xfee00:\n${text}`);
    assert.match(text, /x2apic/i, `hover lacks "x2apic":\n${text}`);
  });

  test('completion on an empty line offers keys', async () => {
    const doc = await openFixture('guests/complete.xl');
    assert.equal(doc.lineAt(2).text, '', 'fixture line 2 must be empty');
    // Snippets answer at once, the server only once it runs: poll for the keys, keep the last list
    // for the failure message.
    let labels: string[] = [];
    await waitFor(
      'vcpus or memory among the completions',
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          new vscode.Position(2, 0),
        );
        labels = (list?.items ?? []).map(labelOf);
        return labels.includes('vcpus') || labels.includes('memory');
      },
      { ms: 45_000, describe: () => `${labels.length} items: ${labels.slice(0, 40).join(', ')}` },
    );
  });
});
