import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkApicBaseWrite, apicModeOf, resetApicBaseValue } from '../../server/src/vlapic/apicBase';
import { Machine } from '../../server/src/vlapic/machine';

const X = 0xfee00800n; // xAPIC (AP)
const X2 = 0xfee00c00n;
const D = 0xfee00000n;
const WRITES: Record<string, bigint> = {
  'EN=0,EXTD=0': D,
  'EN=1,EXTD=0': X,
  'EN=1,EXTD=1': X2,
  'EN=0,EXTD=1': 0xfee00400n,
};
const on = { forceX2apic: false, cpuidX2apic: true };
const forced = { forceX2apic: true, cpuidX2apic: true };
const hidden = { forceX2apic: false, cpuidX2apic: false };

// Expected per vlapic-model.md 3.2: [result, effect | rule]
const TABLE: Record<string, Record<string, string>> = {
  X: {
    'EN=0,EXTD=0': 'hw-disable',
    'EN=1,EXTD=0': 'store',
    'EN=1,EXTD=1': 'store+id',
    'EN=0,EXTD=1': 'en-change-with-extd',
  },
  X2: {
    'EN=0,EXTD=0': 'hw-disable',
    'EN=1,EXTD=0': 'extd-change-outside-xapic',
    'EN=1,EXTD=1': 'store+id',
    'EN=0,EXTD=1': 'en-change-with-extd',
  },
  D: {
    'EN=0,EXTD=0': 'store',
    'EN=1,EXTD=0': 'enable-reset',
    'EN=1,EXTD=1': 'en-change-with-extd',
    'EN=0,EXTD=1': 'extd-change-outside-xapic',
  },
};
const FROM: Record<string, bigint> = { X, X2, D };
const label = (r: ReturnType<typeof checkApicBaseWrite>): string =>
  r.ok ? (r.setX2apicId ? 'store+id' : r.effect) : r.rule;

for (const [from, row] of Object.entries(TABLE)) {
  for (const [w, expected] of Object.entries(row)) {
    test(`APIC_BASE ${from} <- ${w}: ${expected}`, () => {
      assert.equal(label(checkApicBaseWrite(FROM[from], WRITES[w], on)), expected);
    });
    test(`APIC_BASE ${from} <- ${w} with force_x2apic`, () => {
      const r = checkApicBaseWrite(FROM[from], WRITES[w], forced);
      // With the flag, EXTD clear always faults first; EXTD set follows the normal table.
      if (!(WRITES[w] & 0x400n)) assert.equal(label(r), 'force-x2apic-extd-clear');
      else assert.equal(label(r), expected);
    });
    test(`APIC_BASE ${from} <- ${w} with x2APIC hidden`, () => {
      const r = checkApicBaseWrite(FROM[from], WRITES[w], hidden);
      if (WRITES[w] & 0x400n) assert.equal(label(r), 'reserved-bits');
      else assert.equal(label(r), expected);
    });
  }
}

test('force_x2apic rule is checked before reserved bits', () => {
  assert.equal(label(checkApicBaseWrite(X2, 0xfee00801n | (1n << 60n), forced)), 'force-x2apic-extd-clear');
  assert.equal(label(checkApicBaseWrite(X2, X2 | (1n << 60n), forced)), 'reserved-bits');
});

test('reserved bits 0-7, 9, 52-63 fault; bits 12-51 are address', () => {
  for (const b of [0n, 7n, 9n, 52n, 63n])
    assert.equal(label(checkApicBaseWrite(X, X | (1n << b), on)), 'reserved-bits', `bit ${b}`);
  assert.equal(label(checkApicBaseWrite(X2, X2 | (1n << 51n), on)), 'store+id');
});

test('relocation: enabled xAPIC must stay at 0xFEE00000; disabled or x2APIC may move', () => {
  assert.equal(label(checkApicBaseWrite(X, 0xfed00800n, on)), 'xapic-relocation');
  assert.equal(label(checkApicBaseWrite(D, 0xfed00800n, on)), 'xapic-relocation');
  assert.equal(label(checkApicBaseWrite(X, 0xfed00000n, on)), 'hw-disable');
  assert.equal(label(checkApicBaseWrite(X2, 0xfed00c00n, on)), 'store+id');
});

