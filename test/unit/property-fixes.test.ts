// Property tests over random but plausible configs built from the catalogue: every quick fix we
// offer must leave a file xl can still read and must actually make its diagnostic go away, and
// checkText must survive anything with every range inside the document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkText } from '../../server/src/checks/check';
import { suppressionFixes } from '../../server/src/checks/suppressions';
import type { Diagnostic, Fix, Position } from '../../server/src/diagnostic';
import { defaultOptions, type XlcfgOptions } from '../../server/src/options';
import { KEYS } from '../../server/src/schema/catalogue';
import type { KeyInfo } from '../../server/src/schema/types';
import { parse } from '../../server/src/syntax/parser';
import type { ConfigFile } from '../../server/src/syntax/tree';
import { applyFix, check, offsetAt, only } from './helpers';

// ---- generator ------------------------------------------------------------------------------------

/** Well-formed values for each sub-language, so the generator reaches the spec rules' fixes. */
const SPEC_GOOD: Record<string, string[]> = {
  'disk-spec': ['/img,raw,xvda,rw', 'format=raw, vdev=xvda, access=rw, target=/img', 'phy:/dev/vg/d,xvdb,w'],
  'vif-spec': ['bridge=xenbr0', 'mac=00:16:3e:00:00:01,bridge=xenbr0', 'model=e1000'],
  'pci-spec': ['0000:00:1f.2', '01:00.0,permissive=1'],
  'cpuid-libxl': ['host,x2apic=0', 'host,aes=1', 'host'],
  cpulist: ['0-3', 'all', '^1', 'node:0'],
  uuid: ['2e6b3d32-0a45-4a3f-9d1c-5b3a3c0f0e01'],
  'boot-order': ['cd', 'dc', 'n'],
  'rdm-spec': ['strategy=host,policy=relaxed'],
  'vfb-spec': ['vnc=1,vnclisten=0.0.0.0'],
  'channel-spec': ['name=org.qemu.guest_agent.0,connection=socket,path=/tmp/s'],
  'smbios-spec': ['bios_vendor=Xen'],
  'ioport-range': ['3f8-3ff'],
  'iomem-range': ['fe000,1'],
  'irq-number': ['7'],
};
/** Typical mistakes inside sub-language strings. */
const SPEC_BAD = [
  '/img,xvda',
  'format=qcow3,vdev=xvda,target=/img',
  'brdge=xenbr0',
  'mac=00:16:3e:zz',
  'host,x2apic=0,',
  'x2apic=0',
  '1-',
  '0000:00:1f',
  'vdev=xvda',
  'a=b=c',
  ',',
  '',
];

const STRINGS = ['"x"', '"/boot/vmlinuz"', '"root=/dev/xvda1 nox2apic"', '"nopv console=hvc0"', '""', "'single'"];
const BAD_VALUES = [
  '"true"',
  '"yes"',
  '"off"',
  '"512M"',
  '"2G"',
  '08',
  '"08"',
  '010',
  '"0x1g"',
  '-1',
  '1.5',
  '0X1F',
  '512M',
  'hvm',
  'True',
  'x/y',
  '"99999999999999999999"',
  '[ "x" ]',
  '[ "a", [ "b" ] ]',
  '[ ]',
  '"x"',
  '1',
];

function goodValues(k: KeyInfo): string[] {
  const out: string[] = [];
  const spec = k.syntax ? (SPEC_GOOD[k.syntax] ?? []) : [];
  const enumWords = (k.enumValues ?? []).map((v) => JSON.stringify(v));
  switch (k.kind) {
    case 'integer':
    case 'memory-mb':
    case 'memory-kb':
      out.push('1', '2', '512', '0x10', String(k.range?.min ?? 4), String(k.range?.max ?? 4096));
      break;
    case 'boolean':
      out.push('0', '1');
      break;
    case 'enum':
    case 'enum-or-string':
    case 'boolean-or-enum':
      out.push(...enumWords, '1');
      break;
    case 'enum-or-integer':
      out.push(...enumWords, '0', '2');
      break;
    case 'boolean-or-list':
      out.push('1', `[ ${enumWords.slice(0, 2).join(', ')} ]`);
      break;
    case 'list':
      out.push(spec.length ? `[ ${spec.map((s) => JSON.stringify(s)).join(', ')} ]` : '[ "a", "b" ]');
      if (enumWords.length) out.push(`[ ${enumWords[0]} ]`);
      break;
    case 'list-of-lists':
      out.push('[ [ "a", "b" ], [ "c" ] ]');
      break;
    case 'string-or-list':
    case 'cpulist':
      out.push(...spec.map((s) => JSON.stringify(s)), '[ "a" ]', '"a b"');
      break;
    default:
      out.push(...(spec.length ? spec.map((s) => JSON.stringify(s)) : STRINGS));
  }
  return out.length ? out : STRINGS;
}

