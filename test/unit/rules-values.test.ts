import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check, covered, fixes, none, one, only } from './helpers';

const HVM = 'name = "g"\ntype = "hvm"\n';
const PV = 'name = "g"\nkernel = "/k"\n';

describe('value/boolean', () => {
  it('"true" → 1, "off" → 0 (preferred fix)', () => {
    const text = HVM + 'acpi = "true"\n';
    const d = one(text, 'value/boolean');
    assert.equal(d.severity, 'warning');
    assert.equal(covered(text, d), '"true"');
    assert.match(d.message, /not a valid number.*default/);
    assert.equal(d.fixes![0].preferred, true);
    assert.equal(fixes(text, 'value/boolean'), HVM + 'acpi = 1\n');
    assert.equal(fixes(HVM + 'hpet = "off"\n', 'value/boolean'), HVM + 'hpet = 0\n');
  });
  it('other words: no fix', () => assert.equal(one(HVM + 'acpi = "maybe"\n', 'value/boolean').fixes, undefined));
  it('integers are fine', () => none(HVM + 'acpi = 1\nhpet = 0\napic = 2\n', 'value/boolean'));
  it('viridian word → 1', () => assert.equal(fixes(HVM + 'viridian = "yes"\n', 'value/boolean'), HVM + 'viridian = 1\n'));
});

describe('value/integer', () => {
  it('08 is not a number (octal); fix to 8', () => {
    const text = HVM + 'vcpus = "08"\n';
    const d = one(text, 'value/integer');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /octal/);
    assert.equal(fixes(text, 'value/integer'), HVM + 'vcpus = 8\n');
  });
  it('010 is read as 8: hint', () => {
    const d = one(HVM + 'vcpus = 010\n', 'value/integer');
    assert.equal(d.severity, 'hint');
    assert.match(d.message, /as 8/);
    assert.equal(fixes(HVM + 'vcpus = 010\n', 'value/integer', /decimal/), HVM + 'vcpus = 10\n');
  });
  it('junk is reported, hex and plain numbers are not', () => {
    one(HVM + 'vcpus = "2 cpus"\n', 'value/integer');
    none(HVM + 'vcpus = 0x10\nmemory = 1024\nmaxvcpus = "4"\n', 'value/integer');
  });
  it('is an error for the grant keys (xl exits)', () => assert.equal(one(HVM + 'max_grant_frames = "x"\n', 'value/integer').severity, 'error'));
});

describe('value/unit', () => {
  it('"512M" → 512, "2G" → 2048 (memory in MiB)', () => {
    const text = HVM + 'memory = "512M"\n';
    const d = one(text, 'value/unit');
    assert.match(d.message, /no units.*MiB/);
    assert.equal(fixes(text, 'value/unit'), HVM + 'memory = 512\n');
    assert.equal(fixes(HVM + 'maxmem = "2G"\n', 'value/unit'), HVM + 'maxmem = 2048\n');
    assert.equal(fixes(HVM + 'memory = "1GiB"\n', 'value/unit'), HVM + 'memory = 1024\n');
  });
  it('KiB keys convert to KiB', () => assert.equal(fixes(HVM + 'vmtrace_buf_kb = "1M"\n', 'value/unit'), HVM + 'vmtrace_buf_kb = 1024\n'));
  it('no fix when not whole', () => assert.equal(one(HVM + 'memory = "100K"\n', 'value/unit').fixes, undefined));
  it('silent for plain numbers', () => none(HVM + 'memory = 512\n', 'value/unit'));
});

describe('value/range', () => {
  it('enforced bounds are errors', () => {
    const d = one(HVM + 'mmio_hole = 100\n', 'value/range');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /256\.\.3840/);
  });
  it('documented bounds are warnings', () => {
    const d = one(HVM + 'cpu_weight = 70000\n', 'value/range');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /documented, not enforced/);
  });
  it('vcpus 0 becomes 1', () => assert.match(one(HVM + 'vcpus = 0\n', 'value/range').message, /1 silently/));
  it('tsc_mode integer outside 0..3 is fatal', () => assert.equal(one(PV + 'tsc_mode = 7\n', 'value/range').severity, 'error'));
  it('in range: silent', () => none(HVM + 'mmio_hole = 1024\ncpu_weight = 512\n', 'value/range'));
});

describe('value/append-numeric', () => {
  it('+= on memory: fix to =', () => {
    const text = HVM + 'memory += 512\n';
    const d = one(text, 'value/append-numeric');
    assert.equal(covered(text, d), '+=');
    assert.match(d.message, /can't use \+= with numbers/);
    assert.equal(fixes(text, 'value/append-numeric'), HVM + 'memory = 512\n');
  });
  it('+= on strings is fine', () => none(PV + 'cmdline = "a"\ncmdline += " b"\n', 'value/append-numeric'));
});

describe('value/list-expected', () => {
  it('a device list as a string: no devices; wrap in [ ]', () => {
    const text = HVM + 'disk = "/img,,xvda"\n';
    const d = one(text, 'value/list-expected');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /creates no devices/);
    assert.equal(fixes(text, 'value/list-expected'), HVM + 'disk = [ "/img,,xvda" ]\n');
  });
  it('fatal for smbios', () => assert.equal(one(HVM + 'smbios = "bios_vendor=x"\n', 'value/list-expected').severity, 'error'));
  it('bootloader_args as a string: split into a list', () => {
    assert.equal(fixes('name = "g"\nbootloader = "pygrub"\nbootloader_args = "-q --entry=1"\n', 'value/list-expected'), 'name = "g"\nbootloader = "pygrub"\nbootloader_args = [ "-q", "--entry=1" ]\n');
  });
  it('vnuma item that is not a list is fatal', () => assert.equal(one(HVM + 'vnuma = [ "size=512" ]\n', 'value/list-expected').severity, 'error'));
  it('lists are fine', () => none(HVM + 'disk = [ "/img,,xvda" ]\n', 'value/list-expected'));
});

