// The force-x2apic/* rules and the boot simulation agree, over generated configs of every guest
// type, firmware, OS, host vendor, cpuid x2apic policy, Linux command line, design, Xen and Linux
// version. The simulation is run here on its own (not through the rules' cache) and each rule that
// fires is checked against what it says about the boot; each boot the flag changes must be reported
// by exactly one rule. Seeded by test/fc-seed.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { guestSetup } from '../../server/src/boot/fromDomain';
import { simulate } from '../../server/src/boot/simulate';
import { checkText } from '../../server/src/checks/check';
import { defaultOptions, type XlcfgOptions } from '../../server/src/options';
import { GUEST_OSES } from '../../server/src/guest';
import { RULES } from '../../server/src/checks/registry';

const STOP_RULES = ['seabios', 'rombios', 'ovmf', 'netbsd', 'nox2apic', 'cpuid-x2apic-hidden', 'boot'] as const;
const OWN_STAGE: Record<string, string> = { seabios: 'seabios', rombios: 'rombios', ovmf: 'ovmf', netbsd: 'netbsd' };

const anyGuest = fc.record({
  type: fc.constantFrom('pv', 'pvh', 'hvm', 'none'),
  firmware: fc.constantFrom('', 'bios = "seabios"\n', 'bios = "rombios"\n', 'bios = "ovmf"\n', 'firmware = "uefi"\n'),
  pvhOvmf: fc.boolean(),
  pvshim: fc.boolean(),
  kernel: fc.boolean(),
  os: fc.constantFrom(...GUEST_OSES, ''),
  host: fc.constantFrom('intel', 'amd', 'unknown'),
  hostBy: fc.constantFrom('option', 'directive'),
  cpuid: fc.constantFrom(
    '',
    'cpuid = "host,x2apic=0"\n',
    'cpuid = "host,x2apic=1"\n',
    "cpuid = [ '1:ecx=xxxxxxxxxx0xxxxxxxxxxxxxxxxxxxxx' ]\n",
  ),
  cmdline: fc.constantFrom('', 'nox2apic', 'nopv', 'xen_nopv', 'nox2apic nopv', 'quiet -- nox2apic'),
  cmdlineKey: fc.constantFrom('extra', 'cmdline'),
  design: fc.constantFrom('rfc', 'xapic-disable-status', ''),
  designBy: fc.constantFrom('option', 'directive'),
  linuxVersion: fc.constantFrom('', '5.15', '6.1', '6.6', '6.12'),
  xen: fc.constantFrom('4.18', '4.20', '4.21', '4.22'),
  vcpus: fc.constantFrom(1, 2, 4),
  flag: fc.constantFrom('1', '0', '"true"'),
});

/*
 * Drawn independently, the firmware, the cpuid policy and the shim stop most boots early, and
 * the rules of later stages would seldom fire. Two narrower generators reach them: PVH guests
 * booting their kernel directly with the flag on (the OS stages: netbsd, nox2apic, cpuid), and
 * HVM guests with the flag on (each firmware's stage).
 */
const directBoot = fc
  .tuple(
    anyGuest,
    fc.constantFrom('linux', 'netbsd'),
    fc.constantFrom('', 'cpuid = "host,x2apic=1"\n', 'cpuid = "host,x2apic=0"\n'),
  )
  .map(([c, os, cpuid]) => ({
    ...c,
    type: 'pvh' as const,
    pvhOvmf: false,
    pvshim: false,
    os,
    cpuid,
    flag: '1' as const,
  }));
const hvmBoot = anyGuest.map((c) => ({ ...c, type: 'hvm' as const, flag: '1' as const }));

const config = fc.oneof(
  { arbitrary: anyGuest, weight: 2 },
  { arbitrary: directBoot, weight: 1 },
  { arbitrary: hvmBoot, weight: 1 },
);

type Cfg = typeof config extends fc.Arbitrary<infer T> ? T : never;

function render(c: Cfg): { text: string; options: XlcfgOptions } {
  const directives: string[] = [];
  const opts: Partial<XlcfgOptions> = { xenVersion: c.xen, hostCpuOrigin: 'test' };
  if (c.host !== 'unknown') {
    if (c.hostBy === 'option') opts.hostCpu = c.host as 'intel' | 'amd';
    else directives.push(`host-cpu=${c.host}`);
  }
  if (c.design) {
    if (c.designBy === 'option') Object.assign(opts, { design: c.design, designOrigin: 'test' });
    else directives.push(`design=${c.design}`);
  }
  if (c.os) directives.push(`guest-os=${c.os}`);
  if (c.linuxVersion) directives.push(`linux-version=${c.linuxVersion}`);
  let text = directives.length ? `# xlcfg: ${directives.join(' ')}\n` : '';
  text += 'name = "g"\n';
  if (c.type !== 'none') text += `type = "${c.type}"\n`;
  if (c.type === 'hvm') text += c.firmware;
  if (c.type === 'pvh' && c.pvshim) text += 'pvshim = 1\n';
  if (c.kernel || c.type !== 'hvm')
    text += `kernel = "${c.type === 'pvh' && c.pvhOvmf ? '/usr/lib/xen/boot/ovmf.bin' : '/boot/kernel-x'}"\n`;
  text += c.cpuid;
  if (c.cmdline) text += `${c.cmdlineKey} = "console=hvc0 ${c.cmdline}"\n`;
  text += `vcpus = ${c.vcpus}\nforce_x2apic = ${c.flag}\n`;
  return { text, options: defaultOptions(opts) };
}

