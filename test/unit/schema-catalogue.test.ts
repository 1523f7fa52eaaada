import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { KEYS, KEYS_BY_USE, KEY_NAMES, keyInfo, otherName } from '../../server/src/schema/catalogue';
import { XEN_VERSIONS } from '../../server/src/schema/versions';
import { keyMarkdown } from '../../server/src/features/keyDoc';
import { OUT, buildCatalogue, catalogueSource, readInputs } from '../../scripts/gen-catalogue';

/** A key's documentation as the hover and completion show it, markdown escapes removed. */
const doc = (name: string) => keyMarkdown(keyInfo(name)!).replace(/\\([!-/:-@[-`{-~])/g, '$1');

test('the generated catalogue is current with data/keys/', () => {
  assert.equal(readFileSync(OUT, 'utf8'), catalogueSource(), 'run: npm run gen:catalogue');
});

test('the generator refuses data that contradicts itself', () => {
  const bad = (edit: (d: ReturnType<typeof readInputs>) => void, why: RegExp) => {
    const inputs = readInputs();
    edit(inputs);
    assert.throws(() => buildCatalogue(inputs), why);
  };
  bad((d) => void (d.facts.keys[0].kind = 'number' as never), /keys\.json\/keys\/0\/kind/);
  bad(
    (d) => void (d.facts.keys.find((k) => k.name === 'stdvga')!.replacedBy = 'nosuchkey'),
    /replacedBy nosuchkey is not a key/,
  );
  bad(
    (d) => void (d.facts.keys.find((k) => k.name === 'memory')!.example = 'memmory = 1'),
    /example must assign the key/,
  );
  bad(
    (d) => void (d.facts.keys.find((k) => k.name === 'disk')!.syntax = 'no-such-spec'),
    /no sub-language parser named no-such-spec/,
  );
  bad(
    (d) => void (d.prose = d.prose.replace(/^## vcpus$/m, '## vcpu')),
    /one section per key.*missing: vcpus.*unknown: vcpu/s,
  );
  bad((d) => void (d.usage.counts.nosuchkey = 3), /usage\.json: nosuchkey/);
  bad(
    (d) => void d.facts.otherNames.push({ name: 'memory', kind: 'foreign', belongsTo: 'x' }),
    /memory: is a key xl reads/,
  );
});

// ../shared beside the checkout, as the other tests find it.
const RESEARCH = path.resolve(__dirname, '../../..', 'shared/research/xen/xlcfg-keys.json');

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
    assert.ok(k.example.startsWith(`${k.name} = `), `${k.name}: example ${k.example}`);
    assert.ok(doc(k.name).includes(k.example), `${k.name}: doc shows the example`);
    assert.match(k.manUrl, /^https:\/\//, k.name);
    assert.ok(k.since === 'proposed' || XEN_VERSIONS.includes(k.since), `${k.name}: since ${k.since}`);
    assert.ok(k.guestTypes.length > 0, k.name);
  }
});

test('the prose does not repeat what the facts say', () => {
  // Composed from the facts at run time: a note that says it again can only drift from them.
  for (const k of KEYS) {
    for (const line of [
      '**Value:**',
      '**Default:**',
      '**Applies to:**',
      '**Deprecated',
      '**If the value is wrong:**',
      '```xl',
    ]) {
      assert.ok(!k.notes?.includes(line), `${k.name}: notes repeat ${line}`);
    }
    assert.notEqual(k.notes, k.summary, k.name);
  }
});

