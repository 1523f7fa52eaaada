// parse_config_data, first part: the domain's identity (tools/xl/xl_parse.c, from the security
// labels to libxl_domain_build_info_init_type and the PVH shim keys).
import { toUint32 } from '../libxl/cnum';
import { compareVersions } from '../schema/versions';
import { readXenstoreQuota } from './lists';
import type { XlModel } from './model';
import { excerpt } from '../excerpt';

/** `!strncmp(s, word, strlen(s))`: s is a prefix of word (the empty string is a prefix of all). */
export function cPrefix(s: string, word: string): boolean {
  return word.startsWith(s);
}

/** xl_parse.c: the `type` key, tried as a prefix of hvm, pv, pvh in that order. */
export function typeFromPrefix(s: string): 'hvm' | 'pv' | 'pvh' | undefined {
  return (['hvm', 'pv', 'pvh'] as const).find((t) => cPrefix(s, t));
}

/** xl_parse.c: the deprecated `builder` key: a prefix of hvm, else of generic (PV). */
export function builderFromPrefix(s: string): 'hvm' | 'pv' | undefined {
  if (cPrefix(s, 'hvm')) return 'hvm';
  if (cPrefix(s, 'generic')) return 'pv';
  return undefined;
}

/** libuuid's uuid_parse, which libxl_uuid_from_string calls: 8-4-4-4-12 hex digits, any case. */
export function parseUuid(s: string): string | undefined {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s)
    ? s.toLowerCase()
    : undefined;
}

/** xm's `builder` words, which xl does not know, and the guest type they meant. */
const XM_BUILDERS: Readonly<Record<string, 'pv' | 'hvm'>> = { linux: 'pv', vmx: 'hvm' };

export function readCreateInfo(m: XlModel, arch: 'x86' | 'arm'): void {
  const { xlu, c, b } = m;

  // Labels: init_seclabel is the build-time label when given, seclabel the run-time one.
  const initLabel = xlu.getString('init_seclabel');
  if (initLabel.ok) c.ssid_label = initLabel.value;
  const seclabel = xlu.getString('seclabel');
  if (seclabel.ok) {
    if (c.ssid_label !== undefined) b.exec_ssid_label = seclabel.value;
    else c.ssid_label = seclabel.value;
  }

  // xl.c: run_hotplug_scripts defaults to 1 (xl.conf's run_hotplug_scripts).
  c.run_hotplug_scripts = true;

  const type = xlu.getString('type');
  if (type.ok) {
    const t = typeFromPrefix(type.value);
    if (t) {
      c.type = t;
      m.readAs(type.setting, type.value, t, 'prefix');
    } else
      m.refuse(
        'value/enum',
        'type',
        m.valueAt(type.setting),
        [`Invalid domain type ${type.value}.`],
        `"${type.value}" is no guest type: xl refuses the domain`,
        { expected: ['hvm', 'pv', 'pvh'] },
      );
  }
  const builder = xlu.getString('builder');
  if (builder.ok) {
    // Before 4.10 (commit c7dfe4ac58, "xl: introduce a domain type option") `builder` was the only key: a prefix of "hvm" meant HVM and
    // anything else PV, without complaint.
    const old = compareVersions(m.target, '4.10') < 0;
    const t = old ? (cPrefix(builder.value, 'hvm') ? 'hvm' : 'pv') : builderFromPrefix(builder.value);
    if (!t) {
      const xm = Object.hasOwn(XM_BUILDERS, builder.value) ? XM_BUILDERS[builder.value] : undefined;
      const message = xm
        ? `builder "${builder.value}" is xm's word for ${xm.toUpperCase()}: xl refuses it; write type = "${xm}"`
        : `builder "${builder.value}" is unknown to xl: it refuses the domain`;
      m.refuse(
        'value/enum',
        'builder',
        m.valueAt(builder.setting),
        [`Invalid domain type ${builder.value}.`],
        message,
        { expected: ['hvm', 'generic'], xm },
      );
    } else {
      if (!old) m.readAs(builder.setting, builder.value, t === 'pv' ? 'generic' : 'hvm', 'prefix');
      if (c.type !== undefined && c.type !== t) {
        m.refuse(
          'relation/builder-type-conflict',
          'builder',
          m.keyAt(builder.setting),
          ['Contradicting "builder" and "type" options specified.'],
          '`builder` and `type` disagree: xl refuses the domain',
          { builder: t, type: c.type },
        );
      }
      c.type = t;
    }
  }
  // Compile-time default of xl: PVH on Arm, PV on x86.
  if (c.type === undefined) c.type = arch === 'arm' ? 'pvh' : 'pv';

  m.reading('hap', 'boolean');
  const hap = xlu.getDefbool('hap');
  if (hap.ok) c.hap = hap.value;

  const name = xlu.getString('name');
  if (name.ok) c.name = name.value;
  else
    m.refuse(
      'relation/name-missing',
      'name',
      name.setting ? m.valueAt(name.setting) : { start: 0, end: 0 },
      ['Domain name must be specified.'],
      name.setting ? '`name` must be one string: xl refuses the domain' : 'No `name`: xl refuses the domain',
    );

  const uuid = xlu.getString('uuid');
  if (uuid.ok) {
    const u = parseUuid(uuid.value);
    if (u) c.uuid = u;
    else {
      const message = `${excerpt(uuid.value, 36)} is not a UUID: xl refuses the domain`;
      m.refuse('value/uuid', 'uuid', m.valueAt(uuid.setting), [`Failed to parse UUID: ${uuid.value}`], message);
    }
  }
  // Otherwise xl generates one (libxl_uuid_generate): random, so the model leaves it out.

  m.reading('oos', 'boolean');
  const oos = xlu.getDefbool('oos');
  if (oos.ok) c.oos = oos.value;

  const pool = xlu.getString('pool');
  if (pool.ok) c.pool_name = pool.value;

  // 4.21 (commit ...): read before the build info is typed.
  if (m.atLeast('4.21')) {
    m.reading('xenstore_feature_mask', 'integer');
    const mask = xlu.getLong('xenstore_feature_mask');
    if (mask.ok) b.xenstore_feature_mask = toUint32(mask.value);
  }
  if (m.atLeast('4.22')) readXenstoreQuota(m);

  // libxl_domain_build_info_init_type
  b.type = c.type;
  b.u = {};

  if (b.type === 'pvh') {
    m.reading('pvshim', 'boolean');
    const pvshim = xlu.getDefbool('pvshim');
    if (pvshim.ok) m.u.pvshim = pvshim.value;
    for (const [key, field] of [
      ['pvshim_path', 'pvshim_path'],
      ['pvshim_cmdline', 'pvshim_cmdline'],
      ['pvshim_extra', 'pvshim_extra'],
    ] as const) {
      const v = xlu.getString(key);
      if (v.ok) m.u[field] = v.value;
    }
  }
  // blkdev_start comes from xl.conf only (empty there: NULL).
}
