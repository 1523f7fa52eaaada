// VFB_SPEC: the items of `vfb = [ ... ]`.
// tools/xl/xl_parse.c: "strtok" style, strtok(",") then MATCH_OPTION.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, forEachKvUntilBare, numInfo, q } from './util';

const VFB_KEYS = ['vnc', 'vnclisten', 'vncdisplay', 'vncunused', 'vncpasswd', 'sdl', 'opengl', 'display', 'xauthority', 'keymap'];
export const vfbFields: SpecFieldDoc[] = [
  { name: 'vnc', doc: 'Enable the VNC server.', values: ['0', '1'], default: '1' },
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
  const got = new Map<string, string>();
  forEachKvUntilBare(b, text, 'this vfb', (k) => {
    if (!VFB_KEYS.includes(k.key)) {
      b.info(k.tok.start, k.tok.end, `xl silently ignores the unknown vfb key ${q(k.key)}` + didYouMeanNote(k.key, VFB_KEYS));
      return;
    }
    if (['vnc', 'vncdisplay', 'vncunused', 'sdl', 'opengl'].includes(k.key)) got.set(k.key, String(numInfo(b, k.value, k.valueStart, 10)));
    else got.set(k.key, k.value);
  });
  if ((got.get('vnclisten') ?? '').includes(':') && (got.get('vncdisplay') ?? '0') !== '0') {
    b.warn(0, text.length, 'the display is given both in vnclisten and vncdisplay');
  }
  b.sum('vnc', got.get('vnc') ?? '1 (default)');
  b.sum('vnclisten', got.get('vnclisten') ?? '127.0.0.1 (default)');
  b.sum('vncunused', got.get('vncunused') ?? '1 (default)');
  b.sum('sdl', got.get('sdl') ?? '0 (default)');
  for (const k of ['vncdisplay', 'keymap', 'display', 'xauthority', 'opengl']) if (got.has(k)) b.sum(k, got.get(k)!);
  if (got.has('vncpasswd')) b.sum('vncpasswd', got.get('vncpasswd') ? '(set)' : '(empty: no password)');
  return b.done();
}

export const vfbSpec: SpecLanguage = { syntax: 'vfb-spec', parse: parseVfb, fields: vfbFields };