/** Key-name mistakes: dropped/doubled letters, uppercase, dashes. */
function typoArb(name: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat(name.length - 1), fc.constantFrom('drop', 'double', 'upper', 'dash', 'swap'))
    .map(([i, how]) => {
      switch (how) {
        case 'drop':
          return name.length > 2 ? name.slice(0, i) + name.slice(i + 1) : name + 'x';
        case 'double':
          return name.slice(0, i + 1) + name[i] + name.slice(i + 1);
        case 'upper':
          return name.toUpperCase();
        case 'dash':
          return name.includes('_') ? name.replace('_', '-') : name + '-x';
        default:
          return i + 1 < name.length ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2) : name;
      }
    });
}

const keyArb = fc.constantFrom(...KEYS);

const valueArb = (k: KeyInfo): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...goodValues(k)) },
    { weight: 3, arbitrary: fc.constantFrom(...BAD_VALUES) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...SPEC_BAD)
        .map((s) => (k.kind === 'list' ? `[ ${JSON.stringify(s)} ]` : JSON.stringify(s))),
    },
    // A typo of an enum word (near miss, wrong case, prefix).
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...(k.enumValues?.length ? k.enumValues : ['x']))
        .chain((w) =>
          fc.constantFrom(w.toUpperCase(), w.slice(0, -1), w.slice(0, 1), w + 'x').map((v) => JSON.stringify(v)),
        ),
    },
    // Broken syntax: missing quotes, unterminated list/string, missing comma, empty item.
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '"abc',
        '[ "a", "b"',
        '[ "a" "b" ]',
        '[ , "a" ]',
        '[ "a",, "b" ]',
        'abc',
        '"a" "b"',
        '',
        '[ "a", ]',
      ),
    },
  );

const statementArb: fc.Arbitrary<string> = keyArb.chain((k) =>
  fc
    .tuple(
      fc.oneof({ weight: 6, arbitrary: fc.constant(k.name) }, { weight: 1, arbitrary: typoArb(k.name) }),
      fc.constantFrom(' = ', ' = ', ' = ', '=', ' += '),
      valueArb(k),
      fc.constantFrom('', '', '', ' # note', ';'),
    )
    .map(([key, op, value, tail]) => key + op + value + tail),
);

/** The force_x2apic scenarios the rules distinguish: guest type, firmware, OS, cmdline, cpuid. */
const x2apicArb: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.constantFrom(
      'force_x2apic = 1',
      'force_x2apic = 0',
      'force_x2apic = "1"',
      'force_x2apic += 1',
      'x2apic_only = 1',
      'force_x2apic = "on"',
    ),
    fc.constantFrom('', 'type = "hvm"', 'type = "pvh"', 'type = "pv"', 'builder = "hvm"', 'type = "h"'),
    fc.constantFrom(
      '',
      'firmware = "ovmf"',
      'firmware = "uefi"',
      'bios = "seabios"',
      'bios = "rombios"',
      'firmware = "pvgrub64"',
      'bios = "ovmf"',
    ),
    fc.constantFrom(
      '',
      'cmdline = "root=/dev/xvda1 nox2apic"',
      'extra = "nox2apic"',
      'cmdline = "nopv"',
      'cmdline = "nox2apic nopv quiet"',
    ),
    fc.constantFrom(
      '',
      'cpuid = "host,x2apic=0"',
      'cpuid = "x2apic=0,host"',
      'cpuid = [ "1:ecx=xxxxxxxxxxx0xxxxxxxxxxxxxxxxxxxx" ]',
    ),
    fc.constantFrom('', 'kernel = "/boot/vmlinuz"', 'bootloader = "pygrub"'),
    fc.constantFrom(
      '',
      '# xlcfg: guest-os=netbsd',
      '# xlcfg: guest-os=linux',
      '# xlcfg: host-cpu=amd',
      '# xlcfg: guest-os=windows host-cpu=intel',
    ),
  )
  .map((xs) => xs.filter((x) => x !== ''));

