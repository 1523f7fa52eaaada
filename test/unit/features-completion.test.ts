import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { completeAt, type CompletionEntry } from '../../server/src/features/completion';
import { defaultOptions, type XlcfgOptions } from '../../server/src/options';
import { snippetToPlain } from '../../server/src/lsp/completion';

/** `|` in the text marks the cursor. */
function complete(marked: string, overrides: Partial<XlcfgOptions> = {}) {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const options = defaultOptions(overrides);
  const entries = completeAt(checkText(text, options), offset, options);
  return { entries, text, offset, labels: entries.map((e) => e.label) };
}

function apply(text: string, e: CompletionEntry): string {
  const insert = e.snippet
    ? e.insertText.replace(/\$\{\d+\|([^,|]*)[^}]*\}|\$\{\d+:([^}]*)\}|\$\d+/g, (_m, a, b) => a ?? b ?? '')
    : e.insertText;
  return text.slice(0, e.replaceStart) + insert + text.slice(e.replaceEnd);
}

describe('completion: keys', () => {
  it('offers unset keys with a value skeleton, replacing the partial word', () => {
    const { entries, text } = complete('name = "x"\nmem|');
    const mem = entries.find((e) => e.label === 'memory')!;
    assert.ok(mem);
    assert.equal(mem.kind, 'key');
    assert.equal(mem.insertText, 'memory = $1');
    assert.equal(mem.snippet, true);
    assert.equal(text.slice(mem.replaceStart, mem.replaceEnd), 'mem');
    assert.ok(mem.documentation && mem.documentation.length > 20);
    assert.ok(!entries.some((e) => e.label === 'name'), 'name is already set');
  });
  it('skeletons by kind', () => {
    const { entries } = complete('type = "hvm"\n|');
    const by = (l: string) => entries.find((e) => e.label === l)?.insertText;
    assert.equal(by('type'), undefined);
    assert.equal(by('name'), 'name = "$1"');
    assert.equal(by('vcpus'), 'vcpus = $1');
    assert.equal(by('disk'), 'disk = [ "$1" ]');
    assert.match(by('bios')!, /^bios = "\$\{1\|rombios,seabios,ovmf\|\}"$/);
    assert.match(by('acpi')!, /^acpi = \$\{1\|[01],[01]\|\}$/);
  });
  it('filters by guest type', () => {
    assert.ok(complete('type = "hvm"\n|').labels.includes('bios'));
    assert.ok(!complete('type = "pv"\n|').labels.includes('bios'));
  });
  it('filters by target Xen version', () => {
    assert.ok(complete('|').labels.includes('type'));
    assert.ok(!complete('|', { xenVersion: '4.9' }).labels.includes('type'), 'type came with 4.10');
  });
  it('hides proposed keys unless enabled; marks deprecated ones', () => {
    assert.ok(!complete('type = "hvm"\n|').labels.includes('force_x2apic'));
    assert.ok(complete('type = "hvm"\n|', { enableProposed: true }).labels.includes('force_x2apic'));
    const builder = complete('|').entries.find((e) => e.label === 'builder');
    assert.equal(builder?.deprecated, true);
  });
  it('editing an existing key replaces only the name', () => {
    const { entries, text } = complete('memo|ry = 512\n');
    const e = entries.find((x) => x.label === 'memory')!;
    assert.ok(e, 'the key being edited is still offered');
    assert.equal(e.insertText, 'memory');
    assert.equal(text.slice(e.replaceStart, e.replaceEnd), 'memory');
  });
  it('after a semicolon', () => {
    const { entries, text } = complete('vcpus = 2; max|');
    const e = entries.find((x) => x.label === 'maxvcpus')!;
    assert.equal(apply(text, e), 'vcpus = 2; maxvcpus = ');
  });
  it('the keys real configs use most come first (data/keys/usage.json), deprecated ones last', () => {
    const sorted = (marked: string) =>
      complete(marked)
        .entries.sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1))
        .map((e) => e.label);
    assert.deepEqual(sorted('|').slice(0, 5), ['memory', 'name', 'vcpus', 'disk', 'vif']);
    assert.deepEqual(sorted('memory = 512\n|').slice(0, 2), ['name', 'vcpus']);
    const all = sorted('|');
    assert.ok(all.indexOf('on_crash') < all.indexOf('pool'), 'on_crash is set far more often than pool');
    assert.equal(all.at(-1) === 'builder' || all.at(-1) === 'stdvga', true, 'deprecated keys sort last');
  });
  it('nothing in the middle of a value-less junk line', () => {
    assert.deepEqual(complete('memory 512 |').labels, []);
  });
});

