// VIRTIO_SPEC: the items of `virtio = [ ... ]`.
// tools/xl/xl_parse.c: "strtok" style, strtok(",") then MATCH_OPTION.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q, strtokKv } from './util';

export const virtioFields: SpecFieldDoc[] = [
  { name: 'backend', doc: 'Domain running the virtio backend.', default: '0' },
  { name: 'type', doc: 'Device type, `virtio,deviceN` (N is the virtio device id); the comma is allowed here.' },
  { name: 'transport', doc: 'Transport (case-insensitive).', values: ['mmio'], default: 'mmio' },
  { name: 'grant_usage', doc: 'Use grant mappings for the device memory.', values: ['0', '1'], default: '1 if the backend is not dom0' },
];

export function parseVirtio(text: string): SpecParse {
  const b = new Builder('virtio-spec', text);
  const R = 'xl refuses this virtio device: ';
  const got = new Map<string, string>();
  const toks = strtokKv(text);
  for (let i = 0; i < toks.length; i++) {
    const k = toks[i];
    let value = k.value;
    let end = k.tok.end;
    // parse_virtio_list: `type=virtio,deviceN` — the next token is glued back
    if (k.key === 'type' && k.hasEq && value === 'virtio' && i + 1 < toks.length && !toks[i + 1].hasEq) {
      const nx = toks[i + 1];
      value = text.slice(k.valueStart, nx.tok.end);
      end = nx.tok.end;
      i++;
    }
    b.field(k.key, value, k.tok.start, end, k.valueStart);
    if (!k.hasEq || !['backend', 'type', 'transport', 'grant_usage'].includes(k.key)) {
      b.fatal(k.tok.start, end, `${R}unknown string ${q(k.tok.text)} in virtio spec` + didYouMeanNote(k.key, ['backend', 'type', 'transport', 'grant_usage']));
      continue;
    }
    if (k.key === 'transport' && value.toLowerCase() !== 'mmio') b.fatal(k.valueStart, end, `${R}unknown transport ${q(value)} (only mmio)`);
    else if (k.key === 'type' && !/^virtio,device[0-9]+$/.test(value)) b.warn(k.valueStart, end, `type ${q(value)} is not of the form \`virtio,deviceN\``);
    got.set(k.key, value);
  }
  if (!got.has('type')) b.warn(0, text.length, 'no `type=`: the guest cannot tell which virtio device this is');
  b.sum('type', got.get('type') ?? '(missing)');
  b.sum('backend', got.get('backend') ?? '0 (default)');
  b.sum('transport', got.get('transport') ?? 'mmio (default)');
  b.sum('grant_usage', got.get('grant_usage') ?? 'on unless the backend is dom0 (default)');
  return b.done();
}

export const virtioSpec: SpecLanguage = { syntax: 'virtio-spec', parse: parseVirtio, fields: virtioFields };