/** Every registered force-x2apic/* rule, without the group. */
const FORCE_RULES = RULES.filter((r) => r.id.startsWith('force-x2apic/')).map((r) =>
  r.id.slice('force-x2apic/'.length),
);

test('the force-x2apic rules say what the simulation predicts, for every generated guest', () => {
  // How often each rule fired over the runs: a rule the generator never reaches is not tested here.
  const hits = new Map<string, number>(FORCE_RULES.map((id) => [id, 0]));
  fc.assert(
    fc.property(config, (c) => {
      const { text, options } = render(c);
      const r = checkText(text, options);
      const fired = r.diagnostics.filter((d) => d.code.startsWith('force-x2apic/'));
      const ids = fired.map((d) => d.code.slice('force-x2apic/'.length));
      for (const id of new Set(ids)) hits.set(id, (hits.get(id) ?? 0) + 1);
      for (const d of fired) assert.ok(d.message.length <= 100 && !d.message.includes('\n'), d.message);
      const domain = r.domain;
      if (!domain.forceX2apic.enabled) {
        assert.deepEqual(
          ids.filter((i) => i !== 'value'),
          [],
          text,
        );
        return;
      }
      const setup = guestSetup(domain);
      const sim = simulate(setup);
      const off = simulate({ ...setup, forceX2apic: false });
      assert.equal(ids.includes('pv'), !sim.applicable, text);
      if (!sim.applicable) {
        assert.deepEqual(ids, ['pv'], text);
        return;
      }
      // The advertisement notes read what the guest can read back.
      assert.equal(ids.includes('amd'), !sim.lock.advertised && sim.hostCpu === 'amd', text);
      assert.equal(ids.includes('intel-advertise'), !sim.lock.advertised && sim.hostCpu !== 'amd', text);
      assert.equal(sim.lock.advertised, setup.design === 'xapic-disable-status' && setup.hostVendor === 'intel', text);
      // Exactly one rule per boot the flag changes; none when it boots or stops the same way without the flag.
      const stops = ids.filter((i) => (STOP_RULES as readonly string[]).includes(i));
      const changed =
        sim.boot.outcome !== 'boots' && !(off.boot.outcome === sim.boot.outcome && off.boot.stage === sim.boot.stage);
      assert.equal(
        stops.length,
        changed ? 1 : 0,
        `${text}\n${sim.boot.outcome} at ${sim.boot.stage}; without: ${off.boot.outcome} at ${off.boot.stage}; fired ${ids}`,
      );
      if (!changed) return;
      const rule = stops[0];
      const d = fired.find((x) => x.code === `force-x2apic/${rule}`)!;
      if (OWN_STAGE[rule]) assert.equal(sim.boot.stage, OWN_STAGE[rule], text);
      if (rule === 'seabios') assert.equal(sim.boot.outcome, 'hangs', text);
      if (rule === 'rombios' || rule === 'netbsd') assert.equal(sim.boot.outcome, 'unknown', text);
      if (rule === 'nox2apic') {
        assert.equal(sim.boot.stage, 'linux', text);
        assert.ok(setup.linux.nox2apic || (setup.linux.nopv && setup.type === 'hvm'), text);
        assert.equal(/fault/.test(d.message), sim.boot.outcome === 'faults', `${text}\n${d.message}`);
        // The same guest without the words boots differently.
        const plain = simulate({ ...setup, linux: { ...setup.linux, nox2apic: false, nopv: false } });
        assert.notDeepEqual([plain.boot.outcome, plain.boot.stage], [sim.boot.outcome, sim.boot.stage], text);
      }
      if (rule === 'cpuid-x2apic-hidden') {
        assert.equal(setup.cpuidX2apic, false, text);
        const visible = simulate({ ...setup, cpuidX2apic: true });
        assert.notDeepEqual([visible.boot.outcome, visible.boot.stage], [sim.boot.outcome, sim.boot.stage], text);
      }
      if (rule === 'boot') {
        assert.ok(!Object.values(OWN_STAGE).includes(sim.boot.stage), text);
        assert.equal(d.severity, sim.boot.outcome === 'unknown' ? 'information' : 'warning', text);
      }
    }),
    { numRuns: 400 },
  );
  const never = [...hits].filter(([, n]) => n === 0).map(([id]) => id);
  assert.deepEqual(never, [], `rules the generated guests never fired: ${JSON.stringify(Object.fromEntries(hits))}`);
});

test('the done-means case: design xapic-disable-status boots Linux nox2apic on Intel only', () => {
  const text = 'name = "g"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nextra = "nox2apic"\nforce_x2apic = 1\n';
  const run = (design: 'rfc' | 'xapic-disable-status', hostCpu: 'intel' | 'amd') => {
    const r = checkText(text, defaultOptions({ hostCpu, hostCpuOrigin: 'test', design, designOrigin: 'test' }));
    return {
      outcome: simulate(guestSetup(r.domain)).boot.outcome,
      rules: r.diagnostics.map((d) => d.code).filter((c) => c.startsWith('force-x2apic/')),
    };
  };
  assert.deepEqual(run('xapic-disable-status', 'intel'), { outcome: 'boots', rules: [] });
  assert.equal(run('rfc', 'intel').outcome, 'faults');
  assert.ok(run('rfc', 'intel').rules.includes('force-x2apic/nox2apic'));
  assert.equal(run('xapic-disable-status', 'amd').outcome, 'faults');
  assert.ok(run('xapic-disable-status', 'amd').rules.includes('force-x2apic/nox2apic'));
});