describe('completion: values', () => {
  it('offers the words xl of the target release accepts (qemu-xen-traditional up to 4.20)', () => {
    const text = 'name = "x"\ntype = "hvm"\ndevice_model_version = "|"\n';
    assert.deepEqual(complete(text, { xenVersion: '4.20' }).labels, ['qemu-xen', 'qemu-xen-traditional']);
    assert.deepEqual(complete(text, { xenVersion: '4.21' }).labels, ['qemu-xen']);
  });
  it('enum values inside quotes replace only the inside', () => {
    const { entries, text } = complete('type = "h|v"\n');
    assert.deepEqual(
      entries.map((e) => e.label),
      ['pv', 'pvh', 'hvm'],
    );
    const hvm = entries.find((e) => e.label === 'hvm')!;
    assert.equal(apply(text, hvm), 'type = "hvm"\n');
  });
  it('enum values outside quotes are quoted', () => {
    const { entries, text } = complete('type = |\n');
    assert.equal(apply(text, entries.find((e) => e.label === 'pvh')!), 'type = "pvh"\n');
  });
  it('booleans', () => {
    const { entries, text } = complete('acpi = |\n');
    assert.deepEqual(entries.map((e) => e.label).sort(), ['0', '1']);
    assert.equal(apply(text, entries.find((e) => e.label === '1')!), 'acpi = 1\n');
    const { entries: e2, text: t2 } = complete('acpi = 0|\n');
    assert.equal(apply(t2, e2.find((e) => e.label === '1')!), 'acpi = 1\n');
  });
  it('list skeleton for list keys', () => {
    assert.ok(complete('vif = |\n').entries.some((e) => e.insertText === '[ "$1" ]' && e.snippet));
  });
});

describe('completion: sub-languages', () => {
  it('field names in a disk spec', () => {
    const { entries, text } = complete('disk = [ "format=raw,vd|" ]\n');
    const vdev = entries.find((e) => e.label === 'vdev')!;
    assert.equal(vdev.kind, 'field');
    assert.equal(apply(text, vdev), 'disk = [ "format=raw,vdev=" ]\n');
    assert.ok(!entries.some((e) => e.label === 'format'), 'format is already written');
  });
  it('after the positional fields: the values of the next one, then the `key=` fields not given yet', () => {
    const { entries, text, labels } = complete('disk = [ "/dev/vg0/x,raw,xvda,|" ]\n');
    for (const v of ['r', 'ro', 'rw', 'w']) assert.ok(labels.includes(v), `access value ${v}`);
    for (const given of ['target', 'format', 'vdev'])
      assert.ok(!labels.includes(given), `${given} is given by position`);
    assert.ok(labels.includes('devtype') && labels.includes('backendtype'));
    const ro = entries.find((e) => e.label === 'ro')!;
    assert.equal(ro.kind, 'value');
    assert.match(ro.detail!, /access \(by position\)/);
    assert.equal(apply(text, ro), 'disk = [ "/dev/vg0/x,raw,xvda,ro" ]\n');
    const first = entries.sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1))[0];
    assert.equal(first.kind, 'value', 'values of the positional field come before field names');
  });
  it('a partial positional value is replaced whole; each position offers its own field', () => {
    const { entries, text } = complete('disk = [ "/dev/vg0/x,raw,xvda,r|" ]\n');
    assert.equal(apply(text, entries.find((e) => e.label === 'rw')!), 'disk = [ "/dev/vg0/x,raw,xvda,rw" ]\n');
    const format = complete('disk = [ "/dev/vg0/x,|" ]\n').labels;
    assert.ok(format.includes('qcow2') && !format.includes('r') && !format.includes('target'));
    const between = complete('disk = [ "/dev/vg0/x,|,xvda" ]\n').labels;
    assert.ok(between.includes('qcow2') && !between.includes('vdev'), 'vdev comes later in the string');
    const done = complete('disk = [ "/dev/vg0/x,raw,xvda,rw,|" ]\n').labels;
    assert.ok(
      !done.includes('r') && !done.includes('access') && done.includes('devtype'),
      'all four positions are given',
    );
  });
  it('values of the field at the cursor', () => {
    const { entries, text } = complete('disk = [ "format=q|,vdev=xvda" ]\n');
    assert.ok(entries.some((e) => e.label === 'qcow2'));
    assert.equal(apply(text, entries.find((e) => e.label === 'qcow2')!), 'disk = [ "format=qcow2,vdev=xvda" ]\n');
  });
  it('vif and pci fields', () => {
    assert.ok(complete('vif = [ "mac=00:16:3e:00:00:01,|" ]\n').labels.includes('bridge'));
    assert.ok(complete('pci = [ "01:00.0,|" ]\n').labels.includes('permissive'));
  });
  it('cpuid feature values', () => {
    const { labels } = complete('cpuid = "host,x2apic=|"\n');
    assert.deepEqual(labels, ['0', '1', 'x', 'k']);
  });
  it('quoted items between list entries, also in an open list', () => {
    assert.ok(complete('disk = [ "vdev=xvda,target=/a", |').labels.includes('"vdev="'));
  });
});

