import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  LONG_MAX,
  LONG_MIN,
  firmwareMeaning,
  listStrings,
  matchBuilderPrefix,
  matchEnum,
  matchTypePrefix,
  readBool,
  readBoundedLong,
  readList,
  readLong,
  readString,
} from '../../server/src/schema/getters';
import { keyInfo } from '../../server/src/schema/catalogue';

function n(s: string): number | string {
  const r = readLong(s, false, 'k');
  return r.ok ? r.n : r.reason;
}

test('readLong follows strtol(s, &end, 0)', () => {
  assert.equal(n('010'), 8);
  assert.equal(n('08'), 'not-a-number');
  assert.equal(n('0800'), 'not-a-number');
  assert.equal(n('0x1f'), 31);
  assert.equal(n('0X1F'), 31);
  assert.equal(n(' 12'), 12);
  assert.equal(n('\t\n\v\f\r12'), 12);
  assert.equal(n('-1'), -1);
  assert.equal(n('+12'), 12);
  assert.equal(n('-0x10'), -16);
  assert.equal(n('0'), 0);
  assert.equal(n('12 '), 'not-a-number');
  assert.equal(n(''), 'not-a-number');
  assert.equal(n('   '), 'not-a-number');
  assert.equal(n('-'), 'not-a-number');
  assert.equal(n('512M'), 'not-a-number');
  assert.equal(n('1e5'), 'not-a-number');
  assert.equal(n('1.5'), 'not-a-number');
  assert.equal(n('0x'), 'not-a-number');
  assert.equal(n('0xg'), 'not-a-number');
  assert.equal(n('- 1'), 'not-a-number');
  assert.equal(n('9223372036854775808'), 'range');
  assert.equal(n('-9223372036854775809'), 'range');
  assert.equal(n('0x8000000000000000'), 'range');
  assert.equal(n('99999999999999999999999abc'), 'range', 'ERANGE is reported before leftovers');
  const max = readLong('9223372036854775807', false);
  assert.ok(max.ok && max.big === LONG_MAX);
  const min = readLong('-9223372036854775808', false);
  assert.ok(min.ok && min.big === LONG_MIN);
});

test('readLong messages carry the libxlu gist', () => {
  const bad = readLong('512M', false, 'memory');
  assert.ok(!bad.ok);
  assert.equal(bad.message, "parameter `memory' is not a valid number");
  const range = readLong('99999999999999999999', false, 'memory');
  assert.ok(!range.ok);
  assert.equal(range.message, "parameter `memory' could not be parsed as a number: Numerical result out of range");
});

test('numeric getters refuse += and lists', () => {
  const app = readLong('1024', true, 'memory');
  assert.ok(!app.ok);
  assert.equal(app.reason, 'appended');
  assert.equal(app.message, "can't use += with numbers for parameter `memory'");
  const list = readLong(['1'], false, 'memory');
  assert.ok(!list.ok);
  assert.equal(list.reason, 'list');
  assert.equal(list.message, "parameter `memory' is a list but should be a single value");
  // The list check comes first (find_atom), before the += check.
  const both = readLong(['1'], true);
  assert.ok(!both.ok && both.reason === 'list');
  const b = readBool('1', true);
  assert.ok(!b.ok && b.reason === 'appended');
});

test('readBoundedLong checks inclusive bounds after parsing', () => {
  assert.ok(readBoundedLong('256', false, 256, 3840).ok);
  assert.ok(readBoundedLong('3840', false, 256, 3840).ok);
  const lo = readBoundedLong('255', false, 256, 3840, 'mmio_hole');
  assert.ok(!lo.ok && lo.reason === 'below-min');
  assert.equal(lo.message, "value `255' is smaller than minimum bound '256'");
  const hi = readBoundedLong('0xf01', false, 256, 3840);
  assert.ok(!hi.ok && hi.reason === 'above-max');
  const nan = readBoundedLong('x', false, 0, 10);
  assert.ok(!nan.ok && nan.reason === 'not-a-number');
});

