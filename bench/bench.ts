// `npm run bench`: xlcfg against Xen's libxlutil, plus room for the other figures the lead will
// add. Prints a table and, as the very last line, one JSON object for machines to read.
// Each section is a function returning rows and JSON fields, so adding one is a few lines.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from '../server/src/syntax/parser';
import { decodeUtf8 } from '../server/src/syntax/utf8';

const repoRoot = path.resolve(__dirname, '..');
const outDir = path.join(repoRoot, '.build', 'bench');

interface Row {
  what: string;
  value: string;
}
interface Section {
  title: string;
  rows: Row[];
  json: Record<string, unknown>;
}

// ---- machine -------------------------------------------------------------------------------

function machine(): Section {
  const libxlutil = (() => {
    try {
      return execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'libxen-dev'], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  })();
  const info = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, libxlutil };
  return {
    title: 'machine',
    rows: [
      { what: 'CPU', value: info.cpu },
      { what: 'cores', value: String(info.cores) },
      { what: 'Node', value: info.node },
      { what: 'libxlutil (libxen-dev)', value: libxlutil ?? 'not installed' },
    ],
    json: { machine: info },
  };
}

// ---- inputs --------------------------------------------------------------------------------

/** A realistic HVM guest (~1.5 kB), the shape most files in the corpus have. */
const TYPICAL = `# HVM guest
name = "web01"
type = "hvm"
memory = 4096
maxmem = 8192
vcpus = 4
maxvcpus = 8
cpus = "2-7"
firmware = "uefi"
boot = "c"
disk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg0/web01-root',
         'format=qcow2, vdev=xvdb, access=ro, target=/srv/images/tools.qcow2',
         'format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/srv/iso/install.iso' ]
vif = [ 'mac=00:16:3e:12:34:56, bridge=xenbr0, model=e1000',
        'mac=00:16:3e:12:34:57, bridge=xenbr1, rate=100Mb/s' ]
pci = [ '0000:03:00.0,permissive=1' ]
on_poweroff = "destroy"
on_reboot = "restart"
on_crash = "coredump-restart"
vnc = 1
vnclisten = "127.0.0.1"
vncpasswd = "s3cret"
serial = "pty"
usb = 1
usbdevice = [ "tablet" ]
viridian = [ "defaults", "time_ref_count" ]
hap = 1
nestedhvm = 0
acpi = 1
apic = 1
pae = 1
hpet = 1
tsc_mode = "default"
localtime = 0
rtc_timeoffset = "3600"
cpuid = [ "host,tm=0,sse3=0", "0x00000001:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0" ]
vnuma = [ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10,20" ],
          [ "pnode=1", "size=2048", "vcpus=2-3", "vdistances=20,10" ] ]
`;

/** ~1 MB / ~18k lines: the typical guest repeated under distinct keys, like a generated fleet file. */
function largeConfig(): string {
  const lines = TYPICAL.split('\n');
  const out: string[] = [];
  let size = 0;
  for (let copy = 0; size < 1024 * 1024; copy++) {
    for (const line of lines) {
      // The trailing comment brings lines to the ~58-byte average of real files (1 MB ~ 18k lines).
      const l = line.replace(/^([a-z_]+)( =)/, `$1_${copy}$2`) + (line ? `  # fleet member ${copy}, rack r${copy % 40}` : '');
      out.push(l);
      size += l.length + 1;
    }
  }
  return out.join('\n') + '\n';
}

function writeInputs(): { typical: string; large: string } {
  mkdirSync(outDir, { recursive: true });
  const typical = path.join(outDir, 'typical.cfg');
  const large = path.join(outDir, 'large.cfg');
  writeFileSync(typical, TYPICAL);
  writeFileSync(large, largeConfig());
  return { typical, large };
}

// ---- timing helpers ------------------------------------------------------------------------

