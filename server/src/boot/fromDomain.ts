// The guest a parsed config describes, as the boot simulation takes it, and the simulation of it.
// Rules, hovers, the preview and the CLI all simulate through here, so one document is simulated
// once per variant (the rules' run is the one the hover and the preview show).
import type { Domain } from '../domain/domain';
import type { Design } from '../vlapic/design';
import { simulate, type GuestSetup, type Simulation } from './simulate';

export interface SetupOverrides {
  forceX2apic?: boolean;
  design?: Design;
}

export function guestSetup(domain: Domain, over: SetupOverrides = {}): GuestSetup {
  return {
    type: domain.type.value,
    hostVendor: domain.hostCpu.value,
    xenVersion: domain.xenVersion.value,
    forceX2apic: over.forceX2apic ?? domain.forceX2apic.enabled,
    cpuidX2apic: !domain.cpuidX2apic.hidden,
    vcpus: domain.vcpus.value,
    maxVcpus: Math.max(domain.vcpus.value, domain.maxVcpus.value),
    firmware: domain.firmware.value,
    bootloader: domain.bootloader.value,
    os: domain.os.value,
    pvshim: domain.pvshim,
    linux: {
      nox2apic: !!domain.linux.nox2apic,
      nopv: !!domain.linux.nopv,
      ...(domain.linuxVersion ? { version: domain.linuxVersion.value } : {}),
    },
    design: over.design ?? domain.design.value,
  };
}

/** Per domain object (one per check of a document version): variant key -> simulation. */
const CACHE = new WeakMap<Domain, Map<string, Simulation>>();

/** The simulation of `domain` (with the flag or the design overridden), computed once per variant. */
export function simulateDomain(domain: Domain, over: SetupOverrides = {}): Simulation {
  const setup = guestSetup(domain, over);
  const key = `${setup.forceX2apic ? 1 : 0}/${setup.design}`;
  let byKey = CACHE.get(domain);
  if (!byKey) CACHE.set(domain, (byKey = new Map()));
  let sim = byKey.get(key);
  if (!sim) byKey.set(key, (sim = simulated(setup)));
  return sim;
}

/**
 * Simulations by setup, across documents and versions, most recently used last. A simulation is a
 * pure function of its setup, and the setup changes rarely: an edit elsewhere in a config with
 * force_x2apic re-checks it with the same guest, and a fleet's configs share a few guests. Each
 * costs whole boots (up to four with the verdict's re-runs); a hit costs the key. Kept simulations
 * are frozen, since every document with that setup reads the same object.
 */
const BY_SETUP = new Map<string, Simulation>();
const KEPT_SETUPS = 32;

function simulated(setup: GuestSetup): Simulation {
  // Numbers as strings: JSON would write NaN and Infinity alike (null).
  const key = JSON.stringify(setup, (_, v) => (typeof v === 'number' ? String(v) : v));
  let sim = BY_SETUP.get(key);
  if (sim) {
    BY_SETUP.delete(key);
  } else {
    sim = deepFreeze(simulate(setup));
    if (BY_SETUP.size >= KEPT_SETUPS) BY_SETUP.delete(BY_SETUP.keys().next().value!);
  }
  BY_SETUP.set(key, sim);
  return sim;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
