// UUID: the value of `uuid = "..."`.
// tools/xl/xl_parse.c: parse_config_data (uuid block).
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, isUuid, q } from './util';

export const uuidFields: SpecFieldDoc[] = [{ name: 'uuid', doc: 'Domain UUID, 8-4-4-4-12 hex digits.' }];

export function parseUuid(text: string): SpecParse {
  const b = new Builder('uuid', text);
  if (!isUuid(text)) {
    const hint = isUuid(text.trim())
      ? ' (remove the blanks)'
      : /^[0-9a-fA-F]{32}$/.test(text)
        ? ' (the dashes are required)'
        : '';
    b.fatal(0, text.length, `xl refuses the domain: ${q(text, 36)} is not a UUID (8-4-4-4-12 hex digits)${hint}`);
  } else {
    b.field('uuid', text, 0, text.length, 0, true);
    b.sum('uuid', text.toLowerCase());
    if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(text))
      b.warn(0, text.length, 'the all-zero UUID means "none"; libxl will generate one');
  }
  return b.done();
}

export const uuidSpec: SpecLanguage = { syntax: 'uuid', parse: parseUuid, fields: uuidFields };
