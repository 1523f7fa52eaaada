// VFB_SPEC: the items of `vfb = [ ... ]`.
// tools/xl/xl_parse.c: strtok(",") items after `while (*p == ' ') p++`; reading stops at an item
// without `=`; unknown keys are skipped silently. `device` is the libxl_device_vfb. For every vfb
// item xl also appends to d_config->vkbs a libxl_device_vkb with nothing set but its devid; the vfb
// and that vkb both get their list's index as devid from xl.
import type { LibxlStruct } from '../libxl/value';
import { atoi } from './clib';
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, forEachKvUntilBare, q } from './util';
import { XL_SILENT } from './xlOutput';

const VFB_KEYS = [
  'vnc',
  'vnclisten',
  'vncdisplay',
  'vncunused',
  'vncpasswd',
  'sdl',
  'opengl',
  'display',
  'xauthority',
  'keymap',
];
export const vfbFields: SpecFieldDoc[] = [
  { name: 'vnc', doc: 'Enable the VNC server (atoi: non-zero is on).', values: ['0', '1'], default: '1' },
  { name: 'vnclisten', doc: 'Address (and optionally :display) the VNC server listens on.', default: '127.0.0.1' },
  { name: 'vncdisplay', doc: 'VNC display number (port 5900+N).' },
  { name: 'vncunused', doc: 'Pick the first unused display.', values: ['0', '1'], default: '1' },
  { name: 'vncpasswd', doc: 'VNC password (empty: none).' },
  { name: 'sdl', doc: 'Open an SDL window.', values: ['0', '1'], default: '0' },
  { name: 'opengl', doc: 'Use OpenGL for SDL.', values: ['0', '1'], default: '0' },
  { name: 'display', doc: 'X display for SDL.' },
  { name: 'xauthority', doc: 'Xauthority file for SDL.' },
  { name: 'keymap', doc: 'Keyboard layout, e.g. `en-us`.' },
];

export function parseVfb(text: string): SpecParse {
  const b = new Builder('vfb-spec', text);
  const vnc: LibxlStruct = {};
  const sdl: LibxlStruct = {};
  const vfb: LibxlStruct = { vnc, sdl };
  forEachKvUntilBare(b, text, 'this vfb', (k) => {
    const v = k.value;
    const number = (): number => {
      if (!/^[ \t\n\v\f\r]*[+-]?[0-9]/.test(v))
        b.warn(k.valueStart, k.tok.end, `${q(v)} is not a number; xl reads it as 0`);
      return atoi(v);
    };
    switch (k.key) {
      case 'vnc':
        vnc.enable = number() !== 0;
        break;
      case 'vnclisten':
        vnc.listen = v;
        break;
      case 'vncpasswd':
        vnc.passwd = v;
        break;
      case 'vncdisplay':
        vnc.display = number();
        break;
      case 'vncunused':
        vnc.findunused = number() !== 0;
        break;
      case 'keymap':
        vfb.keymap = v;
        break;
      case 'sdl':
        sdl.enable = number() !== 0;
        break;
      case 'opengl':
        sdl.opengl = number() !== 0;
        break;
      case 'display':
        sdl.display = v;
        break;
      case 'xauthority':
        sdl.xauthority = v;
        break;
      default:
        b.info(
          k.tok.start,
          k.tok.end,
          `xl silently ignores the unknown vfb key ${q(k.key)}` + didYouMeanNote(k.key, VFB_KEYS),
          XL_SILENT,
        );
    }
  });
  if (typeof vnc.listen === 'string' && vnc.listen.includes(':') && (vnc.display ?? 0) !== 0) {
    b.warn(0, text.length, 'the display is given both in vnclisten and vncdisplay');
  }
  const flag = (x: unknown, dflt: string): string => (x === undefined ? dflt : x ? '1' : '0');
  b.sum('vnc', flag(vnc.enable, '1 (default)'));
  b.sum('vnclisten', (vnc.listen as string | undefined) ?? '127.0.0.1 (default)');
  b.sum('vncunused', flag(vnc.findunused, '1 (default)'));
  b.sum('sdl', flag(sdl.enable, '0 (default)'));
  if (vnc.display !== undefined) b.sum('vncdisplay', String(vnc.display));
  for (const [label, v] of [
    ['keymap', vfb.keymap],
    ['display', sdl.display],
    ['xauthority', sdl.xauthority],
  ] as const)
    if (v !== undefined) b.sum(label, String(v));
  if (sdl.opengl !== undefined) b.sum('opengl', flag(sdl.opengl, ''));
  if (vnc.passwd !== undefined) b.sum('vncpasswd', vnc.passwd ? '(set)' : '(empty: no password)');
  return b.done(vfb);
}

export const vfbSpec: SpecLanguage = { syntax: 'vfb-spec', parse: parseVfb, fields: vfbFields };