const commentArb = fc.constantFrom(
  '# a comment',
  '',
  '# xlcfg: guest-os=netbsd',
  '# xlcfg: arch=arm',
  '# xlcfg-disable-next-line value/boolean',
  '# xlcfg-disable-next-line',
  '# xlcfg-disable key/unknown',
  '# xlcfg-disable no/such-rule',
  '# xlcfg-disable-next-line value/*, key/unknown -- reason',
  'name = "guest"',
  'name = "guest"; memory = 512',
  'memory = 512 vcpus = 2',
  'import os',
  'memory = 1024 # xlcfg-disable-next-line',
);

interface Sample {
  text: string;
  options: XlcfgOptions;
}

const sampleArb: fc.Arbitrary<Sample> = fc
  .record({
    lines: fc.array(
      fc.oneof(
        { weight: 5, arbitrary: statementArb.map((s) => [s]) },
        { weight: 2, arbitrary: commentArb.map((s) => [s]) },
        { weight: 1, arbitrary: x2apicArb },
      ),
      { minLength: 1, maxLength: 12 },
    ),
    // A duplicated line makes key/duplicate, `+=` chains and multi-source settings.
    dup: fc.option(fc.nat(), { freq: 3 }),
    eol: fc.constantFrom('\n', '\n', '\n', '\n', '\r\n'),
    finalEol: fc.constantFrom(true, true, true, false),
    proposed: fc.boolean(),
    hostCpu: fc.constantFrom('auto', 'intel', 'amd') as fc.Arbitrary<XlcfgOptions['hostCpu']>,
    xen: fc.constantFrom('4.22', '4.22', '4.9', '4.17'),
  })
  .map(({ lines, dup, eol, finalEol, proposed, hostCpu, xen }) => {
    const flat = lines.flat();
    if (dup !== null && flat.length) flat.splice(dup % (flat.length + 1), 0, flat[dup % flat.length]);
    return {
      text: flat.join(eol) + (finalEol ? eol : ''),
      options: defaultOptions({ enableProposed: proposed, hostCpu, xenVersion: xen }),
    };
  });

// ---- property -------------------------------------------------------------------------------------

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Where an offset of the original ends up once the fix's edits are applied. */
function mapOffset(text: string, fix: Fix, offset: number): number {
  let delta = 0;
  for (const e of fix.edits) {
    const s = offsetAt(text, e.range.start);
    const en = offsetAt(text, e.range.end);
    if (en <= offset && !(s === en && s === offset)) delta += e.newText.length - (en - s);
    else if (s <= offset && offset < en) return s + delta; // inside a replaced span: its start
  }
  return offset + delta;
}

/**
 * What a diagnostic is about, beyond its code: the key of the statement it sits on (so a fix that
 * deletes a statement is not blamed for the next one moving up), or else the text of its line.
 */
function anchor(file: ConfigFile, d: Diagnostic): string {
  const off = offsetAt(file.text, d.range.start);
  const line = d.range.start.line;
  const onLine = file.statements.filter((s) => s.line === line);
  const at =
    onLine.find((s) => s.start <= off && off <= Math.max(s.end, s.keyEnd)) ??
    (onLine.length === 1 ? onLine[0] : undefined);
  if (at) return `key:${at.key}`;
  const start = file.lines.lineStarts[line] ?? 0;
  return `line:${file.text.slice(start, file.lines.lineEnd(line)).trim()}`;
}

function syntaxErrors(ds: Diagnostic[]): number {
  return ds.filter((d) => d.severity === 'error' && d.code.startsWith('syntax/')).length;
}

