// VDISPL_SPEC: the items of `vdispl = [ ... ]`.
// tools/xl/xl_parse.c: "strtok" style, strtok(",") then MATCH_OPTION.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, forEachKnownKv, numInfo, q, strtok } from './util';

export const vdisplFields: SpecFieldDoc[] = [
  { name: 'backend', doc: 'Domain serving the display.', default: '0' },
  { name: 'be-alloc', doc: 'The backend allocates the display buffers.', values: ['0', '1'], default: '0' },
  { name: 'connectors', doc: 'Semicolon list of `ID:WIDTHxHEIGHT`, e.g. `id0:1920x1080;id1:800x600`. At least one.' },
];

export function parseVdispl(text: string): SpecParse {
  const b = new Builder('vdispl-spec', text);
  const R = 'xl refuses this vdispl: ';
  const got = new Map<string, string>();
  let connectors = 0;
  forEachKnownKv(b, text, ['backend', 'be-alloc', 'connectors'], R, 'vdispl', (k) => {
    if (k.key === 'connectors') {
      const list: string[] = [];
      for (const c of strtok(k.value, ';')) {
        const cs = k.valueStart + c.start;
        const colon = c.text.indexOf(':');
        const res = colon < 0 ? '' : c.text.slice(colon + 1);
        if (colon < 0 || !/^[0-9]+x[0-9]+$/.test(res)) {
          b.fatal(cs, cs + c.text.length, `${R}can't parse connector ${q(c.text)} (form \`ID:WIDTHxHEIGHT\`, e.g. \`id0:1920x1080\`)`);
          continue;
        }
        connectors++;
        list.push(`${c.text.slice(0, colon)} ${res}`);
      }
      got.set('connectors', list.join('; '));
    } else if (k.key === 'be-alloc') got.set(k.key, String(numInfo(b, k.value, k.valueStart, 10)));
    else got.set(k.key, k.value);
  });
  if (connectors === 0 && !b.problems.some((p) => p.message.includes('connector'))) b.fatal(0, text.length, `${R}at least one connector should be specified (\`connectors=id0:1920x1080\`)`);
  b.sum('backend', got.get('backend') ?? '0 (default)');
  b.sum('be-alloc', got.get('be-alloc') ?? '0 (default)');
  b.sum('connectors', got.get('connectors') || '(none)');
  return b.done();
}

export const vdisplSpec: SpecLanguage = { syntax: 'vdispl-spec', parse: parseVdispl, fields: vdisplFields };
