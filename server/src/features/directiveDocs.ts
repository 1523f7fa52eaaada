// What each `# xlcfg:` fact means, in words, for the hover and the completion (the syntax and the
// values accepted are in domain/directives.ts).
import type { FactName } from '../domain/directives';

/** Follows the fact's name: "`guest-os` tells xlcfg ...". */
export const FACT_DOCS: Readonly<Record<FactName, string>> = {
  'guest-os':
    'tells xlcfg which operating system the guest runs, which the config cannot say. ' +
    'The boot simulation picks its OS profile from it.',
  'host-cpu':
    'tells xlcfg the CPU vendor of the Xen host, which decides the local APIC paths the boot simulation takes. ' +
    'A --host-cpu flag overrides it; it overrides the xlcfg.host.cpuVendor setting.',
  arch: 'tells xlcfg the architecture of the host (xl.cfg itself cannot say).',
  design:
    'chooses how Xen locks the local APIC in x2APIC mode for `force_x2apic` (the design the simulation and ' +
    'the force-x2apic rules use): `rfc`, the patch as posted; `xapic-disable-status`, Xen also advertises ' +
    'the lock through MSR 0xBD on Intel hosts. A --design flag overrides it; it overrides the ' +
    'xlcfg.forceX2apic.design setting.',
  'linux-version':
    'tells xlcfg which Linux kernel release the guest runs: whether Linux honours an advertised x2APIC lock ' +
    'depends on it (6.1+ for `nox2apic`, 6.11+ for the `nopv` path). Without it a current kernel is assumed.',
};

/** What the suppression comments do, for the fresh-comment completion. */
export const SUPPRESSION_DOCS = {
  'next-line': "Silence xlcfg's diagnostics on the next line.",
  file: "Silence xlcfg's diagnostics in the whole file.",
} as const;
