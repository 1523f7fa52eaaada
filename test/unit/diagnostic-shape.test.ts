// One diagnostic shape: the parser's problems and the rules' reports are placed by offsets and
// become Diagnostics through one function (diagnosticAt), as plain objects safe to copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { diagnosticAt } from '../../server/src/diagnostic';
import { defaultOptions } from '../../server/src/options';
import { parse } from '../../server/src/syntax/parser';
import { applyFix } from './helpers';

test('diagnosticAt places the diagnostic and its fixes, and keeps only the flags that are set', () => {
  const file = parse('name = "a"\ntype = hvm\n');
  const d = diagnosticAt(file.lines, {
    code: 'syntax/bareword',
    severity: 'error',
    message: 'm',
    start: 18,
    end: 21,
    fixes: [{ title: 'quote', edits: [{ start: 18, end: 21, newText: '"hvm"' }], preferred: true }],
    unnecessary: false,
  });
  assert.deepEqual(d, {
    code: 'syntax/bareword',
    severity: 'error',
    message: 'm',
    range: { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } },
    fixes: [
      {
        title: 'quote',
        edits: [{ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } }, newText: '"hvm"' }],
        preferred: true,
      },
    ],
  });
});

test("the parser's problems and the rules' reports come out the same way", () => {
  const text = 'name = "a"\nname = "b"\ntype = hvm\nmemmory = 1\n';
  const { diagnostics } = checkText(text, defaultOptions());
  const dup = diagnostics.find((d) => d.code === 'key/duplicate')!;
  assert.equal(dup.unnecessary, true, 'an overridden statement has no effect');
  const bare = diagnostics.find((d) => d.code === 'syntax/bareword')!;
  const unknown = diagnostics.find((d) => d.code === 'key/unknown')!;
  for (const d of [dup, bare, unknown]) {
    // Plain data: a spread or a JSON round trip keeps everything.
    assert.deepEqual({ ...d }, d);
    assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
  }
  assert.equal(applyFix(text, bare.fixes!.find((f) => f.preferred)!), text.replace('= hvm', '= "hvm"'));
  assert.ok(
    unknown.fixes?.some((f) => applyFix(text, f).includes('memory = 1')),
    'the rename a rule makes lazily is resolved',
  );
});
