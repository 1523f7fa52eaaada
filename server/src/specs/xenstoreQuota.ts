// QUOTA_SPEC: the items of `xenstore_quota = [ "NAME=VALUE", ... ]`.
// tools/xl/xl_parse.c: split_string_into_pair("=").
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, q, strtoul, U32, wholePair } from './util';

export const xenstoreQuotaFields: SpecFieldDoc[] = [
  { name: 'NAME=VALUE', doc: 'Xenstore quota name and its value (unsigned 32-bit C number).' },
];

export function parseXenstoreQuota(text: string): SpecParse {
  const b = new Builder('quota-spec', text);
  const pair = wholePair(b, text, `xl refuses this xenstore quota ${q(text)} (form \`NAME=VALUE\`)`);
  if (!pair) return b.done();
  const r = strtoul(pair.value.text, 0, 0);
  if (!r.ok || r.negative || r.end < pair.value.text.length || r.value > U32) {
    b.fatal(pair.value.start, pair.value.end, `xl refuses this xenstore quota: ${q(pair.value.text)} is not an unsigned 32-bit number`);
    return b.done();
  }
  b.sum(pair.key.text, r.value.toString());
  return b.done();
}

export const xenstoreQuotaSpec: SpecLanguage = { syntax: 'quota-spec', parse: parseXenstoreQuota, fields: xenstoreQuotaFields };