test('readBool: integers only, non-zero is true', () => {
  const v = (s: string) => {
    const r = readBool(s, false);
    return r.ok ? r.value : r.reason;
  };
  assert.equal(v('true'), 'not-a-number');
  assert.equal(v('yes'), 'not-a-number');
  assert.equal(v('2'), true);
  assert.equal(v('-1'), true);
  assert.equal(v('1'), true);
  assert.equal(v('0'), false);
  assert.equal(v('0x0'), false);
  assert.equal(v('00'), false);
});

test('readString and readList', () => {
  assert.deepEqual(readString('abc'), { ok: true, value: 'abc' });
  const s = readString(['a'], 'name');
  assert.ok(!s.ok && s.message === "parameter `name' is a list but should be a single value");
  assert.deepEqual(readList(['a', 'b']), { ok: true, items: ['a', 'b'] });
  const l = readList('phy:/dev/sda,xvda,w', 'disk');
  assert.ok(!l.ok && l.message === "parameter `disk' is a single value but should be a list");
  assert.deepEqual(listStrings(['a', ['b'], 'c']), { strings: ['a'], truncatedAt: 1 });
  assert.deepEqual(listStrings(['a', 'c']), { strings: ['a', 'c'] });
});

test('type and builder prefix rules', () => {
  assert.equal(matchTypePrefix(''), 'hvm');
  assert.equal(matchTypePrefix('h'), 'hvm');
  assert.equal(matchTypePrefix('hv'), 'hvm');
  assert.equal(matchTypePrefix('hvm'), 'hvm');
  assert.equal(matchTypePrefix('p'), 'pv');
  assert.equal(matchTypePrefix('pv'), 'pv');
  assert.equal(matchTypePrefix('pvh'), 'pvh');
  assert.equal(matchTypePrefix('PV'), undefined);
  assert.equal(matchTypePrefix('hvmx'), undefined);
  assert.equal(matchTypePrefix('pvhx'), undefined);
  assert.equal(matchBuilderPrefix(''), 'hvm');
  assert.equal(matchBuilderPrefix('gen'), 'pv');
  assert.equal(matchBuilderPrefix('generic'), 'pv');
  assert.equal(matchBuilderPrefix('linux'), undefined);
});

test('firmware meaning per guest type', () => {
  assert.deepEqual(firmwareMeaning('ovmf', 'hvm'), { kind: 'bios', bios: 'ovmf' });
  assert.deepEqual(firmwareMeaning('SeaBIOS', 'hvm'), { kind: 'bios', bios: 'seabios' });
  assert.deepEqual(firmwareMeaning('uefi', 'hvm'), { kind: 'uefi', bios: 'ovmf' });
  assert.deepEqual(firmwareMeaning('ue', 'hvm'), { kind: 'uefi', bios: 'ovmf' });
  assert.deepEqual(firmwareMeaning('', 'hvm'), { kind: 'uefi', bios: 'ovmf' });
  assert.deepEqual(firmwareMeaning('bios', 'hvm'), { kind: 'default-bios' });
  assert.deepEqual(firmwareMeaning('b', 'hvm'), { kind: 'default-bios' });
  assert.deepEqual(firmwareMeaning('UEFI', 'hvm'), { kind: 'path', path: 'UEFI' });
  assert.deepEqual(firmwareMeaning('/usr/lib/xen/boot/custom.bin', 'hvm'), {
    kind: 'path',
    path: '/usr/lib/xen/boot/custom.bin',
  });
  assert.deepEqual(firmwareMeaning('pvgrub64', 'pv'), { kind: 'pvgrub', which: 'pvgrub64' });
  assert.deepEqual(firmwareMeaning('pvgrub', 'pvh'), { kind: 'pvgrub', which: 'pvgrub32' });
  assert.deepEqual(firmwareMeaning('', 'pv'), { kind: 'pvgrub', which: 'pvgrub32' });
  assert.equal(firmwareMeaning('uefi', 'pv').kind, 'error');
  assert.equal(firmwareMeaning('PVGRUB64', 'pv').kind, 'error');
});

