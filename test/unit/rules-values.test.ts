// The values xl reads, as the xl stage reports them (server/src/checks/rules/xl.ts places them
// and offers fixes). What xl prints and does is proven against the real xl by the differential
// tests; these pin the diagnostics, ranges and fixes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check, covered, fixes, none, one, only } from './helpers';

const HVM = 'name = "g"\ntype = "hvm"\n';
const PV = 'name = "g"\nkernel = "/k"\n';

describe('value/boolean', () => {
  it('"true" → 1, "off" → 0 (preferred fix); the claim is xl\'s own warning', () => {
    const text = HVM + 'acpi = "true"\n';
    const d = one(text, 'value/boolean');
    assert.equal(d.severity, 'warning');
    assert.equal(covered(text, d), '"true"');
    assert.match(d.message, /takes 0 or 1.*ignores/);
    assert.deepEqual(d.claim, {
      by: 'xl',
      effect: 'warning',
      printed: ["warning: parameter `acpi' is not a valid number"],
    });
    assert.equal(d.fixes![0].preferred, true);
    assert.equal(fixes(text, 'value/boolean'), HVM + 'acpi = 1\n');
    assert.equal(fixes(HVM + 'hpet = "off"\n', 'value/boolean'), HVM + 'hpet = 0\n');
  });
  it('other words: no fix', () => assert.equal(one(HVM + 'acpi = "maybe"\n', 'value/boolean').fixes, undefined));
  it('integers are fine', () => none(HVM + 'acpi = 1\nhpet = 0\napic = 2\n', 'value/boolean'));
  it('viridian as a word: ignored without a word, fix to 1', () => {
    const d = one(HVM + 'viridian = "yes"\n', 'value/boolean');
    assert.equal(d.claim?.effect, 'silent');
    assert.equal(fixes(HVM + 'viridian = "yes"\n', 'value/boolean'), HVM + 'viridian = 1\n');
  });
});

describe('value/integer', () => {
  it('08 is not a number (a leading 0 means octal); fix to 8', () => {
    const text = HVM + 'vcpus = "08"\n';
    const d = one(text, 'value/integer');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /octal/);
    assert.equal(fixes(text, 'value/integer'), HVM + 'vcpus = 8\n');
  });
  it('010 is read as 8: hint, fix to 10', () => {
    const d = one(HVM + 'vcpus = 010\n', 'value/integer');
    assert.equal(d.severity, 'hint');
    assert.match(d.message, /as 8/);
    assert.equal(fixes(HVM + 'vcpus = 010\n', 'value/integer', /decimal/), HVM + 'vcpus = 10\n');
  });
  it('junk is reported, hex and plain numbers are not', () => {
    one(HVM + 'vcpus = "2 cpus"\n', 'value/integer');
    none(HVM + 'vcpus = 0x10\nmemory = 1024\nmaxvcpus = "4"\n', 'value/integer');
  });
  it('the grant keys: xl exits without a message', () => {
    const d = one(HVM + 'max_grant_frames = "x"\n', 'value/integer');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.claim, { by: 'xl', effect: 'refusal', printed: [] });
  });
});

describe('value/unit', () => {
  it('"512M" → 512, "2G" → 2048 (memory in MiB)', () => {
    const text = HVM + 'memory = "512M"\n';
    const d = one(text, 'value/unit');
    assert.match(d.message, /no units/);
    assert.equal(fixes(text, 'value/unit'), HVM + 'memory = 512\n');
    assert.equal(fixes(HVM + 'maxmem = "2G"\n', 'value/unit'), HVM + 'maxmem = 2048\n');
    assert.equal(fixes(HVM + 'memory = "1GiB"\n', 'value/unit'), HVM + 'memory = 1024\n');
  });
  it('KiB keys convert to KiB; xl reads vmtrace_buf_kb with warnings off', () => {
    const d = one(HVM + 'vmtrace_buf_kb = "1M"\n', 'value/unit');
    assert.equal(d.claim?.effect, 'silent');
    assert.equal(fixes(HVM + 'vmtrace_buf_kb = "1M"\n', 'value/unit'), HVM + 'vmtrace_buf_kb = 1024\n');
  });
  it('no fix when not whole', () => assert.equal(one(HVM + 'memory = "100K"\n', 'value/unit').fixes, undefined));
  it('silent for plain numbers', () => none(HVM + 'memory = 512\n', 'value/unit'));
});

