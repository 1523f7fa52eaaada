// The incremental re-parse must be indistinguishable from parsing the new text from scratch:
// same statements (every offset and line), same settings in the same order, same diagnostics,
// comments and acceptance, after any sequence of edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse, reparse } from '../../server/src/syntax/parser';
import { MARK_SPACING, Marks } from '../../server/src/syntax/resume';
import type { ConfigFile } from '../../server/src/syntax/tree';

function snapshot(f: ConfigFile): unknown {
  return JSON.parse(
    JSON.stringify({
      statements: f.statements,
      settings: [...f.settings.entries()],
      diagnostics: f.diagnostics,
      ok: f.ok,
      comments: f.comments,
      directiveComments: f.directiveComments,
    }),
  );
}

// Pieces that make statements, lists over several lines, `+=` of both shapes, comments,
// directives and the usual mistakes; edits insert them anywhere, so they also cut them apart.
const PIECES = [
  'memory = 1024\n',
  'name = "g"\n',
  'disk = [ "a",\n  "b" ]\n',
  'vif = [ [ "x" ], "y" ]\n',
  'extra += "b"\n',
  'extra = "a"\n',
  'disk += [ "c" ]\n',
  'disk += "d"\n',
  '# comment\n',
  '# xlcfg-disable-next-line key/unknown\n',
  '# xlcfg: guest-os=linux\n',
  'a = 1; b = 2\n',
  'k-ey = 2\n',
  'x = 0X1F\n',
  'y = "open\n',
  'z = [ "a" "b" ]\n',
  'w = [\n',
  'import os\n',
  '\n',
  ' ',
  '"',
  "'",
  '[',
  ']',
  ',',
  ';',
  '=',
  '+=',
  '#',
  '\\',
  'q',
  '7',
  'memory',
  '\t',
  'é',
  '😀',
];
const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((xs) => xs.join(''));
const editArb = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat(12),
  insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((xs) => xs.join('')),
});