test('reset values with and without force_x2apic', () => {
  assert.equal(resetApicBaseValue(0, false), 0xfee00900n);
  assert.equal(resetApicBaseValue(1, false), 0xfee00800n);
  assert.equal(resetApicBaseValue(0, true), 0xfee00d00n);
  assert.equal(resetApicBaseValue(5, true), 0xfee00c00n);
  for (const force of [false, true]) {
    const m = new Machine({
      maxVcpus: 3,
      vcpus: 2,
      forceX2apic: force,
      cpuidX2apic: true,
      bugX2apicLdrVcpuId: false,
      hostVendor: 'intel',
      mmioBackend: 'sink-page',
    });
    const s = m.snapshot();
    assert.deepEqual(
      s.map((v) => v.apicBase),
      force ? ['0xfee00d00', '0xfee00c00', '0xfee00c00'] : ['0xfee00900', '0xfee00800', '0xfee00800'],
    );
    assert.deepEqual(
      s.map((v) => v.mode),
      force ? ['x2apic', 'x2apic', 'x2apic'] : ['xapic', 'xapic', 'xapic'],
    );
    assert.deepEqual(
      s.map((v) => v.online),
      [true, true, false],
    );
    for (const v of s) {
      assert.equal(v.swDisabled, true);
      assert.equal(v.svr, '0x000000ff');
      assert.equal(v.lvt0, '0x00010000');
      assert.equal(v.lvt1, '0x00010000');
      assert.equal(v.apicId, v.vcpu * 2);
    }
    assert.deepEqual(
      s.map((v) => v.ldr),
      force ? ['0x00000001', '0x00000004', '0x00000010'] : ['0x00000000', '0x00000000', '0x00000000'],
    );
  }
});

test('machine: EN 0->1 performs a full reset; guest reads back exactly what it wrote', () => {
  const m = new Machine({
    maxVcpus: 2,
    vcpus: 2,
    forceX2apic: false,
    cpuidX2apic: true,
    bugX2apicLdrVcpuId: false,
    hostVendor: 'amd',
    mmioBackend: 'all-ones',
  });
  assert.equal(m.wrmsr(1, 0x1b, 0xfee00c00n), 1 - 1); // Access.Ok
  assert.equal(m.lapic(1).apicId, 2);
  assert.equal(m.wrmsr(1, 0x1b, 0xfee00000n), 0); // x2APIC -> disabled
  assert.equal(m.lapic(1).hwDisabled, true);
  assert.equal(m.wrmsr(1, 0x1b, 0xfee00900n), 0); // -> xAPIC via reset, BSP bit as written
  assert.equal(m.lapic(1).apicBase, 0xfee00900n);
  assert.equal(m.lapic(1).hwDisabled, false);
  assert.equal(m.lapic(1).apicId, 2);
  assert.equal(m.transitions.length, 3);
  assert.deepEqual(
    m.transitions.map((t) => `${t.from}->${t.to}`),
    ['xapic->x2apic', 'x2apic->disabled', 'disabled->xapic'],
  );
});

const arbitrary64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const interesting = fc.oneof(
  arbitrary64,
  fc.constantFrom(
    0xfee00000n,
    0xfee00800n,
    0xfee00900n,
    0xfee00c00n,
    0xfee00d00n,
    0xfee00400n,
    0xfed00c00n,
    0xfee00a00n,
  ),
);

test('property: with force_x2apic no APIC_BASE write sequence leaves x2APIC mode', () => {
  fc.assert(
    fc.property(fc.array(interesting, { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), (writes, cpu) => {
      const m = new Machine({
        maxVcpus: 4,
        vcpus: 4,
        forceX2apic: true,
        cpuidX2apic: true,
        bugX2apicLdrVcpuId: false,
        hostVendor: 'intel',
        mmioBackend: 'sink-page',
      });
      for (const w of writes) {
        m.wrmsr(cpu, 0x1b, w);
        const v = m.lapic(cpu);
        assert.equal(apicModeOf(v.apicBase), 'x2apic');
        assert.equal(v.hwDisabled, false);
        assert.equal(v.get(0x20), cpu * 2);
      }
    }),
    { numRuns: 300 },
  );
});

test('property: without force_x2apic the state is always disabled, xAPIC or x2APIC (never EN=0/EXTD=1)', () => {
  fc.assert(
    fc.property(fc.array(interesting, { maxLength: 40 }), fc.boolean(), (writes, cpuidX2apic) => {
      const m = new Machine({
        maxVcpus: 2,
        vcpus: 2,
        forceX2apic: false,
        cpuidX2apic,
        bugX2apicLdrVcpuId: false,
        hostVendor: 'amd',
        mmioBackend: 'all-ones',
      });
      for (const w of writes) {
        m.wrmsr(1, 0x1b, w);
        const b = m.lapic(1).apicBase;
        const en = (b & 0x800n) !== 0n;
        const extd = (b & 0x400n) !== 0n;
        assert.ok(!(extd && !en), 'EN=0/EXTD=1 stored');
        assert.equal(m.lapic(1).hwDisabled, !en);
        if (!cpuidX2apic) assert.equal(extd, false);
        if (en && !extd) assert.equal(b & 0x000ffffffffff000n, 0xfee00000n);
        assert.equal(b >> 52n, 0n);
      }
    }),
    { numRuns: 300 },
  );
});
