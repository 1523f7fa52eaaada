// P9_SPEC: the items of `p9 = [ ... ]` (9pfs shares).
// tools/xl/xl_parse.c: "pair" style, split_string_into_string_list(",") then
// split_string_into_pair("=") with isspace trimming.
import type { SpecFieldDoc, SpecLanguage, SpecParse } from './types';
import { Builder, didYouMeanNote, forEachPair, numInfo, parseUlong, q } from './util';

const P9_KEYS = ['type', 'tag', 'security_model', 'path', 'backend', 'max-files', 'max-open-files', 'max-space', 'auto-delete'];
export const p9Fields: SpecFieldDoc[] = [
  { name: 'tag', doc: 'Mount tag the guest uses to find the share.' },
  { name: 'security_model', doc: 'Only `none` is supported: files are accessed with the backend\'s credentials.', values: ['none'] },
  { name: 'path', doc: 'Directory on the backend to share.', default: 'log dir for xen_9pfsd' },
  { name: 'backend', doc: 'Domain serving the share.', default: '0' },
  { name: 'type', doc: 'Backend implementation (case-insensitive).', values: ['qemu', 'xen_9pfsd'], default: 'qemu' },
  { name: 'max-files', doc: 'xen_9pfsd: maximum number of files (decimal).' },
  { name: 'max-open-files', doc: 'xen_9pfsd: maximum number of open files (decimal).' },
  { name: 'max-space', doc: 'xen_9pfsd: maximum space in MiB (decimal).' },
  { name: 'auto-delete', doc: 'xen_9pfsd: delete old files when limits are hit.', values: ['0', '1'] },
];

export function parseP9(text: string): SpecParse {
  const b = new Builder('p9-spec', text);
  const R = 'xl refuses this 9pfs share: ';
  const got = new Map<string, string>();
  forEachPair(b, text, (t) => `${R}failed to parse 9pfs configuration ${q(t.text)} (expected \`key=value\` with a non-empty value)`, (key, value) => {
    switch (key.text) {
      case 'tag':
      case 'security_model':
      case 'path':
      case 'backend':
        got.set(key.text, value.text);
        if (key.text === 'security_model' && value.text !== 'none') b.warn(value.start, value.end, `only \`security_model=none\` is supported by the backends`);
        break;
      case 'type': {
        const l = value.text.toLowerCase();
        if (l !== 'qemu' && l !== 'xen_9pfsd') b.fatal(value.start, value.end, `${R}failed to parse 9pfs type ${q(value.text)} (use qemu or xen_9pfsd)`);
        else got.set('type', l);
        break;
      }
      case 'max-files':
      case 'max-open-files':
      case 'max-space': {
        const v = parseUlong(b, key.text, value, 'this 9pfs share');
        if (v !== undefined) got.set(key.text, v.toString());
        break;
      }
      case 'auto-delete':
        // strtoul(value, NULL, 0): never fails
        got.set('auto-delete', String(numInfo(b, value.text, value.start, 0)));
        break;
      default:
        b.fatal(key.start, key.end, `${R}unknown 9pfs parameter ${q(key.text)}` + didYouMeanNote(key.text, P9_KEYS));
    }
  });
  const type = got.get('type') ?? 'qemu';
  for (const k of ['tag', 'security_model', ...(type === 'xen_9pfsd' ? [] : ['path'])]) {
    if (!got.has(k)) b.warn(0, text.length, `no \`${k}=\`: a 9pfs share needs it and libxl will fail to set it up`);
  }
  b.sum('tag', got.get('tag') ?? '(missing)');
  b.sum('security_model', got.get('security_model') ?? '(missing)');
  b.sum('path', got.get('path') ?? (type === 'xen_9pfsd' ? '<XEN_LOG_DIR>/guests/<name> (default)' : '(missing)'));
  b.sum('backend', got.get('backend') ?? '0 (default)');
  b.sum('type', got.has('type') ? type : 'qemu (default)');
  for (const k of ['max-files', 'max-open-files', 'max-space', 'auto-delete']) if (got.has(k)) b.sum(k, got.get(k)!);
  return b.done();
}

export const p9Spec: SpecLanguage = { syntax: 'p9-spec', parse: parseP9, fields: p9Fields };
