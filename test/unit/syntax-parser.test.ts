// Scanner and parser: values as libxlutil stores them, every error with its exact range, recovery,
// the common real-world mistakes, and their fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, settingsJson } from '../../server/src/syntax/parser';
import { decodeUtf8 } from '../../server/src/syntax/utf8';
import { applyFix } from './helpers';

const codes = (text: string) => parse(text).diagnostics.map((d) => d.code);
const only = (text: string, code: string) => {
  const ds = parse(text).diagnostics.filter((d) => d.code === code);
  assert.equal(
    ds.length,
    1,
    `expected one ${code} in ${JSON.stringify(text)}, got ${JSON.stringify(parse(text).diagnostics.map((d) => d.code))}`,
  );
  return ds[0];
};
const range = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

test('values are strings and nested lists; numbers keep their source text', () => {
  const f = parse('memory = 512\nname = "vm"\nhex = 0x1f\noct = 010\ndisk = [ "a", [ "b", 1 ], ]\nempty = []\n');
  assert.ok(f.ok);
  assert.deepEqual(settingsJson(f), {
    memory: '512',
    name: 'vm',
    hex: '0x1f',
    oct: '010',
    disk: ['a', ['b', '1']],
    empty: [],
  });
});

test('last assignment wins and the overridden one is flagged with the winning line', () => {
  const f = parse('memory = 1\nmemory = 2\n');
  assert.ok(f.ok);
  assert.equal(f.settings.get('memory')!.value, '2');
  const d = only('memory = 1\nmemory = 2\n', 'key/duplicate');
  assert.deepEqual(d.range, range(0, 0, 0, 6));
  assert.match(d.message, /line 2/);
});

test('+= concatenates strings, appends lists, remembers it was +=, and refuses mixing', () => {
  const f = parse('cmdline = "a"\ncmdline += " b"\nvif = ["x"]\nvif += ["y"]\nnew += "z"\n');
  assert.ok(f.ok);
  assert.deepEqual(settingsJson(f), { cmdline: 'a b', vif: ['x', 'y'], new: 'z' });
  assert.equal(f.settings.get('cmdline')!.appended, true);
  assert.equal(f.settings.get('new')!.appended, true);
  assert.equal(codes('cmdline = "a"\ncmdline += " b"\n').includes('key/duplicate'), false);
  const mixed = parse('a = "s"\na += ["l"]\n');
  assert.equal(mixed.ok, false);
  assert.deepEqual(
    mixed.diagnostics.map((d) => d.code),
    ['syntax/append-mixed'],
  );
  const reset = parse('a = "1"\na += "2"\na = "3"\n');
  assert.equal(reset.settings.get('a')!.value, '3');
  assert.equal(reset.settings.get('a')!.appended, false);
});

test('escapes are decoded as libxlutil does, quirks included', () => {
  assert.equal(parse('a = "q\\"\\\'\\\\\\a\\b\\f\\n\\r\\t\\v"\n').settings.get('a')!.value, 'q"\'\\\x07\b\f\n\r\t\v');
  const dropped = parse('a = "A\\0123B"\n');
  assert.ok(dropped.ok);
  assert.equal(dropped.settings.get('a')!.value, 'AB');
  assert.deepEqual(only('a = "A\\0123B"\n', 'syntax/escape-dropped').range, range(0, 6, 0, 11));
  assert.equal(parse('a = "A\\0999xB"\n').settings.get('a')!.value, 'AxB');
  for (const bad of ['"\\x41"', '"\\08"', '"\\01"', "'\\e'", '"\\8"']) {
    const f = parse(`a = ${bad}\n`);
    assert.equal(f.ok, false, bad);
    assert.deepEqual(
      f.diagnostics.map((d) => d.code),
      ['syntax/escape'],
      bad,
    );
    assert.equal(f.diagnostics[0].range.start.character, 5, bad);
  }
});

test('sourceMap maps decoded characters back to the source', () => {
  const f = parse('a = "x\\ty"\n');
  const atom = f.statements[0].value!;
  assert.equal(atom.kind, 'string');
  if (atom.kind === 'string') assert.deepEqual(atom.sourceMap, [5, 6, 8]);
});

