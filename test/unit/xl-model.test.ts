// The xl stage on its own: what xl reads, builds and prints, release by release. 4.17 and 4.20
// are proven against the real xl by test/differential; these pin what the other releases change
// (from the Xen source, commits cited in server/src/xl/) and the model's own contracts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { domainConfigJson, unknownPaths } from '../../server/src/libxl/json';
import { parse } from '../../server/src/syntax/parser';
import { parseConfigData, type XlResult } from '../../server/src/xl/parseConfigData';
import { formatPrinted } from '../../server/src/xl/report';
import { checkText } from '../../server/src/checks/check';
import { defaultOptions } from '../../server/src/options';

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
    const text =
      HVM +
      'xenstore_feature_mask = 3\naltp2m_count = 7\nxen_platform_pci_bar_uc = 1\ntrap_unmapped_accesses = 0\nxenstore_quota = [ "nodes=10" ]\n';
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
    assert.deepEqual(
      r.reports[0].printed.map((p) => p.text),
      ['ERROR: invalid value 70000 for "altp2m_count"'],
    );
  });
  it('qemu-xen-traditional is a device model up to 4.20 and unknown from 4.21 (commit 19ab8356ab)', () => {
    const text = HVM + 'device_model_version = "qemu-xen-traditional"\n';
    assert.equal(json(xl(text, '4.20')).b_info.device_model_version, 'qemu_xen_traditional');
    const r = xl(text, '4.21');
    assert.equal(r.accepted, false);
    assert.deepEqual(
      r.reports[0].printed.map((p) => p.text),
      ['Unknown device_model_version "qemu-xen-traditional" specified'],
    );
    assert.doesNotMatch(r.reports[0].message, /no longer/);
  });
  it('4.17 prints the tsc_mode string it read; 4.19 dropped that line', () => {
    const text = PV + 'tsc_mode = "native"\n';
    assert.deepEqual(
      xl(text, '4.17').reports.map((r) => r.printed[0]?.text),
      ['got a tsc mode string: "native"'],
    );
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
  it("firmware on PV names pvgrub by prefix, in Debian's firmware directory", () => {
    assert.equal(
      json(xl('name = "g"\nfirmware = "pvgrub64"\n', '4.20')).b_info.kernel,
      '/usr/lib/xen-4.20/boot/pvgrub64.bin',
    );
    assert.equal(xl('name = "g"\nfirmware = "grub"\n').accepted, false);
  });
  it('ms_vm_genid = "generate" is random: printed as unknown', () => {
    assert.equal(json(xl(HVM + 'ms_vm_genid = "generate"\n')).b_info['type.hvm'].ms_vm_genid, null);
  });
  it('64-bit values survive: memory = -1 is 2^64 - 1024 KiB', () => {
    assert.equal(json(xl(PV + 'memory = "-1"\n')).b_info.target_memkb, 18446744073709550592n);
  });
});

describe('xl model: printed lines as xl prints them', () => {
  const lines = (r: XlResult, source = 'g.cfg'): string[] =>
    r.reports.filter((x) => !x.afterExit).flatMap((x) => x.printed.map((p) => formatPrinted(p, source)));
  it('libxlu names the config, without a line, in disk and vif rate errors', () => {
    const disk = xl(HVM + "disk = [ 'qcow2:/data/win7x64.qcow2,,hda' ]\n", '4.20');
    assert.deepEqual(lines(disk), [
      "g.cfg: config parsing error in disk specification: unknown value for access: near `hda' in `qcow2:/data/win7x64.qcow2,,hda'",
    ]);
    const vif = xl(HVM + 'vif = [ "rate=10xb/s" ]\n', '4.20');
    assert.deepEqual(lines(vif), ["g.cfg: config parsing error in vif: invalid rate in `10xb/s'"]);
  });
  it('"value is not a list" carries the item\'s line and column 0, for vnuma and vsnd alike', () => {
    const vnuma = xl('name = "g"\nvnuma = [\n  "size=256, vcpus=0,2" ]\n', '4.17');
    assert.deepEqual(lines(vnuma), [
      'g.cfg:3:0: warning: value is not a list',
      'xl: cannot get vnode config option list',
    ]);
    const vsnd = xl(HVM + 'vsnd = [ [ "card" ],\n    "stream, unique-id=s1" ]\n', '4.20');
    assert.deepEqual(lines(vsnd), [
      'g.cfg:4:0: warning: value is not a list',
      'Failed to get vsnd card list: Invalid argument',
    ]);
  });
  it("a message libxlu leaves without a newline comes before the next line's prefix", () => {
    const r = xl(
      'name = "g"\ntype = "pvh"\nkernel = "/k"\nrdm = "policy=strictstrategy=host"\nextra = [ "x" ]\n',
      '4.20',
    );
    assert.deepEqual(lines(r), [
      "Unknown RDM policy: strictstrategy=hostg.cfg:5: warning: parameter `extra' is a list but should be a single value",
    ]);
  });
  it("xl's one cmdline warning for root and extra is one line, also after a message left open", () => {
    const r = xl(
      PV + 'rdm = "policy=relaxedstrategy=host"\ncmdline = "ro"\nroot = "/dev/xvda1"\nextra = "quiet"\n',
      '4.17',
    );
    assert.deepEqual(lines(r), [
      'Unknown RDM policy: relaxedstrategy=hostWarning: ignoring root= and extra= in favour of cmdline=',
    ]);
  });
  it("a negative vcpus: libxl's line, with its line number per release, before xl's", () => {
    for (const [release, n] of [
      ['4.17', 809],
      ['4.18', 810],
      ['4.20', 812],
    ] as const) {
      assert.deepEqual(lines(xl('name = "g"\nvcpus = "-1"\n', release)), [
        `libxl: error: libxl_utils.c:${n}:libxl_cpu_bitmap_alloc: invalid number of cpus provided`,
        'Unable to allocate cpumap',
      ]);
    }
  });
});