function applyEdit(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

test('reparse after any edit sequence equals a fresh parse', () => {
  // Resume points at every boundary, every few, and as spaced out as in the editor.
  const spacingArb = fc.constantFrom(0, 8, MARK_SPACING);
  fc.assert(
    fc.property(textArb, fc.array(editArb, { minLength: 1, maxLength: 12 }), spacingArb, (start, edits, spacing) => {
      let text = start;
      let file = parse(text, { incremental: true, markSpacing: spacing });
      for (const e of edits) {
        text = applyEdit(text, e);
        file = reparse(file, text);
        assert.deepEqual(snapshot(file), snapshot(parse(text)));
      }
    }),
    { numRuns: 400 },
  );
});

test('an edit in the middle keeps the statements after it (moved), and re-parses little', () => {
  const lines = Array.from({ length: 2000 }, (_, i) => `key_${i} = "value ${i}"  # note ${i}`);
  const text = lines.join('\n') + '\n';
  const before = parse(text, { incremental: true });
  const last = before.statements[before.statements.length - 1];
  const lastStart = last.start;
  const at = text.indexOf('# note 1000') + 2;
  const edited = text.slice(0, at) + 'NEW\n' + text.slice(at);
  const after = reparse(before, edited);
  assert.equal(after.statements[after.statements.length - 1], last, 'the last statement object is kept');
  assert.equal(last.start, lastStart + 4);
  assert.equal(last.line, 2000);
  assert.deepEqual(snapshot(after), snapshot(parse(edited)));
});

test('after an edit that needs a whole parse, the next edits are incremental again', () => {
  const text = Array.from({ length: 50 }, (_, i) => `k${i} = ${i}`).join('\n') + '\n';
  let file = parse(text, { incremental: true });
  // An edit on the first line leaves nothing to resume from: parsed whole, but still resumable.
  let edited = 'x' + text;
  file = reparse(file, edited);
  const last = file.statements[file.statements.length - 1];
  edited = edited.replace('k25 = 25', 'k25 = 250');
  file = reparse(file, edited);
  assert.equal(file.statements[file.statements.length - 1], last);
  assert.deepEqual(snapshot(file), snapshot(parse(edited)));
});

test('a consumed parse is never resumed twice; CRLF text and one-off parses are parsed whole', () => {
  const text = 'a = 1\nb = [ "x",\n "y" ]\nc = 3\n';
  const first = parse(text, { incremental: true });
  const once = reparse(first, text.replace('a = 1', 'a = 22'));
  const twice = reparse(first, text.replace('c = 3', 'c = 4'));
  assert.deepEqual(snapshot(once), snapshot(parse(text.replace('a = 1', 'a = 22'))));
  assert.deepEqual(snapshot(twice), snapshot(parse(text.replace('c = 3', 'c = 4'))));
  const crlf = text.replace(/\n/g, '\r\n');
  assert.deepEqual(snapshot(reparse(parse(text, { incremental: true }), crlf)), snapshot(parse(crlf)));
  const oneOff = parse(text);
  const edited = text.replace('c = 3', 'c = 5');
  const again = reparse(oneOff, edited);
  assert.notEqual(again.statements[0], oneOff.statements[0], 'nothing is kept from a parse made without `incremental`');
  assert.deepEqual(snapshot(again), snapshot(parse(edited)));
});

test('statements kept across many edits do not keep old versions of the text alive', () => {
  // A slice of 13+ characters is a view of its whole parent string in V8: without care, every
  // re-parsed statement would pin the version of the document it was cut from.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const lines = Array.from(
    { length: 2000 },
    (_, i) => `a_rather_long_key_${i} = "and a value long enough to be sliced ${i}"`,
  );
  let text = lines.join('\n') + '\n';
  let file = parse(text, { incremental: true });
  const heapAfter = (edits: number, from: number): number => {
    for (let k = from; k < edits; k++) {
      const line = 1 + ((k * 7919) % (lines.length - 2));
      const at = text.split('\n', line + 1).join('\n').length;
      text = k % 2 === 0 ? text.slice(0, at) + ' ' + text.slice(at) : text.slice(0, at - 1) + text.slice(at);
      file = reparse(file, text);
    }
    gc();
    return process.memoryUsage().heapUsed;
  };
  const early = heapAfter(60, 0);
  const late = heapAfter(300, 60);
  // Each edit's text is ~150 kB: pinning them would add ~35 MB over these 240 edits.
  assert.ok(late - early < 8e6, `heap grew by ${((late - early) / 1e6).toFixed(1)} MB over 240 edits`);
  assert.deepEqual(snapshot(file), snapshot(parse(text)));
});

test('resume points are spaced out, at line starts where there are any', () => {
  const marks = new Marks(256);
  const recorded: number[] = [];
  // Statements of 4 bytes, one a line (`a=1\n`): a mark every 256 bytes, each at a line start.
  for (let at = 0; at < 4096; at += 4) if (marks.due(at, at === 0, true)) recorded.push(at);
  assert.deepEqual(
    recorded,
    Array.from({ length: 16 }, (_, i) => i * 256),
  );
  // No line starts (indented lines): one every 512 bytes, so a resume still starts near an edit.
  const indented = new Marks(256);
  const got: number[] = [];
  for (let at = 0; at < 2048; at += 4) if (indented.due(at, at === 0, false)) got.push(at);
  assert.deepEqual(got, [0, 512, 1024, 1536]);
  // Spacing 0 records every boundary.
  const every = new Marks(0);
  assert.ok([0, 1, 2, 3].every((at) => every.due(at, at === 0, false)));
});

test('with spaced resume points, an edit between two of them re-parses to the same result', () => {
  const text = 'a=1\n'.repeat(5_000);
  const file = parse(text, { incremental: true });
  const edited = text.slice(0, 10_002) + '2;b=2' + text.slice(10_002);
  assert.deepEqual(snapshot(reparse(file, edited)), snapshot(parse(edited)));
});
