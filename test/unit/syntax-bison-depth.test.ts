// libxlutil's bison parser has a fixed-size stack: deeply nested lists make it fail with
// "memory exhausted". The boundaries below were measured against libxlutil 4.17 (xlu-harness).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/syntax/parser';

const nested = (depth: number, inner: string): string => `a=${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const tooDeep = (text: string): boolean => parse(text).diagnostics.some((d) => d.code === 'syntax/too-deep');

test('4996 levels fit the parser stack, 4997 do not', () => {
  assert.equal(parse(nested(4996, '')).ok, true);
  assert.equal(parse(nested(4997, '')).ok, false);
  assert.ok(tooDeep(nested(4997, '')));
});

test('what the innermost list holds counts too', () => {
  // `1 NEWLINE` keeps `value nlok NEWLINE` on the stack: exactly at the limit.
  assert.equal(parse(nested(4996, '1\n')).ok, true);
  // A second item keeps `values ',' nlok value nlok NEWLINE`: over the limit.
  assert.equal(parse(nested(4996, '1,2\n')).ok, false);
});

test('a list past its first item holds more of the stack', () => {
  const chain = (n: number): string => `a=${'[1,'.repeat(n)}1${']'.repeat(n)}`;
  assert.equal(parse(chain(1998)).ok, true);
  assert.equal(parse(chain(1999)).ok, false);
});

test('the value of a deep but accepted list is kept', () => {
  const file = parse(nested(3000, '"x"'));
  let v = file.settings.get('a')!.value;
  let depth = 0;
  while (Array.isArray(v)) {
    assert.equal(v.length, 1);
    v = v[0];
    depth++;
  }
  assert.equal(depth, 3000);
  assert.equal(v, 'x');
});
