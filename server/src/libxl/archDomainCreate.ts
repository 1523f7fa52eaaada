// libxl_x86.c: libxl__arch_domain_create, run once Xen has made the domain: the Viridian
// (Hyper-V) enlightenment groups of an HVM guest, and the TSC mode. Arm's version checks neither.
import { enumName } from './idl';
import { type CreateModel, bitmap, flag } from './createModel';
import type { DomainType, Settled } from './createReport';
import { LibxlBitmap } from './value';
import { VIRIDIAN_DEFAULT_GROUPS } from './xenLimits';

/** LIBXL_BUILDINFO_HVM_VIRIDIAN_ENABLE_DISABLE_WIDTH */
const WIDTH = 64;

export function archDomainCreate(m: CreateModel, type: DomainType): Settled<string[]> | undefined {
  if (m.arch !== 'x86') return undefined;
  const viridian = type === 'hvm' ? viridianFeatures(m) : undefined;
  if (m.b.tsc_mode === 'native_paravirt') {
    m.refuse(
      'relation/tsc-native-paravirt',
      ['tsc_mode'],
      ['TSC Mode native_paravirt (a.k.a PVRDTSCP) has been removed'],
      'tsc_mode "native_paravirt" (PVRDTSCP) was removed from Xen: libxl refuses at creation',
      m.cite('libxl_x86.c', 'libxl__arch_domain_create'),
    );
  }
  return viridian;
}

/**
 * libxl_x86.c: hvm_set_viridian_features. `viridian = 1` (or "defaults") starts from the default
 * groups; each group both enabled and disabled is refused; enabled groups are added, disabled ones
 * removed (bits with no name are skipped); a non-empty set must keep `base`.
 */
function viridianFeatures(m: CreateModel): Settled<string[]> {
  const cite = m.cite('libxl_x86.c', 'hvm_set_viridian_features');
  const set = new LibxlBitmap(WIDTH);
  const name = (bit: number): string | undefined => enumName('libxl_viridian_enlightenment', bit, m.release);
  const defaults = flag(m.u, 'viridian') === true;
  if (defaults) {
    for (const g of VIRIDIAN_DEFAULT_GROUPS) set.set(bitOf(m, g));
  }
  const enable = bitmap(m.u, 'viridian_enable');
  const disable = bitmap(m.u, 'viridian_disable');
  const keys = ['viridian'];
  for (const bit of enable?.bits() ?? []) {
    if (disable?.test(bit)) {
      m.refuse(
        'relation/viridian-groups',
        keys,
        [`${name(bit) ?? '(null)'} group both enabled and disabled`],
        `Viridian group ${name(bit) ?? bit} is both enabled and disabled: libxl refuses at creation`,
        cite,
      );
      return settled(m, set, defaults, enable, disable);
    }
    if (name(bit)) set.set(bit);
  }
  for (const bit of disable?.bits() ?? []) if (name(bit)) set.reset(bit);
  if (!set.isEmpty() && !set.test(bitOf(m, 'base'))) {
    m.refuse(
      'relation/viridian-groups',
      keys,
      ['base group not enabled'],
      'Viridian groups without the `base` group: libxl refuses at creation',
      cite,
    );
  }
  return settled(m, set, defaults, enable, disable);
}

function bitOf(m: CreateModel, group: string): number {
  for (let n = 0; n < WIDTH; n++) if (enumName('libxl_viridian_enlightenment', n, m.release) === group) return n;
  throw new Error(`libxl ${m.release} has no Viridian group ${group}`);
}

function settled(
  m: CreateModel,
  set: LibxlBitmap,
  defaults: boolean,
  enable?: LibxlBitmap,
  disable?: LibxlBitmap,
): Settled<string[]> {
  const groups = set.bits().map((b) => enumName('libxl_viridian_enlightenment', b, m.release)!);
  const fromConfig = defaults || !!enable?.bits().length || !!disable?.bits().length;
  return fromConfig
    ? {
        value: groups,
        from: 'config',
        field: 'b_info.u.hvm.viridian_enable',
        by: 'libxl_x86.c: hvm_set_viridian_features',
      }
    : {
        value: groups,
        from: 'default',
        field: 'b_info.u.hvm.viridian',
        by: 'libxl_x86.c: hvm_set_viridian_features',
        why: 'Viridian is off by default',
      };
}
