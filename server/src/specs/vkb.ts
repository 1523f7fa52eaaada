// VKB_SPEC: the items of `vkb = [ ... ]`.
// tools/xl/xl_parse.c: "strtok" style, strtok(",") then MATCH_OPTION.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, forEachKnownKv, numInfo, q } from './util';

const VKB_KEYS = [
  'unique-id', 'backend', 'backend-type', 'feature-disable-keyboard', 'feature-disable-pointer',
  'feature-abs-pointer', 'feature-raw-pointer', 'feature-multi-touch', 'multi-touch-width',
  'multi-touch-height', 'multi-touch-num-contacts', 'width', 'height',
];
export const vkbFields: SpecFieldDoc[] = [
  { name: 'backend-type', doc: 'Who serves the device (case-insensitive). Required.', values: ['qemu', 'linux'] },
  { name: 'backend', doc: 'Backend domain.', default: '0' },
  { name: 'unique-id', doc: 'Identifier passed to the backend.' },
  { name: 'feature-disable-keyboard', doc: 'Do not provide a keyboard.', values: ['0', '1'], default: '0' },
  { name: 'feature-disable-pointer', doc: 'Do not provide a pointer.', values: ['0', '1'], default: '0' },
  { name: 'feature-abs-pointer', doc: 'Absolute pointer.', values: ['0', '1'], default: '0' },
  { name: 'feature-raw-pointer', doc: 'Raw (unscaled) pointer events.', values: ['0', '1'], default: '0' },
  { name: 'feature-multi-touch', doc: 'Multi-touch device; needs the multi-touch sizes.', values: ['0', '1'], default: '0' },
  { name: 'multi-touch-width', doc: 'Multi-touch width (C number).' },
  { name: 'multi-touch-height', doc: 'Multi-touch height (C number).' },
  { name: 'multi-touch-num-contacts', doc: 'Number of touch contacts (C number).' },
  { name: 'width', doc: 'Absolute pointer width (C number).' },
  { name: 'height', doc: 'Absolute pointer height (C number).' },
];

export function parseVkb(text: string): SpecParse {
  const b = new Builder('vkb-spec', text);
  const R = 'xl refuses this vkb: ';
  const got = new Map<string, string>();
  let backendType: string | undefined;
  forEachKnownKv(b, text, VKB_KEYS, R, 'vkb', (k) => {
    if (k.key === 'backend-type') {
      const l = k.value.toLowerCase();
      if (l !== 'qemu' && l !== 'linux') b.fatal(k.valueStart, k.tok.end, `${R}unknown backend-type ${q(k.value)} (use qemu or linux)`);
      else backendType = l;
    } else if (k.key === 'backend' || k.key === 'unique-id') got.set(k.key, k.value);
    else got.set(k.key, String(numInfo(b, k.value, k.valueStart, 0)));
  });
  if (backendType === undefined && !b.problems.some((p) => p.message.includes('backend-type'))) {
    b.fatal(0, text.length, `${R}backend-type should be set in vkb spec (add \`backend-type=qemu\` or \`backend-type=linux\`)`);
  }
  const mt = ['multi-touch-width', 'multi-touch-height', 'multi-touch-num-contacts'].some((k) => (got.get(k) ?? '0') !== '0');
  if ((got.get('feature-multi-touch') ?? '0') !== '0' && !mt) {
    b.fatal(0, text.length, `${R}feature-multi-touch needs multi-touch-width, multi-touch-height and multi-touch-num-contacts`);
  }
  b.sum('backend-type', backendType ?? '(missing)');
  b.sum('backend', got.get('backend') ?? '0 (default)');
  if (mt) b.sum('feature-multi-touch', '1 (implied by the multi-touch sizes)');
  for (const k of VKB_KEYS) if (got.has(k) && k !== 'backend') b.sum(k, got.get(k)!);
  return b.done();
}

export const vkbSpec: SpecLanguage = { syntax: 'vkb-spec', parse: parseVkb, fields: vkbFields };
