// SMBIOS_SPEC: the items of `smbios = [ "KEY=VALUE", ... ]`.
// tools/xl/xl_parse.c: parse_config_data (smbios block).
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q, wholePair } from './util';

const SMBIOS_KEYS = [
  'bios_vendor', 'bios_version', 'system_manufacturer', 'system_product_name', 'system_version',
  'system_serial_number', 'baseboard_manufacturer', 'baseboard_product_name', 'baseboard_version',
  'baseboard_serial_number', 'baseboard_asset_tag', 'baseboard_location_in_chassis',
  'enclosure_manufacturer', 'enclosure_serial_number', 'enclosure_asset_tag', 'battery_manufacturer',
  'battery_device_name', 'oem',
];
export const smbiosFields: SpecFieldDoc[] = SMBIOS_KEYS.map((k) => ({
  name: k,
  doc: k === 'oem' ? 'OEM string (type 11); may be given up to 99 times.' : `SMBIOS string \`${k}\`.`,
}));

export function parseSmbios(text: string): SpecParse {
  const b = new Builder('smbios-spec', text);
  const pair = wholePair(b, text, `xl refuses this smbios item: failed to split ${q(text)} into \`KEY=VALUE\` (the value must not be empty)`, 'the value ends at the next `=`');
  if (!pair) return b.done();
  const k = pair.key.text.toLowerCase();
  if (!SMBIOS_KEYS.includes(k)) {
    b.fatal(pair.key.start, pair.key.end, `xl refuses this smbios item: invalid SMBIOS type ${q(pair.key.text)}` + didYouMeanNote(k, SMBIOS_KEYS));
    return b.done();
  }
  b.sum(k, pair.value.text);
  return b.done();
}

export const smbiosSpec: SpecLanguage = { syntax: 'smbios-spec', parse: parseSmbios, fields: smbiosFields };