test('every error of a file is reported, with settings around them kept', () => {
  const text = 'name = "ok"\nType = "hvm"\nmemory = 512M\nvcpus = 2\ndisk = [ "a" "b" ]\nmaxmem = 1024\n';
  const f = parse(text);
  assert.equal(f.ok, false);
  assert.deepEqual(
    f.diagnostics.map((d) => d.code),
    ['syntax/key-uppercase', 'syntax/number-suffix', 'syntax/missing-comma'],
  );
  assert.deepEqual(
    f.diagnostics.map((d) => d.range),
    [range(1, 0, 1, 4), range(2, 9, 2, 13), range(4, 13, 4, 16)],
  );
  assert.deepEqual(Object.keys(settingsJson(f)), ['name', 'vcpus', 'maxmem']);
});

test('common mistakes get their own diagnostic and fix', () => {
  const cases: Array<[string, string, string]> = [
    ['type = hvm\n', 'syntax/bareword', 'type = "hvm"\n'],
    ['rtc_timeoffset = -3600\n', 'syntax/unquoted-number', 'rtc_timeoffset = "-3600"\n'],
    ['x = 1.5\n', 'syntax/unquoted-number', 'x = "1.5"\n'],
    ['iomem = 0xFE\n', 'syntax/uppercase-hex', 'iomem = 0xfe\n'],
    ['a = 1 b = 2\n', 'syntax/missing-separator', 'a = 1; b = 2\n'],
    ['name = "x\n', 'syntax/unterminated-string', 'name = "x"\n'],
    ['disk = [ "a",\nname = "x"\n', 'syntax/unterminated-list', 'disk = [ "a"],\nname = "x"\n'],
    ['disk = [ "a" "b" ]\n', 'syntax/missing-comma', 'disk = [ "a", "b" ]\n'],
    ['disk = [ "a",, "b" ]\n', 'syntax/empty-item', 'disk = [ "a", "b" ]\n'],
    ['\ufeffname = "x"\n', 'syntax/bom', 'name = "x"\n'],
    ['name = "x"\n# end', 'syntax/comment-at-eof', 'name = "x"\n# end\n'],
    ['name = "x"\r\nvcpus = 2\r\n', 'syntax/crlf', 'name = "x"\nvcpus = 2\n'],
    ['name = "x"\nmemory = 1F', 'syntax/ignored-last-char', 'name = "x"\nmemory = 1'],
  ];
  for (const [text, code, fixed] of cases) {
    const f = parse(text);
    const d = f.diagnostics.find((x) => x.code === code);
    assert.ok(d, `${code} for ${JSON.stringify(text)}: got ${f.diagnostics.map((x) => x.code)}`);
    const fix = d!.fixes?.find((x) => x.preferred) ?? d!.fixes?.[0];
    assert.ok(fix, `fix for ${code}`);
    const after = applyFix(text, fix!);
    assert.equal(after, fixed, code);
    assert.ok(!parse(after).diagnostics.some((x) => x.code === code), `${code} gone after fix`);
  }
});

test('keys with uppercase or dashes are errors with a rename fix', () => {
  const d = only('Memory = 1\n', 'syntax/key-uppercase');
  assert.equal(applyFix('Memory = 1\n', d.fixes![0]), 'memory = 1\n');
  const dash = only('on-crash = "destroy"\n', 'syntax/key-dash');
  assert.deepEqual(dash.range, range(0, 0, 0, 8));
  assert.equal(applyFix('on-crash = "destroy"\n', dash.fixes![0]), 'on_crash = "destroy"\n');
});

test('CRLF is one diagnostic for the whole file, and values still parse', () => {
  const f = parse('a = 1\r\nb = "x"\r\nc = [1,\r\n2]\r\n');
  assert.equal(f.ok, false);
  assert.deepEqual(
    f.diagnostics.map((d) => d.code),
    ['syntax/crlf'],
  );
  assert.deepEqual(settingsJson(f), { a: '1', b: 'x', c: ['1', '2'] });
  assert.deepEqual(f.diagnostics[0].range, range(0, 5, 0, 6));
  // A CR inside a comment is not rejected by libxlutil (the comment runs to the LF).
  assert.ok(parse('# c\r\na = 1\n').ok);
});

