// PCI_SPEC_STRING: the items of `pci = [ ... ]`.
// tools/libs/util/libxlu_pci.c: xlu_pci_parse_spec_string, parse_bdf, parse_vslot,
// parse_key_val. Any failure makes xl print "unable to parse PCI_SPEC_STRING `...' for
// passthrough" and exit (tools/xl/xl_parse.c); libxlu's own messages have no newline, so they run
// into that line. `device` is the libxl_device_pci: xl first copies the top-level pci_msitranslate,
// pci_power_mgmt, pci_permissive, pci_seize and b_info->u.hvm.rdm.policy into it (context.pciDefaults).
import { enumValue } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { atoi, scanUnsigned, toBool } from './clib';
import { specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q } from './util';
import { xlRefuses } from './xlOutput';

const KEYS = ['bdf', 'vslot', 'permissive', 'msitranslate', 'seize', 'power_mgmt', 'rdm_policy', 'name'];
const REFUSE = 'xl refuses this PCI device: ';
/** LIBXL_PCI_FUNC_ALL */
const FUNC_ALL = 0xffffffff;

export const pciFields: SpecFieldDoc[] = [
  {
    name: 'bdf',
    doc: 'Host device address `[DDDD:]BB:SS.F` in hex; `F` may be `*` for all functions. May also be given first without `bdf=`.',
  },
  { name: 'vslot', doc: 'Virtual slot in the guest (hex, at most 0x1f). May also follow the BDF as `@VSLOT`.' },
  {
    name: 'permissive',
    doc: 'Let the guest write all PCI config space (unsafe).',
    values: ['0', '1'],
    default: 'pci_permissive (0)',
  },
  {
    name: 'msitranslate',
    doc: 'Translate MSI to INTx in QEMU (HVM).',
    values: ['0', '1'],
    default: 'pci_msitranslate (0)',
  },
  {
    name: 'seize',
    doc: 'Make the device assignable automatically if it is not yet.',
    values: ['0', '1'],
    default: 'pci_seize (0)',
  },
  {
    name: 'power_mgmt',
    doc: 'Allow the guest to use PCI power management (HVM).',
    values: ['0', '1'],
    default: 'pci_power_mgmt (0)',
  },
  {
    name: 'rdm_policy',
    doc: 'What to do when a reserved memory region of this device conflicts with guest RAM (case-insensitive).',
    values: ['strict', 'relaxed'],
    default: 'strict',
  },
  { name: 'name', doc: 'Name given to the device with `xl pci-assignable-add -n`; use instead of `bdf`.' },
];

export interface Bdf {
  domain: number;
  bus: number;
  dev: number;
  func: number;
  vfunc_mask: number;
  end: number;
  /** The address lacks `.F`: libxlu then reads an uninitialised offset (see parseBdf). */
  noDot?: boolean;
}

/**
 * parse_bdf: counts the `:` among the leading hex digits and colons (1: `BB:SS.F`, 2:
 * `DDDD:BB:SS.F`), then sscanf("%x:%x.%n") or ("%x:%x:%x.%n"). Every %x skips white space and
 * takes a sign and a 0x prefix, and stores the value truncated to 32 bits.
 * Without the `.`, sscanf still converts the numbers but leaves the offset `n` unset, and libxlu
 * adds it anyway. The oracle's xl builds behave as if it were 0 (the function is then read from
 * the start of the address) for the first item of a list, which is what this models; after other
 * items 4.17's xl reads another value (["01:00.3", "1:2,name=x"] reports `1:2,name` as an unknown
 * option). It is undefined behaviour all the same.
 */
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
  let noDot = false;
  for (let i = 0; i <= colons; i++) {
    const h = scanUnsigned(s, p, 16);
    if (!('value' in h)) return { error: 'expected hex numbers in the address' };
    nums.push(h.value);
    p = h.end;
    if (i < colons) {
      if (s[p] !== ':') return { error: 'expected `:` in the address' };
      p++;
    } else if (s[p] === '.') p++;
    else noDot = true;
  }
  const [domain, bus, dev] = colons === 2 ? nums : [0, nums[0], nums[1]];
  if (domain > 0xffff) return { error: `domain 0x${domain.toString(16)} is above 0xffff` };
  if (bus > 0xff) return { error: `bus 0x${bus.toString(16)} is above 0xff` };
  if (dev > 0x1f) return { error: `slot 0x${dev.toString(16)} is above 0x1f` };
  if (noDot) p = p0; // ptr += n, n read as 0
  if (s[p] === '*') return { domain, bus, dev, func: 0, vfunc_mask: FUNC_ALL, end: p + 1, noDot };
  const h = scanUnsigned(s, p, 16);
  if (!('value' in h)) return { error: 'expected the function number (0-7 or `*`) after `.`' };
  if (h.value > 7) return { error: `function ${h.value} is above 7` };
  return { domain, bus, dev, func: h.value, vfunc_mask: 1, end: h.end, noDot };
}