describe('completion: comments', () => {
  it('directive names and values', () => {
    assert.deepEqual(complete('# xlcfg: |\n').labels, ['guest-os=', 'host-cpu=', 'arch=', 'design=', 'linux-version=']);
    assert.deepEqual(complete('# xlcfg: design=|\n').labels, ['rfc', 'xapic-disable-status']);
    assert.ok(complete('#|\n').labels.includes('xlcfg: design='));
    const { entries, text } = complete('# xlcfg: guest-os=free|\n');
    assert.equal(apply(text, entries.find((e) => e.label === 'freebsd')!), '# xlcfg: guest-os=freebsd\n');
    assert.deepEqual(complete('# xlcfg: host-cpu=|\n').labels, ['intel', 'amd']);
  });
  it('rule ids after xlcfg-disable', () => {
    const { entries, text } = complete('# xlcfg-disable-next-line force-x2apic/p|\nforce_x2apic = 1\n');
    const e = entries.find((x) => x.label === 'force-x2apic/pv');
    assert.ok(e);
    assert.equal(text.slice(e.replaceStart, e.replaceEnd), 'force-x2apic/p');
  });
  it('directives offered in a fresh comment; nothing in ordinary comments', () => {
    assert.ok(complete('#|\n').labels.includes('xlcfg-disable-next-line'));
    assert.deepEqual(complete('# some words |\n').labels, []);
  });
});

describe('completion: snippets as plain text (clients without snippet support)', () => {
  // [snippet, what a plain-text client inserts]: tab stops empty, placeholders at their default,
  // choices at their first value, backslash escapes resolved (LSP snippet syntax).
  const TABLE: Array<[string, string]> = [
    ['', ''],
    ['memory = 512', 'memory = 512'],
    ['acpi = ${1|0,1|}', 'acpi = 0'],
    ['type = "${1|hvm,pvh,pv|}"', 'type = "hvm"'],
    ['name = "${1:guest}"', 'name = "guest"'],
    ['a$1b', 'ab'],
    ['${1}x$0', 'x'],
    ['$10 and $2', ' and '],
    ['${1:}', ''],
    ['${1:outer ${2:inner} end}$0', 'outer inner end'],
    ['${1:a ${2|x,y|} b}', 'a x b'],
    ['${1|a\\,b,c|}', 'a,b'],
    ['${1|x\\|y,z|}', 'x|y'],
    ['\\$1 \\\\ \\}', '$1 \\ }'],
    ['${1:a \\} b}', 'a } b'],
    ['cost $ 5', 'cost $ 5'],
    ['disk = [ "${1:/dev/vg/guest},raw,xvda,rw" ]', 'disk = [ "/dev/vg/guest,raw,xvda,rw" ]'],
  ];
  for (const [snippet, plain] of TABLE) {
    it(`${JSON.stringify(snippet)} -> ${JSON.stringify(plain)}`, () => {
      assert.equal(snippetToPlain(snippet), plain);
    });
  }
});
