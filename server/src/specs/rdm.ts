// RDM_RESERVATION_STRING: `rdm = "strategy=host,policy=relaxed"`.
// tools/libs/util/libxlu_pci.c: xlu_rdm_parse — a small state machine.
// xl ignores the whole setting when it returns an error (never fatal).
// Quirk since Xen 4.15: the result of parse_rdm_policy is tested the wrong
// way round, so a VALID policy makes the parser fail without a message and
// an INVALID one is reported and then accepted.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q } from './util';

export const rdmFields: SpecFieldDoc[] = [
  { name: 'strategy', doc: 'How reserved device memory is handled; `host` reserves all host RDM regions in the guest.', values: ['host'], default: 'none' },
  { name: 'policy', doc: 'Conflict policy (`strict` fails, `relaxed` warns). Because of a libxlu bug, a valid policy here makes xl ignore the whole rdm setting; use per-device `rdm_policy=` or `rdm_mem_boundary` instead.', values: ['strict', 'relaxed'], default: 'relaxed' },
];

export function parseRdm(text: string): SpecParse {
  const b = new Builder('rdm-spec', text);
  const n = text.length;
  let state: 'type' | 'strategy' | 'policy' = 'type';
  let tok = 0;
  let keyStart = 0;
  let failed = false;
  let strategy: string | undefined;
  const IGN = 'xl ignores the whole rdm setting: ';
  // Walk one past the end: the C loop also visits the terminating NUL.
  for (let p = 0; p <= n && !failed; p++) {
    const c = p < n ? text[p] : '\0';
    if (state === 'type') {
      if (c === '=') {
        const key = text.slice(tok, p);
        keyStart = tok;
        if (key === 'strategy') state = 'strategy';
        else if (key === 'policy') state = 'policy';
        else {
          b.warn(tok, p, `${IGN}xl prints "Unknown RDM state option" for ${q(key)}` + didYouMeanNote(key, ['strategy', 'policy']));
          failed = true;
        }
        tok = p + 1;
      }
    } else if (c === '\0' || c === ',') {
      const v = text.slice(tok, p);
      b.field(state, v, keyStart, p < n ? p + 1 : p, tok);
      if (state === 'strategy') {
        if (v === 'host') strategy = 'host';
        else {
          b.warn(tok, p, `${IGN}xl prints "Unknown RDM strategy option" for ${q(v)} (only \`host\`)`);
          failed = true;
        }
      } else {
        const l = v.toLowerCase();
        if (l === 'strict' || l === 'relaxed') {
          b.warn(keyStart, p, `${IGN}a valid \`policy=\` makes libxlu's xlu_rdm_parse fail silently (inverted check, Xen 4.15 and later), so xl drops rdm without a message; leave policy out`);
          failed = true;
        } else {
          b.warn(tok, p, `xl prints "Unknown RDM policy: ${v.slice(0, 40)}" and then carries on (same inverted check), so the policy stays at its default`);
        }
      }
      tok = p + 1;
      state = 'type';
    }
  }
  if (!failed && tok !== n + 1) {
    const rest = text.slice(tok);
    b.warn(Math.min(tok, n), n, rest === '' ? `${IGN}xl cannot parse the rdm string (${n === 0 ? 'it is empty' : 'a trailing comma is not allowed'})` : `${IGN}xl cannot parse ${q(rest)} (expected \`strategy=host\`)`);
    failed = true;
  }
  b.sum('strategy', failed ? 'none (the rdm setting is ignored)' : strategy ?? 'none (default)');
  b.sum('policy', 'relaxed (default; a policy here cannot take effect)');
  return b.done();
}

export const rdmSpec: SpecLanguage = { syntax: 'rdm-spec', parse: parseRdm, fields: rdmFields };
