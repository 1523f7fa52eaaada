// What the user chose outside the file: editor settings, CLI flags, xlcfg.json. Plain data, shared
// by the server, the CLI and the tests.
import type { Severity } from './diagnostic';
import type { HostShape } from './libxl/physinfo';
import { LATEST_XEN } from './schema/versions';
import type { Design } from './vlapic/design';
import type { HostVendor, KnownHostVendor } from './guest';

export type RuleLevel = Severity | 'off';
export type HostCpuChoice = 'auto' | KnownHostVendor;
/** Where key hovers show the simulated boot: with force_x2apic set (default), always, or never. */
export type HoverSimulation = 'forceX2apic' | 'always' | 'never';
export const HOVER_SIMULATION: readonly HoverSimulation[] = ['forceX2apic', 'always', 'never'];

export function isHoverSimulation(v: unknown): v is HoverSimulation {
  return (HOVER_SIMULATION as readonly unknown[]).includes(v);
}

export interface XlcfgOptions {
  /** The Xen release whose xl reads the file. */
  xenVersion: string;
  /** Treat proposed, unmerged options (force_x2apic) as if they were available. */
  enableProposed: boolean;
  /** Per-rule severity overrides. */
  rules: Record<string, RuleLevel>;
  hostCpu: HostCpuChoice;
  /** Where `hostCpu` came from, for explanations ("setting xlcfg.host.cpuVendor", "--host-cpu"). */
  hostCpuOrigin: string;
  /** The answer to `auto`, found by the caller (the core reads no files), with its origin. */
  hostCpuAuto?: { vendor: HostVendor; origin: string };
  /** The Xen host's CPUs and NUMA nodes, when the user gives them (nothing is guessed). */
  host: HostShape;
  /** How Xen advertises the x2APIC lock in the simulation (default rfc). */
  design?: Design;
  /** Where `design` came from ("setting xlcfg.forceX2apic.design", "--design", "xlcfg.json ..."). */
  designOrigin?: string;
  /** `design` beats a `# xlcfg: design=` directive (the preview's picker; --design always does). */
  designForced?: boolean;
  /** Most problems reported per file, the rest counted in one entry (0 or undefined: all). */
  maxProblems?: number;
  /** `xlcfg.hover.simulation`; absent means 'forceX2apic'. */
  hoverSimulation?: HoverSimulation;
  /** Guest OS forced from outside (CLI --guest-os). */
  guestOs?: string;
  guestOsOrigin?: string;
  /** The editor shows the boot preview's CodeLens on force_x2apic (`xlcfg.codeLens.enable`). */
  codeLens?: boolean;
}

export function defaultOptions(overrides: Partial<XlcfgOptions> = {}): XlcfgOptions {
  return {
    xenVersion: LATEST_XEN,
    enableProposed: false,
    rules: {},
    hostCpu: 'auto',
    hostCpuOrigin: 'default',
    host: {},
    codeLens: true,
    ...overrides,
  };
}
