import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Unknown } from '../../server/src/libxl/value';
import { structJson } from '../../server/src/libxl/json';
import { parseArmSci } from '../../server/src/specs/armSci';
import { parseIomem } from '../../server/src/specs/iomem';
import { parseIoport } from '../../server/src/specs/ioports';
import { parseIrq } from '../../server/src/specs/irqs';
import { llcColorList, parseLlcColor } from '../../server/src/specs/llcColors';
import { parseSmbios, smbiosList } from '../../server/src/specs/smbios';
import { parseXenstoreQuota } from '../../server/src/specs/xenstoreQuota';
import { scanUnsigned } from '../../server/src/specs/scanf';
import type { SpecParse } from '../../server/src/specs/types';

const xl = (p: SpecParse) => p.problems.map((x) => x.xl);

describe('glibc sscanf integers', () => {
  it('consumes a bare 0x, skips blanks, takes a sign, saturates', () => {
    assert.deepEqual(scanUnsigned('0x,5', 0, 16), { value: 0n, end: 2 });
    assert.deepEqual(scanUnsigned(' +1f', 0, 16), { value: 31n, end: 4 });
    assert.deepEqual(scanUnsigned('-1', 0, 10), { value: (1n << 64n) - 1n, end: 2 });
    assert.equal(scanUnsigned('fffffffffffffffffff', 0, 16)?.value, (1n << 64n) - 1n);
    assert.equal(scanUnsigned('x', 0, 10), undefined);
    assert.equal(scanUnsigned('-', 0, 16), undefined);
  });
});

describe('iomem, ioports, irqs', () => {
  it('iomem: start, number, gfn only when given', () => {
    assert.deepEqual(parseIomem('fe000,1@c0').device, { start: 0xfe000n, number: 1n, gfn: 0xc0n });
    assert.deepEqual(parseIomem(' 0x,5').device, { start: 0n, number: 5n });
    assert.deepEqual(xl(parseIomem('1 ,2')), [
      { effect: 'refusal', printed: ['xl: Invalid argument parsing iomem: 1 ,2'] },
    ]);
    assert.equal(parseIomem('1,2@').device, undefined);
    // gfn = ~0 is LIBXL_INVALID_GFN, the initial value: libxl prints no gfn.
    assert.deepEqual(structJson('libxl_iomem_range', parseIomem('1,2@-1').device as never, '4.20'), {
      start: 1n,
      number: 2n,
    });
  });
  it('ioports: junk after one port only warns; a reversed range wraps; too big prints %lx', () => {
    const j = parseIoport('2f8z');
    assert.deepEqual(j.device, { first: 0x2f8, number: 1 });
    assert.deepEqual(xl(j), [{ effect: 'warning', printed: ['xl: Invalid argument parsing ioport: 2f8z'] }]);
    assert.equal(j.problems[0].fatal, false);
    assert.deepEqual(parseIoport('2ff-2f8').device, { first: 0x2ff, number: 0xfffffffa });
    assert.deepEqual(xl(parseIoport('-1'))[0]?.printed, ['xl: ioport ffffffffffffffff too big']);
    assert.deepEqual(xl(parseIoport('1-fffffffff'))[0]?.printed, ['xl: ioport fffffffff too big']);
    assert.deepEqual(xl(parseIoport('1-2x'))[0]?.printed, ['xl: Invalid argument parsing ioport: 1-2x']);
  });
  it('irqs: whole decimal numbers below 2^32-1', () => {
    assert.equal(parseIrq(' 7').device, 7);
    assert.deepEqual(xl(parseIrq('4294967295'))[0]?.printed, ['xl: irq ffffffff too big']);
    assert.deepEqual(xl(parseIrq('7 '))[0]?.printed, ['xl: Invalid argument parsing irq: 7 ']);
  });
});

