// COLOR_RANGE: the items of `llc_colors = [ "N", "N-M", ... ]` (Xen 4.20+, 748bd725fb "tools: add
// support for cache coloring configuration"), as tools/xl/xl_parse.c reads each one:
//   sscanf(buf, "%u-%u", &start, &end) == 2, else sscanf(buf, "%u", &start) == 1 and end = start
// then appends start..end to b_info.llc_colors (a uint32 loop). glibc's %u skips blanks, takes a
// sign and truncates to 32 bits; anything after what it read is ignored. An end of 4294967295
// never ends the loop (k <= end always holds) and xl writes past its array until it crashes; a
// count that overflows xl's int makes realloc fail and xl crash too. The same in 4.20 ... 4.22.
import { Unknown } from '../libxl/value';
import { releaseAtLeast } from './release';
import { scanUnsigned } from './scanf';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder } from './util';
import { xlRefuse, xlReport } from './xlOutput';

export const llcColorFields: SpecFieldDoc[] = [{ name: 'N[-M]', doc: 'Decimal LLC color or range of colors.' }];

/** More colors than this in one config are not listed (no cache has that many colors). */
const MAX_LISTED = 1 << 20;

/** %u: the conversion, stored truncated to 32 bits. */
function scanU32(text: string, pos: number): { value: number; end: number } | undefined {
  const r = scanUnsigned(text, pos, 10);
  return r && { value: Number(r.value & 0xffffffffn), end: r.end };
}

interface Range {
  start: number;
  end: number;
}

/** One item as xl reads it: the range, or undefined when xl exits (problems say why). */
function readItem(b: Builder, text: string): Range | undefined {
  const first = scanU32(text, 0);
  if (first && text[first.end] === '-') {
    const second = scanU32(text, first.end + 1);
    if (second) {
      if (first.value > second.value) {
        xlRefuse(b, 0, text.length, 'xl refuses this LLC color range: the start is above the end', [
          `xl: Start LLC color is greater than end: ${text}`,
        ]);
        return undefined;
      }
      if (second.end < text.length) b.info(second.end, text.length, 'xl ignores what follows the range');
      return { start: first.value, end: second.value };
    }
  }
  if (!first) {
    xlRefuse(b, 0, text.length, 'xl refuses this LLC color range: not a decimal `N` or `N-M`', [
      `xl: Invalid LLC color range: ${text}`,
    ]);
    return undefined;
  }
  if (first.end < text.length)
    b.info(first.end, text.length, `xl reads only color ${first.value} here and ignores the rest`);
  return { start: first.value, end: first.value };
}

/** One item; device: the colors it adds (absent when xl exits or the key is not read). */
export function parseLlcColor(text: string, context?: SpecContext): SpecParse {
  const r = llcColorList([text], context);
  const p = r.parses[0];
  if (r.colors !== undefined) p.device = r.colors;
  return p;
}

/**
 * The whole list as xl builds b_info.llc_colors (the caller stops at the first item that is not
 * a string: xl prints "xl: Can't get element %d in LLC color list" and exits). colors: the
 * uint32 list, Unknown when it is too long to list, undefined when xl exits or (before 4.20)
 * does not read the key.
 */
export function llcColorList(
  items: readonly string[],
  context?: SpecContext,
): { parses: SpecParse[]; colors?: number[] | Unknown } {
  const builders = items.map((text) => new Builder('color-range', text));
  // Before 4.20 xl does not read the key: nothing happens (key rules say so).
  if (!releaseAtLeast(context?.release ?? '4.22', '4.20')) return { parses: builders.map((b) => b.done()) };
  let total = 0;
  const colors: number[] = [];
  let fatal = false;
  for (const b of builders) {
    const text = b.text;
    const r = readItem(b, text);
    if (!r) {
      fatal = true;
      break; // xl exits: later items are never read
    }
    b.field('range', text, 0, text.length, 0, true);
    b.sum('colors', r.start === r.end ? `${r.start}` : `${r.start} to ${r.end}`);
    total += r.end - r.start + 1;
    // num_llc_colors is an int: past INT_MAX the array is too small for the loop (or realloc
    // fails); an end of 0xffffffff never stops the uint32 loop. Both write past the array.
    if (r.end === 0xffffffff || total > 0x7fffffff) {
      xlReport(
        b,
        0,
        text.length,
        'xl crashes on this range (its color loop never ends or its count overflows)',
        'crash',
        [],
      );
      fatal = true;
      break;
    }
    if (total <= MAX_LISTED) for (let k = r.start; k <= r.end; k++) colors.push(k);
  }
  const parses = builders.map((b) => b.done());
  if (fatal) return { parses };
  return { parses, colors: total > MAX_LISTED ? new Unknown(`${total} colors: too many to list`) : colors };
}

export const llcColorSpec: SpecLanguage = { syntax: 'color-range', parse: parseLlcColor, fields: llcColorFields };
