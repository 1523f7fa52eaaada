// The force-x2apic/* rules: each firing and not firing, every fix applied and re-parsed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import type { Diagnostic } from '../../server/src/diagnostic';
import { defaultOptions, type XlcfgOptions } from '../../server/src/options';
import { parse } from '../../server/src/syntax/parser';
import { simulateDocument } from '../../server/src/features/simulation';
import { applyFix } from './helpers';

const intel: Partial<XlcfgOptions> = { hostCpu: 'intel', hostCpuOrigin: 'test' };
const amd: Partial<XlcfgOptions> = { hostCpu: 'amd', hostCpuOrigin: 'test' };

function fx(text: string, opts: Partial<XlcfgOptions> = intel): Diagnostic[] {
  return checkText(text, defaultOptions(opts)).diagnostics.filter((d) => d.code.startsWith('force-x2apic/'));
}
const ids = (text: string, opts?: Partial<XlcfgOptions>) =>
  fx(text, opts)
    .map((d) => d.code)
    .sort();

const PVH_LINUX = 'name = "a"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nvcpus = 2\n';
const HVM = 'name = "a"\ntype = "hvm"\nvcpus = 2\n';

test('nothing fires when the flag is absent or 0', () => {
  for (const base of [PVH_LINUX, HVM, 'name = "a"\nkernel = "/k"\n']) {
    assert.deepEqual(ids(base, amd), [], base);
    assert.deepEqual(ids(base + 'force_x2apic = 0\n', amd), [], base);
  }
});

test('PVH Linux on Intel: only the advertisement note (design rfc); nothing under xapic-disable-status', () => {
  const ds = fx(PVH_LINUX + 'force_x2apic = 1\n');
  assert.deepEqual(
    ds.map((d) => d.code),
    ['force-x2apic/intel-advertise'],
  );
  assert.equal(ds[0].severity, 'information');
  assert.match(ds[0].message, /locked in x2APIC mode \(design rfc\)/);
  assert.deepEqual(ds[0].range, { start: { line: 4, character: 0 }, end: { line: 4, character: 12 } });
  assert.deepEqual(
    ids(PVH_LINUX + 'force_x2apic = 1\n', { ...intel, design: 'xapic-disable-status', designOrigin: 'test' }),
    [],
  );
  assert.deepEqual(ids('# xlcfg: design=xapic-disable-status\n' + PVH_LINUX + 'force_x2apic = 1\n'), []);
  // AMD: nothing to advertise under either design.
  assert.deepEqual(ids('# xlcfg: design=xapic-disable-status\n' + PVH_LINUX + 'force_x2apic = 1\n', amd), [
    'force-x2apic/amd',
  ]);
  assert.match(
    fx('# xlcfg: design=xapic-disable-status\n' + PVH_LINUX + 'force_x2apic = 1\n', amd)[0].message,
    /xapic-disable-status acts as rfc/,
  );
});

test('pv: the flag does nothing on PV (and nothing else fires)', () => {
  assert.deepEqual(ids('name = "a"\nkernel = "/k"\nforce_x2apic = 1\n', amd), ['force-x2apic/pv']);
  assert.deepEqual(ids('name = "a"\ntype = "pv"\nkernel = "/k"\nforce_x2apic = 1\n'), ['force-x2apic/pv']);
});

test('seabios: HVM default firmware, and explicit bios = "seabios"', () => {
  assert.deepEqual(ids(HVM + 'force_x2apic = 1\n'), ['force-x2apic/intel-advertise', 'force-x2apic/seabios']);
  assert.ok(ids(HVM + 'bios = "SeaBIOS"\nforce_x2apic = 1\n').includes('force-x2apic/seabios'));
  assert.ok(!ids(HVM + 'bios = "ovmf"\nforce_x2apic = 1\n').includes('force-x2apic/seabios'));
});

test('rombios and ovmf', () => {
  assert.ok(ids(HVM + 'bios = "rombios"\nforce_x2apic = 1\n').includes('force-x2apic/rombios'));
  const ovmf = fx(HVM + 'firmware = "uefi"\nforce_x2apic = 1\n').find((d) => d.code === 'force-x2apic/ovmf');
  assert.ok(ovmf);
  assert.match(ovmf!.message, /not established/);
  assert.ok(
    ids('name = "a"\ntype = "pvh"\nkernel = "/usr/lib/xen/boot/ovmf.bin"\nforce_x2apic = 1\n').includes(
      'force-x2apic/ovmf',
    ),
  );
});

