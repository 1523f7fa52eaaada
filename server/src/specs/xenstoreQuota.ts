// QUOTA_SPEC: the items of `xenstore_quota = [ "NAME=VALUE", ... ]` (Xen 4.22: ea3099e191
// "tools/xl: add support for xenstore quota setting via domain config"), as
// tools/xl/xl_parse.c parse_xsquota_item reads each one into a libxl_xs_quota_item: the name is
// everything before the first `=` (untrimmed, may be empty), the value a whole strtoul(, 0)
// number that fits 32 bits.
import type { LibxlStruct } from '../libxl/value';
import { releaseAtLeast } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { strtoul, ULONG_MAX } from './clib';
import { Builder } from './util';
import { xlRefuse } from './xlOutput';

export const xenstoreQuotaFields: SpecFieldDoc[] = [
  { name: 'NAME=VALUE', doc: 'Xenstore quota name and its value (unsigned 32-bit C number).' },
];

/**
 * One item; device: the libxl_xs_quota_item xl stores, absent when xl exits (each bad item is
 * fatal) or before 4.22 (the key is not read). The caller handles items that are not strings
 * ("xl: Can't get element %d in Xenstore quota list").
 */
export function parseXenstoreQuota(text: string, context?: SpecContext): SpecParse {
  const b = new Builder('quota-spec', text);
  if (!releaseAtLeast(context?.release ?? '4.22', '4.22')) return b.done();
  const eq = text.indexOf('=');
  if (eq < 0) {
    xlRefuse(b, 0, text.length, 'xl refuses this xenstore quota: no `=` (form `NAME=VALUE`)', [
      `Quota specification "${text}" lacks "=".`,
    ]);
    return b.done();
  }
  const name = text.slice(0, eq);
  const value = text.slice(eq + 1);
  b.field(name, value, 0, text.length, eq + 1);
  const r = strtoul(value, 0, 0);
  // errno (ERANGE: overflow), an empty value, junk after the number, or more than 32 bits.
  const bad = value === '' || !r.ok || r.end < value.length || r.value === ULONG_MAX || r.value > 0xffffffffn;
  if (bad) {
    xlRefuse(b, eq + 1, text.length, 'xl refuses this xenstore quota: the value is not a 32-bit number', [
      `Quota specification "${text}" uses illegal value "${value}".`,
    ]);
    return b.done();
  }
  b.sum(name, r.value.toString());
  const out = b.done();
  const item: LibxlStruct = { name, val: Number(r.value) };
  out.device = item;
  return out;
}

export const xenstoreQuotaSpec: SpecLanguage = {
  syntax: 'quota-spec',
  parse: parseXenstoreQuota,
  fields: xenstoreQuotaFields,
};
