// PCI_SPEC_STRING: the items of `pci = [ ... ]`.
// tools/libs/util/libxlu_pci.c: xlu_pci_parse_spec_string, parse_bdf,
// parse_vslot, parse_key_val_pair. Any failure makes xl print
// "unable to parse PCI_SPEC_STRING" and exit.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, atoi, didYouMeanNote, q, strtoul } from './util';

const KEYS = ['bdf', 'vslot', 'permissive', 'msitranslate', 'seize', 'power_mgmt', 'rdm_policy', 'name'];
const REFUSE = 'xl refuses this PCI device (unable to parse PCI_SPEC_STRING): ';

export const pciFields: SpecFieldDoc[] = [
  { name: 'bdf', doc: 'Host device address `[DDDD:]BB:SS.F` in hex; `F` may be `*` for all functions. May also be given first without `bdf=`.' },
  { name: 'vslot', doc: 'Virtual slot in the guest (hex, at most 0x1f). May also follow the BDF as `@VSLOT`.' },
  { name: 'permissive', doc: 'Let the guest write all PCI config space (unsafe).', values: ['0', '1'], default: 'pci_permissive (0)' },
  { name: 'msitranslate', doc: 'Translate MSI to INTx in QEMU (HVM).', values: ['0', '1'], default: 'pci_msitranslate (0)' },
  { name: 'seize', doc: 'Make the device assignable automatically if it is not yet.', values: ['0', '1'], default: 'pci_seize (0)' },
  { name: 'power_mgmt', doc: 'Allow the guest to use PCI power management (HVM).', values: ['0', '1'], default: 'pci_power_mgmt (0)' },
  { name: 'rdm_policy', doc: 'What to do when a reserved memory region of this device conflicts with guest RAM.', values: ['strict', 'relaxed'], default: 'strict' },
  { name: 'name', doc: 'Name given to the device with `xl pci-assignable-add -n`; use instead of `bdf`.' },
];

interface Bdf {
  dom: number;
  bus: number;
  dev: number;
  func: number | '*';
  end: number;
}

/** sscanf "%x": optional isspace, optional 0x; returns undefined when no digits. */
function scanHex(s: string, p: number): { v: bigint; end: number } | undefined {
  const r = strtoul(s, p, 16);
  if (!r.ok || r.negative) return undefined;
  return { v: r.value > 0xffffffffn ? 0xffffffffn : r.value, end: r.end };
}

/** parse_bdf: counts ':' among leading hex digits/colons, then sscanf. */
export function parseBdf(s: string, p0 = 0): Bdf | { error: string } {
  let p = p0;
  let colons = 0;
  while (p < s.length && (/[0-9a-fA-F]/.test(s[p]) || s[p] === ':')) {
    if (s[p] === ':') colons++;
    p++;
  }
  if (colons !== 1 && colons !== 2) return { error: 'expected `BB:SS.F` or `DDDD:BB:SS.F`' };
  const nums: number[] = [];
  p = p0;
  for (let i = 0; i < colons + 1; i++) {
    const h = scanHex(s, p);
    if (!h) return { error: 'expected hex numbers in the address' };
    nums.push(Number(h.v));
    p = h.end;
    const sep = i < colons ? ':' : '.';
    if (s[p] !== sep) return { error: `expected \`${sep}\` in the address` };
    p++;
  }
  const [dom, bus, dev] = colons === 2 ? nums : [0, nums[0], nums[1]];
  if (dom > 0xffff) return { error: `domain 0x${dom.toString(16)} is above 0xffff` };
  if (bus > 0xff) return { error: `bus 0x${bus.toString(16)} is above 0xff` };
  if (dev > 0x1f) return { error: `slot 0x${dev.toString(16)} is above 0x1f` };
  let func: number | '*';
  if (s[p] === '*') {
    func = '*';
    p++;
  } else {
    const h = scanHex(s, p);
    if (!h) return { error: 'expected the function number (0-7 or `*`) after `.`' };
    if (h.v > 7n) return { error: `function ${h.v} is above 7` };
    func = Number(h.v);
    p = h.end;
  }
  return { dom, bus, dev, func, end: p };
}

