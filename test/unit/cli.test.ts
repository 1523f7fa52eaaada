// The CLI contract: parse/check/simulate outputs, formats, exit codes, unreadable files.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../server/src/cli/main';

function run(argv: string[], stdinFile?: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: stdinFile ?? 0,
  };
  const code = main(argv, io);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'xlcfg-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const good = join(dir, 'good.cfg');
const bad = join(dir, 'bad.cfg');
const warn = join(dir, 'warn.cfg');
writeFileSync(
  good,
  'name = "g"\ntype = "pvh"\nkernel = "/k"\nmemory = 512\nvcpus = 2\ndisk = [ "/img,raw,xvda,rw" ]\n',
);
writeFileSync(bad, 'name = "b"\nType = "pv"\nmemory = 12g\n');
writeFileSync(warn, 'name = "w"\ntype = "hvm"\nforce_x2apic = 1\n');
mkdirSync(join(dir, 'sub'));
writeFileSync(join(dir, 'sub', 'nested.cfg'), 'name = "n"\nkernel = "/k"\n');
writeFileSync(join(dir, 'sub', 'ignored.txt'), 'not a config');

test('parse prints one JSON array with ok, settings and diagnostics per file', () => {
  const r = run(['parse', '--format', 'json', good, bad]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.out);
  assert.equal(out.length, 2);
  assert.deepEqual(out[0], {
    file: good,
    ok: true,
    settings: { name: 'g', type: 'pvh', kernel: '/k', memory: '512', vcpus: '2', disk: ['/img,raw,xvda,rw'] },
    diagnostics: [],
  });
  assert.equal(out[1].ok, false);
  assert.deepEqual(
    out[1].diagnostics.map((d: any) => d.code),
    ['syntax/key-uppercase', 'syntax/number-suffix'],
  );
});

test('parse writes its output in pieces, never the whole of a large file at once', () => {
  const big = join(dir, 'big.parse.cfg');
  const lines = ['constructor = "c"'];
  for (let i = 0; i < 20_000; i++) lines.push(`key_${i} = [ "${i}", [ ${i} ] ]`);
  writeFileSync(big, lines.join('\n') + '\n');
  const pieces: string[] = [];
  const code = main(['parse', big, good], {
    stdout: { write: (s: string) => pieces.push(s) },
    stderr: { write: () => true },
    stdin: 0,
  });
  assert.equal(code, 0);
  assert.ok(pieces.length > 5, `${pieces.length} writes`);
  assert.ok(Math.max(...pieces.map((p) => p.length)) < 200_000);
  const text = pieces.join('');
  assert.ok(text.endsWith(']\n'));
  const out = JSON.parse(text);
  assert.equal(out.length, 2);
  const settings = out[0].settings;
  assert.deepEqual(Object.keys(settings).slice(0, 2), ['constructor', 'key_0']);
  assert.deepEqual(settings.key_19999, ['19999', ['19999']]);
  assert.equal(out[1].file, good);
});

test('parse of a valid file exits 0', () => {
  assert.equal(run(['parse', good]).code, 0);
});

