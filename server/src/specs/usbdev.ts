// USBDEV_SPEC: the items of `usbdev = [ ... ]`.
// tools/xl/xl_parse.c: strtok(",") tokens after `while (*p == ' ') p++`, each through
// parse_usbdev_config (MATCH_OPTION); anything else makes xl exit. `device` is the
// libxl_device_usbdev; hostbus and hostaddr live in the keyed union u.hostdev, which the JSON of
// `xl -N create` shows only once `type=hostdev` is given (libxl itself makes a missing type hostdev,
// libxl__device_usbdev_setdefault, and uses them). xl gives it no devid.
import { toUint8 } from '../libxl/cnum';
import { enumValue } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { atoi, strtoul, strtoulValue } from './clib';
import { specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q } from './util';
import { xlRefuses } from './xlOutput';
import { forEachOption } from './xlStrings';

export const usbdevFields: SpecFieldDoc[] = [
  { name: 'type', doc: 'Device kind (case-insensitive).', values: ['hostdev'], default: 'hostdev' },
  { name: 'hostbus', doc: 'Host USB bus number (as shown by lsusb; C number, 8 bits).' },
  { name: 'hostaddr', doc: 'Host USB device address on that bus (C number, 8 bits).' },
  { name: 'controller', doc: 'Guest USB controller index (atoi).', default: 'first free' },
  { name: 'port', doc: 'Port on that controller (atoi).', default: 'first free' },
];
const KEYS = usbdevFields.map((f) => f.name);

export function parseUsbdev(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('usbdev-spec', text);
  b.exitOnRefusal = true;
  const R = 'xl refuses this USB device: ';
  const dev: LibxlStruct = {};
  const host: LibxlStruct = {};
  forEachOption(
    b,
    text,
    KEYS,
    R,
    'usbdev',
    (item) => `Unknown string \`${item}' in usbdev spec`,
    (key, value, t) => {
      const v = value.text;
      const vs = value.start;
      switch (key) {
        case 'type':
          // xl prints getopt's `optarg` here instead of the value: NULL after `xl create FILE`
          if (enumValue('libxl_usbdev_type', v, release) === undefined)
            b.fatal(vs, t.end, `${R}invalid type ${q(v)} (only hostdev)`, xlRefuses('Invalid usb device type: (null)'));
          else dev.type = 'hostdev';
          break;
        case 'hostbus':
        case 'hostaddr':
          if (!strtoul(v, 0, 0).ok) b.warn(vs, t.end, `${q(v)} is not a number; xl reads it as 0`);
          host[key] = toUint8(strtoulValue(v, 0));
          break;
        default:
          if (!/^[ \t\n\v\f\r]*[+-]?[0-9]/.test(v)) b.warn(vs, t.end, `${q(v)} is not a number; xl reads it as 0`);
          dev[key === 'controller' ? 'ctrl' : 'port'] = atoi(v);
      }
    },
  );
  if (Object.keys(host).length) dev.u = host;
  for (const k of ['hostbus', 'hostaddr'])
    if (host[k] === undefined) b.warn(0, text.length, `no \`${k}=\`: libxl cannot find the host device without it`);
  b.sum('type', (dev.type as string | undefined) ?? 'hostdev (default)');
  for (const k of ['hostbus', 'hostaddr']) b.sum(k, host[k] !== undefined ? String(host[k]) : '(missing)');
  b.sum('controller', dev.ctrl !== undefined ? String(dev.ctrl) : 'first free (default)');
  b.sum('port', dev.port !== undefined ? String(dev.port) : 'first free (default)');
  return b.done(dev);
}

export const usbdevSpec: SpecLanguage = { syntax: 'usbdev-spec', parse: parseUsbdev, fields: usbdevFields };
