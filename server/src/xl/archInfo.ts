// parse_config_data, the end: Arm keys (GIC, TEE, SVE, SPIs, SCI), x86's msr_relaxed, vPMU, and
// the Arm trap for unmapped accesses (tools/xl/xl_parse.c). xl reads all of them whatever the
// architecture it runs on; libxl decides later what applies.
import { toUint32 } from '../libxl/cnum';
import { enumValue } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { readArmSci } from './lists';
import { silentlyIgnored, type XlModel } from './model';

function enumKey(
  m: XlModel,
  key: string,
  enumType: string,
  target: LibxlStruct,
  field: string,
  printed: (v: string) => string,
  expected: string[],
): void {
  const r = m.xlu.getString(key, true);
  if (!r.ok) return silentlyIgnored(m, r);
  const name = m.fromString(enumType, r.setting, r.value);
  if (name !== undefined) target[field] = name;
  else
    m.refuse(
      'value/enum',
      key,
      m.valueAt(r.setting),
      [printed(r.value)],
      `${key} "${r.value}" is unknown: xl refuses the domain`,
      { expected },
    );
}

/** gic_version, tee, sve, nr_spis: read before the vkb and virtio lists. */
export function readArmKeys(m: XlModel): void {
  const { xlu, b } = m;
  const arm = ((b.arch_arm as LibxlStruct | undefined) ??= {});

  enumKey(m, 'gic_version', 'libxl_gic_version', arm, 'gic_version', (v) => `Unknown gic_version "${v}" specified`, [
    'default',
    'v2',
    'v3',
  ]);
  enumKey(m, 'tee', 'libxl_tee_type', b, 'tee', (v) => `Unknown tee "${v}" specified`, teeNames(m.release));
  if (m.atLeast('4.18')) {
    // 4.18 (commit b46e8207d0).
    enumKey(m, 'sve', 'libxl_sve_type', arm, 'sve_vl', (v) => `Unknown sve "${v}" specified`, [
      'disabled',
      'hw',
      '128',
      '256',
      '512',
      '1024',
      '2048',
    ]);
  }
  if (m.atLeast('4.19')) {
    // 4.19 (commit 6f588194d9).
    m.reading('nr_spis', 'integer');
    const spis = xlu.getLong('nr_spis');
    if (spis.ok) arm.nr_spis = toUint32(spis.value);
  }
}

/** The keys after the vkb and virtio lists, to the end of parse_config_data. */
export function readLateKeys(m: XlModel, proposed: boolean): void {
  const { xlu, b, c } = m;
  const x86 = ((b.arch_x86 as LibxlStruct | undefined) ??= {});

  m.reading('xend_suspend_evtchn_compat', 'boolean');
  const compat = xlu.getDefbool('xend_suspend_evtchn_compat');
  if (compat.ok) c.xend_suspend_evtchn_compat = compat.value;

  m.reading('msr_relaxed', 'boolean');
  const relaxed = xlu.getDefbool('msr_relaxed');
  if (relaxed.ok) {
    x86.msr_relaxed = relaxed.value;
    m.warn(
      'key/deprecated',
      'msr_relaxed',
      m.keyAt(relaxed.setting),
      [
        'WARNING: msr_relaxed will be removed in future versions.',
        'If it fixes an issue you are having please report to xen-devel@lists.xenproject.org.',
      ],
      'xl warns that `msr_relaxed` will be removed',
    );
  }

  m.reading('vpmu', 'boolean');
  const vpmu = xlu.getDefbool('vpmu');
  if (vpmu.ok) b.vpmu = vpmu.value;

  if (m.atLeast('4.21')) {
    // 4.21 (commit d057628757).
    m.reading('trap_unmapped_accesses', 'boolean');
    const trap = xlu.getDefbool('trap_unmapped_accesses');
    if (trap.ok) b.trap_unmapped_accesses = trap.value;
    readArmSci(m);
  }

  // The RFC "x86/hvm: Introduce force_x2apic flag" (xen-devel, Oct 2025) reads the flag like
  // msr_relaxed, with xlu_cfg_get_defbool. No release has it: the model reads it only when asked to
  // treat proposed options as merged, and keeps it out of the printed config.
  if (proposed) {
    m.reading('force_x2apic', 'boolean');
    const fx = xlu.getDefbool('force_x2apic');
    if (fx.ok) m.proposed.force_x2apic = fx.value;
  }
}

/** libxl_tee_type's names in a release ("ffa" arrived in 4.19). */
function teeNames(release: string): string[] {
  return ['none', 'optee', ...(enumValue('libxl_tee_type', 'ffa', release) !== undefined ? ['ffa'] : [])];
}