test('check text: path:line:col: severity: message [rule-id], 1-based', () => {
  const r = run(['check', bad]);
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n');
  assert.match(
    lines[0],
    new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:1: error: .* \\[syntax/key-uppercase\\]$`),
  );
  assert.match(lines[1], /:3:10: error: .*\[syntax\/number-suffix\]$/);
});

test('check json: 0-based LSP ranges; exit 0 when only warnings', () => {
  const r = run(['check', '--format', 'json', '--host-cpu', 'amd', warn]);
  assert.equal(r.code, 0);
  const [file] = JSON.parse(r.out);
  assert.equal(file.file, warn);
  const d = file.diagnostics.find((x: any) => x.code === 'force-x2apic/amd');
  assert.deepEqual(d.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } });
  assert.equal(d.severity, 'warning');
});

test('check sarif is SARIF 2.1.0 with 1-based regions', () => {
  const r = run(['check', '--format', 'sarif', bad]);
  const sarif = JSON.parse(r.out);
  assert.equal(sarif.version, '2.1.0');
  const res = sarif.runs[0].results[0];
  assert.equal(res.ruleId, 'syntax/key-uppercase');
  assert.equal(res.locations[0].physicalLocation.region.startLine, 2);
  assert.equal(res.locations[0].physicalLocation.region.startColumn, 1);
});

test('directories are searched for *.cfg; unreadable paths exit 2 but others are still checked', () => {
  const r = run(['check', '--format', 'json', join(dir, 'sub'), join(dir, 'missing.cfg')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /missing\.cfg: no such file or directory/);
  const out = JSON.parse(r.out);
  assert.deepEqual(
    out.map((f: any) => f.file),
    [join(dir, 'sub', 'nested.cfg')],
  );
});

test('- reads standard input', () => {
  const r = run(['check', '--format', 'json', '-'], bad);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.out)[0].file, '-');
});

test('--rule changes severities and turns rules off', () => {
  const off = run(['check', '--format', 'json', '--rule', 'syntax/*=off', bad]);
  assert.equal(off.code, 0);
  assert.ok(!JSON.parse(off.out)[0].diagnostics.some((d: any) => d.code.startsWith('syntax/')));
  const up = run(['check', '--format', 'json', '--host-cpu', 'amd', '--rule', 'force-x2apic/amd=error', warn]);
  assert.equal(up.code, 1);
});

test('usage errors exit 2 with a message', () => {
  for (const argv of [
    ['frobnicate'],
    ['check'],
    ['check', '--format', 'xml', good],
    ['check', '--host-cpu', 'arm', good],
    ['check', '--rule', 'x=loud', good],
    ['check', '--bogus', good],
  ]) {
    const r = run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /xlcfg: /);
  }
});

test('simulate prints the contract object', () => {
  const r = run(['simulate', '--format', 'json', '--host-cpu', 'intel', '--guest-os', 'linux', warn]);
  assert.equal(r.code, 0);
  const s = JSON.parse(r.out);
  assert.equal(s.file, warn);
  assert.equal(s.applicable, true);
  assert.equal(s.forceX2apic, true);
  assert.equal(s.hostCpu, 'intel');
  assert.deepEqual(
    { type: s.guest.type, firmware: s.guest.firmware, os: s.guest.os },
    { type: 'hvm', firmware: 'seabios', os: 'linux' },
  );
  assert.deepEqual(s.vcpus[0], {
    ...s.vcpus[0],
    vcpu: 0,
    online: true,
    apicBase: '0xfee00d00',
    mode: 'x2apic',
    apicId: 0,
    ldr: '0x00000001',
  });
  assert.equal(s.boot.outcome, 'hangs');
  assert.equal(s.created, true);
  assert.deepEqual(s.refusals, []);
  // SeaBIOS waits for a tick that never comes: that wait is where the boot stops.
  assert.equal(s.boot.trace[s.boot.stoppedAt].op, 'wait-irq');
  assert.equal(s.boot.trace[s.boot.stoppedAt].stage, 'seabios');
  assert.ok(['high', 'medium', 'low'].includes(s.boot.confidence));
  assert.ok(Array.isArray(s.boot.trace));
  const text = run(['simulate', '--format', 'text', '--host-cpu', 'intel', warn]);
  assert.match(text.out, /IA32_APIC_BASE/);
  assert.match(text.out, /boot: hangs/);
});

// Issue 10: the simulation never runs a config that xl or libxl would refuse without saying so first.
const xlRefused = join(dir, 'xl-refused.cfg');
writeFileSync(xlRefused, 'name = "r"\ntype = "hvm"\nvcpus = 4\nmaxvcpus = 2\nforce_x2apic = 1\n');
const libxlRefused = join(dir, 'libxl-refused.cfg');
writeFileSync(
  libxlRefused,
  'name = "r"\ntype = "hvm"\nbios = "ovmf"\n' + 'device_model_version = "qemu-xen-traditional"\nforce_x2apic = 1\n',
);

test("simulate of a config xl refuses: created false, xl's words, the rule and the range; exit 1", () => {
  const r = run(['simulate', '--host-cpu', 'intel', xlRefused]);
  assert.equal(r.code, 1);
  const s = JSON.parse(r.out);
  assert.equal(s.created, false);
  assert.equal(s.refusals.length, 1);
  const [x] = s.refusals;
  const who = { by: x.by, effect: x.effect, rule: x.rule };
  assert.deepEqual(who, { by: 'xl', effect: 'refusal', rule: 'relation/maxvcpus-below-vcpus' });
  assert.ok(
    x.printed.some((p: string) => p.includes('maxvcpus < vcpus')),
    JSON.stringify(x.printed),
  );
  assert.deepEqual(x.range, { start: { line: 3, character: 11 }, end: { line: 3, character: 12 } });
  // What would happen if it were created is still there, below.
  assert.equal(s.boot.outcome, 'hangs');
});

test("simulate of a config libxl refuses at creation (Xen 4.20): libxl's words on the key it is about", () => {
  const s = JSON.parse(run(['simulate', '--xen-version', '4.20', '--host-cpu', 'intel', libxlRefused]).out);
  assert.equal(s.created, false);
  const [x] = s.refusals;
  const who = { by: x.by, effect: x.effect, rule: x.rule };
  assert.deepEqual(who, { by: 'libxl', effect: 'refusal', rule: 'relation/bios-device-model' });
  assert.deepEqual(x.printed, ['qemu-xen-traditional requires bios=rombios.']);
  assert.deepEqual(x.range.start, { line: 2, character: 7 });
  assert.equal(x.afterEarlierExit, undefined);
  // Xen 4.22's xl has no qemu-xen-traditional: xl refuses first, libxl is never reached.
  const later = JSON.parse(run(['simulate', '--xen-version', '4.22', '--host-cpu', 'intel', libxlRefused]).out);
  assert.equal(later.refusals[0].by, 'xl');
  assert.ok(later.refusals.slice(1).every((r: any) => r.afterEarlierExit === true));
});

test('simulate text puts the refusal first and labels the simulation "if it were created"', () => {
  const out = run(['simulate', '--format', 'text', '--host-cpu', 'intel', xlRefused]).out;
  const lines = out.split('\n');
  assert.match(lines[0], /xl-refused\.cfg: not created: xl refuses this config, so it never boots$/);
  assert.match(lines[1], /^ {2}line 4: .* \[relation\/maxvcpus-below-vcpus\]$/);
  assert.match(lines[2], /^ {4}xl prints: .*maxvcpus < vcpus/);
  const label = lines.indexOf('If it were created:');
  assert.ok(label > 2 && label < lines.findIndex((l) => l.startsWith('  boot: ')), out);
  const libxl = run(['simulate', '--format', 'text', '--xen-version', '4.20', '--host-cpu', 'intel', libxlRefused]).out;
  assert.match(libxl.split('\n')[0], /not created: libxl refuses to create the domain/);
  assert.match(libxl, /libxl prints: qemu-xen-traditional requires bios=rombios\./);
  // An accepted config has neither.
  const ok = run(['simulate', '--format', 'text', '--host-cpu', 'intel', warn]).out;
  assert.ok(!/not created|If it were created/.test(ok), ok);
});

test('simulate of a file xl cannot parse: refused at the first syntax error', () => {
  const broken = join(dir, 'broken.cfg');
  writeFileSync(broken, 'name = "x"\ntype = "hvm"\nvcpus = = 2\nforce_x2apic = 1\n');
  const s = JSON.parse(run(['simulate', broken]).out);
  assert.equal(s.created, false);
  assert.equal(s.refusals[0].rule, 'syntax/unexpected');
  assert.deepEqual(s.refusals[0].range.start, { line: 2, character: 8 });
});

test('simulate of a PV guest is not applicable', () => {
  const r = run(['simulate', join(dir, 'sub', 'nested.cfg')]);
  const s = JSON.parse(r.out);
  assert.equal(s.applicable, false);
  assert.deepEqual(s.vcpus, []);
});

test('text output escapes control characters from the config', () => {
  const hostile = join(dir, 'hostile.cfg');
  writeFileSync(hostile, 'name = "x"\nbogus\u001b[31m = 1\n');
  const r = run(['check', hostile]);
  assert.ok(!r.out.includes('\u001b'), 'no raw ESC in output');
  assert.match(r.out, /\\x1b/);
});

test('a directory without any *.cfg is noted on stderr, not an error', () => {
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const r = run(['check', empty]);
  assert.equal(r.code, 0);
  assert.match(r.err, /note: no \*\.cfg files under/);
});

// Issue 11's "done means": through the CLI, with the host vendor passed explicitly.
const noxLinux = join(dir, 'nox2apic.cfg');
writeFileSync(
  noxLinux,
  'name = "l"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nextra = "console=hvc0 nox2apic"\nvcpus = 2\nforce_x2apic = 1\n',
);

test('simulate --design xapic-disable-status: Linux with nox2apic boots on Intel; not under rfc or on AMD', () => {
  const sim = (...extra: string[]) => {
    const r = run(['simulate', ...extra, noxLinux]);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out);
  };
  const locked = sim('--design', 'xapic-disable-status', '--host-cpu', 'intel');
  assert.equal(locked.design, 'xapic-disable-status');
  assert.equal(locked.boot.outcome, 'boots');
  assert.equal(locked.lock.advertised, true);
  assert.deepEqual(locked.diagnostics, []);
  const rfc = sim('--design', 'rfc', '--host-cpu', 'intel');
  assert.equal(rfc.design, 'rfc');
  assert.equal(rfc.boot.outcome, 'faults');
  assert.deepEqual(
    rfc.diagnostics.map((d: any) => d.code),
    ['force-x2apic/nox2apic', 'force-x2apic/intel-advertise'],
  );
  const amd = sim('--design', 'xapic-disable-status', '--host-cpu', 'amd');
  assert.equal(amd.boot.outcome, 'faults');
  assert.equal(amd.lock.advertised, false);
  // Default design is rfc.
  assert.equal(sim('--host-cpu', 'intel').design, 'rfc');
});

test('--design also drives check, beats a directive, and is validated', () => {
  const withDirective = join(dir, 'nox2apic-directive.cfg');
  writeFileSync(
    withDirective,
    '# xlcfg: design=rfc\n' +
      'name = "l"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nextra = "nox2apic"\nforce_x2apic = 1\n',
  );
  const codes = (argv: string[]) =>
    JSON.parse(run(['check', '--format', 'json', ...argv]).out)[0].diagnostics.map((d: any) => d.code);
  assert.ok(codes(['--host-cpu', 'intel', withDirective]).includes('force-x2apic/nox2apic'));
  assert.ok(
    !codes(['--host-cpu', 'intel', '--design', 'xapic-disable-status', withDirective]).includes(
      'force-x2apic/nox2apic',
    ),
  );
  const bad = run(['simulate', '--design', 'msr', noxLinux]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--design msr: expected rfc or xapic-disable-status/);
  assert.equal(run(['check', '--compare', 'designs', noxLinux]).code, 2);
});

test('simulate --compare designs: per guest, what differs between the designs', () => {
  const j = JSON.parse(run(['simulate', '--compare', 'designs', '--host-cpu', 'intel', noxLinux]).out);
  assert.deepEqual(
    j.designs.runs.map((r: any) => [r.design, r.outcome]),
    [
      ['rfc', 'faults'],
      ['xapic-disable-status', 'boots'],
    ],
  );
  assert.equal(j.designs.current, 'rfc');
  assert.ok(
    j.designs.differences.some((d: string) =>
      /^boot: rfc faults at linux .*, xapic-disable-status boots at linux/.test(d),
    ),
  );
  assert.ok(j.designs.differences.some((d: string) => /^RDMSR 0xBD .*: rfc #GP, xapic-disable-status 0x1$/.test(d)));
  const text = run(['simulate', '--format', 'text', '--compare', 'designs', '--host-cpu', 'amd', noxLinux]).out;
  assert.match(text, /designs compared:/);
  assert.match(text, /nothing differs for this guest\./);
  assert.match(text, /AMD host: there is no IA32_ARCH_CAPABILITIES/);
  // Without --compare there is no comparison in the output.
  assert.equal(JSON.parse(run(['simulate', '--host-cpu', 'intel', noxLinux]).out).designs, undefined);
});

test("JSON and SARIF carry each rule's documentation link", async () => {
  const { ruleHref } = await import('../../server/src/checks/ruleDocs');
  const json = JSON.parse(run(['check', '--format', 'json', bad, warn]).out);
  const diags = json.flatMap((f: any) => f.diagnostics);
  assert.ok(diags.length > 2);
  for (const d of diags) assert.equal(d.href, ruleHref(d.code));
  const sarif = JSON.parse(run(['check', '--format', 'sarif', '--max-problems', '1', bad, warn]).out);
  const rules = new Map(sarif.runs[0].tool.driver.rules.map((r: any) => [r.id, r]));
  for (const r of sarif.runs[0].results) {
    const rule: any = rules.get(r.ruleId);
    assert.ok(rule, `${r.ruleId} is not among the SARIF rules`);
    assert.equal(rule.helpUri, ruleHref(r.ruleId));
  }
  assert.ok(sarif.runs[0].results.some((r: any) => r.ruleId === 'internal/too-many-problems'));
});

test('--help states each exit status the commands return', () => {
  const r = run(['--help']);
  assert.equal(r.code, 0);
  const status = r.out.slice(r.out.indexOf('Exit status:')).replace(/\s+/g, ' ');
  // Exit 1 is not only "errors found": dry-run and simulate return it for a config that is refused.
  assert.match(status, /1 errors found \(parse: a file xl's parser rejects; dry-run: a file xl refuses; simulate: /);
  assert.match(status, /the domain is not created\); 2 usage or I\/O error/);
  assert.equal(run(['dry-run', xlRefused]).code, 1);
  assert.equal(run(['simulate', '--host-cpu', 'intel', libxlRefused]).code, 1);
});

test('a reader that goes away (`| head`) ends the output quietly', () => {
  // Enough output to fill the pipe: a file of 30,000 statements xl cannot read.
  const many = join(dir, 'many.cfg');
  writeFileSync(many, 'k-=1\n'.repeat(30_000));
  const cli = join(__dirname, '..', '..', 'server', 'src', 'cli', 'main.ts');
  const r = spawnSync(
    'sh',
    ['-c', `"${process.execPath}" --import tsx "${cli}" dry-run "${many}" | head -c 10 >/dev/null`],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0);
  assert.doesNotMatch(r.stderr, /EPIPE|internal error|Unhandled/, r.stderr);
});