test('NUL bytes: a lexical error outside quotes, a crash of xl inside', () => {
  const inside = parse('a = "x\u0000y"\n');
  assert.equal(inside.ok, false);
  assert.equal(inside.diagnostics[0].code, 'syntax/nul');
  assert.match(inside.diagnostics[0].message, /aborts/);
  assert.equal(parse('a = 1 \u0000 \n').ok, false);
});

test('invalid UTF-8 becomes U+FFFD with a warning at its exact place', () => {
  const d = decodeUtf8(Buffer.from([0x61, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x62, 0x22, 0x0a]));
  assert.equal(d.text, 'a = "\ufffdb"\n');
  const f = parse(d.text, d);
  assert.ok(f.ok);
  assert.equal(f.settings.get('a')!.value, '\ufffdb');
  assert.deepEqual(
    f.diagnostics.map((x) => [x.code, x.range]),
    [['syntax/invalid-utf8', range(0, 5, 0, 6)]],
  );
  // Outside quotes a non-ASCII byte is a lexical error.
  assert.equal(parse('a = 1 é\n').ok, false);
});

test('xm-era Python is one clear diagnostic, not a cascade', () => {
  const py = 'import os\nname = "vm"\ndef f(x):\n    return x\nmemory = 256 * 2\n';
  const f = parse(py);
  assert.equal(f.ok, false);
  assert.deepEqual(
    f.diagnostics.map((d) => d.code),
    ['syntax/python'],
  );
  assert.deepEqual(f.diagnostics[0].range, range(0, 0, 0, 9));
  // An expression line alone is grouped as well.
  assert.deepEqual(codes('name = "vm"\nkernel = "/boot/%s" % version\n'), ['syntax/python']);
});

test('statements: empty ones, semicolons, final assignment without newline', () => {
  assert.ok(parse('').ok);
  assert.ok(parse('\n\n;;\n').ok);
  assert.ok(parse('a = 1; b = 2;; c = 3').ok);
  assert.ok(parse('a = [\n  # comment\n  1,\n\n  2\n  ,]\n').ok);
  assert.equal(parse('a =\n1\n').ok, false);
  assert.deepEqual(codes('a =\n1\n'), ['syntax/missing-value', 'syntax/unexpected']);
  assert.equal(parse('a = [,]\n').ok, false);
  assert.equal(parse("a = 'x' 'y'\n").ok, false);
  assert.equal(parse('a = 12g\n').ok, false);
  assert.equal(parse('= 1\n').ok, false);
  assert.equal(parse('a + = 1\n').ok, false);
});

test('the last-character quirk of libxlutil is mirrored exactly', () => {
  for (const [text, ok] of [
    ['a = 1F', true],
    ['a = 1\n@', true],
    ['a = 1\n#', true],
    ['a = 1 "', true],
    ['a = 1\nAB', false],
    ['a = 12g', false],
    ['a = 1F\n', false],
    ['a = 1\n@ ', false],
  ] as const) {
    assert.equal(parse(text).ok, ok, JSON.stringify(text));
  }
  assert.deepEqual(decodeUtf8(Buffer.from('a=1\xff', 'latin1')).lastCharBytes, 1);
  const twoBytes = decodeUtf8(Buffer.from([0x61, 0x3d, 0x31, 0xe2, 0x82]));
  assert.equal(parse(twoBytes.text, twoBytes).ok, false);
});

test('deeply nested lists need no recursion', () => {
  const depth = 20000;
  const f = parse('a = ' + '['.repeat(depth) + ']'.repeat(depth) + '\n');
  let v = f.settings.get('a')!.value;
  let n = 0;
  while (Array.isArray(v) && v.length) {
    v = v[0];
    n++;
  }
  assert.equal(n, depth - 1);
  const open = parse('a = ' + '['.repeat(depth));
  assert.equal(open.ok, false);
  assert.ok(open.diagnostics.some((d) => d.code === 'syntax/unterminated-list'));
});

test('the tree is lossless: comments and statement spans index the original text', () => {
  const text = '# head\nname  =   "x"   # trailing\n\nvcpus=2\n';
  const f = parse(text);
  assert.deepEqual(
    f.comments.map((c) => text.slice(c.start, c.end)),
    ['# head', '# trailing'],
  );
  assert.deepEqual(
    f.statements.map((s) => text.slice(s.start, s.end)),
    ['name  =   "x"', 'vcpus=2'],
  );
  assert.equal(f.text, text);
});
