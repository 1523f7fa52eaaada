// Command-line arguments, validated up front so that every mistake is a usage error (exit 2).
import { GUEST_OSES, HOST_VENDORS, isGuestOs, isKnownHostVendor, type KnownHostVendor } from '../guest';
import type { RuleLevel } from '../options';
import { isKnownVersion, XEN_VERSIONS } from '../schema/versions';
import { DESIGNS, isDesign, type Design } from '../vlapic/design';
import { isRuleLevel } from '../checks/severity';
import { DEFAULT_MAX_PROBLEMS } from '../checks/cap';

export class UsageError extends Error {}

export interface CliArgs {
  command: 'parse' | 'check' | 'dry-run' | 'simulate' | 'rules' | 'help' | 'version';
  format: 'text' | 'json' | 'sarif';
  paths: string[];
  xenVersion?: string;
  hostCpu?: KnownHostVendor;
  guestOs?: string;
  enableProposed: boolean;
  rules: Record<string, RuleLevel>;
  config?: string;
  forceX2apic?: boolean;
  hostCpus?: number;
  hostNodes?: number;
  design?: Design;
  /** simulate: also show every design side by side. */
  compare?: 'designs';
  /** Problems reported per file (parse, check); 0 for all. */
  maxProblems: number;
}

const FORMATS: Record<string, readonly string[]> = {
  parse: ['json'],
  check: ['text', 'json', 'sarif'],
  'dry-run': ['json'],
  simulate: ['json', 'text'],
};

export function parseArgs(argv: string[]): CliArgs {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return base('help');
  if (first === '--version' || first === '-V') return base('version');
  if (!['parse', 'check', 'dry-run', 'simulate', 'rules'].includes(first))
    throw new UsageError(`unknown command '${first}' (expected parse, check, dry-run, simulate or rules)`);
  const args = base(first as CliArgs['command']);
  args.format = first === 'check' ? 'text' : 'json';
  let endOfOptions = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (endOfOptions || a === '-' || !a.startsWith('-')) {
      args.paths.push(a);
      continue;
    }
    if (a === '--') {
      endOfOptions = true;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const takeValue = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--help':
      case '-h':
        return base('help');
      case '--format': {
        const v = takeValue();
        if (!FORMATS[args.command]?.includes(v))
          throw new UsageError(
            `--format ${v} is not available for ${args.command} (${(FORMATS[args.command] ?? []).join(', ')})`,
          );
        args.format = v as CliArgs['format'];
        break;
      }
      case '--xen-version': {
        const v = takeValue();
        if (!isKnownVersion(v))
          throw new UsageError(
            `--xen-version ${v}: not a Xen release xlcfg knows (${XEN_VERSIONS[0]} to ${XEN_VERSIONS[XEN_VERSIONS.length - 1]})`,
          );
        args.xenVersion = v;
        break;
      }
      case '--host-cpu': {
        const v = takeValue();
        if (!isKnownHostVendor(v)) throw new UsageError(`--host-cpu ${v}: expected ${HOST_VENDORS.join(' or ')}`);
        args.hostCpu = v;
        break;
      }
      case '--guest-os': {
        const v = takeValue();
        if (!isGuestOs(v))
          throw new UsageError(
            `--guest-os ${v}: expected ${GUEST_OSES.slice(0, -1).join(', ')} or ${GUEST_OSES[GUEST_OSES.length - 1]}`,
          );
        args.guestOs = v;
        break;
      }
      case '--enable-proposed':
        args.enableProposed = true;
        break;
      case '--rule': {
        const v = takeValue();
        const m = /^([^=]+)=(.+)$/.exec(v);
        if (!m || !isRuleLevel(m[2]))
          throw new UsageError(`--rule ${v}: expected ID=off|hint|information|warning|error`);
        args.rules[m[1]] = m[2];
        break;
      }
      case '--host-cpus':
      case '--host-nodes': {
        const v = takeValue();
        if (!/^[1-9]\d{0,5}$/.test(v)) throw new UsageError(`${name} ${v}: expected a positive whole number`);
        if (name === '--host-cpus') args.hostCpus = Number(v);
        else args.hostNodes = Number(v);
        break;
      }
      case '--config':
        args.config = takeValue();
        break;
      case '--max-problems': {
        const v = takeValue();
        if (!/^[0-9]{1,9}$/.test(v)) throw new UsageError(`--max-problems ${v}: expected a number (0 for all)`);
        args.maxProblems = Number(v);
        break;
      }
      case '--force-x2apic': {
        const v = takeValue();
        if (!['on', 'off', '1', '0'].includes(v)) throw new UsageError(`--force-x2apic ${v}: expected on or off`);
        args.forceX2apic = v === 'on' || v === '1';
        break;
      }
      case '--design': {
        const v = takeValue();
        if (!isDesign(v)) throw new UsageError(`--design ${v}: expected ${DESIGNS.join(' or ')}`);
        args.design = v;
        break;
      }
      case '--compare': {
        const v = takeValue();
        if (v !== 'designs') throw new UsageError(`--compare ${v}: expected designs`);
        if (args.command !== 'simulate') throw new UsageError('--compare is an option of simulate');
        args.compare = v;
        break;
      }
      default:
        throw new UsageError(`unknown option ${name}`);
    }
  }
  if (args.command !== 'rules' && args.paths.length === 0)
    throw new UsageError(`${args.command} needs at least one FILE`);
  return args;
}

function base(command: CliArgs['command']): CliArgs {
  return { command, format: 'text', paths: [], enableProposed: false, rules: {}, maxProblems: DEFAULT_MAX_PROBLEMS };
}
