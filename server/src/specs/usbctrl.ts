// USBCTRL_SPEC: the items of `usbctrl = [ ... ]`.
// tools/xl/xl_parse.c: strtok(",") tokens after `while (*p == ' ') p++`, each through
// parse_usbctrl_config (MATCH_OPTION); anything else makes xl exit. `device` is the
// libxl_device_usbctrl (devid: the list index, set by xl).
import { enumValue } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { atoi } from './clib';
import { specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q } from './util';
import { xlRefuses } from './xlOutput';
import { forEachOption } from './xlStrings';

const USBCTRL_TYPES = ['auto', 'pv', 'devicemodel', 'qusb'];
export const usbctrlFields: SpecFieldDoc[] = [
  { name: 'type', doc: 'Controller implementation (case-insensitive).', values: USBCTRL_TYPES, default: 'auto' },
  { name: 'version', doc: 'USB version of the controller (atoi).', values: ['1', '2', '3'], default: '2' },
  { name: 'ports', doc: 'Number of ports, 1-31 (atoi).', default: '8' },
];
const KEYS = usbctrlFields.map((f) => f.name);

export function parseUsbctrl(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('usbctrl-spec', text);
  b.exitOnRefusal = true;
  const R = 'xl refuses this USB controller: ';
  const ctrl: LibxlStruct = {};
  forEachOption(
    b,
    text,
    KEYS,
    R,
    'usbctrl',
    (item) => `Unknown string \`${item}' in usbctrl spec`,
    (key, value, t) => {
      const v = value.text;
      const vs = value.start;
      if (key === 'type') {
        if (enumValue('libxl_usbctrl_type', v, release) === undefined) {
          b.fatal(
            vs,
            t.end,
            `${R}invalid type ${q(v)} (use ${USBCTRL_TYPES.join(', ')})`,
            xlRefuses(`Invalid usb controller type '${v}'`),
          );
        } else ctrl.type = v.toLowerCase();
      } else {
        const n = atoi(v);
        if (!/^[ \t\n\v\f\r]*[+-]?[0-9]/.test(v)) b.warn(vs, t.end, `${q(v)} is not a number; xl reads it as 0`);
        else if (key === 'version' && (n < 1 || n > 3))
          b.warn(vs, t.end, `USB version ${n}: libxl only knows 1, 2 and 3`);
        else if (key === 'ports' && (n < 1 || n > 31)) b.warn(vs, t.end, `${n} ports: libxl supports 1 to 31`);
        ctrl[key] = n;
      }
    },
  );
  b.sum('type', (ctrl.type as string | undefined) ?? 'auto (default)');
  b.sum('version', ctrl.version !== undefined ? String(ctrl.version) : '2 (default)');
  b.sum('ports', ctrl.ports !== undefined ? String(ctrl.ports) : '8 (default)');
  return b.done(ctrl);
}

export const usbctrlSpec: SpecLanguage = { syntax: 'usbctrl-spec', parse: parseUsbctrl, fields: usbctrlFields };
