import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { applyEdits, formatEdits } from '../../server/src/features/format';
import { parse, settingsJson } from '../../server/src/syntax/parser';

const CORPUS = path.resolve(__dirname, '../../..', 'shared/corpus/real');

function format(text: string): string {
  return applyEdits(text, formatEdits(parse(text)));
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (!e.name.endsWith('.md')) out.push(p);
  }
  return out;
}

function assertSafeFormat(text: string, label = JSON.stringify(text)) {
  const before = parse(text);
  const out = format(text);
  if (!before.ok) {
    assert.equal(out, text, `${label}: a file that does not parse is left alone`);
    return;
  }
  const after = parse(out);
  assert.ok(after.ok, `${label}: still parses`);
  assert.deepEqual(settingsJson(after), settingsJson(before), `${label}: same settings`);
  assert.equal(format(out), out, `${label}: idempotent`);
}

describe('format', () => {
  it('normalises spacing around = and +=, ; and trailing blanks', () => {
    assert.equal(
      format('name="x"   \n  memory=512\nextra  +=  "a" ;vcpus=2\n'),
      'name = "x"\nmemory = 512\nextra += "a"; vcpus = 2\n',
    );
  });
  it('keeps comments, their alignment after code, and up to two blank lines', () => {
    assert.equal(format('a = 1    # note  \n\n\n\n\n  # c\nb = 2\n'), 'a = 1    # note\n\n\n# c\nb = 2\n');
  });
  it('inline lists: ", " between items, bracket padding as written', () => {
    assert.equal(
      format('disk=[ "a","b" ,"c"]\nvif=["x" ,"y"]\ne = [ ]\n'),
      'disk = [ "a", "b", "c" ]\nvif = ["x", "y"]\ne = []\n',
    );
  });
  it('multi-line lists: one item per line, 4 spaces, trailing comma, ] alone', () => {
    assert.equal(
      format('disk = [ # devices\n  "a", "b",\n\n\n  # own line\n      "c" # last\n]\n'),
      'disk = [ # devices\n    "a",\n    "b",\n\n    # own line\n    "c", # last\n]\n',
    );
    assert.equal(
      format('vnuma = [ [ "pnode=0" ],\n [ "pnode=1"\n , "size=1"]]\n'),
      'vnuma = [\n    [ "pnode=0" ],\n    [\n        "pnode=1",\n        "size=1",\n    ],\n]\n',
    );
  });
  it('never touches string or number text', () => {
    const text = "a = 'it''s'\nb = \"x\\ty\\\"\"\nc = 0x1F\nd = 010\n";
    const out = format(text);
    for (const lit of ["'it'", '"x\\ty\\""', '0x1F', '010']) assert.ok(out.includes(lit), lit);
  });
  it('leaves a comma after a comment alone (only trailing blanks go)', () => {
    assert.equal(format('x = [ "a"  \n# c\n, "b" ]\n'), 'x = [ "a"\n# c\n, "b" ]\n');
  });
  it('does not format a file that does not parse', () => {
    assert.deepEqual(formatEdits(parse('memory = 512M\nname="x"\n')), []);
  });
  it('edits are minimal: an already formatted file gives none', () => {
    assert.deepEqual(formatEdits(parse('name = "x"\ndisk = [\n    "a",\n]\n')), []);
    const edits = formatEdits(parse('name = "x"\nmemory=1\n'));
    assert.deepEqual(edits, [
      { start: 17, end: 17, newText: ' ' },
      { start: 18, end: 18, newText: ' ' },
    ]);
  });
  it('every corpus file keeps its settings and formats idempotently', {
    skip: fs.existsSync(CORPUS) ? false : `no corpus at ${CORPUS}`,
  }, () => {
    const all = files(CORPUS);
    assert.ok(all.length > 0);
    for (const f of all) assertSafeFormat(fs.readFileSync(f, 'utf8'), path.relative(CORPUS, f));
  });
  it('property: generated configs keep their settings; formatting is idempotent', () => {
    const blank = fc.constantFrom('', ' ', '  ', '\t');
    const str = fc
      .string({ unit: fc.constantFrom('a', ' ', ',', '=', '#', '[', ']', '\\\\', "'", 'x') })
      .map((s) => `"${s.replace(/"/g, '')}"`);
    const num = fc.constantFrom('0', '1', '010', '0x1f', '512');
    const atom = fc.oneof(str, num);
    const nl = fc.constantFrom('', '\n', '\n\n', ' # c\n', '\n# c\n');
    const list = fc
      .tuple(blank, fc.array(fc.tuple(nl, atom, blank, nl), { maxLength: 4 }), fc.boolean(), nl)
      .map(
        ([b, items, trailing, end]) =>
          `[${b}${items.map(([n1, a, sp, n2], i) => `${n1}${a}${sp}${n2}${i < items.length - 1 || trailing ? ',' : ''}`).join(' ')}${end}]`,
      );
    const key = fc.constantFrom('name', 'disk', 'vif', 'extra', 'memory', 'x.y');
    const stmt = fc.tuple(
      blank,
      key,
      blank,
      fc.constantFrom('=', '+='),
      blank,
      fc.oneof(atom, list),
      blank,
      fc.constantFrom('', ' # t', ';'),
    );
    const line = fc.oneof(
      stmt.map((p) => p.join('')),
      fc.constantFrom('', '# comment', '   ', '#'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (ls) => {
        assertSafeFormat(ls.join('\n') + '\n');
      }),
      { numRuns: 400 },
    );
  });
});
