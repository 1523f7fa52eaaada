// Diagnostics that follow from one statement (RuleContext.reportStatement) are kept across an
// incremental re-parse: same object, moved with its statement, fixes worked out on the new file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile } from '../../server/src/checks/check';
import { defaultOptions } from '../../server/src/options';
import { parse, reparse } from '../../server/src/syntax/parser';

test('an unknown-key diagnostic moves with its statement and stays equal to a fresh check', () => {
  const options = defaultOptions();
  const text = 'name = "g"\n# note\nmemmory = 2048\nvcpus = 2\n';
  const first = checkFile(parse(text, { incremental: true }), options);
  const before = first.diagnostics.find((d) => d.code === 'key/unknown')!;
  assert.deepEqual(before.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 7 } });
  assert.equal(before.fixes?.[0].title, 'Rename to `memory`');
  const edited = text.replace('# note\n', '# a longer note\n\n');
  const second = checkFile(reparse(first.file, edited), options);
  const after = second.diagnostics.find((d) => d.code === 'key/unknown')!;
  assert.equal(after, before, 'the diagnostic object is kept');
  assert.deepEqual(after.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 7 } });
  assert.deepEqual(after.fixes?.[0].edits[0].range, after.range);
  const fresh = checkFile(parse(edited), options);
  assert.deepEqual(JSON.parse(JSON.stringify(second.diagnostics)), JSON.parse(JSON.stringify(fresh.diagnostics)));
});

test('a one-off parse keeps nothing between checks', () => {
  const options = defaultOptions();
  const file = parse('memmory = 1\n');
  const a = checkFile(file, options).diagnostics[0];
  const b = checkFile(parse('memmory = 1\n'), options).diagnostics[0];
  assert.notEqual(a, b);
  assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
});