test("matchEnum honours each key's rule", () => {
  const k = (name: string) => keyInfo(name)!;
  assert.equal(matchEnum(k('on_crash'), 'preserve'), 'preserve');
  assert.equal(matchEnum(k('on_crash'), 'Preserve'), undefined);
  assert.equal(matchEnum(k('tsc_mode'), 'NATIVE'), 'native');
  assert.equal(matchEnum(k('bios'), 'OVMF'), 'ovmf');
  assert.equal(matchEnum(k('vga'), 'StdVGA'), undefined);
  assert.equal(matchEnum(k('type'), 'h'), 'hvm');
  assert.equal(matchEnum(k('builder'), 'g'), 'generic');
  assert.equal(matchEnum(k('firmware'), 'u'), 'uefi');
  assert.equal(matchEnum(k('firmware'), '/x.bin'), undefined);
  assert.equal(matchEnum(k('firmware'), 'pvgrub', 'pv'), 'pvgrub32');
  assert.equal(matchEnum(k('viridian'), '!FREQ'), '!freq');
  assert.equal(matchEnum(k('viridian'), 'ALL'), undefined);
  assert.equal(matchEnum(k('viridian'), 'all'), 'all');
  assert.equal(matchEnum(k('sve'), 'HW'), 'hw');
  assert.equal(matchEnum(k('memory'), '1'), undefined);
});

// Reference model of glibc strtol(base 0) + the checks of xlu_cfg_get_long, written
// independently of the implementation (regular expression + BigInt literals).
function referenceLong(s: string): { ok: true; big: bigint } | { ok: false; reason: string } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return { ok: false, reason: 'not-a-number' };
  const body = m[2];
  let mag: bigint;
  if (/^0[xX]/.test(body)) mag = BigInt('0x' + body.slice(2));
  else if (body.startsWith('0')) mag = body.length > 1 ? BigInt('0o' + body.slice(1)) : 0n;
  else mag = BigInt(body);
  const v = m[1] === '-' ? -mag : mag;
  if (v > 2n ** 63n - 1n || v < -(2n ** 63n)) return { ok: false, reason: 'range' };
  if (m[0].length !== s.length) return { ok: false, reason: 'not-a-number' };
  return { ok: true, big: v };
}

const numberish = fc.string({
  unit: fc.constantFrom(
    ' ',
    '\t',
    '\n',
    '+',
    '-',
    '0',
    '1',
    '7',
    '8',
    '9',
    'a',
    'f',
    'F',
    'x',
    'X',
    'g',
    'M',
    '.',
    'e',
  ),
  maxLength: 24,
});

test('property: readLong agrees with the reference strtol model', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        numberish,
        fc.string(),
        fc.bigInt().map(String),
        fc.bigInt({ min: 0n }).map((b) => '0x' + b.toString(16)),
        fc.bigInt({ min: 0n }).map((b) => '0' + b.toString(8)),
      ),
      (s) => {
        const got = readLong(s, false);
        const want = referenceLong(s);
        if (want.ok) {
          assert.ok(got.ok, `expected ${s} to parse`);
          assert.equal(got.big, want.big);
          assert.equal(got.n, Number(want.big));
        } else {
          assert.ok(!got.ok, `expected ${JSON.stringify(s)} to fail`);
          assert.equal(got.reason, want.reason, JSON.stringify(s));
        }
      },
    ),
    { numRuns: 3000 },
  );
});

test('property: decimal strings round-trip, nothing throws', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (i) => {
      const r = readLong(String(i), false);
      assert.ok(r.ok && r.n === i);
    }),
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (s, appended) => {
      readLong(s, appended);
      readBool(s, appended);
      readBoundedLong(s, appended, -5, 5);
    }),
  );
});
