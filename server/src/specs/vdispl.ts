// VDISPL_SPEC: the items of `vdispl = [ ... ]`.
// tools/xl/xl_parse.c: strtok(",") tokens after `while (*p == ' ') p++`, each through
// parse_vdispl_config (MATCH_OPTION); anything else makes xl exit. `connectors=` is split at `;`
// and each connector with split_string_into_pair(":") (no trimming; xlStrings.ts for 4.17), then
// sscanf("%ux%u"). `device` is the libxl_device_vdispl (devid: the list index, set by xl).
import type { LibxlStruct } from '../libxl/value';
import { scanUnsigned, strtoulValue, toBool } from './clib';
import { specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q, type Tok } from './util';
import { xlCrashes, xlRefuses, xlWarns } from './xlOutput';
import { forEachOption, splitPair, splitStringList } from './xlStrings';

export const vdisplFields: SpecFieldDoc[] = [
  { name: 'backend', doc: 'Domain serving the display.', default: '0' },
  { name: 'be-alloc', doc: 'The backend allocates the display buffers.', values: ['0', '1'], default: '0' },
  { name: 'connectors', doc: 'Semicolon list of `ID:WIDTHxHEIGHT`, e.g. `id0:1920x1080;id1:800x600`. At least one.' },
];
const KEYS = vdisplFields.map((f) => f.name);
const R = 'xl refuses this vdispl: ';

/**
 * sscanf(resolution, "%ux%u"): the number of conversions, or -1 (EOF) when the input holds
 * nothing but white space; width and height are stored as far as they convert.
 */
function scanResolution(s: string, conn: LibxlStruct): number {
  const w = scanUnsigned(s, 0, 10);
  if (!('value' in w)) return w.atEnd ? -1 : 0;
  conn.width = w.value;
  if (s[w.end] !== 'x') return 1;
  const h = scanUnsigned(s, w.end + 1, 10);
  if (!('value' in h)) return 1;
  conn.height = h.value;
  return 2;
}

export function parseVdispl(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('vdispl-spec', text);
  b.exitOnRefusal = true;
  const vdispl: LibxlStruct = {};
  let summary = '';
  const connectors = (value: Tok): void => {
    const list = splitStringList(text, ';', value.start, value.end);
    if (list.crash) {
      b.fatal(value.start, Math.max(value.end, value.start + 1), `${R}an empty connector list crashes xl`, xlCrashes());
      return;
    }
    // xcalloc'd: connectors not reached stay zero
    const conns: LibxlStruct[] = list.items.map(() => ({}));
    vdispl.connectors = conns;
    const shown: string[] = [];
    for (let i = 0; i < list.items.length; i++) {
      const c = list.items[i];
      const pair = splitPair(release, c, ':', false);
      if (!pair) {
        // the resolution pointer is then left uninitialised and read
        b.fatal(c.start, c.end, `${R}connector ${q(c.text)} is not \`ID:WIDTHxHEIGHT\`; xl crashes on it`, xlCrashes());
        return;
      }
      conns[i].unique_id = pair.key.text;
      const rc = scanResolution(pair.value.text, conns[i]);
      if (rc !== 2) {
        // parse_vdispl_config returns sscanf's count: 0 means success to xl
        const msg = `${q(pair.value.text)} is not a resolution \`WxH\``;
        if (rc === 0) {
          b.warn(
            pair.value.start,
            pair.value.end,
            `${msg}: xl prints "Can't parse connector resolution" and goes on`,
            xlWarns("Can't parse connector resolution"),
          );
        } else b.fatal(pair.value.start, pair.value.end, `${R}${msg}`, xlRefuses("Can't parse connector resolution"));
        return;
      }
      shown.push(`${pair.key.text} ${conns[i].width}x${conns[i].height}`);
    }
    summary = shown.join('; ');
  };
  forEachOption(
    b,
    text,
    KEYS,
    R,
    'vdispl',
    (item) => `Unknown string "${item}" in vdispl spec`,
    (key, value) => {
      if (key === 'backend') vdispl.backend_domname = value.text;
      else if (key === 'be-alloc') vdispl.be_alloc = toBool(strtoulValue(value.text, 0));
      else connectors(value);
    },
  );
  if (!(vdispl.connectors as LibxlStruct[] | undefined)?.length) {
    b.fatal(
      0,
      text.length,
      `${R}no connector (add one, e.g. \`connectors=id0:1920x1080\`)`,
      xlRefuses('At least one connector should be specified.'),
    );
  }
  b.sum('backend', (vdispl.backend_domname as string | undefined) ?? '0 (default)');
  b.sum('be-alloc', vdispl.be_alloc ? '1' : '0 (default)');
  b.sum('connectors', summary || '(none)');
  return b.done(vdispl);
}

export const vdisplSpec: SpecLanguage = { syntax: 'vdispl-spec', parse: parseVdispl, fields: vdisplFields };
