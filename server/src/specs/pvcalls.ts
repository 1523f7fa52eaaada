// PVCALLS_SPEC: the items of `pvcalls = [ ... ]`.
// tools/xl/xl_parse.c: "strtok" style, strtok(",") then MATCH_OPTION.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, forEachKvUntilBare, q } from './util';

export const pvcallsFields: SpecFieldDoc[] = [{ name: 'backend', doc: 'Domain serving PV calls.', default: '0' }];

export function parsePvcalls(text: string): SpecParse {
  const b = new Builder('pvcalls-spec', text);
  let backend: string | undefined;
  forEachKvUntilBare(b, text, 'this entry', (k) => {
    if (k.key === 'backend') backend = k.value;
    else b.fatal(k.tok.start, k.tok.end, `xl refuses this pvcalls entry: unknown string ${q(k.key)} (only backend)`);
  });
  b.sum('backend', backend ?? '0 (default)');
  return b.done();
}

export const pvcallsSpec: SpecLanguage = { syntax: 'pvcalls-spec', parse: parsePvcalls, fields: pvcallsFields };
