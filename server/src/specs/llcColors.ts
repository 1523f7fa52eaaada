// COLOR_RANGE: the items of `llc_colors = [ "N", "N-M", ... ]`.
// tools/xl/xl_parse.c.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q } from './util';

export const llcColorFields: SpecFieldDoc[] = [{ name: 'N[-M]', doc: 'Decimal LLC color or range of colors.' }];

export function parseLlcColor(text: string): SpecParse {
  const b = new Builder('color-range', text);
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(text);
  if (!m || (m[2] !== undefined && BigInt(m[2]) < BigInt(m[1]))) {
    b.fatal(0, text.length, `xl refuses this LLC color range ${q(text)} (decimal \`N\` or \`N-M\` with M >= N)`);
    return b.done();
  }
  b.field('range', text, 0, text.length, 0, true);
  b.sum('colors', m[2] === undefined ? m[1] : `${m[1]} to ${m[2]}`);
  return b.done();
}

export const llcColorSpec: SpecLanguage = { syntax: 'color-range', parse: parseLlcColor, fields: llcColorFields };
