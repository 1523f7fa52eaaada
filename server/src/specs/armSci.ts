// ARM_SCI_SPEC: the value of `arm_sci = "type=..."` (Xen 4.21+: 10e7473d60 "xen/arm: scmi-smc:
// passthrough SCMI SMC to domain, single agent"), as tools/xl/xl_parse.c parse_arm_sci_config
// reads it into b_info.arch_arm.arm_sci: strtok(",") and MATCH_OPTION("type") with no blank
// skipped; the type by libxl_arm_sci_type_from_string (case-insensitive); anything else is
// ignored silently. The same in 4.21 and 4.22.
import { enumName, enumValue } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { releaseAtLeast, specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q, strtok, splitAtEq } from './util';
import { xlRefuse } from './xlOutput';

export const armSciFields: SpecFieldDoc[] = [
  { name: 'type', doc: 'Arm SCI mediator (case-insensitive).', values: ['none', 'scmi_smc'], default: 'none' },
];

/** device: the libxl_arm_sci xl stores (absent when xl exits, or before 4.21). */
export function parseArmSci(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context?.release);
  const b = new Builder('arm-sci-spec', text);
  if (!releaseAtLeast(release, '4.21')) return b.done();
  const sci: LibxlStruct = {};
  for (const tok of strtok(text, ',')) {
    const k = splitAtEq(tok);
    b.field(k.key, k.value, tok.start, tok.end, k.valueStart);
    if (!tok.text.startsWith('type=')) {
      b.info(tok.start, tok.end, `xl silently ignores ${q(tok.text)} in arm_sci`);
      continue;
    }
    const n = enumValue('libxl_arm_sci_type', k.value, release);
    if (n === undefined) {
      xlRefuse(b, k.valueStart, tok.end, `xl refuses arm_sci: unknown type ${q(k.value)} (none or scmi_smc)`, [
        `Unknown ARM_SCI type: ${k.value}`,
      ]);
      return b.done();
    }
    sci.type = enumName('libxl_arm_sci_type', n, release)!;
  }
  b.sum('type', (sci.type as string | undefined) ?? 'none (default)');
  const out = b.done();
  out.device = sci;
  return out;
}

export const armSciSpec: SpecLanguage = { syntax: 'arm-sci-spec', parse: parseArmSci, fields: armSciFields };