function fmtBdf(x: Bdf): string {
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${h(x.dom, 4)}:${h(x.bus, 2)}:${h(x.dev, 2)}.${x.func === '*' ? '*' : x.func}`;
}

export function parsePci(text: string): SpecParse {
  const b = new Builder('pci-spec', text);
  const n = text.length;
  let p = 0;
  let bdf: Bdf | undefined;
  let bdfPresent = false;
  let namePresent = false;
  let vslot: number | undefined;
  const opts = new Map<string, string>();
  let failed = false;

  const fail = (s: number, e: number, msg: string): void => {
    b.fatal(s, e, REFUSE + msg);
    failed = true;
  };

  const first = parseBdf(text, 0);
  if (!('error' in first)) {
    bdf = first;
    bdfPresent = true;
    p = first.end;
    b.field('bdf', text.slice(0, p), 0, p, 0, true);
    if (text[p] === '@') {
      const vsStart = p + 1;
      const h = scanHex(text, vsStart);
      if (!h) {
        fail(p, p + 1, 'expected a hex virtual slot after `@`');
        return finish();
      }
      b.field('vslot', text.slice(vsStart, h.end), p, h.end, vsStart, true);
      if (h.v > 0x1fn) {
        fail(vsStart, h.end, `virtual slot 0x${h.v.toString(16)} is above 0x1f`);
        return finish();
      }
      vslot = Number(h.v);
      p = h.end;
    }
    if (text[p] === ',') p++;
    else if (p < n) {
      const blank = text[p] === ' ' || text[p] === '\t';
      fail(p, p + 1, `unexpected ${q(text[p])} after the device address` + (blank ? ' (no blanks are allowed around separators)' : ''));
      return finish();
    }
  }

  // key=value pairs
  while (p < n && !failed) {
    let eq = -1;
    let c = p;
    while (c < n && text[c] !== ',') {
      if (eq < 0 && text[c] === '=') eq = c;
      c++;
    }
    const tokEnd = c < n ? c + 1 : c;
    if (eq < 0) {
      const word = text.slice(p, c);
      fail(p, c, `${q(word)} is not \`key=value\`` + (p === 0 && /[0-9a-fA-F]/.test(word[0] ?? '') ? ` (not a valid device address either: ${(first as { error: string }).error})` : KEYS.includes(word.trim()) ? ` (write \`${word.trim()}=...\`)` : ''));
      break;
    }
    const key = text.slice(p, eq);
    const v = text.slice(eq + 1, c);
    const vs = eq + 1;
    b.field(key, v, p, tokEnd, vs);
    switch (key) {
      case 'bdf': {
        const r = parseBdf(v, 0);
        if ('error' in r) fail(vs, c, `bad bdf ${q(v)}: ${r.error}`);
        else {
          if (r.end < v.length) b.info(vs + r.end, c, `xl ignores ${q(v.slice(r.end))} after the address`);
          bdf = r;
          bdfPresent = true;
        }
        break;
      }
      case 'vslot': {
        const h = scanHex(v, 0);
        if (!h) fail(vs, c, `bad vslot ${q(v)}: expected a hex number`);
        else if (h.v > 0x1fn) fail(vs, c, `virtual slot 0x${h.v.toString(16)} is above 0x1f`);
        else {
          if (h.end < v.length) b.info(vs + h.end, c, `xl ignores ${q(v.slice(h.end))} after the slot number`);
          vslot = Number(h.v);
        }
        break;
      }
      case 'permissive':
      case 'msitranslate':
      case 'seize':
      case 'power_mgmt':
        if (!/^[ \t\n\v\f\r]*[+-]?[0-9]/.test(v)) b.warn(vs, c, `xl reads ${q(v)} with atoi, which gives 0`);
        opts.set(key, String(atoi(v)));
        break;
      case 'rdm_policy': {
        const l = v.toLowerCase();
        if (l !== 'strict' && l !== 'relaxed') fail(vs, c, `unknown rdm_policy ${q(v)} (use strict or relaxed)`);
        else opts.set(key, l);
        break;
      }
      case 'name':
        namePresent = true;
        opts.set('name', v);
        break;
      default:
        fail(p, eq, `unknown PCI_SPEC_STRING option ${q(key)}` + (key !== key.trim() ? ' (no blanks are allowed around separators)' : didYouMeanNote(key, KEYS)));
    }
    p = tokEnd;
  }
  return finish();

  function finish(): SpecParse {
    if (!failed) {
      if (bdfPresent && namePresent) fail(0, n, 'give either a device address (bdf) or `name=`, not both');
      else if (!bdfPresent && !namePresent) fail(0, n, n === 0 ? 'empty specification: give a device address like `01:00.0`' : 'no device address (bdf) and no `name=`');
    }
    b.sum('device', bdf ? fmtBdf(bdf) + (bdf.func === '*' ? ' (all functions)' : '') : opts.has('name') ? `name ${opts.get('name')}` : '(missing)');
    b.sum('vslot', vslot !== undefined ? `0x${vslot.toString(16)}` : 'chosen by libxl (default)');
    for (const k of ['permissive', 'msitranslate', 'seize', 'power_mgmt']) b.sum(k, opts.get(k) ?? `from pci_${k} (default 0)`);
    b.sum('rdm_policy', opts.get('rdm_policy') ?? 'strict (default)');
    return b.done();
  }
}

export const pciSpec: SpecLanguage = { syntax: 'pci-spec', parse: parsePci, fields: pciFields };
