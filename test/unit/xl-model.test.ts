// The xl stage on its own: what xl reads, builds and prints, release by release. 4.17 and 4.20
// are proven against the real xl by test/differential; these pin what the other releases change
// (from the Xen source, commits cited in server/src/xl/) and the model's own contracts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { domainConfigJson } from '../../server/src/libxl/json';
import { parse } from '../../server/src/syntax/parser';
import { parseConfigData, type XlResult } from '../../server/src/xl/parseConfigData';

function xl(text: string, xenVersion = '4.22', host = {}): XlResult {
  return parseConfigData(parse(text), { xenVersion, arch: 'x86', host, proposed: false });
}

function json(r: XlResult): any {
  return domainConfigJson(r.config, r.release);
}

const PV = 'name = "g"\nkernel = "/k"\n';
const HVM = 'name = "g"\ntype = "hvm"\n';

describe('xl model: releases', () => {
  it('targets older than 4.17 run 4.17, newer or unknown ones the newest', () => {
    assert.equal(xl(PV, '4.13').release, '4.17');
    assert.equal(xl(PV, '4.13').target, '4.13');
    assert.equal(xl(PV, '4.20').release, '4.20');
    assert.equal(xl(PV, 'nonsense').release, '4.22');
  });
  it('4.22 makes fewer than one vCPU into one and always sets avail_vcpus', () => {
    assert.deepEqual(json(xl(PV + 'vcpus = 0\n')).b_info.avail_vcpus, [0]);
    assert.equal(json(xl(PV + 'vcpus = 0\n', '4.21')).b_info.avail_vcpus, undefined);
    assert.deepEqual(json(xl(PV)).b_info.avail_vcpus, [0]);
    assert.equal(json(xl(PV, '4.20')).b_info.max_vcpus, undefined);
  });
  it('keys of 4.21 and 4.22 are read only from their release', () => {
    const text = HVM + 'xenstore_feature_mask = 3\naltp2m_count = 7\nxen_platform_pci_bar_uc = 1\ntrap_unmapped_accesses = 0\nxenstore_quota = [ "nodes=10" ]\n';
    for (const key of ['xenstore_feature_mask', 'altp2m_count', 'xen_platform_pci_bar_uc', 'trap_unmapped_accesses']) {
      assert.ok(xl(text, '4.21').reads.has(key), `${key} in 4.21`);
      assert.ok(!xl(text, '4.20').reads.has(key), `${key} not in 4.20`);
    }
    assert.ok(xl(text, '4.22').reads.has('xenstore_quota'));
    assert.ok(!xl(text, '4.21').reads.has('xenstore_quota'));
    const b = json(xl(text, '4.21')).b_info;
    assert.equal(b.xenstore_feature_mask, 3);
    assert.equal(b.altp2m_count, 7);
    assert.equal(b['type.hvm'].xen_platform_pci_bar_uc, 'True');
  });
  it('altp2m_count must fit in 16 bits (4.21)', () => {
    const r = xl(HVM + 'altp2m_count = 70000\n', '4.21');
    assert.equal(r.accepted, false);
    assert.deepEqual(r.reports[0].printed.map((p) => p.text), ['ERROR: invalid value 70000 for "altp2m_count"']);
  });
  it('qemu-xen-traditional is a device model up to 4.20 and unknown from 4.21 (commit 19ab8356ab)', () => {
    const text = HVM + 'device_model_version = "qemu-xen-traditional"\n';
    assert.equal(json(xl(text, '4.20')).b_info.device_model_version, 'qemu_xen_traditional');
    const r = xl(text, '4.21');
    assert.equal(r.accepted, false);
    assert.deepEqual(r.reports[0].printed.map((p) => p.text), ['Unknown device_model_version "qemu-xen-traditional" specified']);
    assert.doesNotMatch(r.reports[0].message, /no longer/);
  });
  it('4.17 prints the tsc_mode string it read; 4.19 dropped that line', () => {
    const text = PV + 'tsc_mode = "native"\n';
    assert.deepEqual(xl(text, '4.17').reports.map((r) => r.printed[0]?.text), ['got a tsc mode string: "native"']);
    assert.deepEqual(xl(text, '4.19').reports, []);
  });
  it('hvm_pirq from 4.19, smbios and bootloader_user from 4.18', () => {
    assert.ok(!xl(HVM + 'hvm_pirq = 1\n', '4.18').reads.has('hvm_pirq'));
    assert.ok(xl(HVM + 'hvm_pirq = 1\n', '4.19').reads.has('hvm_pirq'));
    assert.ok(!xl(PV + 'bootloader_user = "u"\n', '4.17').reads.has('bootloader_user'));
    assert.equal(json(xl(PV + 'bootloader_user = "u"\n', '4.18')).b_info.bootloader_user, 'u');
  });
});

