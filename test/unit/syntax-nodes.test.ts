// The tree's nodes keep only what cannot be derived (syntax/nodes.ts); every field of tree.ts must
// still read as the source says, for statements of every shape, and before and after a move.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, reparse } from '../../server/src/syntax/parser';
import { AssignmentNode } from '../../server/src/syntax/nodes';
import type { Assignment, ValueNode } from '../../server/src/syntax/tree';

function checkValue(text: string, v: ValueNode): void {
  assert.ok(v.start < v.end, `${v.kind} ${v.start}-${v.end}`);
  if (v.kind === 'number') assert.equal(text.slice(v.start, v.end), v.value);
  else if (v.kind === 'string' && v.bareword) assert.equal(text.slice(v.start, v.end), v.value);
  else if (v.kind === 'string') assert.equal(text[v.start], v.quote);
  else for (const item of v.items) checkValue(text, item);
}

function checkStatement(text: string, s: Assignment): void {
  assert.equal(s.kind, 'assignment');
  assert.equal(s.keyStart, s.start);
  assert.equal(text.slice(s.keyStart, s.keyEnd), s.key);
  assert.equal(text.slice(s.opStart, s.opStart + s.op.length), s.op);
  assert.match(text.slice(s.keyEnd, s.opStart), /^[ \t]*$/);
  assert.equal(s.end, s.value ? s.value.end : s.opStart + s.op.length);
  assert.equal(s.line, text.slice(0, s.start).split('\n').length - 1);
  if (s.value) checkValue(text, s.value);
  // The plain shape of tree.ts is what a serialised statement shows.
  const plain = JSON.parse(JSON.stringify(s));
  assert.deepEqual(Object.keys(plain).sort(), [
    'broken',
    'end',
    'key',
    'keyEnd',
    'keyStart',
    'kind',
    'line',
    'op',
    'opStart',
    'start',
    ...(s.value ? ['value'] : []),
  ]);
}

const SAMPLES = [
  'a=1\n',
  'wide          +=   "gap"\n',
  'wider\t\t\t\t\t\t\t\t= 1\n',
  'memory   \t+=  2048\n',
  'name = "g"\nb = \'x\\ty\'\n',
  'disk = [ "a", [ 1, "b" ], ]\n',
  'k-ey = 2\n',
  'x = \n',
  'y = "open\n',
  'z = [ "a" "b" \n',
  'w += bare words\n',
  'p = 1; q += 2;r=[]',
];

test('every field of a statement and its atoms reads as the source says', () => {
  for (const text of SAMPLES) {
    const file = parse(text);
    assert.ok(file.statements.length > 0, text);
    for (const s of file.statements) checkStatement(text, s);
    const broken = file.statements.map((s) => s.broken);
    assert.deepEqual(
      broken,
      JSON.parse(JSON.stringify(file.statements)).map((s: Assignment) => s.broken),
    );
  }
  const [ok, dash, noValue] = [parse('a = 1\n'), parse('k-ey = 2\n'), parse('x = \n')].map((f) => f.statements[0]);
  assert.equal(ok.broken, false);
  assert.equal(dash.broken, true);
  assert.equal(noValue.broken, true);
  assert.equal(noValue.value, undefined);
});

test('statements moved by an incremental re-parse read right', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...SAMPLES), { minLength: 2, maxLength: 30 }),
      fc.nat(),
      fc.constantFrom('', 'n = 5\n', '\n\n', '  '),
      (pieces, at, insert) => {
        const text = pieces.join('');
        const file = parse(text, { incremental: true, markSpacing: 0 });
        const cut = at % (text.length + 1);
        const edited = text.slice(0, cut) + insert + text.slice(cut);
        for (const s of reparse(file, edited).statements) checkStatement(edited, s);
      },
    ),
    { numRuns: 200 },
  );
});

test('a statement holds four fields and a number two (a 5 MB file can have 1.3 M statements)', () => {
  const s = parse('memory = 2048\n').statements[0];
  assert.deepEqual(Object.keys(s).length, 4);
  assert.deepEqual(Object.keys(s.value!).length, 2);
});

test('line, operator, gap and flags read right at any size (past 67 M lines the packing is a double)', () => {
  for (const line of [0, 1, 2 ** 26 - 1, 2 ** 26, 2 ** 27 + 5, 2 ** 40 + 3]) {
    for (const gap of [0, 1, 6, 7, 8, 1000]) {
      for (const append of [false, true]) {
        const s = new AssignmentNode('key', 100, append, 103 + gap, line);
        assert.equal(s.line, line);
        assert.equal(s.opStart, 103 + gap);
        assert.equal(s.op, append ? '+=' : '=');
        assert.equal(s.broken, false);
        assert.equal(s.end, 103 + gap + (append ? 2 : 1));
        s.markBroken();
        s.markBroken();
        assert.equal(s.broken, true);
        assert.equal(s.line, line);
        s.moveBy(-50, 3);
        assert.equal(s.line, line + 3);
        assert.equal(s.start, 50);
        assert.equal(s.opStart, 53 + gap);
        assert.equal(s.op, append ? '+=' : '=');
        assert.equal(s.broken, true);
      }
    }
  }
});

test('empty lists, and the commas of one-item lists, share one empty array', () => {
  const [a, b, c] = parse('a = []\nb = [ ]\nc = [ 1 ]\n').statements.map((s) => s.value!);
  assert.ok(a.kind === 'list' && b.kind === 'list' && c.kind === 'list');
  assert.equal(a.items.length, 0);
  assert.equal(a.items, b.items);
  assert.equal(a.commas, b.commas);
  assert.equal(c.commas, a.commas);
  assert.equal(c.items.length, 1);
});