describe('value/string-expected', () => {
  it('a list for kernel: unwrap a single item', () => {
    const text = PV + 'ramdisk = [ "/i" ]\n';
    const d = one(text, 'value/string-expected');
    assert.equal(d.severity, 'warning');
    assert.equal(fixes(text, 'value/string-expected'), PV + 'ramdisk = "/i"\n');
  });
  it('a list for name is fatal', () => assert.equal(one('name = [ "g" ]\nkernel = "/k"\n', 'value/string-expected').severity, 'error'));
  it('numbers as lists', () => { one(HVM + 'memory = [ 1 ]\n', 'value/string-expected'); });
});

describe('value/enum', () => {
  it('empty type is HVM (information)', () => {
    const d = one('name = "g"\ntype = ""\n', 'value/enum');
    assert.equal(d.severity, 'information');
    assert.match(d.message, /empty `type` is read as hvm/);
    assert.equal(fixes('name = "g"\ntype = ""\n', 'value/enum'), 'name = "g"\ntype = "hvm"\n');
  });
  it('type = "h" is read as hvm', () => assert.match(one('name = "g"\ntype = "h"\n', 'value/enum').message, /reads `h` as hvm/));
  it('unknown type is fatal with a case fix', () => {
    const d = one('name = "g"\ntype = "HVM"\n', 'value/enum');
    assert.equal(d.severity, 'error');
    assert.equal(fixes('name = "g"\ntype = "HVM"\n', 'value/enum'), 'name = "g"\ntype = "hvm"\n');
  });
  it('case-insensitive keys: hint', () => {
    const d = one(HVM + 'bios = "SeaBIOS"\n', 'value/enum');
    assert.equal(d.severity, 'hint');
    assert.equal(fixes(HVM + 'bios = "SeaBIOS"\n', 'value/enum'), HVM + 'bios = "seabios"\n');
  });
  it('on_crash is exact: error', () => assert.equal(one(HVM + 'on_crash = "Restart"\n', 'value/enum').severity, 'error'));
  it('xm builder "linux" → type = "pv"', () => {
    const text = 'name = "g"\nbuilder = "linux"\nkernel = "/k"\n';
    assert.equal(one(text, 'value/enum').severity, 'error');
    const out = fixes(text, 'value/enum');
    assert.equal(out, 'name = "g"\ntype = "pv"\nkernel = "/k"\n');
  });
  it('tsc_mode integer: deprecated, fix to the word', () => assert.equal(fixes(PV + 'tsc_mode = 2\n', 'value/enum'), PV + 'tsc_mode = "native"\n'));
  it('native_paravirt is refused by libxl', () => assert.equal(one(PV + 'tsc_mode = "native_paravirt"\n', 'value/enum').severity, 'error'));
  it('PV firmware must be pvgrub', () => {
    assert.equal(one('name = "g"\nfirmware = "ovmf"\n', 'value/enum').severity, 'error');
    assert.match(one('name = "g"\nfirmware = "pvgrub"\n', 'value/enum').message, /pvgrub32/);
  });
  it('viridian unknown group: error', () => {
    const text = HVM + 'viridian = [ "base", "frek" ]\n';
    const d = one(text, 'value/enum');
    assert.equal(covered(text, d), '"frek"');
  });
  it('valid values: silent', () => none(HVM + 'bios = "ovmf"\non_crash = "restart"\nviridian = [ "defaults" ]\nfirmware = "/x/fw.bin"\nkeymap = "xx"\n', 'value/enum'));
  it('qemu-xen-traditional is fatal', () => assert.match(one(HVM + 'device_model_version = "qemu-xen-traditional"\n', 'value/enum').message, /no longer supported/));
});

describe('value/nested-list', () => {
  it('xl stops at the first nested list', () => {
    const text = HVM + 'disk = [ "/a,,xvda", [ "x" ], "/b,,xvdb" ]\n';
    const d = one(text, 'value/nested-list');
    assert.equal(covered(text, d), '[ "x" ], "/b,,xvdb"');
    assert.match(d.message, /item 1.*1 item/);
  });
  it('fatal for xenstore_quota', () => assert.equal(one(HVM + 'xenstore_quota = [ [ "a=1" ] ]\n', 'value/nested-list').severity, 'error'));
  it('flat lists are fine', () => none(HVM + 'disk = [ "/a,,xvda" ]\n', 'value/nested-list'));
});

describe('values of keys xl does not read', () => {
  it('a bad bios on PV is not checked', () => assert.equal(only(check(PV + 'bios = "x"\n'), 'value/').length, 0));
});

describe('version-dependent values', () => {
  it('qemu-xen-traditional is accepted by an older xl', () => none(HVM + 'device_model_version = "qemu-xen-traditional"\n', 'value/enum', { xenVersion: '4.17' }));
  it('builder "linux" worked before 4.10', () => none('name = "g"\nbuilder = "linux"\nkernel = "/k"\n', 'value/enum', { xenVersion: '4.4' }));
});