test('netbsd: from a directive, a flag, or a kernel name', () => {
  assert.ok(ids('# xlcfg: guest-os=netbsd\n' + PVH_LINUX + 'force_x2apic = 1\n').includes('force-x2apic/netbsd'));
  assert.ok(ids(PVH_LINUX + 'force_x2apic = 1\n', { ...intel, guestOs: 'netbsd' }).includes('force-x2apic/netbsd'));
  assert.ok(
    ids('name = "a"\ntype = "pvh"\nkernel = "/srv/netbsd-XEN3_DOMU"\nforce_x2apic = 1\n').includes(
      'force-x2apic/netbsd',
    ),
  );
  assert.ok(!ids(PVH_LINUX + 'force_x2apic = 1\n').includes('force-x2apic/netbsd'));
});

test('nox2apic (and nopv on HVM only) in the kernel command line', () => {
  const text = PVH_LINUX + 'cmdline = "console=hvc0 nox2apic quiet"\nforce_x2apic = 1\n';
  const d = fx(text).find((x) => x.code === 'force-x2apic/nox2apic')!;
  assert.deepEqual(d.range, { start: { line: 4, character: 24 }, end: { line: 4, character: 32 } });
  const fixed = applyFix(text, d.fixes!.find((f) => f.preferred)!);
  assert.match(fixed, /cmdline = "console=hvc0 quiet"/);
  assert.deepEqual(ids(fixed), ['force-x2apic/intel-advertise']);
  // On HVM the simulated boot stops in SeaBIOS before Linux runs: the rules report that, not nopv.
  assert.deepEqual(ids(HVM + 'kernel = "/k"\nextra = "nopv"\nforce_x2apic = 1\n'), [
    'force-x2apic/intel-advertise',
    'force-x2apic/seabios',
  ]);
  assert.ok(!ids(PVH_LINUX + 'extra = "nopv"\nforce_x2apic = 1\n').includes('force-x2apic/nox2apic'));
  // With the lock advertised (Intel, xapic-disable-status) Linux keeps x2APIC: nothing to report.
  assert.deepEqual(ids('# xlcfg: design=xapic-disable-status\n' + text), []);
  assert.ok(ids('# xlcfg: design=xapic-disable-status\n' + text, amd).includes('force-x2apic/nox2apic'));
  // A kernel without x2apic_hw_locked faults whatever the design.
  assert.ok(ids('# xlcfg: design=xapic-disable-status linux-version=5.15\n' + text).includes('force-x2apic/nox2apic'));
  // cmdline wins over extra: xl ignores extra then.
  assert.ok(
    !ids(PVH_LINUX + 'cmdline = "quiet"\nextra = "nox2apic"\nforce_x2apic = 1\n').includes('force-x2apic/nox2apic'),
  );
});

test('amd host instead of the Intel advertisement note', () => {
  assert.deepEqual(ids(PVH_LINUX + 'force_x2apic = 1\n', amd), ['force-x2apic/amd']);
  assert.deepEqual(ids('# xlcfg: host-cpu=amd\n' + PVH_LINUX + 'force_x2apic = 1\n'), ['force-x2apic/amd']);
  // An explicit --host-cpu beats the directive.
  assert.deepEqual(
    ids('# xlcfg: host-cpu=amd\n' + PVH_LINUX + 'force_x2apic = 1\n', {
      hostCpu: 'intel',
      hostCpuOrigin: '--host-cpu intel',
    }),
    ['force-x2apic/intel-advertise'],
  );
});

test('cpuid hiding x2APIC: a warning (xl accepts it), in both cpuid forms', () => {
  const text = PVH_LINUX + 'cpuid = "host,x2apic=0"\nforce_x2apic = 1\n';
  const d = fx(text).find((x) => x.code === 'force-x2apic/cpuid-x2apic-hidden')!;
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 22 } });
  const fixed = applyFix(text, d.fixes!.find((f) => f.preferred)!);
  assert.match(fixed, /cpuid = "host"/);
  assert.ok(!ids(fixed).includes('force-x2apic/cpuid-x2apic-hidden'));
  const xend = PVH_LINUX + "cpuid = [ '1:ecx=xxxxxxxxxx0xxxxxxxxxxxxxxxxxxxxx' ]\nforce_x2apic = 1\n";
  assert.ok(ids(xend).includes('force-x2apic/cpuid-x2apic-hidden'));
  assert.ok(
    !ids(PVH_LINUX + 'cpuid = "host,x2apic=1"\nforce_x2apic = 1\n').includes('force-x2apic/cpuid-x2apic-hidden'),
  );
});

