// IOPORT_RANGE: the items of `ioports = [ "2f8-2ff", ... ]`.
// tools/xl/xl_parse.c: parse_config_data (ioports block).
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q, strtoul, U32 } from './util';

export const ioportFields: SpecFieldDoc[] = [{ name: 'START[-END]', doc: 'Hex I/O port or range, e.g. `2f8-2ff`.' }];

export function parseIoport(text: string): SpecParse {
  const b = new Builder('ioport-range', text);
  const R = 'xl refuses this ioport range: ';
  const a = strtoul(text, 0, 16);
  if (!a.ok) {
    b.fatal(0, text.length, `${R}invalid argument parsing ioport ${q(text)} (hex, \`START\` or \`START-END\`, e.g. \`2f8-2ff\`)`);
    return b.done();
  }
  b.field('start', text.slice(0, a.end), 0, a.end, 0, true);
  if (a.value >= U32) {
    b.fatal(0, a.end, `${R}ioport ${q(text.slice(0, a.end))} too big`);
    return b.done();
  }
  let end = a.value;
  if (text[a.end] === '-') {
    const e = strtoul(text, a.end + 1, 16);
    if (!e.ok) {
      b.fatal(a.end, text.length, `${R}invalid argument parsing ioport: no end after \`-\``);
      return b.done();
    }
    b.field('end', text.slice(a.end + 1, e.end), a.end + 1, e.end, a.end + 1, true);
    if (e.value >= U32) {
      b.fatal(a.end + 1, e.end, `${R}ioport end too big`);
      return b.done();
    }
    if (e.end < text.length) {
      b.fatal(e.end, text.length, `${R}invalid argument parsing ioport: unexpected ${q(text.slice(e.end))}`);
      return b.done();
    }
    end = e.value;
    // xl compares start > end before assigning end, so reversed ranges pass xl
    if (end < a.value) b.warn(0, text.length, 'the end is below the start; xl does not catch this (its check runs before the end is read) and the range is meaningless');
  } else if (a.end < text.length) {
    b.warn(a.end, text.length, `xl prints an "invalid argument" message for ${q(text.slice(a.end))} but carries on with port 0x${a.value.toString(16)}`);
  }
  if (/^0[xX]/.test(text.trimStart())) b.hint(0, text.length, 'ioports are always hex; the `0x` prefix is optional');
  b.sum('ports', end === a.value ? `0x${a.value.toString(16)}` : `0x${a.value.toString(16)}-0x${end.toString(16)} (${end - a.value + 1n} ports)`);
  return b.done();
}

export const ioportSpec: SpecLanguage = { syntax: 'ioport-range', parse: parseIoport, fields: ioportFields };
