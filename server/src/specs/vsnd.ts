// VCARD_SPEC: `vsnd = [ [ 'CARD, ...', 'PCM, ...', 'STREAM, ...' ], ... ]`, a list of cards, each a
// list of item strings. tools/xl/xl_parse.c: parse_vsnd_config / parse_vsnd_card_config /
// parse_vsnd_item. An item is strtok(",") tokens after `while (*token == ' ') token++`: the first
// names the item (card, pcm or stream, case-insensitive), the others are its parameters
// (MATCH_OPTION). A pcm item adds a PCM to the card, a stream item a stream to the last PCM (a PCM
// first when there is none); parameters go to the card, that PCM or that stream. Any error makes
// xl exit.
// `parse` reads one item (for the editor; `device` is a card holding that item alone);
// parseVsndCard reads a card's items in order and builds the libxl_device_vsnd xl builds (devid:
// the index in the vsnd list, set by xl).
import { toUint32 } from '../libxl/cnum';
import { enumValue } from '../libxl/idl';
import type { LibxlStruct } from '../libxl/value';
import { strtoulValue } from './clib';
import { specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q, strtok, type Tok } from './util';
import { xlCrashes, xlRefuses } from './xlOutput';
import { splitStringList } from './xlStrings';

const PARAMS = ['sample-rates', 'sample-formats', 'channels-min', 'channels-max', 'buffer-size'];
const OWN: Record<string, string[]> = {
  card: ['backend', 'short-name', 'long-name'],
  pcm: ['name'],
  stream: ['unique-id', 'type'],
};

export const vsndFields: SpecFieldDoc[] = [
  { name: 'card', doc: 'Must be the first word of a card item: the parameters that follow apply to the sound card.' },
  { name: 'pcm', doc: 'Must be the first word of a PCM item: adds a PCM device to the card.' },
  { name: 'stream', doc: 'Must be the first word of a stream item: adds a stream to the last PCM.' },
  { name: 'backend', doc: 'card: backend domain.', default: '0' },
  { name: 'short-name', doc: 'card: short name of the sound card.' },
  { name: 'long-name', doc: 'card: long name of the sound card.' },
  { name: 'name', doc: 'pcm: name of the PCM device.' },
  { name: 'unique-id', doc: "stream: identifier the frontend uses (the manual's `id=` is not read)." },
  { name: 'type', doc: 'stream: playback (`p`) or capture (`c`), case-insensitive.', values: ['p', 'c'] },
  { name: 'sample-rates', doc: 'Semicolon list of sample rates in Hz (C numbers), e.g. `8000;44100`.' },
  {
    name: 'sample-formats',
    doc: 'Semicolon list of sample formats (case-insensitive), e.g. `s16_le;u8`.',
    values: [
      's8',
      'u8',
      's16_le',
      's16_be',
      'u16_le',
      'u16_be',
      's24_le',
      's24_be',
      'u24_le',
      'u24_be',
      's32_le',
      's32_be',
      'u32_le',
      'u32_be',
      'f32_le',
      'f32_be',
      'f64_le',
      'f64_be',
      'iec958_subframe_le',
      'iec958_subframe_be',
      'mu_law',
      'a_law',
      'ima_adpcm',
      'mpeg',
      'gsm',
    ],
  },
  { name: 'channels-min', doc: 'Minimum number of channels (C number).' },
  { name: 'channels-max', doc: 'Maximum number of channels (C number).' },
  { name: 'buffer-size', doc: 'Buffer size in bytes (C number).' },
];

const R = 'xl refuses this sound card: ';

type Vsnd = LibxlStruct & { params: LibxlStruct; pcms: Pcm[] };
type Pcm = LibxlStruct & { params: LibxlStruct; streams: LibxlStruct[] };

