// `xlcfg.json`, the optional project file at the workspace root that both the CLI and the server
// read: {"xenVersion": "4.22", "enableProposedOptions": false, "host": {"cpuVendor": "amd", "cpus": 64, "nodes": 8},
// "forceX2apic": {"design": "rfc"}, "rules": {"key/unknown": "error", "force-x2apic/*": "off"}}.
// Parsing is pure; callers read the file.
import type { XlcfgOptions } from '../options';
import { isKnownVersion } from '../schema/versions';
import { isRuleLevel } from '../checks/severity';
import { DESIGNS, isDesign } from '../vlapic/design';

export interface ProjectConfig {
  options: Partial<XlcfgOptions>;
  errors: string[];
}

export function parseProjectConfig(text: string): ProjectConfig {
  const errors: string[] = [];
  const options: Partial<XlcfgOptions> = {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { options, errors: [`not valid JSON: ${(e as Error).message}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { options, errors: ['expected a JSON object'] };
  const o = raw as Record<string, unknown>;
  if (o.xenVersion !== undefined) {
    if (typeof o.xenVersion === 'string' && isKnownVersion(o.xenVersion)) options.xenVersion = o.xenVersion;
    else errors.push(`xenVersion: unknown Xen release ${JSON.stringify(o.xenVersion)}`);
  }
  if (o.enableProposedOptions !== undefined) {
    if (typeof o.enableProposedOptions === 'boolean') options.enableProposed = o.enableProposedOptions;
    else errors.push('enableProposedOptions: expected true or false');
  }
  const host = o.host as Record<string, unknown> | undefined;
  if (host?.cpuVendor !== undefined) {
    if (host.cpuVendor === 'auto' || host.cpuVendor === 'intel' || host.cpuVendor === 'amd') {
      options.hostCpu = host.cpuVendor;
      options.hostCpuOrigin = 'xlcfg.json host.cpuVendor';
    } else errors.push('host.cpuVendor: expected "auto", "intel" or "amd"');
  }
  for (const [field, key] of [
    ['cpus', 'cpus'],
    ['nodes', 'nodes'],
  ] as const) {
    const v = host?.[key];
    if (v === undefined) continue;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1_000_000)
      options.host = { ...options.host, [field]: v };
    else errors.push(`host.${key}: expected a positive whole number`);
  }
  const fx = o.forceX2apic as Record<string, unknown> | undefined;
  if (fx !== undefined && (typeof fx !== 'object' || fx === null || Array.isArray(fx)))
    errors.push('forceX2apic: expected an object');
  else if (fx?.design !== undefined) {
    if (isDesign(fx.design)) {
      options.design = fx.design;
      options.designOrigin = 'xlcfg.json forceX2apic.design';
    } else errors.push(`forceX2apic.design: expected ${DESIGNS.map((d) => `"${d}"`).join(' or ')}`);
  }
  if (o.rules !== undefined) {
    if (typeof o.rules !== 'object' || o.rules === null || Array.isArray(o.rules))
      errors.push('rules: expected an object of rule id -> level');
    else {
      options.rules = {};
      for (const [id, level] of Object.entries(o.rules)) {
        if (isRuleLevel(level)) options.rules[id] = level;
        else errors.push(`rules.${id}: expected one of off, hint, information, warning, error`);
      }
    }
  }
  return { options, errors };
}
