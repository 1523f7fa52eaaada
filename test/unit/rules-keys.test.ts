import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, covered, fixes, none, one, only } from './helpers';
import { parse } from '../../server/src/syntax/parser';

const BASE = 'name = "g"\ntype = "hvm"\n';

describe('key/unknown', () => {
  it('flags a typo, suggests the key and renames it (preferred)', () => {
    const text = BASE + 'memmory = 512\n';
    const d = one(text, 'key/unknown');
    assert.equal(d.severity, 'warning');
    assert.equal(covered(text, d), 'memmory');
    assert.deepEqual(d.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 7 } });
    assert.match(d.message, /ignores it silently.*`memory`/);
    assert.equal(d.fixes![0].preferred, true);
    assert.equal(fixes(text, 'key/unknown'), BASE + 'memory = 512\n');
  });
  it('does not prefer an ambiguous suggestion', () => {
    // `vcpu` is one edit from both vcpus and ... only when ties exist; `pcix` is close to pci only.
    const d = one(BASE + 'spicex = 1\n', 'key/unknown');
    assert.ok(d.fixes?.length);
  });
  it('names the tool for xm/xl.conf keys and offers removal', () => {
    const d = one(BASE + 'on_xend_start = "ignore"\n', 'key/unknown');
    assert.match(d.message, /xend/);
    fixes(BASE + 'on_xend_start = "ignore"\n', 'key/unknown', /Remove/);
  });
  it('is silent for known keys', () => none(BASE + 'memory = 512\nvcpus = 2\n', 'key/unknown'));
});

describe('key/suggested-name', () => {
  it('x2apic_only → force_x2apic', () => {
    const text = BASE + 'x2apic_only = 1\n';
    const d = one(text, 'key/suggested-name');
    assert.match(d.message, /suggested in review for `force_x2apic`: xl reads neither/);
    const out = fixes(text, 'key/suggested-name');
    assert.equal(out, BASE + 'force_x2apic = 1\n');
    none(text, 'key/unknown');
  });
});

describe('key/not-for-guest-type', () => {
  it('says the type defaults to PV', () => {
    const text = 'name = "g"\nkernel = "/k"\nbios = "ovmf"\n';
    const d = one(text, 'key/not-for-guest-type');
    assert.equal(d.severity, 'information');
    assert.equal(covered(text, d), 'bios');
    assert.match(d.message, /PV guest \(PV by default\)/);
    assert.deepEqual(d.claim, { by: 'xl', effect: 'silent' });
  });
  it('names the type key', () => {
    const d = one('name = "g"\ntype = "hvm"\npvshim = 1\n', 'key/not-for-guest-type');
    assert.match(d.message, /HVM guest \(key `type`\)/);
  });
  it('is silent for keys of the type, and when the type is invalid', () => {
    none(BASE + 'bios = "ovmf"\n', 'key/not-for-guest-type');
    none('name = "g"\ntype = "xyz"\nbios = "ovmf"\n', 'key/not-for-guest-type');
  });
  it('leaves timer_mode on PV to relation/timer-mode-pv', () => {
    const ds = check('name = "g"\nkernel = "/k"\ntimer_mode = "no_missed_ticks_pending"\n');
    assert.equal(only(ds, 'key/not-for-guest-type').length, 0);
    assert.equal(only(ds, 'relation/timer-mode-pv').length, 1);
  });
});

describe('key/not-for-arch', () => {
  it('flags an Arm-only key in an x86 config', () => {
    const text = BASE + 'hpet = 1\ngic_version = "v3"\n';
    const d = one(text, 'key/not-for-arch');
    assert.equal(covered(text, d), 'gic_version');
    assert.match(d.message, /is for Arm guests; this config is x86 \(the default; `# xlcfg: arch=arm` for Arm\)/);
    // xl reads and stores it on x86 too (the dry run): the diagnostic must not call it unused.
    assert.notEqual(d.unnecessary, true);
    assert.doesNotMatch(d.message, /no effect|ignore/);
  });
  it('assumes Arm for a file that only uses Arm-only keys', () => {
    none('name = "g"\nkernel = "/k"\ndevice_tree = "/g.dtb"\ndtdev = [ "/soc/x" ]\n', 'key/not-for-arch');
    none('name = "g"\nkernel = "/k"\ndevice_tree = "/g.dtb"\n', 'key/not-for-guest-type');
  });
  it('flags an x86 key with an Arm directive', () => {
    const d = one('# xlcfg: arch=arm\nname = "g"\nkernel = "/k"\nmsr_relaxed = 1\n', 'key/not-for-arch');
    assert.match(d.message, /x86/);
  });
});