describe('xl model: 4.17 p9 shares inherit the fields of the ones before them', () => {
  const text =
    HVM + 'p9 = [ "tag=root, path=/srv, security_model=none, backend=0", "tag=b, backend=Domain-0", "path=/x" ]\n';
  it("4.17 accepts a share that sets only some fields, with the earlier ones' values", () => {
    const r = xl(text, '4.17');
    assert.equal(r.accepted, true);
    assert.deepEqual(json(r).p9s, [
      { tag: 'root', security_model: 'none', path: '/srv', backend_domname: '0' },
      { tag: 'b', security_model: 'none', path: '/srv', backend_domname: 'Domain-0' },
      { tag: 'b', security_model: 'none', path: '/x', backend_domname: 'Domain-0' },
    ]);
    assert.match(r.reports.find((x) => x.rule === 'spec/p9')!.message, /reuses `security_model=none`, `path=\/srv`/);
  });
  it('4.18 reads each share on its own: the second one misses fields', () => {
    const r = xl(text, '4.18');
    assert.equal(r.accepted, false);
    assert.deepEqual(
      r.reports[0].printed.map((p) => p.text),
      ['9pfs spec missing required field!'],
    );
  });
});

describe('qemu-xen-traditional: removed in 4.21 (commit 19ab8356ab), a device model before', () => {
  const text = HVM + 'device_model_version = "qemu-xen-traditional"\n';
  it('no diagnostic for 4.17 to 4.20 says it is gone, none says xl or libxl refuses it', () => {
    for (const xenVersion of ['4.13', '4.17', '4.18', '4.19', '4.20']) {
      const ds = checkText(text, defaultOptions({ xenVersion })).diagnostics;
      assert.deepEqual(
        ds.filter((d) => /no longer|removed|has no qemu/i.test(d.message)).map((d) => d.message),
        [],
        xenVersion,
      );
      assert.deepEqual(
        ds.filter((d) => d.severity === 'error').map((d) => d.code),
        [],
        xenVersion,
      );
    }
  });
  it('4.21 and later: xl refuses it, in words that name the release', () => {
    for (const xenVersion of ['4.21', '4.22']) {
      const d = checkText(text, defaultOptions({ xenVersion })).diagnostics.find((x) => x.severity === 'error');
      assert.match(d?.message ?? '', new RegExp(`Xen ${xenVersion.replace('.', '\\.')} has no qemu-xen-traditional`));
    }
  });
});

describe('xl model: a nested list in cpus or cpus_soft', () => {
  it('xl goes on reading and crashes only when it uses the array: an earlier refusal stops it first', () => {
    const refused = xl('name = "g"\ncpus_soft = [ ["nested"] ]\nvcpus = 4\n', '4.20');
    assert.deepEqual(
      refused.reports.map((r) => [r.effect, r.rule, r.afterExit ?? false]),
      [
        ['refusal', 'relation/no-kernel-or-bootloader', false],
        ['crash', 'value/nested-list', true],
      ],
    );
    const crashes = xl(PV + 'cpus = [ "1", ["nested"] ]\nvcpus = 2\n', '4.20');
    assert.equal(crashes.accepted, false);
    assert.deepEqual(
      crashes.reports.map((r) => [r.effect, r.rule]),
      [['crash', 'value/nested-list']],
    );
  });
});

describe('xl model: vCPU counts near INT_MAX', () => {
  const lines = (r: XlResult): string[] =>
    r.reports.filter((x) => !x.afterExit).flatMap((x) => x.printed.map((p) => p.text));
  it("within 7 of INT_MAX libxl_bitmap_alloc's size wraps: libxl exits (4.17) or aborts (4.18+)", () => {
    const fatal = 'libxl: FATAL ERROR: memory allocation failure (libxl__calloc, 1 x 18446744073441116161)';
    const expected = [`libxl: critical: libxl__calloc: ${fatal}`, ': Cannot allocate memory', fatal];
    const old = xl(PV + 'vcpus = 2147483647\n', '4.17');
    assert.deepEqual([old.reports[0].effect, lines(old)], ['refusal', expected]);
    const now = xl(PV + 'vcpus = 2147483647\n', '4.20');
    assert.deepEqual([now.reports[0].effect, lines(now)], ['crash', expected]);
  });
  it('a map too large to spell out is known by its size, and libxl refuses it at creation', () => {
    const r = checkText(PV + 'vcpus = 2147483640\ncpus = "1"\n', defaultOptions({ xenVersion: '4.20' }));
    assert.equal(r.xl.accepted, true);
    assert.equal(json(r.xl).b_info.avail_vcpus, null);
    assert.deepEqual(
      unknownPaths(r.xl.config).map((u) => u.path),
      ['b_info.avail_vcpus', 'b_info.vcpu_hard_affinity'],
    );
    assert.ok(r.diagnostics.some((d) => d.code === 'relation/vcpus-max' && /libxl refuses/.test(d.message)));
  });
});
