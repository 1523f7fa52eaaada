// PVCALLS_SPEC: the items of `pvcalls = [ ... ]`.
// tools/xl/xl_parse.c: strtok(",") items after `while (*p == ' ') p++`; reading stops at an item
// without `=`; only `backend` is known. `device` is the libxl_device_pvcallsif (devid: the list
// index, set by xl).
import type { LibxlStruct } from '../libxl/value';
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, forEachKvUntilBare, q } from './util';
import { xlRefuses } from './xlOutput';

export const pvcallsFields: SpecFieldDoc[] = [{ name: 'backend', doc: 'Domain serving PV calls.', default: '0' }];

export function parsePvcalls(text: string): SpecParse {
  const b = new Builder('pvcalls-spec', text);
  b.exitOnRefusal = true;
  const dev: LibxlStruct = {};
  forEachKvUntilBare(b, text, 'this entry', (k) => {
    if (k.key === 'backend') dev.backend_domname = k.value;
    else
      b.fatal(
        k.tok.start,
        k.tok.end,
        `xl refuses this pvcalls entry: unknown string ${q(k.key)} (only backend)`,
        xlRefuses(`Unknown string \`${k.key}' in pvcalls spec`),
      );
  });
  b.sum('backend', (dev.backend_domname as string | undefined) ?? '0 (default)');
  return b.done(dev);
}

export const pvcallsSpec: SpecLanguage = { syntax: 'pvcalls-spec', parse: parsePvcalls, fields: pvcallsFields };