test('value: words, lists and += leave the flag off; nothing else fires', () => {
  const word = PVH_LINUX + 'force_x2apic = "true"\n';
  const ds = fx(word, amd);
  assert.deepEqual(
    ds.map((d) => d.code),
    ['force-x2apic/value'],
  );
  assert.deepEqual(ds[0].range, { start: { line: 4, character: 15 }, end: { line: 4, character: 21 } });
  const fixed = applyFix(word, ds[0].fixes!.find((f) => f.preferred)!);
  assert.equal(fixed, PVH_LINUX + 'force_x2apic = 1\n');
  assert.deepEqual(ids(fixed, amd), ['force-x2apic/amd']);
  const plus = PVH_LINUX + 'force_x2apic += 1\n';
  const p = fx(plus, amd);
  assert.deepEqual(
    p.map((d) => d.code),
    ['force-x2apic/value'],
  );
  assert.equal(applyFix(plus, p[0].fixes!.find((f) => f.preferred)!), PVH_LINUX + 'force_x2apic = 1\n');
  assert.deepEqual(ids(PVH_LINUX + 'force_x2apic = [1]\n', amd), ['force-x2apic/value']);
  assert.deepEqual(ids(PVH_LINUX + 'force_x2apic = "2"\n', amd), ['force-x2apic/amd']);
});

test('every fix of every force-x2apic diagnostic re-parses and removes that diagnostic', () => {
  const configs = [
    HVM + 'force_x2apic = 1\n',
    HVM + 'bios = "rombios"\nforce_x2apic = 1\n',
    HVM + 'bios = "ovmf"\nforce_x2apic = 1\n',
    '# xlcfg: guest-os=netbsd\n' + PVH_LINUX + 'force_x2apic = 1\n',
    PVH_LINUX + 'extra = "nox2apic"\nforce_x2apic = 1\n',
    PVH_LINUX + 'cpuid = "host,x2apic=0,avx=1"\nforce_x2apic = 1\n',
    'name = "a"\nkernel = "/k"\nforce_x2apic = 1 # on\n',
    '# xlcfg: guest-os=linux\nname = "a"\ntype = "hvm"\nkernel = "/vmlinuz"\nforce_x2apic = 1\n',
  ];
  let applied = 0;
  for (const text of configs) {
    for (const opts of [intel, amd]) {
      for (const d of fx(text, opts)) {
        for (const fix of d.fixes ?? []) {
          const after = applyFix(text, fix);
          assert.ok(parse(after).ok, `${fix.title} keeps ${JSON.stringify(text)} parseable`);
          const left = fx(after, opts).filter((x) => x.code === d.code && x.range.start.line === d.range.start.line);
          assert.equal(
            left.length,
            0,
            `${fix.title} removes ${d.code} from ${JSON.stringify(text)} -> ${JSON.stringify(after)}`,
          );
          applied++;
        }
      }
    }
  }
  assert.ok(applied > 20);
});