describe('value/range', () => {
  it('bounds xl enforces are refusals', () => {
    const d = one(HVM + 'mmio_hole = 100\n', 'value/range');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /256\.\.3840/);
    assert.deepEqual(d.claim?.printed, ['ERROR: invalid value 100 for "mmio_hole"']);
  });
  it('vcpus 0 becomes 1 without a word (4.22)', () => {
    const d = one(HVM + 'vcpus = 0\n', 'value/range');
    assert.equal(d.claim?.effect, 'silent');
    assert.match(d.message, /into 1/);
  });
  it('vcpus 0 is left to libxl before 4.22', () => none(HVM + 'vcpus = 0\n', 'value/range', { xenVersion: '4.20' }));
  it('tsc_mode integer outside 0..3 is fatal', () =>
    assert.equal(one(PV + 'tsc_mode = 7\n', 'value/range').severity, 'error'));
  it('in range: silent', () => none(HVM + 'mmio_hole = 1024\ncpu_weight = 512\n', 'value/range'));
});

describe('value/append-numeric', () => {
  it('+= on memory: fix to =', () => {
    const text = HVM + 'memory += 512\n';
    const d = one(text, 'value/append-numeric');
    assert.equal(covered(text, d), '+=');
    assert.deepEqual(d.claim?.printed, ["warning: can't use += with numbers for parameter `memory'"]);
    assert.equal(fixes(text, 'value/append-numeric'), HVM + 'memory = 512\n');
  });
  it('+= on strings is fine', () => none(PV + 'cmdline = "a"\ncmdline += " b"\n', 'value/append-numeric'));
});

describe('value/list-expected', () => {
  it('a device list as a string: xl warns and ignores it; wrap in [ ]', () => {
    const text = HVM + 'disk = "/img,,xvda"\n';
    const d = one(text, 'value/list-expected');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /takes a list/);
    assert.equal(fixes(text, 'value/list-expected'), HVM + 'disk = [ "/img,,xvda" ]\n');
  });
  it('smbios as a string: one diagnostic with both lines xl prints, an error', () => {
    const d = one(HVM + 'smbios = "bios_vendor=x"\n', 'value/list-expected');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.claim?.printed, [
      "warning: parameter `smbios' is a single value but should be a list",
      'xl: Unable to parse smbios options.',
    ]);
  });
  it('bootloader_args as a string: split into a list', () => {
    assert.equal(
      fixes('name = "g"\nbootloader = "pygrub"\nbootloader_args = "-q --entry=1"\n', 'value/list-expected'),
      'name = "g"\nbootloader = "pygrub"\nbootloader_args = [ "-q", "--entry=1" ]\n',
    );
  });
  it('a blank bootloader_args string crashes xl', () =>
    assert.equal(
      one('name = "g"\nbootloader = "pygrub"\nbootloader_args = " "\n', 'value/list-expected').claim?.effect,
      'crash',
    ));
  it('lists are fine', () => none(HVM + 'disk = [ "/img,,xvda" ]\n', 'value/list-expected'));
});

describe('value/string-expected', () => {
  it('a list for ramdisk: unwrap a single item', () => {
    const text = PV + 'ramdisk = [ "/i" ]\n';
    const d = one(text, 'value/string-expected');
    assert.equal(d.severity, 'warning');
    assert.equal(fixes(text, 'value/string-expected'), PV + 'ramdisk = "/i"\n');
  });
  it('a list for name: the warning, then the refusal', () => {
    const ds = check('name = [ "g" ]\nkernel = "/k"\n');
    assert.equal(only(ds, 'value/string-expected').length, 1);
    assert.equal(only(ds, 'relation/name-missing')[0].severity, 'error');
  });
  it('numbers as lists', () => {
    one(HVM + 'memory = [ 1 ]\n', 'value/string-expected');
  });
});

