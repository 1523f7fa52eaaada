import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCpuidLibxl, parseCpuidXend } from '../../server/src/specs/cpuid';
import { parseCpulist } from '../../server/src/specs/cpulist';
import { parseVnumaConfig, parseVnumaItem, MEMKB_DEFAULT } from '../../server/src/specs/vnuma';
import { parseIomem } from '../../server/src/specs/iomem';
import { parseIoport } from '../../server/src/specs/ioports';
import { parseIrq } from '../../server/src/specs/irqs';
import { parseLlcColor } from '../../server/src/specs/llcColors';
import { parseSmbios } from '../../server/src/specs/smbios';
import { parseXenstoreQuota } from '../../server/src/specs/xenstoreQuota';
import { parseArmSci } from '../../server/src/specs/armSci';
const L = 'x'.repeat(60);
const msgs: string[] = [];
const add = (p: { problems: { message: string }[] }) => p.problems.forEach((x) => msgs.push(x.message));
for (const t of [
  `host,${L}=0`,
  `host,${L}`,
  `${L},x=1`,
  'host,x2apic=off',
  `host,rdcl-no=${L}`,
  'host,x2apic=2',
  'host, x2apic=0',
  'host,lahf_lm=0',
  'host,apic=xyz',
  'host,x2apic=-1',
])
  add(parseCpuidLibxl(t));
for (const t of [`${L}`, `1,${L}`, `1 ${L}`, `1:${L}=`, `1:eax=${L}`, '1:eaxfoo=' + 'q'.repeat(32)])
  add(parseCpuidXend(t));
for (const t of [
  `^all`,
  ` ^1`,
  `3-1`,
  `${L}`,
  `1-2${L}`,
  `1 `,
  '',
  '0-18446744073709551614',
  'node:0-99999999999',
  '-2',
])
  add(parseCpulist(t));
for (const t of [L, `pnode=${L}`, `pnode=3`, `vcpus=${L}`, `vcpus=,`, `vdistances=${L}`, `${L}=1`, `size=1=2`])
  add(parseVnumaItem(t, { release: '4.17' }));
add({
  problems: parseVnumaConfig({
    value: [['vcpus=0-99'], 'x'],
    maxVcpus: 0,
    maxMemkb: MEMKB_DEFAULT,
    release: '4.20',
    host: { cpus: 4, nodes: 1 },
  }).reports,
});
add({
  problems: parseVnumaConfig({
    value: [['vcpus=0-99', 'size=12345678']],
    maxVcpus: 3,
    maxMemkb: 1234567890n,
    release: '4.20',
  }).reports,
});
add({
  problems: parseVnumaConfig({
    value: [['vcpus=0-99', 'size=12345678']],
    maxVcpus: 100,
    maxMemkb: 1234567890n,
    release: '4.20',
  }).reports,
});
add({
  problems: parseVnumaConfig({
    value: [['vcpus=0-99', 'size=12345678']],
    maxVcpus: 0,
    maxMemkb: 1234567890n,
    release: '4.20',
    host: { cpus: 64 },
  }).reports,
});
add({
  problems: parseVnumaConfig({
    value: [['vdistances=1,2,3,4,5,6,7,8,9']],
    maxVcpus: 0,
    maxMemkb: MEMKB_DEFAULT,
    release: '4.20',
  }).reports,
});
add({
  problems: parseVnumaConfig({ value: [['vdistances=1,2,3']], maxVcpus: 0, maxMemkb: MEMKB_DEFAULT, release: '4.20' })
    .reports,
});
for (const t of [L, `1,${L}`, `1,2@${L}`, '1,0']) add(parseIomem(t));
for (const t of [L, `1-${L}`, `1${L}`, 'ffffffff', '1-ffffffff', '2-1', '0x1']) add(parseIoport(t));
for (const t of [L, '4294967295']) add(parseIrq(t));
for (const t of [L, '3-1', '-1', '3x', '1-2x']) add(parseLlcColor(t));
for (const t of [L, `${L}=1`, `oem=`, 'bios_vender=1']) add(parseSmbios(t, { release: '4.20' }));
for (const t of [L, `n=${L}`]) add(parseXenstoreQuota(t));
for (const t of [`type=${L}`, `${L}`]) add(parseArmSci(t));

test('the messages of the xl-exact parsers stay on one short line, even for long input', () => {
  assert.ok(msgs.length > 60);
  for (const m of msgs) {
    assert.ok(m.length <= 100, `${m.length}: ${m}`);
    assert.ok(!m.includes('\n'), m);
  }
});