describe('xl model: what xl reads and prints', () => {
  it('keys of other guest types are never looked up', () => {
    const r = xl(PV + 'bios = "ovmf"\npvshim = 1\n');
    assert.ok(!r.reads.has('bios'));
    assert.ok(!r.reads.has('pvshim'));
    assert.ok(xl(HVM + 'bios = "ovmf"\n').reads.has('bios'));
  });
  it('libxlu warnings carry the line the value starts on', () => {
    const r = xl(HVM + 'acpi = \\n"yes"\n'.replace('\\n', ''));
    assert.deepEqual(r.reports[0].printed, [{ text: "warning: parameter `acpi' is not a valid number", line: 3 }]);
  });
  it('a refusal stops xl: later reports are marked, and the domain is not accepted', () => {
    const r = xl('name = "g"\ntype = "xyz"\nacpi = "yes"\n');
    assert.equal(r.accepted, false);
    assert.equal(r.reports[0].effect, 'refusal');
    assert.ok(r.reports.slice(1).every((x) => x.afterExit));
  });
  it('PV with top-level vnc gets a framebuffer and a keyboard', () => {
    const c = json(xl(PV + 'vnc = 1\nvnclisten = "0.0.0.0"\nkeymap = "de"\n'));
    assert.deepEqual(c.vfbs, [{ devid: 0, vnc: { enable: 'True', listen: '0.0.0.0' }, sdl: {}, keymap: 'de' }]);
    assert.deepEqual(c.vkbs, [{ devid: 0 }]);
  });
  it('rdm is stored for every guest type; on PV the pci policy then reads the zeroed union: strict', () => {
    assert.ok(xl(PV + 'rdm = "strategy=host"\n').reads.has('rdm'));
  });
  it('cmdline wins over root and extra, with one warning', () => {
    const r = xl(PV + 'cmdline = "ro"\nroot = "/dev/xvda1"\nextra = "quiet"\n');
    assert.equal(json(r).b_info.cmdline, 'ro');
    assert.equal(new Set(r.reports.flatMap((x) => x.printed.map((p) => p.text))).size, 1);
    assert.equal(json(xl(PV + 'root = "/dev/xvda1"\nextra = "quiet"\n')).b_info.cmdline, 'root=/dev/xvda1 quiet');
  });
  it('firmware on PV names pvgrub by prefix, in Debian\'s firmware directory', () => {
    assert.equal(json(xl('name = "g"\nfirmware = "pvgrub64"\n', '4.20')).b_info.kernel, '/usr/lib/xen-4.20/boot/pvgrub64.bin');
    assert.equal(xl('name = "g"\nfirmware = "grub"\n').accepted, false);
  });
  it('ms_vm_genid = "generate" is random: printed as unknown', () => {
    assert.equal(json(xl(HVM + 'ms_vm_genid = "generate"\n')).b_info['type.hvm'].ms_vm_genid, null);
  });
  it('64-bit values survive: memory = -1 is 2^64 - 1024 KiB', () => {
    assert.equal(json(xl(PV + 'memory = "-1"\n')).b_info.target_memkb, 18446744073709550592n);
  });
});
