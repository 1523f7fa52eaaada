// The boot preview's CodeLens: on the force_x2apic line (the last assignment, the one xl reads),
// nowhere else, and none when the user turned lenses off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { previewLensRange } from '../../server/src/features/previewLens';
import { codeLenses } from '../../server/src/lsp/codeLens';
import type { Analysis } from '../../server/src/lsp/analysis';
import { defaultOptions, type XlcfgOptions } from '../../server/src/options';

function lenses(text: string, options: Partial<XlcfgOptions> = {}) {
  const opts = defaultOptions(options);
  const a = { uri: 'file:///x.cfg', result: checkText(text, opts), options: opts } as Analysis;
  return codeLenses(a);
}

test('the lens sits on the force_x2apic key, not on line 1', () => {
  const [lens, ...rest] = lenses('name = "a"\ntype = "hvm"\n\nforce_x2apic = 1\nvcpus = 2\n');
  assert.equal(rest.length, 0);
  assert.deepEqual(lens.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } });
  assert.equal(lens.command?.command, 'xlcfg.previewBoot');
  assert.deepEqual(lens.command?.arguments, ['file:///x.cfg']);
});

test('set twice: on the assignment xl reads (the last)', () => {
  const r = checkText('force_x2apic = 0\nname = "a"\nforce_x2apic = 1\n', defaultOptions());
  assert.equal(previewLensRange(r)?.start.line, 2);
});

test('no lens without force_x2apic, whatever the guest type (PV, HVM, a fragment)', () => {
  const pv = 'name = "p"\ntype = "pv"\nkernel = "/k"\n';
  for (const text of [pv, 'name = "h"\ntype = "hvm"\nvcpus = 4\n', '', '# only a comment\n', 'x2apic_only = 1\n']) {
    assert.deepEqual(lenses(text), [], JSON.stringify(text));
  }
});

test('xlcfg.codeLens.enable = false (options.codeLens) hides it', () => {
  const text = 'name = "a"\ntype = "hvm"\nforce_x2apic = 1\n';
  assert.equal(lenses(text).length, 1);
  assert.equal(lenses(text, { codeLens: false }).length, 0);
  // Options built without the field (older callers) keep the lens.
  assert.equal(lenses(text, { codeLens: undefined }).length, 1);
});
