// Diagnostics come out in document order, then by severity and rule id, ties in report order:
// sortDiagnostics merges the sorted runs the rule modules report in, and must agree with a plain
// stable sort on any input (runs or not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkText, sortDiagnostics } from '../../server/src/checks/check';
import { defaultOptions, type RuleLevel } from '../../server/src/options';
import { SEVERITY_ORDER, type Diagnostic, type Severity } from '../../server/src/diagnostic';
import type { RuleId } from '../../server/src/rules';
import { parse } from '../../server/src/syntax/parser';

const text = 'name = "a"\ntype = "hvm"\n\nmemory = 1024\nvcpus = 2\n';
const file = parse(text);
const severities: Severity[] = ['error', 'warning', 'information', 'hint'];
const codes = ['key/unknown', 'key/duplicate', 'syntax/bareword'] as RuleId[];

const diagnostic = fc
  .record({ offset: fc.integer({ min: 0, max: text.length }), sev: fc.nat(3), code: fc.nat(2), tag: fc.nat() })
  .map(({ offset, sev, code, tag }): Diagnostic => {
    const p = file.lines.positionAt(offset);
    return { code: codes[code], severity: severities[sev], message: String(tag), range: { start: p, end: p } };
  });

function reference(list: Diagnostic[]): Diagnostic[] {
  const at = (d: Diagnostic) => file.lines.offsetAt(d.range.start);
  return [...list].sort(
    (a, b) =>
      at(a) - at(b) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

test('sortDiagnostics agrees with a stable sort, on random lists and on concatenated sorted runs', () => {
  fc.assert(
    fc.property(fc.array(diagnostic, { maxLength: 40 }), (list) => {
      assert.deepEqual(sortDiagnostics(file, list), reference(list));
    }),
  );
  fc.assert(
    fc.property(fc.array(fc.array(diagnostic, { maxLength: 15 }), { maxLength: 6 }), (runs) => {
      const list = runs.flatMap((r) => reference(r));
      const out = sortDiagnostics(file, list);
      assert.deepEqual(out, reference(list));
      // Every element exactly once (the same objects, not copies).
      assert.equal(new Set(out).size, new Set(list).size);
      for (const d of out) assert.ok(list.includes(d));
    }),
  );
});

test('a check comes out in document order, whether suppressions and overrides apply or not', () => {
  const at = (file: ReturnType<typeof parse>, d: Diagnostic) => file.lines.offsetAt(d.range.start);
  const body =
    'memmory = 1024\nvcpus = "x"\ntype = "hvm"\nmaxmem = 512\nmemory = 2048\nvif = [ "mac=zz" ]\n' +
    'disk = [ "/dev/vg/a,raw,xvda,rw,bogus" ]\nname = "a"\nname = "b"\nbuilder = "hvm"\nfoo = bar\n';
  const texts = [body, `# xlcfg-disable-next-line key/unknown\n${body}`, `${body}# xlcfg-disable value/*\n`];
  for (const text of texts) {
    const overrides: Array<Record<string, RuleLevel>> = [{}, { 'key/*': 'error' }];
    for (const rules of overrides) {
      const { file, diagnostics } = checkText(text, defaultOptions({ rules }));
      assert.ok(diagnostics.length > 5, 'the text has problems of several rules');
      for (let i = 1; i < diagnostics.length; i++) {
        const [a, b] = [diagnostics[i - 1], diagnostics[i]];
        const order =
          at(file, a) - at(file, b) ||
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
        assert.ok(order <= 0, `${a.code} before ${b.code}`);
      }
    }
  }
});
