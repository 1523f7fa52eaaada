import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { KEYS, KEY_NAMES, SUGGESTED_NAMES, keyInfo } from '../../server/src/schema/catalogue';
import { XEN_VERSIONS } from '../../server/src/schema/versions';

const RESEARCH = '/work/shared/research/xen/xlcfg-keys.json';

test('catalogue holds exactly the keys of the research table', (t) => {
  if (!existsSync(RESEARCH)) {
    t.skip(`research table not available at ${RESEARCH}`);
    return;
  }
  const research = JSON.parse(readFileSync(RESEARCH, 'utf8')) as { name: string; kind: string; status: string }[];
  assert.equal(research.length, 173);
  assert.deepEqual([...KEY_NAMES].sort(), research.map((k) => k.name).sort());
  for (const r of research) {
    const k = keyInfo(r.name)!;
    assert.equal(k.kind, r.kind, r.name);
    assert.equal(k.status, r.status, r.name);
  }
});

test('173 unique keys, each looked up by name', () => {
  assert.equal(KEYS.length, 173);
  assert.equal(new Set(KEY_NAMES).size, 173);
  for (const k of KEYS) assert.equal(keyInfo(k.name), k);
  assert.equal(keyInfo('memmory'), undefined);
  assert.equal(keyInfo('Memory'), undefined, 'xl key names are case-sensitive');
});

test('every key is documented and has an example that assigns it', () => {
  for (const k of KEYS) {
    assert.ok(k.summary.trim().length > 0, `${k.name}: summary`);
    assert.ok(!k.summary.includes('\n'), `${k.name}: summary must be one line`);
    assert.ok(k.doc.trim().length > k.summary.length, `${k.name}: doc`);
    assert.ok(k.example.startsWith(`${k.name} = `), `${k.name}: example ${k.example}`);
    assert.ok(k.doc.includes(k.example), `${k.name}: doc shows the example`);
    assert.match(k.manAnchor, /^https:\/\//, k.name);
    assert.ok(k.xlRead.length > 0, `${k.name}: xlRead`);
    assert.ok(k.since === 'proposed' || XEN_VERSIONS.includes(k.since), `${k.name}: since ${k.since}`);
    assert.ok(k.guestTypes.length > 0, k.name);
  }
});

test('enum-like keys list their values and a matching rule', () => {
  for (const k of KEYS) {
    if (k.kind === 'enum' || k.kind === 'enum-or-string' || k.kind === 'enum-or-integer' || k.kind === 'boolean-or-enum' || k.kind === 'boolean-or-list') {
      assert.ok(k.enumValues && k.enumValues.length > 0, `${k.name}: enumValues`);
      assert.ok(k.enumMatch, `${k.name}: enumMatch`);
      for (const v of k.enumValues!) assert.equal(typeof v, 'string');
    }
  }
  assert.equal(keyInfo('type')!.enumMatch, 'prefix');
  assert.equal(keyInfo('on_crash')!.enumMatch, 'exact');
  assert.equal(keyInfo('tsc_mode')!.enumMatch, 'case-insensitive');
  assert.deepEqual(keyInfo('usbversion')!.enumValues, ['0', '1', '2', '3']);
});

test('bounds and fatal flags for the keys xl polices', () => {
  const hole = keyInfo('mmio_hole')!;
  assert.equal(hole.min, 256);
  assert.equal(hole.max, 3840);
  assert.equal(hole.fatalOnBadValue, true);
  assert.match(hole.doc, /enforced by xl/);
  assert.match(keyInfo('cpu_weight')!.doc, /xl does not check/);
  assert.equal(keyInfo('type')!.fatalOnBadValue, true);
  assert.equal(keyInfo('memory')!.fatalOnBadValue, undefined);
});

test('force_x2apic is the proposed x86 PVH/HVM boolean, x2apic_only points to it', () => {
  const k = keyInfo('force_x2apic')!;
  assert.equal(k.status, 'proposed');
  assert.equal(k.kind, 'boolean');
  assert.equal(k.arch, 'x86');
  assert.equal(k.since, 'proposed');
  assert.deepEqual([...k.guestTypes].sort(), ['hvm', 'pvh']);
  assert.deepEqual(k.aliases, ['x2apic_only']);
  assert.equal(SUGGESTED_NAMES.x2apic_only, 'force_x2apic');
  assert.equal(keyInfo('x2apic_only'), undefined, 'xl never reads x2apic_only');
  for (const needle of ['EXTD', '#GP', 'SeaBIOS', 'OVMF', 'NetBSD', 'FreeBSD', 'PV shim', 'AMD', 'XAPIC_DISABLE_STATUS', '0xBD']) {
    assert.ok(k.doc.includes(needle), `force_x2apic doc mentions ${needle}`);
  }
});

test('deprecated keys name their replacement', () => {
  assert.equal(keyInfo('builder')!.deprecated, 'type');
  assert.equal(keyInfo('stdvga')!.deprecated, 'vga');
  assert.equal(keyInfo('altp2mhvm')!.deprecated, 'altp2m');
  assert.match(keyInfo('stdvga')!.doc, /use `vga` instead/);
});

test('docs are our own words, not sentences of xl.cfg(5)', () => {
  // A few distinctive sentences of the manual; none may appear in any doc.
  const manSentences = [
    'Start the guest with MBYTES megabytes of RAM',
    'Specifies the maximum amount of memory a guest can ever see',
    'Allow the guest to bring up a maximum of M vCPUs',
    'Put the guest\'s vCPUs into the named CPU pool',
    'Specifies the name of the domain',
    'Selects the emulated video card',
    'Specifies the size the MMIO hole below 4GiB will be',
    'Select the virtual firmware that is exposed to the guest',
    'Action to take if the domain crashes',
    'Load the specified file as the kernel image',
    'A domain with a weight of 512 will get twice as much CPU',
  ];
  for (const k of KEYS) {
    for (const s of manSentences) assert.ok(!k.doc.includes(s) && !k.summary.includes(s), `${k.name} copies "${s}"`);
  }
});

test('man anchors use pod2html ids; undocumented keys link the xl source', () => {
  assert.equal(keyInfo('memory')!.manAnchor, 'https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html#memory-MBYTES');
  assert.equal(keyInfo('altp2m')!.manAnchor, 'https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html#altp2m-MODE');
  assert.equal(keyInfo('smbios_firmware')!.manAnchor, 'https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html#smbios_firmware-STRING');
  for (const name of ['period', 'slice', 'vif2', 'vncviewer', 'force_x2apic']) {
    assert.match(keyInfo(name)!.manAnchor, /tools\/xl\/xl_parse\.c$/, name);
  }
});
