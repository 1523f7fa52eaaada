// IOMEM_RANGE: the items of `iomem = [ "START,NUM[@GFN]", ... ]`.
// tools/xl/xl_parse.c: parse_config_data (iomem block).
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q, strtoul } from './util';

export const iomemFields: SpecFieldDoc[] = [{ name: 'START,NUM[@GFN]', doc: 'Hex host page number, page count, optional guest frame.' }];

export function parseIomem(text: string): SpecParse {
  const b = new Builder('iomem-range', text);
  const R = 'xl refuses this iomem range: invalid argument parsing iomem ';
  // sscanf("%x,%x%n@%x%n")
  const s = strtoul(text, 0, 16);
  const fail = (why: string) => {
    b.fatal(0, text.length, `${R}${q(text)}: ${why} (form \`START,NUM[@GFN]\`, all hex page numbers)`);
    return b.done();
  };
  if (!s.ok || s.negative) return fail('no start page');
  if (text[s.end] !== ',') return fail('expected `,` after the start');
  const nr = strtoul(text, s.end + 1, 16);
  if (!nr.ok || nr.negative) return fail('no page count');
  b.field('start', text.slice(0, s.end), 0, s.end, 0, true);
  b.field('num', text.slice(s.end + 1, nr.end), s.end + 1, nr.end, s.end + 1, true);
  let p = nr.end;
  let gfn: bigint | undefined;
  if (text[p] === '@') {
    const g = strtoul(text, p + 1, 16);
    if (!g.ok || g.negative) return fail('no guest frame after `@`');
    b.field('gfn', text.slice(p + 1, g.end), p + 1, g.end, p + 1, true);
    gfn = g.value;
    p = g.end;
  }
  if (p < text.length) return fail(`unexpected ${q(text.slice(p))}`);
  if (nr.value === 0n) b.warn(s.end + 1, nr.end, 'a page count of 0 maps nothing');
  b.sum('host pages', `0x${s.value.toString(16)} + ${nr.value} pages (4 KiB each)`);
  b.sum('guest frame', gfn === undefined ? 'same as host (default)' : `0x${gfn.toString(16)}`);
  return b.done();
}

export const iomemSpec: SpecLanguage = { syntax: 'iomem-range', parse: parseIomem, fields: iomemFields };
