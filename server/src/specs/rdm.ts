// RDM_RESERVATION_STRING: `rdm = "strategy=host,policy=relaxed"`.
// tools/libs/util/libxlu_pci.c: xlu_rdm_parse, a small state machine; xl (xl_parse.c) copies its
// strategy and policy into b_info->u.hvm.rdm only when it succeeds, and says nothing when it
// fails. Never fatal.
// Quirk in every modelled release (4.17 ... 4.22): the result of parse_rdm_policy is tested the
// wrong way round, so a VALID policy makes the parse fail silently, and an INVALID one is printed
// and then accepted. The policy is therefore never set: on success xl copies xlu_rdm_parse's
// uninitialised stack value (the oracle's xl prints it as null), and so is the strategy when the
// string has none. `device` is that libxl_rdm_reserve, with Unknown for the uninitialised parts;
// absent when xl ignores the setting. libxlu's messages have no newline.
import { enumValue } from '../libxl/idl';
import { Unknown, type LibxlStruct } from '../libxl/value';
import { specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q } from './util';
import { XL_SILENT, xlWarns } from './xlOutput';

export const rdmFields: SpecFieldDoc[] = [
  {
    name: 'strategy',
    doc: 'How reserved device memory is handled; `host` reserves all host RDM regions in the guest.',
    values: ['host'],
    default: 'none',
  },
  {
    name: 'policy',
    doc: 'Conflict policy (`strict` fails, `relaxed` warns). Because of a libxlu bug, a valid policy here makes xl ignore the whole rdm setting; use per-device `rdm_policy=` or `rdm_mem_boundary` instead.',
    values: ['strict', 'relaxed'],
    default: 'relaxed',
  },
];

const UNSET = (what: string): Unknown => new Unknown(`xlu_rdm_parse leaves the ${what} uninitialised`);

export function parseRdm(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('rdm-spec', text);
  const n = text.length;
  let state: 'type' | 'strategy' | 'policy' | 'terminal' = 'type';
  let tok = 0;
  let keyStart = 0;
  let failed = false;
  let strategy: string | undefined;
  const IGN = 'xl ignores the whole rdm setting: ';
  // The C loop also visits the terminating NUL (index n).
  for (let p = 0; p <= n && !failed; p++) {
    const c = p < n ? text[p] : '\0';
    if (state === 'type') {
      if (c === '=') {
        const key = text.slice(tok, p);
        keyStart = tok;
        if (key === 'strategy') state = 'strategy';
        else if (key === 'policy') state = 'policy';
        else {
          b.warn(
            tok,
            p,
            `${IGN}xl prints "Unknown RDM state option" for ${q(key)}` + didYouMeanNote(key, ['strategy', 'policy']),
            xlWarns(`Unknown RDM state option: ${key}`, true),
          );
          failed = true;
        }
        tok = p + 1;
      }
    } else if (state !== 'terminal' && (c === '\0' || c === ',')) {
      const v = text.slice(tok, p);
      b.field(state, v, keyStart, p < n ? p + 1 : p, tok);
      const next = c === ',' ? 'type' : 'terminal';
      if (state === 'strategy') {
        if (v === 'host') strategy = 'host';
        else {
          b.warn(
            tok,
            p,
            `${IGN}xl prints "Unknown RDM strategy option" for ${q(v)} (only \`host\`)`,
            xlWarns(`Unknown RDM strategy option: ${v}`, true),
          );
          failed = true;
        }
      } else if (enumValue('libxl_rdm_reserve_policy', v, release) !== undefined) {
        b.warn(keyStart, p, `${IGN}a valid \`policy=\` trips a libxlu bug; leave policy out`, XL_SILENT);
        failed = true;
      } else {
        b.warn(
          tok,
          p,
          `xl warns of an unknown RDM policy ${q(v, 30)} and goes on; the policy stays unset`,
          xlWarns(`Unknown RDM policy: ${v}`, true),
        );
      }
      tok = p + 1;
      state = next;
    }
  }
  if (!failed && (tok !== n + 1 || state !== 'terminal')) {
    const rest = text.slice(tok);
    b.warn(
      Math.min(tok, n),
      n,
      rest === ''
        ? `${IGN}xl cannot parse the rdm string (${n === 0 ? 'it is empty' : 'a trailing comma is not allowed'})`
        : `${IGN}xl cannot parse ${q(rest)} (expected \`strategy=host\`)`,
      XL_SILENT,
    );
    failed = true;
  }
  b.sum('strategy', failed ? 'none (the rdm setting is ignored)' : (strategy ?? 'none (default)'));
  b.sum('policy', 'relaxed (default; a policy here cannot take effect)');
  const device: LibxlStruct | undefined = failed
    ? undefined
    : { strategy: strategy ?? UNSET('strategy'), policy: UNSET('policy') };
  return b.done(device);
}

export const rdmSpec: SpecLanguage = { syntax: 'rdm-spec', parse: parseRdm, fields: rdmFields };
