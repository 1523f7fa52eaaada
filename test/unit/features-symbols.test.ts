import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols, foldingRanges, valuePreview } from '../../server/src/features/symbols';
import { parse } from '../../server/src/syntax/parser';

describe('document symbols', () => {
  it('one symbol per assignment with a value preview and key selection', () => {
    const text = '# vm\nname = "web01"\ndisk = [\n    "a",\n    "b",\n]\nextra += "quiet"\nname = "web02"\n';
    const syms = documentSymbols(parse(text));
    assert.deepEqual(
      syms.map((s) => s.name),
      ['name', 'disk', 'extra', 'name'],
    );
    assert.equal(syms[0].detail, 'web01');
    assert.equal(syms[1].detail, '["a", "b"]');
    assert.equal(syms[1].kind, 'list');
    assert.equal(syms[2].detail, '+= quiet');
    assert.equal(text.slice(syms[1].selectionStart, syms[1].selectionEnd), 'disk');
    assert.equal(text.slice(syms[1].start, syms[1].end), 'disk = [\n    "a",\n    "b",\n]');
  });
  it('previews are short and free of control characters', () => {
    assert.equal(valuePreview('a\u001bb\nc'), 'a?b?c');
    assert.ok(valuePreview('x'.repeat(500)).length <= 40);
    const big = parse(`l = [ ${Array.from({ length: 100 }, (_, i) => `"item${i}"`).join(', ')} ]\n`);
    assert.ok(documentSymbols(big)[0].detail.length <= 40);
  });
  it('a statement without a value still gets a symbol', () => {
    const syms = documentSymbols(parse('memory =\n'));
    assert.equal(syms[0].name, 'memory');
    assert.equal(syms[0].detail, '');
  });
});

describe('folding ranges', () => {
  it('multi-line lists and runs of two or more comment lines', () => {
    const text =
      '# a\n# b\n# c\nname = "x" # trailing\n# lone\n\ndisk = [\n    "a",\n    "b",\n]\nvif = [ "x" ]\n  # d\n  # e\n';
    assert.deepEqual(foldingRanges(parse(text)), [
      { startLine: 0, endLine: 2, kind: 'comment' },
      { startLine: 6, endLine: 9 },
      { startLine: 11, endLine: 12, kind: 'comment' },
    ]);
  });
});
