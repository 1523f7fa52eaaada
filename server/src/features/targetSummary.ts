// One line for the editor's log: the Xen release the server reads configs for, and the host CPU
// it assumes with where that came from. Truthful by construction: it only restates the options
// (the host CPU is unknown unless a setting, xlcfg.json or a Xen dom0 says it).
import type { XlcfgOptions } from '../options';

export function targetSummary(options: XlcfgOptions): string {
  const proposed = options.enableProposed ? ' with proposed options (force_x2apic)' : '';
  const xen = `targets Xen ${options.xenVersion}${proposed}`;
  let host: string;
  if (options.hostCpu !== 'auto') host = `host CPU ${options.hostCpu} (from ${options.hostCpuOrigin})`;
  else if (options.hostCpuAuto) {
    const { vendor, origin } = options.hostCpuAuto;
    host = `host CPU ${vendor} (${vendor === 'unknown' ? origin.replace(/^unknown:\s*/, '') : `from ${origin}`})`;
  } else host = 'host CPU unknown (no setting says it)';
  // A --host-cpu flag beats a file's directive; editor settings and xlcfg.json do not.
  const overridden = '; a `# xlcfg: host-cpu=` comment overrides it in its file';
  const directive = options.hostCpuOrigin.startsWith('--') ? '' : overridden;
  return `${xen}; ${host}${directive}`;
}
