// SMBIOS_SPEC: the items of `smbios = [ "KEY=VALUE", ... ]` (HVM, Xen 4.18+: 9aeb3a20c4 "xl/libxl:
// Add ability to specify SMBIOS strings", 38bdfa44cc "Add OEM string support"), as
// tools/xl/xl_parse.c reads each one into a libxl_smbios {key, value}: split at the first `=`
// (nothing trimmed), an empty value refused, the key looked up case-insensitively by
// libxl_smbios_type_from_string, and at most 99 `oem` strings. The same in 4.18 ... 4.22.
import { enumValue, enumName } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { releaseAtLeast, specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q } from './util';
import { xlRefuse } from './xlOutput';

const SMBIOS_KEYS = [
  'bios_vendor',
  'bios_version',
  'system_manufacturer',
  'system_product_name',
  'system_version',
  'system_serial_number',
  'baseboard_manufacturer',
  'baseboard_product_name',
  'baseboard_version',
  'baseboard_serial_number',
  'baseboard_asset_tag',
  'baseboard_location_in_chassis',
  'enclosure_manufacturer',
  'enclosure_serial_number',
  'enclosure_asset_tag',
  'battery_manufacturer',
  'battery_device_name',
  'oem',
];
export const smbiosFields: SpecFieldDoc[] = SMBIOS_KEYS.map((k) => ({
  name: k,
  doc: k === 'oem' ? 'OEM string (type 11); may be given up to 99 times.' : `SMBIOS string \`${k}\`.`,
}));

/** One smbios item on its own; device: the libxl_smbios xl stores (absent when xl exits). */
export function parseSmbios(text: string, context?: SpecContext): SpecParse {
  const r = smbiosList([text], context);
  const p = r.parses[0];
  if (r.entries) p.device = r.entries[0];
  return p;
}

/**
 * The whole list as xl builds b_info.u.hvm.smbios, in order (xl exits at the first bad item; the
 * caller handles what is not a string list: "xl: Unable to get element #%d in smbios list" and,
 * for a non-list value, "xl: Unable to parse smbios options."). entries: undefined when xl exits
 * or (before 4.18) does not read the key.
 */
export function smbiosList(
  items: readonly string[],
  context?: SpecContext,
): { parses: SpecParse[]; entries?: LibxlStruct[] } {
  const release = specRelease(context?.release);
  const builders = items.map((t) => new Builder('smbios-spec', t));
  if (!releaseAtLeast(release, '4.18')) return { parses: builders.map((b) => b.done()) };
  const entries: LibxlStruct[] = [];
  let numOem = 1;
  let fatal = false;
  for (const b of builders) {
    const text = b.text;
    const eq = text.indexOf('=');
    if (eq < 0) {
      xlRefuse(b, 0, text.length, 'xl refuses this smbios item: no `=` (form `KEY=VALUE`)', [
        `xl: failed to split "${text}" at '='`,
      ]);
      fatal = true;
      break;
    }
    const key = text.slice(0, eq);
    const value = text.slice(eq + 1);
    b.field(key, value, 0, text.length, eq + 1);
    if (value === '') {
      xlRefuse(b, 0, text.length, 'xl refuses this smbios item: the value is empty', [
        `xl: empty value not allowed for smbios "${key}="`,
      ]);
      fatal = true;
      break;
    }
    const n = enumValue('libxl_smbios_type', key, release);
    if (n === undefined) {
      const near = didYouMeanNote(key.trim().toLowerCase(), SMBIOS_KEYS);
      xlRefuse(b, 0, eq, `xl refuses this smbios item: unknown type ${q(key)}${near}`, [
        `xl: unknown smbios type '${key}'`,
      ]);
      fatal = true;
      break;
    }
    const name = enumName('libxl_smbios_type', n, release)!;
    if (name === 'oem') {
      if (numOem > 99) {
        xlRefuse(b, 0, eq, 'xl refuses a 100th smbios oem string (99 at most)', [
          'xl: smbios limited to 99 oem strings',
        ]);
        fatal = true;
        break;
      }
      numOem++;
    }
    b.sum(name, value);
    entries.push({ key: name, value });
  }
  const parses = builders.map((b) => b.done());
  return fatal ? { parses } : { parses, entries };
}

export const smbiosSpec: SpecLanguage = { syntax: 'smbios-spec', parse: parseSmbios, fields: smbiosFields };
