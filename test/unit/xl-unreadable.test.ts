// A file libxlu cannot read: its error lines, kept up to a budget and counted past it, and placed
// on the parser's diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { defaultOptions } from '../../server/src/options';
import { libxluReaddata } from '../../server/src/xl/libxluReaddata';

test('libxlu error lines past `keep` are counted, not kept', () => {
  const text = 'k-=1\n'.repeat(50);
  const all = libxluReaddata(text);
  assert.equal(all.errors.length, 50);
  assert.equal(all.omitted, undefined);
  const some = libxluReaddata(text, 10);
  assert.deepEqual(some.errors, all.errors.slice(0, 10));
  assert.equal(some.omitted, 40);
  assert.equal(some.ok, false);
});

test("a check keeps libxlu's lines within the problem budget and says how many more xl prints", () => {
  const text = 'k-=1\n'.repeat(2_500);
  const r = checkText(text, defaultOptions({ maxProblems: 1000 }));
  assert.equal(r.xl.accepted, false);
  const failed = r.xl.reports.find((x) => x.printed.some((p) => p.text === 'Failed to parse config: Invalid argument'));
  assert.ok(failed, 'xl exits with its own last line');
  // The budget for a cap of 1000 is 2000 (checks/cap.ts): 500 more lines are counted.
  assert.match(failed.message, /libxlu prints 500 more error lines, not kept here/);
  const libxlu = r.xl.reports.filter((x) => x.printed.some((p) => /lexical error/.test(p.text)));
  assert.equal(libxlu.length, 2_000);
  // Each is placed on the parser's diagnostic of its own line.
  for (const x of libxlu.slice(0, 50)) {
    const line = x.printed[0].line! - 1;
    assert.equal(r.file.lines.positionAt(x.start).line, line);
    assert.equal(x.rule, 'syntax/key-dash');
  }
  // All of them, with `--max-problems 0`.
  const every = checkText(text, defaultOptions({ maxProblems: 0 }));
  assert.equal(every.xl.reports.filter((x) => x.printed.some((p) => /lexical error/.test(p.text))).length, 2_500);
});
