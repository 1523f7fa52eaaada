// VTPM_SPEC: the items of `vtpm = [ ... ]`.
// tools/xl/xl_parse.c: "strtok" style, strtok(",") then MATCH_OPTION.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, forEachKvUntilBare, isUuid, q } from './util';

export const vtpmFields: SpecFieldDoc[] = [
  { name: 'backend', doc: 'Domain running the vTPM backend (a vtpm stubdomain). Required.' },
  { name: 'uuid', doc: 'UUID of the vTPM, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.', default: 'generated' },
];

export function parseVtpm(text: string): SpecParse {
  const b = new Builder('vtpm-spec', text);
  const R = 'xl refuses this vtpm: ';
  let backend: string | undefined;
  let uuid: string | undefined;
  forEachKvUntilBare(b, text, 'this vtpm', (k) => {
    if (k.key === 'backend') backend = k.value;
    else if (k.key === 'uuid') {
      if (!isUuid(k.value)) b.fatal(k.valueStart, k.tok.end, `${R}failed to parse vtpm UUID ${q(k.value)} (form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
      else uuid = k.value;
    } else b.fatal(k.tok.start, k.tok.end, `${R}unknown string ${q(k.key)} in vtpm spec (keys: backend, uuid)` + didYouMeanNote(k.key, ['backend', 'uuid']));
  });
  if (backend === undefined) b.fatal(0, text.length, `${R}vtpm spec missing required backend field (add \`backend=<vtpm domain>\`)`);
  b.sum('backend', backend ?? '(missing)');
  b.sum('uuid', uuid ?? 'generated (default)');
  return b.done();
}

export const vtpmSpec: SpecLanguage = { syntax: 'vtpm-spec', parse: parseVtpm, fields: vtpmFields };