describe('value/enum', () => {
  it('empty type is HVM (information), fix writes it out', () => {
    const d = one('name = "g"\ntype = ""\n', 'value/enum');
    assert.equal(d.severity, 'information');
    assert.match(d.message, /empty `type` as "hvm"/);
    assert.equal(fixes('name = "g"\ntype = ""\n', 'value/enum'), 'name = "g"\ntype = "hvm"\n');
  });
  it('type = "h" is read as hvm', () =>
    assert.match(one('name = "g"\ntype = "h"\n', 'value/enum').message, /reads "h" as "hvm"/));
  it('unknown type is fatal with a case fix', () => {
    const d = one('name = "g"\ntype = "HVM"\n', 'value/enum');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.claim?.printed, ['Invalid domain type HVM.']);
    assert.equal(fixes('name = "g"\ntype = "HVM"\n', 'value/enum'), 'name = "g"\ntype = "hvm"\n');
  });
  it('case-insensitive keys: hint', () => {
    const d = one(HVM + 'bios = "SeaBIOS"\n', 'value/enum');
    assert.equal(d.severity, 'hint');
    assert.equal(fixes(HVM + 'bios = "SeaBIOS"\n', 'value/enum'), HVM + 'bios = "seabios"\n');
  });
  it('on_crash is exact: error', () =>
    assert.equal(one(HVM + 'on_crash = "Restart"\n', 'value/enum').severity, 'error'));
  it('xm builder "linux" → type = "pv"', () => {
    const text = 'name = "g"\nbuilder = "linux"\nkernel = "/k"\n';
    assert.equal(one(text, 'value/enum').severity, 'error');
    assert.equal(fixes(text, 'value/enum'), 'name = "g"\ntype = "pv"\nkernel = "/k"\n');
  });
  it('tsc_mode integer: xl warns it is deprecated; fix to the word', () =>
    assert.equal(fixes(PV + 'tsc_mode = 2\n', 'value/enum-integer'), PV + 'tsc_mode = "native"\n'));
  it('PV firmware must be a prefix of pvgrub32/64', () => {
    assert.equal(one('name = "g"\nfirmware = "ovmf"\n', 'value/enum').severity, 'error');
    assert.match(one('name = "g"\nfirmware = "pvgrub"\n', 'value/enum').message, /pvgrub\.bin/);
  });
  it('viridian unknown group: error on the item', () => {
    const text = HVM + 'viridian = [ "base", "frek" ]\n';
    const d = one(text, 'value/enum');
    assert.equal(covered(text, d), '"frek"');
    assert.equal(d.severity, 'error');
  });
  it('valid values: silent', () =>
    none(
      HVM + 'bios = "ovmf"\non_crash = "restart"\nviridian = [ "defaults" ]\nfirmware = "/x/fw.bin"\nkeymap = "xx"\n',
      'value/enum',
    ));
  it('qemu-xen-traditional is refused from 4.21', () =>
    assert.match(
      one(HVM + 'device_model_version = "qemu-xen-traditional"\n', 'value/enum').message,
      /has no qemu-xen-traditional/,
    ));
});

describe('value/nested-list', () => {
  it('xl stops at the first nested list, without a word', () => {
    const text = HVM + 'disk = [ "/a,,xvda", [ "x" ], "/b,,xvdb" ]\n';
    const d = one(text, 'value/nested-list');
    assert.equal(covered(text, d), '[ "x" ]');
    assert.equal(d.claim?.effect, 'silent');
  });
  it('fatal for xenstore_quota', () =>
    assert.equal(one(HVM + 'xenstore_quota = [ [ "a=1" ] ]\n', 'value/nested-list').severity, 'error'));
  it('a nested viridian item crashes xl', () =>
    assert.equal(one(HVM + 'viridian = [ [ "x" ] ]\n', 'value/nested-list').claim?.effect, 'crash'));
  it('flat lists are fine', () => none(HVM + 'disk = [ "/a,,xvda" ]\n', 'value/nested-list'));
});

describe('values of keys xl does not read', () => {
  it('a bad bios on PV is not checked', () => assert.equal(only(check(PV + 'bios = "x"\n'), 'value/').length, 0));
});

describe('version-dependent values', () => {
  it('qemu-xen-traditional is accepted by an older xl', () =>
    none(HVM + 'device_model_version = "qemu-xen-traditional"\n', 'value/enum', { xenVersion: '4.17' }));
  it('builder "linux" worked before 4.10', () =>
    none('name = "g"\nbuilder = "linux"\nkernel = "/k"\n', 'value/enum', { xenVersion: '4.4' }));
});
