// Generated typical configs (1-2 kB each) for the CLI throughput and the 1,000-document RSS
// figures. Deterministic (seeded), so runs compare; varied, so no cache or branch predictor sees
// the same file twice; about one in eight carries a mistake of the kinds real files have.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** mulberry32: tiny, seeded, good enough to pick among alternatives. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROLES = ['web', 'db', 'cache', 'build', 'mail', 'proxy', 'ci', 'dns', 'vpn', 'log'];
const SITES = ['fra1', 'ams2', 'lon1', 'nyc3', 'sfo2'];

export function typicalConfig(i: number): string {
  const r = rng(i * 2654435761 + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const hex = (): string =>
    Math.floor(r() * 256)
      .toString(16)
      .padStart(2, '0');
  const role = pick(ROLES);
  const name = `${role}${String(i).padStart(5, '0')}`;
  const type = pick(['hvm', 'hvm', 'pvh', 'pvh', 'pv'] as const);
  const vcpus = pick([1, 2, 2, 4, 4, 8, 16]);
  const memory = pick([512, 1024, 2048, 4096, 8192, 16384]);
  const lines: string[] = [
    `# ${name}: ${role} guest in ${pick(SITES)}, managed by the fleet tooling.`,
    `# Owner: team-${role}@example.org. Change requests go through the infra repository.`,
    `# Last reviewed ${2020 + (i % 6)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}.`,
    '',
    `name = "${name}"`,
    `type = "${type}"`,
    `memory = ${memory}`,
    `maxmem = ${memory * 2}`,
    `vcpus = ${vcpus}`,
    `maxvcpus = ${vcpus * 2}`,
  ];
  if (r() < 0.4) lines.push(`cpus = "${pick(['0-3', '2-7', 'all', 'node:0', '4,5,6,7'])}"`);
  if (type === 'hvm') {
    lines.push(`firmware = "${pick(['bios', 'uefi', 'seabios', 'ovmf'])}"`, `boot = "${pick(['c', 'dc', 'cd'])}"`);
    lines.push('acpi = 1', 'apic = 1', `hap = 1`, `viridian = ${r() < 0.3 ? '[ "defaults" ]' : '0'}`);
    lines.push(`vnc = 1`, `vnclisten = "127.0.0.1"`, `serial = "pty"`);
  } else {
    lines.push(
      `kernel = "/var/lib/xen/images/${name}/vmlinuz-6.1.0-${10 + (i % 20)}-amd64"`,
      `ramdisk = "/var/lib/xen/images/${name}/initrd.img-6.1.0-${10 + (i % 20)}-amd64"`,
      `cmdline = "root=/dev/xvda1 ro console=hvc0 ${pick(['quiet', 'earlyprintk=xen', 'elevator=noop', 'nomodeset'])}"`,
    );
  }
  const disks: string[] = [`'format=raw, vdev=xvda, access=rw, target=/dev/vg${i % 4}/${name}-root'`];
  if (r() < 0.6) disks.push(`'format=qcow2, vdev=xvdb, access=rw, target=/srv/xen/${name}/data.qcow2'`);
  if (r() < 0.3) disks.push(`'format=raw, vdev=xvdc, access=ro, target=/srv/xen/shared/tools.img'`);
  lines.push(`disk = [ ${disks.join(',\n         ')} ]`);
  const vifs = [`'mac=00:16:3e:${hex()}:${hex()}:${hex()}, bridge=xenbr0'`];
  if (r() < 0.4) vifs.push(`'mac=00:16:3e:${hex()}:${hex()}:${hex()}, bridge=xenbr1, rate=100Mb/s'`);
  lines.push(`vif = [ ${vifs.join(',\n        ')} ]`);
  lines.push(
    `on_poweroff = "destroy"`,
    `on_reboot = "restart"`,
    `on_crash = "${pick(['restart', 'destroy', 'coredump-restart', 'preserve'])}"`,
  );
  if (r() < 0.05) lines.push(`vcpus = ${vcpus}  # pinned again by the migration script`);
  if (r() < 0.15) lines.push(`force_x2apic = 1`);

  // The mistakes people make, roughly one file in eight.
  const m = r();
  if (m < 0.02) lines.push(`memroy = ${memory}`);
  else if (m < 0.04) lines.push(`acpi_s3 = "true"`);
  else if (m < 0.06) lines.push(`shadow_memory = "512M"`);
  else if (m < 0.08) lines.push(`maxvcpus = ${Math.max(1, vcpus - 1)}`);
  else if (m < 0.1) lines.push(`disk = 'format=raw, vdev=xvdz, target=/dev/vg0/${name}-scratch'`);
  else if (m < 0.115) lines.push(`vif = [ 'mac=00:16:3e:zz:00:01, bridge=xenbr0' ]`);
  else if (m < 0.125) lines.push(`extra = "console=hvc0`); // unterminated string: a syntax error

  // Real files carry notes; pad with them to the corpus' 1-2 kB.
  const notes = [
    '# Disk layout: root on LVM, data on qcow2 so snapshots are cheap.',
    '# Networking: xenbr0 is the service VLAN, xenbr1 the backup network.',
    '# Do not raise maxmem without checking the host balloon headroom first.',
    '# Console: use "xl console" from dom0; the serial line is logged to /var/log/xen.',
    '# Backups run nightly at 02:00 UTC from the dom0 snapshot job.',
  ];
  let text = lines.join('\n') + '\n';
  for (let k = 0; text.length < 1024 + Math.floor(r() * 700) && k < 40; k++) text += `${notes[k % notes.length]}\n`;
  return text;
}

/** Writes `count` configs as DIR/NNNNN.cfg (replacing what was there) and returns their total size. */
export function writeCorpus(dir: string, count: number): number {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = typicalConfig(i);
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(dir, `${String(i).padStart(5, '0')}.cfg`), text);
  }
  if (readdirSync(dir).length !== count) throw new Error(`corpus ${dir} is incomplete`);
  return bytes;
}
