// ARM_SCI_SPEC: the value of `arm_sci = "type=..."`.
// tools/xl/xl_parse.c: "strtok" style, strtok(",") then MATCH_OPTION.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q, strtokKv } from './util';

export const armSciFields: SpecFieldDoc[] = [
  { name: 'type', doc: 'Arm SCI mediator (case-insensitive).', values: ['none', 'scmi_smc'], default: 'none' },
];

export function parseArmSci(text: string): SpecParse {
  const b = new Builder('arm-sci-spec', text);
  let type: string | undefined;
  for (const k of strtokKv(text)) {
    b.field(k.key, k.value, k.tok.start, k.tok.end, k.valueStart);
    if (k.key === 'type' && k.hasEq) {
      const l = k.value.toLowerCase();
      if (l !== 'none' && l !== 'scmi_smc') b.fatal(k.valueStart, k.tok.end, `xl refuses arm_sci: unknown type ${q(k.value)} (use none or scmi_smc)`);
      else type = l;
    } else b.info(k.tok.start, k.tok.end, `xl silently ignores ${q(k.tok.text)} in arm_sci`);
  }
  b.sum('type', type ?? 'none (default)');
  return b.done();
}

export const armSciSpec: SpecLanguage = { syntax: 'arm-sci-spec', parse: parseArmSci, fields: armSciFields };
