// CHANNEL_SPEC: the items of `channel = [ ... ]`.
// tools/xl/xl_parse.c: split_string_into_string_list(",") then split_string_into_pair("=") with
// isspace trimming (xlStrings.ts: how the split differs in 4.17). `device` is the
// libxl_device_channel. Its devid: in 4.17 xl sets it to the list index (ARRAY_EXTEND_INIT); from
// 4.18 it stays unset (ARRAY_EXTEND_INIT_NODEVID, commit b26965b4e5).
import type { LibxlStruct } from '../libxl/value';
import { specRelease } from './release';
import type { SpecContext, SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, q } from './util';
import { xlCrashes, xlRefuses, xlWarns } from './xlOutput';
import { splitPair, splitStringList } from './xlStrings';

export const channelFields: SpecFieldDoc[] = [
  { name: 'name', doc: 'Channel name the guest looks for (e.g. `org.qemu.guest_agent.0`).' },
  { name: 'connection', doc: 'How the host side is exposed; lowercase only.', values: ['pty', 'socket'] },
  { name: 'path', doc: 'Host socket path; required with `connection=socket`.' },
  { name: 'backend', doc: 'Domain that provides the channel backend.', default: '0' },
];

const KEYS = channelFields.map((f) => f.name);

export function parseChannel(text: string, context?: SpecContext): SpecParse {
  const release = specRelease(context);
  const b = new Builder('channel-spec', text);
  b.exitOnRefusal = true;
  const R = 'xl refuses this channel: ';
  const chn: LibxlStruct = {};
  let path: string | undefined;
  let badConnection = false;
  const list = splitStringList(text, ',');
  if (list.crash) {
    b.fatal(0, text.length, 'xl crashes on an empty channel spec (it reads the first of no items)', xlCrashes());
    return b.done(chn);
  }
  for (const t of list.items) {
    const pair = splitPair(release, t, '=', true);
    if (!pair) {
      b.fatal(
        t.start,
        t.end,
        `${R}failed to parse ${q(t.text, 30)} (want \`key=value\`, the value not empty)`,
        xlRefuses(`failed to parse channel configuration: ${t.text}`),
      );
      continue;
    }
    const { key, value } = pair;
    b.field(key.text, value.text, t.start, t.end, value.start);
    if (pair.dropped)
      b.warn(
        pair.dropped.start,
        pair.dropped.end,
        `xl ${release} drops ${q(pair.dropped.text)}: values cannot contain \`=\``,
      );
    switch (key.text) {
      case 'backend':
        chn.backend_domname = value.text;
        break;
      case 'name':
        chn.name = value.text;
        break;
      case 'path':
        path = value.text;
        break;
      case 'connection':
        if (value.text === 'pty' || value.text === 'socket') chn.connection = value.text;
        else {
          const l = value.text.toLowerCase();
          b.fatal(
            value.start,
            value.end,
            `${R}unknown channel connection ${q(value.text)}` +
              (l === 'pty' || l === 'socket' ? ` (lower case only: \`${l}\`)` : ' (use pty or socket)'),
            xlRefuses(`unknown channel connection '${value.text}'`),
          );
          badConnection = true;
        }
        break;
      default:
        b.warn(
          key.start,
          key.end,
          `xl warns that ${q(key.text, 30)} is an unknown parameter and ignores it` + didYouMeanNote(key.text, KEYS),
          xlWarns(`unknown channel parameter '${key.text}', ignoring`),
        );
    }
  }
  if (!badConnection) {
    if (chn.connection === undefined) {
      b.fatal(
        0,
        text.length,
        `${R}no connection given (add \`connection=pty\` or \`connection=socket\`)`,
        xlRefuses("channel has unknown 'connection'"),
      );
    } else if (chn.connection === 'socket') {
      if (path === undefined)
        b.fatal(
          0,
          text.length,
          `${R}\`connection=socket\` requires \`path=...\``,
          xlRefuses("channel connection 'socket' requires path=.."),
        );
      else chn.u = { path };
    }
  }
  if (chn.name === undefined) b.warn(0, text.length, 'no `name=`: the guest has no way to find this channel');
  b.sum('name', (chn.name as string | undefined) ?? '(none)');
  b.sum('connection', (chn.connection as string | undefined) ?? '(invalid)');
  b.sum('path', path ?? (chn.connection === 'pty' ? '(pty allocated by the backend)' : '(none)'));
  b.sum('backend', (chn.backend_domname as string | undefined) ?? '0 (default)');
  return b.done(chn);
}

export const channelSpec: SpecLanguage = { syntax: 'channel-spec', parse: parseChannel, fields: channelFields };