/** Every range is ordered and inside the document (UTF-16 columns within the line). */
function rangeProblem(text: string, ds: Diagnostic[]): string | null {
  const lines = text.split('\n');
  const inside = (p: Position) =>
    p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  for (const d of ds) {
    const ranges = [d.range, ...(d.fixes ?? []).flatMap((f) => f.edits.map((e) => e.range))];
    for (const r of ranges) {
      if (!inside(r.start) || !inside(r.end)) return `${d.code}: range outside the document ${JSON.stringify(r)}`;
      if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character))
        return `${d.code}: reversed range`;
    }
  }
  return null;
}

/** The first fix that breaks the property, described; null when all hold. */
function fixViolation({ text, options }: Sample, withSuppressions: boolean): string | null {
  const before = checkText(text, options);
  const bad = rangeProblem(text, before.diagnostics);
  if (bad) return bad;
  const parsedBefore = before.file.ok;
  const errorsBefore = syntaxErrors(before.diagnostics);
  for (const d of before.diagnostics) {
    const offered = [...(d.fixes ?? []), ...(withSuppressions ? suppressionFixes(before.file, d) : [])];
    for (const fix of offered) {
      const out = applyFix(text, fix);
      const after = checkText(out, options);
      const where = `fix "${fix.title}" for ${d.code} at ${d.range.start.line + 1}:${d.range.start.character + 1}`;
      // (a) a file xl read still reads; a broken file gets no more syntax errors than it had.
      if (parsedBefore && !after.file.ok) return `${where} breaks the parse:\n${JSON.stringify(out)}`;
      if (!parsedBefore && syntaxErrors(after.diagnostics) > errorsBefore)
        return `${where} adds syntax errors:\n${JSON.stringify(out)}`;
      // (b) the diagnostic is gone from the fixed statement (matched by code, mapped line and anchor).
      const line = lineOf(out, mapOffset(text, fix, offsetAt(text, d.range.start)));
      const what = anchor(before.file, d);
      // relation/name-missing is file-level (0:0): the anchor is whatever line 0 holds, so compare by code only.
      // A diagnostic whose whole range the fix deletes is gone by construction; what moves into
      // its place (say an identical next line) is another finding.
      const ds = offsetAt(text, d.range.start);
      const de = offsetAt(text, d.range.end);
      if (
        fix.edits.some(
          (e) =>
            e.newText === '' &&
            offsetAt(text, e.range.start) <= ds &&
            de <= offsetAt(text, e.range.end) &&
            ds < offsetAt(text, e.range.end),
        )
      )
        continue;
      const again = after.diagnostics.find(
        (x) =>
          x.code === d.code &&
          (d.code === 'relation/name-missing' || (x.range.start.line === line && anchor(after.file, x) === what)),
      );
      if (again)
        return `${where} leaves it in place:\n${JSON.stringify(text)}\n->\n${JSON.stringify(out)}\n${again.message}`;
    }
  }
  return null;
}

const RUNS = Number(process.env.XLCFG_PROPERTY_RUNS ?? 300);

test('every offered fix keeps the file readable and removes its diagnostic', () => {
  fc.assert(
    fc.property(sampleArb, (s) => {
      assert.equal(fixViolation(s, false), null);
    }),
    { numRuns: RUNS },
  );
});