describe('key/deprecated', () => {
  it('builder → type (information, preferred fix)', () => {
    const text = 'name = "g"\nbuilder = "hvm"\n';
    const d = one(text, 'key/deprecated');
    assert.equal(d.severity, 'information');
    assert.equal(fixes(text, 'key/deprecated'), 'name = "g"\ntype = "hvm"\n');
    assert.equal(
      fixes('name = "g"\nbuilder = "generic"\nkernel = "/k"\n', 'key/deprecated'),
      'name = "g"\ntype = "pv"\nkernel = "/k"\n',
    );
  });
  it('builder next to an agreeing type: remove it', () => {
    assert.equal(fixes('name = "g"\ntype = "hvm"\nbuilder = "hvm"\n', 'key/deprecated'), 'name = "g"\ntype = "hvm"\n');
  });
  it('is silent about builder for a target without `type`', () =>
    none('name = "g"\nbuilder = "hvm"\n', 'key/deprecated', { xenVersion: '4.8' }));
  it('removed pvh = 1 → type = "pvh"', () => {
    const text = 'name = "g"\nkernel = "/k"\npvh = 1\n';
    const d = one(text, 'key/deprecated');
    assert.match(d.message, /not PVH/);
    assert.equal(fixes(text, 'key/deprecated'), 'name = "g"\nkernel = "/k"\ntype = "pvh"\n');
    none(text, 'key/unknown');
  });
  it('stdvga → vga', () => {
    assert.equal(fixes(BASE + 'stdvga = 1\n', 'key/deprecated'), BASE + 'vga = "stdvga"\n');
    assert.equal(fixes(BASE + 'stdvga = 0\n', 'key/deprecated'), BASE + 'vga = "cirrus"\n');
  });
  it('altp2mhvm is deprecated (warning, no fix)', () => {
    const d = one(BASE + 'altp2mhvm = 1\n', 'key/deprecated');
    assert.equal(d.severity, 'warning');
  });
});

describe('key/ignored', () => {
  it('device_model: warning with a removal fix', () => {
    const text = BASE + 'device_model = "/usr/bin/qemu"\n';
    const d = one(text, 'key/ignored');
    assert.equal(d.severity, 'warning');
    assert.equal(d.unnecessary, true);
    assert.equal(fixes(text, 'key/ignored'), BASE);
  });
  it('slice/latency: information', () =>
    assert.equal(one(BASE + 'slice = 10\n', 'key/ignored').severity, 'information'));
  it('is silent for active keys', () => none(BASE + 'memory = 1\n', 'key/ignored'));
});

describe('key/newer-than-target', () => {
  it('flags keys after the target release', () => {
    const d = one(BASE + 'xenstore_quota = [ "a=1" ]\n', 'key/newer-than-target', { xenVersion: '4.17' });
    assert.match(d.message, /from Xen 4\.22: the xl of Xen 4\.17 ignores it/);
  });
  it('is silent on the latest release', () => none(BASE + 'xenstore_quota = [ "a=1" ]\n', 'key/newer-than-target'));
});

describe('key/proposed', () => {
  it('force_x2apic without enableProposed: information', () => {
    const text = BASE + 'force_x2apic = 1\n';
    const d = one(text, 'key/proposed');
    assert.equal(d.severity, 'information');
    assert.match(d.message, /not in any released Xen.*ignores it/);
    assert.equal(covered(text, d), 'force_x2apic');
  });
  it('nothing with enableProposed', () => none(BASE + 'force_x2apic = 1\n', 'key/proposed', { enableProposed: true }));
});

describe('applyFix helper', () => {
  it('applies several edits from the end', () => {
    const out = applyFix('ab\ncd\n', {
      title: 't',
      edits: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '[' },
        { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } }, newText: 'X' },
      ],
    });
    assert.equal(out, '[ab\ncX\n');
    assert.ok(parse('a = 1\n').ok);
  });
});
