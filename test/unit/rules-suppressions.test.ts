// Suppression comments: what they silence, and the fixes for the ones that silence nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/checks/check';
import { defaultOptions } from '../../server/src/options';
import { applyFix } from './helpers';

const intel = defaultOptions({ hostCpu: 'intel', hostCpuOrigin: 'test' });
const BASE = 'name = "a"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\n';

test('next-line and file directives silence exactly their ids', () => {
  const codes = (t: string) => checkText(t, intel).diagnostics.map((d) => d.code);
  assert.ok(codes(BASE + 'memmory = 1\n').includes('key/unknown'));
  assert.ok(!codes(BASE + '# xlcfg-disable-next-line key/unknown\nmemmory = 1\n').includes('key/unknown'));
  assert.ok(!codes('# xlcfg-disable key/*\n' + BASE + 'memmory = 1\n').includes('key/unknown'));
  assert.ok(codes(BASE + '# xlcfg-disable-next-line value/boolean\nmemmory = 1\n').includes('key/unknown'));
});

test('an unused id among used ones is removed alone; a wholly unused directive goes entirely', () => {
  const mixed = BASE + '# xlcfg-disable-next-line force-x2apic/intel-advertise, force-x2apic/amd\nforce_x2apic = 1\n';
  const d = checkText(mixed, intel).diagnostics.find((x) => x.code === 'directive/unused')!;
  const fixed = applyFix(mixed, d.fixes!.find((f) => f.preferred)!);
  assert.equal(fixed, BASE + '# xlcfg-disable-next-line force-x2apic/intel-advertise\nforce_x2apic = 1\n');
  assert.ok(
    !checkText(fixed, intel).diagnostics.some(
      (x) => x.code === 'force-x2apic/intel-advertise' || x.code === 'directive/unused',
    ),
  );
  const unused = BASE + '# xlcfg-disable-next-line value/boolean\nvcpus = 2\n';
  const u = checkText(unused, intel).diagnostics.find((x) => x.code === 'directive/unused')!;
  assert.equal(applyFix(unused, u.fixes![0]), BASE + 'vcpus = 2\n');
});
