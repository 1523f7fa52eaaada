// IOMEM_RANGE: the items of `iomem = [ "START,NUM[@GFN]", ... ]`, as tools/xl/xl_parse.c
// parse_config_data reads each one into a libxl_iomem_range:
//   sscanf(buf, "%" SCNx64 ",%" SCNx64 "%n@%" SCNx64 "%n", &start, &number, &used, &gfn, &used)
// and exits with "xl: Invalid argument parsing iomem: %s" unless two numbers were read and
// `used` is the end of the string. gfn keeps its initial LIBXL_INVALID_GFN (~0) when absent.
// The same in 4.17 ... 4.22.
import type { LibxlStruct } from '../libxl/value';
import { scanUnsigned } from './scanf';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q } from './util';
import { xlRefuse } from './xlOutput';

export const iomemFields: SpecFieldDoc[] = [
  { name: 'START,NUM[@GFN]', doc: 'Hex host page number, page count, optional guest frame.' },
];

/** One iomem item; device: the libxl_iomem_range xl stores (absent when xl exits). */
export function parseIomem(text: string, context?: SpecContext): SpecParse {
  void context; // the same in every release
  const b = new Builder('iomem-range', text);
  const fail = (from: number, why: string): SpecParse => {
    xlRefuse(b, from, text.length, `xl refuses this iomem range: ${why} (form \`START,NUM[@GFN]\`, hex)`, [
      `xl: Invalid argument parsing iomem: ${text}`,
    ]);
    return b.done();
  };
  const s = scanUnsigned(text, 0, 16);
  if (!s) return fail(0, 'no start page');
  if (text[s.end] !== ',') return fail(s.end, 'expected `,` right after the start');
  const nr = scanUnsigned(text, s.end + 1, 16);
  if (!nr) return fail(s.end + 1, 'no page count');
  b.field('start', text.slice(0, s.end), 0, s.end, 0, true);
  b.field('number', text.slice(s.end + 1, nr.end), s.end + 1, nr.end, s.end + 1, true);
  const device: LibxlStruct = { start: s.value, number: nr.value };
  let used = nr.end;
  if (text[used] === '@') {
    const g = scanUnsigned(text, used + 1, 16);
    if (g) {
      b.field('gfn', text.slice(used + 1, g.end), used + 1, g.end, used + 1, true);
      device.gfn = g.value;
      used = g.end;
    }
  }
  if (used < text.length) return fail(used, `unexpected ${q(text.slice(used), 16)}`);
  if (nr.value === 0n) b.warn(s.end + 1, nr.end, 'a page count of 0 maps nothing');
  b.sum('host pages', `0x${s.value.toString(16)} + ${nr.value} pages (4 KiB each)`);
  b.sum(
    'guest frame',
    device.gfn === undefined ? 'same as host (default)' : `0x${(device.gfn as bigint).toString(16)}`,
  );
  const out = b.done();
  out.device = device;
  return out;
}

export const iomemSpec: SpecLanguage = { syntax: 'iomem-range', parse: parseIomem, fields: iomemFields };
