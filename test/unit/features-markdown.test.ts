import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cell, code, escape, prose, safeLink, showControls } from '../../server/src/features/markdown';

const HOSTILE = [
  '[x](command:foo)',
  '<img src=x onerror=alert(1)>',
  '` `` ```',
  '\u001b[31mred\u001b[0m',
  '<script>alert(1)</script>',
  '![i](https://evil/x.png)',
  '<command:workbench.action.terminal.new>',
  'a\nb\r\u2028c\u202etxt',
  ' `x` ',
  '`',
];

/** The content a CommonMark parser gets out of a single code span we produced. */
function spanContent(md: string): string {
  const m = /^(`+)(.*)\1$/s.exec(md);
  assert.ok(m, `not a code span: ${md}`);
  const fence = m[1];
  let body = m[2];
  assert.ok(!body.includes(fence) || !new RegExp(`(^|[^\`])${fence}([^\`]|$)`).test(body), 'fence inside body');
  if (body.length >= 2 && body.startsWith(' ') && body.endsWith(' ') && !/^ +$/.test(body)) body = body.slice(1, -1);
  return body;
}

describe('markdown helpers', () => {
  it('code() keeps hostile text literal inside one code span', () => {
    for (const s of HOSTILE) {
      const md = code(s);
      assert.equal(spanContent(md), showControls(s), s);
      assert.ok(!/[\u0000-\u001f\u007f]/.test(md), 'raw control character');
      assert.ok(!md.includes('\n'));
    }
  });
  it('code() of a backtick-only string uses a longer fence and padding', () => {
    assert.equal(code('`'), '`` ` ``');
    assert.equal(code('a``b'), '```a``b```');
    assert.equal(code(''), '` `');
  });
  it('escape() leaves no active markdown: no link, no HTML, no control characters', () => {
    for (const s of HOSTILE) {
      const md = escape(s);
      assert.ok(!/(^|[^\\])[\[\]<>`]/.test(md), md);
      assert.ok(!/[\u0000-\u001f\u007f]/.test(md));
    }
    assert.equal(escape('[x](command:foo)'), '\\[x\\]\\(command\\:foo\\)');
  });
  it('control characters are shown escaped', () => {
    assert.equal(showControls('\u001b[31m'), '\\x1b[31m');
    assert.equal(showControls('a\tb\n'), 'a\\tb\\n');
    assert.equal(showControls('\u202e'), '\\u202e');
  });
  it('prose() keeps xlcfg code spans and escapes the rest', () => {
    assert.equal(prose('use `type` <b>now</b>'), 'use `type` \\<b\\>now\\<\\/b\\>');
  });
  it('cell() escapes pipes; safeLink() only links https', () => {
    assert.equal(cell('`a|b`'), '`a\\|b`');
    assert.equal(safeLink('x', 'command:foo'), 'x');
    assert.equal(safeLink('x', 'javascript:alert(1)'), 'x');
    assert.equal(safeLink('man', 'https://xenbits.xen.org/docs/x.html#a'), '[man](https://xenbits.xen.org/docs/x.html#a)');
  });
  it('property: code() never lets a fence close early and never emits controls', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', ' ', 'a', '<', '[', ']', '(', ')', '\n', '\u001b', '|') }), (s) => {
        const md = code(s);
        assert.ok(!/[\u0000-\u001f]/.test(md));
        if (s !== '') assert.equal(spanContent(md), showControls(s));
      }),
    );
  });
});
