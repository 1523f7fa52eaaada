// `auto` host CPU vendor. The machine that edits or lints a config is rarely the Xen host, so its
// CPU says nothing about where the domain will run: it is used only when xlcfg runs in a Xen
// control domain (dom0), where /proc/xen/capabilities says "control_d". Otherwise the vendor is
// unknown and the vendor-specific rules say what happens on each. Only the CLI and the server call
// this; the language core reads no files.
import { readFileSync } from 'node:fs';
import type { HostVendor } from '../guest';

export interface DetectedHost {
  vendor: HostVendor;
  origin: string;
}

export function detectHostCpu(cpuinfo = '/proc/cpuinfo', capabilities = '/proc/xen/capabilities'): DetectedHost {
  let dom0 = false;
  try {
    dom0 = /\bcontrol_d\b/.test(readFileSync(capabilities, 'utf8'));
  } catch {
    // not a Xen host (or xenfs is not mounted)
  }
  if (!dom0) return { vendor: 'unknown', origin: 'unknown: this machine is not a Xen host (set host-cpu)' };
  try {
    const text = readFileSync(cpuinfo, 'utf8');
    const m = /^vendor_id\s*:\s*(\S+)/m.exec(text);
    if (m?.[1] === 'GenuineIntel') return { vendor: 'intel', origin: `this Xen host's CPU (${cpuinfo}: GenuineIntel)` };
    if (m?.[1] === 'AuthenticAMD' || m?.[1] === 'HygonGenuine')
      return { vendor: 'amd', origin: `this Xen host's CPU (${cpuinfo}: ${m[1]})` };
    return { vendor: 'unknown', origin: `${cpuinfo} (vendor ${m?.[1] ?? 'not listed'})` };
  } catch {
    return { vendor: 'unknown', origin: `${cpuinfo} not readable` };
  }
}
