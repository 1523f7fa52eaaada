// VKB_SPEC: the items of `vkb = [ ... ]`.
// tools/xl/xl_parse.c: parse_vkb_list, strtok(",") tokens after `while (*p == ' ') p++`, each
// through parse_vkb_config (MATCH_OPTION); anything else makes xl exit, and so does a missing
// backend-type. Any multi-touch size turns feature-multi-touch on. `device` is the
// libxl_device_vkb; its devid is the index in d_config->vkbs, after the vkbs xl added for vfbs.
import { toUint32 } from '../libxl/cnum';
import { enumValue } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { strtoul, strtoulValue, toBool } from './clib';
import { specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q } from './util';
import { xlRefuses } from './xlOutput';
import { forEachOption } from './xlStrings';

const BOOLS = [
  'feature-disable-keyboard',
  'feature-disable-pointer',
  'feature-abs-pointer',
  'feature-raw-pointer',
  'feature-multi-touch',
];
const SIZES = ['multi-touch-width', 'multi-touch-height', 'multi-touch-num-contacts', 'width', 'height'];
const VKB_KEYS = ['backend', 'backend-type', 'unique-id', ...BOOLS, ...SIZES];
export const vkbFields: SpecFieldDoc[] = [
  { name: 'backend-type', doc: 'Who serves the device (case-insensitive). Required.', values: ['qemu', 'linux'] },
  { name: 'backend', doc: 'Backend domain.', default: '0' },
  { name: 'unique-id', doc: 'Identifier passed to the backend.' },
  { name: 'feature-disable-keyboard', doc: 'Do not provide a keyboard.', values: ['0', '1'], default: '0' },
  { name: 'feature-disable-pointer', doc: 'Do not provide a pointer.', values: ['0', '1'], default: '0' },
  { name: 'feature-abs-pointer', doc: 'Absolute pointer.', values: ['0', '1'], default: '0' },
  { name: 'feature-raw-pointer', doc: 'Raw (unscaled) pointer events.', values: ['0', '1'], default: '0' },
  {
    name: 'feature-multi-touch',
    doc: 'Multi-touch device; needs the multi-touch sizes.',
    values: ['0', '1'],
    default: '0',
  },
  { name: 'multi-touch-width', doc: 'Multi-touch width (C number).' },
  { name: 'multi-touch-height', doc: 'Multi-touch height (C number).' },
  { name: 'multi-touch-num-contacts', doc: 'Number of touch contacts (C number).' },
  { name: 'width', doc: 'Absolute pointer width (C number).' },
  { name: 'height', doc: 'Absolute pointer height (C number).' },
];

export function parseVkb(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('vkb-spec', text);
  b.exitOnRefusal = true;
  const R = 'xl refuses this vkb: ';
  const vkb: LibxlStruct = {};
  let badType = false;
  forEachOption(
    b,
    text,
    VKB_KEYS,
    R,
    'vkb',
    (item) => `Unknown string "${item}" in vkb spec`,
    (key, value, t) => {
      const v = value.text;
      const vs = value.start;
      if (key === 'backend-type') {
        if (enumValue('libxl_vkb_backend', v, release) === undefined) {
          b.fatal(
            vs,
            t.end,
            `${R}unknown backend-type ${q(v)} (use qemu or linux)`,
            xlRefuses(`Unknown backend_type "${v}" in vkb spec`),
          );
          badType = true;
        } else vkb.backend_type = v.toLowerCase();
      } else if (key === 'backend') vkb.backend_domname = v;
      else if (key === 'unique-id') vkb.unique_id = v;
      else {
        if (!strtoul(v, 0, 0).ok) b.warn(vs, t.end, `${q(v)} is not a number; xl reads it as 0`);
        const n = strtoulValue(v, 0);
        vkb[key.replace(/-/g, '_')] = BOOLS.includes(key) ? toBool(n) : toUint32(n);
      }
    },
  );
  const mt = ['multi_touch_height', 'multi_touch_width', 'multi_touch_num_contacts'].some(
    (k) => ((vkb[k] as number | undefined) ?? 0) !== 0,
  );
  if (!badType && (vkb.backend_type === undefined || vkb.backend_type === 'unknown')) {
    b.fatal(
      0,
      text.length,
      `${R}no backend-type (add \`backend-type=qemu\` or \`backend-type=linux\`)`,
      xlRefuses('backend-type should be set in vkb spec'),
    );
  }
  if (mt) vkb.feature_multi_touch = true;
  else if (vkb.feature_multi_touch) {
    b.fatal(
      0,
      text.length,
      `${R}feature-multi-touch needs a multi-touch-width, -height or -num-contacts`,
      xlRefuses(
        'multi-touch-width, multi-touch-height, multi-touch-num-contacts should be set for multi touch in vkb spec',
      ),
    );
  }
  b.sum('backend-type', (vkb.backend_type as string | undefined) ?? '(missing)');
  b.sum('backend', (vkb.backend_domname as string | undefined) ?? '0 (default)');
  if (mt) b.sum('feature-multi-touch', '1 (implied by the multi-touch sizes)');
  for (const k of VKB_KEYS) {
    const v = vkb[k.replace(/-/g, '_')];
    if (v !== undefined && k !== 'backend' && k !== 'backend-type' && !(mt && k === 'feature-multi-touch'))
      b.sum(k, String(v === true ? 1 : v === false ? 0 : v));
  }
  return b.done(vkb);
}

export const vkbSpec: SpecLanguage = { syntax: 'vkb-spec', parse: parseVkb, fields: vkbFields };
