// Boot simulation timing: simulate() for representative 128-vCPU setups (HVM_MAX_VCPUS, the
// worst case the preview re-runs on every edit). `node --import tsx bench/simulate.ts` prints
// min/median ms per setup; bench.ts calls simulateBenchmark() for its table and JSON.
import { performance } from 'node:perf_hooks';
import { simulate, type GuestSetup } from '../server/src/boot/simulate';

const base: GuestSetup = {
  type: 'hvm',
  hostVendor: 'intel',
  xenVersion: '4.22',
  forceX2apic: false,
  cpuidX2apic: true,
  vcpus: 128,
  maxVcpus: 128,
  firmware: 'seabios',
  bootloader: 'none',
  os: 'linux',
  pvshim: false,
  linux: { nox2apic: false, nopv: false },
};

export const BENCH_SETUPS: ReadonlyArray<{ name: string; setup: GuestSetup }> = [
  { name: 'PVH Linux, force_x2apic', setup: { ...base, type: 'pvh', firmware: 'none', forceX2apic: true } },
  { name: 'HVM SeaBIOS Linux', setup: { ...base } },
  { name: 'HVM SeaBIOS Linux, force_x2apic', setup: { ...base, forceX2apic: true } },
  { name: 'HVM OVMF Linux', setup: { ...base, firmware: 'ovmf' } },
  { name: 'PVH FreeBSD', setup: { ...base, type: 'pvh', firmware: 'none', os: 'freebsd' } },
  { name: 'HVM SeaBIOS NetBSD', setup: { ...base, os: 'netbsd' } },
];

/** Runs each setup `warmup` times untimed, then `runs` times; min and median per setup. */
export function simulateBenchmark(
  runs = 200,
  warmup = 50,
): { setups: Array<{ name: string; minMs: number; medianMs: number }> } {
  const setups: Array<{ name: string; minMs: number; medianMs: number }> = [];
  for (const { name, setup } of BENCH_SETUPS) {
    for (let i = 0; i < warmup; i++) simulate(setup);
    const t = new Float64Array(runs);
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      simulate(setup);
      t[i] = performance.now() - t0;
    }
    t.sort();
    setups.push({ name, minMs: round(t[0]), medianMs: round(t[runs >> 1]) });
  }
  return { setups };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

if (require.main === module) {
  const { setups } = simulateBenchmark();
  const w = Math.max(...setups.map((s) => s.name.length));
  console.log(`${'setup (128 vCPUs)'.padEnd(w)}  ${'min ms'.padStart(8)}  ${'median ms'.padStart(9)}`);
  for (const s of setups)
    console.log(`${s.name.padEnd(w)}  ${s.minMs.toFixed(3).padStart(8)}  ${s.medianMs.toFixed(3).padStart(9)}`);
}
