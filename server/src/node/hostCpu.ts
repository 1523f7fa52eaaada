// `auto` host CPU vendor: this machine's /proc/cpuinfo. Only the CLI and the server call this;
// the language core reads no files.
import { readFileSync } from 'node:fs';

export function detectHostCpu(path = '/proc/cpuinfo'): { vendor: 'intel' | 'amd' | 'unknown'; origin: string } {
  try {
    const text = readFileSync(path, 'utf8');
    const m = /^vendor_id\s*:\s*(\S+)/m.exec(text);
    if (m?.[1] === 'GenuineIntel') return { vendor: 'intel', origin: `${path} (GenuineIntel)` };
    if (m?.[1] === 'AuthenticAMD' || m?.[1] === 'HygonGenuine') return { vendor: 'amd', origin: `${path} (${m[1]})` };
    return { vendor: 'unknown', origin: `${path} (vendor ${m?.[1] ?? 'not listed'})` };
  } catch {
    return { vendor: 'unknown', origin: `${path} not readable` };
  }
}