/** parse_vslot: sscanf("%x%n"), at most 0x1f; libxl stores it as vdevfn = slot << 3. */
function parseVslot(s: string, p: number): { slot: number; end: number } | { error: string; end: number } {
  const h = scanUnsigned(s, p, 16);
  if (!('value' in h)) return { error: 'expected a hex virtual slot', end: p };
  if (h.value > 0x1f) return { error: `virtual slot 0x${h.value.toString(16)} is above 0x1f`, end: h.end };
  return { slot: h.value, end: h.end };
}

function fmtBdf(pci: LibxlStruct): string {
  const h = (n: unknown, w: number) =>
    Number(n ?? 0)
      .toString(16)
      .padStart(w, '0');
  return `${h(pci.domain, 4)}:${h(pci.bus, 2)}:${h(pci.dev, 2)}.${pci.vfunc_mask === FUNC_ALL ? '*' : Number(pci.func ?? 0)}`;
}

export function parsePci(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('pci-spec', text);
  b.exitOnRefusal = true;
  const n = text.length;
  const defaults = context?.pciDefaults;
  const pci: LibxlStruct = {
    msitranslate: toBool(defaults?.msitranslate ?? 0),
    power_mgmt: toBool(defaults?.power_mgmt ?? 0),
    permissive: toBool(defaults?.permissive ?? 0),
    seize: toBool(defaults?.seize ?? 0),
  };
  if (defaults?.rdm_policy !== undefined) pci.rdm_policy = defaults.rdm_policy;
  let bdfPresent = false;
  let namePresent = false;
  let vslotGiven = false;

  // The line xl prints, after what libxlu printed without a newline.
  const fail = (s: number, e: number, msg: string, libxlu = ''): void => {
    b.fatal(s, e, REFUSE + msg, xlRefuses(`${libxlu}unable to parse PCI_SPEC_STRING \`${text}' for passthrough`));
  };
  const setBdf = (r: Bdf): void => {
    Object.assign(pci, { domain: r.domain, bus: r.bus, dev: r.dev, func: r.func, vfunc_mask: r.vfunc_mask });
    bdfPresent = true;
  };

  let p = 0;
  const first = parseBdf(text, 0);
  if (!('error' in first)) {
    p = first.end;
    if (first.noDot) {
      fail(0, p, 'the device address lacks `.F` (the function number)');
      return finish();
    }
    setBdf(first);
    b.field('bdf', text.slice(0, p), 0, p, 0, true);
    if (text[p] === '@') {
      const vsStart = p + 1;
      const r = parseVslot(text, vsStart);
      if ('error' in r) {
        if (r.end === vsStart) fail(p, p + 1, `${r.error} after \`@\``);
        else fail(vsStart, r.end, r.error);
        return finish();
      }
      b.field('vslot', text.slice(vsStart, r.end), p, r.end, vsStart, true);
      pci.vdevfn = r.slot << 3;
      vslotGiven = true;
      p = r.end;
    }
    if (text[p] === ',') p++;
    else if (p < n) {
      const blank = text[p] === ' ' || text[p] === '\t';
      fail(
        p,
        p + 1,
        `unexpected ${q(text[p])} after the device address` + (blank ? ' (no blanks around separators)' : ''),
      );
      return finish();
    }
  }

  // parse_key_val: `key=value` pairs up to the end; the key runs to the first `=`, commas included.
  while (p < n) {
    const eq = text.indexOf('=', p);
    if (eq < 0) {
      const word = text.slice(p);
      const comma = word.indexOf(',');
      const shown = comma < 0 ? word : word.slice(0, comma);
      const end = comma < 0 ? n : p + comma;
      let why = `${q(shown)} is not \`key=value\``;
      if (p === 0 && 'error' in first && /^[0-9a-fA-F]/.test(word))
        why = `${q(shown, 24)} is not \`key=value\` (nor an address: ${first.error})`;
      else if (KEYS.includes(shown.trim())) why += ` (write \`${shown.trim()}=...\`)`;
      fail(p, end, why);
      return finish();
    }
    let c = text.indexOf(',', eq + 1);
    if (c < 0) c = n;
    const key = text.slice(p, eq);
    const v = text.slice(eq + 1, c);
    const vs = eq + 1;
    const tokEnd = c < n ? c + 1 : c;
    b.field(key, v, p, tokEnd, vs);
    switch (key) {
      case 'bdf': {
        const r = parseBdf(v, 0);
        if ('error' in r) {
          fail(vs, c, `bad bdf ${q(v)}: ${r.error}`);
          return finish();
        }
        if (r.noDot) {
          b.warn(vs, c, `${q(v)} lacks \`.F\` (undefined behaviour in libxlu): the function becomes ${r.func}`);
        } else if (r.end < v.length) b.info(vs + r.end, c, `xl ignores ${q(v.slice(r.end))} after the address`);
        setBdf(r);
        break;
      }
      case 'vslot': {
        const r = parseVslot(v, 0);
        if ('error' in r) {
          fail(vs, c, `bad vslot ${q(v)}: ${r.error}`);
          return finish();
        }
        if (r.end < v.length) b.info(vs + r.end, c, `xl ignores ${q(v.slice(r.end))} after the slot number`);
        pci.vdevfn = r.slot << 3;
        vslotGiven = true;
        break;
      }
      case 'permissive':
      case 'msitranslate':
      case 'seize':
      case 'power_mgmt':
        if (!/^[ \t\n\v\f\r]*[+-]?[0-9]/.test(v)) b.warn(vs, c, `xl reads ${q(v)} with atoi, which gives 0`);
        pci[key] = toBool(atoi(v));
        break;
      case 'rdm_policy': {
        // libxl_rdm_reserve_policy_from_string: case-insensitive, and `invalid` is one of its names
        const value = enumValue('libxl_rdm_reserve_policy', v, release);
        if (value === undefined) {
          fail(vs, c, `unknown rdm_policy ${q(v)} (use strict or relaxed)`, `Unknown RDM policy: ${v}`);
          return finish();
        }
        pci.rdm_policy = v.toLowerCase();
        break;
      }
      case 'name':
        namePresent = true;
        pci.name = v;
        break;
      default:
        fail(
          p,
          eq,
          `unknown option ${q(key)}` +
            (key !== key.trim() ? ' (no blanks around separators)' : didYouMeanNote(key, KEYS)),
          `Unknown PCI_SPEC_STRING option: ${key}`,
        );
        return finish();
    }
    p = tokEnd;
  }
  if (bdfPresent && namePresent) fail(0, n, 'give either a device address (bdf) or `name=`, not both');
  else if (!bdfPresent && !namePresent)
    fail(0, n, n === 0 ? 'empty: give a device address like `01:00.0`' : 'no device address (bdf) and no `name=`');
  return finish();

  function finish(): SpecParse {
    b.sum(
      'device',
      bdfPresent
        ? fmtBdf(pci) + (pci.vfunc_mask === FUNC_ALL ? ' (all functions)' : '')
        : namePresent
          ? `name ${pci.name}`
          : '(missing)',
    );
    b.sum('vslot', vslotGiven ? `0x${(Number(pci.vdevfn) >> 3).toString(16)}` : 'chosen by libxl (default)');
    for (const k of ['permissive', 'msitranslate', 'seize', 'power_mgmt']) {
      const given = b.fields.some((f) => f.name === k);
      b.sum(k, given ? (pci[k] ? '1' : '0') : `from pci_${k} (${pci[k] ? 1 : 0})`);
    }
    const policy = pci.rdm_policy;
    b.sum(
      'rdm_policy',
      typeof policy === 'string' && b.fields.some((f) => f.name === 'rdm_policy') ? policy : 'strict (default)',
    );
    return b.done(pci);
  }
}

export const pciSpec: SpecLanguage = { syntax: 'pci-spec', parse: parsePci, fields: pciFields };
