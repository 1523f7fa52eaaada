// USBCTRL_SPEC: the items of `usbctrl = [ ... ]`.
// tools/xl/xl_parse.c: "strtok" style, strtok(",") then MATCH_OPTION.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, forEachKnownKv, numInfo, q } from './util';

const USBCTRL_TYPES = ['auto', 'pv', 'devicemodel', 'qusb'];
export const usbctrlFields: SpecFieldDoc[] = [
  { name: 'type', doc: 'Controller implementation (case-insensitive).', values: USBCTRL_TYPES, default: 'auto' },
  { name: 'version', doc: 'USB version of the controller.', values: ['1', '2', '3'], default: '2' },
  { name: 'ports', doc: 'Number of ports (1-31).', default: '8' },
];

export function parseUsbctrl(text: string): SpecParse {
  const b = new Builder('usbctrl-spec', text);
  const R = 'xl refuses this USB controller: ';
  let type: string | undefined;
  let version: number | undefined;
  let ports: number | undefined;
  forEachKnownKv(b, text, ['type', 'version', 'ports'], R, 'usbctrl', (k) => {
    if (k.key === 'type') {
      if (!USBCTRL_TYPES.includes(k.value.toLowerCase())) b.fatal(k.valueStart, k.tok.end, `${R}invalid usb controller type ${q(k.value)} (use ${USBCTRL_TYPES.join(', ')})`);
      else type = k.value.toLowerCase();
    } else if (k.key === 'version') {
      version = numInfo(b, k.value, k.valueStart, 10);
      if (version < 1 || version > 3) b.warn(k.valueStart, k.tok.end, `USB version ${version}: libxl only knows 1, 2 and 3`);
    } else {
      ports = numInfo(b, k.value, k.valueStart, 10);
      if (ports < 1 || ports > 31) b.warn(k.valueStart, k.tok.end, `${ports} ports: libxl supports 1 to 31`);
    }
  });
  b.sum('type', type ?? 'auto (default)');
  b.sum('version', version !== undefined ? String(version) : '2 (default)');
  b.sum('ports', ports !== undefined ? String(ports) : '8 (default)');
  return b.done();
}

export const usbctrlSpec: SpecLanguage = { syntax: 'usbctrl-spec', parse: parseUsbctrl, fields: usbctrlFields };
