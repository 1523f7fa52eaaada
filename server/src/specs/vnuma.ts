// VNUMA_VNODE: one inner string of `vnuma = [ [ "pnode=0", "size=512", ... ], ... ]`.
// tools/xl/xl_parse.c: "pair" style, split_string_into_pair("=") with isspace trimming.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, parseUlong, q, strtok, wholePair } from './util';

export const vnumaFields: SpecFieldDoc[] = [
  { name: 'pnode', doc: 'Physical NUMA node backing this virtual node (decimal; must exist on the host).' },
  { name: 'size', doc: 'Memory of this virtual node in MiB (decimal). The sizes must add up to `memory`.' },
  { name: 'vcpus', doc: 'vCPUs of this node: comma list of `N` or `N-M`.' },
  { name: 'vdistances', doc: 'Distances to every virtual node, comma separated, in vnode order (e.g. `10,20`).' },
];
const VNUMA_KEYS = vnumaFields.map((f) => f.name);

/** One inner string of a `vnuma` vnode list, e.g. "size=512". */
export function parseVnumaItem(text: string): SpecParse {
  const b = new Builder('vnuma-vnode', text);
  const what = 'this vnuma setting';
  const pair = wholePair(b, text, `xl refuses ${what}: failed to split ${q(text)} into \`key=value\``, 'only the text up to the next `=` is the value');
  if (!pair) return b.done();
  const { key, value } = pair;
  switch (key.text) {
    case 'pnode': {
      const v = parseUlong(b, 'pnode', value, what);
      if (v !== undefined) {
        b.sum('pnode', v.toString());
        b.hint(value.start, value.end, 'xl exits if this node does not exist on the host');
      }
      break;
    }
    case 'size': {
      const v = parseUlong(b, 'size', value, what);
      if (v !== undefined) b.sum('size', `${v} MiB`);
      break;
    }
    case 'vcpus': {
      const ids: string[] = [];
      for (const t of strtok(value.text, ',')) {
        const m = /^[ \t\n\v\f\r]*([0-9]+)(?:-[ \t\n\v\f\r]*([0-9]+))?$/.exec(t.text);
        if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) {
          b.warn(value.start + t.start, value.start + t.end, `${q(t.text)} is not \`N\` or \`N-M\`; xl does not check the result and the vCPU layout will not be what you meant`);
        } else ids.push(t.text.trim());
      }
      b.sum('vcpus', ids.join(',') || '(none)');
      break;
    }
    case 'vdistances': {
      const ds: string[] = [];
      for (const t of strtok(value.text, ',')) {
        const v = parseUlong(b, 'vdistances', { text: t.text, start: value.start + t.start, end: value.start + t.end }, what);
        if (v === undefined) break;
        ds.push(v.toString());
      }
      b.sum('vdistances', ds.join(', '));
      break;
    }
    default:
      b.info(key.start, key.end, `xl silently ignores the unknown vnuma key ${q(key.text)}` + didYouMeanNote(key.text, VNUMA_KEYS));
  }
  return b.done();
}

export const vnumaSpec: SpecLanguage = { syntax: 'vnuma-vnode', parse: parseVnumaItem, fields: vnumaFields };
