// Single-item value languages: ioports, iomem, irqs, llc_colors,
// xenstore_quota, smbios, uuid. All in tools/xl/xl_parse.c:
// parse_config_data (ioports/iomem/irqs/uuid/smbios blocks).
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMean, isUuid, q, splitPair, strtoul } from './util';

const U32 = 0xffffffffn;

// ---------------------------------------------------------------- ioports
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

// ---------------------------------------------------------------- iomem
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

// ---------------------------------------------------------------- irqs
export function parseIrq(text: string): SpecParse {
  const b = new Builder('irq-number', text);
  const r = strtoul(text, 0, 10);
  if (!r.ok || r.end < text.length) {
    b.fatal(0, text.length, `xl refuses this irq: invalid argument parsing irq ${q(text)} (a decimal number)`);
    return b.done();
  }
  if (r.value >= U32) {
    b.fatal(0, text.length, `xl refuses this irq: irq ${q(text)} too big`);
    return b.done();
  }
  b.field('irq', text, 0, text.length, 0, true);
  b.sum('irq', r.value.toString());
  return b.done();
}

// ---------------------------------------------------------------- llc_colors
export function parseColorRange(text: string): SpecParse {
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

// ---------------------------------------------------------------- xenstore_quota
export const quotaFields: SpecFieldDoc[] = [
  { name: 'NAME=VALUE', doc: 'Xenstore quota name and its value (unsigned 32-bit C number).' },
];
export function parseQuota(text: string): SpecParse {
  const b = new Builder('quota-spec', text);
  const pair = splitPair({ text, start: 0, end: text.length });
  if (!pair) {
    b.fatal(0, text.length, `xl refuses this xenstore quota ${q(text)} (form \`NAME=VALUE\`)`);
    return b.done();
  }
  b.field(pair.key.text, pair.value.text, 0, text.length, pair.value.start);
  const r = strtoul(pair.value.text, 0, 0);
  if (!r.ok || r.negative || r.end < pair.value.text.length || r.value > U32) {
    b.fatal(pair.value.start, pair.value.end, `xl refuses this xenstore quota: ${q(pair.value.text)} is not an unsigned 32-bit number`);
    return b.done();
  }
  b.sum(pair.key.text, r.value.toString());
  return b.done();
}

// ---------------------------------------------------------------- smbios
const SMBIOS_KEYS = [
  'bios_vendor', 'bios_version', 'system_manufacturer', 'system_product_name', 'system_version',
  'system_serial_number', 'baseboard_manufacturer', 'baseboard_product_name', 'baseboard_version',
  'baseboard_serial_number', 'baseboard_asset_tag', 'baseboard_location_in_chassis',
  'enclosure_manufacturer', 'enclosure_serial_number', 'enclosure_asset_tag', 'battery_manufacturer',
  'battery_device_name', 'oem',
];
export const smbiosFields: SpecFieldDoc[] = SMBIOS_KEYS.map((k) => ({
  name: k,
  doc: k === 'oem' ? 'OEM string (type 11); may be given up to 99 times.' : `SMBIOS string \`${k}\`.`,
}));

export function parseSmbios(text: string): SpecParse {
  const b = new Builder('smbios-spec', text);
  const pair = splitPair({ text, start: 0, end: text.length });
  if (!pair) {
    b.fatal(0, text.length, `xl refuses this smbios item: failed to split ${q(text)} into \`KEY=VALUE\` (the value must not be empty)`);
    return b.done();
  }
  b.field(pair.key.text, pair.value.text, 0, text.length, pair.value.start);
  if (pair.dropped) b.warn(pair.dropped.start, pair.dropped.end, `xl drops ${q(pair.dropped.text)}: the value ends at the next \`=\``);
  const k = pair.key.text.toLowerCase();
  if (!SMBIOS_KEYS.includes(k)) {
    b.fatal(pair.key.start, pair.key.end, `xl refuses this smbios item: invalid SMBIOS type ${q(pair.key.text)}` + didYouMean(k, SMBIOS_KEYS));
    return b.done();
  }
  b.sum(k, pair.value.text);
  return b.done();
}

// ---------------------------------------------------------------- uuid
export function parseUuid(text: string): SpecParse {
  const b = new Builder('uuid', text);
  if (!isUuid(text)) {
    const hint = isUuid(text.trim()) ? ' (remove the blanks)' : /^[0-9a-fA-F]{32}$/.test(text) ? ' (the dashes are required)' : '';
    b.fatal(0, text.length, `xl refuses the domain: failed to parse UUID ${q(text)} (form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)${hint}`);
  } else {
    b.field('uuid', text, 0, text.length, 0, true);
    b.sum('uuid', text.toLowerCase());
    if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(text)) b.warn(0, text.length, 'the all-zero UUID means "none"; libxl will generate one');
  }
  return b.done();
}


const mk = (syntax: string, parse: (t: string) => SpecParse, fields: SpecFieldDoc[]): SpecLanguage => ({ syntax, parse, fields });
export const ioportSpec = mk('ioport-range', parseIoport, [{ name: 'START[-END]', doc: 'Hex I/O port or range, e.g. `2f8-2ff`.' }]);
export const iomemSpec = mk('iomem-range', parseIomem, [{ name: 'START,NUM[@GFN]', doc: 'Hex host page number, page count, optional guest frame.' }]);
export const irqSpec = mk('irq-number', parseIrq, [{ name: 'IRQ', doc: 'Decimal host IRQ number.' }]);
export const colorSpec = mk('color-range', parseColorRange, [{ name: 'N[-M]', doc: 'Decimal LLC color or range of colors.' }]);
export const quotaSpec = mk('quota-spec', parseQuota, quotaFields);
export const smbiosSpec = mk('smbios-spec', parseSmbios, smbiosFields);
export const uuidSpec = mk('uuid', parseUuid, [{ name: 'uuid', doc: 'Domain UUID, 8-4-4-4-12 hex digits.' }]);
