// VIRTIO_SPEC: the items of `virtio = [ ... ]`, read from Xen 4.18 (commit 953efa0b7b).
// tools/xl/xl_parse.c: parse_virtio_list, strtok(",") tokens after `while (*p == ' ') p++`, each
// through parse_virtio_config (MATCH_OPTION); anything else makes xl exit. `type=` whose value
// starts with `virtio` takes the next token too (`type=virtio,device22`), and crashes xl when
// there is none. A transport libxl does not know makes xl exit without a word. `device` is the
// libxl_device_virtio (devid: the list index, set by xl).
import { enumValue } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { strtoulValue, toBool } from './clib';
import { atLeast, specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q, strtok } from './util';
import { xlCrashes, xlRefuses } from './xlOutput';

export const virtioFields: SpecFieldDoc[] = [
  { name: 'backend', doc: 'Domain running the virtio backend.', default: '0', since: '4.18' },
  {
    name: 'type',
    doc: 'Device type, `virtio,deviceN` (N is the virtio device id); the comma is allowed here.',
    since: '4.18',
  },
  { name: 'transport', doc: 'Transport (case-insensitive).', values: ['mmio'], default: 'mmio', since: '4.18' },
  {
    name: 'grant_usage',
    doc: 'Use grant mappings for the device memory.',
    values: ['0', '1'],
    default: '1 if the backend is not dom0',
    since: '4.18',
  },
];
const KEYS = virtioFields.map((f) => f.name);

export function parseVirtio(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('virtio-spec', text);
  if (!atLeast(release, '4.18')) {
    b.info(0, text.length, `Xen ${release}'s xl does not read \`virtio\` (from 4.18)`);
    return b.done();
  }
  b.exitOnRefusal = true;
  const R = 'xl refuses this virtio device: ';
  const virtio: LibxlStruct = {};
  // strtok's tokens, in the order xl takes them (leading blanks skipped only for the first of a glued pair)
  const toks = strtok(text, ',');
  for (let i = 0; i < toks.length; i++) {
    let start = toks[i].start;
    while (text[start] === ' ') start++;
    let end = toks[i].end;
    let tok = text.slice(start, end);
    if (tok.startsWith('type=virtio')) {
      const next = toks[i + 1];
      if (!next) {
        b.fatal(start, end, `${R}\`${tok}\` needs \`,deviceN\` after it; without it xl crashes`, xlCrashes());
        break;
      }
      tok = `${tok},${next.text}`;
      end = next.end;
      i++;
    }
    const eq = tok.indexOf('=');
    const key = eq < 0 ? tok : tok.slice(0, eq);
    const v = tok.slice(eq + 1);
    const vs = start + eq + 1;
    b.field(key, eq < 0 ? '' : v, start, end, eq < 0 ? end : vs);
    if (eq < 0 || !KEYS.includes(key)) {
      b.fatal(
        start,
        end,
        `${R}unknown string ${q(tok)} in virtio spec` + didYouMeanNote(key, KEYS),
        xlRefuses(`Unknown string "${tok}" in virtio spec`),
      );
      continue;
    }
    switch (key) {
      case 'backend':
        virtio.backend_domname = v;
        break;
      case 'type':
        virtio.type = v;
        if (!/^virtio, ?device[0-9]+$/.test(v)) b.warn(vs, end, `type ${q(v)} is not of the form \`virtio,deviceN\``);
        break;
      case 'transport':
        // libxl_virtio_transport_from_string: case-insensitive, `unknown` included
        if (enumValue('libxl_virtio_transport', v, release) === undefined)
          b.fatal(vs, end, `${R}unknown transport ${q(v)} (only mmio); xl exits without a message`, xlRefuses());
        else virtio.transport = v.toLowerCase();
        break;
      default:
        virtio.grant_usage = toBool(strtoulValue(v, 0));
    }
  }
  if (virtio.type === undefined)
    b.warn(0, text.length, 'no `type=`: the guest cannot tell which virtio device this is');
  b.sum('type', (virtio.type as string | undefined) ?? '(missing)');
  b.sum('backend', (virtio.backend_domname as string | undefined) ?? '0 (default)');
  b.sum('transport', (virtio.transport as string | undefined) ?? 'mmio (default)');
  b.sum(
    'grant_usage',
    virtio.grant_usage === undefined ? 'on unless the backend is dom0 (default)' : virtio.grant_usage ? '1' : '0',
  );
  return b.done(virtio);
}

export const virtioSpec: SpecLanguage = { syntax: 'virtio-spec', parse: parseVirtio, fields: virtioFields };