test('the command line xl builds: += pieces, a list cmdline, root=, and words after --', () => {
  // The word sits in a `+=` piece: the fix removes it there, never the key.
  const plus = PVH_LINUX + 'extra = "quiet"\nextra += " nox2apic"\nforce_x2apic = 1\n';
  const d = fx(plus).find((x) => x.code === 'force-x2apic/nox2apic')!;
  assert.deepEqual(d.range, { start: { line: 5, character: 11 }, end: { line: 5, character: 19 } });
  const fixed = applyFix(plus, d.fixes!.find((f) => f.preferred)!);
  assert.match(fixed, /extra \+= ""/);
  assert.ok(parse(fixed).ok);
  // A word spread over two pieces has no single place: the diagnostic points at the key, no word fix.
  const split = PVH_LINUX + 'extra = "quiet nox"\nextra += "2apic"\nforce_x2apic = 1\n';
  const s = fx(split).find((x) => x.code === 'force-x2apic/nox2apic')!;
  assert.ok(s.fixes!.every((f) => !/Remove `/.test(f.title) || /force_x2apic/.test(f.title)));
  // xl cannot read a list as cmdline and builds the line from root/extra instead.
  assert.ok(
    ids(PVH_LINUX + 'cmdline = ["a"]\nextra = "nox2apic"\nforce_x2apic = 1\n').includes('force-x2apic/nox2apic'),
  );
  // root's first word becomes "root=nox2apic": not the parameter.
  assert.ok(!ids(PVH_LINUX + 'root = "nox2apic"\nforce_x2apic = 1\n').includes('force-x2apic/nox2apic'));
  assert.ok(ids(PVH_LINUX + 'root = "/dev/xvda1 nox2apic"\nforce_x2apic = 1\n').includes('force-x2apic/nox2apic'));
  // After a lone `--` the words go to init.
  assert.ok(
    !ids(PVH_LINUX + 'extra = "console=hvc0 -- nox2apic"\nforce_x2apic = 1\n').includes('force-x2apic/nox2apic'),
  );
});

test('firmware read after bios overrides it, as in xl_parse.c', () => {
  assert.ok(ids(HVM + 'bios = "seabios"\nfirmware = "uefi"\nforce_x2apic = 1\n').includes('force-x2apic/ovmf'));
  assert.ok(!ids(HVM + 'bios = "seabios"\nfirmware = "uefi"\nforce_x2apic = 1\n').includes('force-x2apic/seabios'));
  assert.ok(ids(HVM + 'bios = "ovmf"\nfirmware = "bios"\nforce_x2apic = 1\n').includes('force-x2apic/ovmf'));
});

test('nothing fires on Arm, where key/not-for-arch already explains the key', () => {
  assert.deepEqual(
    ids('# xlcfg: arch=arm\nname = "a"\nkernel = "/boot/Image"\ncpuid = "host,x2apic=0"\nforce_x2apic = 1\n'),
    [],
  );
});

test('PVH + PV-shim + x2apic=0: the rule and the simulation agree (the shim stays in xAPIC; not a boot)', () => {
  const text = 'name = "a"\ntype = "pvh"\npvshim = 1\nkernel = "/k"\ncpuid = "host,x2apic=0"\nforce_x2apic = 1\n';
  assert.ok(ids(text).includes('force-x2apic/cpuid-x2apic-hidden'));
  const r = checkText(text, defaultOptions(intel));
  const sim = simulateDocument(r);
  assert.notEqual(sim.boot.outcome, 'boots');
  assert.equal(sim.verdict?.kind, 'cpuid-x2apic-hidden');
});

test('force-x2apic/boot: a stop with no rule of its own (old hvmloader), an OS with no profile (information)', () => {
  const old = fx(HVM + 'force_x2apic = 1\n', { ...intel, xenVersion: '4.18' }).find(
    (d) => d.code === 'force-x2apic/boot',
  );
  assert.ok(old);
  assert.equal(old!.message, 'With force_x2apic the boot hangs in hvmloader');
  assert.equal(old!.severity, 'warning');
  const unknown = fx('name = "a"\ntype = "pvh"\nkernel = "/boot/kernel-6"\nforce_x2apic = 1\n').find(
    (d) => d.code === 'force-x2apic/boot',
  );
  assert.ok(unknown);
  assert.equal(unknown!.severity, 'information');
  assert.match(unknown!.message, /No profile for this guest OS/);
  // A stop that happens without the flag too is not the flag's: nothing reported.
  assert.deepEqual(ids('# xlcfg: guest-os=illumos\nname = "a"\ntype = "pvh"\nkernel = "/k"\nforce_x2apic = 1\n'), [
    'force-x2apic/intel-advertise',
  ]);
});

test('every force-x2apic message is one short line', () => {
  const configs = [
    HVM,
    HVM + 'bios = "rombios"\n',
    HVM + 'bios = "ovmf"\n',
    '# xlcfg: guest-os=netbsd\n' + PVH_LINUX,
    PVH_LINUX + 'extra = "nox2apic"\n',
    PVH_LINUX + 'cpuid = "host,x2apic=0"\n',
    'name = "a"\nkernel = "/k"\n',
    'name = "a"\ntype = "pvh"\nkernel = "/k"\n',
  ];
  let seen = 0;
  for (const c of configs) {
    for (const opts of [
      intel,
      amd,
      { ...intel, xenVersion: '4.18' },
      { hostCpu: 'auto' as const, hostCpuOrigin: 'test' },
    ]) {
      for (const d of fx(c + 'force_x2apic = 1\n', opts)) {
        assert.ok(d.message.length <= 100, d.message);
        assert.ok(!d.message.includes('\n'), d.message);
        assert.doesNotMatch(d.message, /\.c:|\(xen\/|arch\//, d.message);
        seen++;
      }
    }
  }
  assert.ok(seen > 20);
});

test('the switch-to-PVH fix is offered only when the simulation boots the same guest as PVH', () => {
  const hvmLinux = '# xlcfg: guest-os=linux\nname = "a"\ntype = "hvm"\nkernel = "/vmlinuz"\nforce_x2apic = 1\n';
  const titles = (text: string) =>
    fx(text)
      .find((d) => d.code === 'force-x2apic/seabios')!
      .fixes!.map((f) => f.title);
  assert.ok(titles(hvmLinux).some((t) => /Boot as PVH/.test(t)));
  assert.ok(
    !titles(hvmLinux + 'extra = "nox2apic"\n').some((t) => /Boot as PVH/.test(t)),
    'PVH Linux with nox2apic faults too',
  );
  assert.ok(
    titles('# xlcfg: design=xapic-disable-status\n' + hvmLinux + 'extra = "nox2apic"\n').some((t) =>
      /Boot as PVH/.test(t),
    ),
  );
});