describe('llc_colors (4.20+)', () => {
  it('is not read before 4.20 (748bd725fb)', () => {
    for (const release of ['4.17', '4.18', '4.19']) {
      const r = llcColorList(['3-0'], { release });
      assert.equal(r.colors, undefined);
      assert.deepEqual(r.parses[0].problems, []);
    }
    assert.equal(llcColorList(['3-0'], { release: '4.20' }).parses[0].problems[0].fatal, true);
  });
  it('expands ranges as glibc %u-%u reads them', () => {
    assert.deepEqual(
      llcColorList(['1-3', '7', '3x', '3- 5', ' 3 - 5', '4294967297'], { release: '4.20' }).colors,
      [1, 2, 3, 7, 3, 3, 4, 5, 3, 1],
    );
    assert.deepEqual(xl(parseLlcColor('3-0', { release: '4.21' })), [
      { effect: 'refusal', printed: ['xl: Start LLC color is greater than end: 3-0'] },
    ]);
    assert.deepEqual(xl(parseLlcColor('a', { release: '4.22' })), [
      { effect: 'refusal', printed: ['xl: Invalid LLC color range: a'] },
    ]);
  });
  it('an end of 2^32-1 or an int overflow crashes xl; huge lists are not listed', () => {
    assert.equal(parseLlcColor('-1', { release: '4.20' }).problems[0].xl?.effect, 'crash');
    assert.equal(parseLlcColor('0-4294967295', { release: '4.20' }).problems[0].xl?.effect, 'crash');
    assert.equal(parseLlcColor('0-2147483647', { release: '4.20' }).problems[0].xl?.effect, 'crash');
    assert.ok(llcColorList(['0-2000000'], { release: '4.20' }).colors instanceof Unknown);
  });
});

describe('smbios (4.18+)', () => {
  it('is not read by 4.17 (9aeb3a20c4)', () => {
    const r = smbiosList(['nope'], { release: '4.17' });
    assert.equal(r.entries, undefined);
    assert.deepEqual(r.parses[0].problems, []);
  });
  it('stores key (any case) and the raw value; refuses what xl refuses', () => {
    assert.deepEqual(parseSmbios('BIOS_Version= a=b', { release: '4.18' }).device, {
      key: 'bios_version',
      value: ' a=b',
    });
    assert.deepEqual(xl(parseSmbios('oem', { release: '4.18' }))[0]?.printed, [`xl: failed to split "oem" at '='`]);
    assert.deepEqual(xl(parseSmbios('oem=', { release: '4.19' }))[0]?.printed, [
      'xl: empty value not allowed for smbios "oem="',
    ]);
    assert.deepEqual(xl(parseSmbios('oem =x', { release: '4.22' }))[0]?.printed, [`xl: unknown smbios type 'oem '`]);
  });
  it('at most 99 oem strings', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => `oem=${i}`);
    assert.equal(smbiosList(items(99), { release: '4.21' }).entries?.length, 99);
    const r = smbiosList(items(100), { release: '4.21' });
    assert.equal(r.entries, undefined);
    assert.deepEqual(r.parses[99].problems[0].xl?.printed, ['xl: smbios limited to 99 oem strings']);
  });
});

describe('xenstore_quota (4.22)', () => {
  it('is only read by 4.22 (ea3099e191)', () => {
    assert.equal(parseXenstoreQuota('nodes=5', { release: '4.21' }).device, undefined);
    assert.deepEqual(parseXenstoreQuota('nodes=5', { release: '4.22' }).device, { name: 'nodes', val: 5 });
  });
  it('parse_xsquota_item: untrimmed name, a whole 32-bit C number', () => {
    assert.deepEqual(parseXenstoreQuota(' n =0x10').device, { name: ' n ', val: 16 });
    assert.deepEqual(parseXenstoreQuota('=1').device, { name: '', val: 1 });
    assert.deepEqual(parseXenstoreQuota('n=-18446744073709551615').device, { name: 'n', val: 1 });
    assert.deepEqual(xl(parseXenstoreQuota('n')), [
      { effect: 'refusal', printed: ['Quota specification "n" lacks "=".'] },
    ]);
    for (const v of ['', '-1', '4294967296', '5 ', '0x', 'x', '99999999999999999999']) {
      assert.deepEqual(
        xl(parseXenstoreQuota(`n=${v}`))[0]?.printed,
        [`Quota specification "n=${v}" uses illegal value "${v}".`],
        v,
      );
    }
  });
});

describe('arm_sci (4.21+)', () => {
  it('is read from 4.21 (10e7473d60)', () => {
    assert.equal(parseArmSci('type=bad', { release: '4.20' }).problems.length, 0);
    assert.deepEqual(parseArmSci('type=SCMI_SMC', { release: '4.21' }).device, { type: 'scmi_smc' });
    assert.deepEqual(parseArmSci('x=1', { release: '4.22' }).device, {});
  });
  it('MATCH_OPTION takes no blanks; an unknown type is fatal', () => {
    assert.deepEqual(parseArmSci(' type=bad,type=none', { release: '4.22' }).device, { type: 'none' });
    assert.deepEqual(xl(parseArmSci('type=scmi', { release: '4.22' })), [
      { effect: 'refusal', printed: ['Unknown ARM_SCI type: scmi'] },
    ]);
  });
});