test('the documentation is composed from the facts', () => {
  const memory = doc('memory');
  assert.match(memory, /^`memory`: RAM given to the guest at start, in MiB\./);
  assert.match(memory, /\*\*Value:\*\* a whole number of MiB, no unit/);
  assert.match(memory, /\*\*Applies to:\*\* PV, PVH, HVM guests; since Xen 4\.0/);
  assert.match(memory, /\*\*If the value is wrong:\*\* Anything that is not a plain number/);
  assert.match(doc('on_crash'), /\*\*Default:\*\* `destroy`/);
  assert.match(doc('on_crash'), /\*\*Allowed:\*\* `destroy`, `restart`.*; case matters/);
  assert.match(doc('type'), /xl accepts any prefix of these words/);
  assert.match(doc('type'), /If the value is wrong:\*\* Anything that is not a prefix of `hvm`/);
  assert.match(doc('keymap'), /xl does not check the word, the device model does/);
  assert.match(doc('builder'), /\*\*Deprecated\*\* since Xen 4\.10: use `type` instead/);
  assert.match(doc('slice'), /\*\*Ignored:\*\* xl stores it but no scheduler uses it/);
  assert.match(doc('force_x2apic'), /\*\*Proposed:\*\* RFC "x86\/hvm: Introduce force_x2apic flag"/);
  assert.match(doc('period'), /\[tools\/xl\/xl_parse\.c\]\(https:/);
});

test('sub-language fields: listed, COLO options grouped into one link', () => {
  const vif = doc('vif');
  assert.match(vif, /\*\*Items:\*\* vif-spec: `mac`, `bridge`, .*`untrusted`, `accel`; and/);
  assert.match(
    vif,
    /and 49 \[COLO\]\(https:\/\/github\.com\/xen-project\/xen\/blob\/RELEASE-4\.22\.0\/docs\/README\.colo\) replication options \(`colo_`…\)/,
  );
  assert.ok(!vif.includes('colo_sock_mirror_id'), 'no COLO option is listed one by one');
  assert.ok(vif.length < 2500, `vif doc is ${vif.length} characters`);
  assert.match(doc('cpuid'), /cpuid-libxl: `host`, .*, and \d+ more; cpuid-xend: `leaf`/);
});

test('keys in order of use: the most used first, each key once', () => {
  assert.equal(KEYS_BY_USE.length, KEYS.length);
  assert.deepEqual(
    KEYS_BY_USE.slice(0, 3).map((k) => k.name),
    ['memory', 'name', 'vcpus'],
  );
  for (let i = 1; i < KEYS_BY_USE.length; i++) assert.ok(KEYS_BY_USE[i - 1].uses >= KEYS_BY_USE[i].uses);
  assert.equal(keyInfo('force_x2apic')!.uses, 0);
});

test('enum-like keys list their values and a matching rule', () => {
  for (const k of KEYS) {
    if (
      k.kind === 'enum' ||
      k.kind === 'enum-or-string' ||
      k.kind === 'enum-or-integer' ||
      k.kind === 'boolean-or-enum' ||
      k.kind === 'boolean-or-list'
    ) {
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
  assert.deepEqual(hole.range, { min: 256, max: 3840, checkedBy: 'xl' });
  assert.equal(hole.fatal, true);
  assert.match(doc('mmio_hole'), /\*\*Range:\*\* 256\.\.3840, enforced by xl/);
  assert.match(doc('cpu_weight'), /xl does not check/);
  assert.equal(keyInfo('type')!.fatal, true);
  assert.equal(keyInfo('memory')!.fatal, undefined);
});

test('force_x2apic is the proposed x86 PVH/HVM boolean, x2apic_only points to it', () => {
  const k = keyInfo('force_x2apic')!;
  assert.equal(k.status, 'proposed');
  assert.equal(k.kind, 'boolean');
  assert.equal(k.arch, 'x86');
  assert.equal(k.since, 'proposed');
  assert.deepEqual([...k.guestTypes].sort(), ['hvm', 'pvh']);
  assert.deepEqual(otherName('x2apic_only'), { name: 'x2apic_only', kind: 'suggested', key: 'force_x2apic' });
  assert.equal(keyInfo('x2apic_only'), undefined, 'xl never reads x2apic_only');
  for (const needle of [
    'EXTD',
    '#GP',
    'SeaBIOS',
    'OVMF',
    'NetBSD',
    'FreeBSD',
    'PV shim',
    'AMD',
    'XAPIC_DISABLE_STATUS',
    '0xBD',
  ]) {
    assert.ok(k.notes!.includes(needle), `force_x2apic doc mentions ${needle}`);
  }
});

test('deprecated keys name their replacement', () => {
  assert.equal(keyInfo('builder')!.replacedBy, 'type');
  assert.equal(keyInfo('stdvga')!.replacedBy, 'vga');
  assert.equal(keyInfo('altp2mhvm')!.replacedBy, 'altp2m');
  assert.match(doc('stdvga'), /use `vga` instead/);
});

test("names no xl reads: removed, other tools' and suggested ones", () => {
  assert.deepEqual(otherName('pvh'), {
    name: 'pvh',
    kind: 'removed',
    since: '4.4',
    until: '4.9',
    replacement: 'type = "pvh"',
  });
  assert.equal(otherName('vscsi')?.kind, 'foreign');
  assert.equal(otherName('memory'), undefined);
  assert.equal(otherName('constructor'), undefined);
});

test('docs are our own words, not sentences of xl.cfg(5)', () => {
  // A few distinctive sentences of the manual; none may appear in any doc.
  const manSentences = [
    'Start the guest with MBYTES megabytes of RAM',
    'Specifies the maximum amount of memory a guest can ever see',
    'Allow the guest to bring up a maximum of M vCPUs',
    "Put the guest's vCPUs into the named CPU pool",
    'Specifies the name of the domain',
    'Selects the emulated video card',
    'Specifies the size the MMIO hole below 4GiB will be',
    'Select the virtual firmware that is exposed to the guest',
    'Action to take if the domain crashes',
    'Load the specified file as the kernel image',
    'A domain with a weight of 512 will get twice as much CPU',
  ];
  for (const k of KEYS) {
    for (const s of manSentences) assert.ok(!doc(k.name).includes(s), `${k.name} copies "${s}"`);
  }
});

test('man anchors use pod2html ids; undocumented keys link the xl source', () => {
  const man = 'https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html#';
  assert.equal(keyInfo('memory')!.manUrl, `${man}memory-MBYTES`);
  assert.equal(keyInfo('altp2m')!.manUrl, `${man}altp2m-MODE`);
  assert.equal(keyInfo('smbios_firmware')!.manUrl, `${man}smbios_firmware-STRING`);
  assert.equal(keyInfo('xenstore_quota')!.manUrl, `${man}xenstore_quota-QUOTA_SPEC-QUOTA_SPEC`);
  assert.equal(keyInfo('cpuid')!.manUrl, `${man}cpuid-LIBXL_STRING-or-cpuid-XEND_STRING-XEND_STRING`);
  for (const name of ['period', 'slice', 'vif2', 'vncviewer', 'force_x2apic', 'opengl']) {
    assert.match(keyInfo(name)!.manUrl, /tools\/xl\/xl_parse\.c$/, name);
  }
});
