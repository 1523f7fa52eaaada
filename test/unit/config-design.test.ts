// Where the design comes from: --design, a `# xlcfg: design=` directive, the editor setting,
// xlcfg.json, else rfc; and the linux-version directive the Linux profile reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { parseProjectConfig } from '../../server/src/config/xlcfgJson';
import { defaultOptions } from '../../server/src/options';

const PVH = 'name = "a"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nforce_x2apic = 1\n';
const design = (text: string, opts = {}) =>
  checkText(text, defaultOptions({ hostCpu: 'intel', hostCpuOrigin: 'test', ...opts })).domain.design;

test('xlcfg.json forceX2apic.design is read and checked', () => {
  assert.deepEqual(parseProjectConfig('{"forceX2apic": {"design": "xapic-disable-status"}}'), {
    options: { design: 'xapic-disable-status', designOrigin: 'xlcfg.json forceX2apic.design' },
    errors: [],
  });
  assert.deepEqual(parseProjectConfig('{"forceX2apic": {"design": "msr"}}').errors, [
    'forceX2apic.design: expected "rfc" or "xapic-disable-status"',
  ]);
  assert.deepEqual(parseProjectConfig('{"forceX2apic": 3}').errors, ['forceX2apic: expected an object']);
});

test('precedence: --design, then the directive, then setting or xlcfg.json, then rfc', () => {
  assert.deepEqual(design(PVH), { value: 'rfc', source: { kind: 'default', detail: 'default (rfc)' } });
  assert.equal(
    design(PVH, { design: 'xapic-disable-status', designOrigin: 'xlcfg.json forceX2apic.design' }).value,
    'xapic-disable-status',
  );
  const directive = '# xlcfg: design=rfc\n' + PVH;
  const d = design(directive, { design: 'xapic-disable-status', designOrigin: 'setting xlcfg.forceX2apic.design' });
  assert.equal(d.value, 'rfc');
  assert.equal(d.source.kind, 'directive');
  assert.equal(
    design(directive, { design: 'xapic-disable-status', designOrigin: '--design xapic-disable-status' }).value,
    'xapic-disable-status',
  );
  // An unknown value in the directive is ignored.
  assert.equal(design('# xlcfg: design=bogus\n' + PVH).value, 'rfc');
});

test('linux-version directive: the Linux profile models that kernel', () => {
  const text = (v: string) =>
    `# xlcfg: design=xapic-disable-status linux-version=${v}\n` + PVH + 'extra = "nox2apic"\n';
  const codes = (v: string) =>
    checkText(text(v), defaultOptions({ hostCpu: 'intel', hostCpuOrigin: 'test' })).diagnostics.map((x) => x.code);
  assert.ok(codes('5.10.0-28-amd64').includes('force-x2apic/nox2apic'));
  assert.ok(!codes('6.1').includes('force-x2apic/nox2apic'));
  const r = checkText(text('6.12'), defaultOptions());
  assert.equal(r.domain.linuxVersion?.value, '6.12');
});
