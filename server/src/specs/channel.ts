// CHANNEL_SPEC: the items of `channel = [ ... ]`.
// tools/xl/xl_parse.c: "pair" style, split_string_into_string_list(",") then
// split_string_into_pair("=") with isspace trimming.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, forEachPair, q } from './util';

export const channelFields: SpecFieldDoc[] = [
  { name: 'name', doc: 'Channel name the guest looks for (e.g. `org.qemu.guest_agent.0`).' },
  { name: 'connection', doc: 'How the host side is exposed; lowercase only.', values: ['pty', 'socket'] },
  { name: 'path', doc: 'Host socket path; required with `connection=socket`.' },
  { name: 'backend', doc: 'Domain that provides the channel backend.', default: '0' },
];

export function parseChannel(text: string): SpecParse {
  const b = new Builder('channel-spec', text);
  const R = 'xl refuses this channel: ';
  const got = new Map<string, string>();
  let connection: string | undefined;
  forEachPair(b, text, (t) => `${R}failed to parse ${q(t.text)} (expected \`key=value\` with a non-empty value)`, (key, value) => {
    switch (key.text) {
      case 'backend':
      case 'name':
      case 'path':
        got.set(key.text, value.text);
        break;
      case 'connection':
        if (value.text === 'pty' || value.text === 'socket') connection = value.text;
        else {
          const l = value.text.toLowerCase();
          b.fatal(value.start, value.end, `${R}unknown channel connection ${q(value.text)}` + (l === 'pty' || l === 'socket' ? ` (must be lowercase \`${l}\`, although the manual shows it in capitals)` : ' (use pty or socket)'));
          connection = '!';
        }
        break;
      default:
        b.warn(key.start, key.end, `xl prints 'unknown channel parameter ${key.text.slice(0, 40)}, ignoring' and ignores it` + didYouMeanNote(key.text, ['backend', 'name', 'path', 'connection']));
    }
  });
  if (connection === undefined) b.fatal(0, text.length, `${R}channel has unknown 'connection' (add \`connection=pty\` or \`connection=socket\`)`);
  else if (connection === 'socket' && !got.has('path')) b.fatal(0, text.length, `${R}\`connection=socket\` requires \`path=...\``);
  if (!got.has('name')) b.warn(0, text.length, 'no `name=`: the guest has no way to find this channel');
  b.sum('name', got.get('name') ?? '(none)');
  b.sum('connection', connection && connection !== '!' ? connection : '(invalid)');
  b.sum('path', got.get('path') ?? (connection === 'pty' ? '(pty allocated by the backend)' : '(none)'));
  b.sum('backend', got.get('backend') ?? '0 (default)');
  return b.done();
}

export const channelSpec: SpecLanguage = { syntax: 'channel-spec', parse: parseChannel, fields: channelFields };