test('the suppression quick fixes silence the diagnostic without breaking the file', () => {
  fc.assert(
    fc.property(sampleArb, (s) => {
      assert.equal(fixViolation(s, true), null);
    }),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});

test('checkText never throws and keeps every range inside the document, whatever the text', () => {
  const pieces = fc.constantFrom(
    'force_x2apic',
    'disk',
    'type',
    ' = ',
    '+=',
    '"',
    '[',
    ']',
    ',',
    ';',
    '\n',
    '\r\n',
    '#',
    ' xlcfg: guest-os=netbsd',
    '# xlcfg-disable',
    '\\',
    '😀',
    '\ud800',
    '\u202e',
    '\u001b',
    '1',
    'hvm',
    '/img,xvda',
  );
  fc.assert(
    fc.property(
      fc.oneof(
        sampleArb.map((s) => s.text),
        fc.array(pieces, { maxLength: 60 }).map((xs) => xs.join('')),
        fc.string({ unit: 'binary', maxLength: 200 }),
      ),
      (text) => {
        const r = checkText(text, defaultOptions({ enableProposed: true }));
        assert.equal(rangeProblem(text, r.diagnostics), null);
        assert.ok(
          !r.diagnostics.some((d) => d.code === 'internal/error'),
          JSON.stringify(r.diagnostics.filter((d) => d.code === 'internal/error')),
        );
      },
    ),
    { numRuns: RUNS * 2 },
  );
});

// ---- regressions the property found ----------------------------------------------------------------

test('removing an unused trailing suppression keeps the statement on its own line', () => {
  // Found by the property: the fix took the newline too and joined `memory = 1024` to the next line.
  const text = 'memory = 1024 # xlcfg-disable-next-line\nvcpus = 2\nname = "g"\n';
  const d = only(check(text), 'directive/unused')[0];
  const out = applyFix(text, d.fixes![0]);
  assert.equal(out, 'memory = 1024\nvcpus = 2\nname = "g"\n');
  assert.ok(parse(out).ok);
  // A directive alone on its line still goes with its line.
  const alone = '# xlcfg-disable-next-line\n# just a comment\n';
  assert.equal(applyFix(alone, only(check(alone), 'directive/unused')[0].fixes![0]), '# just a comment\n');
});

test('no suppression quick fix for directive diagnostics, which no comment can silence', () => {
  const text = '# xlcfg-disable no/such-rule\nname = "g"\n';
  const r = checkText(text, defaultOptions());
  const d = only(r.diagnostics, 'directive/unknown-rule')[0];
  assert.deepEqual(suppressionFixes(r.file, d), []);
});

test('a file-level diagnostic (missing name) is offered only the file-wide suppression, and it works', () => {
  const text = 'memory = 512\n';
  const r = checkText(text, defaultOptions());
  const d = only(r.diagnostics, 'relation/name-missing')[0];
  const offered = suppressionFixes(r.file, d);
  assert.deepEqual(
    offered.map((f) => f.title),
    ['Disable relation/name-missing for this file'],
  );
  assert.deepEqual(only(check(applyFix(text, offered[0])), 'relation/name-missing'), []);
});

test('force_x2apic += "X": no `=` fix, since `=` alone would leave the flag unreadable', () => {
  const titles = (t: string) => only(check(t), 'force-x2apic/value').flatMap((d) => d.fixes?.map((f) => f.title) ?? []);
  assert.deepEqual(titles('name = "g"\nforce_x2apic += "X"\n'), []);
  assert.deepEqual(titles('name = "g"\nforce_x2apic += 1\n'), ['Use `=` instead of `+=`']);
});

test('tsc_mode typos are never "corrected" to the removed native_paravirt', () => {
  const ds = only(check('name = "g"\ntsc_mode = "native_paravirtx"\n'), 'value/enum');
  assert.equal(ds.length, 1);
  assert.ok(!/native_paravirt"/.test(ds[0].message), ds[0].message);
  assert.ok(!(ds[0].fixes ?? []).some((f) => /native_paravirt/.test(f.title)));
});

test('no rename of a `+=` key that would mix a list into an existing string value', () => {
  // Renaming would produce `k = "X"` then `k += [ ... ]`: syntax/append-mixed, xl rejects the file.
  const mixed = 'device_model_stubdomain_override = "X"\nevice_model_stubdomain_override += [ "a" ]\nname = "x"\n';
  const d = only(check(mixed), 'key/unknown')[0];
  assert.deepEqual(d.fixes ?? [], []);
  // Same shape: the rename is still offered, and the result parses.
  const same = 'device_model_stubdomain_override = "X"\nevice_model_stubdomain_override += "Y"\nname = "x"\n';
  const fix = only(check(same), 'key/unknown')[0].fixes![0];
  assert.ok(parse(applyFix(same, fix)).ok);
  // And in the other direction: a renamed `=` string followed by the target's `+=` list.
  const later = 'name = "x"\ndisc = "/img,raw,xvda,rw"\ndisk += [ "/img2,raw,xvdb,rw" ]\n';
  assert.match(only(check(later), 'key/unknown')[0].message, /Did you mean `disk`/);
  assert.deepEqual(only(check(later), 'key/unknown')[0].fixes ?? [], []);
});