/** Best time in seconds over `rounds`, each round repeating fn enough to last >= ~20 ms. */
function bestOf(fn: () => void, rounds: number): number {
  let inner = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) fn();
    if (Number(process.hrtime.bigint() - t0) > 20e6 || inner > 1e6) break;
    inner *= 2;
  }
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9 / inner);
  }
  return best;
}

function buildXluBench(): string | null {
  if (!existsSync('/usr/include/libxlutil.h')) return null;
  const src = path.join(repoRoot, 'bench', 'xlu-bench.c');
  const bin = path.join(repoRoot, '.build', 'xlu-bench');
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) execFileSync('cc', ['-O2', '-o', bin, src, '-lxlutil']);
  return bin;
}

const mbps = (bytes: number, secs: number): number => bytes / secs / 1e6;
const fmt = (x: number | null, unit: string): string => (x === null ? 'n/a' : `${x.toFixed(x < 10 ? 2 : 1)} ${unit}`);

// ---- parse throughput ----------------------------------------------------------------------

function parseThroughput(files: { typical: string; large: string }): Section {
  const bin = buildXluBench();
  const rows: Row[] = [];
  const ratios: number[] = [];
  const json: Record<string, unknown> = {};
  for (const [label, file] of Object.entries(files)) {
    const bytes = readFileSync(file);
    // Decoding is part of what xlcfg does with a file, so it is timed too.
    const xlcfg = mbps(bytes.length, bestOf(() => {
      const d = decodeUtf8(bytes);
      parse(d.text, d);
    }, label === 'large' ? 7 : 15));
    let xlu: number | null = null;
    if (bin) {
      const r = JSON.parse(execFileSync(bin, [file, label === 'large' ? '30' : '200'], { encoding: 'utf8' })) as { mbPerSec: number; ok: number };
      if (!r.ok) throw new Error(`libxlutil rejects the benchmark input ${file}`);
      xlu = r.mbPerSec;
    }
    const lines = bytes.toString('utf8').split('\n').length - 1;
    rows.push({ what: `parse ${label} (${(bytes.length / 1024).toFixed(1)} kB, ${lines} lines): xlcfg`, value: fmt(xlcfg, 'MB/s') });
    rows.push({ what: `parse ${label}: libxlutil`, value: fmt(xlu, 'MB/s') });
    if (xlu) {
      rows.push({ what: `parse ${label}: xlcfg / libxlutil`, value: `${(xlcfg / xlu).toFixed(3)}x` });
      ratios.push(xlcfg / xlu);
    }
    json[`parse_${label}`] = { bytes: bytes.length, lines, xlcfgMBps: Number(xlcfg.toFixed(2)), libxlutilMBps: xlu };
  }
  // The headline ratio is the large file's: it measures throughput, not call overhead.
  json.parseVsLibxlutil = ratios.length ? Number(ratios[ratios.length - 1].toFixed(3)) : null;
  return { title: 'parse throughput', rows, json };
}

// ---- sections still to come (the lead adds these) -------------------------------------------

function placeholders(): Section {
  return {
    title: 'not measured yet',
    rows: ['full check throughput', 'LSP latency p95 (typical, large)', 'simulate128', 'CLI files/s', 'RSS at 1000 docs'].map((what) => ({ what, value: 'todo' })),
    json: { checkVsLibxlutil: null, lspP95TypicalMs: null, lspP95LargeMs: null, simulate128Ms: null, cliFilesPerSec: null, rssMb1000Docs: null },
  };
}

// ---- main ------------------------------------------------------------------------------------

function main(): void {
  const files = writeInputs();
  const sections = [machine(), parseThroughput(files), placeholders()];
  const width = Math.max(...sections.flatMap((s) => s.rows.map((r) => r.what.length)));
  for (const s of sections) {
    console.log(`\n${s.title}`);
    for (const r of s.rows) console.log(`  ${r.what.padEnd(width)}  ${r.value}`);
  }
  const summary: Record<string, unknown> = {};
  for (const s of sections) Object.assign(summary, s.json);
  console.log();
  console.log(JSON.stringify(summary));
}

main();
