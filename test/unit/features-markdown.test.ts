import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { cell, code, escape, prose, safeLink, showControls } from '../../server/src/features/markdown';

// A CommonMark + GFM renderer (VS Code's hovers are CommonMark + GFM), with raw HTML and autolinks
// switched on: the most a client could make of our markdown.
const MarkdownIt = createRequire(__filename)('markdown-it');
const md = new MarkdownIt({ html: true, linkify: true }).enable(['table', 'strikethrough']);
// GFM autolinks only `scheme://` and `www.` text (and e-mail addresses, harmless mailto: links);
// markdown-it's linkify would also link bare domains (`a.pa`) and `//host`, which GFM does not.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false }).add('//', null);
const html = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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
      assert.ok(!/(^|[^\\])(\]\(|`|<[A-Za-z/!?])/.test(md) && !md.startsWith('['), md);
      assert.ok(!/[\u0000-\u001f\u007f]/.test(md));
    }
    assert.equal(escape('[x](command:foo)'), '\\[x\\](command\\:foo)');
    assert.equal(escape('Write "command:x".'), 'Write "command\\:x".');
  });
  it('escape() renders as exactly the text it was given, as one paragraph with no markup', () => {
    for (const s of [
      ...HOSTILE,
      'https://evil.example/x',
      'www.evil.example',
      '&amp; &#65; &x',
      '1. item',
      '# head',
      '- a',
      '_a_ *b* ~~c~~',
      'a\\',
      '\\*',
    ]) {
      const text = showControls(s).trim();
      if (!text) continue;
      assert.equal(md.render(escape(s)), `<p>${html(text)}</p>\n`, s);
    }
  });
  it('escape() and prose() add no backslash where none is needed (Neovim shows each one)', () => {
    assert.equal(escape('force_x2apic'), 'force_x2apic');
    assert.equal(
      escape('vcpus = 4 (the default); maxvcpus >= vcpus. See xl.cfg(5)!'),
      'vcpus = 4 (the default); maxvcpus >= vcpus. See xl.cfg(5)!',
    );
    assert.equal(
      prose('Every vCPU starts in x2APIC mode: `force_x2apic = 1` on 0x10-0x1f, "quoted".'),
      'Every vCPU starts in x2APIC mode: `force_x2apic = 1` on 0x10-0x1f, "quoted".',
    );
    assert.equal(prose('`a`-b'), '`a`-b');
  });
  it('property: escape() of any text renders as that text, with no tag, link or emphasis', () => {
    const unit = fc.constantFrom(
      'a',
      'b',
      '1',
      ' ',
      '_',
      '*',
      '`',
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '&',
      '#',
      ';',
      ':',
      '/',
      '.',
      '-',
      '+',
      '=',
      '!',
      '~',
      '\\',
      '|',
      '"',
      'w',
      'h',
      't',
      'p',
      's',
      'x',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (s) => {
        const text = showControls(s).trim();
        fc.pre(text !== '' && !/^ /.test(s) && !s.includes('|'));
        assert.equal(md.render(escape(s)), `<p>${html(text)}</p>\n`);
      }),
      { numRuns: 3000 },
    );
  });
  it('control characters are shown escaped', () => {
    assert.equal(showControls('\u001b[31m'), '\\x1b[31m');
    assert.equal(showControls('a\tb\n'), 'a\\tb\\n');
    assert.equal(showControls('\u202e'), '\\u202e');
  });
  it('prose() keeps xlcfg code spans and escapes the rest', () => {
    assert.equal(prose('use `type` <b>now</b>'), 'use `type` \\<b>now\\</b>');
  });
  it('cell() escapes pipes; safeLink() only links https', () => {
    assert.equal(cell('`a|b`'), '`a\\|b`');
    assert.equal(safeLink('x', 'command:foo'), 'x');
    assert.equal(safeLink('x', 'javascript:alert(1)'), 'x');
    assert.equal(
      safeLink('man', 'https://xenbits.xen.org/docs/x.html#a'),
      '[man](https://xenbits.xen.org/docs/x.html#a)',
    );
  });
  it('property: code() never lets a fence close early and never emits controls', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('`', ' ', 'a', '<', '[', ']', '(', ')', '\n', '\u001b', '|') }),
        (s) => {
          const md = code(s);
          assert.ok(!/[\u0000-\u001f]/.test(md));
          if (s !== '') assert.equal(spanContent(md), showControls(s));
        },
      ),
    );
  });
});
