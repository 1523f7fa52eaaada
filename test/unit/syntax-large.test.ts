// Large files get arrays of their final size (parser.ts: presized, addToAll): the statements and
// each key's `all` must hold exactly what a growing array would, with no holes left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from '../../server/src/syntax/parser';

function dense<T>(xs: T[]): boolean {
  for (let i = 0; i < xs.length; i++) if (!(i in xs) || xs[i] === undefined) return false;
  return true;
}

test('a key set 40,000 times among others: every statement and every `all` entry, in order', () => {
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) {
    lines.push(`a = ${i}`);
    if (i % 3 === 0) lines.push(`b += "${i}"`);
    if (i === 30_000) lines.push('a += [ 1 ]'); // mixes a list into a string key's value: not stored
    if (i % 1000 === 0) lines.push('a = '); // broken: no value, not stored
  }
  // Strings full of `=` make the statement estimate too large: the array is trimmed.
  lines.push(`pad = "${'='.repeat(2_100_000)}"`);
  const text = lines.join('\n') + '\n';
  assert.ok(text.length > 1 << 21);
  const file = parse(text);
  assert.equal(file.statements.length, lines.length);
  assert.ok(dense(file.statements));
  assert.deepEqual(
    file.statements.map((s) => s.key),
    lines.map((l) => l.slice(0, l.search(/ /))),
  );
  const a = file.settings.get('a')!;
  assert.equal(a.all.length, 40_000);
  assert.ok(dense(a.all));
  assert.deepEqual(
    a.all.map((s) => s.value!.kind === 'number' && s.value!.value),
    Array.from({ length: 40_000 }, (_, i) => String(i)),
  );
  assert.deepEqual(a.sources, [a.all[39_999]]);
  assert.equal(a.value, '39999');
  const b = file.settings.get('b')!;
  assert.equal(b.all.length, Math.ceil(40_000 / 3));
  assert.ok(dense(b.all));
  assert.equal(b.sources, b.all);
  assert.ok(typeof b.value === 'string' && b.value.startsWith('0369'));
  assert.equal(file.diagnostics.filter((d) => d.code === 'syntax/append-mixed').length, 1);
});

test('a key set 40,000 times with `+=` from the start: sources and all stay one array', () => {
  const text = 'x += "a"\n'.repeat(40_000) + 'filler = "' + 'y'.repeat(1 << 21) + '"\n';
  const file = parse(text);
  const x = file.settings.get('x')!;
  assert.equal(x.all.length, 40_000);
  assert.equal(x.sources, x.all);
  assert.ok(dense(x.all));
  assert.equal((x.value as string).length, 40_000);
  assert.equal(file.statements.length, 40_001);
});

test('a parsed `a=1` statement costs under 150 bytes of heap, its arrays included', () => {
  // 188 bytes when nodes were object literals of every field (nodes.ts); about 125 now.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const text = 'a=1\n'.repeat(200_000);
  gc();
  const before = process.memoryUsage().heapUsed;
  const file = parse(text, { maxProblems: 1 }); // not 200,000 duplicate-key warnings
  gc();
  const perStatement = (process.memoryUsage().heapUsed - before) / file.statements.length;
  assert.equal(file.statements.length, 200_000);
  assert.ok(perStatement < 150, `${perStatement.toFixed(0)} bytes per statement`);
});

test('a one-item list keeps no array of its item until the items are read', () => {
  // 241 bytes a statement of `a=[1]` when every list held an items array; about 180 now.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const text = 'a=[1]\n'.repeat(200_000);
  gc();
  const before = process.memoryUsage().heapUsed;
  const file = parse(text, { maxProblems: 1 });
  gc();
  const perStatement = (process.memoryUsage().heapUsed - before) / file.statements.length;
  assert.ok(perStatement < 200, `${perStatement.toFixed(0)} bytes per statement`);
  // Read, the items are an array like any other, the same one each time.
  const list = file.statements[7].value!;
  assert.equal(list.kind, 'list');
  if (list.kind !== 'list') return;
  assert.ok(Array.isArray(list.items));
  assert.equal(list.items, list.items);
  assert.deepEqual(
    list.items.map((i) => i.kind === 'number' && i.value),
    ['1'],
  );
  assert.deepEqual(JSON.parse(JSON.stringify(list)), {
    kind: 'list',
    start: 44,
    end: 47,
    items: [{ kind: 'number', start: 45, end: 46, value: '1' }],
    commas: [],
    closed: true,
  });
  assert.deepEqual(file.settings.get('a')!.value, ['1']);
});

test('line starts: every line, 4 bytes each', () => {
  for (const text of ['', '\n', 'a', 'a\n', '\n\nb\nc', 'x\r\ny\n', 'é\n😀\n\n']) {
    const want = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') want.push(i + 1);
    const starts = parse(text).lines.lineStarts;
    assert.deepEqual([...starts], want, JSON.stringify(text));
  }
  const many = parse('a\n'.repeat(1_000_000)).lines.lineStarts;
  assert.equal(many.length, 1_000_001);
  assert.equal(many[1_000_000], 2_000_000);
  assert.equal(many.byteLength, 4 * 1_000_001);
});

test('two keys each set 20,000 times, interleaved: each `all` is whole and in order', () => {
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) lines.push(`p = ${i}`, `q = "${i}"`, ...(i % 2 ? ['q += "+"'] : []));
  const file = parse(lines.join('\n') + '\n', { maxProblems: 1 });
  const p = file.settings.get('p')!;
  const q = file.settings.get('q')!;
  assert.equal(p.all.length, 20_000);
  assert.equal(q.all.length, 30_000);
  assert.ok(dense(p.all) && dense(q.all));
  const linesOf = (key: string) => lines.flatMap((l, i) => (l.startsWith(`${key} `) ? [i] : []));
  assert.deepEqual(
    p.all.map((s) => s.line),
    linesOf('p'),
  );
  assert.deepEqual(
    q.all.map((s) => s.line),
    linesOf('q'),
  );
  assert.equal(q.sources.length, 2);
  assert.equal(q.value, '19999+');
});
