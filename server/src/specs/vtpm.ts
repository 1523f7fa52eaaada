// VTPM_SPEC: the items of `vtpm = [ ... ]`.
// tools/xl/xl_parse.c: strtok(",") items after `while (*p == ' ') p++`; reading stops at an item
// without `=`; keys compared exactly (`backend `, with a blank, is unknown). `device` is the
// libxl_device_vtpm (devid: the list index, set by xl).
import type { LibxlStruct } from '../libxl/value';
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, forEachKvUntilBare, isUuid, q } from './util';
import { xlRefuses } from './xlOutput';

export const vtpmFields: SpecFieldDoc[] = [
  { name: 'backend', doc: 'Domain running the vTPM backend (a vtpm stubdomain). Required.' },
  { name: 'uuid', doc: 'UUID of the vTPM, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.', default: 'generated' },
];

export function parseVtpm(text: string): SpecParse {
  const b = new Builder('vtpm-spec', text);
  b.exitOnRefusal = true;
  const R = 'xl refuses this vtpm: ';
  const vtpm: LibxlStruct = {};
  forEachKvUntilBare(b, text, 'this vtpm', (k) => {
    if (k.key === 'backend') vtpm.backend_domname = k.value;
    else if (k.key === 'uuid') {
      // libxl_uuid_from_string (libuuid's uuid_parse): 36 characters, dashes at 8, 13, 18, 23
      if (!isUuid(k.value))
        b.fatal(
          k.valueStart,
          k.tok.end,
          `${R}${q(k.value, 36)} is not a UUID (8-4-4-4-12 hex digits)`,
          xlRefuses(`Failed to parse vtpm UUID: ${k.value}`),
        );
      else vtpm.uuid = k.value.toLowerCase();
    } else {
      b.fatal(
        k.tok.start,
        k.tok.end,
        `${R}unknown string ${q(k.key)} in vtpm spec (keys: backend, uuid)` +
          didYouMeanNote(k.key, ['backend', 'uuid']),
        xlRefuses(`Unknown string \`${k.key}' in vtpm spec`),
      );
    }
  });
  if (vtpm.backend_domname === undefined) {
    b.fatal(
      0,
      text.length,
      `${R}no backend (add \`backend=<vtpm domain>\`)`,
      xlRefuses('vtpm spec missing required backend field!'),
    );
  }
  b.sum('backend', (vtpm.backend_domname as string | undefined) ?? '(missing)');
  b.sum('uuid', (vtpm.uuid as string | undefined) ?? 'generated (default)');
  return b.done(vtpm);
}

export const vtpmSpec: SpecLanguage = { syntax: 'vtpm-spec', parse: parseVtpm, fields: vtpmFields };