/** Applies one item to `vsnd` as parse_vsnd_item does, reporting into `b`. */
function applyItem(b: Builder, text: string, vsnd: Vsnd, release: string): void {
  const tokens: Tok[] = strtok(text, ',').map((t) => {
    let s = 0;
    while (t.text[s] === ' ') s++;
    return { text: t.text.slice(s), start: t.start + s, end: t.end };
  });
  if (!tokens.length) return;
  const head = tokens[0];
  const kind = head.text.toLowerCase();
  b.field(kind in OWN ? kind : head.text, '', head.start, head.end, head.end, true);
  let params: LibxlStruct;
  let own: LibxlStruct;
  if (kind === 'card') {
    own = vsnd;
    params = vsnd.params;
  } else if (kind === 'pcm') {
    const pcm: Pcm = { params: {}, streams: [] };
    vsnd.pcms.push(pcm);
    own = pcm;
    params = pcm.params;
  } else if (kind === 'stream') {
    if (!vsnd.pcms.length) vsnd.pcms.push({ params: {}, streams: [] });
    const stream = { params: {} };
    vsnd.pcms[vsnd.pcms.length - 1].streams.push(stream);
    own = stream;
    params = stream.params;
  } else {
    b.fatal(
      head.start,
      head.end,
      `${R}invalid key ${q(head.text)} (an item starts with card, pcm or stream)` +
        didYouMeanNote(kind, Object.keys(OWN)),
      xlRefuses(`Invalid key: ${head.text}`),
    );
    return;
  }
  for (const t of tokens.slice(1)) {
    const eq = t.text.indexOf('=');
    const key = eq < 0 ? t.text : t.text.slice(0, eq);
    const v: Tok = { text: t.text.slice(eq + 1), start: t.start + eq + 1, end: t.end };
    b.field(key, eq < 0 ? '' : v.text, t.start, t.end, eq < 0 ? t.end : v.start);
    if (eq >= 0 && PARAMS.includes(key)) {
      if (!applyParam(b, key, v, params, release)) return;
      continue;
    }
    if (eq < 0 || !OWN[kind].includes(key)) {
      const other = Object.keys(OWN).find((k) => OWN[k].includes(key));
      const note = other ? ` (a ${other} key)` : didYouMeanNote(key, [...PARAMS, ...OWN[kind]]);
      b.fatal(
        t.start,
        t.end,
        `${R}invalid parameter ${q(t.text)} for a ${kind} item${note}`,
        xlRefuses(`Invalid parameter: ${t.text}`),
      );
      return;
    }
    if (key === 'type') {
      if (enumValue('libxl_vsnd_stream_type', v.text, release) === undefined) {
        b.fatal(
          v.start,
          v.end,
          `${R}invalid stream type ${q(v.text)} (p or c)`,
          xlRefuses(`Invalid stream type: ${v.text}`),
        );
        return;
      }
      own.type = v.text.toLowerCase();
    } else own[key === 'backend' ? 'backend_domname' : key.replace(/-/g, '_')] = v.text;
  }
}

/** parse_vsnd_params: one parameter shared by cards, PCMs and streams. False when xl exits. */
function applyParam(b: Builder, key: string, v: Tok, params: LibxlStruct, release: string): boolean {
  if (key === 'sample-rates' || key === 'sample-formats') {
    const list = splitStringList(b.text, ';', v.start, v.end);
    if (list.crash) {
      b.fatal(v.start, Math.max(v.end, v.start + 1), `${R}an empty ${key} list crashes xl`, xlCrashes());
      return false;
    }
    if (key === 'sample-rates') {
      params.sample_rates = list.items.map((x) => toUint32(strtoulValue(x.text, 0)));
      return true;
    }
    const formats: string[] = [];
    for (const x of list.items) {
      if (enumValue('libxl_vsnd_pcm_format', x.text, release) === undefined) {
        b.fatal(
          x.start,
          x.end,
          `${R}invalid pcm format ${q(x.text)}` +
            didYouMeanNote(x.text.toLowerCase(), vsndFields.find((f) => f.name === 'sample-formats')!.values!),
          xlRefuses(`Invalid pcm format: ${x.text}`),
        );
        return false;
      }
      formats.push(x.text.toLowerCase());
    }
    params.sample_formats = formats;
    return true;
  }
  params[key.replace(/-/g, '_')] = toUint32(strtoulValue(v.text, 0));
  return true;
}

const emptyCard = (): Vsnd => ({ params: {}, pcms: [] });

/** The libxl_device_vsnd xl builds from one card's items, and each item's parse (stops where xl exits). */
export function parseVsndCard(
  items: readonly string[],
  context?: SpecContext,
): { device: LibxlStruct; items: SpecParse[] } {
  const release = specRelease(context);
  const vsnd = emptyCard();
  const parses: SpecParse[] = [];
  for (const text of items) {
    const b = new Builder('vsnd-card', text);
    b.exitOnRefusal = true;
    applyItem(b, text, vsnd, release);
    summarize(b, vsnd);
    parses.push(b.done(vsnd));
    if (b.xlExited) break;
  }
  return { device: vsnd, items: parses };
}

function summarize(b: Builder, vsnd: Vsnd): void {
  b.sum('card', [vsnd.short_name, vsnd.long_name].filter((x) => x !== undefined).join(' / ') || '(unnamed)');
  b.sum('PCMs', String(vsnd.pcms.length));
  b.sum('streams', String(vsnd.pcms.reduce((n, p) => n + p.streams.length, 0)));
}

export function parseVsndItem(text: string, context?: SpecContext): SpecParse {
  return parseVsndCard([text], context).items[0];
}

export const vsndSpec: SpecLanguage = { syntax: 'vsnd-card', parse: parseVsndItem, fields: vsndFields };
