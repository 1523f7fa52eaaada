// USBDEV_SPEC: the items of `usbdev = [ ... ]`.
// tools/xl/xl_parse.c: "strtok" style, strtok(",") then MATCH_OPTION.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, forEachKnownKv, numInfo, q } from './util';

const USBDEV_KEYS = ['type', 'hostbus', 'hostaddr', 'controller', 'port'];
export const usbdevFields: SpecFieldDoc[] = [
  { name: 'type', doc: 'Device kind (case-insensitive).', values: ['hostdev'], default: 'hostdev' },
  { name: 'hostbus', doc: 'Host USB bus number (as shown by lsusb; C number).' },
  { name: 'hostaddr', doc: 'Host USB device address on that bus (C number).' },
  { name: 'controller', doc: 'Guest USB controller index.', default: 'first free' },
  { name: 'port', doc: 'Port on that controller.', default: 'first free' },
];

export function parseUsbdev(text: string): SpecParse {
  const b = new Builder('usbdev-spec', text);
  const R = 'xl refuses this USB device: ';
  const got = new Map<string, string>();
  forEachKnownKv(b, text, USBDEV_KEYS, R, 'usbdev', (k) => {
    if (k.key === 'type') {
      if (k.value.toLowerCase() !== 'hostdev') b.fatal(k.valueStart, k.tok.end, `${R}invalid usb device type ${q(k.value)} (only hostdev)`);
      else got.set('type', 'hostdev');
    } else {
      got.set(k.key, String(numInfo(b, k.value, k.valueStart, k.key === 'hostbus' || k.key === 'hostaddr' ? 0 : 10)));
    }
  });
  for (const k of ['hostbus', 'hostaddr']) if (!got.has(k)) b.warn(0, text.length, `no \`${k}=\`: libxl cannot find the host device without it`);
  b.sum('type', got.get('type') ?? 'hostdev (default)');
  for (const k of ['hostbus', 'hostaddr']) b.sum(k, got.get(k) ?? '(missing)');
  b.sum('controller', got.get('controller') ?? 'first free (default)');
  b.sum('port', got.get('port') ?? 'first free (default)');
  return b.done();
}

export const usbdevSpec: SpecLanguage = { syntax: 'usbdev-spec', parse: parseUsbdev, fields: usbdevFields };
