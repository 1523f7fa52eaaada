// IOPORT_RANGE: the items of `ioports = [ "2f8-2ff", ... ]`, as tools/xl/xl_parse.c
// parse_config_data reads each one into a libxl_ioport_range {first, number} (strtoul base 16;
// the same in 4.17 ... 4.22). Its quirks, kept: junk after a single port only prints "Invalid
// argument" and the port is still stored; `start > end` is tested before the end is read, so a
// reversed range passes and its uint32 count wraps; "too big" prints the number with %lx.
import { toUint32 } from '../libxl/cnum';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { strtoul, U32 } from './clib';
import { Builder, q } from './util';
import { xlRefuse, xlWarn } from './xlOutput';

export const ioportFields: SpecFieldDoc[] = [{ name: 'START[-END]', doc: 'Hex I/O port or range, e.g. `2f8-2ff`.' }];

/** One ioports item; device: the libxl_ioport_range xl stores (absent when xl exits). */
export function parseIoport(text: string, context?: SpecContext): SpecParse {
  void context; // the same in every release
  const b = new Builder('ioport-range', text);
  const invalid = [`xl: Invalid argument parsing ioport: ${text}`];
  const tooBig = (v: bigint) => [`xl: ioport ${v.toString(16)} too big`];
  const R = 'xl refuses this ioport range: ';
  const a = strtoul(text, 0, 16);
  if (!a.ok) {
    xlRefuse(b, 0, text.length, `${R}not hex \`START\` or \`START-END\` (e.g. \`2f8-2ff\`)`, invalid);
    return b.done();
  }
  b.field('start', text.slice(0, a.end), 0, a.end, 0, true);
  if (a.value >= U32) {
    xlRefuse(b, 0, a.end, `${R}port ${q(text.slice(0, a.end))} is too big`, tooBig(a.value));
    return b.done();
  }
  const start = a.value;
  let end = start;
  if (text[a.end] === '-') {
    const e = strtoul(text, a.end + 1, 16);
    if (!e.ok || e.end < text.length) {
      const from = e.ok ? e.end : a.end;
      xlRefuse(
        b,
        from,
        text.length,
        e.ok ? `${R}unexpected ${q(text.slice(e.end))}` : `${R}no end after \`-\``,
        invalid,
      );
      return b.done();
    }
    b.field('end', text.slice(a.end + 1, e.end), a.end + 1, e.end, a.end + 1, true);
    if (e.value >= U32) {
      xlRefuse(b, a.end + 1, e.end, `${R}end port is too big`, tooBig(e.value));
      return b.done();
    }
    end = e.value;
    if (end < start) b.warn(0, text.length, 'the end is below the start: xl stores a wrapped-around port count');
  } else if (a.end < text.length) {
    xlWarn(
      b,
      a.end,
      text.length,
      `xl prints "Invalid argument" for ${q(text.slice(a.end))} but keeps port 0x${start.toString(16)}`,
      invalid,
    );
  }
  if (/^0[xX]/.test(text.trimStart())) b.hint(0, text.length, 'ioports are always hex; the `0x` prefix is optional');
  const number = toUint32(end - start + 1n);
  b.sum(
    'ports',
    end === start ? `0x${start.toString(16)}` : `0x${start.toString(16)}-0x${end.toString(16)} (${number} ports)`,
  );
  const out = b.done();
  out.device = { first: Number(start), number };
  return out;
}

export const ioportSpec: SpecLanguage = { syntax: 'ioport-range', parse: parseIoport, fields: ioportFields };
